"""Ordinary chat through the sandbox (issue 13): the messages that used to get "I'm not sure
what you mean" get their reply, questions an answer from the library with its source (or an
honest "no answer"), and "next", "repeat", "skip" and "stop" typed during a drill or the
self-test act as its buttons, while triage still reads every message first."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import col

from bot.content.passages import library_index
from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, SelfTest, StepEvent
from tests.e2e.content import advice, content, drill_header, shown, t, title
from tests.e2e.harness import BotHarness, onboard, plain

PAT = 7_300_000_001
EVE = 7_300_000_002
NEXT, REPEAT, SKIP = (t(f"drills.buttons.{b}") for b in ("next", "repeat", "skip"))
ISOLATION = "isolation-practice"
UNKNOWN = t("common.unknown_text")


def _answer(question: str, *, diabetes: bool | None = False, focus: str | None = None) -> str:
    """The library's answer as the bot renders it, found with the bot's own index."""
    hit = library_index(content()).answer(question, diabetes=diabetes, focus=focus)
    assert hit is not None, question
    return t("chat.answer", answer=hit.passage.text, source=hit.passage.source)


async def _start_exercise(harness: BotHarness, user_id: int, exercise_id: str) -> None:
    await harness.send(user_id, "/exercises")
    await harness.press(user_id, title(exercise_id))
    await harness.press(user_id, t("drills.buttons.start_exercise"))


def _last(harness: BotHarness, user_id: int) -> str:
    return harness.sandbox.messages(user_id)[-1].plain


async def _drill(harness: BotHarness, user_id: int) -> tuple[DrillSession, list[str]]:
    """The user's latest drill and the kinds of its step events, in order."""
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            drill = (
                await session.scalars(
                    select(DrillSession)
                    .where(col(DrillSession.user_id) == user_id)
                    .order_by(col(DrillSession.id).desc())
                )
            ).first()
            assert drill is not None
            kinds = (
                await session.scalars(
                    select(col(StepEvent.kind))
                    .where(col(StepEvent.session_id) == drill.id)
                    .order_by(col(StepEvent.id))
                )
            ).all()
            return drill, list(kinds)
    finally:
        await engine.dispose()


async def _selftest(harness: BotHarness, user_id: int) -> SelfTest | None:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return (
                await session.scalars(select(SelfTest).where(col(SelfTest.user_id) == user_id))
            ).first()
    finally:
        await engine.dispose()


async def test_the_issues_messages_get_their_replies(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    expected = {
        "done!": "chat.done_report",
        "thanks": "chat.thanks",
        "hello": "chat.greeting",
        "my toes feel stiff": "chat.difficulty_normal",
        "no numbness today": "chat.negated_symptom",
        "I still can't lift my 4th toe alone": "chat.difficulty_normal",
        "it's getting easier, the big toe lifts alone now": "chat.progress_normal",
    }
    for message, key in expected.items():
        replies = await harness.send(PAT, message)
        assert [m.plain for m in replies] == [t(key)], message
    # With no drill open, "next" and "stop" are chat, not buttons, and never "English only".
    for message in ("next", "stop"):
        assert [m.plain for m in await harness.send(PAT, message)] == [UNKNOWN], message


async def test_questions_are_answered_from_the_library_with_the_source(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    question = "how often should I do the isolation exercise?"
    replies = await harness.send(PAT, question)
    assert [m.plain for m in replies] == [_answer(question)]
    hit = library_index(content()).answer(question, diabetes=False)
    assert hit is not None and hit.passage.id == f"exercise:{ISOLATION}"
    assert hit.passage.source in replies[0].plain
    # Nothing in the library: said honestly, no guess.
    replies = await harness.send(PAT, "what is the capital of France?")
    assert [m.plain for m in replies] == [t("chat.no_answer")]
    # "Why does this help?" names no exercise: with none on screen there is no answer...
    assert [m.plain for m in await harness.send(PAT, "why does this help?")] == [
        t("chat.no_answer")
    ]
    # ...and during a drill it is about the exercise on screen; the drill stays where it was.
    await _start_exercise(harness, PAT, ISOLATION)
    screen = _last(harness, PAT)
    replies = await harness.send(PAT, "why does this help?")
    assert [m.plain for m in replies] == [_answer("why does this help?", focus=ISOLATION)]
    assert title(ISOLATION) in replies[0].plain
    drill, kinds = await _drill(harness, PAT)
    assert drill.status == "active" and kinds == ["shown"]
    assert harness.sandbox.messages(PAT)[-2].plain == screen


async def test_typed_drill_commands_act_as_the_buttons(harness: BotHarness) -> None:
    """PAT types, EVE taps: the same screens, the same step events."""
    await onboard(harness, PAT)
    await onboard(harness, EVE)
    await _start_exercise(harness, PAT, ISOLATION)
    await _start_exercise(harness, EVE, ISOLATION)
    steps = len(content().catalog.exercise(ISOLATION).steps)
    assert _last(harness, PAT).startswith(drill_header(ISOLATION, (1, 1), (1, steps)))
    for typed, label in (("next", NEXT), ("ok repeat please", REPEAT)):
        old = harness.sandbox.messages(PAT)[-1]
        old_text = old.plain
        replies = await harness.send(PAT, typed)
        await harness.press(EVE, label)
        assert [m.plain for m in replies] == [_last(harness, EVE)], typed
        # The step comes below the typed word; the old screen keeps its text, not its buttons.
        assert not old.inline_keyboard and old.plain == old_text
        assert replies[-1].inline_keyboard
    assert _last(harness, PAT).startswith(drill_header(ISOLATION, (1, 1), (2, steps)))
    assert shown(_last(harness, PAT), "drills.repeat_note", round=2)
    # Skipping the only exercise ends the drill as the button does: no praise for nothing.
    replies = await harness.send(PAT, "skip")
    await harness.press(EVE, SKIP)
    assert shown(plain(replies, harness.sandbox), "drills.summary_none_done")
    pat, pat_kinds = await _drill(harness, PAT)
    eve, eve_kinds = await _drill(harness, EVE)
    assert pat.status == eve.status and pat_kinds == eve_kinds
    assert pat_kinds == ["shown", "done", "shown", "repeated", "shown", "skipped"]


async def test_stop_typed_mid_drill_pauses_it_and_today_carries_on(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await _start_exercise(harness, PAT, ISOLATION)
    await harness.send(PAT, "done")
    screen = harness.sandbox.messages(PAT)[-1]
    # "stop" is English here, never the "English only" warning list.
    replies = await harness.send(PAT, "stop")
    assert [m.plain for m in replies] == [t("chat.drill_paused")]
    assert not screen.inline_keyboard
    drill, kinds = await _drill(harness, PAT)
    assert drill.status == "active" and kinds == ["shown", "done", "shown"]
    replies = await harness.send(PAT, "/today")
    assert shown(plain(replies, harness.sandbox), "drills.resumed")
    assert replies[-1].plain == screen.plain and replies[-1].inline_keyboard


async def test_a_warning_sign_typed_mid_drill_is_triaged_not_taken_as_a_command(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    await _start_exercise(harness, PAT, ISOLATION)
    replies = plain(await harness.send(PAT, "stop, it hurts"), harness.sandbox)
    assert advice("stop") in replies
    assert t("chat.drill_paused") not in replies and UNKNOWN not in replies
    _drill_row, kinds = await _drill(harness, PAT)
    assert "done" not in kinds and "skipped" not in kinds


async def test_a_message_not_in_english_still_gets_the_warning_list(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await _start_exercise(harness, PAT, ISOLATION)
    replies = await harness.send(PAT, "hola, ¿cómo estás?")
    text = plain(replies, harness.sandbox)
    assert shown(text, "routing.english_only")
    assert t("chat.greeting") not in text and UNKNOWN not in text
    _drill_row, kinds = await _drill(harness, PAT)
    assert kinds == ["shown"]


async def test_self_test_commands_point_to_the_answers_and_stop_pauses(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    question = harness.sandbox.messages(PAT)[-1]
    assert question.inline_keyboard
    assert [m.plain for m in await harness.send(PAT, "next")] == [t("chat.tap_answer")]
    assert [m.plain for m in await harness.send(PAT, "stop")] == [t("selftest.paused")]
    assert not question.inline_keyboard
    test = await _selftest(harness, PAT)
    assert test is not None and test.status == "active"


async def test_a_self_test_left_open_yesterday_does_not_take_todays_chat(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    await harness.send(PAT, "stop")
    harness.clock.advance(dt.timedelta(days=1))
    assert [m.plain for m in await harness.send(PAT, "done!")] == [t("chat.done_report")]
    test = await _selftest(harness, PAT)
    assert test is not None and test.status == "active"  # still there for /selftest
