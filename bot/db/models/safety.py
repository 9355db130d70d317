"""Safety: escalations (warning signs and the advice sent), symptom check-ins and the
messages already triaged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field


class Escalation(SQLModel, table=True):
    """A warning sign and what the bot did about it; stored before any message goes out.

    `advice` is the exact text sent (or to be sent); `delivered_at` stays empty until
    Telegram accepted it, so an outbox job retries until it is delivered.
    """

    __tablename__ = "escalations"
    __table_args__ = (
        Index("ix_escalations_user_created", "user_id", "created_at"),
        Index("ix_escalations_undelivered", "delivered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    source: str = Field(sa_column=Column(String(32), nullable=False))
    level: str = Field(sa_column=Column(String(16), nullable=False))
    flags: str = Field(default="", sa_column=Column(String(400), nullable=False))
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False))
    # The patient's own words (health data: kept in the database only, never logged).
    text: str | None = Field(default=None, sa_column=Column(Text))
    advice: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = utc_field(nullable=False)
    delivered_at: dt.datetime | None = utc_field()
    delivery_attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(String(200)))
    # Emergency and urgent: prompts pause until the patient confirms or a therapist clears.
    pauses_prompts: bool = False
    confirmed_at: dt.datetime | None = utc_field()
    reminded_at: dt.datetime | None = utc_field()
    cleared_at: dt.datetime | None = utc_field()
    cleared_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    therapist_alerted_at: dt.datetime | None = utc_field()
    # A therapist or admin saw the alert and took it on (shown to colleagues).
    acknowledged_at: dt.datetime | None = utc_field()
    acknowledged_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    # Still unacknowledged after ALERT_ADMIN_AFTER_MINUTES: passed to the clinic's admins.
    admins_alerted_at: dt.datetime | None = utc_field()
    in_digest_at: dt.datetime | None = utc_field()
    # A follow-up questionnaire (BE-FAST) in progress: its name, position and the yes keys.
    follow_up: str | None = Field(default=None, sa_column=Column(String(16)))
    follow_up_index: int = 0
    follow_up_yes: str = Field(default="", sa_column=Column(String(200), nullable=False))
    seq: int = 0


class Checkin(SQLModel, table=True):
    """A structured symptom check-in (after a drill or on /symptoms): boxes ticked so far."""

    __tablename__ = "checkins"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    selected: str = Field(default="", sa_column=Column(String(200), nullable=False))
    status: str = Field(default="open", sa_column=Column(String(16), nullable=False))
    seq: int = 0
    drill_id: int | None = None
    created_at: dt.datetime = utc_field(nullable=False)
    answered_at: dt.datetime | None = utc_field()


class TriagedMessage(SQLModel, table=True):
    """The last warning sign handled for one message, so an edit that repeats it is not
    answered again (an edit with a different sign is). Kept for consenting users only."""

    __tablename__ = "triaged_messages"

    # Message ids are per chat: (chat, message) names one message.
    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    message_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # What was handled: the level, the flags and whether the check-in was asked.
    outcome: str = Field(sa_column=Column(String(440), nullable=False))
    at: dt.datetime = utc_field(nullable=False)
