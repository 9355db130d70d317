"""A local fake Telegram Bot API server, plus an in-process API to act as users.

:class:`SandboxBotApi` speaks enough of the Bot API over HTTP for python-telegram-bot's
``Application`` to run against it unchanged (``base_url=sandbox.base_url``), enforces Telegram's
limits with Telegram's own error strings, and lets tests, the terminal chat and benchmarks play
the users: send texts and commands, open deep links, press buttons, and read or wait for what the
bot sent.  It also injects faults (429, 5xx, slow or dropped answers, blocked users).

Per-request work is kept to dictionary look-ups: no scans over history and no logging on the hot
path, so a benchmark can push 100,000 sendMessage calls through it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import secrets
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Any, Literal, TypedDict
from urllib.parse import parse_qs, urlsplit

from aiohttp import web

from bot.content.html import (
    EntityParseError,
    ParsedText,
    parse_html,
    plain_from_html,
    trim_parsed,
    utf16_len,
)
from bot.sandbox.markup import Markup, parse_reply_markup
from bot.sandbox.objects import (
    CallbackAnswer,
    FileRecord,
    SandboxUser,
    SentMessage,
    guess_mime,
    image_size,
)
from bot.sandbox.params import ApiError, Params, Upload, bad_request

__all__ = [
    "CallbackAnswer",
    "FaultKind",
    "MessageEvent",
    "SandboxBotApi",
    "SandboxStats",
    "SentMessage",
    "plain_text",
]

log = logging.getLogger(__name__)

FaultKind = Literal["429", "5xx", "slow", "network", "lost_response"]
MessageEvent = Literal["new", "edited", "deleted"]
MessageListener = Callable[[int, SentMessage, MessageEvent], None]
AnswerListener = Callable[[int, CallbackAnswer], None]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_ANSWER_TEXT_LENGTH = 200
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"

_DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")
_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_FAULT_KINDS = frozenset({"429", "5xx", "slow", "network", "lost_response"})
# A 1x1 PNG, used when a simulated user sends a photo without choosing bytes.
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


class SandboxStats(TypedDict):
    """Counters kept even when ``record_history`` is off."""

    requests: Counter[str]
    errors: Counter[str]
    send_message_ok_by_chat: Counter[int]
    messages_sent: int
    faults_served: int
    faults_by_kind: Counter[str]
    updates_queued: int
    updates_pending: int


@dataclass(slots=True)
class _Fault:
    method: str | None  # canonical method name; None matches every method
    chat_id: int | None
    kind: str
    retry_after: int
    delay: float
    status: int
    remaining: int


@dataclass(slots=True)
class _Update:
    update_id: int
    kind: str
    payload: dict[str, Any]


class _Poll:
    """One waiting getUpdates request; woken by new updates, a newer poll, or shutdown."""

    __slots__ = ("conflict", "wake")

    def __init__(self) -> None:
        self.wake = asyncio.Event()
        self.conflict = False


class _Chat:
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


def plain_text(msg: SentMessage | str) -> str:
    """What the user sees: for a message its parsed text/caption, for a string the HTML stripped."""
    if isinstance(msg, SentMessage):
        return msg.plain
    return plain_from_html(msg)


class SandboxBotApi:
    """A fake Bot API server for one bot, with an in-process API to act as its users.

    Use ``await start()`` / ``await stop()`` or ``async with``.  ``base_url`` and
    ``base_file_url`` go straight into ``telegram.Bot``/``ApplicationBuilder``.
    With ``record_history=False`` only counters and a small window of recent messages per chat
    are kept (enough to edit and press recent messages), for long benchmarks.
    """

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

    # ------------------------------------------------------------------ lifecycle

    def _reset_state(self) -> None:
        self._users: dict[int, SandboxUser] = {}
        self._chats: dict[int, _Chat] = {}
        self._blocked: set[int] = set()
        self._updates: deque[_Update] = deque()
        self._next_update_id = 1000
        self._confirmed_offset = 0
        self._poll: _Poll | None = None
        self._allowed_updates: frozenset[str] | None = None
        self._queries: dict[str, tuple[int, int, int, str | None]] = {}
        self._next_query = 1
        self._files: dict[str, FileRecord] = {}
        self._files_by_path: dict[str, FileRecord] = {}
        self._next_file = 1
        self._faults: list[_Fault] = []
        self._webhook_url = ""
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._texts: dict[tuple[str, str], str] = {}
        self._recent: deque[tuple[int, int, str]] = deque(maxlen=5)
        self._requests: Counter[str] = Counter()
        self._errors: Counter[str] = Counter()
        self._send_ok: Counter[int] = Counter()
        self._messages_sent = 0
        self._faults_served = 0
        self._faults_by_kind: Counter[str] = Counter()
        self._updates_queued = 0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (port 0 picks a free port)."""
        if self._runner is not None:
            raise RuntimeError("sandbox already started")
        from bot.sandbox.control import ControlApi

        self._control = ControlApi(self) if self._control_enabled else None
        self._closing = False
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # No access log: it would print the token (it is in the URL) and slow benchmarks down.
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._host = host
        self._port = int(runner.addresses[0][1])
        log.info("sandbox Bot API listening on http://%s:%d", host, self._port)

    async def stop(self) -> None:
        """Stop listening; a pending getUpdates answers ``[]`` at once."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._closing = True
        if self._poll is not None:
            self._poll.wake.set()
        await runner.cleanup()

    async def __aenter__(self) -> SandboxBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def root_url(self) -> str:
        if self._runner is None:
            raise RuntimeError("sandbox not started")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}"

    @property
    def base_url(self) -> str:
        """What python-telegram-bot takes as ``base_url`` (it appends the token)."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    @property
    def control_url(self) -> str:
        """Root of the HTTP control API, for :class:`bot.sandbox.control.SandboxHttpClient`."""
        return f"{self.root_url}/sandbox"

    @property
    def port(self) -> int:
        return self._port

    def reset(self) -> None:
        """Forget users, chats, updates, files, faults, commands and counters."""
        if self._poll is not None:
            self._poll.wake.set()
        self._reset_state()
        self._notify()

    # ------------------------------------------------------------------ users (client side)

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

    def _open_chat(self, user_id: int) -> _Chat:
        chat = self._chats.get(user_id)
        if chat is None:
            chat = _Chat(self.user(user_id))
            self._chats[user_id] = chat
        return chat

    def _keep(self, chat: _Chat, message_id: int, item: SentMessage | dict[str, Any]) -> None:
        store = chat.store
        store[message_id] = item
        if not self.record_history and len(store) > self._window:
            del store[next(iter(store))]

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

    def _queue_update(self, kind: str, obj: Any) -> int:
        uid = self._next_update_id
        self._next_update_id += 1
        self._updates.append(_Update(uid, kind, {"update_id": uid, kind: obj}))
        self._updates_queued += 1
        if self._poll is not None and self._deliverable(kind):
            self._poll.wake.set()
        self._notify()
        return uid

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

    # ------------------------------------------------------------------ reading (client side)

    @staticmethod
    def plain_text(msg: SentMessage | str) -> str:
        """Same as the module-level :func:`plain_text`."""
        return plain_text(msg)

    def messages(self, user_id: int) -> list[SentMessage]:
        """The bot's messages to this chat, in order (deleted ones flagged, edits applied)."""
        chat = self._chats.get(user_id)
        if chat is None:
            return []
        if self.record_history:
            return list(chat.history)
        return [m for m in chat.store.values() if isinstance(m, SentMessage)]

    def last_message(self, user_id: int) -> SentMessage:
        sent = self.messages(user_id)
        if not sent:
            raise LookupError(f"the bot has sent nothing to chat {user_id}")
        return sent[-1]

    def callback_answers(self, user_id: int) -> list[CallbackAnswer]:
        chat = self._chats.get(user_id)
        return list(chat.answers) if chat is not None else []

    def updates_pending(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        return len(self._updates)

    def reply_keyboard(self, user_id: int) -> list[list[str]] | None:
        """The custom reply keyboard the user currently sees, if any."""
        chat = self._chats.get(user_id)
        return chat.reply_keyboard if chat is not None else None

    def last_chat_action(self, user_id: int) -> str | None:
        chat = self._chats.get(user_id)
        return chat.last_action if chat is not None else None

    def is_blocked(self, user_id: int) -> bool:
        return user_id in self._blocked

    def bot_commands(self, language_code: str = "") -> list[tuple[str, str]]:
        """Commands set for the default scope (and language)."""
        key = (json.dumps({"type": "default"}, sort_keys=True), language_code)
        return [(c["command"], c["description"]) for c in self._commands.get(key, [])]

    def bot_text(self, kind: str, language_code: str = "") -> str:
        """What setMyDescription/setMyShortDescription/setMyName stored (kind: description, ...)."""
        return self._texts.get((kind, language_code), "")

    @property
    def polling(self) -> bool:
        """True while a getUpdates long poll is waiting for updates."""
        return self._poll is not None

    @property
    def webhook_url(self) -> str:
        return self._webhook_url

    def file_bytes(self, file_id: str) -> bytes:
        record = self._files.get(file_id)
        if record is None:
            raise LookupError(f"unknown file_id {file_id!r}")
        return record.data

    # ------------------------------------------------------------------ waiting

    def _notify(self) -> None:
        event = self._change
        if event is not None:
            self._change = None
            event.set()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        # A plain seconds argument, like asyncio.wait_for: simpler for tests than a context.
        timeout: float = 5.0,  # noqa: ASYNC109
        what: str | None = None,
    ) -> None:
        """Return once ``predicate()`` is true; re-checked after every state change."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self._waiting += 1
        # Entering is itself a change: lets a test wait until another waiter has started.
        self._notify()
        try:
            while not predicate():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(what or _describe(predicate), timeout))
                if self._change is None:
                    self._change = asyncio.Event()
                event = self._change
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            self._waiting -= 1

    @property
    def waiting(self) -> int:
        """How many ``wait_for`` calls (including ``wait_messages`` etc.) are in progress."""
        return self._waiting

    def _timeout_message(self, what: str, timeout: float) -> str:
        recent = "; ".join(f"chat {c} #{m}: {t!r}" for c, m, t in self._recent) or "none"
        return (
            f"timed out after {timeout:g}s waiting for {what}. "
            f"Updates not yet confirmed by the bot: {len(self._updates)}. "
            f"Requests so far: {dict(self._requests)}. Latest bot messages: {recent}"
        )

    async def wait_messages(
        self,
        user_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least ``count`` messages to this chat; return them.

        Without recorded history only the recent window counts; benchmarks should wait on
        :meth:`stats` instead.
        """

        def enough() -> bool:
            chat = self._chats.get(user_id)
            return chat is not None and self._sent_count(chat) >= count

        await self.wait_for(enough, timeout, f"{count} bot message(s) in chat {user_id}")
        return self.messages(user_id)

    def _sent_count(self, chat: _Chat) -> int:
        if self.record_history:
            return len(chat.history)
        return sum(1 for m in chat.store.values() if isinstance(m, SentMessage))

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.2) -> None:  # noqa: ASYNC109
        """Wait until the bot fetched every update and made no API call for ``quiet`` seconds.

        Meant for the interactive terminal (it waits in real time); tests should wait for the
        specific message or state they expect instead.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            await self.wait_for(
                lambda: not self._updates and self._in_flight == 0,
                max(deadline - loop.time(), 0.0),
                "the bot to become idle",
            )
            silent_for = time.monotonic() - self._last_activity
            if silent_for >= quiet and not self._updates and self._in_flight == 0:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_message("the bot to become idle", timeout))
            await asyncio.sleep(min(quiet - silent_for, remaining))

    async def wait_update_consumed(self, update_id: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot confirmed ``update_id`` (a getUpdates with a higher offset)."""
        await self.wait_for(
            lambda: self._confirmed_offset > update_id,
            timeout,
            f"the bot to fetch and confirm update {update_id}",
        )

    # ------------------------------------------------------------------ listeners

    def add_listener(self, callback: MessageListener) -> None:
        """Call ``callback(chat_id, message, "new" | "edited" | "deleted")`` synchronously."""
        self._listeners.append(callback)

    def remove_listener(self, callback: MessageListener) -> None:
        self._listeners.remove(callback)

    def add_answer_listener(self, callback: AnswerListener) -> None:
        """Call ``callback(chat_id, answer)`` for every answerCallbackQuery."""
        self._answer_listeners.append(callback)

    def remove_answer_listener(self, callback: AnswerListener) -> None:
        self._answer_listeners.remove(callback)

    def _emit(self, chat_id: int, msg: SentMessage, event: MessageEvent) -> None:
        for listener in self._listeners:
            try:
                listener(chat_id, msg, event)
            except Exception:
                log.exception("sandbox message listener failed")

    # ------------------------------------------------------------------ faults

    def inject_fault(
        self,
        method: str | None = None,
        *,
        chat_id: int | None = None,
        kind: FaultKind,
        retry_after: int = 1,
        delay: float = 0.0,
        status: int = 502,
        count: int = 1,
    ) -> None:
        """Make the next ``count`` matching requests fail.

        ``429``: Too Many Requests with ``retry_after``; ``5xx``: HTTP ``status``; ``slow``:
        answer normally after ``delay`` s; ``network``: drop the connection unanswered;
        ``lost_response``: perform the request, then drop the connection (the bot cannot know
        its message was sent).
        """
        if kind not in _FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(_FAULT_KINDS)}")
        canonical: str | None = None
        if method is not None:
            entry = self._methods.get(method.lower())
            if entry is None:
                raise ValueError(f"unknown Bot API method {method!r}")
            canonical = entry[0]
        if count < 1:
            raise ValueError("count must be at least 1")
        if kind == "5xx" and not 500 <= status <= 599:
            raise ValueError("status must be a 5xx code")
        self._faults.append(_Fault(canonical, chat_id, kind, retry_after, delay, status, count))

    def reset_faults(self) -> None:
        self._faults.clear()

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends and edits to their chat get 403."""
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self._blocked.discard(user_id)

    def _take_fault(self, method: str, params: Params) -> _Fault | None:
        for fault in self._faults:
            if fault.method is not None and fault.method != method:
                continue
            if fault.chat_id is not None:
                try:
                    if params.int_("chat_id") != fault.chat_id:
                        continue
                except ApiError:
                    continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            self._faults_served += 1
            self._faults_by_kind[fault.kind] += 1
            self._notify()
            return fault
        return None

    # ------------------------------------------------------------------ stats

    def stats(self) -> SandboxStats:
        return {
            "requests": Counter(self._requests),
            "errors": Counter(self._errors),
            "send_message_ok_by_chat": Counter(self._send_ok),
            "messages_sent": self._messages_sent,
            "faults_served": self._faults_served,
            "faults_by_kind": Counter(self._faults_by_kind),
            "updates_queued": self._updates_queued,
            "updates_pending": len(self._updates),
        }

    # ------------------------------------------------------------------ HTTP plumbing

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/bot"):
            return await self._api_request(request, path[4:])
        if path.startswith("/file/bot"):
            return self._file_request(path[9:])
        if path.startswith("/sandbox/") and self._control is not None:
            response: web.StreamResponse = await self._control.handle(request, path[9:])
            return response
        return _json(ApiError(404, "Not Found").payload(), 404)

    def _token_ok(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self._token_bytes)

    async def _api_request(self, request: web.Request, rest: str) -> web.StreamResponse:
        token, _, method = rest.partition("/")
        if not self._token_ok(token):
            return _json(ApiError(401, "Unauthorized").payload(), 401)
        entry = self._methods.get(method.lower())
        if entry is None:
            return _json(ApiError(404, "Not Found").payload(), 404)
        name, handler, is_async = entry
        self._requests[name] += 1
        if is_async:
            return await self._call_method(request, name, handler, is_async)
        # Everything but long polling counts as the bot being busy, for wait_idle().
        self._in_flight += 1
        try:
            return await self._call_method(request, name, handler, is_async)
        finally:
            self._in_flight -= 1
            self._last_activity = time.monotonic()

    async def _call_method(
        self,
        request: web.Request,
        name: str,
        handler: Callable[[Params], Any],
        is_async: bool,
    ) -> web.StreamResponse:
        try:
            params = await _read_params(request)
            fault = self._take_fault(name, params) if self._faults else None
            if fault is not None:
                if fault.kind == "slow":
                    await asyncio.sleep(fault.delay)
                elif fault.kind != "lost_response":
                    return self._fault_response(request, fault)
            result = await handler(params) if is_async else handler(params)
            if fault is not None and fault.kind == "lost_response":
                return _drop_connection(request)
        except ApiError as exc:
            self._errors[name] += 1
            return _json(exc.payload(), exc.code)
        except Exception:
            self._errors[name] += 1
            # The method name only: the URL would reveal the token.
            log.exception("sandbox Bot API method %s failed", name)
            return _json(ApiError(500, "Internal Server Error").payload(), 500)
        return _json({"ok": True, "result": result}, 200)

    def _fault_response(self, request: web.Request, fault: _Fault) -> web.StreamResponse:
        if fault.kind == "429":
            return _json(
                ApiError(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    {"retry_after": fault.retry_after},
                ).payload(),
                429,
            )
        if fault.kind == "5xx":
            try:
                phrase = HTTPStatus(fault.status).phrase
            except ValueError:
                phrase = "Server Error"
            return _json(ApiError(fault.status, phrase).payload(), fault.status)
        return _drop_connection(request)

    def _file_request(self, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        if not self._token_ok(token):
            return _json(ApiError(401, "Unauthorized").payload(), 401)
        record = self._files_by_path.get(file_path)
        if record is None:
            return _json(ApiError(404, "Not Found").payload(), 404)
        return web.Response(
            body=record.data, content_type=record.mime_type or "application/octet-stream"
        )

    # ------------------------------------------------------------------ Bot API methods

    def _register_methods(self) -> None:
        sync: dict[str, Callable[[Params], Any]] = {
            "getMe": self._get_me,
            "logOut": _true,
            "close": _true,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": lambda p: self._set_text(p, "description"),
            "getMyDescription": lambda p: self._get_text(p, "description"),
            "setMyShortDescription": lambda p: self._set_text(p, "short_description"),
            "getMyShortDescription": lambda p: self._get_text(p, "short_description"),
            "setMyName": lambda p: self._set_text(p, "name"),
            "getMyName": lambda p: self._get_text(p, "name"),
            "setChatMenuButton": _true,
            "getChatMenuButton": lambda p: {"type": "commands"},
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendPhoto": lambda p: self._send_media(p, "photo"),
            "sendDocument": lambda p: self._send_media(p, "document"),
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
        }
        for name, func in sync.items():
            self._methods[name.lower()] = (name, func, False)
        self._methods["getupdates"] = ("getUpdates", self._get_updates, True)

    def _get_me(self, p: Params) -> dict[str, Any]:
        return {
            **self._bot_json,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # --- updates and webhook

    def _deliverable(self, kind: str) -> bool:
        allowed = self._allowed_updates
        return allowed is None or kind in allowed

    def _confirm(self, offset: int | None) -> None:
        updates = self._updates
        if not offset:
            return
        if offset < 0:
            keep = -offset
            while len(updates) > keep:
                updates.popleft()
            first = updates[0].update_id if updates else self._next_update_id
            self._confirmed_offset = max(self._confirmed_offset, first)
        else:
            while updates and updates[0].update_id < offset:
                updates.popleft()
            self._confirmed_offset = max(self._confirmed_offset, offset)
        self._notify()

    def _collect(self, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        result: list[dict[str, Any]] = []
        for update in self._updates:
            if allowed is not None and update.kind not in allowed:
                continue
            result.append(update.payload)
            if len(result) >= limit:
                break
        return result

    def _has_deliverable(self) -> bool:
        if self._allowed_updates is None:
            return bool(self._updates)
        return any(u.kind in self._allowed_updates for u in self._updates)

    async def _get_updates(self, p: Params) -> list[dict[str, Any]]:
        if self._webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = p.int_("offset")
        limit = p.int_("limit") or 100
        limit = min(max(limit, 1), 100)
        timeout = max(p.float_("timeout") or 0.0, 0.0)
        allowed = p.json_("allowed_updates", "can't parse allowed_updates JSON object")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise bad_request("can't parse allowed_updates JSON object")
            # An empty list restores Telegram's default (everything we ever send).
            self._allowed_updates = frozenset(allowed) if allowed else None
        self._confirm(offset)

        previous = self._poll
        if previous is not None:
            previous.conflict = True
            previous.wake.set()
        poll = _Poll()
        self._poll = poll
        self._notify()
        try:
            if timeout > 0 and not self._closing and not self._has_deliverable():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), timeout)
            if poll.conflict:
                raise ApiError(409, CONFLICT)
            return self._collect(limit)
        finally:
            if self._poll is poll:
                self._poll = None

    def _delete_webhook(self, p: Params) -> bool:
        self._webhook_url = ""
        if p.bool_("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, p: Params) -> bool:
        url = p.str_("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook_url = url
        if p.bool_("drop_pending_updates"):
            self._updates.clear()
        if self._webhook_url and self._poll is not None:
            self._poll.conflict = True
            self._poll.wake.set()
        return True

    def _get_webhook_info(self, p: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    # --- commands and profile texts

    def _command_key(self, p: Params) -> tuple[str, str]:
        scope = p.json_("scope", "can't parse BotCommandScope JSON object") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise bad_request("can't parse BotCommandScope JSON object")
        return json.dumps(scope, sort_keys=True), p.str_("language_code") or ""

    def _set_my_commands(self, p: Params) -> bool:
        commands = p.json_("commands", "can't parse commands JSON object")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        cleaned: list[dict[str, str]] = []
        for cmd in commands:
            if not isinstance(cmd, dict):
                raise bad_request("can't parse BotCommand JSON object")
            name = cmd.get("command")
            description = cmd.get("description")
            if not isinstance(name, str) or not _BOT_COMMAND.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        self._commands[self._command_key(p)] = cleaned
        return True

    def _get_my_commands(self, p: Params) -> list[dict[str, str]]:
        return list(self._commands.get(self._command_key(p), []))

    def _delete_my_commands(self, p: Params) -> bool:
        self._commands.pop(self._command_key(p), None)
        return True

    def _set_text(self, p: Params, kind: str) -> bool:
        limits = {"description": 512, "short_description": 120, "name": 64}
        value = p.str_(kind) or ""
        if len(value) > limits[kind]:
            raise bad_request(f"{kind} is too long")
        self._texts[(kind, p.str_("language_code") or "")] = value
        return True

    def _get_text(self, p: Params, kind: str) -> dict[str, str]:
        return {kind: self._texts.get((kind, p.str_("language_code") or ""), "")}

    # --- chats

    def _chat_of(self, p: Params, *, write: bool) -> _Chat:
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

    def _get_chat(self, p: Params) -> dict[str, Any]:
        chat = self._chat_of(p, write=False)
        return {
            **chat.chat_json,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    def _send_chat_action(self, p: Params) -> bool:
        chat = self._chat_of(p, write=True)
        action = p.str_("action")
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.last_action = action
        self._notify()
        return True

    # --- text handling

    @staticmethod
    def _parse_mode(p: Params) -> str | None:
        mode = p.str_("parse_mode")
        if not mode:
            return None
        canonical = {"html": "HTML", "markdownv2": "MarkdownV2", "markdown": "Markdown"}.get(
            mode.lower()
        )
        if canonical is None:
            raise bad_request("unsupported parse_mode")
        return canonical

    @staticmethod
    def _parse(source: str, parse_mode: str | None) -> ParsedText:
        if parse_mode == "HTML":
            try:
                parsed = parse_html(source)
            except EntityParseError as exc:
                raise bad_request(f"can't parse entities: {exc.reason}") from None
        else:
            # Markdown modes are accepted unchecked; the text is kept as sent.
            parsed = ParsedText(source, [], utf16_len(source))
        return trim_parsed(parsed)

    def _text(self, source: str | None, parse_mode: str | None) -> ParsedText:
        if not source:
            raise bad_request("message text is empty")
        parsed = self._parse(source, parse_mode)
        if not parsed.text:
            raise bad_request("message text is empty")
        if parsed.utf16_length > MAX_TEXT_LENGTH:
            raise bad_request("message is too long")
        return parsed

    def _caption(self, source: str | None, parse_mode: str | None) -> ParsedText:
        if not source:
            return ParsedText("", [], 0)
        parsed = self._parse(source, parse_mode)
        if parsed.utf16_length > MAX_CAPTION_LENGTH:
            raise bad_request("message caption is too long")
        return parsed

    @staticmethod
    def _markup(p: Params, *, inline_only: bool = False) -> Markup | None:
        value = p.json_("reply_markup", "can't parse reply keyboard markup JSON object")
        return parse_reply_markup(value, inline_only=inline_only)

    def _reply_target(self, chat: _Chat, p: Params) -> tuple[int, dict[str, Any]] | None:
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

    def _apply_markup(self, chat: _Chat, msg: SentMessage, markup: Markup | None) -> None:
        if markup is None:
            return
        msg.inline_keyboard = markup.inline_keyboard
        if markup.reply_keyboard is not None:
            msg.reply_keyboard = markup.reply_keyboard
            chat.reply_keyboard = markup.reply_keyboard
        if markup.remove_keyboard:
            msg.remove_keyboard = True
            chat.reply_keyboard = None
        msg.force_reply = chat.force_reply = markup.force_reply

    def _record(self, chat: _Chat, msg: SentMessage) -> dict[str, Any]:
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

    def _send_message(self, p: Params) -> dict[str, Any]:
        chat = self._chat_of(p, write=True)
        source = p.str_("text")
        parse_mode = self._parse_mode(p)
        parsed = self._text(source, parse_mode)
        markup = self._markup(p)
        reply = self._reply_target(chat, p)
        msg = SentMessage(
            message_id=chat.take_message_id(),
            chat_id=chat.id,
            date=int(time.time()),
            kind="text",
            text=source,
            parse_mode=parse_mode,
            plain=parsed.text,
            entities=parsed.entities,
            disable_notification=p.bool_("disable_notification"),
            protect_content=p.bool_("protect_content"),
        )
        if reply is not None:
            msg.reply_to_message_id = reply[0]
            msg.api_extra["reply_to_message"] = reply[1]
        self._apply_markup(chat, msg, markup)
        self._send_ok[chat.id] += 1
        return self._record(chat, msg)

    # --- files

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

    def _resolve_file(self, source: Upload | str | None, kind: str) -> FileRecord:
        if source is None or source == "":
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(source, Upload):
            if not source.data:
                raise bad_request("file must be non-empty")
            limit = MAX_PHOTO_BYTES if kind == "photo" else MAX_UPLOAD_BYTES
            if len(source.data) > limit:
                raise ApiError(413, "Request Entity Too Large")
            name = source.filename if kind == "document" else None
            mime = "image/jpeg" if kind == "photo" else guess_mime(name, source.content_type)
            return self._new_file(kind, source.data, name, mime)
        if source.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        record = self._files.get(source)
        if record is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if record.kind != kind:
            raise bad_request(
                f"can't use file of type {record.kind.capitalize()} as {kind.capitalize()}"
            )
        return record

    def _send_media(self, p: Params, kind: str) -> dict[str, Any]:
        chat = self._chat_of(p, write=True)
        record = self._resolve_file(p.file(kind), kind)
        source = p.str_("caption")
        parse_mode = self._parse_mode(p)
        parsed = self._caption(source, parse_mode)
        markup = self._markup(p)
        reply = self._reply_target(chat, p)
        keep_bytes = self.record_history
        msg = SentMessage(
            message_id=chat.take_message_id(),
            chat_id=chat.id,
            date=int(time.time()),
            kind=kind,
            caption=source,
            parse_mode=parse_mode,
            plain=parsed.text,
            entities=parsed.entities,
            photo=record.data if kind == "photo" and keep_bytes else None,
            document=record.data if kind == "document" and keep_bytes else None,
            file_id=record.file_id,
            file_name=record.file_name,
            mime_type=record.mime_type,
            file_size=len(record.data),
            disable_notification=p.bool_("disable_notification"),
            protect_content=p.bool_("protect_content"),
        )
        if kind == "photo":
            msg.api_extra["photo"] = record.photo_sizes()
        else:
            msg.api_extra["document"] = record.document_api()
        if reply is not None:
            msg.reply_to_message_id = reply[0]
            msg.api_extra["reply_to_message"] = reply[1]
        self._apply_markup(chat, msg, markup)
        return self._record(chat, msg)

    def _get_file(self, p: Params) -> dict[str, Any]:
        file_id = p.str_("file_id")
        record = self._files.get(file_id) if file_id else None
        if record is None:
            raise bad_request("invalid file_id")
        return record.file_api()

    # --- edits and deletion

    def _message_to_edit(self, p: Params) -> tuple[_Chat, SentMessage]:
        if p.raw("inline_message_id") is not None:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat_of(p, write=True)
        mid = p.int_("message_id")
        if mid is None:
            raise bad_request("message identifier is not specified")
        msg = chat.store.get(mid)
        if msg is None or (isinstance(msg, SentMessage) and msg.deleted):
            raise bad_request("message to edit not found")
        if not isinstance(msg, SentMessage):
            raise bad_request("message can't be edited")
        return chat, msg

    def _finish_edit(self, chat: _Chat, msg: SentMessage) -> dict[str, Any]:
        msg.edited += 1
        msg.edit_date = int(time.time())
        if self._listeners:
            self._emit(chat.id, msg, "edited")
        self._notify()
        return msg.to_api(self._bot_json, chat.chat_json)

    def _edit_message_text(self, p: Params) -> dict[str, Any]:
        chat, msg = self._message_to_edit(p)
        if msg.kind != "text":
            raise bad_request("there is no text in the message to edit")
        return self._edit_body(p, chat, msg, field="text")

    def _edit_message_caption(self, p: Params) -> dict[str, Any]:
        chat, msg = self._message_to_edit(p)
        if msg.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        return self._edit_body(p, chat, msg, field="caption")

    def _edit_body(
        self, p: Params, chat: _Chat, msg: SentMessage, *, field: Literal["text", "caption"]
    ) -> dict[str, Any]:
        """Replace a message's text or caption (with its markup), as Telegram does."""
        source = p.str_(field)
        parse_mode = self._parse_mode(p)
        parsed = (self._text if field == "text" else self._caption)(source, parse_mode)
        markup = self._markup(p, inline_only=True)
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        keyboard = markup.inline_keyboard if markup is not None else None
        if (
            parsed.text == msg.plain
            and parsed.entities == msg.entities
            and (keyboard or None) == (msg.inline_keyboard or None)
        ):
            raise bad_request(NOT_MODIFIED)
        if field == "text":
            msg.text = source
        else:
            msg.caption = source
        msg.parse_mode = parse_mode
        msg.plain = parsed.text
        msg.entities = parsed.entities
        msg.inline_keyboard = keyboard
        return self._finish_edit(chat, msg)

    def _edit_message_reply_markup(self, p: Params) -> dict[str, Any]:
        chat, msg = self._message_to_edit(p)
        markup = self._markup(p, inline_only=True)
        keyboard = markup.inline_keyboard if markup is not None else None
        if (keyboard or None) == (msg.inline_keyboard or None):
            raise bad_request(NOT_MODIFIED)
        msg.inline_keyboard = keyboard
        return self._finish_edit(chat, msg)

    def _delete_message(self, p: Params) -> bool:
        chat = self._chat_of(p, write=False)
        mid = p.int_("message_id")
        msg = chat.store.get(mid) if mid is not None else None
        if msg is None:
            raise bad_request("message to delete not found")
        if isinstance(msg, SentMessage):
            if msg.deleted:
                raise bad_request("message to delete not found")
            msg.deleted = True
            if self._listeners:
                self._emit(chat.id, msg, "deleted")
        else:
            del chat.store[msg["message_id"]]
        self._notify()
        return True

    # --- callback queries

    def _answer_callback_query(self, p: Params) -> bool:
        qid = p.str_("callback_query_id") or ""
        pending = self._queries.pop(qid, None)
        if pending is None:
            raise bad_request(QUERY_INVALID)
        user_id, chat_id, message_id, data = pending
        text = p.str_("text")
        if text is not None and len(text) > MAX_ANSWER_TEXT_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        answer = CallbackAnswer(
            callback_query_id=qid,
            chat_id=chat_id,
            message_id=message_id,
            data=data,
            text=text,
            show_alert=p.bool_("show_alert"),
            url=p.str_("url"),
            cache_time=p.int_("cache_time") or 0,
        )
        chat = self._chats.get(user_id)
        if chat is not None:
            chat.answers.append(answer)
        for listener in self._answer_listeners:
            try:
                listener(user_id, answer)
            except Exception:
                log.exception("sandbox answer listener failed")
        self._notify()
        return True


# ---------------------------------------------------------------------- helpers


def _true(p: Params) -> bool:
    return True


def _describe(predicate: Callable[[], bool]) -> str:
    name = getattr(predicate, "__qualname__", repr(predicate))
    return f"condition {name}"


def _json(payload: Mapping[str, Any], status: int) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, content_type="application/json")


def _drop_connection(request: web.Request) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        transport.abort()
    # Never written: the connection is already gone.
    return web.Response(status=500)


def _form_items(form: Iterable[tuple[str, Any]]) -> tuple[dict[str, Any], dict[str, Upload]]:
    data: dict[str, Any] = {}
    files: dict[str, Upload] = {}
    for key, value in form:
        if isinstance(value, web.FileField):
            files[key] = Upload(value.filename, value.content_type, value.file.read())
        else:
            data[key] = value
    return data, files


async def _read_params(request: web.Request) -> Params:
    ctype = request.content_type
    query = request.query
    if request.method == "GET" or not request.body_exists:
        return Params(query)
    if ctype == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON encoded request parameters") from None
        if not isinstance(body, dict):
            raise bad_request("JSON encoded request parameters must be an Object")
        return Params({**query, **body} if query else body)
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        data, files = _form_items(form.items())
        return Params({**query, **data} if query else data, files)
    return Params(query)
