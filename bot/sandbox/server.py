"""A local fake Telegram Bot API server, plus an in-process API to act as users.

:class:`SandboxBotApi` speaks enough of the Bot API over HTTP for python-telegram-bot's
``Application`` to run against it unchanged (``base_url=sandbox.base_url``), enforces Telegram's
limits with Telegram's own error strings, and lets tests, the terminal chat and benchmarks play
the users: send texts and commands, open deep links, press buttons, and read or wait for what the
bot sent.  It also injects faults (429, 5xx, slow or dropped answers, blocked users).

The class is composed here from one mixin per concern over one state (:mod:`bot.sandbox.state`):
routing, messages, media, updates, the bot's profile, faults, the users' actions and reading.
This module keeps the lifecycle and the method table, the one list of every Bot API method the
sandbox answers.

Per-request work is kept to dictionary look-ups: no scans over history and no logging on the hot
path, so a benchmark can push 100,000 sendMessage calls through it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.sandbox.actions import ActionsMixin
from bot.sandbox.bot_profile import BotProfileMixin
from bot.sandbox.faults import FaultKind, FaultsMixin
from bot.sandbox.media import MAX_UPLOAD_BYTES, MediaMixin
from bot.sandbox.messages import MessagesMixin
from bot.sandbox.objects import (
    CallbackAnswer,
    SentMessage,
)
from bot.sandbox.params import Params
from bot.sandbox.reading import ReadingMixin, SandboxStats, plain_text
from bot.sandbox.routing import RoutingMixin
from bot.sandbox.state import MessageEvent
from bot.sandbox.updates import UpdatesMixin

__all__ = [
    "CallbackAnswer",
    "FaultKind",
    "MessageEvent",
    "SandboxBotApi",
    "SandboxStats",
    "SentMessage",
    "plain_text",
]


# One logger for the whole server, under the name it had before the server was split.
log = logging.getLogger("bot.sandbox.server")


class SandboxBotApi(
    RoutingMixin,
    MessagesMixin,
    MediaMixin,
    UpdatesMixin,
    BotProfileMixin,
    ActionsMixin,
    ReadingMixin,
    FaultsMixin,
):
    """A fake Bot API server for one bot, with an in-process API to act as its users.

    Use ``await start()`` / ``await stop()`` or ``async with``.  ``base_url`` and
    ``base_file_url`` go straight into ``telegram.Bot``/``ApplicationBuilder``.
    With ``record_history=False`` only counters and a small window of recent messages per chat
    are kept (enough to edit and press recent messages), for long benchmarks.
    """

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
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
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


def _true(p: Params) -> bool:
    return True
