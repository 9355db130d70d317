"""Who may see which patient: the one access rule of the chat and the dashboard.

A viewer is an active therapist, a clinic's admin (also a therapist row, `clinic_admin`), or
one of the bot's admins (`ADMIN_IDS`). A therapist sees the patients linked to them; a
clinic admin sees every patient of an active or deactivated therapist of their clinic (and
their own); a bot admin sees everyone. Nobody sees another clinic's patients. Every read and
action on a patient checks `can_view` (or selects through `visible_patients`), so a forged
patient id returns nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import Therapist, User

__all__ = ["Viewer", "can_view", "viewer_for", "visible_patients", "visible_therapist_ids"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Viewer:
    """A person allowed to follow patients, and how far their view reaches."""

    user_id: int
    # One of ADMIN_IDS: every patient, every clinic.
    bot_admin: bool
    # Their active therapist row (None for a bot admin who is not also a therapist).
    therapist: Therapist | None

    @property
    def clinic_id(self) -> int | None:
        """The clinic this viewer belongs to, if any."""
        return self.therapist.clinic_id if self.therapist is not None else None

    @property
    def clinic_admin(self) -> bool:
        """True for an admin of a clinic (sees the whole clinic)."""
        return bool(self.therapist is not None and self.therapist.clinic_admin and self.clinic_id)


async def viewer_for(
    session: AsyncSession, *, user_id: int, admin_ids: Iterable[int]
) -> Viewer | None:
    """The viewer for this Telegram user, or None if they may see no patient at all
    (a patient, a stranger, a deactivated therapist)."""
    therapist = await session.get(Therapist, user_id)
    if therapist is not None and not therapist.active:
        therapist = None
    bot_admin = user_id in set(admin_ids)
    if therapist is None and not bot_admin:
        return None
    return Viewer(user_id=user_id, bot_admin=bot_admin, therapist=therapist)


def visible_therapist_ids(viewer: Viewer) -> Select[int] | None:
    """A subquery of the therapists whose patients this viewer sees; None: all of them."""
    if viewer.bot_admin:
        return None
    if viewer.clinic_admin:
        return select(col(Therapist.user_id)).where(col(Therapist.clinic_id) == viewer.clinic_id)
    return select(col(Therapist.user_id)).where(col(Therapist.user_id) == viewer.user_id)


def visible_patients(viewer: Viewer) -> Select[User]:
    """SELECT of the patients this viewer may see (add order, filters and paging)."""
    query = select(User).where(col(User.therapist_id).is_not(None))
    therapists = visible_therapist_ids(viewer)
    if therapists is not None:
        query = query.where(col(User.therapist_id).in_(therapists.scalar_subquery()))
    return query


async def can_view(session: AsyncSession, *, viewer: Viewer, patient_id: int) -> User | None:
    """The patient, only if this viewer may see them; otherwise None (and logged)."""
    patient = await session.get(User, patient_id)
    if patient is not None and patient.therapist_id is not None:
        if viewer.bot_admin or patient.therapist_id == viewer.user_id:
            return patient
        if viewer.clinic_admin:
            owner = await session.get(Therapist, patient.therapist_id)
            if owner is not None and owner.clinic_id == viewer.clinic_id:
                return patient
    log.warning("user %s was refused access to user %s", viewer.user_id, patient_id)
    return None
