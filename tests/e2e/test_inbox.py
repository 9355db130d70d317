"""The durable inbox end to end, through real polling of the sandbox: an update received
but not handled when the process dies is handled once after restart; one chat's updates are
handled in order, one at a time, while other chats go on."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.app import RECEIVER_KEY, WORKER_KEY, App, build_application, start_app, stop_app
from bot.clock import FakeClock
from bot.config import Settings
from bot.inbox.polling import Poller
from bot.inbox.worker import InboxWorker
from bot.sandbox.server import SandboxBotApi
from bot.sandbox.tracker import UpdateTracker
from tests.e2e.harness import TOKEN

ANN, BOB = 7_700_000_001, 7_700_000_002


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxBotApi]:
    api = SandboxBotApi(TOKEN)
    await api.start()
    yield api
    await api.stop()


class Gate:
    """A first handler that records the order updates start in and holds chosen ones."""

    def __init__(self) -> None:
        self.started: list[tuple[int, int]] = []
        self.held: dict[int, asyncio.Event] = {}
        self.entered: dict[int, asyncio.Event] = {}

    def hold(self, update_id: int) -> None:
        self.held[update_id] = asyncio.Event()
        self.entered[update_id] = asyncio.Event()

    async def __call__(self, update: object, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert isinstance(update, Update) and update.effective_chat is not None
        self.started.append((update.effective_chat.id, update.update_id))
        if update.update_id in self.held:
            self.entered[update.update_id].set()
            await self.held[update.update_id].wait()


async def start(
    settings: Settings, clock: FakeClock, gate: Gate | None = None
) -> tuple[App, UpdateTracker]:
    app = build_application(settings, clock=clock)
    if gate is not None:
        app.add_handler(TypeHandler(Update, gate), group=-10)
    tracker = UpdateTracker()
    tracker.attach(app)
    await start_app(app, poll_timeout=1)
    return app, tracker


def settings_for(sandbox: SandboxBotApi, database_url: str) -> Settings:
    return Settings(
        telegram_bot_token=TOKEN,
        telegram_api_url=sandbox.base_url,
        database_url=database_url,
        background_jobs=False,
        inbox_lease_seconds=60,
    )


async def crash(app: App) -> None:
    """What kill -9 leaves: the worker stops mid-update without recording anything; then
    the process's connections are closed (the test's resources, not the bot's state)."""
    worker: InboxWorker = app.bot_data[WORKER_KEY]
    worker.abandon()
    poller = app.bot_data.pop(RECEIVER_KEY)
    assert isinstance(poller, Poller)
    poller.abandon()
    await stop_app(app)


async def test_an_update_stored_but_not_handled_at_a_crash_is_handled_once_after_restart(
    sandbox: SandboxBotApi, database_url: str, clock: FakeClock
) -> None:
    settings = settings_for(sandbox, database_url)
    gate = Gate()
    app, _ = await start(settings, clock, gate)
    uid = sandbox.send_text(ANN, "/help")
    gate.hold(uid)
    await asyncio.wait_for(gate.entered[uid].wait(), 5)
    # Telegram was told: the offset moved past it, the sandbox will never send it again.
    await sandbox.wait_update_consumed(uid)
    await crash(app)
    assert sandbox.messages(ANN) == []

    # The new process finds the crashed one's lease and leaves the chat alone until it
    # runs out; then the update is handled, once.
    again = Gate()
    app, tracker = await start(settings, clock, again)
    try:
        clock.advance(dt.timedelta(seconds=61))
        worker: InboxWorker = app.bot_data[WORKER_KEY]
        worker.wake()
        await tracker.wait(uid)
        assert again.started == [(ANN, uid)]
        # One answer: the crashed process never replied, the new one replied once.
        assert len(sandbox.messages(ANN)) == 1
    finally:
        await stop_app(app)


async def test_a_graceful_stop_hands_back_what_it_did_not_start(
    sandbox: SandboxBotApi, database_url: str, clock: FakeClock
) -> None:
    settings = settings_for(sandbox, database_url)
    gate = Gate()
    app, _ = await start(settings, clock, gate)
    first = sandbox.send_text(ANN, "/help")
    gate.hold(first)
    await asyncio.wait_for(gate.entered[first].wait(), 5)
    second = sandbox.send_text(ANN, "/help")
    await sandbox.wait_update_consumed(second)
    # Stopping waits for the update in hand and starts nothing new: the chat's next update
    # is left for the next process, at once (no lease to wait out).
    worker: InboxWorker = app.bot_data[WORKER_KEY]
    stopping = asyncio.create_task(worker.stop())
    await asyncio.sleep(0)
    gate.held[first].set()
    await stopping
    await stop_app(app)
    assert len(sandbox.messages(ANN)) == 1
    app, tracker = await start(settings, clock, Gate())
    try:
        await tracker.wait(second)
        assert len(sandbox.messages(ANN)) == 2
    finally:
        await stop_app(app)


async def test_one_chat_waits_its_turn_while_other_chats_go_on(
    sandbox: SandboxBotApi, database_url: str, clock: FakeClock
) -> None:
    gate = Gate()
    app, tracker = await start(settings_for(sandbox, database_url), clock, gate)
    try:
        first = sandbox.send_text(ANN, "/help")
        gate.hold(first)
        await asyncio.wait_for(gate.entered[first].wait(), 5)
        second = sandbox.send_text(ANN, "/help")
        other = sandbox.send_text(BOB, "/help")
        # Bob is answered while Ann's first update is still being handled...
        await tracker.wait(other)
        # ...and Ann's second waits for her first, however long it takes.
        assert (ANN, second) not in gate.started
        gate.held[first].set()
        await tracker.wait(second)
        ann = [uid for chat, uid in gate.started if chat == ANN]
        assert ann == [first, second]
        assert gate.started.index((BOB, other)) < gate.started.index((ANN, second))
    finally:
        await stop_app(app)
