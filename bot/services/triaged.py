"""Which warning sign was already handled for a message, so an edited message that repeats
it gets no second escalation (an edit with a different sign is handled as new)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import TriagedMessage
from bot.domain.triage import Assessment

_OUTCOME_CHARS = 440


def outcome_of(assessment: Assessment) -> str:
    """The part of an assessment that makes two warnings "the same": level, flags, ask."""
    ask = ":ask" if assessment.ask else ""
    return f"{assessment.level.name_lower}:{','.join(assessment.flags)}{ask}"[:_OUTCOME_CHARS]


async def already_handled(
    session: AsyncSession, *, user_id: int, chat_id: int, message_id: int, outcome: str
) -> bool:
    """Was this very outcome already handled for the message?"""
    row = await session.get(TriagedMessage, (chat_id, message_id))
    return row is not None and row.user_id == user_id and row.outcome == outcome


async def remember(
    session: AsyncSession,
    *,
    user_id: int,
    chat_id: int,
    message_id: int,
    outcome: str,
    now: dt.datetime,
) -> None:
    """Record `outcome` as the one last handled for the message."""
    row = await session.get(TriagedMessage, (chat_id, message_id))
    if row is None:
        session.add(
            TriagedMessage(
                chat_id=chat_id, message_id=message_id, user_id=user_id, outcome=outcome, at=now
            )
        )
    else:
        row.outcome, row.at = outcome, now
