"""Rules over every patient: the "no improvement after 6-8 weeks" advice and the weekly
self-test prompt, both set-based.

The decision is the pure `selftest.no_improvement`, the single definition of the rule; this
module only gathers what it needs for many patients at once. The hourly run judges the
patients whose hour slot has come (`bot.domain.slots`: each patient once a day) and those who
completed a self-test since the last run. No-improvement: one GROUP BY over the
last 8 days picks the candidates in those slots (enough exercise days in the last block), one
query reads the recent advice, then per chunk of 500 ids one query each for the patients,
their exercise days (one joined string per patient, only for those with enough days in the
whole window) and, for those an exact necessary condition (`surely_not_due`) leaves open,
their self-test scores (counted in SQL). The number of statements grows with the number of
chunks, never with the patients one by one: an hourly run costs a handful of statements at
10 patients and a few dozen at 100,000 (a few hundred when every slot is judged at once).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, case, cast, func, literal, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from bot.db.models import (
    Consent,
    DrillSession,
    Escalation,
    JobRun,
    OnboardingStep,
    Role,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    SelfTestStatus,
    User,
    UTCDateTime,
)
from bot.domain import scheduling, selftest
from bot.domain import slots as slots_
from bot.domain.selftest import NoImprovementRule, Score, TestPoint
from bot.services.progress import completed_drill

SELFTEST_EVERY = dt.timedelta(days=7)
T = TypeVar("T")
# Ids per IN-list: far below every backend's bound-parameter limit, and large enough that a
# run over 100,000 patients is a few hundred statements at most.
CHUNK = 500
# Local dates differ from UTC dates by at most a day either way (UTC-12 to UTC+14).
_ZONE_SLACK = dt.timedelta(days=1)
# The `job_runs` row holding when the no-improvement rule last judged its slots.
JUDGED = "no-improvement-judged"


def chunks(ids: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`ids` in slices of at most `size`, for IN-lists."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def local_today(now: dt.datetime, zone_name: str | None) -> tuple[ZoneInfo, dt.date]:
    """The patient's zone (UTC when unknown) and their local date at `now`."""
    zone = ZoneInfo(zone_name or "UTC")
    return zone, now.astimezone(zone).date()


# --- no improvement ---------------------------------------------------------------------------


async def candidates(
    session: AsyncSession,
    *,
    rule: NoImprovementRule,
    now: dt.datetime,
    slots: frozenset[int] = slots_.EVERY_SLOT,
    among: Sequence[int] | None = None,
) -> Sequence[int]:
    """Patients in `slots` (or, given `among`, those of them) who could be due: at least
    `min_days_per_week` exercise days in the rule's last block (the last 7 local days), which
    every block must have for the rule to fire.

    Only the last 8 UTC dates are read (a range of the (status, local_day) index, not the
    whole window of every patient): local dates differ from UTC by up to a day."""
    if not slots or (among is not None and not among):
        return []
    since = now.date() - dt.timedelta(days=7)
    query = select(col(DrillSession.user_id)).where(
        completed_drill(),
        col(DrillSession.local_day) >= since,
    )
    if among is not None:
        query = query.where(col(DrillSession.user_id).in_(among))
    if slots != slots_.EVERY_SLOT:
        query = query.where((col(DrillSession.user_id) % slots_.SLOTS).in_(sorted(slots)))
    rows = await session.execute(
        query.group_by(col(DrillSession.user_id))
        .having(func.count(func.distinct(col(DrillSession.local_day))) >= rule.min_days_per_week)
        .order_by(col(DrillSession.user_id))
    )
    return [int(r[0]) for r in rows.all()]


async def changed_since(session: AsyncSession, *, since: dt.datetime) -> set[int]:
    """Patients who completed a self-test from `since` on: a new reading, judged at once
    rather than in their slot (`bot.domain.slots`). A short range of the (status,
    completed_at, user) index (migration 0015)."""
    tests = await session.execute(
        select(col(SelfTest.user_id))
        .where(
            col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
            col(SelfTest.completed_at) >= since,
        )
        .distinct()
    )
    return {int(r[0]) for r in tests.all()}


async def judged_at(session: AsyncSession) -> dt.datetime | None:
    """When the last complete run of the rule judged its slots (None: never)."""
    row = await session.get(JobRun, JUDGED)
    return row.last_run_at if row is not None else None


async def record_judged(session: AsyncSession, *, now: dt.datetime) -> None:
    """A run of the rule is complete: the slots up to `now`'s hour are judged. The caller
    holds the hour's turn (`job_runs` of the job itself), so no other process writes this."""
    row = await session.get(JobRun, JUDGED)
    if row is None:
        session.add(JobRun(name=JUDGED, last_run_at=now))
    else:
        row.last_run_at = now


def surely_not_due(
    *,
    rule: NoImprovementRule,
    exercise_days: Sequence[dt.date],
    today: dt.date,
    last_advised: dt.date | None,
) -> bool:
    """True when the rule cannot fire whatever the tests: advised within the window, or a
    block of the window with fewer than `min_days_per_week` exercise days.

    A necessary condition only, checked before the tests are loaded (bisect over the sorted
    days, not a scan per block); whoever passes is judged by `selftest.no_improvement`
    itself, the one definition of the rule. A test checks this never skips a patient the
    rule would fire for."""
    length = rule_length(rule)
    if last_advised is not None and today - last_advised < length:
        return True
    start = today - length + dt.timedelta(days=1)
    for block in range(rule.weeks):
        first = start + dt.timedelta(days=7 * block)
        count = bisect_right(exercise_days, first + dt.timedelta(days=6)) - bisect_left(
            exercise_days, first
        )
        if count < rule.min_days_per_week:
            return True
    return False


async def no_improvement_due(
    session: AsyncSession,
    *,
    rule: NoImprovementRule,
    now: dt.datetime,
    slots: frozenset[int] = slots_.EVERY_SLOT,
    also: Iterable[int] = (),
) -> list[User]:
    """Patients in `slots` (by default all) or in `also` for whom the no-improvement advice
    fires now, in id order. Each is judged the same way, by every check of the rule."""
    due: list[User] = []
    found = set(await candidates(session, rule=rule, now=now, slots=slots))
    # The changed patients outside the slots pass the same first filter, a chunk at a time
    # (an IN-list of ids, read from the (user, status, day) index).
    extra = sorted(set(also) - found)
    for chunk in chunks(extra):
        found.update(await candidates(session, rule=rule, now=now, among=chunk))
    ids = sorted(found)
    # Advice older than the window (and a day of zone slack each way) cannot hold the rule
    # back, so only the recent ones are read, in one statement for everybody.
    advised = await _last_advised(session, since=now - rule_length(rule) - 2 * _ZONE_SLACK)
    for chunk in chunks(ids):
        due.extend(await _due_in(session, chunk, rule=rule, now=now, advised=advised))
    return due


async def _due_in(
    session: AsyncSession,
    ids: Sequence[int],
    *,
    rule: NoImprovementRule,
    now: dt.datetime,
    advised: dict[int, dt.datetime],
) -> list[User]:
    # Plain columns, not User objects: most candidates are settled without them.
    patients = (
        await session.execute(
            select(col(User.id), col(User.timezone))
            .where(
                col(User.id).in_(ids),
                col(User.consent) == Consent.GIVEN.value,
                col(User.active).is_(True),
            )
            .order_by(col(User.id))
        )
    ).all()
    if not patients:
        return []
    live = [int(uid) for uid, _ in patients]
    # Fewer days in the whole window (with a day of slack) than every block needs: no
    # block-by-block check can pass, so those patients' days are not even fetched.
    days = await exercise_days_of(
        session,
        live,
        since=now.date() - rule_length(rule) - _ZONE_SLACK,
        at_least=rule.weeks * rule.min_days_per_week,
    )
    # Most patients are settled by their days or their last advice, before any test is read.
    open_: list[tuple[int, ZoneInfo, dt.date, list[dt.date], dt.date | None]] = []
    for uid, zone_name in patients:
        zone, today = local_today(now, zone_name)
        since = today - dt.timedelta(weeks=rule.weeks)
        mine = [d for d in days.get(uid, ()) if since <= d <= today]
        last = advised.get(uid)
        last_day = last.astimezone(zone).date() if last is not None else None
        if not surely_not_due(rule=rule, exercise_days=mine, today=today, last_advised=last_day):
            open_.append((uid, zone, today, mine, last_day))
    if not open_:
        return []
    tests = await test_points(
        session, [uid for uid, *_ in open_], since=now - rule_length(rule) - 2 * _ZONE_SLACK
    )
    fire = [
        uid
        for uid, zone, today, mine, last_day in open_
        if selftest.no_improvement(
            rule=rule,
            exercise_days=mine,
            tests=tests.get(uid, []),
            today=today,
            zone=zone,
            last_advised=last_day,
        ).fire
    ]
    if not fire:
        return []
    users = await session.scalars(select(User).where(col(User.id).in_(fire)).order_by(col(User.id)))
    return list(users.all())


def rule_length(rule: NoImprovementRule) -> dt.timedelta:
    """The rule's window."""
    return dt.timedelta(days=7 * rule.weeks)


def _joined(session: AsyncSession, text: ColumnElement[str]) -> ColumnElement[str]:
    """The values of `text` in a group joined by commas: one string per patient instead of
    one row per value (on SQLite fetching rows one by one costs ten times more)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.group_concat(text, ",")
    return func.string_agg(text, ",")


def _utc_text(session: AsyncSession, instant: ColumnElement[Any]) -> ColumnElement[str]:
    """An instant as ISO text of naive UTC: SQLite stores it so; PostgreSQL converts."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(instant, String)
    return cast(func.timezone("UTC", instant), String)


def _parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


async def exercise_days_of(
    session: AsyncSession, ids: Sequence[int], *, since: dt.date, at_least: int = 0
) -> dict[int, list[dt.date]]:
    """Each patient's local dates of a completed drill from `since` on, sorted and
    distinct (one row per patient; only patients with at least `at_least` such dates)."""
    day = cast(col(DrillSession.local_day), String)
    query = (
        select(col(DrillSession.user_id), _joined(session, day))
        .where(col(DrillSession.user_id).in_(ids), completed_drill())
        .where(col(DrillSession.local_day) >= since)
        .group_by(col(DrillSession.user_id))
    )
    if at_least > 0:
        query = query.having(func.count(func.distinct(col(DrillSession.local_day))) >= at_least)
    rows = await session.execute(query)
    # A window holds a few dozen distinct dates: parse each once, not once per patient.
    dates: dict[str, dt.date] = {}

    def parsed(text: str) -> dt.date:
        found = dates.get(text)
        if found is None:
            found = dates[text] = dt.date.fromisoformat(text)
        return found

    return {
        int(user_id): sorted({parsed(day) for day in joined.split(",")})
        for user_id, joined in rows.all()
        if joined
    }


async def _last_advised(session: AsyncSession, *, since: dt.datetime) -> dict[int, dt.datetime]:
    """When each patient last had the no-improvement advice (aware UTC), if since `since`."""
    rows = await session.execute(
        select(
            col(Escalation.user_id),
            _utc(func.max(col(Escalation.created_at))),
        )
        .where(col(Escalation.source) == "no_improvement", col(Escalation.created_at) >= since)
        .group_by(col(Escalation.user_id))
    )
    return {int(user_id): _aware(when) for user_id, when in rows.all() if when is not None}


def _utc(expression: ColumnElement[Any]) -> ColumnElement[dt.datetime]:
    # max() loses the column type on SQLite (it returns the stored text): coerce it back.
    return type_coerce(expression, UTCDateTime())


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


async def test_points(
    session: AsyncSession, ids: Sequence[int], *, since: dt.datetime
) -> dict[int, list[TestPoint]]:
    """Each patient's completed tests the rule can look at, oldest first, as `TestPoint`s:
    every test completed from `since` on, plus the latest one before it.

    The older ones cannot change a verdict when `since` is at least a day before the
    window's first local day: the latest test before `since` is then on or before that day,
    so it (or a later one) is the baseline, and it alone already makes the history start
    early enough. The score is counted in SQL (toes answered "alone", per foot), the same
    count as `selftest.score`; a test proves both agree. One row per patient: each test as
    "instant|id|left|right", joined."""
    taken = func.coalesce(col(SelfTest.completed_at), col(SelfTest.started_at))
    recent = taken >= since
    # Newest first within "from `since` on" and within "before it": the first of the second
    # is the latest test before `since` (ties broken by id, as `points` sorts).
    ranked = (
        select(
            col(SelfTest.id).label("id"),
            col(SelfTest.user_id).label("user_id"),
            taken.label("taken"),
            recent.label("recent"),
            func.row_number()
            .over(
                partition_by=(col(SelfTest.user_id), recent),
                order_by=(taken.desc(), col(SelfTest.id).desc()),
            )
            .label("rank"),
        )
        .where(
            col(SelfTest.user_id).in_(ids),
            col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
        )
        .subquery()
    )
    alone = col(SelfTestAnswer.answer) == selftest.ToeAnswer.ALONE.value
    per_test = (
        select(
            ranked.c.user_id,
            ranked.c.id.label("test_id"),
            _utc_text(session, ranked.c.taken).label("at"),
            func.sum(case((col(SelfTestAnswer.foot) == "left", 1), else_=0)).label("left"),
            func.sum(case((col(SelfTestAnswer.foot) == "right", 1), else_=0)).label("right"),
        )
        .select_from(ranked)
        # Only the toes that lift alone are joined (the score counts them): fewer rows, and
        # a test with none still comes out, with NULL sums read as 0.
        .outerjoin(SelfTestAnswer, and_(col(SelfTestAnswer.test_id) == ranked.c.id, alone))
        .where(or_(ranked.c.recent, ranked.c.rank == 1))
        .group_by(ranked.c.user_id, ranked.c.id, ranked.c.taken)
        .subquery()
    )
    sep = literal("|")
    one = (
        per_test.c.at
        + sep
        + cast(per_test.c.test_id, String)
        + sep
        + cast(func.coalesce(per_test.c.left, 0), String)
        + sep
        + cast(func.coalesce(per_test.c.right, 0), String)
    )
    rows = await session.execute(
        select(per_test.c.user_id, _joined(session, one)).group_by(per_test.c.user_id)
    )
    # Only 36 distinct scores exist: build each once.
    scores: dict[tuple[str, str], Score] = {}
    out: dict[int, list[TestPoint]] = {}
    for user_id, joined in rows.all():
        items = [item.split("|") for item in (joined or "").split(",") if item]
        # The order `selftests.completed_tests` gives: by instant, then id. The instants are
        # ISO text of naive UTC, which sorts as the instants do.
        items.sort(key=lambda item: (item[0], int(item[1])))
        points: list[TestPoint] = []
        for at, _test_id, left, right in items:
            score = scores.get((left, right))
            if score is None:
                score = scores[(left, right)] = _score(left, right)
            points.append(TestPoint(taken_at=_parse_utc(at), score=score))
        out[int(user_id)] = points
    return out


def _score(left: str | int | None, right: str | int | None) -> Score:
    # SUM over an outer join is NULL for a test without answers: no toe lifts alone.
    return Score(left=int(left or 0), right=int(right or 0), total=int(left or 0) + int(right or 0))


# --- weekly self-test prompt ------------------------------------------------------------------


def zones_at_hour(zones: Iterable[str | None], now: dt.datetime) -> dict[int, list[str | None]]:
    """The given zones grouped by their local hour at `now` (None: the UTC default)."""
    out: dict[int, list[str | None]] = defaultdict(list)
    for name in zones:
        out[now.astimezone(ZoneInfo(name or "UTC")).hour].append(name)
    return out


def _zone_in(names: Sequence[str | None]) -> ColumnElement[bool]:
    named = [n for n in names if n is not None]
    clauses: list[ColumnElement[bool]] = []
    if named:
        clauses.append(col(User.timezone).in_(named))
    if len(named) < len(names):
        clauses.append(col(User.timezone).is_(None))
    return or_(*clauses)


async def selftest_prompts_due(session: AsyncSession, *, now: dt.datetime) -> list[User]:
    """Patients to prompt for their weekly self-test now: it is due (none in 7 days), they
    were not prompted this week, reminders are on, and it is the hour of their first daily
    reminder, so the prompt comes with their usual exercise time, not at night.

    Two statements whatever the number of patients: the zones in use, then the patients of
    the zones whose local hour is one of their reminder hours (a LIKE on the stored times,
    checked exactly here), with their last completed test beside them."""
    zones = (await session.scalars(select(col(User.timezone)).distinct())).all()
    by_hour = zones_at_hour(zones, now)
    if not by_hour:
        return []
    # "HH:" at the start of the stored times or after a comma: a superset of "first time's
    # hour is HH", narrowed exactly below.
    hour_match = or_(
        *(
            and_(
                _zone_in(names),
                or_(
                    col(Schedule.times).like(f"{hour:02d}:%"),
                    col(Schedule.times).like(f"%,{hour:02d}:%"),
                ),
            )
            for hour, names in sorted(by_hour.items(), key=lambda kv: kv[0])
        )
    )
    last_test = (
        select(func.max(col(SelfTest.completed_at)))
        .where(
            col(SelfTest.user_id) == col(User.id),
            col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
        )
        .correlate(User)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(User, col(Schedule.times), _utc(last_test))
        .join(Schedule, col(Schedule.user_id) == col(User.id))
        .where(
            col(User.consent) == Consent.GIVEN.value,
            col(User.onboarding_step) == OnboardingStep.DONE.value,
            col(User.active).is_(True),
            col(User.role) == Role.PATIENT.value,
            col(Schedule.stopped).is_(False),
            col(Schedule.paused).is_(False),
            or_(
                col(User.selftest_prompted_at).is_(None),
                col(User.selftest_prompted_at) <= now - SELFTEST_EVERY + dt.timedelta(hours=1),
            ),
            hour_match,
        )
        .order_by(col(User.id))
    )
    due: list[User] = []
    for user, stored_times, last in rows.all():
        times = scheduling.parse_times(stored_times)
        local = now.astimezone(ZoneInfo(user.timezone or "UTC"))
        if not times or local.hour != times[0].hour:
            continue
        if selftest.selftest_due(_aware(last) if last else None, now, every=SELFTEST_EVERY):
            due.append(user)
    return due


async def mark_selftest_prompted(session: AsyncSession, *, user_id: int, now: dt.datetime) -> None:
    """The weekly self-test prompt went out."""
    await mark_selftests_prompted(session, user_ids=[user_id], now=now)


async def mark_selftests_prompted(
    session: AsyncSession, *, user_ids: Sequence[int], now: dt.datetime
) -> None:
    """The weekly self-test prompt went out to these patients: one UPDATE per chunk."""
    for chunk in chunks(list(user_ids)):
        await session.execute(
            update(User)
            .where(col(User.id).in_(chunk))
            .values(selftest_prompted_at=now)
            .execution_options(synchronize_session=False)
        )
