"""The structured check-in's ticks and the BE-FAST questions: each press claimed once
(a sequence number), so a double tap or an old button never counts twice."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import Checkin, Escalation, User
from bot.domain.checkin import ITEMS, NONE_OF_THESE, RETIRED
from bot.domain.triage import BEFAST

log = logging.getLogger(__name__)

CHECKIN_OPEN, CHECKIN_ANSWERED = "open", "answered"


async def checkin_press(
    session: AsyncSession,
    *,
    user_id: int,
    checkin_id: int,
    seq: int,
    item: str,
    now: dt.datetime,
) -> tuple[str, Checkin | None]:
    """Toggle a check-in item, or close it ("none" / "send").

    Returns ("ok" | "forbidden" | "closed" | "stale", the check-in).
    """
    checkin = await session.get(Checkin, checkin_id)
    if checkin is None or checkin.user_id != user_id:
        log.warning("user %s pressed check-in %s, not theirs", user_id, checkin_id)
        return "forbidden", None
    if checkin.status != CHECKIN_OPEN:
        return "closed", checkin
    if item not in ITEMS and item not in {NONE_OF_THESE, "send"}:
        return "stale", checkin
    claimed = await session.execute(
        update(Checkin)
        .where(
            col(Checkin.id) == checkin_id,
            col(Checkin.seq) == seq,
            col(Checkin.status) == CHECKIN_OPEN,
        )
        .values(seq=col(Checkin.seq) + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return "stale", checkin
    await session.refresh(checkin)
    if item in ITEMS:
        chosen = set(filter(None, checkin.selected.split(","))) ^ {item}
        checkin.selected = ",".join(i for i in ITEMS | RETIRED if i in chosen)
    else:
        checkin.status, checkin.answered_at = CHECKIN_ANSWERED, now
        if item == NONE_OF_THESE:
            checkin.selected = ""
    return "ok", checkin


@dataclass(frozen=True)
class BefastStep:
    """Where a BE-FAST questionnaire stands after an answer."""

    escalation: Escalation
    next_index: int | None  # the question to ask now, or None when finished
    raised_by: int | None  # the question answered yes (emergency), if any
    stale: bool = False


async def befast_answer(
    session: AsyncSession,
    *,
    user: User,
    escalation_id: int,
    index: int,
    yes: bool,
    total: int,
) -> BefastStep | None:
    """Record one BE-FAST answer; None when the escalation is not this user's."""
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None or escalation.user_id != user.id or escalation.follow_up != BEFAST:
        return None
    claimed = await session.execute(
        update(Escalation)
        .where(
            col(Escalation.id) == escalation_id,
            col(Escalation.follow_up_index) == index,
            or_(col(Escalation.follow_up_yes) == "", col(Escalation.follow_up_yes).is_(None)),
        )
        .values(follow_up_index=index + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1 or index >= total:  # type: ignore[attr-defined]
        return BefastStep(escalation, None, None, stale=True)
    await session.refresh(escalation)
    if yes:
        escalation.follow_up_yes = str(index)
        return BefastStep(escalation, None, index)
    following = index + 1 if index + 1 < total else None
    return BefastStep(escalation, following, None)


async def open_checkin(
    session: AsyncSession, *, user_id: int, drill_id: int | None, now: dt.datetime
) -> Checkin:
    """A new structured check-in, stored before it is shown (its ticks are stored as made)."""
    checkin = Checkin(user_id=user_id, drill_id=drill_id, created_at=now)
    session.add(checkin)
    await session.flush()
    return checkin
