"""SQLModel tables: the single source of truth for users, their answers and conversation position.

Telegram ids exceed 32 bits, so they are BIGINT. Every timestamp is stored and returned as a
timezone-aware UTC datetime (`UTCDateTime`), on SQLite as on PostgreSQL.

The tables live in one module per area; importing this package imports every one of them, so
``SQLModel.metadata`` holds every table (the migrations' env and the delivery code rely on it),
and every name stays importable from ``bot.db.models``.
"""

from __future__ import annotations

from bot.db.models.columns import UTCDateTime
from bot.db.models.drills import DrillSession, DrillStatus, StepEvent, StepEventKind
from bot.db.models.records import (
    AuditEntry,
    Confirmation,
    Delivery,
    DeliveryStatus,
    InboxStatus,
    InboxUpdate,
    JobRun,
)
from bot.db.models.safety import Checkin, Escalation, TriagedMessage
from bot.db.models.schedules import Prompt, PromptKind, PromptStatus, Schedule
from bot.db.models.selftests import SelfTest, SelfTestAnswer, SelfTestStatus
from bot.db.models.therapy import (
    Clinic,
    FootSide,
    Invite,
    InviteAttempt,
    InviteKind,
    MessageDirection,
    PatientNote,
    Prescription,
    Therapist,
    TherapistMessage,
)
from bot.db.models.users import Consent, ConsentEvent, OnboardingStep, Role, User

__all__ = [
    "AuditEntry",
    "Checkin",
    "Clinic",
    "Confirmation",
    "Consent",
    "ConsentEvent",
    "Delivery",
    "DeliveryStatus",
    "DrillSession",
    "DrillStatus",
    "Escalation",
    "FootSide",
    "InboxStatus",
    "InboxUpdate",
    "Invite",
    "InviteAttempt",
    "InviteKind",
    "JobRun",
    "MessageDirection",
    "OnboardingStep",
    "PatientNote",
    "Prescription",
    "Prompt",
    "PromptKind",
    "PromptStatus",
    "Role",
    "Schedule",
    "SelfTest",
    "SelfTestAnswer",
    "SelfTestStatus",
    "StepEvent",
    "StepEventKind",
    "Therapist",
    "TherapistMessage",
    "TriagedMessage",
    "UTCDateTime",
    "User",
]
