"""A prescription end to end: a therapist prescribes two exercises from a patient's detail in
/patients (left foot only, 8 repetitions, twice a day, 3 days a week; one number tapped, one
typed, a warning sign typed in between still triaged), the patient is told, their next drill
walks exactly those with that wording, their reminders follow, and forged buttons for
another therapist's patient change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.callbacks import PrescribePress
from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Prescription, Schedule, User
from bot.delivery import reminders
from bot.services import prescriptions
from tests.e2e.content import advice, content, drill_header, html, shown, t, title
from tests.e2e.harness import (
    BotHarness,
    buttons,
    plain,
    running_harness,
)
from tests.e2e.staff import enrol_patient, invite_link

ADMIN, ANN, BOB = 9_300_000_001, 9_300_000_002, 9_300_000_003
PIA, MAX = 9_310_000_001, 9_310_000_002
SIGN = "my toes have turned grey and icy and feel dead"
HOUR = dt.timedelta(hours=1)
THREADING, ISOLATION = "toe-threading", "isolation-practice"
NEXT = t("drills.buttons.next")


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _therapist(harness: BotHarness, user_id: int, first: str) -> None:
    harness.sandbox.user(user_id, first_name=first)
    await harness.send(ADMIN, "/newtherapist")
    await harness.wait_handled(harness.sandbox.open_link(user_id, invite_link(harness, ADMIN)))
    await harness.press(user_id, t("therapist.use_name", name=first))


async def _rows(harness: BotHarness, model: type, key: int) -> object:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            if model is Prescription:
                return [
                    prescriptions.item_of(r)
                    for r in await prescriptions.of(session, patient_id=key)
                ]
            return await session.get(model, key)
    finally:
        await engine.dispose()


def _screen(harness: BotHarness, user_id: int) -> str:
    """The latest message with buttons: the flow's screen or the drill's."""
    return next(m.plain for m in reversed(harness.sandbox.messages(user_id)) if m.keyboard)


async def _open_prescription(harness: BotHarness) -> None:
    await harness.send(ANN, "/patients")
    await harness.press(ANN, t("therapist.buttons.detail", name="Pia"))
    out = await harness.press(ANN, t("prescriptions.buttons.open"))
    text = plain(out, harness.sandbox)
    assert shown(text, "prescriptions.header", name="Pia")
    assert shown(text, "prescriptions.none", name="Pia")


def _dose() -> str:
    return html(
        "prescriptions.dose",
        reps=html("prescriptions.reps", n=8),
        feet=html("prescriptions.feet.left"),
        per_day=html("prescriptions.per_day.two"),
        days=html("prescriptions.days", n=3),
    )


async def _prescribe(harness: BotHarness) -> None:
    """Toe threading by buttons, isolation practice with its number typed (and a warning
    sign typed first, which is triaged and leaves the question open)."""
    await harness.press(ANN, t("prescriptions.buttons.add", exercise=title(THREADING)))
    assert shown(_screen(harness, ANN), "prescriptions.ask_feet", exercise=title(THREADING))
    await harness.press(ANN, t("prescriptions.buttons.left"))
    await harness.press(ANN, t("prescriptions.buttons.reps", n=8))
    await harness.press(ANN, t("prescriptions.buttons.twice"))
    await harness.press(ANN, t("prescriptions.buttons.days", n=3))
    saved = _screen(harness, ANN)
    assert shown(saved, "prescriptions.saved", name="Pia", exercise=title(THREADING))
    assert t("prescriptions.line", number=1, exercise=title(THREADING), dose=_dose()) in saved

    await harness.press(ANN, t("prescriptions.buttons.add", exercise=title(ISOLATION)))
    await harness.press(ANN, t("prescriptions.buttons.left"))
    ask = t(
        "prescriptions.ask_reps",
        exercise=title(ISOLATION),
        feet=t("prescriptions.feet.left"),
    )
    out = await harness.send(ANN, SIGN)
    texts = [harness.sandbox.plain_text(m) for m in out]
    assert advice("emergency").split(".")[0] in texts[0]  # advised first,
    assert texts[-1] == ask and t("prescriptions.buttons.reps", n=8) in buttons(out[-1])
    assert t("prescriptions.reps_invalid") not in texts  # and the sign is no number
    await harness.restart()  # the open question is a row: a restart loses nothing
    out = await harness.send(ANN, "80")
    assert [harness.sandbox.plain_text(m) for m in out] == [t("prescriptions.reps_invalid")]
    out = await harness.send(ANN, "8")
    assert shown(plain(out, harness.sandbox), "prescriptions.ask_times", exercise=title(ISOLATION))
    await harness.press(ANN, t("prescriptions.buttons.twice"))
    await harness.press(ANN, t("prescriptions.buttons.days", n=3))
    saved = _screen(harness, ANN)
    assert t("prescriptions.line", number=2, exercise=title(ISOLATION), dose=_dose()) in saved


async def test_a_prescription_is_walked_and_reminded_as_written(harness: BotHarness) -> None:
    await _therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, PIA, "Pia")
    await _open_prescription(harness)
    await _prescribe(harness)
    before = len(harness.sandbox.messages(PIA))
    await harness.press(ANN, t("prescriptions.buttons.done"))
    assert shown(harness.sandbox.messages(ANN)[-1].plain, "prescriptions.done", name="Pia")
    told = [m.plain for m in harness.sandbox.messages(PIA)[before:]]
    assert told == [t("notices.change.exercises")]

    wanted = [
        prescriptions.PrescriptionItem(THREADING, "left", 8, 2, 3),
        prescriptions.PrescriptionItem(ISOLATION, "left", 8, 2, 3),
    ]
    assert await _rows(harness, Prescription, PIA) == wanted
    schedule = await _rows(harness, Schedule, PIA)
    assert isinstance(schedule, Schedule)
    assert (schedule.times, schedule.weekdays) == ("08:00,20:00", 0b0010101)  # Mon, Wed, Fri

    # The next drill (Monday, a drill day): exactly those two, left foot only, 8 repetitions.
    await harness.send(PIA, "/today")
    first = _screen(harness, PIA)
    threading = content().catalog.exercise(THREADING)
    five = len(threading.foot_steps)
    assert first.splitlines()[0] == drill_header(THREADING, (1, 2), (1, five), "left")
    assert t("prescriptions.drill.plan", dose=_dose()) in first
    screens = [first]
    while len(screens) < 40:
        await harness.press(PIA, NEXT)
        latest = harness.sandbox.messages(PIA)
        if shown("\n".join(m.plain for m in latest[-4:]), "drills.summary"):
            break
        screens.append(_screen(harness, PIA))
    headers = [s.splitlines()[0] for s in screens]
    isolation_steps = len(content().catalog.exercise(ISOLATION).foot_steps)
    assert headers == [
        drill_header(THREADING, (1, 2), (n, five), "left") for n in range(1, five + 1)
    ] + [
        drill_header(ISOLATION, (2, 2), (n, isolation_steps), "left")
        for n in range(1, isolation_steps + 1)
    ]
    circles = next(s for s in threading.steps if s.reps)
    assert any(t("prescriptions.drill.reps", n=8, unit=circles.reps_unit) in s for s in screens)
    assert not any(
        t("drills.reps", reps=circles.reps, unit=circles.reps_unit) in s for s in screens
    )
    assert t("prescriptions.drill.plan", dose=_dose()) in screens[five]

    # Reminders follow: Monday 20:00 (the second slot), none on Tuesday, Wednesday 08:00.
    assert harness.app is not None
    dispatcher = reminders.dispatcher_for(harness.app.bot_data)
    harness.clock.advance(11 * HOUR)  # Mon 20:00
    assert (await dispatcher.tick()).sent == 1
    harness.clock.advance(24 * HOUR)  # Tue 20:00
    assert (await dispatcher.tick()).sent == 0
    harness.clock.advance(12 * HOUR)  # Wed 08:00
    assert (await dispatcher.tick()).sent == 1


async def test_forged_buttons_for_another_therapists_patient_change_nothing(
    harness: BotHarness,
) -> None:
    await _therapist(harness, ANN, "Ann")
    await _therapist(harness, BOB, "Bob")
    await enrol_patient(harness, ANN, PIA, "Pia")
    await enrol_patient(harness, BOB, MAX, "Max")
    await _open_prescription(harness)
    message = harness.sandbox.messages(ANN)[-1]
    assert message.keyboard
    before = await _rows(harness, Schedule, MAX)
    assert isinstance(before, Schedule)
    times, weekdays = before.times, before.weekdays
    for step in (
        PrescribePress(MAX, "d", THREADING, "L", 8, 2, 3),
        PrescribePress(MAX, "l"),
        PrescribePress(MAX, "c"),
        PrescribePress(MAX, "ok"),
        PrescribePress(MAX, "f", THREADING, "L"),
    ):
        max_before = len(harness.sandbox.messages(MAX))
        out = await harness.press_data(ANN, message.message_id, step.pack())
        assert out == []  # only the refusal, as a pop-up
        assert harness.sandbox.callback_answers(ANN)[-1].text == t("prescriptions.refused")
        assert len(harness.sandbox.messages(MAX)) == max_before  # Max is told nothing
    assert await _rows(harness, Prescription, MAX) == []
    after = await _rows(harness, Schedule, MAX)
    assert isinstance(after, Schedule) and (after.times, after.weekdays) == (times, weekdays)
    ann = await _rows(harness, User, ANN)
    assert isinstance(ann, User) and prescriptions.awaited_reps(ann) is None
    # Nor for a patient of nobody, nor garbage.
    out = await harness.press_data(ANN, message.message_id, "rx:1:d:toe-threading:L:8:2:3")
    assert harness.sandbox.callback_answers(ANN)[-1].text == t("prescriptions.refused")
    out += await harness.press_data(ANN, message.message_id, "rx:1:zz")
    assert harness.sandbox.callback_answers(ANN)[-1].text == t("common.button_expired")
    assert out == []
    # Ann's own patient is untouched by all this; Bob cannot act on her either.
    bob_out = await harness.press_data(
        BOB, message.message_id, PrescribePress(PIA, "d", THREADING, "L", 8, 2, 3).pack()
    )
    assert bob_out == [] and await _rows(harness, Prescription, PIA) == []
