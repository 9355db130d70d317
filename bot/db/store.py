"""Queries and writes. Keyword-only arguments and an explicit session; the caller commits.

Keeping every write here means a handler never builds SQL, and the rules about what may be
stored (nothing but the refusal without consent) live in one place.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from bot.db.models import (
    Consent,
    ConsentEvent,
    OnboardingStep,
    Prompt,
    PromptStatus,
    Schedule,
    User,
)
from bot.domain import reminders, scheduling
from bot.domain.reminders import PromptKind

_PROMPTS = SQLModel.metadata.tables[Prompt.__tablename__]


async def get_user(session: AsyncSession, *, user_id: int) -> User | None:
    """The user with this Telegram id, if they have ever talked to the bot."""
    return await session.get(User, user_id)


async def get_or_create_user(
    session: AsyncSession, *, user_id: int, chat_id: int, now: dt.datetime
) -> User:
    """The user row, created with consent pending on first contact."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(id=user_id, chat_id=chat_id, created_at=now, updated_at=now)
        session.add(user)
        await session.flush()
    elif user.chat_id != chat_id:
        user.chat_id = chat_id
        user.updated_at = now
    return user


async def reactivate(session: AsyncSession, *, user_id: int, now: dt.datetime) -> bool:
    """A user the dispatcher marked inactive (they blocked the bot) wrote again: reminders
    resume from the next due time. One conditional UPDATE, a no-op for everyone else."""
    result = await session.execute(
        update(User)
        .where(col(User.id) == user_id, col(User.active).is_(False))
        .values(active=True, updated_at=now)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    user = await session.get(User, user_id, populate_existing=True)
    schedule = await get_schedule(session, user_id=user_id)
    if user is not None and user.timezone and schedule is not None and not schedule.stopped:
        _refresh_next_due(schedule, user.timezone, now)
    return True


# last_seen_at is kept to this precision, so most updates write nothing.
SEEN_PRECISION = dt.timedelta(hours=1)


async def touch(session: AsyncSession, *, user_id: int, now: dt.datetime) -> None:
    """The user sent something: their last activity, for RETENTION_DAYS (one conditional
    UPDATE, at most once an hour per user; a no-op for unknown users)."""
    await session.execute(
        update(User)
        .where(
            col(User.id) == user_id,
            (col(User.last_seen_at).is_(None)) | (col(User.last_seen_at) < now - SEEN_PRECISION),
        )
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


async def set_awaiting(
    session: AsyncSession, *, user_id: int, awaiting: str | None, ref: int | None = None
) -> None:
    """Which free-text answer the bot waits for from this user (None: nothing awaited)."""
    await session.execute(
        update(User)
        .where(col(User.id) == user_id)
        .values(awaiting=awaiting, awaiting_ref=ref)
        .execution_options(synchronize_session=False)
    )


async def record_consent(
    session: AsyncSession, *, user: User, given: bool, now: dt.datetime
) -> None:
    """Store the consent answer (and add it to the consent history). A refusal erases every
    other answer the user gave before."""
    session.add(ConsentEvent(user_id=user.id, given=given, at=now))
    user.consent = Consent.GIVEN.value if given else Consent.REFUSED.value
    user.consent_at = now
    user.updated_at = now
    if given:
        if user.onboarding_step == OnboardingStep.CONSENT.value:
            user.onboarding_step = OnboardingStep.TIMEZONE.value
        return
    user.onboarding_step = OnboardingStep.CONSENT.value
    user.timezone = None
    user.diabetes = None
    await session.execute(delete(Schedule).where(col(Schedule.user_id) == user.id))


async def get_schedule(session: AsyncSession, *, user_id: int) -> Schedule | None:
    """The user's reminder schedule, if one was set."""
    return await session.get(Schedule, user_id)


def _refresh_next_due(schedule: Schedule, zone: str, now: dt.datetime) -> None:
    schedule.next_due_at = scheduling.next_due(
        times=scheduling.parse_times(schedule.times),
        weekdays=schedule.weekdays,
        zone=ZoneInfo(zone),
        after=now,
    )
    schedule.updated_at = now


async def set_timezone(session: AsyncSession, *, user: User, zone: str, now: dt.datetime) -> None:
    """Set the user's IANA zone; an existing schedule keeps its local times in the new zone."""
    user.timezone = zone
    user.updated_at = now
    schedule = await get_schedule(session, user_id=user.id)
    if schedule is not None:
        _refresh_next_due(schedule, zone, now)


async def set_reminder_time(
    session: AsyncSession, *, user: User, at: dt.time, now: dt.datetime
) -> Schedule:
    """Set one daily local reminder time (every weekday) and compute the next due instant."""
    if user.timezone is None:
        raise ValueError("the time zone must be set before the reminder time")
    schedule = await get_schedule(session, user_id=user.id)
    if schedule is None:
        schedule = Schedule(user_id=user.id, times="", created_at=now, updated_at=now)
        session.add(schedule)
    schedule.times = scheduling.format_times([at])
    schedule.weekdays = scheduling.EVERY_DAY
    _refresh_next_due(schedule, user.timezone, now)
    return schedule


async def set_diabetes(
    session: AsyncSession, *, user: User, value: bool | None, now: dt.datetime
) -> None:
    """Store the diabetes answer, None for "not sure" (it changes how symptoms are triaged)."""
    user.diabetes = value
    user.updated_at = now


async def snooze_prompt(
    session: AsyncSession, *, prompt_id: int, delay: dt.timedelta, now: dt.datetime
) -> Prompt | None:
    """Bring back the prompt `prompt_id` after `delay` (one of `reminders.SNOOZE_CHOICES`).

    Adds one scheduled ``snooze`` row for the same patient and local day; the recurring
    schedule is not touched. A snooze still waiting for the same patient and day is
    cancelled first, so pressing snooze twice moves the prompt instead of doubling it.
    Returns the new row, or None when `prompt_id` is unknown. The caller commits.
    """
    at = reminders.snooze_at(now=now, delay=delay)
    original = await session.get(Prompt, prompt_id)
    if original is None:
        return None
    await session.execute(
        update(_PROMPTS)
        .where(
            _PROMPTS.c.user_id == original.user_id,
            _PROMPTS.c.kind == PromptKind.SNOOZE.value,
            _PROMPTS.c.local_day == original.local_day,
            _PROMPTS.c.status == PromptStatus.SCHEDULED.value,
        )
        .values(status=PromptStatus.CANCELLED.value, lease_until=None)
    )
    existing = (
        await session.execute(
            select(Prompt)
            .where(
                and_(
                    _PROMPTS.c.user_id == original.user_id,
                    _PROMPTS.c.kind == PromptKind.SNOOZE.value,
                    _PROMPTS.c.due_at == at,
                )
            )
            # The UPDATE above bypassed the identity map: reload, or a stale "scheduled"
            # would look unchanged and never be written back.
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if existing is not None:
        existing.status = PromptStatus.SCHEDULED.value
        return existing
    snoozed = Prompt(
        user_id=original.user_id,
        kind=PromptKind.SNOOZE.value,
        due_at=at,
        local_day=original.local_day,
        status=PromptStatus.SCHEDULED.value,
        created_at=now,
    )
    session.add(snoozed)
    await session.flush()
    return snoozed
