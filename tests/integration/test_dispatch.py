"""The dispatcher against a real database and the sandbox Bot API, through real HTTP.

Time is injected: the clock is a `FakeClock`, and the rate limiter and retry back-off sleep
on `JumpTime`, which records each requested wait and returns at once. Nothing here waits
for real seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import telegram
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import SQLModel
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, Escalation, PromptStatus
from bot.db.store import snooze_prompt
from bot.delivery.dispatcher import (
    UNKNOWN_OUTCOME,
    AiohttpSender,
    DispatchConfig,
    Dispatcher,
    PromptItem,
    PtbSender,
    Sender,
    TickReport,
)
from bot.delivery.notify import DeliveryNotifier
from bot.delivery.ratelimit import RateLimiter
from bot.domain.notice import Notice, Outcome
from bot.sandbox import SandboxBotApi
from tests.conftest import T0, JumpTime, backend
from tests.integration.conftest import TOKEN

LISBON = "Europe/Lisbon"  # UTC+0 in November: local times read as UTC
USERS = SQLModel.metadata.tables["users"]
SCHEDULES = SQLModel.metadata.tables["schedules"]
PROMPTS = SQLModel.metadata.tables["prompts"]
HOUR = dt.timedelta(hours=1)


class Env:
    """One test's database, sandbox, clock and senders, with helpers to seed and inspect."""

    def __init__(
        self, engine: AsyncEngine, sandbox: SandboxBotApi, clock: FakeClock, bot: telegram.Bot
    ) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = session_factory(engine)
        self.sandbox = sandbox
        self.clock = clock
        self.bot = bot
        self.time = JumpTime()

    async def seed(
        self,
        *user_ids: int,
        times: str = "09:00",
        zone: str = LISBON,
        due: dt.datetime = T0,
        open_chat: bool = True,
        **schedule: Any,
    ) -> None:
        """Consenting patients who wrote to the bot, each with a schedule due at `due`."""
        now = self.clock()
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(USERS),
                [
                    {
                        "id": uid,
                        "chat_id": uid,
                        "role": "patient",
                        "consent": "given",
                        "consent_at": now,
                        "onboarding_step": "done",
                        "timezone": zone,
                        "active": True,
                        "programme_id": "default",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for uid in user_ids
                ],
            )
            values = {"weekdays": 0b1111111, "paused": False, "stopped": False, **schedule}
            await conn.execute(
                insert(SCHEDULES),
                [
                    {
                        "user_id": uid,
                        "times": times,
                        "next_due_at": due,
                        "created_at": now,
                        "updated_at": now,
                        **values,
                    }
                    for uid in user_ids
                ],
            )
        for uid in user_ids if open_chat else ():
            self.sandbox.send_text(uid, "/start")  # a bot may only message who wrote first

    def dispatcher(
        self,
        *,
        sender: Sender | None = None,
        render: Callable[[PromptItem], tuple[str, InlineKeyboardMarkup | None]] | None = None,
        owner: str = "test",
        engine: AsyncEngine | None = None,
        **config: Any,
    ) -> Dispatcher:
        config.setdefault("rate", None)
        kwargs: dict[str, Any] = {} if render is None else {"render": render}
        return Dispatcher(
            sessions=session_factory(engine) if engine is not None else self.sessions,
            sender=sender or PtbSender(self.bot),
            clock=self.clock,
            config=DispatchConfig(**config),
            owner=owner,
            sleep=self.time.sleep,
            monotonic=self.time.monotonic,
            **kwargs,
        )

    def received(self, uid: int) -> int:
        """How many messages the sandbox accepted for this chat."""
        return self.sandbox.stats()["send_message_ok_by_chat"][uid]

    async def prompts(self, uid: int | None = None, kind: str | None = "daily") -> list[Row[Any]]:
        """Prompt rows in insertion order; only daily ones unless `kind` says otherwise."""
        query = select(PROMPTS).order_by(PROMPTS.c.id)
        if uid is not None:
            query = query.where(PROMPTS.c.user_id == uid)
        if kind is not None:
            query = query.where(PROMPTS.c.kind == kind)
        async with self.engine.connect() as conn:
            return list((await conn.execute(query)).all())

    async def schedule(self, uid: int) -> Row[Any]:
        async with self.engine.connect() as conn:
            result = await conn.execute(select(SCHEDULES).where(SCHEDULES.c.user_id == uid))
            return result.one()

    async def user(self, uid: int) -> Row[Any]:
        async with self.engine.connect() as conn:
            return (await conn.execute(select(USERS).where(USERS.c.id == uid))).one()

    async def add(self, *rows: SQLModel) -> None:
        async with self.sessions() as session:
            session.add_all(rows)
            await session.commit()


@pytest.fixture
async def env(engine: AsyncEngine, sandbox: SandboxBotApi, clock: FakeClock) -> AsyncIterator[Env]:
    async with telegram.Bot(TOKEN, base_url=sandbox.base_url) as bot:
        yield Env(engine, sandbox, clock, bot)


@pytest.fixture(params=["ptb", "aiohttp"])
async def sender(request: pytest.FixtureRequest, env: Env) -> AsyncIterator[Sender]:
    """Both senders: they must behave the same on every Bot API answer."""
    if request.param == "ptb":
        yield PtbSender(env.bot)
        return
    async with AiohttpSender(env.sandbox.base_url, TOKEN) as lean:
        yield lean


def same(report: TickReport, **expected: int) -> None:
    actual = {key: getattr(report, key) for key in expected}
    assert actual == expected


# PTB itself warns when it builds a RetryAfter (the int -> timedelta migration).
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


# ------------------------------------------------------------------ the basic promise


async def test_due_users_get_exactly_one_prompt_and_others_none(env: Env) -> None:
    due = list(range(101, 121))
    later = list(range(201, 206))
    await env.seed(*due)
    await env.seed(*later, times="10:00", due=T0 + HOUR)

    report = await env.dispatcher(batch_size=7).tick()

    same(report, sent=20, failed=0, missed=0, skipped=0, duplicates_avoided=0)
    assert report.batches == 3
    assert all(env.received(uid) == 1 for uid in due)
    assert all(env.received(uid) == 0 for uid in later)
    rows = await env.prompts()
    assert len(rows) == 20
    assert {r.status for r in rows} == {"sent"}
    assert all(r.message_id and r.sent_at == T0 and r.attempts == 1 for r in rows)
    # Each sent daily prompt scheduled its one follow-up (12:00, not yet due).
    followups = await env.prompts(kind="followup")
    assert {(r.status, r.due_at) for r in followups} == {("scheduled", T0 + 3 * HOUR)}
    assert len(followups) == 20
    schedule = await env.schedule(101)
    assert schedule.next_due_at == T0 + dt.timedelta(days=1)
    assert schedule.lease_until is None and schedule.lease_owner is None

    # Nothing more is due: a second tick sends nothing.
    same(await env.dispatcher().tick(), sent=0)
    env.clock.advance(HOUR)
    same(await env.dispatcher().tick(), sent=5)
    assert all(env.received(uid) == 1 for uid in due + later)


async def test_renderer_gets_the_prompt_id_for_its_buttons(env: Env) -> None:
    await env.seed(301)
    seen: list[PromptItem] = []

    def render(item: PromptItem) -> tuple[str, InlineKeyboardMarkup | None]:
        seen.append(item)
        button = InlineKeyboardButton("Start", callback_data=f"drill:{item.prompt_id}")
        return f"Time to move, prompt {item.prompt_id}", InlineKeyboardMarkup([[button]])

    await env.dispatcher(render=render).tick()

    (row,) = await env.prompts(301)
    (item,) = seen
    assert (item.prompt_id, item.user_id, item.chat_id, item.kind) == (row.id, 301, 301, "daily")
    assert item.due_at == T0 and item.local_day == T0.date()
    message = env.sandbox.last_message(301)
    assert message.inline_keyboard is not None
    assert message.inline_keyboard[0][0]["callback_data"] == f"drill:{row.id}"


async def test_prompts_and_notices_share_the_process_limiter(env: Env) -> None:
    """One limiter per process: a notice right after a prompt to the same chat waits out the
    per-chat second instead of drawing on a budget of its own."""
    await env.seed(311)
    limiter = RateLimiter(None, monotonic=env.time.monotonic, sleep=env.time.sleep)
    sender = PtbSender(env.bot)
    dispatcher = Dispatcher(
        sessions=env.sessions,
        sender=sender,
        clock=env.clock,
        config=DispatchConfig(rate=None),
        sleep=env.time.sleep,
        monotonic=env.time.monotonic,
        limiter=limiter,
    )
    assert dispatcher.limiter is limiter
    notifier = DeliveryNotifier(
        sessions=env.sessions, sender=sender, limiter=limiter, clock=env.clock
    )
    same(await dispatcher.tick(), sent=1)
    assert await notifier.send(Notice(chat_id=311, text="Digest", kind="test")) is Outcome.SENT
    assert env.received(311) == 2
    assert env.time.sleeps == [1.0]


# ------------------------------------------------------------------ Bot API failures


async def test_429_is_honoured_without_losing_the_message(env: Env, sender: Sender) -> None:
    await env.seed(401, 402)
    env.sandbox.inject_fault("sendMessage", chat_id=401, kind="429", retry_after=3, count=2)

    report = await env.dispatcher(sender=sender, per_chat_interval=0).tick()

    same(report, sent=2, failed=0)
    assert env.received(401) == 1 and env.received(402) == 1
    assert env.time.sleeps == [3.0, 3.0]
    (row,) = await env.prompts(401)
    assert (row.status, row.attempts) == ("sent", 1)  # flood waits are not attempts


async def test_429_beyond_the_cap_fails_the_prompt(env: Env, sender: Sender) -> None:
    await env.seed(411)
    env.sandbox.inject_fault("sendMessage", chat_id=411, kind="429", retry_after=1, count=10)

    report = await env.dispatcher(sender=sender, per_chat_interval=0, max_retry_after=2).tick()

    same(report, sent=0, failed=1)
    (row,) = await env.prompts(411)
    assert row.status == "failed" and "RetryAfter" in row.error


async def test_5xx_is_retried_with_backoff_then_sent(env: Env, sender: Sender) -> None:
    await env.seed(501)
    env.sandbox.inject_fault("sendMessage", chat_id=501, kind="5xx", status=502, count=2)

    report = await env.dispatcher(sender=sender, per_chat_interval=0).tick()

    same(report, sent=1, failed=0)
    assert env.received(501) == 1
    assert env.time.sleeps == [0.5, 1.0]
    (row,) = await env.prompts(501)
    assert (row.status, row.attempts, row.error) == ("sent", 3, None)


async def test_network_errors_are_retried(env: Env, sender: Sender) -> None:
    await env.seed(511)
    env.sandbox.inject_fault("sendMessage", chat_id=511, kind="network", count=1)

    report = await env.dispatcher(sender=sender, per_chat_interval=0).tick()

    same(report, sent=1)
    assert env.received(511) == 1


async def test_persistent_5xx_is_recorded_failed(env: Env, sender: Sender) -> None:
    await env.seed(521)
    env.sandbox.inject_fault("sendMessage", chat_id=521, kind="5xx", status=503, count=50)

    report = await env.dispatcher(sender=sender, per_chat_interval=0, max_attempts=4).tick()

    same(report, sent=0, failed=1)
    assert env.received(521) == 0
    assert env.time.sleeps == [0.5, 1.0, 2.0]
    (row,) = await env.prompts(521)
    assert row.status == "failed" and row.attempts == 4
    assert "NetworkError" in row.error and "Service Unavailable" in row.error
    # The schedule moved on: a failed prompt is not retried forever on later ticks.
    assert (await env.schedule(521)).next_due_at == T0 + dt.timedelta(days=1)


async def test_bad_request_fails_at_once(env: Env, sender: Sender) -> None:
    await env.seed(531, open_chat=False)  # never wrote to the bot: "chat not found"

    report = await env.dispatcher(sender=sender, per_chat_interval=0).tick()

    same(report, sent=0, failed=1)
    assert env.time.sleeps == []
    (row,) = await env.prompts(531)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "BadRequest" in row.error and "chat not found" in row.error.lower()


async def test_403_blocks_the_patient_and_stops_prompts(env: Env, sender: Sender) -> None:
    await env.seed(601, 602)
    env.sandbox.block(601)

    report = await env.dispatcher(sender=sender).tick()

    same(report, sent=1, blocked=1, failed=0)
    (row,) = await env.prompts(601)
    assert row.status == "blocked" and "blocked by the user" in row.error
    assert (await env.user(601)).active is False
    assert (await env.user(602)).active is True

    # Next day: the blocked patient is not even claimed any more.
    env.clock.advance(dt.timedelta(days=1))
    env.sandbox.unblock(601)
    same(await env.dispatcher(sender=sender).tick(), sent=1, blocked=0)
    assert env.received(601) == 0 and env.received(602) == 2
    assert len(await env.prompts(601)) == 1
    assert (await env.schedule(601)).next_due_at is None  # never rescanned while blocked


# ------------------------------------------------------------------ restarts and crashes


class StopAfter:
    """A sender that signals once `count` messages went out (to stop a tick mid-batch)."""

    def __init__(self, inner: Sender, count: int) -> None:
        self.inner = inner
        self.count = count
        self.sent = 0
        self.reached = asyncio.Event()

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        message_id = await self.inner.send(chat_id, text, reply_markup)
        self.sent += 1
        if self.sent >= self.count:
            self.reached.set()
        return message_id


async def test_restart_mid_batch_loses_and_doubles_nothing(env: Env) -> None:
    users = list(range(1001, 1121))
    await env.seed(*users)
    stopper = StopAfter(PtbSender(env.bot), 25)
    first = env.dispatcher(sender=stopper, owner="first", batch_size=50, concurrency=8)

    task = asyncio.create_task(first.tick())
    await stopper.reached.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    # A graceful stop left nothing half-done: no "sending" rows, no leases.
    rows = await env.prompts()
    assert {r.status for r in rows} == {"sent"}
    assert 25 <= len(rows) < 120
    async with env.engine.connect() as conn:
        leased = await conn.execute(
            select(func.count()).where(SCHEDULES.c.lease_owner.is_not(None))
        )
        assert leased.scalar_one() == 0

    report = await env.dispatcher(owner="second").tick()

    assert report.sent == 120 - len(rows)
    assert [env.received(uid) for uid in users] == [1] * 120
    rows = await env.prompts()
    assert len(rows) == 120 and {r.status for r in rows} == {"sent"}


async def test_stop_hands_back_claimed_follow_ups(env: Env) -> None:
    users = list(range(1151, 1211))
    await env.seed(*users, due=T0 + HOUR)  # daily prompts not due: only the follow-ups are
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
    stopper = StopAfter(PtbSender(env.bot), 10)
    first = env.dispatcher(sender=stopper, owner="first", batch_size=20, concurrency=4)
    await first.stop()  # idle: nothing to stop

    task = asyncio.create_task(first.tick())
    await stopper.reached.wait()
    await first.stop()

    assert task.cancelled()
    statuses = [r.status for r in await env.prompts(kind="followup")]
    assert set(statuses) == {"sent", "scheduled"} and statuses.count("sent") >= 10
    same(await env.dispatcher(owner="second").tick(), sent=statuses.count("scheduled"))
    assert [env.received(uid) for uid in users] == [1] * 60


async def test_after_a_hard_crash_a_sending_prompt_is_not_resent(env: Env) -> None:
    await env.seed(1201, 1202)
    # What a process killed mid-send leaves: a "sending" row and a lease that runs out.
    async with env.engine.begin() as conn:
        await conn.execute(
            insert(PROMPTS).values(
                user_id=1201,
                kind="daily",
                due_at=T0,
                local_day=T0.date(),
                status="sending",
                attempts=1,
                lease_until=T0 - dt.timedelta(minutes=1),
                created_at=T0,
            )
        )
        await conn.execute(
            update(SCHEDULES)
            .where(SCHEDULES.c.user_id == 1201)
            .values(lease_owner="crashed", lease_until=T0 - dt.timedelta(minutes=1))
        )

    report = await env.dispatcher().tick()

    same(report, sent=1, duplicates_avoided=1, stale_marked=1)
    assert env.received(1201) == 0 and env.received(1202) == 1
    (row,) = await env.prompts(1201)
    assert row.status == "failed" and row.error == UNKNOWN_OUTCOME
    schedule = await env.schedule(1201)
    assert schedule.next_due_at == T0 + dt.timedelta(days=1) and schedule.lease_owner is None


async def test_a_live_lease_is_not_taken_over(env: Env) -> None:
    await env.seed(1301)
    async with env.engine.begin() as conn:
        await conn.execute(
            update(SCHEDULES)
            .where(SCHEDULES.c.user_id == 1301)
            .values(lease_owner="other", lease_until=T0 + dt.timedelta(minutes=5))
        )
    same(await env.dispatcher().tick(), sent=0)
    assert env.received(1301) == 0


# ------------------------------------------------------------------ downtime


async def test_late_within_grace_is_sent_once_beyond_is_missed(env: Env) -> None:
    await env.seed(1401, times="08:00", due=T0 - HOUR)  # one hour late
    await env.seed(1402, times="06:00", due=T0 - 3 * HOUR)  # three hours late

    report = await env.dispatcher().tick()

    same(report, sent=1, missed=1)
    assert env.received(1401) == 1 and env.received(1402) == 0
    (missed,) = await env.prompts(1402)
    assert missed.status == "missed" and missed.sent_at is None
    assert (await env.schedule(1402)).next_due_at == T0 + dt.timedelta(days=1, hours=-3)
    same(await env.dispatcher().tick(), sent=0, missed=0)


async def test_long_downtime_records_one_missed_then_sends_today(env: Env) -> None:
    await env.seed(1501, times="09:00", due=T0 - dt.timedelta(days=5))

    report = await env.dispatcher().tick()

    # Five days down: one "missed" row, not five; today's 09:00 (due now) is sent.
    same(report, sent=1, missed=1)
    rows = await env.prompts(1501)
    assert [(r.status, r.due_at) for r in rows] == [
        ("missed", T0 - dt.timedelta(days=5)),
        ("sent", T0),
    ]
    assert env.received(1501) == 1


# ------------------------------------------------------------------ who gets nothing


async def test_paused_stopped_and_escalated_patients_get_nothing(env: Env) -> None:
    await env.seed(1601, paused=True)
    await env.seed(1602, paused=True, resume_on=T0.date() + dt.timedelta(days=2))
    await env.seed(1603, stopped=True)
    await env.seed(1604)  # escalation waiting for confirmation
    await env.seed(1605)  # escalation already confirmed: prompts resume
    await env.seed(1606, paused=True, resume_on=T0.date())  # pause ends today
    await env.seed(1607)  # consent withdrawn

    def escalation(uid: int, **extra: Any) -> Escalation:
        return Escalation(
            user_id=uid,
            chat_id=uid,
            source="text",
            level="urgent",
            advice="Please contact a clinician today.",
            created_at=T0 - HOUR,
            pauses_prompts=True,
            **extra,
        )

    await env.add(escalation(1604), escalation(1605, confirmed_at=T0 - dt.timedelta(minutes=5)))
    async with env.engine.begin() as conn:
        await conn.execute(update(USERS).where(USERS.c.id == 1607).values(consent="refused"))

    report = await env.dispatcher().tick()

    same(report, sent=2, skipped=3)
    received = {uid: env.received(uid) for uid in range(1601, 1608)}
    assert received == {1601: 0, 1602: 0, 1603: 0, 1604: 0, 1605: 1, 1606: 1, 1607: 0}
    reasons = {r.user_id: (r.status, r.error) for r in await env.prompts()}
    assert reasons[1601] == ("skipped", "paused")
    assert reasons[1602] == ("skipped", "paused")
    assert reasons[1604] == ("skipped", "escalation")
    assert 1603 not in reasons and 1607 not in reasons  # never claimed
    # The pause that ran out is cleared; the others stay.
    assert (await env.schedule(1606)).paused is False
    assert (await env.schedule(1606)).resume_on is None
    assert (await env.schedule(1601)).paused is True
    # Skipped prompts move the schedule on like any other.
    assert (await env.schedule(1601)).next_due_at == T0 + dt.timedelta(days=1)


# ------------------------------------------------------------------ follow-up and snooze


async def test_followup_sent_once_unless_the_drill_was_done(env: Env) -> None:
    await env.seed(1701, 1702)
    await env.seed(1703, times="09:00,10:00")
    await env.seed(1704, zone="Asia/Tokyo", times="18:00")  # 18:00 + 3 h is quiet there
    await env.dispatcher().tick()

    followups = await env.prompts(kind="followup")
    assert {(r.user_id, r.due_at, r.status) for r in followups} == {
        (uid, T0 + 3 * HOUR, "scheduled") for uid in (1701, 1702, 1703)
    }
    # 1702 does the drill at 10:00; 1703 gets its second daily prompt then.
    env.clock.advance(HOUR)
    await env.add(
        DrillSession(
            user_id=1702,
            programme_id="default",
            local_day=T0.date(),
            exercises="threading",
            status="finished",
            chat_id=1702,
            started_at=env.clock(),
            ended_at=env.clock(),
        )
    )
    same(await env.dispatcher().tick(), sent=1)
    assert env.received(1703) == 2

    env.clock.advance(2 * HOUR)  # 12:00
    report = await env.dispatcher().tick()

    same(report, sent=2, skipped=1)
    assert env.received(1701) == 2 and env.received(1702) == 1 and env.received(1703) == 3
    by_user = {r.user_id: r for r in await env.prompts(kind="followup")}
    assert by_user[1701].status == "sent"
    assert (by_user[1702].status, by_user[1702].error) == ("skipped", "drill_done")
    assert 1704 not in by_user
    # One nudge a day, even with two daily times.
    assert len(await env.prompts(1703, kind="followup")) == 1
    same(await env.dispatcher().tick(), sent=0)


async def test_snooze_moves_one_prompt_not_the_schedule(env: Env) -> None:
    await env.seed(1801)
    await env.dispatcher(followup_after=None).tick()
    (daily,) = await env.prompts(1801)

    env.clock.advance(dt.timedelta(minutes=2))
    async with env.sessions() as session:
        first = await snooze_prompt(
            session, prompt_id=daily.id, delay=dt.timedelta(hours=1), now=env.clock()
        )
        # Pressed again, with another choice: the prompt moves, it is not doubled.
        second = await snooze_prompt(
            session, prompt_id=daily.id, delay=dt.timedelta(minutes=30), now=env.clock()
        )
        # The same choice twice at the same instant: the same row, still scheduled.
        again = await snooze_prompt(
            session, prompt_id=daily.id, delay=dt.timedelta(minutes=30), now=env.clock()
        )
        unknown = await snooze_prompt(
            session, prompt_id=999_999, delay=dt.timedelta(hours=1), now=env.clock()
        )
        await session.commit()
    assert first is not None and second is not None and again is not None and unknown is None
    assert second.due_at == T0 + dt.timedelta(minutes=32)
    assert again.id == second.id
    snoozes = await env.prompts(1801, kind="snooze")
    assert sorted(r.status for r in snoozes) == ["cancelled", "scheduled"]

    env.clock.advance(dt.timedelta(minutes=10))
    same(await env.dispatcher().tick(), sent=0)
    env.clock.advance(dt.timedelta(minutes=20))  # 09:32
    report = await env.dispatcher().tick()

    same(report, sent=1)
    assert env.received(1801) == 2
    statuses = {(r.kind, r.status) for r in await env.prompts(1801, kind=None)}
    assert statuses == {("daily", "sent"), ("snooze", "sent"), ("snooze", "cancelled")}
    assert (await env.schedule(1801)).next_due_at == T0 + dt.timedelta(days=1)
    env.clock.advance(dt.timedelta(hours=1))
    same(await env.dispatcher().tick(), sent=0)


async def test_snooze_is_honoured_even_once_the_drill_is_done(env: Env) -> None:
    # The patient was told when it comes back: it comes (issue 13, never promise and drop).
    await env.seed(1901)
    await env.dispatcher(followup_after=None).tick()
    (daily,) = await env.prompts(1901)
    async with env.sessions() as session:
        await snooze_prompt(
            session, prompt_id=daily.id, delay=dt.timedelta(minutes=30), now=env.clock()
        )
        await session.commit()
    await env.add(
        DrillSession(
            user_id=1901,
            programme_id="default",
            local_day=T0.date(),
            exercises="threading",
            status="aborted",
            chat_id=1901,
            started_at=env.clock(),
        )
    )
    env.clock.advance(dt.timedelta(minutes=30))
    same(await env.dispatcher().tick(), sent=1, skipped=0)
    assert env.received(1901) == 2


async def test_daily_prompt_of_a_done_day_or_a_skipped_day_is_not_sent(env: Env) -> None:
    await env.seed(1911, 1912, times="09:00,10:00")
    await env.dispatcher(followup_after=None).tick()
    first = {p.user_id: p for p in await env.prompts(kind="daily")}
    # Two sessions done: each daily time serves its own session (reminders.slot_of), so the
    # second time is silenced only by a second session (one is not enough: test_twice_daily).
    for _ in range(2):
        await env.add(
            DrillSession(
                user_id=1911,
                programme_id="default",
                local_day=T0.date(),
                exercises="threading",
                status="finished",
                chat_id=1911,
                started_at=env.clock(),
                ended_at=env.clock(),
            )
        )
    async with env.sessions() as session:
        await session.execute(
            PROMPTS.update().where(PROMPTS.c.id == first[1912].id).values(response="skip")
        )
        await session.commit()
    env.clock.advance(HOUR)  # 10:00, the second daily time
    same(await env.dispatcher(followup_after=None).tick(), sent=0, skipped=2)
    errors = {p.user_id: p.error for p in await env.prompts(kind="daily") if p.due_at > T0}
    assert errors == {1911: "drill_done", 1912: "day_skipped"}
    env.clock.advance(23 * HOUR)  # the next day's 09:00 is an ordinary day for both
    same(await env.dispatcher(followup_after=None).tick(), sent=2)


# ------------------------------------------------------------------ several processes


@pytest.mark.skipif(backend() != "postgresql", reason="SKIP LOCKED sharing needs PostgreSQL")
async def test_two_dispatchers_share_the_work_without_duplicates(
    env: Env, database_url: str
) -> None:
    users = list(range(100_001, 102_001))
    await env.seed(*users)
    # Two engines, as two processes would have.
    engine_a, engine_b = create_engine(database_url), create_engine(database_url)
    try:
        a = env.dispatcher(owner="a", engine=engine_a, batch_size=100)
        b = env.dispatcher(owner="b", engine=engine_b, batch_size=100)
        report_a, report_b = await asyncio.gather(a.tick(), b.tick())
    finally:
        await engine_a.dispose()
        await engine_b.dispose()

    assert report_a.sent + report_b.sent == 2000
    assert report_a.sent > 0 and report_b.sent > 0
    assert report_a.duplicates_avoided == report_b.duplicates_avoided == 0
    counts = env.sandbox.stats()["send_message_ok_by_chat"]
    assert [counts[uid] for uid in users] == [1] * 2000
    rows = await env.prompts()
    assert len(rows) == 2000 and {r.status for r in rows} == {PromptStatus.SENT.value}
