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
from tests.e2e.content import html, pattern, selftest_question, shown, t, title
from tests.e2e.harness import BotHarness, buttons, onboard, plain

PAT = 7_300_000_001
ALONE, FOLLOW, CANNOT = (t(f"selftest.buttons.{a}") for a in ("alone", "follow", "cannot"))
NEXT = t("drills.buttons.next")


def _same_as_last_time(foot: str) -> str:
    return t("selftest.buttons.same", foot=t(f"selftest.feet.{foot}").lower())


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
    assert t("selftest.intro") in text and selftest_question("left", 1, 1) in text
    same = pattern("selftest.buttons.same")
    assert not any(same.search(label) for label in buttons(out[-1]))  # no earlier test yet
    left = [ALONE, FOLLOW, CANNOT, CANNOT, FOLLOW]
    right = [ALONE, ALONE, FOLLOW, CANNOT, CANNOT]
    await _answer_all(harness, left + right[:-1])
    out = await harness.press(PAT, right[-1])
    text = plain(out, harness.sandbox)
    assert t("selftest.done", left=1, right=2, total=3) in text
    assert t("selftest.first_test") in text
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
    assert _same_as_last_time("left") in buttons(out[-1])
    await harness.press(PAT, _same_as_last_time("left"))  # the whole left foot as before
    assert selftest_question("right", 1, 6) in harness.sandbox.plain_text(
        harness.sandbox.messages(PAT)[-1]
    )
    # Right foot: the 2nd toe now lifts alone.
    out_list = [ALONE, ALONE, CANNOT, CANNOT]
    await _answer_all(harness, out_list)
    out = await harness.press(PAT, FOLLOW)
    text = plain(out, harness.sandbox)
    assert t("selftest.since_last", previous=2) in text
    right = t("selftest.feet.right").lower()
    alone = t("selftest.answers.alone")
    assert t("selftest.change", foot_lower=right, toe=t("selftest.toes.2"), after=alone) in text
    tests = await _tests(harness)
    assert len(tests) == 2 and len(tests[1][1]) == 10


async def test_pause_and_resume_across_a_restart(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    await _answer_all(harness, [ALONE, ALONE, FOLLOW])
    out = await harness.press(PAT, t("selftest.buttons.later"))
    assert t("selftest.paused") in plain(out, harness.sandbox)
    await harness.restart()
    out = await harness.send(PAT, "/selftest")
    text = plain(out, harness.sandbox)
    assert t("selftest.resume", done=3) in text and selftest_question("left", 4, 4) in text
    await _answer_all(harness, [ALONE] * 7)
    [(test, answers)] = await _tests(harness)
    assert test.status == "completed" and len(answers) == 10


async def test_double_press_and_old_buttons_record_once(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    msg = harness.sandbox.messages(PAT)[-1]
    data = next(d for row in msg.keyboard for (label, d) in row if label == ALONE)
    first = harness.sandbox.press(PAT, msg.message_id, str(data))
    second = harness.sandbox.press(PAT, msg.message_id, str(data))
    await harness.wait_handled(first)
    await harness.wait_handled(second)
    [(_, answers)] = await _tests(harness)
    assert len(answers) == 1
    assert harness.sandbox.callback_answers(PAT)[-1].text == html("selftest.already_recorded")


async def test_progress_chart_and_unlocking_band_work(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "/progress")
    assert t("selftest.progress_none") in plain(out, harness.sandbox)
    await harness.send(PAT, "/selftest")
    await _answer_all(harness, [CANNOT] * 10)
    # A week of drills, then a better test.
    for _ in range(3):
        await harness.send(PAT, "/today")
        while not shown(
            plain(harness.sandbox.messages(PAT)[-4:], harness.sandbox), "drills.summary"
        ):
            await harness.press(PAT, NEXT)
        harness.clock.advance(dt.timedelta(days=1))
    harness.clock.advance(dt.timedelta(days=4))
    await harness.send(PAT, "/selftest")
    await _answer_all(harness, [ALONE] * 3 + [CANNOT] * 7)
    out = await harness.send(PAT, "/progress")
    photo = out[-1]
    assert photo.kind == "photo"
    assert _png(photo).height > _png(photo).width
    assert t("selftest.trend.improving", delta="+3") in (photo.caption or "")
    # Better control unlocks the band work in today's programme.
    out = await harness.send(PAT, "/today")
    assert shown(plain(out, harness.sandbox), "drills.header", exercise_number=1, exercise_count=5)


async def test_selftest_is_offered_after_a_drill_when_due(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/exercises")
    await harness.press(PAT, title("towel-scrunches"))
    await harness.press(PAT, t("drills.buttons.start_exercise"))
    out: list[SentMessage] = []
    while not shown(plain(out, harness.sandbox), "drills.summary"):
        out = await harness.press(PAT, NEXT)
    assert t("safety.checkin_question") in plain(out, harness.sandbox)
    assert t("selftest.offer") in plain(out, harness.sandbox)
    out = await harness.press(PAT, t("selftest.buttons.take"))
    assert selftest_question("left", 1, 1) in plain(out, harness.sandbox)


async def test_weekly_selftest_prompt_at_the_reminder_hour(harness: BotHarness) -> None:
    from bot.delivery.jobs import prompt_selftests
    from bot.deps import BOT_DATA_KEY

    await onboard(harness, PAT)  # reminders at 08:00 Lisbon; the clock is Mon 09:00
    assert harness.app is not None
    d = harness.app.bot_data[BOT_DATA_KEY]
    assert await prompt_selftests(d) == 0  # not the reminder hour
    harness.clock.advance(dt.timedelta(hours=23))  # Tue 08:00
    assert await prompt_selftests(d) == 1  # no baseline yet: due
    assert t("selftest.offer") in harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    assert await prompt_selftests(d) == 0  # once
    await harness.press(PAT, t("selftest.buttons.take"))
    await _answer_all(harness, [ALONE] * 10)
    harness.clock.advance(dt.timedelta(days=6))
    assert await prompt_selftests(d) == 0  # taken six days ago
    harness.clock.advance(dt.timedelta(days=1))
    assert await prompt_selftests(d) == 1  # a week later, at 08:00 again
