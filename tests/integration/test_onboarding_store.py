"""Onboarding rules against a real database: order, validation, consent and what is stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlmodel import SQLModel

from bot.clock import FakeClock
from bot.db import store
from bot.db.models import Consent, OnboardingStep, Schedule, User
from bot.services import onboarding
from bot.services.onboarding import Outcome


async def _new_user(session: AsyncSession, clock: FakeClock, uid: int = 5_000_000_001) -> User:
    user = await store.get_or_create_user(session, user_id=uid, chat_id=uid, now=clock())
    await session.commit()
    return user


async def test_full_onboarding_in_order(session: AsyncSession, clock: FakeClock) -> None:
    user = await _new_user(session, clock)
    assert onboarding.current_step(user) is OnboardingStep.CONSENT
    ans = await onboarding.answer_consent(session, user=user, given=True, now=clock())
    assert ans.step is OnboardingStep.TIMEZONE
    ans = await onboarding.answer_timezone(
        session, user=user, text="Lisbon", aliases={}, now=clock()
    )
    assert (ans.outcome, ans.step) == (Outcome.ACCEPTED, OnboardingStep.REMINDER_TIME)
    ans = await onboarding.answer_reminder_time(session, user=user, text="7:30pm", now=clock())
    assert ans.outcome is Outcome.ACCEPTED and ans.schedule is not None
    ans = await onboarding.answer_diabetes(session, user=user, value=True, now=clock())
    assert ans.step is OnboardingStep.DONE
    await session.commit()

    stored = await session.get(User, user.id, populate_existing=True)
    schedule = await session.get(Schedule, user.id, populate_existing=True)
    assert stored is not None and schedule is not None
    assert (stored.consent, stored.timezone, stored.diabetes) == ("given", "Europe/Lisbon", True)
    assert stored.consent_at == clock() and stored.consent_at.tzinfo is not None
    assert schedule.times == "19:30"
    # Lisbon is on UTC in November: 19:30 local today, after 09:00 UTC.
    assert schedule.next_due_at == dt.datetime(2026, 11, 23, 19, 30, tzinfo=dt.UTC)


async def test_answers_out_of_order_change_nothing(session: AsyncSession, clock: FakeClock) -> None:
    user = await _new_user(session, clock)
    ans = await onboarding.answer_timezone(
        session, user=user, text="Lisbon", aliases={}, now=clock()
    )
    assert ans.outcome is Outcome.WRONG_STEP and user.timezone is None
    await onboarding.answer_consent(session, user=user, given=True, now=clock())
    ans = await onboarding.answer_diabetes(session, user=user, value=False, now=clock())
    assert ans.outcome is Outcome.WRONG_STEP and user.diabetes is None
    ans = await onboarding.answer_reminder_time(session, user=user, text="08:00", now=clock())
    assert ans.outcome is Outcome.WRONG_STEP
    assert await store.get_schedule(session, user_id=user.id) is None


async def test_bad_answers_are_refused_and_state_kept(
    session: AsyncSession, clock: FakeClock
) -> None:
    user = await _new_user(session, clock)
    await onboarding.answer_consent(session, user=user, given=True, now=clock())
    for bad in ("Qwxzv", "x" * 5000, ""):
        ans = await onboarding.answer_timezone(
            session, user=user, text=bad, aliases={}, now=clock()
        )
        assert ans.outcome is Outcome.INVALID and user.onboarding_step == "timezone"
    forged = await onboarding.answer_timezone(
        session, user=user, text="Not/AZone", aliases={}, now=clock(), exact=True
    )
    assert forged.outcome is Outcome.INVALID
    await onboarding.answer_timezone(session, user=user, text="Tokyo", aliases={}, now=clock())
    for bad in ("25:99", "noon", "x" * 5000):
        ans = await onboarding.answer_reminder_time(session, user=user, text=bad, now=clock())
        assert ans.outcome is Outcome.INVALID and user.onboarding_step == "reminder_time"
    assert await store.get_schedule(session, user_id=user.id) is None


async def test_refusal_keeps_nothing_but_the_refusal(
    session: AsyncSession, clock: FakeClock
) -> None:
    user = await _new_user(session, clock)
    ans = await onboarding.answer_consent(session, user=user, given=False, now=clock())
    assert ans.outcome is Outcome.REFUSED
    await session.commit()
    assert user.consent == Consent.REFUSED.value
    assert (user.timezone, user.diabetes) == (None, None)
    # Coming back later: consent can be given and onboarding goes on.
    ans = await onboarding.answer_consent(session, user=user, given=True, now=clock())
    assert ans.step is OnboardingStep.TIMEZONE


async def test_withdrawing_consent_erases_answers(session: AsyncSession, clock: FakeClock) -> None:
    user = await _new_user(session, clock)
    await onboarding.answer_consent(session, user=user, given=True, now=clock())
    await onboarding.answer_timezone(session, user=user, text="Paris", aliases={}, now=clock())
    await onboarding.answer_reminder_time(session, user=user, text="08:00", now=clock())
    await session.commit()
    await store.record_consent(session, user=user, given=False, now=clock())
    await session.commit()
    assert user.timezone is None
    assert await store.get_schedule(session, user_id=user.id) is None


async def test_timestamps_come_back_aware(session: AsyncSession, clock: FakeClock) -> None:
    user = await _new_user(session, clock)
    again = await session.get(User, user.id, populate_existing=True)
    assert again is not None and again.created_at == clock()
    assert again.created_at.tzinfo is not None


async def test_migrations_match_the_models(engine: AsyncEngine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def diff(sync_conn: object) -> list[object]:
        ctx = MigrationContext.configure(sync_conn)  # type: ignore[arg-type]
        return list(compare_metadata(ctx, SQLModel.metadata))

    async with engine.connect() as conn:
        changes = await conn.run_sync(diff)
        tables = await conn.run_sync(lambda c: sa_inspect(c).get_table_names())
    assert changes == []
    assert {"users", "schedules", "alembic_version"} <= set(tables)
