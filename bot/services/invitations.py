"""Invites: the deep links that enrol a therapist or link a patient, resolved, throttled
against guessing, offered to the patient as a one-use accept/decline, and revoked.

A wrong, expired, used-up or revoked link all get the same answer (`Resolution.UNUSABLE`), so
a guesser learns nothing about which tokens exist (`bot.domain.invites`).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db import store
from bot.db.models import (
    Confirmation,
    Consent,
    Invite,
    InviteAttempt,
    InviteKind,
    Role,
    Therapist,
    User,
)
from bot.domain import invites
from bot.domain.invites import Check
from bot.domain.privacy import AuditAction, ConfirmAction
from bot.services import audit, confirmations
from bot.services.therapy import AWAIT_NAME, active_therapist

log = logging.getLogger(__name__)

DEFAULT_INVITE_DAYS = 14


MAX_INVITE_DAYS = 90


MAX_INVITE_USES = 100


class Resolution(enum.StrEnum):
    """What a deep-link token turned out to be (only OK is ever told apart to the user)."""

    OK = "ok"
    UNUSABLE = "unusable"  # unknown, expired, used up or revoked: one answer for all
    THROTTLED = "throttled"


async def create_invite(
    session: AsyncSession,
    *,
    kind: InviteKind,
    created_by: int,
    now: dt.datetime,
    therapist_id: int | None = None,
    programme_id: str | None = None,
    reminder_time: dt.time | None = None,
    days: int = DEFAULT_INVITE_DAYS,
    uses: int = 1,
) -> tuple[Invite, str]:
    """A new invite and its token (the token is returned once and never stored)."""
    if not 1 <= days <= MAX_INVITE_DAYS or not 1 <= uses <= MAX_INVITE_USES:
        raise ValueError("days or uses out of range")
    token = invites.new_token()
    invite = Invite(
        kind=kind.value,
        token_hash=invites.hash_token(token),
        created_by=created_by,
        therapist_id=therapist_id,
        programme_id=programme_id,
        reminder_time=reminder_time.strftime("%H:%M") if reminder_time else None,
        max_uses=uses,
        expires_at=now + dt.timedelta(days=days),
        created_at=now,
    )
    session.add(invite)
    await session.flush()
    await audit.record(
        session,
        actor_id=created_by,
        action=AuditAction.INVITE_CREATED,
        now=now,
        invite_id=invite.id,
        detail=kind.value,
    )
    return invite, token


async def resolve(
    session: AsyncSession, *, token: str, user_id: int, now: dt.datetime
) -> tuple[Resolution, Invite | None]:
    """Look a token up; failures are recorded so guessing gets throttled."""
    if invites.throttled(await _failures(session, user_id=user_id, now=now), now):
        return Resolution.THROTTLED, None
    invite = None
    if invites.valid_payload(token):
        invite = (
            await session.scalars(
                select(Invite).where(col(Invite.token_hash) == invites.hash_token(token))
            )
        ).first()
    usable = invite is not None and (
        invites.check(
            now=now,
            expires_at=invite.expires_at,
            uses=invite.uses,
            max_uses=invite.max_uses,
            revoked_at=invite.revoked_at,
        )
        is Check.OK
    )
    if invite is None or not usable:
        session.add(InviteAttempt(user_id=user_id, at=now))
        return Resolution.UNUSABLE, None
    if invite.kind == InviteKind.PATIENT.value:
        therapist = await active_therapist(session, user_id=invite.therapist_id or 0)
        if therapist is None:
            session.add(InviteAttempt(user_id=user_id, at=now))
            return Resolution.UNUSABLE, None
    return Resolution.OK, invite


async def _use(session: AsyncSession, invite: Invite, now: dt.datetime) -> bool:
    fresh = await session.get(Invite, invite.id, populate_existing=True)
    if (
        fresh is None
        or invites.check(
            now=now,
            expires_at=fresh.expires_at,
            uses=fresh.uses,
            max_uses=fresh.max_uses,
            revoked_at=fresh.revoked_at,
        )
        is not Check.OK
    ):
        return False
    fresh.uses += 1
    return True


class Answer(enum.StrEnum):
    """What became of a press on an invite's accept or decline button."""

    LINKED = "linked"
    DECLINED = "declined"
    UNUSABLE = "unusable"  # a real button, but the invite can no longer be used
    REFUSED = "refused"  # forged, someone else's, replayed, expired or throttled


async def _failures(session: AsyncSession, *, user_id: int, now: dt.datetime) -> list[dt.datetime]:
    rows = await session.scalars(
        select(col(InviteAttempt.at)).where(
            col(InviteAttempt.user_id) == user_id,
            col(InviteAttempt.at) > now - invites.GUESS_WINDOW,
        )
    )
    return list(rows.all())


async def offer_patient_invite(
    session: AsyncSession, *, user_id: int, invite: Invite, now: dt.datetime
) -> str:
    """The nonce for the accept/decline buttons shown to this user for this invite: only
    they can press them, once, within the hour (see `bot.services.confirmations`)."""
    return await confirmations.offer(
        session, user_id=user_id, action=ConfirmAction.INVITE, ref=invite.id, now=now
    )


async def answer_patient_invite(
    session: AsyncSession,
    *,
    user_id: int,
    nonce: str,
    accept: bool,
    display_name: str,
    now: dt.datetime,
) -> tuple[Answer, Therapist | None]:
    """A press on an invite's buttons: linked or declined only through the confirmation this
    user was shown when they opened the link. A refusal is logged (ids only) and counted
    like a wrong token, so pressing guessed buttons gets throttled too."""
    refused = invites.throttled(await _failures(session, user_id=user_id, now=now), now)
    row = (
        None
        if refused
        else await confirmations.redeem(
            session, nonce=nonce, user_id=user_id, action=ConfirmAction.INVITE, now=now
        )
    )
    # The user row exists: the confirmation was offered after /start stored it.
    user = await session.get(User, user_id) if row is not None else None
    if row is None or row.ref is None or user is None:
        session.add(InviteAttempt(user_id=user_id, at=now))
        await audit.record(session, actor_id=user_id, action=AuditAction.INVITE_REFUSED, now=now)
        log.warning("user %s was refused an invite answer", user_id)
        return Answer.REFUSED, None
    # The link opened twice shows two screens: answering one answers both.
    await session.execute(
        delete(Confirmation).where(
            col(Confirmation.user_id) == user_id,
            col(Confirmation.action) == ConfirmAction.INVITE.value,
        )
    )
    if not accept:
        return Answer.DECLINED, None
    therapist = await accept_patient_invite(
        session, user=user, invite_id=int(row.ref), display_name=display_name, now=now
    )
    if therapist is None:
        return Answer.UNUSABLE, None
    await audit.record(
        session,
        actor_id=user.id,
        action=AuditAction.INVITE_ACCEPTED,
        now=now,
        target_user_id=therapist.user_id,
        invite_id=int(row.ref),
    )
    return Answer.LINKED, therapist


async def accept_patient_invite(
    session: AsyncSession, *, user: User, invite_id: int, display_name: str, now: dt.datetime
) -> Therapist | None:
    """Link the patient to the invite's therapist (consent given by accepting); None if the
    invite can no longer be used."""
    invite = await session.get(Invite, invite_id)
    if (
        invite is None
        or invite.kind != InviteKind.PATIENT.value
        or not await _use(session, invite, now)
    ):
        return None
    therapist = await active_therapist(session, user_id=invite.therapist_id or 0)
    if therapist is None:
        return None
    if user.consent != Consent.GIVEN.value:
        await store.record_consent(session, user=user, given=True, now=now)
    user.therapist_id = therapist.user_id
    user.linked_at = now
    user.display_name = display_name[:128]
    if invite.programme_id:
        user.programme_id = invite.programme_id
    if invite.reminder_time:
        user.invited_time = invite.reminder_time
        if user.timezone is not None:
            await store.set_reminder_time(
                session, user=user, at=dt.time.fromisoformat(invite.reminder_time), now=now
            )
    user.updated_at = now
    return therapist


async def accept_therapist_invite(
    session: AsyncSession, *, user: User, invite_id: int, display_name: str, now: dt.datetime
) -> Therapist | None:
    """Make the user a therapist under `display_name`; None if the invite is unusable."""
    invite = await session.get(Invite, invite_id)
    if (
        invite is None
        or invite.kind != InviteKind.THERAPIST.value
        or not await _use(session, invite, now)
    ):
        return None
    therapist = await session.get(Therapist, user.id)
    if therapist is None:
        therapist = Therapist(user_id=user.id, display_name=display_name, created_at=now)
        session.add(therapist)
    therapist.display_name, therapist.active, therapist.deactivated_at = display_name, True, None
    if invite.clinic_id is not None:
        # A clinic's invite: its opener joins that clinic (as its admin if the invite says so).
        therapist.clinic_id, therapist.clinic_admin = invite.clinic_id, invite.clinic_admin
    user.role = Role.THERAPIST.value
    user.updated_at = now
    return therapist


async def open_invites(
    session: AsyncSession, *, created_by: int, now: dt.datetime
) -> Sequence[Invite]:
    """Invites of this creator that can still be used."""
    rows = await session.scalars(
        select(Invite)
        .where(
            col(Invite.created_by) == created_by,
            col(Invite.revoked_at).is_(None),
            col(Invite.expires_at) > now,
            col(Invite.uses) < col(Invite.max_uses),
        )
        .order_by(col(Invite.created_at).desc())
    )
    return rows.all()


async def revoke(session: AsyncSession, *, invite_id: int, by: int, now: dt.datetime) -> bool:
    """Revoke one of your own invites."""
    invite = await session.get(Invite, invite_id)
    if invite is None or invite.created_by != by or invite.revoked_at is not None:
        return False
    invite.revoked_at = now
    await audit.record(
        session, actor_id=by, action=AuditAction.INVITE_REVOKED, now=now, invite_id=invite_id
    )
    return True


async def open_link(
    session: AsyncSession, *, token: str, user_id: int, chat_id: int, now: dt.datetime
) -> tuple[Resolution, Invite | None]:
    """A deep link opened: the user (created on first contact), the invite it names, and for
    a therapist invite the name now awaited."""
    user = await store.get_or_create_user(session, user_id=user_id, chat_id=chat_id, now=now)
    result, invite = await resolve(session, token=token, user_id=user_id, now=now)
    if invite is not None and invite.kind == InviteKind.THERAPIST.value:
        user.awaiting, user.awaiting_ref = AWAIT_NAME, invite.id
    return result, invite


async def become_therapist(
    session: AsyncSession, *, user_id: int, display_name: str, now: dt.datetime
) -> Therapist | None:
    """The invited therapist gave their name: enrolled if their invite still holds."""
    user = await store.get_user(session, user_id=user_id)
    if user is None or user.awaiting != AWAIT_NAME or user.awaiting_ref is None:
        return None
    therapist = await accept_therapist_invite(
        session, user=user, invite_id=user.awaiting_ref, display_name=display_name, now=now
    )
    user.awaiting, user.awaiting_ref = None, None
    return therapist
