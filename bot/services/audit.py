"""The audit log: who saw or changed what, as ids, an action name and a small non-text
detail. Written in the same transaction as the change it records; read by admins (/audit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import AuditEntry
from bot.domain.privacy import AuditAction

DETAIL_CHARS = 64


async def record(
    session: AsyncSession,
    *,
    actor_id: int | None,
    action: AuditAction,
    now: dt.datetime,
    target_user_id: int | None = None,
    invite_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add one audit line (callers pass ids and codes only, never text a person wrote)."""
    session.add(
        AuditEntry(
            **_line(
                actor_id=actor_id,
                action=action,
                now=now,
                target_user_id=target_user_id,
                invite_id=invite_id,
                detail=detail,
            )
        )
    )


async def record_lines(
    session: AsyncSession,
    *,
    count: int,
    action: AuditAction,
    now: dt.datetime,
    detail: str | None = None,
) -> None:
    """Add `count` identical lines with no actor or target (erasures: one line a patient, no
    id), in one multi-row INSERT rather than one statement a line."""
    if count < 1:
        return
    row = _line(
        actor_id=None, action=action, now=now, target_user_id=None, invite_id=None, detail=detail
    )
    await session.execute(insert(AuditEntry), [row] * count)


def _line(
    *,
    actor_id: int | None,
    action: AuditAction,
    now: dt.datetime,
    target_user_id: int | None,
    invite_id: int | None,
    detail: str | None,
) -> dict[str, Any]:
    """One audit line's values, its detail cut to the column."""
    return {
        "at": now,
        "actor_id": actor_id,
        "action": action.value,
        "target_user_id": target_user_id,
        "invite_id": invite_id,
        "detail": detail[:DETAIL_CHARS] if detail else None,
    }


async def latest(
    session: AsyncSession, *, limit: int, offset: int = 0
) -> tuple[Sequence[AuditEntry], int]:
    """One page of the log, newest first, and how many entries there are in all."""
    total = await session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    rows = await session.scalars(
        select(AuditEntry)
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .limit(limit)
        .offset(offset)
    )
    return rows.all(), int(total)


async def anonymise(session: AsyncSession, *, user_ids: Sequence[int]) -> None:
    """Erased patients: their ids leave every line (what was done, when, by whom stays).

    Two UPDATEs for the whole list, not two per patient: retention erases hundreds at once."""
    ids = list(user_ids)
    if not ids:
        return
    await session.execute(
        update(AuditEntry)
        .where(col(AuditEntry.target_user_id).in_(ids))
        .values(target_user_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(AuditEntry)
        .where(col(AuditEntry.actor_id).in_(ids))
        .values(actor_id=None)
        .execution_options(synchronize_session=False)
    )
