"""Users and their consent: who talks to the bot, their answers and conversation position.

Telegram ids exceed 32 bits, so they are BIGINT (here and in every table that names a user).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field


class Consent(enum.StrEnum):
    """Where a user stands on storing their exercise and symptom answers."""

    PENDING = "pending"
    GIVEN = "given"
    REFUSED = "refused"


class OnboardingStep(enum.StrEnum):
    """Which onboarding question is open; `DONE` once all are answered."""

    CONSENT = "consent"
    TIMEZONE = "timezone"
    REMINDER_TIME = "reminder_time"
    # Offered only when the programme has a twice-daily exercise (skippable).
    SECOND_TIME = "second_time"
    DIABETES = "diabetes"
    DONE = "done"


class Role(enum.StrEnum):
    """What a Telegram user is to the bot (admins come from ADMIN_IDS, not from here)."""

    PATIENT = "patient"
    THERAPIST = "therapist"


class User(SQLModel, table=True):
    """A Telegram user who has talked to the bot. Before consent, only the refusal is kept."""

    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    role: str = Field(default=Role.PATIENT.value, sa_column=Column(String(16), nullable=False))
    consent: str = Field(
        default=Consent.PENDING.value, sa_column=Column(String(16), nullable=False)
    )
    consent_at: dt.datetime | None = utc_field()
    onboarding_step: str = Field(
        default=OnboardingStep.CONSENT.value, sa_column=Column(String(32), nullable=False)
    )
    timezone: str | None = Field(default=None, sa_column=Column(String(64)))
    diabetes: bool | None = None
    # False once Telegram says the user blocked the bot: no more prompts are sent.
    active: bool = True
    programme_id: str = Field(default="default", sa_column=Column(String(64), nullable=False))
    # Which free-text answer the bot waits for (e.g. "pain_detail"), and what it refers to
    # (e.g. the drill id): a conversation position like any other, so it survives restarts.
    awaiting: str | None = Field(default=None, sa_column=Column(String(32)))
    awaiting_ref: int | None = Field(default=None, sa_column=Column(BigInteger))
    # The therapist who follows this patient (None: no therapist; the bot works the same).
    therapist_id: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger, ForeignKey("therapists.user_id", ondelete="SET NULL"), index=True
        ),
    )
    linked_at: dt.datetime | None = utc_field()
    # The name the patient's therapist sees, taken from Telegram when they accept the link.
    display_name: str | None = Field(default=None, sa_column=Column(String(128)))
    # When the weekly "time for your self-test" prompt last went out.
    selftest_prompted_at: dt.datetime | None = utc_field()
    # A reminder time set by the therapist's invite, applied once the zone is known.
    invited_time: str | None = Field(default=None, sa_column=Column(String(5)))
    # The last update from this user (kept to the hour): what RETENTION_DAYS measures.
    last_seen_at: dt.datetime | None = utc_field()
    created_at: dt.datetime = utc_field(nullable=False)
    updated_at: dt.datetime = utc_field(nullable=False)


class ConsentEvent(SQLModel, table=True):
    """Every consent answer, given or withdrawn, with its time (the user's consent history)."""

    __tablename__ = "consent_events"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    given: bool
    at: dt.datetime = utc_field(nullable=False)
