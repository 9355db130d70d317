"""What a therapist changed for a patient, and what a patient did that their therapist hears of.

Pure: the kinds, the content key of each one's sentence, and the delivery key that makes a
notice go at most once (a replayed button or a redelivered update carries the same token).
The sending is `bot.delivery.changes`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType


class Change(StrEnum):
    """Something the therapist changed that the patient is told of, in one kind sentence."""

    PROGRAMME = "programme"
    EXERCISES = "exercises"
    TIMES = "times"
    PAUSED = "paused"
    RESUMED = "resumed"
    SAFETY_CLEARED = "safety_cleared"


class PatientEvent(StrEnum):
    """Something a patient did that their therapist is told of (names only, no health data)."""

    JOINED = "joined"
    UNLINKED = "unlinked"
    STOPPED = "stopped"  # withdrew their consent: nothing more is stored or shared
    DELETED = "deleted"  # erased their data
    REMINDERS_STOPPED = "reminders_stopped"  # /stop: no more reminders, still their patient


# Literal keys, one per kind (the content checks find every one; no key is built at run time).
CHANGE_TEXTS: Mapping[Change, str] = MappingProxyType(
    {
        Change.PROGRAMME: "notices.change.programme",
        Change.EXERCISES: "notices.change.exercises",
        Change.TIMES: "notices.change.times",
        Change.PAUSED: "notices.change.paused",
        Change.RESUMED: "notices.change.resumed",
        Change.SAFETY_CLEARED: "notices.change.safety_cleared",
    }
)
# The same sentences naming the new value, where the caller knows it.
PROGRAMME_NAMED = "notices.change.programme_named"
TIMES_NAMED = "notices.change.times_named"

EVENT_TEXTS: Mapping[PatientEvent, str] = MappingProxyType(
    {
        PatientEvent.JOINED: "notices.event.joined",
        PatientEvent.UNLINKED: "notices.event.unlinked",
        # Withdrawing consent and erasing both end the therapist's access, and which of the
        # two the patient chose is theirs to tell: the one "has left" sentence for both.
        PatientEvent.STOPPED: "privacy.patient_left",
        PatientEvent.DELETED: "privacy.patient_left",
        PatientEvent.REMINDERS_STOPPED: "notices.event.reminders_stopped",
    }
)

# The deliveries table's key column holds 128 characters.
_MAX_KEY = 128


def change_key(*, patient_id: int, change: Change, token: str | None) -> str | None:
    """The delivery key of one change notice: None (not deduplicated) without a token; the
    token names the action that caused it (a button press's id, the therapist's message)."""
    return _key(f"change:{patient_id}:{change.value}", token)


def event_key(*, therapist_chat_id: int, event: PatientEvent, token: str | None) -> str | None:
    """The delivery key of one notice to a therapist about a patient's event."""
    return _key(f"event:{therapist_chat_id}:{event.value}", token)


def _key(stem: str, token: str | None) -> str | None:
    if token is None:
        return None
    key = f"{stem}:{token}"
    if len(key) <= _MAX_KEY:
        return key
    # A long token (a dashboard request id) still gives one fixed-length key.
    return f"{stem}:{hashlib.sha256(token.encode()).hexdigest()[:32]}"[:_MAX_KEY]


def times_label(times: Sequence[str]) -> str:
    """Local times as one phrase for a sentence: "08:00" or "08:00, 18:00"."""
    return ", ".join(times)
