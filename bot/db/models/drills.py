"""Guided drills: the session (plan and position) and what happened at each screen."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, text
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field


class DrillStatus(enum.StrEnum):
    """Where a drill session stands; only ACTIVE ones accept button presses."""

    ACTIVE = "active"
    FINISHED = "finished"  # reached the end with an exercise done: a session done
    SKIPPED = "skipped"  # reached the end with every exercise skipped: kept, but not done
    ABORTED = "aborted"  # stopped by the patient (pain)
    SUPERSEDED = "superseded"  # replaced by a newer drill before it ended


class StepEventKind(enum.StrEnum):
    """What happened at one screen of a drill."""

    SHOWN = "shown"
    DONE = "done"
    REPEATED = "repeated"
    SKIPPED = "skipped"  # the patient skipped the rest of this exercise here
    PAIN = "pain"


class DrillSession(SQLModel, table=True):
    """One guided drill: the plan fixed at its start and the current position in it.

    `seq` counts every move; buttons carry it, so a press from an old screen (or the same
    press twice) is recognised and changes nothing.
    """

    __tablename__ = "drill_sessions"
    __table_args__ = (
        Index("ix_drill_sessions_user_started", "user_id", "started_at"),
        # The periodic jobs' exercise days per chunk of patients, from the index alone.
        Index("ix_drill_sessions_user_status_day", "user_id", "status", "local_day"),
        # ... and the last few days across patients (who exercised this week).
        Index("ix_drill_sessions_status_day_user", "status", "local_day", "user_id"),
        # At most one active drill per patient, enforced by the database itself.
        Index(
            "uq_drill_sessions_one_active",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    programme_id: str = Field(sa_column=Column(String(64), nullable=False))
    # The patient's local date when the drill started: the day it counts for.
    local_day: dt.date
    exercises: str = Field(sa_column=Column(String(512), nullable=False))
    exercise_index: int = 0
    step_index: int = 0
    seq: int = 0
    status: str = Field(
        default=DrillStatus.ACTIVE.value, sa_column=Column(String(16), nullable=False)
    )
    end_reason: str | None = Field(default=None, sa_column=Column(String(32)))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    started_at: dt.datetime = utc_field(nullable=False)
    ended_at: dt.datetime | None = utc_field()

    @property
    def exercise_ids(self) -> list[str]:
        """The exercises of this drill, in order."""
        return [e for e in self.exercises.split(",") if e]


class StepEvent(SQLModel, table=True):
    """One thing the patient did at one screen of a drill, timestamped."""

    __tablename__ = "step_events"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("drill_sessions.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    exercise_id: str = Field(sa_column=Column(String(64), nullable=False))
    step_id: str = Field(sa_column=Column(String(64), nullable=False))
    foot: str | None = Field(default=None, sa_column=Column(String(8)))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    at: dt.datetime = utc_field(nullable=False)
