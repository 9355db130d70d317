"""The dispatcher keeps rate x latency requests on the wire, batch after batch.

Telegram answering in 1 s at 30 messages/s needs about 30 requests in flight at every
moment (Little's law); the default configuration sizes that from the rate (38). The sender
here answers only once the whole expected number of requests is waiting on it (a barrier),
so a dispatcher that let the wire run dry while it writes to the database, or kept fewer
requests in flight, would never get an answer. Time is injected (the limiter sleeps on
`JumpTime`); the timeout only guards against that hang.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import telegram
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import InlineKeyboardMarkup

from bot.clock import FakeClock
from bot.delivery.dispatcher import DispatchConfig
from bot.sandbox import SandboxBotApi
from tests.integration.conftest import TOKEN
from tests.integration.test_dispatch import Env


@pytest.fixture
async def env(engine: AsyncEngine, sandbox: SandboxBotApi, clock: FakeClock) -> AsyncIterator[Env]:
    async with telegram.Bot(TOKEN, base_url=sandbox.base_url) as bot:
        yield Env(engine, sandbox, clock, bot)


class Barrier:
    """Answers requests only in full rounds of `width` (or the last, smaller one)."""

    def __init__(self, width: int, total: int) -> None:
        self.width = width
        self.left = total
        self.waiting: list[asyncio.Future[None]] = []
        self.rounds: list[int] = []

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        waiter = asyncio.get_running_loop().create_future()
        self.waiting.append(waiter)
        if len(self.waiting) == min(self.width, self.left):
            self.rounds.append(len(self.waiting))
            self.left -= len(self.waiting)
            for future in self.waiting:
                future.set_result(None)
            self.waiting = []
        await waiter
        return chat_id

    def release(self) -> None:
        """Answer whatever waits (after a failure, so that the tick can end)."""
        for future in self.waiting:
            future.set_result(None)
        self.waiting = []


async def test_thirty_per_second_keeps_38_requests_on_the_wire(env: Env) -> None:
    in_flight = DispatchConfig(rate=30.0).in_flight
    assert in_flight == 38
    users = list(range(3001, 3001 + 9 * in_flight))
    await env.seed(*users, open_chat=False)
    barrier = Barrier(in_flight, len(users))
    # Three rounds a batch, so that a full round never has to span two batches.
    dispatcher = env.dispatcher(sender=barrier, rate=30.0, batch_size=3 * in_flight)

    tick = asyncio.ensure_future(dispatcher.tick())
    finished, _ = await asyncio.wait([tick], timeout=60)
    if not finished:
        while not tick.done():
            barrier.release()
            await asyncio.sleep(0)
        pytest.fail(f"the wire ran dry: rounds {barrier.rounds}")
    report = tick.result()

    assert report.sent == len(users)
    assert barrier.rounds == [in_flight] * 9
