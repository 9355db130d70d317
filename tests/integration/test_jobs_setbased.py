"""The set-based periodic jobs choose exactly whom the per-patient loops they replaced chose,
in the edge cases (paused, blocked, refused, no therapist, therapist inactive, far zones,
already prompted this week, rule already fired in this window), and their number of SQL
statements does not grow with the number of patients.

The per-patient versions are kept here, verbatim in meaning, as the reference: they read
one patient at a time through the same service functions the old loops called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from sqlalchemy import event, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlmodel import col

from bot.db.models import (
    Consent,
    DrillSession,
    Escalation,
    OnboardingStep,
    Role,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    Therapist,
    User,
)
from bot.domain import scheduling, selftest
from bot.domain.digest import digest_slot
from bot.domain.selftest import FEET, TOES, NoImprovementRule
from bot.services import rules, selftests, therapy
from bot.services.progress import exercise_days
from tests.conftest import T0

RULE = NoImprovementRule()
SLOT = digest_slot(T0, 0, 8)


# --- the per-patient reference (the code the set-based jobs replaced) -------------------------


async def _reference_last_advised(
    session: AsyncSession, user: User, zone: ZoneInfo
) -> dt.date | None:
    rows = await session.scalars(
        select(col(Escalation.created_at)).where(
            col(Escalation.user_id) == user.id, col(Escalation.source) == "no_improvement"
        )
    )
    values = list(rows.all())
    return max(values).astimezone(zone).date() if values else None


async def reference_no_improvement(
    session: AsyncSession, *, rule: NoImprovementRule, now: dt.datetime
) -> list[int]:
    due: list[int] = []
    for user_id in await rules.candidates(session, rule=rule, now=now):
        user = await session.get(User, user_id)
        if user is None or user.consent != Consent.GIVEN.value or not user.active:
            continue
        zone = ZoneInfo(user.timezone or "UTC")
        today = now.astimezone(zone).date()
        days = await exercise_days(
            session, user_id=user.id, since=today - dt.timedelta(weeks=rule.weeks)
        )
        tests = selftests.points(await selftests.completed_tests(session, user_id=user.id))
        verdict = selftest.no_improvement(
            rule=rule,
            exercise_days=days,
            tests=tests,
            today=today,
            zone=zone,
            last_advised=await _reference_last_advised(session, user, zone),
        )
        if verdict.fire:
            due.append(user.id)
    return sorted(due)


async def reference_selftest_prompts(session: AsyncSession, *, now: dt.datetime) -> list[int]:
    rows = await session.execute(
        select(User, Schedule)
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
                col(User.selftest_prompted_at)
                <= now - rules.SELFTEST_EVERY + dt.timedelta(hours=1),
            ),
        )
    )
    due: list[int] = []
    for user, schedule in rows.all():
        times = scheduling.parse_times(schedule.times)
        local = now.astimezone(ZoneInfo(user.timezone or "UTC"))
        if not times or local.hour != times[0].hour:
            continue
        last = await selftests.last_completed_at(session, user_id=user.id)
        if selftest.selftest_due(last, now, every=rules.SELFTEST_EVERY):
            due.append(user.id)
    return sorted(due)


async def reference_digests(
    session: AsyncSession, *, slot: dt.datetime, now: dt.datetime
) -> list[tuple[int, dt.datetime, list[tuple[int, int]], list[int]]]:
    out = []
    for t in await therapy.list_therapists(session):
        if not t.active or (t.last_digest_at is not None and t.last_digest_at >= slot):
            continue
        since = t.last_digest_at or slot - dt.timedelta(days=7)
        patients = (
            await session.scalars(select(User).where(col(User.therapist_id) == t.user_id))
        ).all()
        items: list[tuple[int, int]] = []
        inactive: list[int] = []
        for patient in sorted(patients, key=lambda p: p.id):
            rows = await session.scalars(
                select(Escalation)
                .where(
                    col(Escalation.user_id) == patient.id,
                    col(Escalation.level).in_(["routine", "stop"]),
                    col(Escalation.created_at) > since,
                    col(Escalation.in_digest_at).is_(None),
                )
                .order_by(col(Escalation.created_at))
            )
            items.extend((patient.id, e.id or 0) for e in rows.all())
            today = now.astimezone(ZoneInfo(patient.timezone or "UTC")).date()
            if not await exercise_days(
                session, user_id=patient.id, since=today - dt.timedelta(days=6)
            ):
                inactive.append(patient.id)
        out.append((t.user_id, since, items, inactive))
    return sorted(out)


async def set_based_digests(
    session: AsyncSession, *, slot: dt.datetime, now: dt.datetime
) -> list[tuple[int, dt.datetime, list[tuple[int, int]], list[int]]]:
    return sorted(
        (
            g.therapist_id,
            g.since,
            [(p.id, e.id or 0) for p, e in g.items],
            [p.id for p in g.inactive],
        )
        for g in await therapy.digests_due(session, slot=slot, now=now)
    )


# --- a population with every edge case -------------------------------------------------------


def _user(uid: int, now: dt.datetime, **values: object) -> User:
    fields: dict[str, object] = {
        "id": uid,
        "chat_id": uid,
        "consent": "given",
        "onboarding_step": "done",
        "timezone": "Europe/Lisbon",
        "diabetes": False,
        "display_name": f"P{uid}",
        "created_at": now - dt.timedelta(days=80),
        "updated_at": now,
    }
    fields.update(values)
    return User(**fields)  # type: ignore[arg-type]


def _drill(uid: int, day: dt.date, now: dt.datetime, status: str = "finished") -> DrillSession:
    return DrillSession(
        user_id=uid,
        programme_id="default",
        local_day=day,
        exercises="towel-scrunches",
        status=status,
        chat_id=uid,
        started_at=now,
        ended_at=now,
    )


async def _test(
    session: AsyncSession, uid: int, when: dt.datetime, alone: int, *, answers: bool = True
) -> None:
    test = SelfTest(user_id=uid, status="completed", seq=10, started_at=when, completed_at=when)
    session.add(test)
    await session.flush()
    assert test.id is not None
    if not answers:
        return
    n = 0
    for foot in FEET:
        for toe in TOES:
            answer = "alone" if n < alone else ("follow" if n % 2 else "cannot")
            n += 1
            session.add(
                SelfTestAnswer(test_id=test.id, foot=foot, toe=toe, answer=answer, answered_at=when)
            )


def _six_a_week(today: dt.date, weeks: int, skip: int = 3) -> list[dt.date]:
    return [today - dt.timedelta(days=i) for i in range(7 * weeks) if i % 7 != skip]


# The kinds of patient, each a way the rules could go wrong.
KINDS = (
    "flat",  # consistent, flat scores: fires
    "improved",
    "paused",  # the no-improvement rule does not look at the schedule: fires
    "blocked",
    "refused",
    "advised_recently",
    "advised_long_ago",  # a whole window ago: fires again
    "far_east",  # UTC+14
    "far_west",  # UTC-11
    "no_zone",
    "tied_tests",
    "old_history",  # many tests before the window: the baseline is the latest of them
    "empty_test",  # a baseline with no answers recorded (score 0), flat after
    "gap_week",  # one week with only four days
    "too_soon",
    "no_therapist",
    "twice_daily",  # two drills a day
)


async def populate(session: AsyncSession, n: int, *, first: int = 10_000) -> list[int]:
    """`n` patients cycling over KINDS, with therapists (one inactive, one already sent) and
    schedules; returns the ids."""
    now = T0
    if first == 10_000:
        await _therapists(session, now)
    ids = []
    for i in range(n):
        uid = first + i
        ids.append(uid)
        await _one(session, uid, KINDS[i % len(KINDS)], i, now)
    await session.commit()
    return ids


async def _therapists(session: AsyncSession, now: dt.datetime) -> None:
    therapists = [(900_001, True, None), (900_002, False, None), (900_003, True, SLOT)]
    for tid, active, last in therapists:
        session.add(_user(tid, now, role="therapist"))
        await session.flush()
        session.add(
            Therapist(
                user_id=tid,
                display_name=f"T{tid}",
                active=active,
                created_at=now - dt.timedelta(days=100),
                last_digest_at=last,
            )
        )
    session.add(_user(900_004, now, role="therapist"))
    await session.flush()
    session.add(
        Therapist(
            user_id=900_004,
            display_name="T4",
            active=True,
            created_at=now,
            last_digest_at=SLOT - dt.timedelta(days=3),
        )
    )
    await session.flush()


async def _one(session: AsyncSession, uid: int, kind: str, i: int, now: dt.datetime) -> None:
    zone = {
        "far_east": "Pacific/Kiritimati",
        "far_west": "Pacific/Pago_Pago",
        "no_zone": None,
    }.get(kind, ("Europe/Lisbon", "Asia/Tokyo", "America/New_York", "Australia/Sydney")[i % 4])
    therapist = (
        None if kind == "no_therapist" else (900_001, 900_002, 900_003, 900_004)[(i // 3) % 4]
    )
    values: dict[str, object] = {"timezone": zone, "therapist_id": therapist}
    if kind == "blocked":
        values["active"] = False
    if kind == "refused":
        values["consent"] = "refused"
    if i % 5 == 1:
        values["selftest_prompted_at"] = now - dt.timedelta(days=3)
    elif i % 5 == 2:
        values["selftest_prompted_at"] = now - dt.timedelta(days=6, hours=23)
    if i % 9 == 4:
        values["onboarding_step"] = "reminder_time"
    session.add(_user(uid, now, **values))
    await session.flush()
    local = now.astimezone(ZoneInfo(zone or "UTC"))
    # The first time at the local hour now for two patients in three; some with the hour
    # only as their second time (not due), some at another hour.
    first = local.hour if i % 3 != 2 else (local.hour + 5) % 24
    times = f"{first:02d}:{(i * 7) % 60:02d}"
    if i % 6 == 5:
        times = f"{(local.hour + 23) % 24:02d}:00,{local.hour:02d}:30"
        times = ",".join(sorted(times.split(",")))
    session.add(
        Schedule(
            user_id=uid,
            times=times,
            weekdays=0b1111111,
            next_due_at=now + dt.timedelta(hours=1),
            paused=kind == "paused",
            stopped=i % 11 == 7,
            created_at=now,
            updated_at=now,
        )
    )
    today = local.date()
    weeks = 3 if kind == "too_soon" else 8
    days = _six_a_week(today, weeks)
    if kind == "gap_week":
        days = [d for d in days if not (14 <= (today - d).days < 17)]
    if i % 7 == 6:  # stopped exercising this week: inactive in the digest
        days = [d for d in days if (today - d).days > 7]
    for day in days:
        session.add(_drill(uid, day, now))
        if kind == "twice_daily":
            session.add(_drill(uid, day, now))
    session.add(_drill(uid, today, now, status="skipped"))
    flat = kind not in ("improved",)
    if kind == "old_history":
        for w in range(20, 9, -1):
            await _test(session, uid, now - dt.timedelta(weeks=w), alone=6)
        await _test(session, uid, now - dt.timedelta(weeks=9), alone=3)
    if kind == "tied_tests":
        when = now - dt.timedelta(weeks=7)
        await _test(session, uid, when, alone=2)
        await _test(session, uid, when, alone=5)
    elif kind == "empty_test":
        await _test(session, uid, now - dt.timedelta(weeks=7), alone=0, answers=False)
    elif kind != "too_soon":
        await _test(session, uid, now - dt.timedelta(weeks=7), alone=4)
    if kind != "too_soon" or i % 2:
        await _test(session, uid, now - dt.timedelta(days=2 + i % 5), alone=4 if flat else 6)
    if kind == "advised_recently":
        session.add(_escalation(uid, now - dt.timedelta(weeks=2), source="no_improvement"))
    if kind == "advised_long_ago":
        session.add(_escalation(uid, now - dt.timedelta(weeks=6, days=1), source="no_improvement"))
    # Digest items: this week's, one older than the digest window, one already digested,
    # one urgent (never in the digest).
    if i % 2 == 0:
        session.add(_escalation(uid, now - dt.timedelta(days=1 + i % 6)))
        session.add(_escalation(uid, now - dt.timedelta(days=2), level="stop", source="drill_pain"))
    if i % 3 == 0:
        session.add(_escalation(uid, now - dt.timedelta(days=12)))
        session.add(_escalation(uid, now - dt.timedelta(days=2), digested=True))
        session.add(_escalation(uid, now - dt.timedelta(hours=5), level="urgent"))


def _escalation(
    uid: int,
    when: dt.datetime,
    *,
    source: str = "free_text",
    level: str = "routine",
    digested: bool = False,
) -> Escalation:
    return Escalation(
        user_id=uid,
        chat_id=uid,
        source=source,
        level=level,
        flags="numbness",
        advice="book a review",
        created_at=when,
        delivered_at=when,
        in_digest_at=when if digested else None,
    )


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[list[int]]:
    """Counts the statements sent while the block runs (in the list's one item)."""
    count = [0]

    def seen(*_args: object, **_kwargs: object) -> None:
        count[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield count
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", seen)


# --- same choices as before -------------------------------------------------------------------


async def test_no_improvement_chooses_whom_the_per_patient_loop_chose(
    session: AsyncSession,
) -> None:
    await populate(session, 3 * len(KINDS))
    for now in (T0, T0 + dt.timedelta(hours=13), T0 - dt.timedelta(hours=9)):
        for rule in (RULE, NoImprovementRule(weeks=4, min_days_per_week=6)):
            expected = await reference_no_improvement(session, rule=rule, now=now)
            got = [u.id for u in await rules.no_improvement_due(session, rule=rule, now=now)]
            assert got == expected, (now, rule)
    # The population covers both answers, so the comparison means something.
    due = await reference_no_improvement(session, rule=RULE, now=T0)
    assert due and len(due) < 3 * len(KINDS) - 10
    kinds = {KINDS[(uid - 10_000) % len(KINDS)] for uid in due}
    assert {"flat", "paused", "advised_long_ago", "far_east", "far_west"} <= kinds
    assert not kinds & {"improved", "blocked", "refused", "advised_recently", "too_soon"}


async def test_selftest_prompts_choose_whom_the_per_patient_loop_chose(
    session: AsyncSession,
) -> None:
    await populate(session, 3 * len(KINDS))
    chosen: set[int] = set()
    for hours in range(0, 24, 1):
        now = T0 + dt.timedelta(hours=hours, minutes=17)
        expected = await reference_selftest_prompts(session, now=now)
        got = [u.id for u in await rules.selftest_prompts_due(session, now=now)]
        assert got == expected, now
        chosen.update(got)
    assert chosen


async def test_digests_carry_what_the_per_therapist_loop_carried(session: AsyncSession) -> None:
    await populate(session, 3 * len(KINDS))
    for now in (T0, T0 + dt.timedelta(hours=15), T0 + dt.timedelta(days=3)):
        slot = digest_slot(now, 0, 8)
        expected = await reference_digests(session, slot=slot, now=now)
        assert await set_based_digests(session, slot=slot, now=now) == expected
    got = await set_based_digests(session, slot=SLOT, now=T0)
    # The inactive therapist and the one already sent are not there; the others carry items.
    assert [g[0] for g in got] == [900_001, 900_004]
    assert all(items for _, _, items, _ in got) and any(inactive for *_, inactive in got)


async def test_sql_scores_agree_with_the_pure_score(session: AsyncSession) -> None:
    ids = await populate(session, len(KINDS))
    since = T0 - dt.timedelta(weeks=100)
    from_sql = await rules.test_points(session, ids, since=since)
    for uid in ids:
        pure = selftests.points(await selftests.completed_tests(session, user_id=uid))
        assert from_sql.get(uid, []) == pure


async def test_marks_are_batched(session: AsyncSession, engine: AsyncEngine) -> None:
    ids = await populate(session, 40)
    with counting(engine) as count:
        await rules.mark_selftests_prompted(session, user_ids=ids, now=T0)
        await session.commit()
    assert count[0] <= 3  # one UPDATE (plus the transaction's own statements)
    prompted = await session.scalars(
        select(col(User.id)).where(col(User.selftest_prompted_at) == T0)
    )
    assert sorted(prompted.all()) == ids


# --- statements do not grow with the patients -------------------------------------------------


async def _statements(engine: AsyncEngine, session: AsyncSession) -> dict[str, int]:
    out: dict[str, int] = {}
    with counting(engine) as count:
        await rules.no_improvement_due(session, rule=RULE, now=T0)
    out["no_improvement"] = count[0]
    with counting(engine) as count:
        await rules.selftest_prompts_due(session, now=T0)
    out["selftest"] = count[0]
    with counting(engine) as count:
        await therapy.digests_due(session, slot=SLOT, now=T0)
    out["digest"] = count[0]
    return out


async def test_statement_counts_do_not_grow_with_the_patients(
    session: AsyncSession, engine: AsyncEngine
) -> None:
    await populate(session, 2 * len(KINDS))
    small = await _statements(engine, session)
    await populate(session, 200, first=20_000)
    large = await _statements(engine, session)
    assert small == large
    assert all(n <= 8 for n in large.values()), large
