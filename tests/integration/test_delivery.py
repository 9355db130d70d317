"""The one delivery path for bot-initiated notices (`bot.delivery.notify`) against the sandbox
Bot API and a real database: each Bot API answer (403, 429, 5xx, 400), long texts split, keys
sent once by two notifiers on two engines (two processes), one failure never stopping the
rest, and the digest job over it (a blocked therapist costs only their own digest).

Time is fake: the limiter and the back-off sleep on a clock that jumps, never for real.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
import telegram
from sqlalchemy import insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel
from telegram.error import NetworkError

from bot.clock import FakeClock
from bot.config import Settings
from bot.content import Content
from bot.db.engine import create_engine, session_factory
from bot.db.models import Delivery
from bot.delivery import jobs
from bot.delivery.notify import MAX_MESSAGE_CHARS, DeliveryNotifier, NotifyConfig
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.senders import AiohttpSender, PtbSender, Sender
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain.notice import Notice, Outcome
from bot.sandbox import SandboxBotApi
from tests.conftest import T0, JumpTime
from tests.integration.conftest import TOKEN

USERS = SQLModel.metadata.tables["users"]
SCHEDULES = SQLModel.metadata.tables["schedules"]
THERAPISTS = SQLModel.metadata.tables["therapists"]
ESCALATIONS = SQLModel.metadata.tables["escalations"]
DELIVERIES = SQLModel.metadata.tables[Delivery.__tablename__]


class Env:
    """One test's database, sandbox, clock and fake time, with helpers to seed and inspect."""

    def __init__(self, engine: AsyncEngine, sandbox: SandboxBotApi, clock: FakeClock) -> None:
        self.engine = engine
        self.sandbox = sandbox
        self.clock = clock
        self.time = JumpTime()

    def notifier(
        self, sender: Sender, *, engine: AsyncEngine | None = None, **config: Any
    ) -> DeliveryNotifier:
        # No pacing here, so the sleeps seen are the back-off's (pacing has its own test).
        limiter = RateLimiter(
            None, per_chat_interval=0, monotonic=self.time.monotonic, sleep=self.time.sleep
        )
        return DeliveryNotifier(
            sessions=session_factory(engine or self.engine),
            sender=sender,
            limiter=limiter,
            clock=self.clock,
            config=NotifyConfig(**config),
            sleep=self.time.sleep,
        )

    async def seed(self, *user_ids: int, role: str = "patient", open_chat: bool = True) -> None:
        """Users who wrote to the bot (a bot may only message who wrote first)."""
        now = self.clock()
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(USERS),
                [
                    {
                        "id": uid,
                        "chat_id": uid,
                        "role": role,
                        "consent": "given",
                        "onboarding_step": "done",
                        "timezone": "Europe/Lisbon",
                        "active": True,
                        "programme_id": "default",
                        "display_name": f"Person {uid}",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for uid in user_ids
                ],
            )
        for uid in user_ids if open_chat else ():
            self.sandbox.send_text(uid, "/start")

    def received(self, uid: int) -> int:
        return self.sandbox.stats()["send_message_ok_by_chat"].get(uid, 0)

    async def row(self, key: str) -> Row[Any]:
        async with self.engine.connect() as conn:
            result = await conn.execute(select(DELIVERIES).where(DELIVERIES.c.key == key))
            return result.one()

    async def user(self, uid: int) -> Row[Any]:
        async with self.engine.connect() as conn:
            return (await conn.execute(select(USERS).where(USERS.c.id == uid))).one()


@pytest.fixture
def env(engine: AsyncEngine, sandbox: SandboxBotApi, clock: FakeClock) -> Env:
    return Env(engine, sandbox, clock)


@pytest.fixture(params=["aiohttp", "ptb"])
async def sender(request: pytest.FixtureRequest, sandbox: SandboxBotApi) -> AsyncIterator[Sender]:
    """Both senders: the notifier must treat every Bot API answer alike through either."""
    if request.param == "ptb":
        async with telegram.Bot(TOKEN, base_url=sandbox.base_url) as bot:
            yield PtbSender(bot)
        return
    async with AiohttpSender(sandbox.base_url, TOKEN) as lean:
        yield lean


def notice(chat_id: int, key: str | None = None, text: str = "Hello", **kw: Any) -> Notice:
    return Notice(chat_id=chat_id, text=text, kind="test", key=key, **kw)


# ------------------------------------------------------------------ one notice


async def test_sent_once_recorded_without_its_text(env: Env, sender: Sender) -> None:
    await env.seed(101)
    buttons = ((("Take it", "st:open"),),)
    outcome = await env.notifier(sender).send(notice(101, "k-101", "Secret words", buttons=buttons))
    assert outcome is Outcome.SENT
    assert env.received(101) == 1
    message = env.sandbox.last_message(101)
    assert message.text == "Secret words"
    row = await env.row("k-101")
    assert (row.status, row.attempts, row.parts_sent, row.error) == ("sent", 1, 1, None)
    assert row.sent_at == T0 and row.lease_until is None
    # No message text in the record, in any column.
    assert "Secret" not in " ".join(str(v) for v in row)

    again = await env.notifier(sender).send(notice(101, "k-101", "Secret words"))
    assert again is Outcome.DUPLICATE
    assert env.received(101) == 1


async def test_403_marks_the_recipient_inactive(env: Env, sender: Sender) -> None:
    await env.seed(201)
    now = env.clock()
    async with env.engine.begin() as conn:
        await conn.execute(
            insert(SCHEDULES),
            [{"user_id": 201, "times": "09:00", "next_due_at": now, "weekdays": 127,
              "created_at": now, "updated_at": now}],
        )  # fmt: skip
    env.sandbox.block(201)
    assert await env.notifier(sender).send(notice(201, "k-201")) is Outcome.BLOCKED
    row = await env.row("k-201")
    assert row.status == "blocked" and "blocked" in row.error and row.attempts == 1
    assert (await env.user(201)).active is False
    async with env.engine.connect() as conn:
        due = (await conn.execute(select(SCHEDULES.c.next_due_at))).scalar_one()
    assert due is None  # no reminder due while blocked, as the dispatcher does
    assert env.time.sleeps == []  # not retried


async def test_429_waits_and_delivers_once(env: Env, sender: Sender) -> None:
    await env.seed(301)
    env.sandbox.inject_fault("sendMessage", chat_id=301, kind="429", retry_after=3, count=1)
    assert await env.notifier(sender).send(notice(301, "k-301")) is Outcome.SENT
    assert env.received(301) == 1
    assert 3.0 in env.time.sleeps
    row = await env.row("k-301")
    assert row.status == "sent" and row.attempts == 1  # flood control is not an attempt


async def test_429_without_end_fails_after_the_bound(env: Env, sender: Sender) -> None:
    await env.seed(311)
    env.sandbox.inject_fault("sendMessage", chat_id=311, kind="429", retry_after=1, count=50)
    outcome = await env.notifier(sender, max_retry_after=3).send(notice(311, "k-311"))
    assert outcome is Outcome.FAILED
    assert env.received(311) == 0 and env.time.sleeps.count(1.0) == 3


async def test_5xx_is_retried_with_backoff(env: Env, sender: Sender) -> None:
    await env.seed(401)
    env.sandbox.inject_fault("sendMessage", chat_id=401, kind="5xx", status=502, count=2)
    assert await env.notifier(sender).send(notice(401, "k-401")) is Outcome.SENT
    assert env.received(401) == 1
    assert env.time.sleeps == [0.5, 1.0]
    assert (await env.row("k-401")).attempts == 3


async def test_5xx_gives_up_after_max_attempts_and_a_later_run_retries(
    env: Env, sender: Sender
) -> None:
    await env.seed(411)
    env.sandbox.inject_fault("sendMessage", chat_id=411, kind="5xx", status=503, count=4)
    assert await env.notifier(sender).send(notice(411, "k-411")) is Outcome.FAILED
    row = await env.row("k-411")
    assert row.status == "failed" and row.attempts == 4 and env.received(411) == 0
    # A failed key is not a duplicate: the next run of the job delivers it.
    assert await env.notifier(sender).send(notice(411, "k-411")) is Outcome.SENT
    assert env.received(411) == 1 and (await env.row("k-411")).attempts == 5


async def test_400_is_not_retried(env: Env, sender: Sender) -> None:
    await env.seed(501, open_chat=False)  # never wrote to the bot: "chat not found"
    assert await env.notifier(sender).send(notice(501, "k-501")) is Outcome.FAILED
    row = await env.row("k-501")
    assert row.status == "failed" and row.attempts == 1 and "chat not found" in row.error.lower()
    assert env.time.sleeps == []
    assert (await env.user(501)).active is True  # a refusal is not a block


async def test_a_long_text_is_split_at_lines_never_lost(env: Env, sender: Sender) -> None:
    await env.seed(601)
    lines = [f"line {i:04d}: " + "toe " * 20 for i in range(200)]  # about 19,000 characters
    text = "\n".join(lines)
    buttons = ((("Open", "st:open"),),)
    assert await env.notifier(sender).send(notice(601, "k-601", text, buttons=buttons)) is (
        Outcome.SENT
    )
    bot_messages = env.sandbox.messages(601)
    assert len(bot_messages) >= 5
    assert all(len(m.text or "") <= MAX_MESSAGE_CHARS for m in bot_messages)
    assert "\n".join(m.text or "" for m in bot_messages) == text
    # Each part ends at a line boundary; the buttons come with the last part only.
    assert all((m.text or "").endswith("toe ") for m in bot_messages)
    assert [bool(m.inline_keyboard) for m in bot_messages] == [False] * (len(bot_messages) - 1) + [
        True
    ]
    assert (await env.row("k-601")).parts_sent == len(bot_messages)


class FailFrom:
    """A sender whose calls number `start` to `stop` (1-based) fail with a 5xx."""

    def __init__(self, inner: Sender, start: int, stop: int) -> None:
        self.inner, self.start, self.stop, self.calls = inner, start, stop, 0

    async def send(self, chat_id: int, text: str, reply_markup: Any) -> int:
        self.calls += 1
        if self.start <= self.calls <= self.stop:
            raise NetworkError("Bad Gateway")
        return await self.inner.send(chat_id, text, reply_markup)


async def test_a_split_notice_resumes_after_the_parts_already_sent(
    env: Env, sender: Sender
) -> None:
    await env.seed(611)
    text = "\n".join(["x" * 3000, "y" * 3000, "z" * 3000])
    # The second part fails for good (four 5xx): the notice is failed after one part.
    flaky = FailFrom(sender, 2, 5)
    assert await env.notifier(flaky).send(notice(611, "k-611", text)) is Outcome.FAILED
    row = await env.row("k-611")
    assert (row.status, row.parts_sent, env.received(611)) == ("failed", 1, 1)
    # The next run sends the rest, not the first part again.
    assert await env.notifier(flaky).send(notice(611, "k-611", text)) is Outcome.SENT
    assert [m.text for m in env.sandbox.messages(611)] == ["x" * 3000, "y" * 3000, "z" * 3000]


class HangFrom:
    """A sender whose call number `start` never answers (until the test cancels it)."""

    def __init__(self, inner: Sender, start: int) -> None:
        self.inner, self.start, self.calls = inner, start, 0
        self.hanging = asyncio.Event()

    async def send(self, chat_id: int, text: str, reply_markup: Any) -> int:
        self.calls += 1
        if self.calls == self.start:
            self.hanging.set()
            await asyncio.Event().wait()
        return await self.inner.send(chat_id, text, reply_markup)


async def test_a_stopped_send_hands_its_claim_back_with_the_parts_sent(
    env: Env, sender: Sender
) -> None:
    await env.seed(631)
    text = "\n".join(["x" * 3000, "y" * 3000])
    hang = HangFrom(sender, 2)
    task = asyncio.ensure_future(env.notifier(hang).send(notice(631, "k-631", text)))
    await hang.hanging.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    row = await env.row("k-631")
    assert (row.status, row.parts_sent, row.lease_until) == ("failed", 1, None)
    assert await env.notifier(sender).send(notice(631, "k-631", text)) is Outcome.SENT
    assert [m.text for m in env.sandbox.messages(631)] == ["x" * 3000, "y" * 3000]


async def test_a_changed_text_is_sent_again_from_its_start(env: Env, sender: Sender) -> None:
    await env.seed(621)
    flaky = FailFrom(sender, 2, 5)
    first = "\n".join(["x" * 3000, "y" * 3000])
    assert await env.notifier(flaky).send(notice(621, "k-621", first)) is Outcome.FAILED
    second = "\n".join(["w" * 3000, "y" * 3000])  # re-rendered: its first part differs
    assert await env.notifier(flaky).send(notice(621, "k-621", second)) is Outcome.SENT
    assert [m.text for m in env.sandbox.messages(621)] == ["x" * 3000, "w" * 3000, "y" * 3000]


# ------------------------------------------------------------------ many notices


async def test_one_failure_never_stops_the_others(env: Env, sender: Sender) -> None:
    await env.seed(701, 702, 703, 704)
    env.sandbox.block(702)
    await env.seed(705, open_chat=False)
    env.sandbox.inject_fault("sendMessage", chat_id=703, kind="5xx", status=500, count=1)
    notices = [notice(uid, f"k-{uid}") for uid in (701, 702, 703, 704, 705)]
    outcomes = await env.notifier(sender).send_all(notices)
    assert outcomes == [Outcome.SENT, Outcome.BLOCKED, Outcome.SENT, Outcome.SENT, Outcome.FAILED]
    assert [env.received(uid) for uid in (701, 702, 703, 704, 705)] == [1, 0, 1, 1, 0]


async def test_one_chat_gets_its_notices_in_order(env: Env, sender: Sender) -> None:
    await env.seed(801)
    notices = [notice(801, f"k-801-{i}", f"number {i}") for i in range(5)]
    await env.notifier(sender).send_all(notices)
    texts = [m.text for m in env.sandbox.messages(801)]
    assert texts == [f"number {i}" for i in range(5)]


async def test_two_processes_send_each_key_once(env: Env, database_url: str) -> None:
    users = list(range(900_001, 900_041))
    await env.seed(*users)
    engine_a, engine_b = create_engine(database_url), create_engine(database_url)
    try:
        async with (
            AiohttpSender(env.sandbox.base_url, TOKEN) as sender_a,
            AiohttpSender(env.sandbox.base_url, TOKEN) as sender_b,
        ):
            a = env.notifier(sender_a, engine=engine_a)
            b = env.notifier(sender_b, engine=engine_b)
            notices = [notice(uid, f"digest:{uid}:20261123") for uid in users]
            out_a, out_b = await asyncio.gather(a.send_all(notices), b.send_all(notices[::-1]))
    finally:
        await engine_a.dispose()
        await engine_b.dispose()
    outcomes = out_a + out_b
    assert outcomes.count(Outcome.SENT) == len(users)
    # The other process's answer: sent already, or still on the wire (not settled yet).
    assert outcomes.count(Outcome.DUPLICATE) + outcomes.count(Outcome.IN_FLIGHT) == len(users)
    assert [env.received(uid) for uid in users] == [1] * len(users)


async def test_a_claim_whose_process_died_is_taken_over_after_its_lease(
    env: Env, sender: Sender
) -> None:
    await env.seed(1001)
    async with env.engine.begin() as conn:
        await conn.execute(
            insert(DELIVERIES),
            [{"kind": "test", "key": "k-1001", "chat_id": 1001, "status": "sending",
              "attempts": 0, "parts_sent": 0, "lease_until": T0 + dt.timedelta(minutes=5),
              "lease_owner": "dead", "created_at": T0}],
        )  # fmt: skip
    notifier = env.notifier(sender)
    # Under a live lease another process is sending it: not ours, and not known to have
    # got through either (that send may still fail).
    assert await notifier.send(notice(1001, "k-1001")) is Outcome.IN_FLIGHT
    env.clock.advance(dt.timedelta(minutes=6))
    assert await notifier.send(notice(1001, "k-1001")) is Outcome.SENT
    assert env.received(1001) == 1
    # Once it is sent, the same key is a duplicate.
    assert await notifier.send(notice(1001, "k-1001")) is Outcome.DUPLICATE


async def test_the_limiter_paces_one_chat(env: Env, sandbox: SandboxBotApi) -> None:
    await env.seed(1101)
    time = env.time
    limiter = RateLimiter(30.0, monotonic=time.monotonic, sleep=time.sleep)
    async with AiohttpSender(sandbox.base_url, TOKEN) as sender:
        notifier = DeliveryNotifier(
            sessions=session_factory(env.engine), sender=sender, limiter=limiter, clock=env.clock
        )
        await notifier.send_all([notice(1101, f"k-1101-{i}") for i in range(3)])
    assert env.received(1101) == 3
    assert time.now >= 2.0  # one message a second into the same chat


# ------------------------------------------------------------------ the digest job


def _deps(env: Env, content: Content, notifier: DeliveryNotifier) -> Deps:
    return Deps(
        settings=Settings(database_url=str(env.engine.url), background_jobs=False),
        content=content,
        engine=env.engine,
        sessions=session_factory(env.engine),
        clock=env.clock,
        notifier=notifier,
    )


async def _therapists_with_patients(env: Env, therapists: list[int], per: int) -> None:
    """Therapists, each with `per` patients who each had two routine warnings this week."""
    await env.seed(*therapists, role="therapist")
    now = env.clock()
    async with env.engine.begin() as conn:
        await conn.execute(
            insert(THERAPISTS),
            [{"user_id": t, "display_name": f"T{t}", "active": True, "created_at": now}
             for t in therapists],
        )  # fmt: skip
    for t in therapists:
        patients = [t * 1000 + i for i in range(per)]
        await env.seed(*patients, open_chat=False)
        async with env.engine.begin() as conn:
            await conn.execute(
                USERS.update().where(USERS.c.id.in_(patients)).values(therapist_id=t)
            )
            await conn.execute(
                insert(ESCALATIONS),
                [{"user_id": p, "chat_id": p, "source": "free_text", "level": "routine",
                  "flags": "numbness,tingling", "evidence": "", "advice": "book a review",
                  "created_at": now - dt.timedelta(days=1, hours=k), "delivered_at": now,
                  "delivery_attempts": 1, "pauses_prompts": False, "follow_up_index": 0,
                  "follow_up_yes": "", "seq": 0}
                 for p in patients for k in range(2)],
            )  # fmt: skip


async def test_a_blocked_therapist_does_not_stop_the_others_digests(
    env: Env, content: Content, sender: Sender
) -> None:
    ann, bob, cat = 2_000_001, 2_000_002, 2_000_003
    await _therapists_with_patients(env, [ann, bob, cat], per=2)
    env.sandbox.block(bob)
    d = _deps(env, content, env.notifier(sender))
    assert await jobs.send_digests(d) == 2
    assert env.received(ann) == 1 and env.received(cat) == 1 and env.received(bob) == 0
    header = content.texts.get("therapist.digest_header", start="16 Nov", end="23 Nov", zone="UTC")
    assert (env.sandbox.last_message(cat).text or "").startswith(header)
    # Bob is marked inactive and not retried every hour; the others are not sent again.
    assert (await env.user(bob)).active is False
    assert await jobs.send_digests(d) == 0
    assert env.received(ann) == 1 and env.received(cat) == 1


async def test_a_digest_longer_than_one_message_is_split_not_lost(
    env: Env, content: Content, sender: Sender
) -> None:
    ann = 3_000_001
    await _therapists_with_patients(env, [ann], per=40)
    d = _deps(env, content, env.notifier(sender))
    assert await jobs.send_digests(d) == 1
    parts = env.sandbox.messages(ann)
    assert len(parts) >= 2
    assert all(len(m.text or "") <= MAX_MESSAGE_CHARS for m in parts)
    whole = "\n".join(m.text or "" for m in parts)
    for i in range(40):
        assert whole.count(f"Person {ann * 1000 + i}") == 3  # two warnings, and inactive
    assert (await env.row(f"digest:{ann}:2026112308")).parts_sent == len(parts)


async def test_housekeeping_drops_old_delivery_records_only(
    env: Env, content: Content, sender: Sender
) -> None:
    notifier = env.notifier(sender)
    await env.seed(4001)
    assert await notifier.send(notice(4001, "old")) is Outcome.SENT
    env.clock.advance(jobs.DELIVERIES_KEPT - dt.timedelta(days=1))
    assert await notifier.send(notice(4001, "recent")) is Outcome.SENT
    env.clock.advance(dt.timedelta(days=2))
    await jobs.housekeeping(_deps(env, content, notifier))
    async with env.engine.connect() as conn:
        keys = (await conn.execute(select(DELIVERIES.c.key))).scalars().all()
    assert keys == ["recent"]


class _Context:
    """What a PTB job callback reads of its context here: bot_data."""

    def __init__(self, d: Deps) -> None:
        self.bot_data = {BOT_DATA_KEY: d}


async def test_the_hourly_digest_job_runs_once_an_hour_across_processes(
    env: Env, content: Content, sender: Sender, database_url: str
) -> None:
    ann, bob = 5_000_001, 5_000_002
    await _therapists_with_patients(env, [ann], per=1)
    other = create_engine(database_url)  # a second process, its own engine
    try:
        here = _deps(env, content, env.notifier(sender))
        there = _deps(env, content, env.notifier(sender, engine=other))
        await jobs.digest_job(_Context(here))  # type: ignore[arg-type]
        assert env.received(ann) == 1
        await _therapists_with_patients(env, [bob], per=1)
        env.clock.advance(dt.timedelta(minutes=10))
        await jobs.digest_job(_Context(there))  # type: ignore[arg-type]
        assert env.received(bob) == 0  # this hour's turn was taken
        env.clock.advance(dt.timedelta(minutes=50))
        await jobs.digest_job(_Context(there))  # type: ignore[arg-type]
        assert (env.received(ann), env.received(bob)) == (1, 1)
    finally:
        await other.dispose()
