"""Reminder schedules as the patient changes them: times, weekdays, pause, resume, stop, and
what they do with a prompt (start, snooze, skip with a reason).

The next due instant is always recomputed with the pure `scheduling.next_due`, so the
dispatcher only ever reads `Schedule.next_due_at`. A snooze adds a one-off prompt and never
touches the recurring schedule.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db import store
from bot.db.models import Prompt, PromptStatus, Schedule, User
from bot.domain import scheduling
from bot.domain.reminders import MAX_DAILY_TIMES, SKIP_REASONS, SKIP_RESPONSE, SNOOZE_MINUTES
from bot.services.drills import AWAITING_PAIN

log = logging.getLogger(__name__)

MAX_TIMES = MAX_DAILY_TIMES


# "only 08:00": these times and no others (`scheduling.change_times`'s `only`).
_ONLY_RE = re.compile(r"^\s*only\b\s*", re.IGNORECASE)


def parse_times(text: str) -> list[dt.time] | None:
    """One to three local times ("08:00", "8am and 6pm", "07:30, 12:00, 19:00")."""
    parts = [p for p in re.split(r"\s*(?:,|;|\band\b|&|/)\s*", text.strip()) if p]
    if not 1 <= len(parts) <= MAX_TIMES or len(text) > 60:
        return None
    times = [scheduling.parse_local_time(p) for p in parts]
    if any(t is None for t in times):
        return None
    return sorted({t for t in times if t is not None})


def _refresh(schedule: Schedule, user: User, now: dt.datetime) -> None:
    schedule.next_due_at = scheduling.next_due(
        times=scheduling.parse_times(schedule.times),
        weekdays=schedule.weekdays,
        zone=ZoneInfo(user.timezone or "UTC"),
        after=now,
    )
    schedule.updated_at = now


async def set_times(
    session: AsyncSession,
    *,
    user: User,
    times: list[dt.time],
    now: dt.datetime,
    only: bool = False,
) -> Schedule:
    """The patient changes their daily times (1 to 3 typed) as `scheduling.change_times`
    rules: one time moves the nearest, several replace them all. The weekdays, a pause and
    the other times are kept; a stopped schedule starts again (the patient asked for times).
    Creates the schedule if there is none."""
    schedule = await move_times(session, user=user, times=times, now=now, only=only)
    if schedule.stopped:
        schedule.stopped = False
        _refresh(schedule, user, now)
    return schedule


async def move_times(
    session: AsyncSession,
    *,
    user: User,
    times: list[dt.time],
    now: dt.datetime,
    only: bool = False,
) -> Schedule:
    """`set_times` for someone else (the patient's therapist): the same rule, but a schedule
    the patient stopped stays stopped."""
    if not 1 <= len(times) <= MAX_TIMES:
        raise ValueError("one to three reminder times")
    schedule = await store.get_schedule(session, user_id=user.id)
    if schedule is None:
        schedule = await store.set_reminder_time(session, user=user, at=times[0], now=now)
    changed = scheduling.change_times(scheduling.parse_times(schedule.times), times, only=only)
    schedule.times = scheduling.format_times(changed)
    if schedule.stopped:
        schedule.updated_at = now  # no due instant while stopped (see `stop`)
    else:
        _refresh(schedule, user, now)
    return schedule


async def add_time(
    session: AsyncSession, *, user: User, at: dt.time, now: dt.datetime
) -> Schedule | None:
    """One more daily time next to the existing ones (onboarding's second time for a
    twice-daily exercise); None without a schedule or when it already has `MAX_TIMES`."""
    schedule = await store.get_schedule(session, user_id=user.id)
    if schedule is None:
        return None
    times = scheduling.parse_times(schedule.times)
    if at not in times and len(times) >= MAX_TIMES:
        return None
    schedule.times = scheduling.format_times([*times, at])
    _refresh(schedule, user, now)
    return schedule


async def set_weekdays(
    session: AsyncSession, *, user: User, weekdays: int, now: dt.datetime
) -> Schedule | None:
    """Which weekdays get reminders (Monday = bit 0); at least one must stay on."""
    schedule = await store.get_schedule(session, user_id=user.id)
    if schedule is None or not 0 < weekdays <= scheduling.EVERY_DAY:
        return None
    schedule.weekdays = weekdays
    _refresh(schedule, user, now)
    return schedule


async def pause(
    session: AsyncSession, *, user: User, until: dt.date | None, now: dt.datetime
) -> Schedule | None:
    """No reminders until `until` (a local date; reminders resume that day) or /resume."""
    schedule = await store.get_schedule(session, user_id=user.id)
    if schedule is None:
        return None
    schedule.paused, schedule.resume_on, schedule.updated_at = True, until, now
    return schedule


async def resume(session: AsyncSession, *, user: User, now: dt.datetime) -> Schedule | None:
    """Reminders back on, from the next due time after now (no catch-up of paused days)."""
    schedule = await store.get_schedule(session, user_id=user.id)
    if schedule is None:
        return None
    schedule.paused, schedule.resume_on, schedule.stopped = False, None, False
    _refresh(schedule, user, now)
    return schedule


async def stop(session: AsyncSession, *, user: User, now: dt.datetime) -> Schedule | None:
    """No more reminders at all (until /resume or a new time)."""
    schedule = await store.get_schedule(session, user_id=user.id)
    if schedule is None:
        return None
    # No due instant while stopped: the dispatcher's claim never has to look at it again.
    schedule.stopped, schedule.next_due_at, schedule.updated_at = True, None, now
    return schedule


async def own_prompt(session: AsyncSession, *, user: User, prompt_id: int) -> Prompt | None:
    """The prompt, only if it was sent to this user."""
    prompt = await session.get(Prompt, prompt_id)
    if prompt is None or prompt.user_id != user.id:
        log.warning("user %s pressed a button of prompt %s, not theirs", user.id, prompt_id)
        return None
    return prompt


async def snooze(
    session: AsyncSession, *, user: User, prompt_id: int, minutes: int, now: dt.datetime
) -> Prompt | None:
    """Send this one prompt again in `minutes`; the recurring schedule is not touched.

    Snoozing again moves the prompt rather than doubling it (`store.snooze_prompt`).
    Returns the scheduled prompt, or None (not theirs, bad delay, or the day was skipped).
    """
    prompt = await own_prompt(session, user=user, prompt_id=prompt_id)
    if prompt is None or minutes not in SNOOZE_MINUTES:
        return None
    # A skipped day gets no prompt at all (`reminders.decide`): refuse now rather than
    # promise a time and drop it then (the day may be skipped from another of its prompts).
    if await day_skipped(session, user_id=user.id, day=prompt.local_day):
        return None
    prompt.response = "snooze"
    return await store.snooze_prompt(
        session, prompt_id=prompt_id, delay=dt.timedelta(minutes=minutes), now=now
    )


async def day_skipped(session: AsyncSession, *, user_id: int, day: dt.date) -> bool:
    """True when the patient tapped "Skip today" on any prompt of local `day`."""
    found = await session.scalar(
        select(col(Prompt.id))
        .where(
            col(Prompt.user_id) == user_id,
            col(Prompt.local_day) == day,
            col(Prompt.response) == SKIP_RESPONSE,
        )
        .limit(1)
    )
    return found is not None


async def skip(
    session: AsyncSession, *, user: User, prompt_id: int, now: dt.datetime
) -> Prompt | None:
    """Skip the prompt's local day: its waiting snoozes and follow-up are cancelled here, and
    the dispatcher sends nothing more that day (`reminders.decide`). None when not theirs or
    the day was skipped already."""
    prompt = await own_prompt(session, user=user, prompt_id=prompt_id)
    if prompt is None or await day_skipped(session, user_id=user.id, day=prompt.local_day):
        return None
    prompt.response = SKIP_RESPONSE
    day = prompt.local_day
    await session.execute(
        update(Prompt)
        .where(
            col(Prompt.user_id) == user.id,
            col(Prompt.local_day) == day,
            col(Prompt.status) == PromptStatus.SCHEDULED.value,
        )
        .values(status=PromptStatus.CANCELLED.value)
    )
    return prompt


async def skip_reason(
    session: AsyncSession, *, user: User, prompt_id: int, reason: str
) -> Prompt | None:
    """Record why the patient skipped."""
    prompt = await own_prompt(session, user=user, prompt_id=prompt_id)
    if prompt is None or reason not in SKIP_REASONS or prompt.response != SKIP_RESPONSE:
        return None
    prompt.skip_reason = reason
    if reason == "pain":
        # The same as a pain stop in a drill: "where does it hurt?" is asked next.
        await store.set_awaiting(session, user_id=user.id, awaiting=AWAITING_PAIN)
    return prompt


async def start_prompt(session: AsyncSession, *, user: User, prompt_id: int) -> Prompt | None:
    """ "Start now" on a prompt: recorded as its answer unless it was answered already;
    None when the prompt is not this user's."""
    prompt = await own_prompt(session, user=user, prompt_id=prompt_id)
    if prompt is not None and prompt.response is None:
        prompt.response = "start"
    return prompt


async def toggle_weekday(
    session: AsyncSession, *, user: User, day: int, now: dt.datetime
) -> Schedule | None:
    """Switch one weekday (Monday = 0) on or off; None when that would leave no day on (or
    there is no schedule)."""
    schedule = await store.get_schedule(session, user_id=user.id)
    mask = (schedule.weekdays if schedule else 0) ^ (1 << day)
    if schedule is None or mask == 0:
        return None
    return await set_weekdays(session, user=user, weekdays=mask, now=now)


def pause_until(user: User, *, days: int, now: dt.datetime) -> dt.date | None:
    """The local date a pause of `days` from the /settings buttons ends (0: until /resume)."""
    if days == 0:
        return None
    return now.astimezone(ZoneInfo(user.timezone or "UTC")).date() + dt.timedelta(days=days)


def local_today(user: User, now: dt.datetime) -> dt.date:
    """The user's local date at `now`."""
    return now.astimezone(ZoneInfo(user.timezone or "UTC")).date()


async def answer_times(
    session: AsyncSession, *, user_id: int, text: str, now: dt.datetime
) -> Schedule | None:
    """Typed reminder times after /settings asked: stored and no longer awaited, or None
    (the question stays open) when `text` is not one to three times. "only 08:00" sets
    exactly those times."""
    user = await store.get_user(session, user_id=user_id)
    only = _ONLY_RE.match(text)
    times = parse_times(text[only.end() :] if only else text)
    if user is None or not times:
        return None
    schedule = await set_times(session, user=user, times=times, now=now, only=bool(only))
    await store.set_awaiting(session, user_id=user_id, awaiting=None)
    return schedule
