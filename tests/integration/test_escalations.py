"""The escalation workflow with a fake notifier: no Telegram, no sandbox, the real database.

What is checked is what SAFETY.md promises: the record is stored before anything is sent,
urgent and emergency reach a person (the therapist, else the admins, also when the therapist
blocked the bot), repeats within the fold window become one alert, and a failed send is
retried by the next run and never lost, nor sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlmodel import col

from bot.clock import FakeClock
from bot.content import Content
from bot.db.engine import session_factory
from bot.db.models import Escalation, Therapist, User
from bot.domain import assessments
from bot.domain.escalation import Source
from bot.domain.notice import Buttons, Notice, Outcome
from bot.domain.triage import Assessment, Evidence, Level
from bot.services import escalations, safety
from bot.services.escalations import Workflow

PAT, THERAPIST, ADMIN = 8_100_000_001, 8_100_000_500, 8_100_000_900
URGENT = Assessment(Level.URGENT, ("infection_local",), (Evidence("infection_local", "pus"),))
EMERGENCY = Assessment(Level.EMERGENCY, ("ischaemia",), (Evidence("ischaemia", "cold, blue"),))


class FakeNotifier:
    """Records every notice; `outcomes` per chat (default SENT); a key sent once is a
    DUPLICATE afterwards, as the real notifier's claim makes it."""

    def __init__(self) -> None:
        self.tried: list[Notice] = []
        self.sent: list[Notice] = []
        self.outcomes: dict[int, Outcome] = {}

    async def send(self, notice: Notice) -> Outcome:
        if notice.key is not None and notice.key in {n.key for n in self.sent}:
            return Outcome.DUPLICATE
        self.tried.append(notice)
        outcome = self.outcomes.get(notice.chat_id, Outcome.SENT)
        if outcome is Outcome.SENT:
            self.sent.append(notice)
        return outcome

    async def send_all(self, notices: Sequence[Notice]) -> list[Outcome]:
        return [await self.send(n) for n in notices]

    def to(self, chat_id: int, kind: str | None = None) -> list[Notice]:
        return [n for n in self.sent if n.chat_id == chat_id and kind in (None, n.kind)]


class FakeReply:
    """The handler's answer in the patient's chat; `ok` False plays a refused send."""

    def __init__(self, ok: bool = True) -> None:
        self.ok = ok
        self.texts: list[tuple[str, Buttons]] = []

    async def __call__(self, text: str, buttons: Buttons = ()) -> bool:
        self.texts.append((text, buttons))
        return self.ok


class Transactions:
    """One transaction per call, as `Deps.transaction`; `down` plays a database refusing."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.sessions = session_factory(engine)
        self.down = False

    def __call__(self) -> AbstractAsyncContextManager[AsyncSession]:
        return self._open()

    @contextlib.asynccontextmanager
    async def _open(self) -> AsyncIterator[AsyncSession]:
        if self.down:
            raise ConnectionError("database unavailable")
        async with self.sessions() as session, session.begin():
            yield session


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def transactions(engine: AsyncEngine) -> Transactions:
    return Transactions(engine)


@pytest.fixture
def w(
    transactions: Transactions, clock: FakeClock, content: Content, notifier: FakeNotifier
) -> Workflow:
    return Workflow(
        transaction=transactions,
        clock=clock,
        content=content,
        notifier=notifier,
        pending=safety.PendingRecords(),
        admin_ids=frozenset({ADMIN}),
        alert_fold=dt.timedelta(minutes=10),
    )


async def _patient(w: Workflow, *, therapist: bool = True) -> User:
    now = w.clock()
    async with w.transaction() as session:
        if therapist:
            session.add(Therapist(user_id=THERAPIST, display_name="Dr T", created_at=now))
        user = User(
            id=PAT,
            chat_id=PAT,
            consent="given",
            onboarding_step="done",
            timezone="Europe/Lisbon",
            diabetes=False,
            display_name="Pat",
            therapist_id=THERAPIST if therapist else None,
            created_at=now,
            updated_at=now,
        )
        session.add(user)
    return user


async def _escalations(w: Workflow) -> list[Escalation]:
    async with w.transaction() as session:
        rows = await session.scalars(select(Escalation).order_by(col(Escalation.id)))
        return list(rows.all())


async def _escalate(
    w: Workflow, user: User, assessment: Assessment, reply: FakeReply
) -> Escalation:
    return await escalations.escalate(
        w, user, source=Source.MESSAGE, assessment=assessment, text="my words", reply=reply
    )


async def test_urgent_alerts_the_therapist_and_the_advice_is_the_reply(
    w: Workflow, notifier: FakeNotifier
) -> None:
    user = await _patient(w)
    reply = FakeReply()
    esc = await _escalate(w, user, URGENT, reply)
    [(advice, buttons)] = reply.texts
    assert advice == esc.advice and w.text("safety.alert_notice.therapist") in advice
    assert buttons == escalations.confirm_buttons(w, esc.id or 0)
    # The patient's advice never goes through the notifier when they are writing; the alert does.
    assert notifier.to(PAT) == []
    [alert] = notifier.to(THERAPIST, escalations.ALERT)
    assert "URGENT" in alert.text and alert.key == f"escalation:{esc.id}:alert:{THERAPIST}"
    assert notifier.to(ADMIN) == []
    [stored] = await _escalations(w)
    assert stored.delivered_at is not None and stored.therapist_alerted_at is not None


async def test_below_urgent_alerts_nobody(w: Workflow, notifier: FakeNotifier) -> None:
    user = await _patient(w)
    await _escalate(w, user, assessments.exercise_pain("it hurts"), FakeReply())
    assert notifier.sent == []
    [stored] = await _escalations(w)
    assert stored.therapist_alerted_at is None and not stored.pauses_prompts


async def test_a_blocked_therapist_falls_back_to_the_admins(
    w: Workflow, notifier: FakeNotifier
) -> None:
    user = await _patient(w)
    notifier.outcomes[THERAPIST] = Outcome.BLOCKED
    await _escalate(w, user, EMERGENCY, FakeReply())
    [alert] = notifier.to(ADMIN, escalations.ALERT)
    assert "EMERGENCY" in alert.text and w.text("safety.alert_to_team") in alert.text
    [stored] = await _escalations(w)
    assert stored.therapist_alerted_at is not None


async def test_a_failed_alert_is_retried_by_the_next_outbox_run(
    w: Workflow, notifier: FakeNotifier
) -> None:
    user = await _patient(w)
    notifier.outcomes[THERAPIST] = Outcome.FAILED
    await _escalate(w, user, URGENT, FakeReply())
    # A failure is not a block: the admins are not told, the alert waits for the outbox.
    assert notifier.sent == []
    [stored] = await _escalations(w)
    assert stored.therapist_alerted_at is None
    await escalations.run_outbox(w)
    assert notifier.sent == []
    del notifier.outcomes[THERAPIST]
    await escalations.run_outbox(w)
    assert len(notifier.to(THERAPIST, escalations.ALERT)) == 1
    await escalations.run_outbox(w)
    assert len(notifier.to(THERAPIST, escalations.ALERT)) == 1
    [stored] = await _escalations(w)
    assert stored.therapist_alerted_at is not None


async def test_the_emergency_is_stored_before_anything_is_sent(
    w: Workflow, transactions: Transactions
) -> None:
    user = await _patient(w)
    seen: list[int] = []

    class Checking(FakeReply):
        async def __call__(self, text: str, buttons: Buttons = ()) -> bool:
            seen.append(len(await _escalations(w)))
            return await super().__call__(text, buttons)

    await _escalate(w, user, EMERGENCY, Checking())
    assert seen == [1]


async def test_a_failed_advice_is_retried_until_it_arrives_and_never_twice(
    w: Workflow, notifier: FakeNotifier, clock: FakeClock
) -> None:
    user = await _patient(w)
    esc = await _escalate(w, user, URGENT, FakeReply(ok=False))
    [stored] = await _escalations(w)
    assert stored.delivered_at is None and stored.delivery_attempts == 1
    notifier.outcomes[PAT] = Outcome.FAILED
    assert await escalations.run_outbox(w) == 0
    [stored] = await _escalations(w)
    assert stored.delivered_at is None and stored.delivery_attempts == 2
    del notifier.outcomes[PAT]
    clock.advance(dt.timedelta(seconds=30))
    assert await escalations.run_outbox(w) == 1
    [advice] = notifier.to(PAT, escalations.ADVICE)
    assert advice.key == f"escalation:{esc.id}:advice" and advice.text == esc.advice
    assert advice.buttons == escalations.confirm_buttons(w, esc.id or 0)
    assert await escalations.run_outbox(w) == 0
    assert len(notifier.to(PAT, escalations.ADVICE)) == 1


async def test_the_outbox_leaves_advice_a_handler_is_still_answering_with(
    w: Workflow, notifier: FakeNotifier, clock: FakeClock
) -> None:
    # The outbox runs while the handler's reply is on the wire: the advice must not go twice.
    user = await _patient(w)
    during: list[int] = []

    class Slow(FakeReply):
        async def __call__(self, text: str, buttons: Buttons = ()) -> bool:
            clock.advance(safety.IN_FLIGHT_GRACE / 2)  # a reply retried after a 429
            during.append(await escalations.run_outbox(w))
            return await super().__call__(text, buttons)

    reply = Slow()
    await _escalate(w, user, URGENT, reply)
    assert during == [0] and notifier.to(PAT, escalations.ADVICE) == []
    assert len(reply.texts) == 1
    [stored] = await _escalations(w)
    assert stored.delivered_at is not None


async def test_advice_stored_by_a_process_that_died_before_sending_goes_after_the_grace(
    w: Workflow, notifier: FakeNotifier, clock: FakeClock
) -> None:
    user = await _patient(w)

    class Dies(FakeReply):
        async def __call__(self, text: str, buttons: Buttons = ()) -> bool:
            raise asyncio.CancelledError  # the process is stopped with the reply unsent

    with pytest.raises(asyncio.CancelledError):
        await _escalate(w, user, URGENT, Dies())
    [stored] = await _escalations(w)
    assert stored.delivered_at is None and stored.delivery_attempts == 0
    assert await escalations.run_outbox(w) == 0  # still within the grace: maybe in flight
    clock.advance(safety.IN_FLIGHT_GRACE + dt.timedelta(seconds=1))
    assert await escalations.run_outbox(w) == 1
    assert len(notifier.to(PAT, escalations.ADVICE)) == 1


async def test_advice_in_flight_elsewhere_is_not_taken_as_delivered(
    w: Workflow, notifier: FakeNotifier, clock: FakeClock
) -> None:
    # Another process holds the advice's key and is sending it: this run must not mark it
    # delivered, since that send may still fail; the next run settles it either way.
    user = await _patient(w)
    await _escalate(w, user, URGENT, FakeReply(ok=False))
    notifier.outcomes[PAT] = Outcome.IN_FLIGHT
    assert await escalations.run_outbox(w) == 0
    [stored] = await _escalations(w)
    assert stored.delivered_at is None and stored.delivery_attempts == 1  # no attempt of ours
    # The other process's send failed: the next run sends it itself, and it arrives.
    del notifier.outcomes[PAT]
    clock.advance(dt.timedelta(seconds=30))
    assert await escalations.run_outbox(w) == 1
    [stored] = await _escalations(w)
    assert stored.delivered_at is not None
    assert len(notifier.to(PAT, escalations.ADVICE)) == 1


async def test_the_database_refusing_the_record_still_advises_and_the_record_follows(
    w: Workflow, transactions: Transactions, notifier: FakeNotifier
) -> None:
    user = await _patient(w)
    reply = FakeReply()
    transactions.down = True
    record = await _escalate(w, user, EMERGENCY, reply)
    [(advice, buttons)] = reply.texts
    assert record.id is None and buttons == ()
    assert w.text("safety.alert_notice.none") in advice  # nobody can be promised
    assert len(w.pending) == 1
    assert await escalations.store_pending(w) == 0  # still down: kept
    transactions.down = False
    await escalations.run_outbox(w)
    [stored] = await _escalations(w)
    assert stored.delivered_at is not None and stored.level == "emergency"
    # Delivered already, so the outbox does not send it again; the alert follows.
    assert notifier.to(PAT) == []
    assert len(notifier.to(THERAPIST, escalations.ALERT)) == 1 and len(w.pending) == 0


async def test_repeats_within_the_fold_window_are_one_alert(
    w: Workflow, notifier: FakeNotifier, clock: FakeClock
) -> None:
    user = await _patient(w)
    await _escalate(w, user, URGENT, FakeReply())
    for _ in range(2):
        clock.advance(dt.timedelta(minutes=2))
        await _escalate(w, user, URGENT, FakeReply())
    await escalations.run_outbox(w)
    assert len(notifier.to(THERAPIST, escalations.ALERT)) == 1
    clock.advance(dt.timedelta(minutes=11))
    await escalations.run_outbox(w)
    alerts = notifier.to(THERAPIST, escalations.ALERT)
    assert len(alerts) == 2 and w.text("safety.alert_more_header") in alerts[-1].text
    # An emergency is never held back by the window.
    clock.advance(dt.timedelta(minutes=1))
    await _escalate(w, user, EMERGENCY, FakeReply())
    assert len(notifier.to(THERAPIST, escalations.ALERT)) == 3


async def test_no_therapist_alerts_the_admins(w: Workflow, notifier: FakeNotifier) -> None:
    user = await _patient(w, therapist=False)
    reply = FakeReply()
    await _escalate(w, user, URGENT, reply)
    assert w.text("safety.alert_notice.team") in reply.texts[0][0]
    [alert] = notifier.to(ADMIN, escalations.ALERT)
    assert w.text("safety.alert_to_team") in alert.text


async def test_one_reminder_per_patient_and_a_failed_one_is_sent_next_run(
    w: Workflow, notifier: FakeNotifier, clock: FakeClock
) -> None:
    user = await _patient(w)
    await _escalate(w, user, URGENT, FakeReply())
    await _escalate(w, user, EMERGENCY, FakeReply())
    clock.advance(dt.timedelta(hours=2))
    notifier.outcomes[PAT] = Outcome.FAILED
    assert await escalations.remind_all(w) == 0
    del notifier.outcomes[PAT]
    assert await escalations.remind_all(w) == 1
    [reminder] = notifier.to(PAT, escalations.REMINDER)
    assert reminder.text == w.text("safety.reminder") and reminder.buttons
    assert await escalations.remind_all(w) == 0  # covered until a day later
    clock.advance(dt.timedelta(days=1))
    assert await escalations.remind_all(w) == 1
    keys = [n.key for n in notifier.to(PAT, escalations.REMINDER)]
    assert len(set(keys)) == 2


async def test_befast_follow_up_goes_with_an_outbox_retry(
    w: Workflow, notifier: FakeNotifier
) -> None:
    user = await _patient(w)
    weak = Assessment(
        Level.EMERGENCY,
        ("toe_weakness_sudden",),
        (Evidence("toe_weakness_sudden", "can't move my toes"),),
        follow_up="befast",
    )
    await _escalate(w, user, weak, FakeReply(ok=False))
    await escalations.run_outbox(w)
    kinds = [n.kind for n in notifier.to(PAT)]
    assert kinds == [escalations.ADVICE, escalations.BEFAST_QUESTION, escalations.BEFAST_QUESTION]
    assert notifier.to(PAT)[-1].buttons  # the first question's yes/no
