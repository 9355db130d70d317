"""The day rules of drills: the patient's local day, what is unlocked, whether to ask first.

Split from `bot.services.drills` (which re-exports these names) because they are queries
that decide *whether and what* to drill, not the walk through a drill: reading a drill's
rows, the self-test and the safety advice, never changing them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.content.exercises import ExerciseCatalog
from bot.db.models import DrillSession, DrillStatus, Escalation, User
from bot.domain import walkthrough
from bot.domain.triage import Level
from bot.services import selftests


def local_today(user: User, now: dt.datetime) -> dt.date:
    """The patient's own calendar date (UTC until they set a zone)."""
    return now.astimezone(ZoneInfo(user.timezone or "UTC")).date()


# The unlock condition band work waits for (an exercise's `unlock` in content).
SELFTEST_IMPROVED = "selftest_improved"


async def unlocked(session: AsyncSession, *, user: User, unlock_all: bool) -> frozenset[str]:
    """Content unlock conditions this user meets: band work once the self-test shows better
    control than at the start, or for everyone when `unlock_all` (the UNLOCK_RESISTANCE
    setting)."""
    if unlock_all or await selftests.control_improved(session, user_id=user.id):
        return frozenset({SELFTEST_IMPROVED})
    return frozenset()


async def pain_stopped_today(session: AsyncSession, *, user: User, now: dt.datetime) -> bool:
    """Whether the patient stopped for pain on their local today (`walkthrough.pain_stop_today`):
    a drill ended by the pain button, or any stop-level advice (a skip for pain, pain typed
    during an exercise)."""
    # Two days back covers every zone's "today"; the domain rule picks the local day.
    since = now - dt.timedelta(days=2)
    drills = await session.scalars(
        select(col(DrillSession.ended_at)).where(
            col(DrillSession.user_id) == user.id,
            col(DrillSession.status) == DrillStatus.ABORTED.value,
            col(DrillSession.end_reason) == "pain",
            col(DrillSession.ended_at) >= since,
        )
    )
    advised = await session.scalars(
        select(col(Escalation.created_at)).where(
            col(Escalation.user_id) == user.id,
            col(Escalation.level) == Level.STOP.name_lower,
            col(Escalation.created_at) >= since,
        )
    )
    stops = [t for t in (*drills.all(), *advised.all()) if t is not None]
    zone = ZoneInfo(user.timezone or "UTC")
    return walkthrough.pain_stop_today(stops, local_today(user, now), zone)


async def exercise_locked(
    session: AsyncSession,
    *,
    user_id: int,
    catalog: ExerciseCatalog,
    exercise_id: str,
    unlock_all: bool,
) -> bool:
    """True when the exercise waits for a condition this user (or a stranger) does not meet."""
    unlock = catalog.exercises[exercise_id].unlock
    if not unlock:
        return False
    user = await session.get(User, user_id)
    met = frozenset() if user is None else await unlocked(session, user=user, unlock_all=unlock_all)
    return unlock not in met
