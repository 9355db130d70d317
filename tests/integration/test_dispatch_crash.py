"""A dispatcher that dies mid-batch costs at most what was in flight, and nothing twice.

The crash is simulated the way a ``kill -9`` looks from the database: after the k-th
message the process can no longer write anything (its session factory refuses), its
requests still on the wire never answer, and no graceful stop records or releases anything.
A second dispatcher then starts, on a clock moved past the lease: it must mark only the
rows that were ``sending`` (at most ``concurrency + chunk``) as unknown, log their number,
and deliver every other prompt exactly once. Time is injected; nothing waits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
import telegram
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import InlineKeyboardMarkup
from telegram.error import NetworkError

from bot.clock import FakeClock
from bot.delivery.dispatcher import UNKNOWN_OUTCOME, PtbSender, Sender
from bot.sandbox import SandboxBotApi
from tests.conftest import T0
from tests.integration.conftest import TOKEN
from tests.integration.test_dispatch import HOUR, PROMPTS, Env

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def env(engine: AsyncEngine, sandbox: SandboxBotApi, clock: FakeClock) -> AsyncIterator[Env]:
    async with telegram.Bot(TOKEN, base_url=sandbox.base_url) as bot:
        yield Env(engine, sandbox, clock, bot)


class Crashed(RuntimeError):
    """What the dead process's database writes raise."""


class Crash:
    """The death of one dispatcher process after `after` messages went out."""

    def __init__(self, inner: Sender, after: int) -> None:
        self.inner = inner
        self.after = after
        self.sent = 0
        self.dead = False
        self.happened = asyncio.Event()
        self.hung = 0
        self._unhang = asyncio.Event()

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        if not self.dead:
            message_id = await self.inner.send(chat_id, text, reply_markup)
            self.sent += 1
            if self.sent >= self.after:
                self.dead = True
                self.happened.set()
            return message_id
        # A request of a dead process: never answered (and never delivered).
        self.hung += 1
        await self._unhang.wait()
        raise NetworkError("the process is gone")

    def sessions(self, real: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
        """The session factory of the doomed process: refuses once it is dead."""

        def make(*args: Any, **kwargs: Any) -> AsyncSession:
            if self.dead:
                raise Crashed("the process is gone")
            return real(*args, **kwargs)

        return cast("async_sessionmaker[AsyncSession]", make)

    async def bury(self, task: asyncio.Task[Any]) -> None:
        """Let the dead tick end without touching the database (only for a clean loop)."""
        task.cancel()
        self._unhang.set()
        with pytest.raises((Crashed, asyncio.CancelledError)):
            await task


async def crash_mid_batch(env: Env, crash: Crash, **config: Any) -> None:
    """Run one tick with `crash` until it dies, and let it end without any write."""
    first = env.dispatcher(sender=crash, owner="doomed", **config)
    first._sessions = crash.sessions(env.sessions)
    task = asyncio.create_task(first.tick())
    await crash.happened.wait()
    for _ in range(50):  # the other workers reach their (hanging) requests
        await asyncio.sleep(0)
    await crash.bury(task)


@pytest.mark.parametrize("after", [1, 20, 45])
async def test_a_crash_mid_batch_costs_at_most_what_was_in_flight(
    env: Env, caplog: pytest.LogCaptureFixture, after: int
) -> None:
    users = list(range(2001, 2121))
    await env.seed(*users)
    crash = Crash(PtbSender(env.bot), after)
    concurrency, chunk = 8, 4

    await crash_mid_batch(env, crash, batch_size=50, concurrency=concurrency, chunk=chunk)

    rows = await env.prompts()
    sending = [r for r in rows if r.status == "sending"]
    # The old design recorded the whole batch (50) "sending" before the first send.
    assert 0 < len(sending) <= concurrency + chunk
    assert all(env.received(uid) <= 1 for uid in users)

    # The next process starts after the leases ran out.
    env.clock.advance(dt.timedelta(minutes=11))
    caplog.set_level(logging.INFO, logger="bot.delivery.dispatcher")
    report = await env.dispatcher(owner="next").tick()

    assert report.stale_marked == len(sending)
    assert f"{len(sending)} prompt(s) left 'sending'" in caplog.text
    unknown = {r.user_id for r in sending}
    assert [env.received(uid) for uid in users if uid not in unknown] == [1] * (120 - len(unknown))
    assert all(env.received(uid) <= 1 for uid in unknown)  # never twice
    rows = await env.prompts()
    assert len(rows) == 120
    assert {r.user_id for r in rows if r.status == "failed"} == unknown
    assert {r.error for r in rows if r.status == "failed"} <= {UNKNOWN_OUTCOME}
    assert {r.status for r in rows if r.user_id not in unknown} == {"sent"}
    # Nothing more to do, nothing sent again.
    assert (await env.dispatcher(owner="later").tick()).handled == 0
    assert sum(env.received(uid) for uid in users) == report.sent + crash.sent


async def test_a_crash_leaves_claimed_follow_ups_to_be_sent_once(env: Env) -> None:
    users = list(range(2201, 2241))
    await env.seed(*users, due=T0 + HOUR)  # only the follow-ups are due
    async with env.engine.begin() as conn:
        await conn.execute(
            insert(PROMPTS),
            [
                {
                    "user_id": uid,
                    "kind": "followup",
                    "due_at": T0,
                    "local_day": T0.date(),
                    "status": "scheduled",
                    "attempts": 0,
                    "created_at": T0 - 3 * HOUR,
                }
                for uid in users
            ],
        )
    crash = Crash(PtbSender(env.bot), 6)

    await crash_mid_batch(env, crash, batch_size=40, concurrency=4, chunk=2)

    rows = await env.prompts(kind="followup")
    sending = {r.user_id for r in rows if r.status == "sending"}
    assert 0 < len(sending) <= 6
    # Claimed but never recorded: still "scheduled", under a lease that will run out.
    statuses = [r.status for r in rows]
    assert set(statuses) <= {"sent", "sending", "scheduled"} and statuses.count("scheduled") > 20

    # Before the lease runs out nobody takes them over...
    assert (await env.dispatcher(owner="early").tick()).sent == 0
    env.clock.advance(dt.timedelta(minutes=11))
    report = await env.dispatcher(owner="next").tick()

    assert report.stale_marked == len(sending)
    assert [env.received(uid) for uid in users if uid not in sending] == [1] * (40 - len(sending))
    assert all(env.received(uid) <= 1 for uid in sending)


async def test_first_tick_logs_that_nothing_was_left_unknown(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.delivery.dispatcher")
    dispatcher = env.dispatcher()
    await dispatcher.tick()
    await dispatcher.tick()
    lines = [r for r in caplog.records if "unknown outcome" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.INFO
