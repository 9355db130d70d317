"""The self-test through the sandbox: ten toes with buttons, "same as last time", pause and
resume across a restart, the foot map and progress pictures, and what it unlocks."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image
from sqlalchemy import select
from sqlmodel import col

from bot.db.engine import create_engine, session_factory
from bot.db.models import SelfTest, SelfTestAnswer
from bot.sandbox.server import SentMessage
from tests.e2e.harness import BotHarness, buttons, onboard, plain

PAT = 7_300_000_001
ALONE, FOLLOW, CANNOT = "Lifts alone", "Others follow", "Can't lift"


async def _tests(harness: BotHarness) -> list[tuple[SelfTest, list[SelfTestAnswer]]]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            tests = (
                await session.scalars(
                    select(SelfTest).where(col(SelfTest.user_id) == PAT).order_by(col(SelfTest.id))
                )
            ).all()
            out = []
            for test in tests:
                answers = (
                    await session.scalars(
                        select(SelfTestAnswer)
                        .where(col(SelfTestAnswer.test_id) == test.id)
                        .order_by(col(SelfTestAnswer.id))
                    )
                ).all()
                out.append((test, list(answers)))
            return out
    finally:
        await engine.dispose()


async def _answer_all(harness: BotHarness, labels: list[str]) -> None:
    for label in labels:
        await harness.press(PAT, label)


def _png(message: object) -> Image.Image:
    data = message.file_bytes  # type: ignore[attr-defined]
    assert data is not None
    return Image.open(io.BytesIO(data))


async def test_take_the_test_see_the_score_and_the_foot_map(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "/selftest")
    text = plain(out, harness.sandbox)
    assert "barefoot" in text and "Left foot · big toe (1/10)" in text
    assert "Same as last time" not in " ".join(buttons(out[-1]))  # no earlier test yet
    left = [ALONE, FOLLOW, CANNOT, CANNOT, FOLLOW]
    right = [ALONE, ALONE, FOLLOW, CANNOT, CANNOT]
    await _answer_all(harness, left + right[:-1])
    out = await harness.press(PAT, right[-1])
    text = plain(out, harness.sandbox)
    assert "left 1/5, right 2/5, total 3/10" in text
    assert "first test" in text
    photo = out[-1]
    assert photo.kind == "photo"
    image = _png(photo)
    assert image.height > image.width  # portrait, for a phone
    assert "3" in (photo.caption or "")  # the text alternative carries the numbers

    [(test, answers)] = await _tests(harness)
    assert test.status == "completed" and test.completed_at is not None
    assert [(a.foot, a.toe, a.answer) for a in answers][:3] == [
        ("left", 1, "alone"),
        ("left", 2, "follow"),
        ("left", 3, "cannot"),
    ]
    assert len(answers) == 10


async def test_second_test_uses_same_as_last_time_and_reports_change(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    await _answer_all(harness, [ALONE, FOLLOW, CANNOT, CANNOT, FOLLOW] * 2)
    harness.clock.advance(dt.timedelta(days=7))
    out = await harness.send(PAT, "/selftest")
    assert "Same as last time (left foot)" in " ".join(buttons(out[-1]))
    await harness.press(PAT, "Same as last time")  # the whole left foot as before
    assert "Right foot · big toe (6/10)" in harness.sandbox.plain_text(
        harness.sandbox.messages(PAT)[-1]
    )
    # Right foot: the 2nd toe now lifts alone.
    out_list = [ALONE, ALONE, CANNOT, CANNOT]
    await _answer_all(harness, out_list)
    out = await harness.press(PAT, FOLLOW)
    text = plain(out, harness.sandbox)
    assert "Since your last test (2/10)" in text
    assert "right 2nd toe now lifts alone" in text
    tests = await _tests(harness)
    assert len(tests) == 2 and len(tests[1][1]) == 10


async def test_pause_and_resume_across_a_restart(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    await _answer_all(harness, [ALONE, ALONE, FOLLOW])
    out = await harness.press(PAT, "Finish later")
    assert "/selftest to carry on" in plain(out, harness.sandbox)
    await harness.restart()
    out = await harness.send(PAT, "/selftest")
    text = plain(out, harness.sandbox)
    assert "3/10 answered" in text and "Left foot · 4th toe (4/10)" in text
    await _answer_all(harness, [ALONE] * 7)
    [(test, answers)] = await _tests(harness)
    assert test.status == "completed" and len(answers) == 10


async def test_double_press_and_old_buttons_record_once(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    msg = harness.sandbox.messages(PAT)[-1]
    data = next(d for row in msg.keyboard for (label, d) in row if "Lifts alone" in label)
    first = harness.sandbox.press(PAT, msg.message_id, str(data))
    second = harness.sandbox.press(PAT, msg.message_id, str(data))
    await harness.wait_handled(first)
    await harness.wait_handled(second)
    [(_, answers)] = await _tests(harness)
    assert len(answers) == 1
    assert harness.sandbox.callback_answers(PAT)[-1].text == "Already recorded ✓"


async def test_progress_chart_and_unlocking_band_work(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "/progress")
    assert "No self-tests yet" in plain(out, harness.sandbox)
    await harness.send(PAT, "/selftest")
    await _answer_all(harness, [CANNOT] * 10)
    # A week of drills, then a better test.
    for _ in range(3):
        await harness.send(PAT, "/today")
        while "Well done!" not in plain(harness.sandbox.messages(PAT)[-4:], harness.sandbox):
            await harness.press(PAT, "Done / Next")
        harness.clock.advance(dt.timedelta(days=1))
    harness.clock.advance(dt.timedelta(days=4))
    await harness.send(PAT, "/selftest")
    await _answer_all(harness, [ALONE] * 3 + [CANNOT] * 7)
    out = await harness.send(PAT, "/progress")
    photo = out[-1]
    assert photo.kind == "photo"
    assert _png(photo).height > _png(photo).width
    assert "improving" in (photo.caption or "")
    # Better control unlocks the band work in today's programme.
    out = await harness.send(PAT, "/today")
    assert "Exercise 1/5" in plain(out, harness.sandbox)


async def test_selftest_is_offered_after_a_drill_when_due(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/exercises")
    await harness.press(PAT, "Towel scrunches")
    await harness.press(PAT, "Start this exercise")
    out: list[SentMessage] = []
    while "Well done!" not in plain(out, harness.sandbox):
        out = await harness.press(PAT, "Done / Next")
    assert "How did your feet feel?" in plain(out, harness.sandbox)
    assert "time for your self-test" in plain(out, harness.sandbox)
    out = await harness.press(PAT, "Take the self-test")
    assert "Left foot · big toe (1/10)" in plain(out, harness.sandbox)


async def test_weekly_selftest_prompt_at_the_reminder_hour(harness: BotHarness) -> None:
    from bot.delivery.jobs import prompt_selftests
    from bot.deps import BOT_DATA_KEY

    await onboard(harness, PAT)  # reminders at 08:00 Lisbon; the clock is Mon 09:00
    assert harness.app is not None
    d = harness.app.bot_data[BOT_DATA_KEY]
    assert await prompt_selftests(d) == 0  # not the reminder hour
    harness.clock.advance(dt.timedelta(hours=23))  # Tue 08:00
    assert await prompt_selftests(d) == 1  # no baseline yet: due
    assert "time for your self-test" in harness.sandbox.plain_text(
        harness.sandbox.messages(PAT)[-1]
    )
    assert await prompt_selftests(d) == 0  # once
    await harness.press(PAT, "Take the self-test")
    await _answer_all(harness, [ALONE] * 10)
    harness.clock.advance(dt.timedelta(days=6))
    assert await prompt_selftests(d) == 0  # taken six days ago
    harness.clock.advance(dt.timedelta(days=1))
    assert await prompt_selftests(d) == 1  # a week later, at 08:00 again
