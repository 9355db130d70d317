"""The records the sandbox keeps and hands to its clients: users, files, bot messages, answers.

Each record can rebuild its Bot API object in the exact shape the real Bot API returns, so that
python-telegram-bot's ``de_json`` accepts it; the control API and the terminal read the same
records as plain dictionaries (``to_dict``/``from_dict``).
"""

from __future__ import annotations

import mimetypes
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "CallbackAnswer",
    "FileRecord",
    "SandboxUser",
    "SentMessage",
    "guess_mime",
    "image_size",
]


@dataclass(slots=True)
class SandboxUser:
    """A simulated Telegram user; their private chat with the bot has the same id."""

    id: int
    first_name: str = "Pat"
    username: str | None = None
    language_code: str | None = "en"
    last_name: str | None = None

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def chat_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data


@dataclass(slots=True)
class FileRecord:
    """A stored file, addressable by ``file_id`` and downloadable under ``file_path``."""

    file_id: str
    file_unique_id: str
    kind: str  # "photo", "document" or "sticker"
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    def photo_sizes(self) -> list[dict[str, Any]]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": len(self.data),
                "width": self.width,
                "height": self.height,
            }
        ]

    def document_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data

    def file_api(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass(slots=True)
class SentMessage:
    """A message the bot sent, in its current state (edits update it in place).

    ``text``/``caption`` are exactly what the bot sent (markup included); ``plain`` is what the
    user sees after entity parsing.
    """

    message_id: int
    chat_id: int
    date: int
    kind: str = "text"  # "text", "photo" or "document"
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    plain: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    inline_keyboard: list[list[dict[str, Any]]] | None = None
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False
    force_reply: bool = False
    photo: bytes | None = None
    document: bytes | None = None
    file_id: str | None = None
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int | None = None
    reply_to_message_id: int | None = None
    disable_notification: bool = False
    protect_content: bool = False
    edited: int = 0
    edit_date: int | None = None
    deleted: bool = False
    # Everything needed to rebuild the Bot API object exactly as Telegram would return it.
    api_extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def sent_at(self) -> datetime:
        return datetime.fromtimestamp(self.date, tz=UTC)

    @property
    def file_bytes(self) -> bytes | None:
        """The photo or document bytes, if any were kept."""
        return self.photo if self.photo is not None else self.document

    @property
    def keyboard(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard rows as ``(text, callback_data or url)`` pairs."""
        if not self.inline_keyboard:
            return []
        return [
            [(b["text"], b.get("callback_data", b.get("url"))) for b in row]
            for row in self.inline_keyboard
        ]

    @property
    def button_labels(self) -> list[str]:
        return [b["text"] for row in self.inline_keyboard or [] for b in row]

    def to_api(self, bot_user: dict[str, Any], chat: dict[str, Any]) -> dict[str, Any]:
        """The Bot API ``Message`` object for the current state of this message."""
        msg: dict[str, Any] = {
            "message_id": self.message_id,
            "from": bot_user,
            "chat": chat,
            "date": self.date,
        }
        if self.kind == "text":
            msg["text"] = self.plain
            if self.entities:
                msg["entities"] = self.entities
        elif self.caption is not None and self.plain:
            msg["caption"] = self.plain
            if self.entities:
                msg["caption_entities"] = self.entities
        if self.api_extra:
            msg.update(self.api_extra)
        if self.inline_keyboard:
            msg["reply_markup"] = {"inline_keyboard": self.inline_keyboard}
        if self.edit_date is not None:
            msg["edit_date"] = self.edit_date
        if self.protect_content:
            msg["has_protected_content"] = True
        return msg

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe summary for the HTTP control API (file bytes are left out)."""
        return {
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "date": self.date,
            "kind": self.kind,
            "text": self.text,
            "caption": self.caption,
            "parse_mode": self.parse_mode,
            "plain": self.plain,
            "entities": self.entities,
            "inline_keyboard": self.inline_keyboard,
            "reply_keyboard": self.reply_keyboard,
            "remove_keyboard": self.remove_keyboard,
            "force_reply": self.force_reply,
            "file_id": self.file_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": self.file_size,
            "reply_to_message_id": self.reply_to_message_id,
            "disable_notification": self.disable_notification,
            "protect_content": self.protect_content,
            "edited": self.edited,
            "edit_date": self.edit_date,
            "deleted": self.deleted,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SentMessage:
        names = set(cls.__dataclass_fields__) - {"photo", "document", "api_extra"}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """The bot's answerCallbackQuery for one button press."""

    callback_query_id: str
    chat_id: int
    message_id: int | None
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "callback_query_id": self.callback_query_id,
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "data": self.data,
            "text": self.text,
            "show_alert": self.show_alert,
            "url": self.url,
            "cache_time": self.cache_time,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallbackAnswer:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG image; (0, 0) when the format is unknown."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            seg_len = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + seg_len
    return 0, 0


def guess_mime(filename: str | None, declared: str | None) -> str:
    if declared and declared != "application/octet-stream":
        return declared
    if filename:
        guessed = mimetypes.guess_type(filename, strict=False)[0]
        if guessed:
            return guessed
    return declared or "application/octet-stream"
