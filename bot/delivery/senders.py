"""Senders: the one place a bot-initiated message meets the Bot API, the error mapping, and
the shaping of a message to Telegram's limits (texts split to 4,096 characters, keyboards).

Two senders implement :class:`Sender`: :class:`PtbSender` wraps ``telegram.Bot``;
:class:`AiohttpSender` posts straight to ``sendMessage`` with one keep-alive session and
raises the same python-telegram-bot exceptions (``RetryAfter`` for 429, ``Forbidden`` for
403, ``BadRequest`` for 400, ``NetworkError`` for 5xx and dropped connections), so the
dispatcher and the notifier treat both alike. The bot should use the lean one. Measured
on the 2-core reference machine against the sandbox on loopback: bare sendMessage calls ran
at about 1,000/s through PTB + httpx at best (pool of 2-8 connections; more is slower) and
4,000-7,000/s through aiohttp; inside the full dispatcher on SQLite, PtbSender managed
520 prompts/s (900/s with only 2 requests in flight) and AiohttpSender 2,400/s. At
Telegram's 30 messages/s either would do, but the lean sender leaves the CPU to the
handlers, catches up after downtime four times faster, and does not compete with the
handlers for PTB's connection pool.

The lean sender's connection limit is sized from rate x expected latency
(:func:`bot.delivery.ratelimit.in_flight_for`): with 8 connections and Telegram answering in
300 ms it managed 26/s, below the configured 30/s; the default (38) holds 30/s at 1 s per
request. :func:`paid_broadcast` gives the same sender sending with ``allow_paid_broadcast``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import warnings
from types import TracebackType
from typing import Any, Protocol

import aiohttp
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.delivery.ratelimit import DEFAULT_RATE, EXPECTED_LATENCY_S, in_flight_for
from bot.domain.notice import Buttons

__all__ = [
    "MAX_MESSAGE_CHARS",
    "AiohttpSender",
    "PtbSender",
    "Sender",
    "api_error",
    "error_text",
    "markup",
    "paid_broadcast",
    "retry_seconds",
    "split_text",
]

ERROR_MAX = 200  # prompts.error and deliveries.error are VARCHAR(200)
# Telegram's limit for one message's text (after entity parsing; counting the HTML tags too
# only makes the parts a little shorter, never too long).
MAX_MESSAGE_CHARS = 4096


class Sender(Protocol):
    """Sends one text message; raises python-telegram-bot's exceptions on failure."""

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        """Send and return the new message's id."""
        ...


class PtbSender:
    """A :class:`Sender` over an initialised ``telegram.Bot`` (its Defaults apply)."""

    def __init__(self, bot: telegram.Bot, *, allow_paid_broadcast: bool = False) -> None:
        self._bot = bot
        self._paid = allow_paid_broadcast

    def paid(self) -> PtbSender:
        """The same bot, sending with ``allow_paid_broadcast``."""
        return PtbSender(self._bot, allow_paid_broadcast=True)

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        """Send through PTB; its exceptions pass through unchanged."""
        message = await self._bot.send_message(
            chat_id=chat_id,
            text=text,
            reply_markup=reply_markup,
            # None (PTB then leaves the field out) rather than False when off.
            allow_paid_broadcast=True if self._paid else None,
        )
        return message.message_id


class AiohttpSender:
    """A lean :class:`Sender`: JSON straight to ``sendMessage`` on one keep-alive session.

    Raises the exception python-telegram-bot would raise for the same Bot API answer
    (``RetryAfter``, ``Forbidden``, ``BadRequest``, ``NetworkError``, ``TimedOut``, ...), so
    the dispatcher treats both senders alike. `base_url` is what PTB takes as ``base_url``
    (e.g. ``https://api.telegram.org/bot``); the token is appended. Use as an async context
    manager, or call :meth:`close` at shutdown.

    `connections` (None: sized for `rate` messages/s at `expected_latency` s per request,
    :func:`~bot.delivery.ratelimit.in_flight_for`; 38 for the default 30/s at 1 s) caps the
    keep-alive connections; give it at least the callers' concurrency, or requests queue
    for a connection and the rate falls to connections / latency.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        parse_mode: str | None = None,
        disable_link_preview: bool = False,
        connections: int | None = None,
        rate: float | None = DEFAULT_RATE,
        expected_latency: float = EXPECTED_LATENCY_S,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
    ) -> None:
        # Only as many connections as the rate needs at the expected latency: on loopback a
        # few keep-alive connections beat many (8 were faster than 64 there), but against
        # the real API each request holds its connection for the whole round trip.
        self._url = f"{base_url.rstrip('/')}{token}/sendMessage"
        self._extra: dict[str, Any] = {}
        if parse_mode:
            self._extra["parse_mode"] = parse_mode
        if disable_link_preview:
            self._extra["link_preview_options"] = {"is_disabled": True}
        if connections is None:
            connections = in_flight_for(rate, expected_latency)
        if connections < 1:
            raise ValueError("connections must be at least 1")
        self.connections = connections
        self._timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=connect_timeout, sock_read=read_timeout
        )
        self._session: aiohttp.ClientSession | None = None
        # A view made by `paid` shares its parent's session (`_owner`), so closing the
        # parent closes both and the view never opens a second pool.
        self._owner: AiohttpSender = self

    def paid(self) -> AiohttpSender:
        """A view of this sender (same session, same connections) whose messages carry
        ``allow_paid_broadcast``; close the original, not the view."""
        view = copy.copy(self)
        view._extra = {**self._extra, "allow_paid_broadcast": True}
        return view

    async def __aenter__(self) -> AiohttpSender:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session (idempotent)."""
        owner = self._owner
        session, owner._session = owner._session, None
        if session is not None:
            await session.close()

    def _open(self) -> aiohttp.ClientSession:
        owner = self._owner
        if owner._session is None:
            owner._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=owner.connections),
                timeout=self._timeout,
                # Error answers carry the Bot API's JSON (retry_after...): we read them.
                raise_for_status=False,
            )
        return owner._session

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        """POST sendMessage; map a Bot API error answer to PTB's exception."""
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text, **self._extra}
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup.to_dict()
        body = json.dumps(payload, ensure_ascii=False).encode()
        try:
            async with self._open().post(
                self._url, data=body, headers={"Content-Type": "application/json"}
            ) as resp:
                status = resp.status
                raw = await resp.read()
        except TimeoutError:
            raise TimedOut("Timed out") from None
        except aiohttp.ClientError as exc:
            # aiohttp's message may contain the URL, hence the token: name the type only, and
            # do not chain it (a logged traceback would print it).
            raise NetworkError(f"{type(exc).__name__} while calling sendMessage") from None
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if 200 <= status <= 299 and isinstance(data, dict) and data.get("ok"):
            return int(data["result"]["message_id"])
        raise api_error(status, data)


def paid_broadcast(sender: Sender) -> Sender:
    """`sender` sending with ``allow_paid_broadcast`` (up to 1,000 messages/s, billed in
    Stars above the free 30/s); only the two senders here know how."""
    if isinstance(sender, AiohttpSender | PtbSender):
        return sender.paid()
    raise TypeError(f"{type(sender).__name__} cannot send paid broadcasts")


def api_error(status: int, data: object) -> TelegramError:
    """The exception python-telegram-bot raises for this Bot API error answer."""
    description = f"HTTP {status}"
    if isinstance(data, dict):
        description = str(data.get("description") or description)
        parameters = data.get("parameters")
        if isinstance(parameters, dict):
            if parameters.get("migrate_to_chat_id"):
                return ChatMigrated(int(parameters["migrate_to_chat_id"]))
            if parameters.get("retry_after"):
                with warnings.catch_warnings():
                    # PTB 22 warns about its own int -> timedelta migration when building it.
                    warnings.simplefilter("ignore")
                    return RetryAfter(int(parameters["retry_after"]))
    elif data is None and 200 <= status <= 299:
        return NetworkError("Invalid server response")
    if status == 403:
        return Forbidden(description)
    if status in (401, 404):
        return InvalidToken(description)
    if status == 400:
        return BadRequest(description)
    if status == 409:
        return Conflict(description)
    return NetworkError(description)


def retry_seconds(exc: RetryAfter) -> float:
    """How long a 429 asks us to wait, in seconds."""
    # PTB 22 warns on `retry_after` unless PTB_TIMEDELTA is set; either type may come back.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value)


def error_text(exc: BaseException) -> str:
    """The exception as recorded (type and Bot API description; never a message text)."""
    return f"{type(exc).__name__}: {exc}"[:ERROR_MAX]


# ------------------------------------------------------------------ shaping a message


def split_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """`text` as parts of at most `limit` characters, cut at the last line break that fits;
    a single line longer than that is cut after its last space that fits (else anywhere).

    Nothing is lost: the parts are the text with the line breaks it was cut at removed (a
    message boundary replaces them); parts that would be blank are dropped, since Telegram
    refuses an empty message.
    """
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut >= 0:
            part, text = text[:cut], text[cut + 1 :]
        else:
            cut = text.rfind(" ", 0, limit) + 1 or limit
            part, text = text[:cut], text[cut:]
        if part.strip():
            parts.append(part)
    if text.strip() or not parts:
        parts.append(text)
    return parts


def markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    """The inline keyboard of a notice's plain rows of (label, callback data)."""
    if not buttons:
        return None
    rows = buttons
    for row in rows:
        for _, data in row:
            # Telegram's limit; failing here names the culprit instead of a 400 at send time.
            if not 1 <= len(data.encode()) <= 64:
                raise ValueError(f"callback data out of Telegram's 1-64 bytes: {data!r}")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )
