"""Therapy: clinics, therapists, the invite links that enrol them and their patients, the
failed attempts at those links, prescriptions, messages between a therapist and a patient, and
a therapist's private notes."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field


class Clinic(SQLModel, table=True):
    """A practice: its admins see every caseload and unanswered alert of its therapists, and
    never another clinic's."""

    __tablename__ = "clinics"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(80), nullable=False))
    created_at: dt.datetime = utc_field(nullable=False)


class Therapist(SQLModel, table=True):
    """A physical therapist (or a clinic's admin), enrolled by an admin's invite."""

    __tablename__ = "therapists"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    display_name: str = Field(sa_column=Column(String(64), nullable=False))
    active: bool = True
    # The IANA zone every time this therapist reads is shown in (None: not asked yet, UTC).
    timezone: str | None = Field(default=None, sa_column=Column(String(64)))
    clinic_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("clinics.id", ondelete="SET NULL"), index=True),
    )
    # A clinic admin sees the clinic's caseloads and gets its unanswered alerts.
    clinic_admin: bool = False
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
    # A therapist invite of a clinic: who accepts it joins that clinic (as its admin if set).
    clinic_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("clinics.id", ondelete="SET NULL"))
    )
    clinic_admin: bool = False
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


class FootSide(enum.StrEnum):
    """Which feet a prescribed exercise is for."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Prescription(SQLModel, table=True):
    """One exercise of a patient's own programme, chosen by their therapist from the library.
    A patient with prescriptions follows them instead of their named programme."""

    __tablename__ = "prescriptions"
    __table_args__ = (UniqueConstraint("patient_id", "exercise_id", name="uq_prescription"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    exercise_id: str = Field(sa_column=Column(String(64), nullable=False))
    feet: str = Field(default=FootSide.BOTH.value, sa_column=Column(String(8), nullable=False))
    repetitions: int = 10
    times_per_day: int = 1
    days_per_week: int = 7
    position: int = 0
    created_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: dt.datetime = utc_field(nullable=False)


class MessageDirection(enum.StrEnum):
    """Who wrote a therapist–patient message."""

    TO_PATIENT = "to_patient"
    TO_THERAPIST = "to_therapist"


class TherapistMessage(SQLModel, table=True):
    """A message between a therapist and their patient, both ways (health data: the database
    only, never logged)."""

    __tablename__ = "therapist_messages"
    __table_args__ = (Index("ix_therapist_messages_patient_at", "patient_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    therapist_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    direction: str = Field(sa_column=Column(String(16), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    # The message this one answers (a patient's reply to their therapist's message).
    reply_to: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("therapist_messages.id", ondelete="SET NULL")),
    )
    created_at: dt.datetime = utc_field(nullable=False)
    delivered_at: dt.datetime | None = utc_field()


class PatientNote(SQLModel, table=True):
    """A therapist's private note on a patient; never shown to the patient."""

    __tablename__ = "patient_notes"
    __table_args__ = (Index("ix_patient_notes_patient_at", "patient_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    author_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = utc_field(nullable=False)
