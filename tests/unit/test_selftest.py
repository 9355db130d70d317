"""Pure self-test logic: questions, scoring, pattern, changes, trend, due dates and the
no-improvement rule, on synthetic answer sets and histories."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.selftest import (
    FEET,
    QUESTIONS,
    TOES,
    Foot,
    NoImprovementRule,
    RuleVerdict,
    Score,
    TestPoint,
    ToeAnswer,
    ToeChange,
    Trend,
    changes,
    improved_since_baseline,
    is_complete,
    next_question,
    no_improvement,
    parse_answers,
    pattern,
    plain,
    score,
    selftest_due,
    trend,
)

A, F, C = ToeAnswer.ALONE, ToeAnswer.FOLLOW, ToeAnswer.CANNOT
UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
# A Sunday in spring: the window of the rule crosses the end of March DST change.
TODAY = dt.date(2026, 5, 10)


def answers_of(left: str, right: str) -> dict[tuple[Foot, int], ToeAnswer]:
    """Answers from two strings of a/f/c, toes 1..5: answers_of("aafcc", "aaaaa")."""
    codes = {"a": A, "f": F, "c": C}
    out: dict[tuple[Foot, int], ToeAnswer] = {}
    for foot, text in (("left", left), ("right", right)):
        for toe, code in zip(TOES, text, strict=False):
            out[(foot, toe)] = codes[code]  # type: ignore[index]
    return out


def point(when: dt.datetime, left: int, right: int) -> TestPoint:
    return TestPoint(taken_at=when, score=Score(left=left, right=right, total=left + right))


def at(day: dt.date, hour: int = 10, zone: ZoneInfo = BERLIN) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


# --- questions and answers -----------------------------------------------------------------


def test_next_question_walks_left_then_right_and_ends_with_none() -> None:
    answers: dict[tuple[Foot, int], ToeAnswer] = {}
    asked = []
    while (key := next_question(answers)) is not None:
        asked.append(key)
        answers[key] = F
    assert asked == [("left", t) for t in TOES] + [("right", t) for t in TOES]
    assert asked == list(QUESTIONS)
    assert is_complete(answers)


def test_next_question_resumes_at_the_first_gap() -> None:
    answers = answers_of("aaaaa", "aa")
    del answers[("left", 3)]
    assert next_question(answers) == ("left", 3)
    assert not is_complete(answers)


def test_is_complete_needs_all_ten() -> None:
    assert is_complete(answers_of("aafcc", "aaaaa"))
    assert not is_complete(answers_of("aafcc", "aaaa"))
    assert not is_complete({})


def test_parse_answers_and_plain_round_trip() -> None:
    answers = answers_of("afcaf", "ccaaf")
    raw = plain(answers)
    assert raw[("left", 2)] == "follow"
    assert parse_answers(raw) == answers


@pytest.mark.parametrize(
    "raw",
    [{("middle", 1): "alone"}, {("left", 6): "alone"}, {("left", 0): "alone"}, {("left", 1): "x"}],
)
def test_parse_answers_refuses_bad_rows(raw: dict[tuple[str, int], str]) -> None:
    with pytest.raises(ValueError):
        parse_answers(raw)


# --- scoring and pattern -------------------------------------------------------------------


def test_score_counts_toes_that_lift_alone() -> None:
    assert score(answers_of("aafcc", "aaaaf")) == Score(left=2, right=4, total=6)
    assert score(answers_of("ccccc", "fffff")) == Score(0, 0, 0)
    assert score(answers_of("aaaaa", "aaaaa")) == Score(5, 5, 10)


def test_score_of_a_partial_test_counts_only_what_is_answered() -> None:
    assert score(answers_of("aa", "")) == Score(left=2, right=0, total=2)
    assert score({}) == Score(0, 0, 0)


def test_pattern_lists_toes_that_do_not_lift_alone() -> None:
    assert pattern(answers_of("afcaf", "aaaaa")) == {"left": (2, 3, 5), "right": ()}
    # Unanswered toes are not part of the pattern: nothing is known about them.
    assert pattern(answers_of("f", "")) == {"left": (1,), "right": ()}


answer_sets = st.dictionaries(
    st.sampled_from(QUESTIONS), st.sampled_from(list(ToeAnswer)), max_size=10
)


@given(answer_sets)
def test_score_matches_pattern_and_bounds(answers: dict[tuple[Foot, int], ToeAnswer]) -> None:
    s = score(answers)
    assert 0 <= s.left <= 5 and 0 <= s.right <= 5
    assert s.total == s.left + s.right
    not_alone = pattern(answers)
    for foot, foot_score in (("left", s.left), ("right", s.right)):
        answered = sum(1 for f, _ in answers if f == foot)
        assert foot_score + len(not_alone[foot]) == answered  # type: ignore[index]


# --- changes -------------------------------------------------------------------------------


def test_changes_lists_only_changed_toes_in_test_order() -> None:
    before = answers_of("ffcca", "cafff")
    after = answers_of("afcfa", "cfffa")
    assert changes(before, after) == [
        ToeChange("left", 1, F, A, improved=True),
        ToeChange("left", 4, C, F, improved=True),
        ToeChange("right", 2, A, F, improved=False),
        ToeChange("right", 5, F, A, improved=True),
    ]


def test_changes_skips_toes_missing_from_either_test() -> None:
    assert changes(answers_of("c", ""), answers_of("aa", "a")) == [
        ToeChange("left", 1, C, A, improved=True)
    ]


@given(answer_sets, answer_sets)
def test_changes_properties(
    before: dict[tuple[Foot, int], ToeAnswer], after: dict[tuple[Foot, int], ToeAnswer]
) -> None:
    forward = changes(before, after)
    # Applying the changes to `before` gives `after` on every toe both tests answered.
    patched = dict(before)
    for ch in forward:
        assert patched[(ch.foot, ch.toe)] is ch.before
        patched[(ch.foot, ch.toe)] = ch.after
    common = before.keys() & after.keys()
    assert {k: patched[k] for k in common} == {k: after[k] for k in common}
    # In test order, and each toe at most once.
    keys = [(ch.foot, ch.toe) for ch in forward]
    assert keys == [k for k in QUESTIONS if k in keys]
    # Backwards, every change flips direction.
    backward = changes(after, before)
    assert [(c.foot, c.toe, c.after, c.before) for c in backward] == [
        (c.foot, c.toe, c.before, c.after) for c in forward
    ]
    assert all(b.improved != f.improved for b, f in zip(backward, forward, strict=True))
    assert changes(before, before) == []


@given(answer_sets, answer_sets)
def test_score_moves_with_changes_to_and_from_alone(
    before: dict[tuple[Foot, int], ToeAnswer], after: dict[tuple[Foot, int], ToeAnswer]
) -> None:
    common = before.keys() & after.keys()
    b = score({k: before[k] for k in common})
    a = score({k: after[k] for k in common})
    gained = sum(1 for c in changes(before, after) if c.after is A)
    lost = sum(1 for c in changes(before, after) if c.before is A)
    assert a.total - b.total == gained - lost


# --- trend, due, improved --------------------------------------------------------------------


def test_trend() -> None:
    t0 = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    week = dt.timedelta(days=7)
    assert trend([]) == Trend("first", 0)
    assert trend([point(t0, 2, 2)]) == Trend("first", 0)
    assert trend([point(t0, 2, 2), point(t0 + week, 3, 3)]) == Trend("improving", 2)
    assert trend([point(t0, 2, 2), point(t0 + week, 4, 0)]) == Trend("steady", 0)
    assert trend([point(t0, 2, 2), point(t0 + week, 5, 5), point(t0 + 2 * week, 1, 2)]) == Trend(
        "worse", -1
    )
    # Order given does not matter: the earliest test is the reference.
    assert trend([point(t0 + week, 3, 3), point(t0, 2, 2)]) == Trend("improving", 2)


def test_selftest_due() -> None:
    now = dt.datetime(2026, 3, 9, 9, tzinfo=UTC)
    assert selftest_due(None, now)
    assert not selftest_due(now - dt.timedelta(days=6, hours=23), now)
    assert selftest_due(now - dt.timedelta(days=7), now)
    # Aware datetimes in different zones compare as instants.
    assert selftest_due(dt.datetime(2026, 3, 2, 10, tzinfo=BERLIN), now)
    assert not selftest_due(now - dt.timedelta(days=3), now, every=dt.timedelta(days=4))
    assert selftest_due(now - dt.timedelta(days=3), now, every=dt.timedelta(days=3))


def test_naive_datetimes_are_refused() -> None:
    naive = dt.datetime(2026, 3, 9, 9)
    with pytest.raises(ValueError):
        selftest_due(None, naive)
    with pytest.raises(ValueError):
        selftest_due(naive, dt.datetime(2026, 3, 9, 9, tzinfo=UTC))
    with pytest.raises(ValueError):
        point(naive, 1, 1)


def test_improved_since_baseline() -> None:
    t0 = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    week = dt.timedelta(days=7)
    assert not improved_since_baseline([])
    assert not improved_since_baseline([point(t0, 5, 5)])
    assert not improved_since_baseline([point(t0, 2, 2), point(t0 + week, 2, 2)])
    assert improved_since_baseline([point(t0, 2, 2), point(t0 + week, 3, 2)])
    # Only the latest counts: a better test in between that fell back does not unlock.
    assert not improved_since_baseline(
        [point(t0, 2, 2), point(t0 + week, 4, 4), point(t0 + 2 * week, 2, 2)]
    )


# --- the no-improvement rule ----------------------------------------------------------------

RULE = NoImprovementRule()


def drill_days(first: dt.date, last: dt.date, per_week: int = 6) -> set[dt.date]:
    """Days from `first` to `last` where any 7 consecutive days hold exactly `per_week`."""
    return {
        first + dt.timedelta(days=i) for i in range((last - first).days + 1) if i % 7 < per_week
    }


def weekly_tests(
    first: dt.date, last: dt.date, totals: Iterable[tuple[int, int]]
) -> list[TestPoint]:
    out = []
    day = first
    for left, right in totals:
        if day > last:
            break
        out.append(point(at(day), left, right))
        day += dt.timedelta(days=7)
    return out


def flat_history(
    today: dt.date, *, weeks: int = 7, per_week: int = 6, total: tuple[int, int] = (2, 1)
) -> tuple[set[dt.date], list[TestPoint]]:
    """`weeks` weeks of consistent drills ending today, a test every 7 days, flat scores."""
    first = today - dt.timedelta(days=7 * weeks)
    return drill_days(first, today, per_week), weekly_tests(first, today, [total] * (weeks + 1))


def verdict(
    days: set[dt.date],
    tests: list[TestPoint],
    *,
    today: dt.date = TODAY,
    rule: NoImprovementRule = RULE,
    zone: ZoneInfo = BERLIN,
    last_advised: dt.date | None = None,
) -> RuleVerdict:
    return no_improvement(
        rule=rule,
        exercise_days=days,
        tests=tests,
        today=today,
        zone=zone,
        last_advised=last_advised,
    )


def test_fires_for_a_consistent_patient_with_flat_scores() -> None:
    days, tests = flat_history(TODAY)
    assert verdict(days, tests) == RuleVerdict(fire=True, reason="fire")


def test_fires_when_scores_got_worse() -> None:
    days, _ = flat_history(TODAY)
    first = TODAY - dt.timedelta(days=49)
    tests = weekly_tests(first, TODAY, [(3, 3), (3, 3), (2, 3), (2, 2), (2, 2), (2, 1), (1, 1)])
    assert verdict(days, tests).fire


def test_fires_at_exactly_five_days_every_week() -> None:
    days, tests = flat_history(TODAY, per_week=5)
    assert verdict(days, tests).fire


def test_does_not_fire_when_one_week_had_only_three_days() -> None:
    days, tests = flat_history(TODAY)
    # Week 3 of the 6-week window: keep 3 of its 7 days.
    start = TODAY - dt.timedelta(days=41)
    week3 = {start + dt.timedelta(days=14 + i) for i in range(7)}
    kept = sorted(week3 & days)[:3]
    thin = (days - week3) | set(kept)
    assert verdict(thin, tests) == RuleVerdict(fire=False, reason="not_consistent")


def test_does_not_fire_when_the_patient_stopped_exercising() -> None:
    days, tests = flat_history(TODAY)
    stopped = {d for d in days if d <= TODAY - dt.timedelta(days=10)}
    assert verdict(stopped, tests).reason == "not_consistent"


def test_does_not_fire_when_the_patient_improved() -> None:
    days, _ = flat_history(TODAY)
    first = TODAY - dt.timedelta(days=49)
    tests = weekly_tests(first, TODAY, [(2, 1)] * 6 + [(3, 1), (3, 1)])
    assert verdict(days, tests) == RuleVerdict(fire=False, reason="improved")


def test_an_improvement_that_faded_still_counts_as_improvement() -> None:
    # Best after baseline beats the baseline: the exercises did something; no referral yet.
    days, _ = flat_history(TODAY)
    first = TODAY - dt.timedelta(days=49)
    tests = weekly_tests(first, TODAY, [(2, 1), (2, 1), (3, 2), (2, 1), (2, 1), (2, 1), (2, 1)])
    assert verdict(days, tests).reason == "improved"


def test_too_soon_with_only_five_weeks_of_history() -> None:
    days, tests = flat_history(TODAY, weeks=5)
    assert verdict(days, tests) == RuleVerdict(fire=False, reason="too_soon")
    assert verdict(set(), []) == RuleVerdict(fire=False, reason="too_soon")


def test_no_tests() -> None:
    days, _ = flat_history(TODAY)
    assert verdict(days, []) == RuleVerdict(fire=False, reason="no_tests")


def test_no_baseline_when_tests_started_late_in_the_window() -> None:
    days, _ = flat_history(TODAY)
    tests = weekly_tests(TODAY - dt.timedelta(days=21), TODAY, [(2, 1)] * 4)
    assert verdict(days, tests).reason == "no_baseline"


def test_baseline_taken_in_the_first_week_of_the_window_is_enough() -> None:
    days, _ = flat_history(TODAY)
    start = TODAY - dt.timedelta(days=41)
    tests = weekly_tests(start + dt.timedelta(days=3), TODAY, [(2, 1)] * 6)
    assert verdict(days, tests).fire


def test_no_recent_test() -> None:
    days, _ = flat_history(TODAY)
    first = TODAY - dt.timedelta(days=49)
    tests = weekly_tests(first, TODAY, [(2, 1)] * 5)  # the last one is 3+ weeks ago
    assert verdict(days, tests).reason == "no_recent_test"


def test_tests_are_dated_in_the_patients_zone() -> None:
    days, _ = flat_history(TODAY)
    baseline = point(at(TODAY - dt.timedelta(days=49)), 2, 1)
    # 20:00 UTC fourteen days ago is already the next day in Tokyo: inside the last 2 weeks.
    late = dt.datetime.combine(TODAY - dt.timedelta(days=14), dt.time(20), tzinfo=UTC)
    tests = [baseline, point(late, 2, 1)]
    assert verdict(days, tests, zone=ZoneInfo("Asia/Tokyo")).fire
    assert verdict(days, tests, zone=ZoneInfo("UTC")).reason == "no_recent_test"


def test_future_data_is_ignored() -> None:
    days, tests = flat_history(TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert verdict(days, [*tests, point(at(tomorrow), 5, 5)]).fire


def test_fires_once_then_not_until_a_new_window_has_passed() -> None:
    # Thirteen weeks of flat, consistent data, judged on successive days.
    last_day = TODAY + dt.timedelta(days=42)
    first = TODAY - dt.timedelta(days=49)
    days = drill_days(first, last_day)
    tests = weekly_tests(first, last_day, [(2, 1)] * 20)

    def on(day: dt.date, advised: dt.date | None) -> RuleVerdict:
        visible = [t for t in tests if t.taken_at.date() <= day]
        return verdict({d for d in days if d <= day}, visible, today=day, last_advised=advised)

    assert on(TODAY, None).fire
    one_week_later = TODAY + dt.timedelta(days=7)
    assert on(one_week_later, TODAY) == RuleVerdict(fire=False, reason="already_advised")
    assert on(TODAY + dt.timedelta(days=41), TODAY).reason == "already_advised"
    assert on(TODAY + dt.timedelta(days=42), TODAY) == RuleVerdict(fire=True, reason="fire")


def test_thresholds_come_from_the_rule() -> None:
    days, tests = flat_history(TODAY, weeks=7)
    eight = NoImprovementRule(weeks=8)
    assert verdict(days, tests).fire
    assert verdict(days, tests, rule=eight).reason == "too_soon"
    days9, tests9 = flat_history(TODAY, weeks=9)
    assert verdict(days9, tests9, rule=eight).fire
    # Suppression follows the rule's window too: 7 weeks after advice is still inside 8.
    advised = TODAY - dt.timedelta(days=49)
    assert verdict(days9, tests9, rule=eight, last_advised=advised).reason == "already_advised"
    # A stricter consistency threshold.
    five_a_week, tests5 = flat_history(TODAY, per_week=5)
    assert verdict(five_a_week, tests5).fire
    strict = NoImprovementRule(min_days_per_week=6)
    assert verdict(five_a_week, tests5, rule=strict).reason == "not_consistent"


@pytest.mark.parametrize(("weeks", "days"), [(0, 5), (6, -1), (6, 8)])
def test_rule_refuses_nonsense(weeks: int, days: int) -> None:
    with pytest.raises(ValueError):
        NoImprovementRule(weeks=weeks, min_days_per_week=days)


def test_selftest_is_pure() -> None:
    code = (
        "import sys, bot.domain.selftest; "
        "banned = ('telegram', 'sqlalchemy', 'sqlmodel', 'matplotlib', 'PIL', 'aiohttp'); "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in banned)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_feet_constant() -> None:
    assert FEET == ("left", "right")
    assert len(QUESTIONS) == 10
