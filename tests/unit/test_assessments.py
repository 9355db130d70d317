"""The assessments built without free text carry the level and flag SAFETY.md gives them."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain import assessments
from bot.domain.digest import digest_slot
from bot.domain.triage import FLAGS, Assessment, Evidence, Level


@pytest.mark.parametrize(
    ("make", "level", "flag"),
    [
        (assessments.exercise_pain, Level.STOP, "exercise_pain"),
        (assessments.stroke_signs, Level.EMERGENCY, "stroke_signs"),
        (assessments.no_improvement, Level.ROUTINE, "no_improvement"),
    ],
)
def test_each_finding_has_its_level_and_flag(make: object, level: Level, flag: str) -> None:
    assert callable(make)
    found = make("the words")
    assert found == Assessment(level, (flag,), (Evidence(flag, "the words"),))
    assert found.follow_up is None and not found.ask and found.language == "en"


def test_flags_are_ones_triage_knows() -> None:
    # exercise_pain and stroke_signs are free-text flags too: typed or ticked, one flag.
    assert {"exercise_pain", "stroke_signs"} <= set(FLAGS)


UTC = dt.UTC


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        # Monday 09:00 slots (weekday 0); 2026-11-30 is a Monday.
        (dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC), dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        (dt.datetime(2026, 11, 30, 8, 59, tzinfo=UTC), dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
        (dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC), dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        (dt.datetime(2026, 12, 6, 23, 59, tzinfo=UTC), dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        (dt.datetime(2026, 12, 7, 9, 30, tzinfo=UTC), dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)),
    ],
)
def test_digest_slot_is_the_latest_at_or_before_now(now: dt.datetime, slot: dt.datetime) -> None:
    assert digest_slot(now, 0, 9) == slot


def test_digest_slot_on_other_weekdays() -> None:
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday
    for weekday in range(7):
        got = digest_slot(now, weekday, 12)
        assert got.weekday() == weekday and got <= now < got + dt.timedelta(days=7)
        assert got.tzinfo is UTC
