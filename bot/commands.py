"""The bot's command menu: which commands Telegram shows, in order.

One list, read by the composition root (which sets the menu with `setMyCommands`) and by the
content checks (every command needs a `common.commands.<name>` description); pure, so the
content package can import it without pulling in Telegram.

The menu is every command a patient uses. The staff commands (therapists' and admins') are
registered too but kept out of the menu every patient sees: they answer "not for you" to a
patient, and a therapist is told theirs when made one (`therapist.therapist_welcome`).
`tests/unit/test_commands.py` checks that every registered command is in one list of two.
"""

from __future__ import annotations

from typing import Final

COMMANDS: Final[tuple[str, ...]] = (
    "today",
    "exercises",
    "selftest",
    "progress",
    "symptoms",
    "settings",
    "pause",
    "resume",
    "stop",
    "unlink",
    "mydata",
    "delete",
    "start",
    "help",
)

# Registered in `handlers/__init__.py` but not in the patients' menu: therapists' (invite,
# invites, timezone, patients, export, dashboard) and admins' (newtherapist, therapists,
# audit: the audit log of everyone's data, not a patient's own; newclinic, clinics, movetherapist);
# alerts is every staff member's (therapists, clinic admins, admins).
STAFF_COMMANDS: Final[tuple[str, ...]] = (
    "invite",
    "invites",
    "timezone",
    "patients",
    "export",
    "dashboard",
    "newtherapist",
    "therapists",
    "newclinic",
    "clinics",
    "movetherapist",
    "alerts",
    "audit",
)
