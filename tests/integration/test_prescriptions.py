"""Prescriptions against a real database: stored whole and in order, validated (nothing
changes on a bad field), audited, followed by the reminders and by the next drill; a patient
without one keeps their named programme; the typed-repetitions state lives in the row."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.content import Content
from bot.content.exercises import programme_for_day
from bot.db import store
from bot.db.models import AuditEntry, DrillSession, User
from bot.domain import prescription
from bot.domain.prescription import PrescriptionError, PrescriptionItem
from bot.services import drill_days, drills, onboarding, prescriptions, schedules

PATIENT, THERAPIST = 5_200_000_001, 5_200_000_002
LEFT_TWICE_3_DAYS = [
    PrescriptionItem("isolation-practice", "left", 8, 2, 3),
    PrescriptionItem("toe-threading", "left", 8, 2, 3),
]


async def _patient(session: AsyncSession, clock: FakeClock) -> User:
    user = await store.get_or_create_user(session, user_id=PATIENT, chat_id=PATIENT, now=clock())
    await onboarding.answer_consent(session, user=user, given=True, now=clock())
    await onboarding.answer_timezone(session, user=user, text="Lisbon", aliases={}, now=clock())
    await onboarding.answer_reminder_time(session, user=user, text="08:00", now=clock())
    await onboarding.answer_diabetes(session, user=user, value=False, now=clock())
    await session.commit()
    return user


def test_the_library_names_every_exercise_and_its_sides(content: Content) -> None:
    library = {e.id: e for e in prescriptions.library(content)}
    assert set(library) == set(content.catalog.exercises)
    assert library["toe-threading"].has_sides and not library["towel-scrunches"].has_sides
    assert library["toe-threading"].name == content.catalog.exercise("toe-threading").title


async def test_replace_stores_in_order_audits_and_the_reminders_follow(
    session: AsyncSession, clock: FakeClock, content: Content
) -> None:
    user = await _patient(session, clock)
    rows = await prescriptions.replace(
        session,
        patient_id=user.id,
        items=LEFT_TWICE_3_DAYS,
        by=THERAPIST,
        now=clock(),
        content=content,
    )
    await session.commit()
    stored = await prescriptions.of(session, patient_id=user.id)
    assert [r.id for r in stored] == [r.id for r in rows]
    assert [(r.exercise_id, r.feet, r.repetitions, r.position) for r in stored] == [
        ("isolation-practice", "left", 8, 0),
        ("toe-threading", "left", 8, 1),
    ]
    schedule = await store.get_schedule(session, user_id=user.id)
    assert schedule is not None
    assert schedule.times == "08:00,20:00" and schedule.weekdays == 0b0010101
    assert schedule.next_due_at is not None and schedule.next_due_at > clock()
    audit = (await session.scalars(select(AuditEntry))).all()
    assert [(a.action, a.actor_id, a.target_user_id) for a in audit][-1] == (
        "prescription_set",
        THERAPIST,
        user.id,
    )
    # Replaced whole, in the new order; then cleared: the schedule is the patient's again.
    again = [PrescriptionItem("towel-scrunches"), LEFT_TWICE_3_DAYS[1]]
    await prescriptions.replace(
        session, patient_id=user.id, items=again, by=THERAPIST, now=clock(), content=content
    )
    assert [r.exercise_id for r in await prescriptions.of(session, patient_id=user.id)] == [
        "towel-scrunches",
        "toe-threading",
    ]
    await prescriptions.replace(session, patient_id=user.id, items=[], by=THERAPIST, now=clock())
    assert await prescriptions.of(session, patient_id=user.id) == []


async def test_a_bad_field_changes_nothing(
    session: AsyncSession, clock: FakeClock, content: Content
) -> None:
    user = await _patient(session, clock)
    await prescriptions.replace(
        session, patient_id=user.id, items=LEFT_TWICE_3_DAYS, by=THERAPIST, now=clock()
    )
    await session.commit()
    for bad, field in (
        (PrescriptionItem("made-up"), "exercise_id"),
        (PrescriptionItem("towel-scrunches", feet="right"), "feet"),
        (PrescriptionItem("toe-threading", repetitions=99), "repetitions"),
        (PrescriptionItem("toe-threading", times_per_day=5), "times_per_day"),
        (PrescriptionItem("toe-threading", days_per_week=9), "days_per_week"),
    ):
        with pytest.raises(ValueError, match=field):
            await prescriptions.replace(
                session, patient_id=user.id, items=[bad], by=THERAPIST, now=clock()
            )
    with pytest.raises(PrescriptionError, match="patient_id"):
        await prescriptions.replace(
            session, patient_id=1, items=LEFT_TWICE_3_DAYS, by=THERAPIST, now=clock()
        )
    stored = await prescriptions.of(session, patient_id=user.id)
    assert [r.exercise_id for r in stored] == ["isolation-practice", "toe-threading"]


async def test_a_stopped_schedule_stays_stopped(session: AsyncSession, clock: FakeClock) -> None:
    user = await _patient(session, clock)
    await schedules.stop(session, user=user, now=clock())
    await prescriptions.replace(
        session, patient_id=user.id, items=LEFT_TWICE_3_DAYS, by=THERAPIST, now=clock()
    )
    schedule = await store.get_schedule(session, user_id=user.id)
    assert schedule is not None and schedule.stopped and schedule.next_due_at is None
    assert schedule.times == "08:00,20:00"


async def test_put_and_remove_change_one_exercise(session: AsyncSession, clock: FakeClock) -> None:
    user = await _patient(session, clock)
    first, second = LEFT_TWICE_3_DAYS
    await prescriptions.put(session, patient_id=user.id, item=first, by=THERAPIST, now=clock())
    await prescriptions.put(session, patient_id=user.id, item=second, by=THERAPIST, now=clock())
    changed = PrescriptionItem("isolation-practice", "right", 12, 1, 7)
    await prescriptions.put(session, patient_id=user.id, item=changed, by=THERAPIST, now=clock())
    rows = await prescriptions.of(session, patient_id=user.id)
    assert [prescriptions.item_of(r) for r in rows] == [changed, second]
    await prescriptions.remove(
        session, patient_id=user.id, exercise_id="isolation-practice", by=THERAPIST, now=clock()
    )
    rows = await prescriptions.of(session, patient_id=user.id)
    assert [prescriptions.item_of(r) for r in rows] == [second]


async def test_the_next_drill_walks_the_prescription(
    session: AsyncSession, clock: FakeClock, content: Content
) -> None:
    user = await _patient(session, clock)
    catalog = content.catalog
    await prescriptions.replace(
        session, patient_id=user.id, items=LEFT_TWICE_3_DAYS, by=THERAPIST, now=clock()
    )
    view = await drills.start(
        session, user=user, catalog=catalog, unlocked=frozenset(), now=clock()
    )
    drill = await session.get(DrillSession, view.drill_id)
    assert drill is not None
    assert drill.exercise_ids == ["isolation-practice", "toe-threading"]
    assert drill.programme_id == "prescribed:L238,L238"
    assert view.screen.dose == prescription.Dose("left", 8, 2, 3)
    assert view.screen.foot == "left"
    # Every screen is of the left foot, and the drill ends after both exercises.
    feet: set[str | None] = {view.screen.foot}
    outcome = None
    for _ in range(40):
        outcome = await drills.press(
            session,
            user=user,
            drill_id=drill.id or 0,
            seq=drill.seq,
            action=drills.Action.NEXT,
            catalog=catalog,
            now=clock(),
        )
        if outcome.view is None:
            break
        feet.add(outcome.view.screen.foot)
    assert outcome is not None and outcome.result is drills.Result.FINISHED
    assert feet == {"left"}


async def test_without_a_prescription_the_named_programme_is_walked(
    session: AsyncSession, clock: FakeClock, content: Content
) -> None:
    user = await _patient(session, clock)
    catalog = content.catalog
    view = await drills.start(
        session, user=user, catalog=catalog, unlocked=frozenset(), now=clock()
    )
    drill = await session.get(DrillSession, view.drill_id)
    assert drill is not None and drill.programme_id == "default"
    today = drill_days.local_today(user, clock())
    expected = [e.id for e in programme_for_day(catalog, "default", today, frozenset())]
    assert drill.exercise_ids == expected and view.screen.dose is None


async def test_typed_repetitions_are_awaited_in_the_row(
    session: AsyncSession, clock: FakeClock
) -> None:
    therapist = await store.get_or_create_user(
        session, user_id=THERAPIST, chat_id=THERAPIST, now=clock()
    )
    assert await prescriptions.await_reps(
        session,
        therapist_id=THERAPIST,
        patient_id=PATIENT,
        exercise_id="progressive-resistance",
        feet="left",
    )
    await session.commit()
    await session.refresh(therapist)
    awaited = prescriptions.awaited_reps(therapist)
    assert awaited == prescriptions.AwaitedReps(PATIENT, "progressive-resistance", "left")
    await prescriptions.stop_awaiting(session, therapist_id=THERAPIST)
    await session.commit()
    await session.refresh(therapist)
    assert therapist.awaiting is None and prescriptions.awaited_reps(therapist) is None
    assert [prescriptions.parse_reps(t) for t in ("8", " 50 ", "0", "51", "²", "8.5", "")] == [
        8,
        50,
        None,
        None,
        None,
        None,
        None,
    ]
    # Someone else's awaited answer is not taken for repetitions.
    therapist.awaiting, therapist.awaiting_ref = "t_time", PATIENT
    assert prescriptions.awaited_reps(therapist) is None
