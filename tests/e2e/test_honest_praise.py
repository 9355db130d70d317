"""Honest praise and adherence through the sandbox: a session whose every exercise was
skipped is answered kindly without praise and counts nowhere (streak, the therapist's
adherence, the CSV export); after a pain stop, /today asks before starting again; a skip
for pain on a reminder is answered in words that fit it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, Escalation
from bot.delivery import reminders
from tests.e2e.content import advice, echo, shown, t, title, way_out
from tests.e2e.harness import BotHarness, onboard, plain, running_harness
from tests.e2e.test_therapists import ADMIN, _make_therapist, _patient_via

ANN = 9_300_000_001
PAT = 9_300_000_002
SKIPPER = 9_300_000_003
NEXT, SKIP, PAIN = (t(f"drills.buttons.{b}") for b in ("next", "skip", "pain"))


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _statuses(harness: BotHarness, user_id: int) -> list[str]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(col(DrillSession.status))
                .where(col(DrillSession.user_id) == user_id)
                .order_by(col(DrillSession.id))
            )
            return list(rows.all())
    finally:
        await engine.dispose()


async def _escalations(harness: BotHarness, user_id: int) -> list[tuple[str, str]]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(Escalation)
                .where(col(Escalation.user_id) == user_id)
                .order_by(col(Escalation.id))
            )
            return [(e.source, e.level) for e in rows.all()]
    finally:
        await engine.dispose()


def _last(harness: BotHarness, user_id: int) -> str:
    return harness.sandbox.plain_text(harness.sandbox.messages(user_id)[-1])


async def _drill_to_the_end(harness: BotHarness, user_id: int, *, do_first: bool) -> str:
    """/today, then the first exercise done (or skipped) and every other skipped; returns
    what the bot said after the last press."""
    await harness.send(user_id, "/today")
    for _ in range(40):  # a guard: no programme has that many screens
        on_first = shown(_last(harness, user_id), "drills.header", exercise_number=1)
        sent = await harness.press(user_id, NEXT if do_first and on_first else SKIP)
        if sent:  # a move edits the drill message in place; the end sends the summary
            return plain(sent, harness.sandbox)
    raise AssertionError("the drill did not end")


async def _csv_statuses(harness: BotHarness, therapist: int, patient: int) -> list[str]:
    out = await harness.send(therapist, "/export")
    rows = csv.DictReader(io.StringIO((out[-1].file_bytes or b"").decode()))
    return [
        r["status"] for r in rows if r["record"] == "session" and int(r["patient_id"]) == patient
    ]


async def test_an_all_skipped_session_is_not_praised_and_counts_nowhere(
    harness: BotHarness,
) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _patient_via(harness, ANN, PAT)

    said = await _drill_to_the_end(harness, PAT, do_first=False)
    assert t("drills.summary_none_done") in said
    assert not shown(said, "drills.summary")  # no "well done", no "exercises done: none"
    assert t("drills.summary_streak_one") not in said
    assert not shown(said, "drills.summary_streak")
    # Nothing was done: no "how did your feet feel?" (found in a sandbox try-out).
    assert t("safety.checkin_question") not in said
    assert await _statuses(harness, PAT) == ["skipped"]
    out = await harness.send(ANN, "/patients")
    assert shown(plain(out, harness.sandbox), "therapist.patient_line", a7=0, a28=0)
    assert await _csv_statuses(harness, ANN, PAT) == ["skipped"]

    # The next day one exercise is done: the first day of a streak, not the second.
    harness.clock.advance(dt.timedelta(days=1))
    said = await _drill_to_the_end(harness, PAT, do_first=True)
    assert shown(said, "drills.summary")
    assert t("drills.summary_streak_one") in said
    assert await _statuses(harness, PAT) == ["skipped", "finished"]
    out = await harness.send(ANN, "/patients")
    assert shown(plain(out, harness.sandbox), "therapist.patient_line", a7=1, a28=1)
    assert await _csv_statuses(harness, ANN, PAT) == ["skipped", "finished"]


async def test_pain_advice_is_worded_for_a_button_and_for_a_skipped_day(
    harness: BotHarness,
) -> None:
    # The pain button in a drill: stop this exercise, and "you tapped", not "you said".
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    out = await harness.press(PAT, PAIN)
    text = plain(out, harness.sandbox)
    assert advice("stop") in text and way_out() in text
    tapped = t("drills.pain_echo", button=PAIN, exercise=title("toe-threading"))
    assert tapped in text
    assert not echo("exercise_pain").search(text)  # no "You said “it hurts”"
    assert t("drills.pain_question") in text
    assert await _escalations(harness, PAT) == [("pain_stop", "stop")]

    # "Pain" as the reason to skip a reminder: no exercise is under way, so no "stop this
    # exercise"; the same stop level, recorded and answered through the escalation service.
    await onboard(harness, SKIPPER)
    harness.clock.advance(dt.timedelta(hours=23))  # the next 08:00 in Lisbon
    assert harness.app is not None
    assert (await reminders.dispatcher_for(harness.app.bot_data).tick()).sent >= 1
    await harness.press(SKIPPER, t("reminders.buttons.skip"))
    out = await harness.press(SKIPPER, t("reminders.skip_reasons.pain"))
    text = plain(out, harness.sandbox)
    assert t("reminders.pain_advice") in text and way_out() in text
    assert t("reminders.pain_echo", reason=t("reminders.skip_reasons.pain")) in text
    assert advice("stop") not in text
    assert not echo("exercise_pain").search(text)
    assert t("drills.pain_question") in text
    assert await _escalations(harness, SKIPPER) == [("skip_reason", "stop")]
    # The same day, /today asks first after this stop too.
    out = await harness.send(SKIPPER, "/today")
    assert [harness.sandbox.plain_text(m) for m in out] == [t("drills.after_pain")]


async def test_after_a_pain_stop_today_asks_before_starting_again(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    await harness.press(PAT, PAIN)
    out = await harness.send(PAT, "sharp pain in the joint of my big toe")
    assert t("safety.pain_thanks") in plain(out, harness.sandbox)  # "rest today"

    # /today the same day asks first, with the pain advice, instead of starting a session.
    harness.clock.advance(dt.timedelta(hours=3))
    out = await harness.send(PAT, "/today")
    assert [harness.sandbox.plain_text(m) for m in out] == [t("drills.after_pain")]
    anyway, rest = t("drills.buttons.start_anyway"), t("drills.buttons.rest_today")
    assert [label for row in out[-1].keyboard for label, _ in row] == [anyway, rest]
    assert await _statuses(harness, PAT) == ["aborted"]  # nothing started
    out = await harness.press(PAT, rest)
    assert plain(out, harness.sandbox) == t("drills.rest_noted")
    assert await _statuses(harness, PAT) == ["aborted"]

    # Asked again, "Start anyway" starts today's session; /today then resumes it, no question.
    await harness.send(PAT, "/today")
    out = await harness.press(PAT, anyway)
    assert shown(plain(out, harness.sandbox), "drills.header", exercise_number=1)
    assert await _statuses(harness, PAT) == ["aborted", "active"]
    out = await harness.send(PAT, "/today")
    assert t("drills.resumed") in plain(out, harness.sandbox)

    # The next day starts straight away.
    harness.clock.advance(dt.timedelta(days=1))
    out = await harness.send(PAT, "/today")
    assert t("drills.after_pain") not in plain(out, harness.sandbox)
    assert shown(plain(out, harness.sandbox), "drills.header", exercise_number=1)
