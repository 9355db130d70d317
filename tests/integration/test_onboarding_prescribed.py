"""Onboarding after a therapist prescribed first: the daily times asked follow the
prescription's most frequent exercise, not the named programme (which asks for two)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.content.exercises import ExerciseCatalog, default_content_dir, load_catalog
from bot.db import store
from bot.db.models import OnboardingStep, Prescription, User
from bot.domain import prescription, scheduling
from bot.services import onboarding
from bot.services.onboarding import Outcome


def _catalog() -> ExerciseCatalog:
    return load_catalog(default_content_dir())


async def _to_reminder_time(session: AsyncSession, clock: FakeClock, uid: int) -> User:
    user = await store.get_or_create_user(session, user_id=uid, chat_id=uid, now=clock())
    await onboarding.answer_consent(session, user=user, given=True, now=clock())
    await onboarding.answer_timezone(session, user=user, text="Lisbon", aliases={}, now=clock())
    assert onboarding.current_step(user) is OnboardingStep.REMINDER_TIME
    return user


def _prescribed(uid: int, clock: FakeClock, per_day: int) -> Prescription:
    return Prescription(
        patient_id=uid, exercise_id="toe-threading", feet="both", repetitions=10,
        times_per_day=per_day, days_per_week=7, created_at=clock(),
    )  # fmt: skip


async def test_a_once_a_day_prescription_asks_one_time(
    session: AsyncSession, clock: FakeClock
) -> None:
    catalog = _catalog()
    assert onboarding.times_wanted(catalog, "default") == 2  # the programme would ask two
    user = await _to_reminder_time(session, clock, 5_100_000_001)
    session.add(_prescribed(user.id, clock, 1))
    await session.flush()
    assert await onboarding.times_to_ask(session, user=user, catalog=catalog) == 1
    ans = await onboarding.answer_reminder_time(
        session, user=user, text="08:00", now=clock(), catalog=catalog
    )
    assert (ans.outcome, ans.step) == (Outcome.ACCEPTED, OnboardingStep.DIABETES)


async def test_a_twice_a_day_prescription_asks_the_second_time(
    session: AsyncSession, clock: FakeClock
) -> None:
    user = await _to_reminder_time(session, clock, 5_100_000_002)
    session.add(_prescribed(user.id, clock, 2))
    await session.flush()
    # No catalog: the programme alone would ask one time; the prescription asks two.
    assert onboarding.times_wanted(None, user.programme_id) == 1
    ans = await onboarding.answer_reminder_time(session, user=user, text="08:00", now=clock())
    assert (ans.outcome, ans.step) == (Outcome.ACCEPTED, OnboardingStep.SECOND_TIME)


async def test_without_a_prescription_the_programme_decides(
    session: AsyncSession, clock: FakeClock
) -> None:
    catalog = _catalog()
    user = await _to_reminder_time(session, clock, 5_100_000_003)
    ans = await onboarding.answer_reminder_time(
        session, user=user, text="08:00", now=clock(), catalog=catalog
    )
    assert ans.step is OnboardingStep.SECOND_TIME


async def test_the_prescription_fills_the_third_time_and_sets_the_weekdays(
    session: AsyncSession, clock: FakeClock
) -> None:
    user = await _to_reminder_time(session, clock, 5_100_000_004)
    item = _prescribed(user.id, clock, 3)
    item.days_per_week = 3
    session.add(item)
    await session.flush()
    ans = await onboarding.answer_reminder_time(session, user=user, text="08:00", now=clock())
    assert ans.step is OnboardingStep.SECOND_TIME
    ans = await onboarding.answer_second_time(session, user=user, text="18:00", now=clock())
    assert ans.outcome is Outcome.ACCEPTED and ans.schedule is not None
    # The two asked kept, the third slot added as the prescription asks; its three days.
    assert ans.schedule.times == scheduling.format_times(
        prescription.reminder_times([dt.time(8), dt.time(18)], 3)
    )
    assert ans.schedule.weekdays == prescription.drill_weekdays(3)
    assert ans.schedule.next_due_at is not None


async def test_no_once_a_day_adds_no_time(session: AsyncSession, clock: FakeClock) -> None:
    user = await _to_reminder_time(session, clock, 5_100_000_005)
    session.add(_prescribed(user.id, clock, 2))
    await session.flush()
    await onboarding.answer_reminder_time(session, user=user, text="08:00", now=clock())
    ans = await onboarding.answer_second_time(session, user=user, text=None, now=clock())
    assert ans.declined and ans.schedule is not None and ans.schedule.times == "08:00"
