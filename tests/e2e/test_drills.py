"""Guided drills through the sandbox: whole drills, skips, pain stops, restarts, stale,
double and forged presses, and every step event in the database."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlmodel import col

from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, StepEvent
from tests.e2e.content import (
    advice,
    content,
    drill_header,
    html,
    pattern,
    shown,
    t,
    title,
    way_out,
)
from tests.e2e.content import plain as html_plain
from tests.e2e.harness import BotHarness, buttons, onboard, plain

PAT = 7_200_000_001
EVE = 7_200_000_002
NEXT, REPEAT, PAIN, SKIP = (t(f"drills.buttons.{b}") for b in ("next", "repeat", "pain", "skip"))
THREADING, ISOLATION = title("toe-threading"), title("isolation-practice")


async def _drills(harness: BotHarness, user_id: int) -> list[tuple[DrillSession, list[StepEvent]]]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            drills = (
                await session.scalars(
                    select(DrillSession)
                    .where(col(DrillSession.user_id) == user_id)
                    .order_by(col(DrillSession.id))
                )
            ).all()
            out = []
            for drill in drills:
                events = (
                    await session.scalars(
                        select(StepEvent)
                        .where(col(StepEvent.session_id) == drill.id)
                        .order_by(col(StepEvent.id))
                    )
                ).all()
                out.append((drill, list(events)))
            return out
    finally:
        await engine.dispose()


def _screen(harness: BotHarness, user_id: int) -> str:
    return harness.sandbox.plain_text(harness.sandbox.messages(user_id)[-1])


def _finished(harness: BotHarness, user_id: int) -> str:
    """The text of the end-of-drill summary, or "" while the drill goes on."""
    recent = harness.sandbox.messages(user_id)[-4:]
    return next((m.plain for m in recent if shown(m.plain, "drills.summary")), "")


async def _start_exercise(harness: BotHarness, user_id: int, title: str) -> None:
    await harness.send(user_id, "/exercises")
    await harness.press(user_id, title)
    await harness.press(user_id, t("drills.buttons.start_exercise"))


async def test_full_toe_threading_drill_on_both_feet(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await _start_exercise(harness, PAT, THREADING)
    seen = []
    for _ in range(11):
        seen.append(_screen(harness, PAT).splitlines()[0])
        await harness.press(PAT, NEXT)
    assert seen[0] == drill_header("toe-threading", (1, 1), (1, 6), "left")
    assert seen[3].startswith(drill_header("toe-threading", (1, 1), (4, 6), "left"))
    assert seen[5] == drill_header("toe-threading", (1, 1), (6, 6))
    assert seen[6] == drill_header("toe-threading", (1, 1), (1, 6), "right")
    assert seen[10] == drill_header("toe-threading", (1, 1), (5, 6), "right")
    summary = _finished(harness, PAT)
    assert shown(summary, "drills.summary", done=THREADING)
    assert t("drills.summary_streak_one") in summary
    after = plain(harness.sandbox.messages(PAT)[-3:], harness.sandbox)
    # The symptom check-in follows every drill, and the self-test is offered (none taken yet).
    assert t("safety.checkin_question") in after and t("selftest.offer") in after
    # The one drill message was edited in place all the way through, and has no buttons left.
    drill_msg = harness.sandbox.messages(PAT)[-4]
    assert drill_msg.edited >= 11 and not drill_msg.keyboard

    [(drill, events)] = await _drills(harness, PAT)
    assert drill.status == "finished" and drill.end_reason == "completed"
    assert drill.ended_at is not None and drill.ended_at.tzinfo is not None
    kinds = Counter(e.kind for e in events)
    assert kinds == {"shown": 11, "done": 11}
    feet = [e.foot for e in events if e.kind == "done"]
    assert feet == ["left"] * 5 + [None] + ["right"] * 5
    spread = [e for e in events if e.step_id == "spread-and-gap" and e.kind == "done"]
    assert [e.foot for e in spread] == ["left", "right"]


async def test_todays_programme_with_skip_and_repeat_from_first_step_to_summary(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "/today")
    header = pattern("drills.header", exercise=THREADING, exercise_number=1, exercise_count=3)
    assert header.match(_screen(harness, PAT))
    assert buttons(out[-1]) == [NEXT, REPEAT, PAIN, SKIP]
    await harness.press(PAT, REPEAT)
    assert t("drills.repeat_note", round=2) in _screen(harness, PAT)
    await harness.press(PAT, SKIP)  # skip the rest of toe threading
    assert _screen(harness, PAT).startswith(
        drill_header("isolation-practice", (2, 3), (1, 3), "left")
    )
    for _ in range(6):  # isolation practice: three steps per foot
        await harness.press(PAT, NEXT)
    third = _screen(harness, PAT)
    assert shown(third, "drills.header", exercise_number=3, exercise_count=3)
    while not _finished(harness, PAT):
        await harness.press(PAT, NEXT)
    summary = _finished(harness, PAT)
    skipped = t("drills.summary_skipped", skipped=THREADING)
    assert skipped in summary
    assert ISOLATION in summary.split(skipped)[0]

    [(drill, events)] = await _drills(harness, PAT)
    assert drill.status == "finished"
    assert [e.kind for e in events[:4]] == ["shown", "repeated", "shown", "skipped"]
    assert events[3].exercise_id == "toe-threading" and events[3].step_id == "sit-and-cross"
    assert sum(e.kind == "done" and e.exercise_id == "isolation-practice" for e in events) == 6


async def test_pain_stop_mid_step_records_where_and_asks_about_it(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    for _ in range(7):  # into the right foot of toe threading
        await harness.press(PAT, NEXT)
    out = await harness.press(PAT, PAIN)
    text = plain(out, harness.sandbox)
    assert advice("stop") in text
    assert way_out() in text
    assert t("drills.pain_question") in text
    [(drill, events)] = await _drills(harness, PAT)
    assert drill.status == "aborted" and drill.end_reason == "pain"
    pain = events[-1]
    assert (pain.kind, pain.exercise_id, pain.step_id, pain.foot) == (
        "pain",
        "toe-threading",
        "stabilise-heel",
        "right",
    )
    # The drill message keeps its text but loses its buttons.
    assert not harness.sandbox.messages(PAT)[-3].keyboard


async def test_restart_mid_drill_continues_with_the_next_press(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    await harness.press(PAT, NEXT)
    await harness.press(PAT, NEXT)
    await harness.restart()
    await harness.press(PAT, NEXT)  # the button on the message from before the restart
    assert _screen(harness, PAT).startswith(drill_header("toe-threading", (1, 3), (4, 6), "left"))
    await harness.restart()
    out = await harness.send(PAT, "/today")  # resumes rather than starting over
    assert t("drills.resumed") in plain(out, harness.sandbox)
    assert _screen(harness, PAT).startswith(drill_header("toe-threading", (1, 3), (4, 6)))
    [(drill, events)] = await _drills(harness, PAT)
    assert drill.status == "active" and (drill.exercise_index, drill.step_index) == (0, 3)
    assert [e.kind for e in events].count("done") == 3


async def test_stale_button_of_a_superseded_drill_changes_nothing(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    old = harness.sandbox.messages(PAT)[-1]
    old_next = next(d for row in old.keyboard for (label, d) in row if label == NEXT)
    await _start_exercise(harness, PAT, title("towel-scrunches"))  # supersedes today's drill
    out = await harness.press_data(PAT, old.message_id, str(old_next))
    assert t("drills.inactive") in plain(out, harness.sandbox)
    assert buttons(out[-1]) == [t("drills.buttons.start_today")]
    drills = await _drills(harness, PAT)
    assert [d.status for d, _ in drills] == ["superseded", "active"]
    assert [e.kind for e in drills[0][1]] == ["shown"]  # nothing recorded on the old drill
    answers = harness.sandbox.callback_answers(PAT)
    assert html("drills.inactive") in (answers[-1].text or "")


async def test_double_press_records_one_event(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    msg = harness.sandbox.messages(PAT)[-1]
    data = next(d for row in msg.keyboard for (label, d) in row if label == NEXT)
    # Two presses of the same button, queued before the bot handles either.
    first = harness.sandbox.press(PAT, msg.message_id, str(data))
    second = harness.sandbox.press(PAT, msg.message_id, str(data))
    await harness.wait_handled(first)
    await harness.wait_handled(second)
    [(drill, events)] = await _drills(harness, PAT)
    assert [e.kind for e in events] == ["shown", "done", "shown"]
    assert drill.step_index == 1
    assert harness.sandbox.callback_answers(PAT)[-1].text == html("drills.already_recorded")


async def test_forged_callback_from_another_user_changes_nothing(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await onboard(harness, EVE)
    await harness.send(PAT, "/today")
    pats = harness.sandbox.messages(PAT)[-1]
    data = next(d for row in pats.keyboard for (label, d) in row if label == NEXT)
    # Eve's client sends Pat's callback data (as a forged press on her own chat).
    eves_last = harness.sandbox.messages(EVE)[-1]
    await harness.press_data(EVE, eves_last.message_id, str(data))
    await harness.press_data(EVE, eves_last.message_id, str(data).replace(":n", ":p"))
    [(drill, events)] = await _drills(harness, PAT)
    assert drill.status == "active" and drill.step_index == 0
    assert [e.kind for e in events] == ["shown"]
    assert await _drills(harness, EVE) == []
    assert html("drills.not_yours") in (harness.sandbox.callback_answers(EVE)[-1].text or "")


async def test_drill_needs_onboarding_first(harness: BotHarness) -> None:
    out = await harness.send(PAT, "/today")
    assert t("common.needs_setup") in plain(out, harness.sandbox)
    assert await _drills(harness, PAT) == []


async def test_library_shows_dos_donts_and_faq(harness: BotHarness) -> None:
    out = await harness.send(PAT, "/exercises")
    labels = buttons(out[-1])
    assert THREADING in labels and title("marble-pickups") in labels
    out = await harness.press(PAT, t("drills.tips_button"))
    text = plain(out, harness.sandbox)
    library = content().catalog.library
    assert all(html_plain(line) in text for line in (*library.dos[:3], library.disclaimer))
    out = await harness.press_data(PAT, harness.sandbox.messages(PAT)[0].message_id, "ex:i:faq")
    little_toe = next(entry for entry in library.faq if entry.id == "little-toe")
    assert html_plain(little_toe.answer) in plain(out, harness.sandbox)


async def test_isolation_drill_with_a_skip(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await _start_exercise(harness, PAT, ISOLATION)
    assert _screen(harness, PAT).startswith(
        drill_header("isolation-practice", (1, 1), (1, 3), "left")
    )
    await harness.press(PAT, NEXT)
    unit = content().catalog.exercise("isolation-practice").step("lift-one-toe").reps_unit
    assert t("drills.reps", reps=10, unit=unit) in _screen(harness, PAT)  # the article says 10
    await harness.press(PAT, NEXT)
    assert drill_header("isolation-practice", (1, 1), (3, 3), "left") in _screen(harness, PAT)
    await harness.press(PAT, SKIP)  # skip the rest (the right foot)
    # The one exercise was skipped, so nothing was done: no praise, and not a session done.
    recent = harness.sandbox.messages(PAT)[-4:]
    assert any(t("drills.summary_none_done") in m.plain for m in recent)
    assert not _finished(harness, PAT)
    [(drill, events)] = await _drills(harness, PAT)
    assert drill.status == "skipped"
    assert [e.kind for e in events] == ["shown", "done", "shown", "done", "shown", "skipped"]
    assert events[-1].step_id == "next-toe" and events[-1].foot == "left"
