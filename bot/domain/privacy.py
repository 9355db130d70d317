"""Pure rules for patients' data rights and accountability: safe spreadsheet cells, the audit
actions, one-use confirmation codes and the retention cut-off.

No database and no Telegram here; the services (`bot.services.audit`, `bot.services.data_requests`,
`bot.services.confirmations`) apply these rules.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import secrets
from typing import Final

# OWASP "CSV injection": a cell starting with one of these is a formula to Excel/LibreOffice.
FORMULA_STARTS: Final = frozenset("=+-@\t\r")
# Confirmation codes carried by buttons: 96 random bits, base64url, 16 characters.
NONCE_BYTES: Final = 12
NONCE_RE: Final = re.compile(r"^[A-Za-z0-9_-]{16}$")


def safe_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula (OWASP's rule): text starting with
    = + - @ tab or carriage return, also after leading whitespace, gets a leading single
    quote. Numbers and empty cells are left as they are."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class AuditAction(enum.StrEnum):
    """Who saw or changed what (the audit log stores ids and these names, never text)."""

    PATIENT_VIEWED = "patient_viewed"  # detail: what was seen (detail, charts)
    PROGRAMME_SET = "programme_set"  # detail: the new programme id
    PRESCRIPTION_SET = "prescription_set"  # detail: the prescribed exercise ids, or "none"
    TIME_SET = "time_set"  # detail: the new local time
    REMINDERS_PAUSED = "reminders_paused"
    REMINDERS_RESUMED = "reminders_resumed"
    PAUSE_CLEARED = "pause_cleared"  # an alert pause cleared by the therapist
    MESSAGE_SENT = "message_sent"  # a therapist's message to a patient (never its words)
    EXPORTED = "exported"  # detail: how many patients
    INVITE_CREATED = "invite_created"  # detail: the invite kind
    INVITE_REVOKED = "invite_revoked"
    INVITE_ACCEPTED = "invite_accepted"
    INVITE_REFUSED = "invite_refused"  # a forged, replayed or expired accept button
    THERAPIST_DEACTIVATED = "therapist_deactivated"
    DATA_REQUESTED = "data_requested"  # a patient's own /mydata
    CONSENT_WITHDRAWN = "consent_withdrawn"
    RECORD_ERASED = "record_erased"  # detail: "request" or "retention"; no id is kept
    CLINIC_CREATED = "clinic_created"  # detail: the clinic id
    THERAPIST_MOVED = "therapist_moved"  # detail: the clinic id (":admin" as its admin)
    PATIENT_REASSIGNED = "patient_reassigned"  # detail: the new therapist id, or "unlinked"
    ALERT_ACKNOWLEDGED = "alert_acknowledged"  # detail: the escalation id
    NOTE_ADDED = "note_added"  # a therapist's private note on a patient (never its words)


class ConfirmAction(enum.StrEnum):
    """What a one-use confirmation button confirms."""

    INVITE = "invite"  # accept a patient invite (ref: the invite id)
    DELETE = "delete"  # erase everything about me
    WITHDRAW = "withdraw"  # withdraw consent


# How long a confirmation button stays valid after it was shown.
CONFIRM_TTL: Final = {
    ConfirmAction.INVITE: dt.timedelta(hours=1),
    ConfirmAction.DELETE: dt.timedelta(minutes=15),
    ConfirmAction.WITHDRAW: dt.timedelta(minutes=15),
}


def new_nonce() -> str:
    """A fresh, unguessable code for one confirmation button."""
    return secrets.token_urlsafe(NONCE_BYTES)


def valid_nonce(value: str) -> bool:
    """True if `value` has the shape of a code `new_nonce` makes."""
    return bool(NONCE_RE.match(value))


def retention_cutoff(now: dt.datetime, days: int | None) -> dt.datetime | None:
    """Records with no activity since this instant are due for deletion (None: keep all)."""
    if days is None:
        return None
    if now.tzinfo is None:
        raise ValueError("retention needs an aware datetime")
    return now - dt.timedelta(days=days)


def due(*, last_run: dt.datetime | None, now: dt.datetime, every: dt.timedelta) -> bool:
    """A periodic job's turn has come: never run, or last run at least `every` ago."""
    return last_run is None or now - last_run >= every
