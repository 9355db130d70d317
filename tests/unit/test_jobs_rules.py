"""The pure helpers of the set-based rules: the prefilter that skips patients before their
tests are read never skips one the rule (`selftest.no_improvement`, the one definition)
would fire for, and the zones are grouped by their local hour."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from bot.domain import selftest
from bot.domain.selftest import NoImprovementRule, Score, TestPoint
from bot.services import rules

TODAY = dt.date(2026, 11, 23)
UTC = ZoneInfo("UTC")


def _history(rng: random.Random, rule: NoImprovementRule) -> tuple[list[dt.date], list[TestPoint]]:
    span = 7 * rule.weeks + 10
    chance = rng.choice((0.3, 0.6, 0.75, 0.9, 1.0))
    days = sorted(TODAY - dt.timedelta(days=k) for k in range(span) if rng.random() < chance)
    tests = [
        TestPoint(
            taken_at=dt.datetime.combine(
                TODAY - dt.timedelta(days=rng.randrange(span)), dt.time(9), tzinfo=dt.UTC
            ),
            score=Score(left=(n := rng.randrange(6)), right=0, total=n),
        )
        for _ in range(rng.randrange(5))
    ]
    return days, tests


def test_the_prefilter_never_skips_a_patient_the_rule_fires_for() -> None:
    rng = random.Random(14)
    skipped = fired = 0
    for _ in range(4000):
        rule = NoImprovementRule(weeks=rng.choice((1, 2, 6, 8)), min_days_per_week=rng.randrange(8))
        days, tests = _history(rng, rule)
        last = TODAY - dt.timedelta(days=rng.randrange(80)) if rng.random() < 0.3 else None
        window = [d for d in days if TODAY - dt.timedelta(weeks=rule.weeks) <= d <= TODAY]
        verdict = selftest.no_improvement(
            rule=rule, exercise_days=set(window), tests=tests, today=TODAY, zone=UTC,
            last_advised=last,
        )  # fmt: skip
        skip = rules.surely_not_due(rule=rule, exercise_days=window, today=TODAY, last_advised=last)
        if skip:
            skipped += 1
            assert not verdict.fire, (rule, window, tests, last)
            assert verdict.reason in ("already_advised", "too_soon", "not_consistent")
        else:
            # Whoever is not skipped passed the same two checks the rule makes first.
            assert verdict.reason not in ("already_advised", "not_consistent")
        fired += verdict.fire
    # Both sides were exercised.
    assert skipped > 1000 and fired > 50


def test_zones_are_grouped_by_their_local_hour() -> None:
    now = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)
    groups = rules.zones_at_hour(["Europe/Berlin", None, "Asia/Kolkata", "UTC"], now)
    assert groups == {9: ["Europe/Berlin"], 8: [None, "UTC"], 14: ["Asia/Kolkata"]}


def test_chunks_cover_every_id_once() -> None:
    ids = list(range(1234))
    parts = list(rules.chunks(ids, 500))
    assert [len(p) for p in parts] == [500, 500, 234]
    assert [i for p in parts for i in p] == ids
