"""One-use confirmation buttons bound to one user: offered when the screen is shown, redeemed
once by that user before they expire. A button carries only the random nonce, so its data
cannot be guessed, replayed by someone else or used twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import Confirmation
from bot.domain.privacy import CONFIRM_TTL, ConfirmAction, new_nonce, valid_nonce

log = logging.getLogger(__name__)


async def offer(
    session: AsyncSession,
    *,
    user_id: int,
    action: ConfirmAction,
    now: dt.datetime,
    ref: int | None = None,
) -> str:
    """Store a confirmation for this user and return the nonce its button carries."""
    nonce = new_nonce()
    session.add(
        Confirmation(
            nonce=nonce,
            user_id=user_id,
            action=action.value,
            ref=ref,
            created_at=now,
            expires_at=now + CONFIRM_TTL[action],
        )
    )
    await session.flush()
    return nonce


async def redeem(
    session: AsyncSession, *, nonce: str, user_id: int, action: ConfirmAction, now: dt.datetime
) -> Confirmation | None:
    """The confirmation, used up, if it exists, is this user's, is for `action` and has not
    expired; otherwise None (logged with ids only). A press by someone else leaves the row
    for its owner; an expired one is dropped."""
    row = (
        (
            await session.scalars(select(Confirmation).where(col(Confirmation.nonce) == nonce))
        ).first()
        if valid_nonce(nonce)
        else None
    )
    if row is None or row.user_id != user_id or row.action != action.value:
        log.warning(
            "user %s pressed a confirmation button (%s) that is not theirs (%s)",
            user_id,
            action.value,
            "unknown" if row is None else f"confirmation {row.id}",
        )
        return None
    if row.expires_at <= now:
        log.info("user %s pressed expired confirmation %s", user_id, row.id)
        await session.execute(delete(Confirmation).where(col(Confirmation.id) == row.id))
        return None
    # One use, even when two presses race: only the one whose DELETE removed the row goes on.
    result = await session.execute(delete(Confirmation).where(col(Confirmation.id) == row.id))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return row


async def forget_expired(session: AsyncSession, *, now: dt.datetime) -> None:
    """Housekeeping: drop confirmations nobody can use any more."""
    await session.execute(delete(Confirmation).where(col(Confirmation.expires_at) <= now))
