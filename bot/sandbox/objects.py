"""Records and Bot API object shapes shared by the sandbox server and its clients.

Everything here produces or checks JSON in the exact shape of the real Bot API, so that
python-telegram-bot's ``de_json`` accepts it, and raises :class:`ApiError` with Telegram's own
description strings where a request would be refused.
"""

from __future__ import annotations

import json
import mimetypes
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "ApiError",
    "CallbackAnswer",
    "FileRecord",
    "Markup",
    "Params",
    "SandboxUser",
    "SentMessage",
    "Upload",
    "image_size",
    "parse_reply_markup",
]

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


class ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


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
class Upload:
    """A file part received in a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


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
class Markup:
    """A decoded ``reply_markup`` parameter."""

    inline_keyboard: list[list[dict[str, Any]]] | None = None
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False
    force_reply: bool = False


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


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


class Params:
    """Request parameters from a JSON body, a form or a multipart body.

    Form and multipart bodies carry every value as a string (python-telegram-bot JSON-encodes
    nested objects and numbers), so each accessor converts according to the field's type.
    """

    __slots__ = ("_data", "_files")

    def __init__(self, data: Mapping[str, Any], files: Mapping[str, Upload] | None = None) -> None:
        self._data = data
        self._files: Mapping[str, Upload] = files or {}

    def __contains__(self, name: str) -> bool:
        return name in self._data or name in self._files

    def raw(self, name: str) -> Any:
        return self._data.get(name)

    def str_(self, name: str) -> str | None:
        value = self._data.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        raise bad_request(f'field "{name}" must be of type String')

    def int_(self, name: str) -> int | None:
        value = self._data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Integer')
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise bad_request(f'field "{name}" must be of type Integer')

    def float_(self, name: str) -> float | None:
        value = self._data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Number')
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        raise bad_request(f'field "{name}" must be of type Number')

    def bool_(self, name: str) -> bool:
        value = self._data.get(name)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
        raise bad_request(f'field "{name}" must be of type Boolean')

    def json_(self, name: str, error: str | None = None) -> Any:
        value = self._data.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(error or f"can't parse {name} JSON object") from None
        return value

    def file(self, name: str) -> Upload | str | None:
        upload = self._files.get(name)
        if upload is not None:
            return upload
        value = self._data.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            attached = self._files.get(value[len("attach://") :])
            if attached is None:
                raise bad_request(f"file {value} not found in the request")
            return attached
        if value is None or isinstance(value, str):
            return value
        raise bad_request(f'field "{name}" must be of type String or InputFile')


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
