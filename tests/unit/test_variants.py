"""The exercise variant a patient sees, the daily foot check, and the frequency line.

`bot.domain.variants` is pure: the diabetes answer (True, False, or None for "not sure")
picks the version; texts come from the real `content/` by key, never English copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content, load_content
from bot.content.exercises import Frequency
from bot.domain.variants import daily_foot_check, for_patient, frequency_line, variant_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT / "content")


@pytest.mark.parametrize(
    ("diabetes", "variant", "check"),
    [(True, "diabetes", True), (None, "diabetes", True), (False, None, False)],
    ids=["yes", "not sure", "no"],
)
def test_not_sure_counts_as_diabetes(
    diabetes: bool | None, variant: str | None, check: bool
) -> None:
    assert variant_for(diabetes) == variant
    assert daily_foot_check(diabetes) is check


@pytest.mark.parametrize("diabetes", [True, None], ids=["yes", "not sure"])
def test_with_diabetes_the_barefoot_walk_is_the_indoor_variant(
    content: Content, diabetes: bool | None
) -> None:
    exercise = content.catalog.exercise("barefoot-textures")
    variant = exercise.variants["diabetes"]
    seen = for_patient(exercise, diabetes)
    assert seen.steps == variant.steps
    assert seen.safety == variant.safety
    assert seen.summary == variant.summary
    assert seen.cues == variant.cues
    # Identity and walk stay: the drill stores the id and a screen index.
    assert (seen.id, seen.title, seen.per_foot, seen.frequency) == (
        exercise.id,
        exercise.title,
        exercise.per_foot,
        exercise.frequency,
    )
    assert len(seen.steps) == len(exercise.steps)


def test_without_diabetes_the_barefoot_walk_is_the_normal_one(content: Content) -> None:
    exercise = content.catalog.exercise("barefoot-textures")
    assert for_patient(exercise, False) is exercise


@pytest.mark.parametrize("diabetes", [True, None, False])
def test_exercises_without_a_variant_are_unchanged(content: Content, diabetes: bool | None) -> None:
    for exercise in content.catalog.exercises.values():
        if not exercise.variants:
            assert for_patient(exercise, diabetes) is exercise


def test_a_variant_keeps_what_it_does_not_give(content: Content) -> None:
    from bot.content.exercises import ExerciseVariant

    exercise = content.catalog.exercise("towel-scrunches")
    only_summary = exercise.model_copy(
        update={"variants": {"diabetes": ExerciseVariant(summary="Another summary.")}}
    )
    seen = for_patient(only_summary, True)
    assert seen.summary == "Another summary."
    assert (seen.steps, seen.safety, seen.cues) == (exercise.steps, exercise.safety, exercise.cues)


def test_the_isolation_practice_is_twice_daily(content: Content) -> None:
    t = content.texts.get
    practice = content.catalog.exercise("isolation-practice")
    line = frequency_line(t, practice.frequency)
    days = t("drills.frequency.days", low=5, high=7)
    assert line == t("drills.frequency.both", per_day=t("drills.frequency.per_day_two"), days=days)


@pytest.mark.parametrize(
    ("frequency", "key", "values"),
    [
        (Frequency(days_per_week=(5, 7)), "drills.frequency.one", "days"),
        (Frequency(days_per_week=(7, 7)), "drills.frequency.one", "days_one"),
        (Frequency(times_per_day=1), "drills.frequency.one", "per_day_one"),
        (Frequency(times_per_day=3), "drills.frequency.one", "per_day_many"),
    ],
)
def test_frequency_line_by_key(
    content: Content, frequency: Frequency, key: str, values: str
) -> None:
    t = content.texts.get
    parts = {
        "days": t("drills.frequency.days", low=5, high=7),
        "days_one": t("drills.frequency.days_one", n=7),
        "per_day_one": t("drills.frequency.per_day_one"),
        "per_day_many": t("drills.frequency.per_day_many", n=3),
    }
    assert frequency_line(t, frequency) == t(key, what=parts[values])


def test_a_note_is_its_own_line_and_none_says_nothing(content: Content) -> None:
    t = content.texts.get
    check = content.catalog.exercise("isolation-assessment").frequency
    assert check is not None and check.note is not None
    assert frequency_line(t, check) == t("drills.frequency.note", note=check.note)
    assert frequency_line(t, None) is None


@pytest.mark.parametrize(("diabetes", "indoors"), [(True, True), (None, True), (False, False)])
def test_a_drill_screen_is_in_the_patients_version(
    content: Content, diabetes: bool | None, indoors: bool
) -> None:
    from bot.content.exercises import Step
    from bot.domain.walkthrough import Position, next_position, screen_at

    exercise = content.catalog.exercise("barefoot-textures")
    variant_steps = exercise.variants["diabetes"].steps
    assert variant_steps is not None
    expected = variant_steps if indoors else exercise.steps
    plan = ["barefoot-textures"]
    position: Position | None = (0, 0)
    seen: list[Step] = []
    while position is not None:
        seen.append(screen_at(content.catalog, plan, position, diabetes=diabetes).step)
        position = next_position(content.catalog, plan, position)
    assert tuple(seen) == expected
