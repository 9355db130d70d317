"""The rules moved out of the patient handlers, against a real database: the band unlock,
resume-or-start of today's drill, one exercise alone, weekday switches, typed settings
answers, the onboarding button's answer and the pain skip reason's awaited answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.content import Content
from bot.db import store
from bot.db.models import Consent, OnboardingStep, Prompt, User
from bot.services import drill_days, drills, onboarding, schedules, zones
from bot.services.drill_days import SELFTEST_IMPROVED
from bot.services.drills import AWAITING_PAIN
from bot.services.onboarding import Outcome

UID = 5_100_000_001


async def _patient(session: AsyncSession, clock: FakeClock) -> User:
    user = await store.get_or_create_user(session, user_id=UID, chat_id=UID, now=clock())
    await onboarding.answer_consent(session, user=user, given=True, now=clock())
    await onboarding.answer_timezone(session, user=user, text="Lisbon", aliases={}, now=clock())
    await onboarding.answer_reminder_time(session, user=user, text="08:00", now=clock())
    await onboarding.answer_diabetes(session, user=user, value=False, now=clock())
    await session.commit()
    return user


async def test_band_work_unlocks_by_setting_or_selftest(
    session: AsyncSession, clock: FakeClock
) -> None:
    user = await _patient(session, clock)
    assert await drill_days.unlocked(session, user=user, unlock_all=False) == frozenset()
    assert await drill_days.unlocked(session, user=user, unlock_all=True) == {SELFTEST_IMPROVED}


async def test_today_resumes_the_same_day_and_starts_afresh_the_next(
    session: AsyncSession, clock: FakeClock, content: Content
) -> None:
    user = await _patient(session, clock)
    catalog = content.catalog
    first, resumed = await drills.start_or_resume_today(
        session, user=user, catalog=catalog, unlock_all=False, now=clock()
    )
    assert not resumed
    again, resumed = await drills.start_or_resume_today(
        session, user=user, catalog=catalog, unlock_all=False, now=clock()
    )
    assert resumed and again.drill_id == first.drill_id
    tomorrow, resumed = await drills.start_or_resume_today(
        session, user=user, catalog=catalog, unlock_all=False, now=clock() + dt.timedelta(days=1)
    )
    assert not resumed and tomorrow.drill_id != first.drill_id


async def test_a_locked_exercise_does_not_start(
    session: AsyncSession, clock: FakeClock, content: Content
) -> None:
    user = await _patient(session, clock)
    catalog = content.catalog
    locked = [e.id for e in catalog.exercises.values() if e.unlock]
    free = [e.id for e in catalog.exercises.values() if not e.unlock]
    assert locked and free

    async def start(exercise_id: str, unlock_all: bool) -> object:
        return await drills.start_exercise(
            session,
            user=user,
            catalog=catalog,
            exercise_id=exercise_id,
            unlock_all=unlock_all,
            now=clock(),
        )

    assert await start(locked[0], unlock_all=False) is None
    assert await start(locked[0], unlock_all=True) is not None
    assert await start(free[0], unlock_all=False) is not None
    assert await drill_days.exercise_locked(
        session, user_id=UID, catalog=catalog, exercise_id=locked[0], unlock_all=False
    )
    # Someone the bot does not know meets no condition.
    assert await drill_days.exercise_locked(
        session, user_id=UID + 1, catalog=catalog, exercise_id=locked[0], unlock_all=False
    )
    assert not await drill_days.exercise_locked(
        session, user_id=UID + 1, catalog=catalog, exercise_id=free[0], unlock_all=False
    )


async def test_weekday_switches_keep_at_least_one_day(
    session: AsyncSession, clock: FakeClock
) -> None:
    user = await _patient(session, clock)
    schedule = await store.get_schedule(session, user_id=UID)
    assert schedule is not None
    await schedules.set_weekdays(session, user=user, weekdays=0b1, now=clock())
    assert await schedules.toggle_weekday(session, user=user, day=0, now=clock()) is None
    changed = await schedules.toggle_weekday(session, user=user, day=2, now=clock())
    assert changed is not None and changed.weekdays == 0b101


async def test_typed_times_and_zone_close_the_question(
    session: AsyncSession, clock: FakeClock
) -> None:
    await _patient(session, clock)
    await store.set_awaiting(session, user_id=UID, awaiting="settings_times")
    assert await schedules.answer_times(session, user_id=UID, text="noon-ish", now=clock()) is None
    assert (await store.get_user(session, user_id=UID)).awaiting == "settings_times"  # type: ignore[union-attr]
    schedule = await schedules.answer_times(session, user_id=UID, text="7:30, 18:00", now=clock())
    assert schedule is not None and schedule.times == "07:30,18:00"
    await session.commit()
    fresh = await session.get(User, UID, populate_existing=True)
    assert fresh is not None and fresh.awaiting is None
    await store.set_awaiting(session, user_id=UID, awaiting="settings_zone")
    missing = await zones.answer_settings(
        session, user_id=UID, text="Atlantis", aliases={}, now=clock()
    )
    assert missing.zone is None
    found = await zones.answer_settings(
        session, user_id=UID, text="Berlin", aliases={}, now=clock()
    )
    assert found.zone == "Europe/Berlin"
    await session.commit()
    fresh = await session.get(User, UID, populate_existing=True)
    assert fresh is not None and (fresh.timezone, fresh.awaiting) == ("Europe/Berlin", None)


async def test_onboarding_buttons_answer_their_question(
    session: AsyncSession, clock: FakeClock
) -> None:
    user = await store.get_or_create_user(session, user_id=UID, chat_id=UID, now=clock())
    ans = await onboarding.answer_button(
        session, user=user, question="consent", value="yes", now=clock()
    )
    assert user.consent == Consent.GIVEN.value and ans.step is OnboardingStep.TIMEZONE
    other = await onboarding.answer_button(
        session, user=user, question="tz", value="other", now=clock()
    )
    assert other.outcome is Outcome.INVALID and user.timezone is None
    # A button's zone is taken only as an exact name, never a guess.
    forged = await onboarding.answer_button(
        session, user=user, question="tz", value="Lisbon", now=clock()
    )
    assert forged.outcome is not Outcome.ACCEPTED and user.timezone is None
    await onboarding.answer_button(
        session, user=user, question="tz", value="Europe/Lisbon", now=clock()
    )
    ans = await onboarding.answer_button(
        session, user=user, question="time", value="0815", now=clock()
    )
    assert ans.schedule is not None and ans.schedule.times == "08:15"


async def test_prompt_start_and_the_pain_reason(session: AsyncSession, clock: FakeClock) -> None:
    user = await _patient(session, clock)
    prompt = Prompt(
        user_id=UID,
        kind="daily",
        due_at=clock(),
        local_day=clock().date(),
        status="sent",
        created_at=clock(),
    )
    session.add(prompt)
    await session.flush()
    assert prompt.id is not None
    started = await schedules.start_prompt(session, user=user, prompt_id=prompt.id)
    assert started is not None and started.response == "start"
    prompt.response = None
    await schedules.skip(session, user=user, prompt_id=prompt.id, now=clock())
    await schedules.skip_reason(session, user=user, prompt_id=prompt.id, reason="pain")
    await session.commit()
    fresh = await session.get(User, UID, populate_existing=True)
    assert fresh is not None and fresh.awaiting == AWAITING_PAIN
