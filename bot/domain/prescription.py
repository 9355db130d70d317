"""Pure prescription rules: what a therapist may prescribe, and how a prescription turns into
the day's drill plan and the patient's reminder slots.

A prescription is a list of items, one per library exercise: which feet, how many
repetitions, how many times a day and how many days a week. A patient with one follows it
instead of their named programme (`default`, `gentle`):
- the drill walks the prescribed exercises in the therapist's order, each only on the
  prescribed feet, with the prescribed repetitions shown (`Dose`);
- times a day become reminder slots (`reminder_times`), and a session beyond the first of
  a day walks only the exercises prescribed that often (`plan_for`);
- days a week become the reminder weekdays (`drill_weekdays`), and an exercise prescribed
  on fewer days than the others is spread over those days (`exercise_weekdays`).

A drill fixes its plan when it starts (`DrillSession` keeps it), so a prescription changed
mid-drill never moves the patient's position: the doses travel with the drill, encoded in
its programme column (`encode` / `decode`), as a single exercise travels as `single:<id>`.

No I/O, no framework imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "DAYS_RANGE",
    "FEET",
    "MAX_ITEMS",
    "PROGRAMME_PREFIX",
    "REPS_RANGE",
    "TIMES_RANGE",
    "Dose",
    "Feet",
    "PrescriptionError",
    "PrescriptionItem",
    "check",
    "decode",
    "drill_weekdays",
    "encode",
    "exercise_weekdays",
    "plan_for",
    "reminder_times",
    "times_wanted",
]

Feet = Literal["left", "right", "both"]
FEET: Final[tuple[Feet, ...]] = ("left", "right", "both")
REPS_RANGE: Final = (1, 50)
TIMES_RANGE: Final = (1, 3)
DAYS_RANGE: Final = (1, 7)
# One item per library exercise at most (the table is unique per patient and exercise), and
# never more than the drill's programme column can carry encoded (see `encode`).
MAX_ITEMS: Final = 8
PROGRAMME_PREFIX: Final = "prescribed:"

_EVERY_DAY = 0b1111111
# Which weekdays (Monday = 0) a prescription of n days a week starts on: rest days spread
# through the week, and the working week first.
_WEEK_PATTERNS: Final[Mapping[int, tuple[int, ...]]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}
# Hours a new reminder slot may take: the waking day, as the patient would choose.
_SLOT_HOURS: Final = range(7, 22)
_FEET_CODE: Final[Mapping[Feet, str]] = {"left": "L", "right": "R", "both": "B"}
_CODE_FEET: Final[Mapping[str, Feet]] = {v: k for k, v in _FEET_CODE.items()}


class PrescriptionError(ValueError):
    """A prescription refused, naming the bad field (and which item, counting from 0)."""

    def __init__(self, field: str, index: int | None = None) -> None:
        super().__init__(field)
        self.field = field
        self.index = index


@dataclass(frozen=True, slots=True)
class PrescriptionItem:
    """One exercise of a prescription, as the therapist chose it."""

    exercise_id: str
    feet: Feet = "both"
    repetitions: int = 10
    times_per_day: int = 1
    days_per_week: int = 7


@dataclass(frozen=True, slots=True)
class Dose:
    """How one exercise of a drill is done, as prescribed: what the walk-through shows."""

    feet: Feet
    repetitions: int
    times_per_day: int
    days_per_week: int

    @classmethod
    def of(cls, item: PrescriptionItem) -> Dose:
        """The dose of a prescription item."""
        return cls(item.feet, item.repetitions, item.times_per_day, item.days_per_week)


def _within(value: object, bounds: tuple[int, int]) -> bool:
    low, high = bounds
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check(items: Sequence[PrescriptionItem], sides: Mapping[str, bool]) -> list[PrescriptionItem]:
    """The items, validated against the library (`sides`: exercise id -> whether it is done
    one foot at a time); `PrescriptionError` naming the first bad field otherwise.

    Known, distinct exercise ids; feet left, right or both (an exercise done with both feet
    together has no side to choose, so only "both"); 1-50 repetitions; 1-3 times a day;
    1-7 days a week; at most `MAX_ITEMS` items. An empty list is valid: no prescription.
    """
    if len(items) > MAX_ITEMS:
        raise PrescriptionError("items")
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.exercise_id not in sides or item.exercise_id in seen:
            raise PrescriptionError("exercise_id", i)
        seen.add(item.exercise_id)
        if item.feet not in FEET or (item.feet != "both" and not sides[item.exercise_id]):
            raise PrescriptionError("feet", i)
        if not _within(item.repetitions, REPS_RANGE):
            raise PrescriptionError("repetitions", i)
        if not _within(item.times_per_day, TIMES_RANGE):
            raise PrescriptionError("times_per_day", i)
        if not _within(item.days_per_week, DAYS_RANGE):
            raise PrescriptionError("days_per_week", i)
    return list(items)


# --- days and times ------------------------------------------------------------------------


def _days_of(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


def _mask(days: Iterable[int]) -> int:
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def drill_weekdays(days_per_week: int, current: int = _EVERY_DAY) -> int:
    """The reminder weekdays (Monday = bit 0) for a prescription of `days_per_week`: the
    patient's own `current` days when there are already that many of them (they chose
    which), else the spread pattern of that many days."""
    if not _within(days_per_week, DAYS_RANGE):
        raise PrescriptionError("days_per_week")
    if len(_days_of(current & _EVERY_DAY)) == days_per_week:
        return current & _EVERY_DAY
    return _mask(_WEEK_PATTERNS[days_per_week])


def exercise_weekdays(days_per_week: int, drill_days: int) -> int:
    """The weekdays one exercise is done on: `days_per_week` of the patient's drill days,
    spread evenly among them (all of them when it is prescribed as often or more)."""
    days = _days_of(drill_days & _EVERY_DAY)
    if days_per_week >= len(days):
        return _mask(days)
    return _mask(days[(i * len(days)) // days_per_week] for i in range(days_per_week))


def times_wanted(items: Iterable[PrescriptionItem]) -> int:
    """How many daily reminders a prescription asks for: its most frequent exercise's."""
    return max((item.times_per_day for item in items), default=1)


def _apart(a: dt.time, b: dt.time) -> int:
    gap = abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))
    return min(gap, 24 * 60 - gap)


def reminder_times(current: Sequence[dt.time], wanted: int) -> list[dt.time]:
    """The daily reminder times for `wanted` slots, sorted: the patient's own times kept
    (the earliest ones, when there are more than wanted), and each missing slot on the whole
    waking hour farthest from the times already there (08:00 gains 20:00; then 14:00)."""
    if not _within(wanted, TIMES_RANGE):
        raise PrescriptionError("times_per_day")
    times = sorted(set(current))[:wanted]
    while len(times) < wanted:
        candidates = [dt.time(hour) for hour in _SLOT_HOURS if dt.time(hour) not in times]
        best = max(
            candidates, key=lambda t: (min((_apart(t, o) for o in times), default=0), -t.hour)
        )
        times = sorted([*times, best])
    return times


# --- the day's plan ------------------------------------------------------------------------


def plan_for(
    items: Sequence[PrescriptionItem], *, day: dt.date, drill_days: int, session: int
) -> list[PrescriptionItem]:
    """The exercises of one drill, in the therapist's order, for local `day` and the day's
    `session`-th drill (1 = the first).

    On a drill day (in `drill_days`, the reminder weekdays) an exercise is in when it falls
    on that weekday (`exercise_weekdays`) and is prescribed at least `session` times a day.
    When that leaves nothing (a day off the plan the patient exercises anyway, or one session
    more than prescribed), the whole prescription: a patient who chose to exercise is never
    handed an empty drill.
    """
    weekday = day.weekday()
    chosen = [
        item
        for item in items
        if exercise_weekdays(item.days_per_week, drill_days) & (1 << weekday)
        and item.times_per_day >= session
    ]
    return chosen or list(items)


# --- the drill's snapshot --------------------------------------------------------------------


def encode(doses: Sequence[Dose]) -> str:
    """The doses of a drill's plan as its programme column keeps them, e.g.
    "prescribed:L238,B1710" (feet, times a day, days a week, then the repetitions): at most
    58 characters for `MAX_ITEMS` items, within the column's 64."""
    parts = [
        f"{_FEET_CODE[d.feet]}{d.times_per_day}{d.days_per_week}{d.repetitions}" for d in doses
    ]
    return PROGRAMME_PREFIX + ",".join(parts)


def decode(programme: str, count: int) -> list[Dose] | None:
    """The doses `encode` wrote, or None for a drill of a named programme (or anything that
    does not read as `count` doses: such a drill is walked as its exercises are written)."""
    if not programme.startswith(PROGRAMME_PREFIX):
        return None
    parts = programme.removeprefix(PROGRAMME_PREFIX).split(",")
    doses: list[Dose] = []
    for part in parts:
        feet = _CODE_FEET.get(part[:1])
        digits = part[1:]
        if feet is None or len(digits) < 3 or not digits.isdigit():
            return None
        dose = Dose(feet, int(digits[2:]), int(digits[0]), int(digits[1]))
        if not (
            _within(dose.repetitions, REPS_RANGE)
            and _within(dose.times_per_day, TIMES_RANGE)
            and _within(dose.days_per_week, DAYS_RANGE)
        ):
            return None
        doses.append(dose)
    return doses if len(doses) == count else None
