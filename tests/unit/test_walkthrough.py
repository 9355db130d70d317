"""Pure walk-through: positions through a whole programme, skips, and the streak."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.content.exercises import ExerciseCatalog, default_content_dir, load_catalog
from bot.domain.walkthrough import (
    Position,
    completed,
    next_position,
    pain_stop_today,
    screen_at,
    skip_exercise,
    streak,
)


@pytest.fixture(scope="module")
def catalog() -> ExerciseCatalog:
    return load_catalog(default_content_dir())


PLAN = ["toe-threading", "isolation-practice", "towel-scrunches"]


def test_walking_a_whole_plan_visits_every_screen_once(catalog: ExerciseCatalog) -> None:
    pos: Position | None = (0, 0)
    seen = []
    while pos is not None:
        screen = screen_at(catalog, PLAN, pos)
        seen.append((screen.exercise.id, screen.step.id, screen.foot))
        pos = next_position(catalog, PLAN, pos)
    threading = [s for s in seen if s[0] == "toe-threading"]
    # Five steps on the left foot, the switch once, five on the right.
    assert len(threading) == 11
    assert threading[0] == ("toe-threading", "sit-and-cross", "left")
    assert threading[5] == ("toe-threading", "switch-feet", None)
    assert threading[-1] == ("toe-threading", "traction-and-circles", "right")
    assert next(s for s in seen if s[0] == "isolation-practice")[2] == "left"
    assert seen[-1][0] == "towel-scrunches"


def test_screen_numbers_follow_the_article(catalog: ExerciseCatalog) -> None:
    screen = screen_at(catalog, PLAN, (0, 3))
    assert (screen.exercise_number, screen.exercise_count) == (1, 3)
    assert (screen.step_number, screen.step_count) == (4, 6)  # "spread and gap" is step 4 of 6
    assert screen.step.hold_seconds == (2, 3)
    switch = screen_at(catalog, PLAN, (0, 5))
    assert (switch.step_number, switch.foot) == (6, None)
    assert screen_at(catalog, PLAN, (0, 0)).first_of_exercise
    assert not screen_at(catalog, PLAN, (0, 6)).first_of_exercise


def test_skip_goes_to_the_next_exercise_or_ends(catalog: ExerciseCatalog) -> None:
    assert skip_exercise(PLAN, (0, 4)) == (1, 0)
    assert skip_exercise(PLAN, (2, 0)) is None
    last = (2, len(catalog.exercise("towel-scrunches").steps) - 1)
    assert next_position(catalog, PLAN, last) is None


def test_streak_counts_consecutive_days() -> None:
    today = dt.date(2026, 11, 23)
    day = dt.timedelta(days=1)
    assert streak([], today) == 0
    assert streak([today], today) == 1
    assert streak([today, today - day, today - 2 * day], today) == 3
    # Today's drill not done yet: yesterday's streak still stands.
    assert streak([today - day, today - 2 * day], today) == 2
    # A gap breaks it.
    assert streak([today, today - 2 * day], today) == 1
    assert streak([today - 2 * day], today) == 0


def test_a_session_is_completed_with_one_exercise_done() -> None:
    assert completed(PLAN, set())
    assert completed(PLAN, {"toe-threading", "towel-scrunches"})
    assert not completed(PLAN, set(PLAN))
    assert not completed(["isolation-practice"], {"isolation-practice"})
    assert not completed([], set())  # an empty plan has nothing done


def test_a_pain_stop_counts_on_the_patients_own_day() -> None:
    new_york = ZoneInfo("America/New_York")
    today = dt.date(2026, 11, 23)
    evening = dt.datetime(2026, 11, 24, 3, 30, tzinfo=dt.UTC)  # 22:30 on the 23rd there
    assert pain_stop_today([evening], today, new_york)
    assert not pain_stop_today([evening], today, dt.UTC)  # already the 24th in UTC
    yesterday = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    assert not pain_stop_today([yesterday], today, new_york)
    assert not pain_stop_today([], today, new_york)
