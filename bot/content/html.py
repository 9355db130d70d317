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
    return _Parser(source).parse()


class _Parser:
    """One pass over the source: plain text is copied out, ``&...;`` decoded, tags matched.

    Indexes are into ``source``; ``pos16`` is the UTF-16 length of the text produced so far,
    which is where an entity opened now would start.  Every error names the byte offset of the
    ``<`` or ``&`` it is about (``j`` in the methods), as Telegram does.
    """

    __slots__ = ("entities", "n", "out", "pos16", "source", "stack")

    def __init__(self, source: str) -> None:
        self.source = source
        self.n = len(source)
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def parse(self) -> ParsedText:
        source = self.source
        i = 0
        while True:
            m = _SPECIAL.search(source, i)
            if m is None:
                self._emit(source[i:])
                break
            j = m.start()
            if j > i:
                self._emit(source[i:j])
            ch = source[j]
            if ch == "&":
                i = self._entity(j)
            elif ch == ">":
                raise EntityParseError(
                    f'Character ">" at byte offset {self._at(j)} must be escaped as "&gt;"'
                )
            else:
                i = self._tag(j)
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        for e in self.entities:
            e.pop("_language", None)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), self.entities, self.pos16)

    # -- text and character references ---------------------------------------------------------

    def _at(self, j: int) -> int:
        return _byte_offset(self.source, j)

    def _emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.pos16 += utf16_len(chunk)

    def _entity(self, j: int) -> int:
        """Decode the character reference at ``j``; return the index just after it."""
        source = self.source
        em = _ENTITY.match(source, j)
        decoded = _decode_entity(em) if em is not None else None
        if em is None or decoded is None:
            probe = re.match(r"&[#A-Za-z0-9]{1,10};", source[j:])
            if probe is not None:
                raise EntityParseError(
                    f'Unsupported HTML entity "{probe.group(0)}" at byte offset {self._at(j)}'
                )
            raise EntityParseError(
                f'Character "&" at byte offset {self._at(j)} must be escaped as "&amp;"'
            )
        self._emit(decoded)
        return em.end()

    # -- tags --------------------------------------------------------------------------------

    def _skip_space(self, k: int) -> int:
        while k < self.n and self.source[k].isspace():
            k += 1
        return k

    def _word_end(self, k: int, stops: str) -> int:
        """Index of the first space, end of source or character of ``stops`` from ``k`` on."""
        source, n = self.source, self.n
        while k < n and not source[k].isspace() and source[k] not in stops:
            k += 1
        return k

    def _tag(self, j: int) -> int:
        """Handle the tag whose ``<`` is at ``j``; return the index just after its ``>``."""
        k = j + 1
        if k >= self.n:
            raise EntityParseError(f"Unclosed start tag at byte offset {self._at(j)}")
        if self.source[k] == "/":
            return self._end_tag(j, k + 1)
        return self._start_tag(j, k)

    def _end_tag(self, j: int, name_start: int) -> int:
        source = self.source
        k = self._word_end(name_start, ">")
        end_name = source[name_start:k].lower()
        k = self._skip_space(k)
        if k >= self.n or source[k] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {self._at(j)}")
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self._at(j)}")
        top = self.stack.pop()
        if top.name != end_name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._at(j)}, "
                f'expected "</{top.name}>", found "</{end_name}>"'
            )
        _close(top, self.pos16, self.entities)
        return k + 1

    def _start_tag(self, j: int, name_start: int) -> int:
        k = self._word_end(name_start, ">")
        tag = self.source[name_start:k].lower()
        if k >= self.n:
            raise EntityParseError(f"Unclosed start tag at byte offset {self._at(j)}")
        if tag not in _ENTITY_TYPES:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {self._at(j)}')
        attrs, k = self._attributes(j, tag, k)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError('Tag "span" must have class "tg-spoiler"')
        if tag == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise EntityParseError(
                "Custom emoji entity must contain a valid custom emoji identifier"
            )
        self.stack.append(_OpenTag(tag, self.pos16, attrs))
        return k

    # -- attributes ------------------------------------------------------------------------------

    def _unclosed(self, j: int, tag: str) -> EntityParseError:
        return EntityParseError(f'Unclosed start tag "{tag}" at byte offset {self._at(j)}')

    def _attributes(self, j: int, tag: str, k: int) -> tuple[dict[str, str], int]:
        """Read ``name=value`` pairs from ``k`` to the tag's ``>``; return them and the index
        just after the ``>``."""
        source = self.source
        attrs: dict[str, str] = {}
        while True:
            k = self._skip_space(k)
            if k >= self.n:
                raise self._unclosed(j, tag)
            if source[k] == ">":
                return attrs, k + 1
            attr_start = k
            k = self._word_end(k, "=>")
            attr = source[attr_start:k].lower()
            if not attr:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self._at(j)}'
                )
            k = self._skip_space(k)
            if k >= self.n:
                raise self._unclosed(j, tag)
            if source[k] != "=":
                # The one attribute Telegram accepts bare.
                if tag == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    continue
                raise EntityParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {self._at(j)}'
                )
            attrs[attr], k = self._attribute_value(j, tag, self._skip_space(k + 1))

    def _attribute_value(self, j: int, tag: str, k: int) -> tuple[str, int]:
        """Read the value starting at ``k`` (quoted or a bare word); return it and the index
        just after it."""
        source = self.source
        if k >= self.n:
            raise self._unclosed(j, tag)
        quote = source[k]
        if quote in "\"'":
            close = source.find(quote, k + 1)
            if close < 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {self._at(j)}")
            return _decode_attribute(source[k + 1 : close]), close + 1
        vm = _UNQUOTED_VALUE.match(source, k)
        if vm is None:
            raise EntityParseError(
                f'Expected quote in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {self._at(j)}"
            )
        return vm.group(0), vm.end()


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
