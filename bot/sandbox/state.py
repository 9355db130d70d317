"""The sandbox server's state, in one place, and the primitives every part of it builds on.

:class:`SandboxState` holds everything the fake Bot API remembers (users, chats, queued
updates, files, faults, counters, waiters) and the few operations the Bot API methods and the
simulated users share: opening a chat, queuing an update, keeping and recording a message,
storing a file, waking whoever waits for a change.  The other modules of the package are mixins
over it, each for one part of the Bot API or of the client side; :mod:`bot.sandbox.server`
composes them into :class:`~bot.sandbox.server.SandboxBotApi`.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web

from bot.sandbox.objects import (
    CallbackAnswer,
    FileRecord,
    SandboxUser,
    SentMessage,
    image_size,
)
from bot.sandbox.params import ApiError, Params, bad_request

if TYPE_CHECKING:
    from bot.sandbox.faults import Fault


MessageEvent = Literal["new", "edited", "deleted"]
MessageListener = Callable[[int, SentMessage, MessageEvent], None]
AnswerListener = Callable[[int, CallbackAnswer], None]
BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass(slots=True)
class QueuedUpdate:
    """An update waiting for the bot's getUpdates, with its kind kept for allowed_updates."""

    update_id: int
    kind: str
    payload: dict[str, Any]


class Poll:
    """One waiting getUpdates request; woken by new updates, a newer poll, or shutdown."""

    __slots__ = ("conflict", "wake")

    def __init__(self) -> None:
        self.wake = asyncio.Event()
        self.conflict = False


class Chat:
    """A private chat between the bot and one user (chat id == user id)."""

    __slots__ = (
        "answers",
        "chat_instance",
        "chat_json",
        "force_reply",
        "history",
        "id",
        "last_action",
        "next_message_id",
        "reply_keyboard",
        "store",
        "user",
    )

    def __init__(self, user: SandboxUser) -> None:
        self.id = user.id
        self.user = user
        self.chat_json = user.chat_api()
        self.next_message_id = 1
        # Bot messages in order; only filled when history is recorded.
        self.history: list[SentMessage] = []
        # message_id -> bot message or user message JSON; bounded when history is off.
        self.store: dict[int, SentMessage | dict[str, Any]] = {}
        self.answers: list[CallbackAnswer] = []
        self.reply_keyboard: list[list[str]] | None = None
        self.force_reply = False
        self.last_action: str | None = None
        self.chat_instance = str((user.id * 2654435761 + 97) % 10**19)

    def take_message_id(self) -> int:
        mid = self.next_message_id
        self.next_message_id += 1
        return mid


# One logger for the whole server, under the name it had before the server was split.
log = logging.getLogger("bot.sandbox.server")


class SandboxState:
    """Configuration and state of one sandbox Bot API server (see ``SandboxBotApi``)."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "toebot_sandbox_bot",
        bot_first_name: str = "Toebot Sandbox",
        record_history: bool = True,
        history_window: int = 32,
        control_api: bool = True,
    ) -> None:
        bot_id, sep, secret = token.partition(":")
        if not sep or not bot_id.isdigit() or not secret:
            # The token itself is deliberately kept out of the message.
            raise ValueError("token must look like '<digits>:<secret>'")
        self._token_bytes = token.encode()
        self.bot_id = int(bot_id)
        self.bot_username = bot_username
        self.record_history = record_history
        self._window = max(1, history_window)
        self._control_enabled = control_api
        self._bot_json: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }

        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port = 0
        self._closing = False

        self._methods: dict[str, tuple[str, Callable[[Params], Any], bool]] = {}
        self._register_methods()
        self._listeners: list[MessageListener] = []
        self._answer_listeners: list[AnswerListener] = []
        self._change: asyncio.Event | None = None
        self._in_flight = 0
        self._waiting = 0
        self._last_activity = time.monotonic()
        self._control: Any = None
        self._reset_state()

    def _reset_state(self) -> None:
        self._users: dict[int, SandboxUser] = {}
        self._chats: dict[int, Chat] = {}
        self._blocked: set[int] = set()
        self._updates: deque[QueuedUpdate] = deque()
        self._next_update_id = 1000
        self._confirmed_offset = 0
        self._poll: Poll | None = None
        self._allowed_updates: frozenset[str] | None = None
        self._queries: dict[str, tuple[int, int, int, str | None]] = {}
        self._next_query = 1
        self._files: dict[str, FileRecord] = {}
        self._files_by_path: dict[str, FileRecord] = {}
        self._next_file = 1
        self._faults: list[Fault] = []
        self._webhook_url = ""
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._texts: dict[tuple[str, str], str] = {}
        # setChatMenuButton per chat (0: the bot's default button).
        self._menu_buttons: dict[int, dict[str, Any]] = {}
        self._recent: deque[tuple[int, int, str]] = deque(maxlen=5)
        self._requests: Counter[str] = Counter()
        self._errors: Counter[str] = Counter()
        self._send_ok: Counter[int] = Counter()
        self._messages_sent = 0
        self._faults_served = 0
        self._faults_by_kind: Counter[str] = Counter()
        self._updates_queued = 0

    def _register_methods(self) -> None:
        """Fill ``self._methods``; the composed class does it, being the one that has them all."""
        raise NotImplementedError

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
    ) -> SandboxUser:
        """Register or return a user; given fields update an existing user (first name "Pat")."""
        if user_id <= 0:
            raise ValueError("user ids are positive integers")
        existing = self._users.get(user_id)
        if existing is None:
            existing = SandboxUser(
                id=user_id,
                first_name=first_name or "Pat",
                username=username,
                language_code=language_code or "en",
                last_name=last_name,
            )
            self._users[user_id] = existing
            return existing
        if first_name is not None:
            existing.first_name = first_name
        if username is not None:
            existing.username = username
        if language_code is not None:
            existing.language_code = language_code
        if last_name is not None:
            existing.last_name = last_name
        chat = self._chats.get(user_id)
        if chat is not None:
            chat.chat_json = existing.chat_api()
        return existing

    def open_chat(self, user_id: int) -> None:
        """Make the user's chat exist without queuing an update (bulk set-up for benchmarks)."""
        self._open_chat(user_id)

    def chat_message_ids(self) -> dict[int, int]:
        """The next message id of every open chat (what the terminal keeps between runs)."""
        return {chat_id: chat.next_message_id for chat_id, chat in self._chats.items()}

    def resume_chat(self, user_id: int, next_message_id: int) -> None:
        """Reopen a chat of an earlier run: the bot may message it, and message ids go on
        from ``next_message_id`` (the bot keeps ids from before, so none may be reused)."""
        chat = self._open_chat(user_id)
        chat.next_message_id = max(chat.next_message_id, next_message_id)

    def _open_chat(self, user_id: int) -> Chat:
        chat = self._chats.get(user_id)
        if chat is None:
            chat = Chat(self.user(user_id))
            self._chats[user_id] = chat
        return chat

    def _keep(self, chat: Chat, message_id: int, item: SentMessage | dict[str, Any]) -> None:
        store = chat.store
        store[message_id] = item
        if not self.record_history and len(store) > self._window:
            del store[next(iter(store))]

    def _queue_update(self, kind: str, obj: Any) -> int:
        uid = self._next_update_id
        self._next_update_id += 1
        self._updates.append(QueuedUpdate(uid, kind, {"update_id": uid, kind: obj}))
        self._updates_queued += 1
        if self._poll is not None and self._deliverable(kind):
            self._poll.wake.set()
        self._notify()
        return uid

    def _deliverable(self, kind: str) -> bool:
        allowed = self._allowed_updates
        return allowed is None or kind in allowed

    def _notify(self) -> None:
        event = self._change
        if event is not None:
            self._change = None
            event.set()

    def _emit(self, chat_id: int, msg: SentMessage, event: MessageEvent) -> None:
        for listener in self._listeners:
            try:
                listener(chat_id, msg, event)
            except Exception:
                log.exception("sandbox message listener failed")

    def _chat_of(self, p: Params, *, write: bool) -> Chat:
        raw = p.raw("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        try:
            chat_id = p.int_("chat_id")
        except ApiError:
            # "@username" only addresses public chats, never a private one.
            raise bad_request("chat not found") from None
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise bad_request("chat not found")
        if write and chat.id in self._blocked:
            raise ApiError(403, BLOCKED)
        return chat

    def _reply_target(self, chat: Chat, p: Params) -> tuple[int, dict[str, Any]] | None:
        params = p.json_("reply_parameters", "can't parse reply parameters JSON object")
        legacy = p.int_("reply_to_message_id")
        if params is None and legacy is None:
            return None
        allow = p.bool_("allow_sending_without_reply")
        if params is not None:
            if not isinstance(params, dict) or not isinstance(params.get("message_id"), int):
                raise bad_request("can't parse reply parameters JSON object")
            mid = int(params["message_id"])
            allow = allow or bool(params.get("allow_sending_without_reply"))
        else:
            mid = int(legacy or 0)
        target = chat.store.get(mid)
        if isinstance(target, SentMessage) and not target.deleted:
            snapshot = target.to_api(self._bot_json, chat.chat_json)
        elif isinstance(target, dict):
            snapshot = dict(target)
        else:
            if allow or not self.record_history:
                # Without history the target may simply have left the window.
                return None
            raise bad_request("message to be replied not found")
        snapshot.pop("reply_to_message", None)
        return mid, snapshot

    def _record(self, chat: Chat, msg: SentMessage) -> dict[str, Any]:
        self._keep(chat, msg.message_id, msg)
        if self.record_history:
            chat.history.append(msg)
            self._recent.append((chat.id, msg.message_id, msg.plain[:60]))
        chat.last_action = None
        self._messages_sent += 1
        if self._listeners:
            self._emit(chat.id, msg, "new")
        self._notify()
        return msg.to_api(self._bot_json, chat.chat_json)

    def _new_file(
        self, kind: str, data: bytes, file_name: str | None, mime_type: str | None
    ) -> FileRecord:
        n = self._next_file
        self._next_file += 1
        prefix = {"photo": "AgAC", "document": "BQAC", "sticker": "CAAC"}[kind]
        if kind == "photo":
            path = f"photos/file_{n}.jpg"
        elif kind == "sticker":
            path = f"stickers/file_{n}.webp"
        else:
            suffix = ""
            if file_name and "." in file_name:
                suffix = "." + file_name.rsplit(".", 1)[1][:10]
            path = f"documents/file_{n}{suffix}"
        record = FileRecord(
            file_id=f"{prefix}{n:06d}{secrets.token_urlsafe(18)}",
            file_unique_id=f"AQAD{n:06d}{secrets.token_urlsafe(4)}",
            kind=kind,
            data=data,
            file_path=path,
            file_name=file_name,
            mime_type=mime_type,
        )
        if kind == "photo":
            record.width, record.height = image_size(data)
        self._files[record.file_id] = record
        self._files_by_path[path] = record
        return record
