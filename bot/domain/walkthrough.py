"""Pure walk-through maths: where a drill stands, what comes next, whether it counts as
done, and the streak.

A drill's plan is a list of exercise ids; its position is (exercise index, screen index),
where screens are what `exercises.walk` expands an exercise into (left foot, switch, right
foot). A prescribed drill also carries one `Dose` per exercise (`bot.domain.prescription`):
an exercise prescribed for one foot walks that foot's screens only. No I/O: the drill
service stores positions, this module moves them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.content.exercises import Exercise, ExerciseCatalog, Foot, Step, WalkStep, walk
from bot.domain.prescription import Dose
from bot.domain.variants import for_patient


@dataclass(frozen=True)
class Screen:
    """Everything needed to show one step of a drill."""

    exercise: Exercise
    step: Step
    exercise_number: int  # 1-based, of exercise_count
    exercise_count: int
    step_number: int  # 1-based position of the step in the exercise, as the article numbers it
    step_count: int
    foot: Foot | None
    first_of_exercise: bool
    # How the therapist prescribed it; None in a named programme's drill.
    dose: Dose | None = None


Position = tuple[int, int]
Doses = Sequence[Dose] | None


def _dose(doses: Doses, ex_index: int) -> Dose | None:
    return doses[ex_index] if doses is not None and ex_index < len(doses) else None


def screens(exercise: Exercise, dose: Dose | None = None) -> list[WalkStep]:
    """The screens of one exercise: `walk`'s, or for an exercise prescribed on one foot only
    that foot's (no switch between feet: there is no other foot to switch to)."""
    steps = walk(exercise)
    if dose is None or dose.feet == "both" or not exercise.per_foot:
        return steps
    return [s for s in steps if s.foot == dose.feet]


def screen_at(
    catalog: ExerciseCatalog,
    plan: Sequence[str],
    position: Position,
    *,
    diabetes: bool | None = False,
    doses: Doses = None,
) -> Screen:
    """The screen at `position` of `plan` (IndexError when out of range), in the version
    of the exercise this patient sees (`variants.for_patient`: with diabetes, or not sure,
    the barefoot walk stays indoors). A variant walks like its exercise, so the position
    means the same screen either way. `doses`, one per exercise of a prescribed drill,
    choose the feet walked (`screens`) and go with the screen to be shown."""
    ex_index, screen_index = position
    exercise = for_patient(catalog.exercise(plan[ex_index]), diabetes)
    dose = _dose(doses, ex_index)
    walk_step = screens(exercise, dose)[screen_index]
    step = exercise.step(walk_step.step_id)
    one_foot = dose is not None and dose.feet != "both" and exercise.per_foot
    return Screen(
        exercise=exercise,
        step=step,
        exercise_number=ex_index + 1,
        exercise_count=len(plan),
        step_number=[s.id for s in exercise.steps].index(step.id) + 1,
        # One foot only: the switch step is never shown, so it is not counted either.
        step_count=len(exercise.foot_steps) if one_foot else len(exercise.steps),
        foot=walk_step.foot,
        first_of_exercise=screen_index == 0,
        dose=dose,
    )


def next_position(
    catalog: ExerciseCatalog, plan: Sequence[str], position: Position, doses: Doses = None
) -> Position | None:
    """The position after `position`, or None when the drill is complete."""
    ex_index, screen_index = position
    exercise = catalog.exercise(plan[ex_index])
    if screen_index + 1 < len(screens(exercise, _dose(doses, ex_index))):
        return ex_index, screen_index + 1
    return skip_exercise(plan, position)


def skip_exercise(plan: Sequence[str], position: Position) -> Position | None:
    """The first screen of the next exercise, or None when there is none."""
    ex_index, _ = position
    return (ex_index + 1, 0) if ex_index + 1 < len(plan) else None


def completed(plan: Sequence[str], skipped: Collection[str]) -> bool:
    """Whether a drill that reached its end counts as done: at least one exercise of its
    plan was walked through rather than skipped. The one definition of a completed session:
    it decides the stored status, and every streak, adherence count, digest and export reads
    that status (an all-skipped drill is kept, but is not a session done)."""
    return any(exercise_id not in skipped for exercise_id in plan)


def pain_stop_today(stops: Iterable[dt.datetime], today: dt.date, zone: dt.tzinfo) -> bool:
    """Whether the patient stopped for pain (and was told to rest) on their local `today`:
    `stops` are the instants of their stop advice, compared by the patient's own calendar
    day, so a stop late in the evening is still "today" where the patient lives."""
    return any(stop.astimezone(zone).date() == today for stop in stops)


def streak(days: Iterable[dt.date], today: dt.date) -> int:
    """Consecutive days with a completed drill, ending today (or yesterday, if today's is
    still to come: a streak is not broken before the day is over)."""
    done = set(days)
    day = today if today in done else today - dt.timedelta(days=1)
    count = 0
    while day in done:
        count += 1
        day -= dt.timedelta(days=1)
    return count
