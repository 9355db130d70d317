"""Therapy: therapists, the invite links that enrol them and their patients, and the
failed attempts at those links."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Column, Index, String
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field


class Therapist(SQLModel, table=True):
    """A physical therapist, enrolled by an admin's invite."""

    __tablename__ = "therapists"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    display_name: str = Field(sa_column=Column(String(64), nullable=False))
    active: bool = True
    created_at: dt.datetime = utc_field(nullable=False)
    deactivated_at: dt.datetime | None = utc_field()
    # The weekly digest is sent once per week; this is when the last one went out.
    last_digest_at: dt.datetime | None = utc_field()


class InviteKind(enum.StrEnum):
    """Who an invite enrols."""

    THERAPIST = "therapist"
    PATIENT = "patient"


class Invite(SQLModel, table=True):
    """An invite link. Only a hash of its token is stored, so the table leaks no usable link."""

    __tablename__ = "invites"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    therapist_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    programme_id: str | None = Field(default=None, sa_column=Column(String(64)))
    reminder_time: str | None = Field(default=None, sa_column=Column(String(5)))
    max_uses: int = 1
    uses: int = 0
    expires_at: dt.datetime = utc_field(nullable=False)
    revoked_at: dt.datetime | None = utc_field()
    created_at: dt.datetime = utc_field(nullable=False)


class InviteAttempt(SQLModel, table=True):
    """A deep-link token that matched no usable invite: counted to throttle guessing."""

    __tablename__ = "invite_attempts"
    __table_args__ = (Index("ix_invite_attempts_user_at", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    at: dt.datetime = utc_field(nullable=False)
