"""Field checks shared by the content models: placeholders, Telegram HTML, plain labels.

Texts are `str.format` templates whose values are filled in HTML-escaped (`Texts.get`), so a
template must be valid Telegram HTML whatever the values are. Each placeholder is replaced
by a harmless value and the result parsed with `bot.content.html.parse_html`, the same
parser the sandbox Bot API uses to refuse bad HTML exactly as Telegram does. The checks
raise `PydanticCustomError`, so pydantic reports them with the key path of the field.
"""

from __future__ import annotations

import re
import string
from typing import Annotated

from pydantic import AfterValidator, StrictStr
from pydantic_core import PydanticCustomError

from bot.content.html import EntityParseError, parse_html, utf16_len

__all__ = [
    "FixedHtml",
    "HtmlTemplate",
    "PlainLabel",
    "check_fixed_html",
    "check_plain",
    "check_template",
    "placeholders",
]

# Values reach a template as keyword arguments, so a placeholder is a snake_case name: no
# positional `{}` or `{0}`, no `{a.b}` or `{a[0]}` (a value's attributes are not content).
_NAME = re.compile(r"[a-z][a-z0-9_]*")
# A digit is harmless in text, in an attribute and as a custom emoji id.
_FILLER = "1"
_MARKUP = re.compile(r"[<>&]")
# Telegram refuses a longer message; a text alone must leave room for its values.
_MAX_CHARS = 4096


def placeholders(template: str) -> tuple[str, ...]:
    """The placeholder names of `template`, in order; refuses any that is not `{snake_case}`."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        # Lone braces: "Single '}' encountered in format string" and the like.
        raise PydanticCustomError(
            "placeholder",
            "bad placeholder ({reason}); a literal brace is written twice",
            {"reason": str(exc)},
        ) from None
    names: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not _NAME.fullmatch(name):
            raise PydanticCustomError(
                "placeholder",
                "placeholder '{name}' must be a snake_case name such as 'zone'",
                {"name": f"{{{name}}}"},
            )
        if spec or conversion:
            # Values are escaped to strings before formatting, so a spec such as ':+d'
            # would fail in front of a user; the code formats numbers itself.
            raise PydanticCustomError(
                "placeholder",
                "placeholder '{name}' must not carry a conversion or format spec",
                {"name": f"{{{name}}}"},
            )
        names.append(name)
    return tuple(names)


def _filled(template: str) -> str:
    return template.format_map(dict.fromkeys(placeholders(template), _FILLER))


def _require_text(value: str) -> None:
    if not value.strip():
        raise PydanticCustomError("empty", "must not be empty")


def _parse(source: str) -> None:
    try:
        parsed = parse_html(source)
    except EntityParseError as exc:
        raise PydanticCustomError(
            "html", "Telegram would refuse this HTML: {reason}", {"reason": exc.reason}
        ) from None
    if parsed.utf16_length > _MAX_CHARS:
        raise PydanticCustomError(
            "length", "longer than Telegram's {limit} characters", {"limit": _MAX_CHARS}
        )


def check_template(value: str) -> str:
    """A text template: not empty, placeholders well formed, valid HTML once filled in."""
    _require_text(value)
    _parse(_filled(value))
    return value


def check_fixed_html(value: str) -> str:
    """HTML sent as it is, never formatted: not empty, valid, and no `{placeholder}` in it."""
    _require_text(value)
    if "{" in value or "}" in value:
        # Nothing fills these in, so a brace here is a placeholder that would reach a user.
        raise PydanticCustomError("placeholder", "no placeholders here: nothing fills them in")
    _parse(value)
    return value


def check_plain(value: str) -> str:
    """A label shown as plain text (a button, a picture, an escaped value): no markup at all.

    `<b>` or `&amp;` would be shown literally there, so `<`, `>` and `&` are refused.
    """
    _require_text(value)
    found = _MARKUP.search(value)
    if found is not None:
        raise PydanticCustomError(
            "plain", "plain text only: '{char}' would be shown as it is", {"char": found.group()}
        )
    if utf16_len(value) > _MAX_CHARS:
        raise PydanticCustomError(
            "length", "longer than Telegram's {limit} characters", {"limit": _MAX_CHARS}
        )
    return value


HtmlTemplate = Annotated[StrictStr, AfterValidator(check_template)]
FixedHtml = Annotated[StrictStr, AfterValidator(check_fixed_html)]
PlainLabel = Annotated[StrictStr, AfterValidator(check_plain)]
