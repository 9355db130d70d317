"""SQLModel tables: the single source of truth for users, their answers and conversation position.

Telegram ids exceed 32 bits, so they are BIGINT. Every timestamp is stored and returned as a
timezone-aware UTC datetime (`UTCDateTime`), on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from bot.domain import reminders as _reminders

# Defined by the pure rules (which cannot import this module); the same class, for the store.
PromptKind = _reminders.PromptKind


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in and out; naive values are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        value = value.astimezone(dt.UTC)
        # SQLite has no time zone type: store naive UTC so string comparison orders correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


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
    consent_at: dt.datetime | None = _ts()
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
    linked_at: dt.datetime | None = _ts()
    # The name the patient's therapist sees, taken from Telegram when they accept the link.
    display_name: str | None = Field(default=None, sa_column=Column(String(128)))
    # When the weekly "time for your self-test" prompt last went out.
    selftest_prompted_at: dt.datetime | None = _ts()
    # A reminder time set by the therapist's invite, applied once the zone is known.
    invited_time: str | None = Field(default=None, sa_column=Column(String(5)))
    # The last update from this user (kept to the hour): what RETENTION_DAYS measures.
    last_seen_at: dt.datetime | None = _ts()
    created_at: dt.datetime = _ts(nullable=False)
    updated_at: dt.datetime = _ts(nullable=False)


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
    next_due_at: dt.datetime | None = _ts()
    # /pause: no prompts until `resume_on` (a local date) or, when that is None, until /resume.
    paused: bool = False
    resume_on: dt.date | None = None
    # /stop: no prompts at all until the patient sets a time again.
    stopped: bool = False
    # A dispatcher process holds a row while it sends; an expired lease is taken over, so a
    # crashed process delays its prompts by one lease at most and loses none.
    lease_until: dt.datetime | None = _ts()
    lease_owner: str | None = Field(default=None, sa_column=Column(String(64)))
    created_at: dt.datetime = _ts(nullable=False)
    updated_at: dt.datetime = _ts(nullable=False)


class DrillStatus(enum.StrEnum):
    """Where a drill session stands; only ACTIVE ones accept button presses."""

    ACTIVE = "active"
    FINISHED = "finished"
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
    started_at: dt.datetime = _ts(nullable=False)
    ended_at: dt.datetime | None = _ts()

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
    at: dt.datetime = _ts(nullable=False)


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
    started_at: dt.datetime = _ts(nullable=False)
    completed_at: dt.datetime | None = _ts()


class SelfTestAnswer(SQLModel, table=True):
    """The answer for one toe of one foot in one self-test."""

    __tablename__ = "self_test_answers"
    __table_args__ = (Index("uq_self_test_answers_toe", "test_id", "foot", "toe", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    test_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("self_tests.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    foot: str = Field(sa_column=Column(String(8), nullable=False))
    toe: int
    answer: str = Field(sa_column=Column(String(16), nullable=False))
    answered_at: dt.datetime = _ts(nullable=False)


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
    due_at: dt.datetime = _ts(nullable=False)
    local_day: dt.date
    status: str = Field(sa_column=Column(String(16), nullable=False))
    attempts: int = 0
    error: str | None = Field(default=None, sa_column=Column(String(200)))
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    lease_until: dt.datetime | None = _ts()
    sent_at: dt.datetime | None = _ts()
    created_at: dt.datetime = _ts(nullable=False)
    # What the patient did with it: "start", "snooze" or "skip" (with the reason they gave).
    response: str | None = Field(default=None, sa_column=Column(String(16)))
    skip_reason: str | None = Field(default=None, sa_column=Column(String(16)))


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
    created_at: dt.datetime = _ts(nullable=False)
    delivered_at: dt.datetime | None = _ts()
    delivery_attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(String(200)))
    # Emergency and urgent: prompts pause until the patient confirms or a therapist clears.
    pauses_prompts: bool = False
    confirmed_at: dt.datetime | None = _ts()
    reminded_at: dt.datetime | None = _ts()
    cleared_at: dt.datetime | None = _ts()
    cleared_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    therapist_alerted_at: dt.datetime | None = _ts()
    in_digest_at: dt.datetime | None = _ts()
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
    created_at: dt.datetime = _ts(nullable=False)
    answered_at: dt.datetime | None = _ts()


class Therapist(SQLModel, table=True):
    """A physical therapist, enrolled by an admin's invite."""

    __tablename__ = "therapists"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    display_name: str = Field(sa_column=Column(String(64), nullable=False))
    active: bool = True
    created_at: dt.datetime = _ts(nullable=False)
    deactivated_at: dt.datetime | None = _ts()
    # The weekly digest is sent once per week; this is when the last one went out.
    last_digest_at: dt.datetime | None = _ts()


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
    expires_at: dt.datetime = _ts(nullable=False)
    revoked_at: dt.datetime | None = _ts()
    created_at: dt.datetime = _ts(nullable=False)


class InviteAttempt(SQLModel, table=True):
    """A deep-link token that matched no usable invite: counted to throttle guessing."""

    __tablename__ = "invite_attempts"
    __table_args__ = (Index("ix_invite_attempts_user_at", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    at: dt.datetime = _ts(nullable=False)


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
    at: dt.datetime = _ts(nullable=False)


class Confirmation(SQLModel, table=True):
    """A one-use button offered to one user: accept this invite, erase my data, withdraw my
    consent. The button carries `nonce`; it works only for `user_id`, before `expires_at`,
    once (the row is deleted when used)."""

    __tablename__ = "confirmations"

    id: int | None = Field(default=None, primary_key=True)
    nonce: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    action: str = Field(sa_column=Column(String(16), nullable=False))
    # What is confirmed, e.g. the invite id; None for actions on the user themselves.
    ref: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: dt.datetime = _ts(nullable=False)
    expires_at: dt.datetime = _ts(nullable=False)


class AuditEntry(SQLModel, table=True):
    """Who saw or changed what: ids, an action name and a small non-text detail (such as the
    new programme id); never message text or health data."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = _ts(nullable=False, index=True)
    # None: the bot itself (the retention job) or an erased patient.
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    # The patient (or therapist) acted on; set to None when that patient is erased.
    target_user_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    invite_id: int | None = None
    detail: str | None = Field(default=None, sa_column=Column(String(64)))


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
    at: dt.datetime = _ts(nullable=False)


class JobRun(SQLModel, table=True):
    """When a periodic job that must run once across all processes last ran; a process claims
    its turn with one conditional UPDATE of this row."""

    __tablename__ = "job_runs"

    name: str = Field(sa_column=Column(String(32), primary_key=True))
    last_run_at: dt.datetime | None = _ts()
    owner: str | None = Field(default=None, sa_column=Column(String(64)))


class DeliveryStatus(enum.StrEnum):
    """What became of one bot-initiated notice (digest, alert, advice, self-test prompt...)."""

    SENDING = "sending"  # claimed by a process (under a lease) and being sent
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the recipient blocked the bot
    FAILED = "failed"  # refused (400) or given up after retries (429/5xx/network)


class Delivery(SQLModel, table=True):
    """One notice sent through `bot.delivery.notify`: who, what kind, what became of it.

    No message text is stored (it may carry health data); `key` is the idempotency key, unique,
    so two processes sending the same notice insert one row and only the winner sends it.
    """

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_created_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    # None: a notice that may go more than once (recorded, but nothing to deduplicate).
    key: str | None = Field(default=None, sa_column=Column(String(128), unique=True))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    attempts: int = 0
    # A long text goes as several messages: a retry resumes after the parts already sent,
    # if the text is the same (a short hash of it tells; the text itself is never stored).
    parts_sent: int = 0
    text_hash: str | None = Field(default=None, sa_column=Column(String(16)))
    error: str | None = Field(default=None, sa_column=Column(String(200)))
    lease_until: dt.datetime | None = _ts()
    lease_owner: str | None = Field(default=None, sa_column=Column(String(64)))
    created_at: dt.datetime = _ts(nullable=False)
    sent_at: dt.datetime | None = _ts()
