"""Pure toe self-test logic: questions, scoring, comparisons, trends and the no-improvement rule.

The self-test follows the assessment in the seed article: sit barefoot with feet flat and try
to lift each toe on its own while the others stay down. For each foot and toe (1 = big toe,
5 = little toe) the patient answers "lifts alone", "lifts but others follow" or "cannot lift".

Standard library only: no Telegram, no database, no plotting. Callers load answers and test
instants from storage and pass them in; every datetime must be timezone-aware.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, TypeAlias
from zoneinfo import ZoneInfo


class ToeAnswer(enum.StrEnum):
    """What one toe did when the patient tried to lift it on its own."""

    ALONE = "alone"
    FOLLOW = "follow"
    CANNOT = "cannot"

    @property
    def rank(self) -> int:
        """Order of control: CANNOT (0) < FOLLOW (1) < ALONE (2)."""
        return _RANK[self]


_RANK: Mapping[ToeAnswer, int] = {ToeAnswer.CANNOT: 0, ToeAnswer.FOLLOW: 1, ToeAnswer.ALONE: 2}

Foot: TypeAlias = Literal["left", "right"]
FEET: tuple[Foot, Foot] = ("left", "right")
TOES: tuple[int, ...] = (1, 2, 3, 4, 5)
# The order the questions are asked in, and the order changes are reported in.
QUESTIONS: tuple[tuple[Foot, int], ...] = tuple((foot, toe) for foot in FEET for toe in TOES)

Answers: TypeAlias = Mapping[tuple[Foot, int], ToeAnswer]
"""A complete test has all ten (foot, toe) keys; a test in progress has a subset."""


def _require_aware(value: dt.datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")


# --- answers -----------------------------------------------------------------------------


def parse_answers(raw: Mapping[tuple[str, int], str]) -> dict[tuple[Foot, int], ToeAnswer]:
    """Validate answers loaded from storage (plain strings) into typed `Answers`.

    Raises ValueError on an unknown foot, a toe outside 1-5 or an unknown answer, so bad
    rows are noticed instead of silently scored.
    """
    out: dict[tuple[Foot, int], ToeAnswer] = {}
    for (foot, toe), value in raw.items():
        key = _key(foot, toe)
        try:
            out[key] = ToeAnswer(value)
        except ValueError:
            raise ValueError(f"unknown answer {value!r} for {foot} toe {toe}") from None
    return out


def _key(foot: str, toe: int) -> tuple[Foot, int]:
    if foot == "left":
        checked: Foot = "left"
    elif foot == "right":
        checked = "right"
    else:
        raise ValueError(f"unknown foot {foot!r}")
    if toe not in TOES:
        raise ValueError(f"toe must be 1-5, got {toe!r}")
    return (checked, toe)


def plain(answers: Answers) -> dict[tuple[str, int], str]:
    """The answers as plain strings, e.g. for storage or for `bot.render.charts.foot_map`."""
    return {(foot, toe): answer.value for (foot, toe), answer in answers.items()}


def is_complete(answers: Answers) -> bool:
    """True when every foot and toe has an answer."""
    return all(key in answers for key in QUESTIONS)


def next_question(answers: Answers) -> tuple[Foot, int] | None:
    """The first unanswered toe in test order (left 1..5, then right 1..5); None when done.

    Derived from the answers alone, so a test interrupted halfway resumes at the right toe.
    """
    return next((key for key in QUESTIONS if key not in answers), None)


# --- scoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Toes that lift alone: per foot 0-5, total 0-10."""

    left: int
    right: int
    total: int


def score(answers: Answers) -> Score:
    """Count the toes that lift alone; unanswered toes count as not lifting alone."""
    left = sum(1 for toe in TOES if answers.get(("left", toe)) is ToeAnswer.ALONE)
    right = sum(1 for toe in TOES if answers.get(("right", toe)) is ToeAnswer.ALONE)
    return Score(left=left, right=right, total=left + right)


def pattern(answers: Answers) -> dict[Foot, tuple[int, ...]]:
    """Per foot, the answered toes that do NOT lift alone (follow or cannot), in toe order.

    This is the "which toes follow" pattern a therapist reads; unanswered toes are left out
    because nothing is known about them yet.
    """
    return {
        foot: tuple(
            toe
            for toe in TOES
            if (foot, toe) in answers and answers[(foot, toe)] is not ToeAnswer.ALONE
        )
        for foot in FEET
    }


@dataclass(frozen=True)
class ToeChange:
    """One toe whose answer differs between two tests."""

    foot: Foot
    toe: int
    before: ToeAnswer
    after: ToeAnswer
    improved: bool


def changes(before: Answers, after: Answers) -> list[ToeChange]:
    """The toes whose answer changed, in test order.

    A toe missing from either test is skipped: there is nothing to compare. `improved` means
    the later answer ranks higher (CANNOT < FOLLOW < ALONE).
    """
    out: list[ToeChange] = []
    for foot, toe in QUESTIONS:
        old, new = before.get((foot, toe)), after.get((foot, toe))
        if old is None or new is None or old is new:
            continue
        out.append(
            ToeChange(foot=foot, toe=toe, before=old, after=new, improved=new.rank > old.rank)
        )
    return out


# --- over time ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TestPoint:
    """A completed test's instant (aware) and score."""

    # The name starts with "Test": tell pytest this is not a test class to collect.
    __test__: ClassVar[bool] = False

    taken_at: dt.datetime
    score: Score

    def __post_init__(self) -> None:
        _require_aware(self.taken_at, "TestPoint.taken_at")


TrendKind: TypeAlias = Literal["first", "improving", "steady", "worse"]


@dataclass(frozen=True)
class Trend:
    """Direction of the latest total against the first test given; delta in toes."""

    kind: TrendKind
    delta_total: int


def _chronological(points: Iterable[TestPoint]) -> list[TestPoint]:
    # Sorting here means callers need not promise an order; the sort is stable for ties.
    return sorted(points, key=lambda p: p.taken_at)


def trend(points: Sequence[TestPoint]) -> Trend:
    """Compare the latest test with the first one in `points`.

    "first" when there are fewer than two tests (nothing to compare, delta 0); otherwise
    "improving", "steady" or "worse" by the sign of latest total minus first total.
    """
    ordered = _chronological(points)
    if len(ordered) < 2:
        return Trend(kind="first", delta_total=0)
    delta = ordered[-1].score.total - ordered[0].score.total
    if delta > 0:
        return Trend(kind="improving", delta_total=delta)
    if delta < 0:
        return Trend(kind="worse", delta_total=delta)
    return Trend(kind="steady", delta_total=0)


HeadlineKind: TypeAlias = Literal[TrendKind, "stale"]
STALE_AFTER = dt.timedelta(days=14)
"""After this long without a test, a trend is old news: the headline invites a new test."""


def headline(
    trend: Trend,
    last_taken: dt.datetime | None,
    now: dt.datetime,
    *,
    stale_after: dt.timedelta = STALE_AFTER,
) -> HeadlineKind:
    """Which progress headline fits: the trend's kind, or "stale" when the last test is
    more than `stale_after` old ("your control is improving" months later would mislead)."""
    _require_aware(now, "now")
    if last_taken is None:
        return trend.kind
    _require_aware(last_taken, "last_taken")
    return "stale" if now - last_taken > stale_after else trend.kind


def selftest_due(
    last_taken: dt.datetime | None, now: dt.datetime, *, every: dt.timedelta = dt.timedelta(days=7)
) -> bool:
    """True when no test was ever taken or at least `every` has passed since the last one."""
    _require_aware(now, "now")
    if last_taken is None:
        return True
    _require_aware(last_taken, "last_taken")
    return now - last_taken >= every


def improved_since_baseline(points: Sequence[TestPoint]) -> bool:
    """True when the latest total is above the first (baseline) total.

    Used to unlock resistance-band work: the article adds bands "once basic control improves".
    """
    ordered = _chronological(points)
    return len(ordered) >= 2 and ordered[-1].score.total > ordered[0].score.total


# --- the no-improvement rule -------------------------------------------------------------


@dataclass(frozen=True)
class NoImprovementRule:
    """Thresholds for "lack of improvement after 6-8 weeks of consistent exercise".

    `weeks`: length of the window in 7-day blocks; `min_days_per_week`: exercise days every
    block needs for the patient to count as consistent (the article asks for 5-7 a week).
    """

    weeks: int = 6
    min_days_per_week: int = 5

    def __post_init__(self) -> None:
        if self.weeks < 1:
            raise ValueError(f"weeks must be at least 1, got {self.weeks}")
        if not 0 <= self.min_days_per_week <= 7:
            raise ValueError(f"min_days_per_week must be 0-7, got {self.min_days_per_week}")


RuleReason: TypeAlias = Literal[
    "fire",
    "already_advised",
    "too_soon",
    "not_consistent",
    "no_tests",
    "no_baseline",
    "no_recent_test",
    "improved",
]


@dataclass(frozen=True)
class RuleVerdict:
    """Whether to advise seeing a professional, and a short machine-readable reason code."""

    fire: bool
    reason: RuleReason


def _local_date(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    return instant.astimezone(zone).date()


def no_improvement(
    *,
    rule: NoImprovementRule,
    exercise_days: Collection[dt.date],
    tests: Sequence[TestPoint],
    today: dt.date,
    zone: ZoneInfo,
    last_advised: dt.date | None,
) -> RuleVerdict:
    """Decide whether consistent exercise has brought no improvement ("see a professional").

    The window is the last `rule.weeks` 7-day blocks ending today, today included: block k
    (k = 0 oldest) runs from `start + 7k` to `start + 7k + 6`, where
    `start = today - (7 * weeks - 1) days`. Test instants become local dates in `zone`.
    Checks run in this order, the first failing one giving the reason:

    1. "already_advised": `last_advised` is less than `rule.weeks` weeks before today, so
       the window overlaps the one that fired; not again until a whole new window has passed.
    2. "too_soon": the patient's history (first exercise day or first test, whichever is
       earlier) starts after the window's first day, or there is no history at all.
    3. "not_consistent": some block has fewer than `rule.min_days_per_week` exercise days.
    4. "no_tests": no self-test on or before today.
    5. "no_baseline": no baseline test. The baseline is the latest test on or before the
       window's first day, or else the earliest test within the window's first block.
    6. "no_recent_test": no test after the baseline within the window's last two blocks
       (the whole window when `weeks` is 1), so there is no current reading to judge by.
    7. "improved": the best total of the tests after the baseline (up to today) is greater
       than the baseline total.
    8. Otherwise "fire".

    Dates after today (in `exercise_days` or tests) are ignored: the rule only judges the past.
    Today counts as a day of the last block even if its drill is still to come; a job that
    runs early in the local day can pass yesterday as `today` instead.
    """
    length = dt.timedelta(days=7 * rule.weeks)
    start = today - length + dt.timedelta(days=1)

    if last_advised is not None and today - last_advised < length:
        return RuleVerdict(fire=False, reason="already_advised")

    local = ((_local_date(p.taken_at, zone), p) for p in tests)
    dated = sorted(((day, p) for day, p in local if day <= today), key=lambda d: d[1].taken_at)
    past_days = {day for day in exercise_days if day <= today}
    history = [*past_days, *(day for day, _ in dated)]
    if not history or min(history) > start:
        return RuleVerdict(fire=False, reason="too_soon")

    if not _consistent(past_days, start, rule):
        return RuleVerdict(fire=False, reason="not_consistent")
    reason = _tests_reason(dated, start=start, today=today, weeks=rule.weeks)
    return RuleVerdict(fire=reason == "fire", reason=reason)


def _consistent(past_days: set[dt.date], start: dt.date, rule: NoImprovementRule) -> bool:
    """Check 3 of `no_improvement`: every 7-day block from `start` has enough exercise days."""
    for block in range(rule.weeks):
        first = start + dt.timedelta(days=7 * block)
        last = first + dt.timedelta(days=6)
        if sum(1 for day in past_days if first <= day <= last) < rule.min_days_per_week:
            return False
    return True


def _tests_reason(
    dated: Sequence[tuple[dt.date, TestPoint]], *, start: dt.date, today: dt.date, weeks: int
) -> RuleReason:
    """Checks 4 to 8 of `no_improvement`, on the tests up to today in time order."""
    if not dated:
        return "no_tests"

    baseline_index = _baseline_index(dated, start)
    if baseline_index is None:
        return "no_baseline"
    baseline = dated[baseline_index][1]
    later = dated[baseline_index + 1 :]

    recent_from = today - dt.timedelta(days=7 * min(2, weeks) - 1)
    if not any(day >= recent_from for day, _ in later):
        return "no_recent_test"

    if max(p.score.total for _, p in later) > baseline.score.total:
        return "improved"
    return "fire"


def _baseline_index(dated: Sequence[tuple[dt.date, TestPoint]], start: dt.date) -> int | None:
    """Index in chronological `dated` of the baseline test for a window starting at `start`."""
    before = [i for i, (day, _) in enumerate(dated) if day <= start]
    if before:
        return before[-1]
    first_block_end = start + dt.timedelta(days=6)
    return next((i for i, (day, _) in enumerate(dated) if day <= first_block_end), None)
