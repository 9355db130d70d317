"""Validation of the ``reply_markup`` parameter: inline keyboards, reply keyboards and the rest.

Telegram refuses a malformed keyboard with a specific description (``BUTTON_DATA_INVALID``,
``BUTTONS_TOO_MUCH`` ...); the sandbox refuses the same keyboards with the same words, so a bot
that passes here will not be refused in front of a user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox.params import bad_request

__all__ = ["Markup", "parse_reply_markup"]

# Fields of InlineKeyboardButton of which exactly one must be present.
INLINE_ACTION_FIELDS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100


@dataclass(slots=True)
class Markup:
    """A decoded ``reply_markup`` parameter."""

    inline_keyboard: list[list[dict[str, Any]]] | None = None
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False
    force_reply: bool = False


def _inline_keyboard(value: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    total = 0
    rows: list[list[dict[str, Any]]] = []
    for row in value:
        checked: list[dict[str, Any]] = []
        for button in row:
            if not isinstance(button, dict):
                raise bad_request(
                    "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
                )
            text = button.get("text")
            if not isinstance(text, str):
                raise bad_request(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            if not text.strip():
                raise bad_request("can't parse inline keyboard button: text must be non-empty")
            actions = [name for name in INLINE_ACTION_FIELDS if name in button]
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            if len(actions) > 1:
                raise bad_request(
                    "can't parse inline keyboard button: exactly one of the optional fields "
                    f"must be used, got {', '.join(actions)}"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not (
                    1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button:
                url = button["url"]
                if not isinstance(url, str) or not _valid_url(url):
                    raise bad_request("BUTTON_URL_INVALID")
            checked.append(button)
        total += len(checked)
        if checked:
            rows.append(checked)
    if total > MAX_INLINE_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")
    return rows


def _valid_url(url: str) -> bool:
    if not url or any(c.isspace() for c in url):
        return False
    scheme, sep, rest = url.partition("://")
    if sep:
        return scheme.lower() in {"http", "https", "tg"} and bool(rest)
    # Telegram accepts bare host names ("t.me/bot") and adds https:// itself.
    host = url.split("/", 1)[0]
    return "." in host and not host.startswith(".")


def _reply_keyboard(value: Any) -> list[list[str]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise bad_request(
            'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
        )
    rows: list[list[str]] = []
    for row in value:
        labels: list[str] = []
        for button in row:
            if isinstance(button, str):
                labels.append(button)
            elif isinstance(button, dict) and isinstance(button.get("text"), str):
                labels.append(button["text"])
            else:
                raise bad_request(
                    "can't parse keyboard button: KeyboardButton must be a String or an Object"
                )
        if labels:
            rows.append(labels)
    return rows


def parse_reply_markup(value: Any, *, inline_only: bool = False) -> Markup | None:
    """Validate a decoded ``reply_markup``; ``None`` when absent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_request("object expected as reply markup")
    if "inline_keyboard" in value:
        return Markup(inline_keyboard=_inline_keyboard(value["inline_keyboard"]))
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in value:
        return Markup(reply_keyboard=_reply_keyboard(value["keyboard"]))
    if value.get("remove_keyboard") is True:
        return Markup(remove_keyboard=True)
    if value.get("force_reply") is True:
        return Markup(force_reply=True)
    # Telegram ignores objects it does not recognise (PTB sends {} for an empty keyboard).
    return None
