"""Reminder schedules and the prompts sent from them."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field
from bot.domain import reminders as _reminders

# Defined by the pure rules (which cannot import this package); the same class, for the store.
PromptKind = _reminders.PromptKind


class Schedule(SQLModel, table=True):
    """A patient's reminder schedule: local times, weekdays and the next due instant (UTC).

    `times` is a comma-separated list of local "HH:MM"; `weekdays` a bitmask, Monday = bit 0.
    The dispatcher reads `next_due_at`; the pure `scheduling` module computes it.
    """

    __tablename__ = "schedules"
    __table_args__ = (Index("ix_schedules_next_due_at", "next_due_at"),)

    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    times: str = Field(sa_column=Column(String(64), nullable=False))
    weekdays: int = Field(default=0b1111111, sa_column=Column(Integer, nullable=False))
    next_due_at: dt.datetime | None = utc_field()
    # /pause: no prompts until `resume_on` (a local date) or, when that is None, until /resume.
    paused: bool = False
    resume_on: dt.date | None = None
    # /stop: no prompts at all until the patient sets a time again.
    stopped: bool = False
    # A dispatcher process holds a row while it sends; an expired lease is taken over, so a
    # crashed process delays its prompts by one lease at most and loses none.
    lease_until: dt.datetime | None = utc_field()
    lease_owner: str | None = Field(default=None, sa_column=Column(String(64)))
    created_at: dt.datetime = utc_field(nullable=False)
    updated_at: dt.datetime = utc_field(nullable=False)


class PromptStatus(enum.StrEnum):
    """What became of a prompt."""

    SCHEDULED = "scheduled"  # a snooze or follow-up waiting for its time
    SENDING = "sending"  # claimed and being sent (recorded before the send)
    SENT = "sent"
    FAILED = "failed"  # gave up after retries
    MISSED = "missed"  # later than the grace window after downtime: not sent
    BLOCKED = "blocked"  # the patient blocked the bot (403)
    SKIPPED = "skipped"  # not sent on purpose: paused, escalation pending, drill already done
    CANCELLED = "cancelled"


class Prompt(SQLModel, table=True):
    """One reminder: due, and then sent, failed, missed or skipped, with the reason.

    The unique (user, kind, due) index makes a duplicate prompt impossible, whichever
    dispatcher process tries to send it.
    """

    __tablename__ = "prompts"
    __table_args__ = (
        Index("uq_prompts_user_kind_due", "user_id", "kind", "due_at", unique=True),
        Index("ix_prompts_status_due", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    due_at: dt.datetime = utc_field(nullable=False)
    local_day: dt.date
    status: str = Field(sa_column=Column(String(16), nullable=False))
    attempts: int = 0
    error: str | None = Field(default=None, sa_column=Column(String(200)))
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    lease_until: dt.datetime | None = utc_field()
    sent_at: dt.datetime | None = utc_field()
    created_at: dt.datetime = utc_field(nullable=False)
    # What the patient did with it: "start", "snooze" or "skip" (with the reason they gave).
    response: str | None = Field(default=None, sa_column=Column(String(16)))
    skip_reason: str | None = Field(default=None, sa_column=Column(String(16)))
