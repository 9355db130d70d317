"""What a simulated user does: send texts, commands, stickers, photos, open links, press buttons.

Each action builds the update Telegram would deliver and queues it for the bot's getUpdates;
blocking the bot is a fault and lives in :mod:`bot.sandbox.faults`.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.content.html import (
    utf16_len,
)
from bot.sandbox.objects import (
    SentMessage,
)
from bot.sandbox.state import SandboxState

_DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")


# A 1x1 PNG, used when a simulated user sends a photo without choosing bytes.
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


class ActionsMixin(SandboxState):
    """The client side: the users' messages and button presses, queued as updates."""

    def _user_message(self, user_id: int, content: dict[str, Any]) -> int:
        chat = self._open_chat(user_id)
        mid = chat.take_message_id()
        msg: dict[str, Any] = {
            "message_id": mid,
            "from": chat.user.to_api(),
            "chat": chat.chat_json,
            "date": int(time.time()),
        }
        msg.update(content)
        self._keep(chat, mid, msg)
        return self._queue_update("message", msg)

    def send_raw_update(self, update: dict[str, Any]) -> int:
        """Queue ``update`` as given, valid or not, under the next update_id (which replaces
        any in it): for updates a client library may fail to parse. Returns the update_id."""
        kinds = [key for key in update if key != "update_id"]
        if len(kinds) != 1:
            raise ValueError("an update has exactly one field besides update_id")
        return self._queue_update(kinds[0], update[kinds[0]])

    def send_text(self, user_id: int, text: str) -> int:
        """The user sends ``text`` (any length); commands get their ``bot_command`` entity."""
        if not text:
            raise ValueError("a Telegram message cannot be empty")
        content: dict[str, Any] = {"text": text}
        match = _COMMAND.match(text)
        if match is not None:
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}
            ]
        return self._user_message(user_id, content)

    def open_deep_link(self, user_id: int, payload: str) -> int:
        """Open ``t.me/<bot>?start=payload``: valid payloads give "/start PAYLOAD"."""
        if _DEEP_LINK_PAYLOAD.fullmatch(payload):
            return self.send_text(user_id, f"/start {payload}")
        return self.send_text(user_id, "/start")

    def open_link(self, user_id: int, url: str) -> int:
        """Open a ``https://t.me/<bot_username>?start=...`` link to this bot."""
        parts = urlsplit(url)
        host = parts.netloc.lower()
        if parts.scheme not in ("http", "https", "") or host not in (
            "t.me",
            "telegram.me",
            "www.t.me",
            "telegram.dog",
        ):
            raise ValueError(f"not a Telegram bot link: {url!r}")
        username = parts.path.strip("/").split("/", 1)[0]
        if username.lower() != self.bot_username.lower():
            raise ValueError(f"link {url!r} is for @{username}, not @{self.bot_username}")
        start = parse_qs(parts.query, keep_blank_values=True).get("start")
        if not start:
            return self.send_text(user_id, "/start")
        return self.open_deep_link(user_id, start[0])

    def send_sticker(self, user_id: int, emoji: str = "👍") -> int:
        record = self._new_file("sticker", b"RIFF\x00\x00\x00\x00WEBP", None, "image/webp")
        record.width = record.height = 512
        sticker = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(record.data),
        }
        return self._user_message(user_id, {"sticker": sticker})

    def send_photo_from_user(
        self, user_id: int, data: bytes | None = None, caption: str | None = None
    ) -> int:
        """The user sends a photo (a 1x1 PNG unless ``data`` is given); the bot can getFile it."""
        record = self._new_file("photo", data or _TINY_PNG, None, "image/jpeg")
        content: dict[str, Any] = {"photo": record.photo_sizes()}
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, content)

    def send_location(self, user_id: int, latitude: float, longitude: float) -> int:
        return self._user_message(
            user_id, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    def press(
        self, user_id: int, message_id: int, callback_data: str, *, chat_id: int | None = None
    ) -> int:
        """The user presses a button with ``callback_data`` on a message.

        Nothing is checked against the keyboard, so tests can forge presses; ``chat_id`` makes
        the press come from a message of another chat.
        """
        user_chat = self._open_chat(user_id)
        where = self._chats.get(chat_id if chat_id is not None else user_id)
        target = where.store.get(message_id) if where is not None else None
        chat_json = where.chat_json if where is not None else self._stranger_chat(chat_id)
        if isinstance(target, SentMessage) and not target.deleted:
            message = target.to_api(self._bot_json, chat_json)
        elif isinstance(target, dict):
            message = target
        else:
            # What Telegram sends for messages the bot can no longer see.
            message = {"chat": chat_json, "message_id": message_id, "date": 0}
        qid = str(5_000_000_000_000 + self._next_query)
        self._next_query += 1
        self._queries[qid] = (user_id, int(chat_json["id"]), message_id, callback_data)
        query = {
            "id": qid,
            "from": user_chat.user.to_api(),
            "message": message,
            "chat_instance": where.chat_instance if where is not None else user_chat.chat_instance,
            "data": callback_data,
        }
        return self._queue_update("callback_query", query)

    def _stranger_chat(self, chat_id: int | None) -> dict[str, Any]:
        cid = chat_id if chat_id is not None else 0
        known = self._users.get(cid)
        if known is not None:
            return known.chat_api()
        return {"id": cid, "type": "private", "first_name": "Unknown"}

    def press_button(self, user_id: int, label: str, message_id: int | None = None) -> int:
        """Press the button labelled ``label`` (exact match, else substring) on the latest bot
        message with an inline keyboard in the user's chat, or on ``message_id``."""
        chat = self._chats.get(user_id)
        if chat is None:
            raise LookupError(f"user {user_id} has no chat with the bot yet")
        msg: SentMessage | None = None
        if message_id is not None:
            found = chat.store.get(message_id)
            if not isinstance(found, SentMessage):
                raise LookupError(f"no bot message {message_id} in chat {user_id}")
            msg = found
        else:
            for item in reversed(chat.store.values()):
                if isinstance(item, SentMessage) and item.inline_keyboard and not item.deleted:
                    msg = item
                    break
            if msg is None:
                raise LookupError(f"no bot message with an inline keyboard in chat {user_id}")
        buttons = [b for row in msg.inline_keyboard or [] for b in row]
        labels = [b["text"] for b in buttons]
        matches = [b for b in buttons if b["text"] == label]
        if not matches:
            folded = label.casefold()
            matches = [b for b in buttons if folded in b["text"].casefold()]
            if len(matches) > 1:
                raise LookupError(
                    f"label {label!r} is ambiguous on message {msg.message_id}: "
                    f"{[b['text'] for b in matches]}"
                )
        if not matches:
            raise LookupError(
                f"no button {label!r} on message {msg.message_id} in chat {user_id}; "
                f"available: {labels}"
            )
        button = matches[0]
        data = button.get("callback_data")
        if not isinstance(data, str):
            kinds = [k for k in button if k != "text"]
            raise LookupError(f"button {button['text']!r} is not a callback button ({kinds})")
        return self.press(user_id, msg.message_id, data)
