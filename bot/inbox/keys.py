"""Pure helpers over raw updates: the chat an update must be ordered with, and the update
types the bot asks Telegram for (a webhook or getUpdates with these only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# What the handlers use (messages, edits, button presses). Asking for nothing else keeps
# member and poll updates, which no handler reads, out of the inbox.
ALLOWED_UPDATES: tuple[str, ...] = ("message", "edited_message", "callback_query")


def _int_id(obj: Any) -> int | None:
    if isinstance(obj, Mapping):
        value = obj.get("id")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def chat_key(raw: Mapping[str, Any]) -> int:
    """The chat whose updates must be handled one at a time, in order: the update's chat, or
    (a press on an inline message has none) its sender; 0 if it names neither."""
    for kind, obj in raw.items():
        if kind == "update_id" or not isinstance(obj, Mapping):
            continue
        message = obj.get("message")
        for candidate in (
            obj.get("chat"),
            message.get("chat") if isinstance(message, Mapping) else None,
            obj.get("from"),
            obj.get("user"),
        ):
            found = _int_id(candidate)
            if found is not None:
                return found
    return 0


def update_id(raw: Any) -> int | None:
    """The update's id, if the object is an update at all."""
    if isinstance(raw, Mapping):
        value = raw.get("update_id")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None
