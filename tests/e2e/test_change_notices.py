"""Change notices end to end: the patient is told, in one sentence, when their therapist changes
their programme, reminder time or pause, or clears a safety pause (after a Yes/No that is
re-checked on press); the therapist is told when a patient joins and unlinks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Escalation, Schedule
from bot.sandbox.server import SentMessage
from tests.e2e.content import shown, t
from tests.e2e.harness import BotHarness, buttons, plain, running_harness
from tests.e2e.staff import enrol_patient, new_therapist

ADMIN, ANN, BOB = 9_200_000_001, 9_200_000_002, 9_200_000_003
P1, P2 = 9_210_000_001, 9_210_000_002
# An emergency in the patient's words (SAFETY.md: cold, black toes).
EMERGENCY = "since I woke up this morning my toes have gone black and cold"


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def make_therapist(harness: BotHarness, user_id: int, name: str) -> None:
    """The admin invites `user_id` as a therapist, who types `name`."""
    await new_therapist(harness, ADMIN, user_id, name)


async def detail(harness: BotHarness, therapist: int, name: str) -> None:
    """The therapist opens /patients and the patient's detail view."""
    await harness.send(therapist, "/patients")
    await harness.press(therapist, t("therapist.buttons.detail", name=name))


async def rows(harness: BotHarness, model: type, *where: object) -> list[object]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.scalars(select(model).where(*where))).all())  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def _told(harness: BotHarness, user_id: int, since: int) -> list[str]:
    return [harness.sandbox.plain_text(m) for m in harness.sandbox.messages(user_id)[since:]]


def _data(message: SentMessage, label: str) -> str:
    [data] = [d for row in message.keyboard for (lbl, d) in row if lbl == label]
    assert data is not None
    return data


async def test_the_therapist_hears_of_joining_and_unlinking(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    told = await enrol_patient(harness, ANN, P1, "Pia")
    assert [harness.sandbox.plain_text(m) for m in told] == [t("notices.event.joined", name="Pia")]

    before = len(harness.sandbox.messages(ANN))
    out = await harness.send(P1, "/unlink")
    assert shown(plain(out, harness.sandbox), "therapist.unlinked", therapist="Ann")
    assert _told(harness, ANN, before) == [t("notices.event.unlinked", name="Pia")]
    # Unlinking again: nothing to unlink, the therapist hears nothing more.
    await harness.send(P1, "/unlink")
    assert _told(harness, ANN, before) == [t("notices.event.unlinked", name="Pia")]


async def test_programme_time_and_pause_changes_reach_the_patient(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, P1, "Pia")
    await detail(harness, ANN, "Pia")

    # Programme: the patient is told its name, once.
    before = len(harness.sandbox.messages(P1))
    await harness.press(ANN, t("therapist.buttons.programme"))
    menu = harness.sandbox.messages(ANN)[-1]
    title = next(label for label in buttons(menu) if _data(menu, label).endswith(":gentle"))
    await harness.press(ANN, title)
    assert _told(harness, P1, before) == [t("notices.change.programme_named", programme=title)]
    # The same choice pressed again changes nothing, so the patient hears nothing.
    await harness.press_data(ANN, menu.message_id, _data(menu, title))
    assert len(harness.sandbox.messages(P1)) == before + 1

    # Pause, then resume: one sentence each.
    pause = f"tp:{P1}:pause"
    anchor = harness.sandbox.messages(ANN)[-1].message_id
    before = len(harness.sandbox.messages(P1))
    await harness.press_data(ANN, anchor, pause)
    await harness.press_data(ANN, anchor, pause)
    assert _told(harness, P1, before) == [
        t("notices.change.paused"),
        t("notices.change.resumed"),
    ]

    # The reminder time: the new time on the patient's clock, their zone named.
    before = len(harness.sandbox.messages(P1))
    await harness.press_data(ANN, anchor, f"tp:{P1}:time")
    out = await harness.send(ANN, "18:15")
    assert t("therapist.time_set", name="Pia", time="18:15") in plain(out, harness.sandbox)
    assert _told(harness, P1, before) == [
        t("notices.change.times_named", times="18:15", zone="Europe/Lisbon")
    ]
    [schedule] = await rows(harness, Schedule, col(Schedule.user_id) == P1)
    assert isinstance(schedule, Schedule) and schedule.times == "18:15"
    # The same time again: nothing new for the patient.
    await harness.press_data(ANN, anchor, f"tp:{P1}:time")
    await harness.send(ANN, "18:15")
    assert len(harness.sandbox.messages(P1)) == before + 1


async def test_clearing_a_safety_pause_asks_first_and_rechecks(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    await make_therapist(harness, BOB, "Bob")
    await enrol_patient(harness, ANN, P1, "Pia")
    await harness.send(P1, EMERGENCY)
    [escalation] = await rows(harness, Escalation, col(Escalation.user_id) == P1)
    assert isinstance(escalation, Escalation) and escalation.level == "emergency"
    anchor = harness.sandbox.messages(ANN)[-1].message_id
    # Paused and resumed while the safety pause holds the prompts: "they're back on" would be
    # untrue, so only the pause is told.
    before = len(harness.sandbox.messages(P1))
    await harness.press_data(ANN, anchor, f"tp:{P1}:pause")
    await harness.press_data(ANN, anchor, f"tp:{P1}:pause")
    assert _told(harness, P1, before) == [t("notices.change.paused")]
    patient_before = len(harness.sandbox.messages(P1))

    # The first press only asks, naming the level.
    out = await harness.press_data(ANN, anchor, f"tp:{P1}:clear")
    [question] = out
    level = t("notices.level.emergency")
    assert harness.sandbox.plain_text(question) == t(
        "notices.clear.question", name="Pia", level=level
    )
    yes = _data(question, t("notices.clear.confirm"))
    no = _data(question, t("notices.clear.keep"))

    # No: nothing cleared, the patient hears nothing.
    out = await harness.press_data(ANN, question.message_id, no)
    assert plain(out, harness.sandbox) == t("notices.clear.kept", name="Pia")
    [still] = await rows(harness, Escalation, col(Escalation.user_id) == P1)
    assert isinstance(still, Escalation) and still.cleared_at is None

    # Another therapist pressing Ann's Yes: refused, nothing changes.
    await harness.press_data(BOB, question.message_id, yes)
    assert t("therapist.refused") in (harness.sandbox.callback_answers(BOB)[-1].text or "")
    [still] = await rows(harness, Escalation, col(Escalation.user_id) == P1)
    assert isinstance(still, Escalation) and still.cleared_at is None
    # A forged Yes for an escalation that is not this patient's open pause: stale.
    out = await harness.press_data(ANN, question.message_id, f"tp:{P1}:clear:y999999")
    assert plain(out, harness.sandbox) == t("notices.clear.stale")
    assert len(harness.sandbox.messages(P1)) == patient_before

    # Yes: cleared, and the patient is told in one sentence.
    out = await harness.press_data(ANN, question.message_id, yes)
    assert shown(plain(out, harness.sandbox), "therapist.cleared", name="Pia")
    [cleared] = await rows(harness, Escalation, col(Escalation.user_id) == P1)
    assert isinstance(cleared, Escalation) and cleared.cleared_by == ANN
    assert _told(harness, P1, patient_before) == [t("notices.change.safety_cleared")]

    # The same Yes pressed again (stale: nothing open any more) changes nothing.
    out = await harness.press_data(ANN, question.message_id, yes)
    assert plain(out, harness.sandbox) == t("notices.clear.stale")
    assert len(harness.sandbox.messages(P1)) == patient_before + 1
