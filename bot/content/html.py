"""Telegram's HTML parse mode, reimplemented strictly for the sandbox Bot API.

The parser mirrors the rules of Telegram's server (tdlib's ``parse_html``): only the documented
tags, proper nesting, and the error strings Telegram sends back as
``Bad Request: can't parse entities: ...``.  It is deliberately *stricter* than Telegram about
bare ``&`` and ``>`` (Telegram tolerates some of them, its documentation forbids them), so a
bot that passes here is safe on the real server.

Offsets and lengths of the produced entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EntityParseError",
    "ParsedText",
    "parse_html",
    "plain_from_html",
    "trim_parsed",
    "utf16_len",
]

_SPECIAL = re.compile(r"[<>&]")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_UNQUOTED_VALUE = re.compile(r"[A-Za-z0-9.\-]+")
_TAG_LOOSE = re.compile(r"<[^>]*>")

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; ``reason`` is what follows "can't parse entities: "."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ParsedText:
    """What a user sees (``text``) plus the Bot API ``MessageEntity`` objects describing it."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    utf16_length: int = 0


@dataclass(slots=True)
class _OpenTag:
    name: str
    start16: int
    attrs: dict[str, str]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts limits and offsets in."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    # Telegram reports positions as byte offsets into the UTF-8 encoded text.
    return len(source[:index].encode("utf-8"))


def _decode_entity(match: re.Match[str]) -> str | None:
    named, dec, hexa = match.groups()
    if named is not None:
        return _NAMED[named]
    code = int(dec) if dec is not None else int(hexa, 16)
    if code <= 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _decode_attribute(raw: str) -> str:
    # Attribute values are decoded leniently, like Telegram does for href values.
    if "&" not in raw:
        return raw
    return _ENTITY.sub(lambda m: _decode_entity(m) or m.group(0), raw)


def parse_html(source: str) -> ParsedText:
    """Parse ``source`` as Telegram HTML; raise :class:`EntityParseError` if Telegram would."""
    if "<" not in source and "&" not in source and ">" not in source:
        return ParsedText(source, [], utf16_len(source))

    out: list[str] = []
    pos16 = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    n = len(source)
    i = 0

    def err(reason: str) -> EntityParseError:
        return EntityParseError(reason)

    while True:
        m = _SPECIAL.search(source, i)
        if m is None:
            chunk = source[i:]
            out.append(chunk)
            pos16 += utf16_len(chunk)
            break
        j = m.start()
        if j > i:
            chunk = source[i:j]
            out.append(chunk)
            pos16 += utf16_len(chunk)
        ch = source[j]

        if ch == "&":
            em = _ENTITY.match(source, j)
            decoded = _decode_entity(em) if em is not None else None
            if em is None or decoded is None:
                probe = re.match(r"&[#A-Za-z0-9]{1,10};", source[j:])
                if probe is not None:
                    raise err(
                        f'Unsupported HTML entity "{probe.group(0)}" at byte offset '
                        f"{_byte_offset(source, j)}"
                    )
                raise err(
                    f'Character "&" at byte offset {_byte_offset(source, j)} must be escaped '
                    'as "&amp;"'
                )
            out.append(decoded)
            pos16 += utf16_len(decoded)
            i = em.end()
            continue

        if ch == ">":
            raise err(
                f'Character ">" at byte offset {_byte_offset(source, j)} must be escaped as "&gt;"'
            )

        # ch == "<"
        k = j + 1
        if k >= n:
            raise err(f"Unclosed start tag at byte offset {_byte_offset(source, j)}")

        if source[k] == "/":
            k += 1
            name_start = k
            while k < n and not source[k].isspace() and source[k] != ">":
                k += 1
            end_name = source[name_start:k].lower()
            while k < n and source[k].isspace():
                k += 1
            if k >= n or source[k] != ">":
                raise err(f"Unclosed end tag at byte offset {_byte_offset(source, j)}")
            if not stack:
                raise err(f"Unexpected end tag at byte offset {_byte_offset(source, j)}")
            top = stack.pop()
            if top.name != end_name:
                raise err(
                    f"Unmatched end tag at byte offset {_byte_offset(source, j)}, "
                    f'expected "</{top.name}>", found "</{end_name}>"'
                )
            _close(top, pos16, entities)
            i = k + 1
            continue

        name_start = k
        while k < n and not source[k].isspace() and source[k] != ">":
            k += 1
        tag = source[name_start:k].lower()
        if k >= n:
            raise err(f"Unclosed start tag at byte offset {_byte_offset(source, j)}")
        if tag not in _ENTITY_TYPES:
            raise err(f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, j)}')

        attrs: dict[str, str] = {}
        while True:
            while k < n and source[k].isspace():
                k += 1
            if k >= n:
                raise err(f'Unclosed start tag "{tag}" at byte offset {_byte_offset(source, j)}')
            if source[k] == ">":
                k += 1
                break
            attr_start = k
            while k < n and not source[k].isspace() and source[k] not in "=>":
                k += 1
            attr = source[attr_start:k].lower()
            if not attr:
                raise err(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{_byte_offset(source, j)}"
                )
            while k < n and source[k].isspace():
                k += 1
            if k >= n:
                raise err(f'Unclosed start tag "{tag}" at byte offset {_byte_offset(source, j)}')
            if source[k] != "=":
                if tag == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    continue
                raise err(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {_byte_offset(source, j)}'
                )
            k += 1
            while k < n and source[k].isspace():
                k += 1
            if k >= n:
                raise err(f'Unclosed start tag "{tag}" at byte offset {_byte_offset(source, j)}')
            quote = source[k]
            if quote in "\"'":
                close = source.find(quote, k + 1)
                if close < 0:
                    raise err(f"Unclosed start tag at byte offset {_byte_offset(source, j)}")
                value = _decode_attribute(source[k + 1 : close])
                k = close + 1
            else:
                vm = _UNQUOTED_VALUE.match(source, k)
                if vm is None:
                    raise err(
                        f'Expected quote in declaration of an attribute of the tag "{tag}" '
                        f"at byte offset {_byte_offset(source, j)}"
                    )
                value = vm.group(0)
                k = vm.end()
            attrs[attr] = value

        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise err('Tag "span" must have class "tg-spoiler"')
        if tag == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise err("Custom emoji entity must contain a valid custom emoji identifier")
        stack.append(_OpenTag(tag, pos16, attrs))
        i = k

    if stack:
        raise err(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    for e in entities:
        e.pop("_language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities, pos16)


def _close(tag: _OpenTag, pos16: int, entities: list[dict[str, Any]]) -> None:
    length = pos16 - tag.start16
    if length <= 0:
        # Telegram silently drops empty entities.
        return
    etype = _ENTITY_TYPES[tag.name]
    entity: dict[str, Any] = {"type": etype, "offset": tag.start16, "length": length}
    if etype == "text_link":
        href = tag.attrs.get("href", "")
        if not href:
            return
        entity["url"] = href
    elif etype == "custom_emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    elif etype == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif etype == "code":
        language = tag.attrs.get("class", "")
        if language.startswith("language-") and len(language) > 9:
            # Kept privately until the enclosing <pre> closes and absorbs it.
            entity["_language"] = language[9:]
    elif etype == "pre" and entities:
        last = entities[-1]
        if (
            last["type"] == "code"
            and last["offset"] == tag.start16
            and last["length"] == length
            and "_language" in last
        ):
            entities.pop()
            entity["language"] = last["_language"]
    entities.append(entity)


def trim_parsed(parsed: ParsedText) -> ParsedText:
    """Strip leading/trailing whitespace as Telegram does, moving entities accordingly."""
    text = parsed.text
    stripped = text.strip()
    if len(stripped) == len(text):
        return parsed
    if not stripped:
        return ParsedText("", [], 0)
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = parsed.utf16_length
    end_limit = total - utf16_len(text[len(text.rstrip()) :])
    entities: list[dict[str, Any]] = []
    for e in parsed.entities:
        start = max(e["offset"], lead)
        end = min(e["offset"] + e["length"], end_limit)
        if end <= start:
            continue
        moved = dict(e)
        moved["offset"] = start - lead
        moved["length"] = end - start
        entities.append(moved)
    return ParsedText(stripped, entities, end_limit - lead)


def plain_from_html(source: str) -> str:
    """What a user sees for ``source``; tolerant of invalid markup (falls back to a rough strip)."""
    try:
        return trim_parsed(parse_html(source)).text
    except EntityParseError:
        return html.unescape(_TAG_LOOSE.sub("", source)).strip()
