"""Runs the real bot (the project's one builder, real PTB polling over HTTP) against the
sandbox Bot API, and waits for each update to be fully handled instead of sleeping.

The wait is exact (see `bot.sandbox.tracker`): no test sleeps for the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from bot.app import App, build_application, start_app, stop_app
from bot.clock import FakeClock
from bot.config import Settings
from bot.sandbox.server import SandboxBotApi, SentMessage
from bot.sandbox.tracker import UpdateTracker
from tests.e2e.content import t

TOKEN = "987654321:" + "T" * 35


async def no_wait(_seconds: float) -> None:
    """A reply's retry back-off without waiting for real time (the clock is the test's)."""
    await asyncio.sleep(0)


class BotHarness:
    """One sandbox server plus the bot application, with helpers that act as users."""

    def __init__(self, sandbox: SandboxBotApi, settings: Settings, clock: FakeClock) -> None:
        self.sandbox = sandbox
        self.settings = settings
        self.clock = clock
        self.app: App | None = None
        self.tracker = UpdateTracker()

    async def start(self) -> None:
        """Build the bot on the harness's settings and start polling the sandbox."""
        app = build_application(self.settings, clock=self.clock, sleep=no_wait)
        self.tracker.attach(app)
        await start_app(app, poll_timeout=5)
        self.app = app

    async def stop(self) -> None:
        """Stop polling and shut the application down (what a process restart does)."""
        app, self.app = self.app, None
        if app is not None:
            await stop_app(app)

    async def restart(self) -> None:
        """A new application on the same database and sandbox, as after a crash or deploy."""
        await self.stop()
        await self.start()

    async def wait_handled(self, update_id: int) -> None:
        """Until every handler of `update_id` has finished."""
        await self.tracker.wait(update_id)

    async def _act(self, user_id: int, update_id: int, before: int) -> list[SentMessage]:
        await self.wait_handled(update_id)
        return self.sandbox.messages(user_id)[before:]

    async def send(self, user_id: int, text: str) -> list[SentMessage]:
        """The user types `text`; returns the bot's new messages to them."""
        before = len(self.sandbox.messages(user_id))
        return await self._act(user_id, self.sandbox.send_text(user_id, text), before)

    async def press(self, user_id: int, label: str) -> list[SentMessage]:
        """The user taps the button labelled `label` on the latest keyboard."""
        before = len(self.sandbox.messages(user_id))
        return await self._act(user_id, self.sandbox.press_button(user_id, label), before)

    async def press_data(self, user_id: int, message_id: int, data: str) -> list[SentMessage]:
        """The user's client sends callback `data` for `message_id` (may be forged)."""
        before = len(self.sandbox.messages(user_id))
        return await self._act(user_id, self.sandbox.press(user_id, message_id, data), before)

    async def sticker(self, user_id: int) -> list[SentMessage]:
        """The user sends a sticker."""
        before = len(self.sandbox.messages(user_id))
        return await self._act(user_id, self.sandbox.send_sticker(user_id), before)

    def texts(self, user_id: int) -> list[str]:
        """Plain text of every bot message in the chat so far."""
        return [self.sandbox.plain_text(m) for m in self.sandbox.messages(user_id)]


def plain(messages: list[SentMessage], sandbox: SandboxBotApi) -> str:
    """All those messages' visible text, joined, for `in` checks."""
    return "\n".join(sandbox.plain_text(m) for m in messages)


def buttons(message: SentMessage) -> list[str]:
    """Labels of a message's inline keyboard, row by row."""
    return [label for row in message.keyboard for (label, _data) in row]


@contextlib.asynccontextmanager
async def running_harness(
    database_url: str,
    clock: FakeClock,
    *,
    prepare: Callable[[SandboxBotApi], None] | None = None,
    **settings: Any,
) -> AsyncIterator[BotHarness]:
    """Start sandbox and bot (after `prepare` set up the sandbox); stop both at the end."""
    sandbox = SandboxBotApi(TOKEN)
    await sandbox.start()
    if prepare is not None:
        prepare(sandbox)
    try:
        config = Settings(
            telegram_bot_token=TOKEN,
            telegram_api_url=sandbox.base_url,
            database_url=database_url,
            background_jobs=False,
            **settings,
        )
        harness = BotHarness(sandbox, config, clock)
        await harness.start()
        try:
            yield harness
        finally:
            await harness.stop()
    finally:
        await sandbox.stop()


async def onboard(
    harness: BotHarness, user_id: int, *, diabetes: bool | None = False, second: str | None = None
) -> None:
    """Take a new user through onboarding with valid answers (Lisbon, 08:00; a second daily
    time only if `second` is given, else "No, once a day" when it is offered)."""
    await harness.send(user_id, "/start")
    await harness.press(user_id, t("onboarding.consent_yes"))
    await harness.send(user_id, "Lisbon")
    await harness.send(user_id, "08:00")
    await answer_second_time(harness, user_id, second)
    # None taps "I'm not sure".
    answer = {True: "yes", False: "no", None: "unsure"}[diabetes]
    await harness.press(user_id, t(f"onboarding.diabetes_{answer}"))


async def answer_second_time(harness: BotHarness, user_id: int, second: str | None) -> None:
    """If onboarding offers a second daily time (a twice-daily programme), type `second` or,
    without one, tap "No, once a day"."""
    last = harness.sandbox.plain_text(harness.sandbox.messages(user_id)[-1])
    if t("onboarding.second_time_question") not in last:
        return
    if second is None:
        await harness.press(user_id, t("onboarding.second_time_no"))
    else:
        await harness.send(user_id, second)
