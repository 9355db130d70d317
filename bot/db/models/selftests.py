"""Self-tests: one per sitting, and the answer for each toe."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, text
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field


class SelfTestStatus(enum.StrEnum):
    """A self-test is open until every toe is answered."""

    ACTIVE = "active"
    COMPLETED = "completed"
    ABANDONED = "abandoned"  # replaced by "start over"


class SelfTest(SQLModel, table=True):
    """One self-test: seated, barefoot, each toe of each foot lifted alone."""

    __tablename__ = "self_tests"
    __table_args__ = (
        Index("ix_self_tests_user_started", "user_id", "started_at"),
        # The periodic jobs' completed tests per chunk of patients (no-improvement, prompt).
        Index("ix_self_tests_user_status_completed", "user_id", "status", "completed_at"),
        # Who completed a test since an instant, across patients (the no-improvement run).
        Index("ix_self_tests_status_completed_user", "status", "completed_at", "user_id"),
        Index(
            "uq_self_tests_one_active",
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
    status: str = Field(
        default=SelfTestStatus.ACTIVE.value, sa_column=Column(String(16), nullable=False)
    )
    # Bumped by every answer: buttons carry it, so old or doubled presses change nothing.
    seq: int = 0
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    started_at: dt.datetime = utc_field(nullable=False)
    completed_at: dt.datetime | None = utc_field()


class SelfTestAnswer(SQLModel, table=True):
    """The answer for one toe of one foot in one self-test."""

    __tablename__ = "self_test_answers"
    __table_args__ = (
        Index("uq_self_test_answers_toe", "test_id", "foot", "toe", unique=True),
        # A test's score counted from the index alone (the periodic jobs, per chunk).
        Index("ix_self_test_answers_test_foot_answer", "test_id", "foot", "answer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    test_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("self_tests.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    foot: str = Field(sa_column=Column(String(8), nullable=False))
    toe: int
    answer: str = Field(sa_column=Column(String(16), nullable=False))
    answered_at: dt.datetime = utc_field(nullable=False)
