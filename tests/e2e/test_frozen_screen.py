"""A screen whose edit was lost is shown again on the next press, for drills and self-tests.

The crash between storing an answer and editing the message is simulated by the sandbox
failing that one editMessageText: the answer is in the database, the user still sees the
old step. Pressing the same button again must not record anything twice, and must bring
the message to the current step, with buttons that work.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from bot.db.engine import create_engine
from bot.db.models import SelfTestAnswer, StepEvent
from bot.sandbox.server import SentMessage
from tests.e2e.content import drill_header, html, selftest_question, t, title
from tests.e2e.harness import BotHarness, onboard

PAT = 7_700_000_001
NEXT = t("drills.buttons.next")
ALONE = t("selftest.buttons.alone")


def _step(number: int) -> str:
    """The header of toe threading's step `number` on the left foot, started on its own."""
    return drill_header("toe-threading", (1, 1), (number, 6), "left")


def _with_buttons(harness: BotHarness) -> SentMessage:
    """The latest message that carries buttons (the drill or test screen)."""
    for message in reversed(harness.sandbox.messages(PAT)):
        if message.keyboard:
            return message
    raise AssertionError("no message with buttons")


def _screen(harness: BotHarness) -> str:
    """What the drill or test screen shows."""
    return harness.sandbox.plain_text(_with_buttons(harness))


async def _count(harness: BotHarness, query: object) -> int:
    engine = create_engine(harness.settings.database_url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())  # type: ignore[call-overload]
    finally:
        await engine.dispose()


async def _lose_the_next_edit(harness: BotHarness, label: str) -> None:
    # Three 502s in a row: more than a reply's retries (bot.delivery.replies) absorb.
    harness.sandbox.inject_fault("editMessageText", chat_id=PAT, kind="5xx", count=3)
    await harness.press(PAT, label)
    assert harness.sandbox.stats()["faults_served"] >= 1


async def test_drill_step_shown_again_after_a_lost_edit(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/exercises")
    await harness.press(PAT, title("toe-threading"))
    await harness.press(PAT, t("drills.buttons.start_exercise"))
    assert _step(1) in _screen(harness)

    await _lose_the_next_edit(harness, NEXT)
    # Stored, not shown: the message still shows step 1.
    assert _step(1) in _screen(harness)
    done = select(func.count()).select_from(StepEvent).where(col(StepEvent.kind) == "done")
    assert await _count(harness, done) == 1

    await harness.press(PAT, NEXT)  # the same, stale, button
    assert _step(2) in _screen(harness)
    assert await _count(harness, done) == 1  # recorded once
    assert harness.sandbox.callback_answers(PAT)[-1].text == html("drills.already_recorded")

    # The re-shown screen's buttons are live again.
    await harness.press(PAT, NEXT)
    assert _step(3) in _screen(harness)
    assert await _count(harness, done) == 2


async def test_double_press_on_the_current_screen_is_quiet(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/exercises")
    await harness.press(PAT, title("toe-threading"))
    await harness.press(PAT, t("drills.buttons.start_exercise"))
    drill = _with_buttons(harness)
    stale = next(data for row in drill.keyboard for (label, data) in row if NEXT in label)
    assert stale is not None
    await harness.press(PAT, NEXT)
    errors_before = harness.sandbox.stats()["errors"]["editMessageText"]
    # The old button again: the screen already shows step 2, "not modified" is not an error.
    out = await harness.press_data(PAT, drill.message_id, stale)
    assert not out
    assert _step(2) in _screen(harness)
    assert harness.sandbox.stats()["errors"]["editMessageText"] - errors_before <= 1
    assert t("common.error") not in " ".join(harness.texts(PAT))


async def test_selftest_question_shown_again_after_a_lost_edit(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    assert selftest_question("left", 1, 1) in _screen(harness)

    await _lose_the_next_edit(harness, ALONE)
    assert selftest_question("left", 1, 1) in _screen(harness)
    answers = select(func.count()).select_from(SelfTestAnswer)
    assert await _count(harness, answers) == 1

    await harness.press(PAT, ALONE)
    assert selftest_question("left", 2, 2) in _screen(harness)
    assert await _count(harness, answers) == 1
    assert harness.sandbox.callback_answers(PAT)[-1].text == html("selftest.already_recorded")

    await harness.press(PAT, ALONE)
    assert selftest_question("left", 3, 3) in _screen(harness)
    assert await _count(harness, answers) == 2
