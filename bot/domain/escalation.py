"""Pure escalation rules: where a warning sign came from, what its level sets in motion (a
pause, an alert, the end of a drill), who is told, when alerts fold and reminders fall due,
and how text is made safe to store and to quote to a clinician.

SAFETY.md's wording rules live here as decisions on a `Level`, so the handlers, the jobs and
the service ask one place instead of each comparing levels their own way.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from typing import Final

from bot.domain.triage import Level

# Unconfirmed emergency/urgent advice: the first reminder 2 h after it, then one a day, and
# always one reminder per patient however many escalations are open.
REMIND_AFTER: Final = dt.timedelta(hours=2)
REMIND_EVERY: Final = dt.timedelta(days=1)
# A failed therapist alert is retried for a day; after that the weekly digest shows it.
ALERT_RETRY: Final = dt.timedelta(days=1)
ALERTED_LEVELS: Final = ("urgent", "emergency")

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class Source(enum.StrEnum):
    """Where a warning sign came from."""

    MESSAGE = "message"
    CHECKIN = "checkin"
    PAIN_STOP = "pain_stop"
    PAIN_DETAIL = "pain_detail"
    SKIP_REASON = "skip_reason"
    BEFAST = "befast"
    NO_IMPROVEMENT = "no_improvement"


class Audience(enum.StrEnum):
    """Who is told about an emergency or urgent escalation besides the patient."""

    THERAPIST = "therapist"  # the patient's own active therapist
    TEAM = "team"  # no active therapist: the admins
    NONE = "none"  # nobody (or not known, e.g. the database could not be read)


def pauses_prompts(level: Level) -> bool:
    """Emergency and urgent advice pauses drill prompts until care is confirmed."""
    return level >= Level.URGENT


def alerts_someone(level: Level) -> bool:
    """Emergency and urgent escalations are told at once to the therapist (or the admins)."""
    return level >= Level.URGENT


def ends_drill(level: Level) -> bool:
    """ "Stop this exercise" and "get help now" both end a drill in progress."""
    return level is Level.STOP or level >= Level.URGENT


def befast_wording(level: Level) -> str:
    """The BE-FAST questions follow emergency or urgent advice; their wording matches that
    level and never a lower one."""
    return "emergency" if level >= Level.EMERGENCY else "urgent"


def audience_of(*, has_active_therapist: bool, admin_ids: Iterable[int]) -> Audience:
    """The patient's active therapist, else the admins, else nobody."""
    if has_active_therapist:
        return Audience.THERAPIST
    return Audience.TEAM if any(True for _ in admin_ids) else Audience.NONE


def alert_now(pending: Iterable[Level], recent: Iterable[Level]) -> bool:
    """Send an alert for `pending` escalations now, given the levels already alerted about
    this patient within the folding window: yes if nothing was, or if the new level is
    higher (an emergency after an urgent alert is never held back); otherwise they wait and
    the next alert after the window lists them."""
    top = max(pending, default=None)
    if top is None:
        return False
    already = max(recent, default=None)
    return already is None or top > already


def reminder_due(
    *,
    unreminded_since: dt.datetime | None,
    last_reminded: dt.datetime | None,
    now: dt.datetime,
) -> bool:
    """One patient's reminder is due: REMIND_AFTER after the oldest open escalation not yet
    covered by a reminder, and REMIND_EVERY after the last reminder while any stays open.

    A reminder covers every escalation open at the time, so a newer one was created after the
    last reminder and its first reminder comes at least REMIND_AFTER later: reminders are
    never closer together than that."""
    if unreminded_since is not None and unreminded_since <= now - REMIND_AFTER:
        return True
    return last_reminded is not None and last_reminded <= now - REMIND_EVERY


def sanitise(text: str) -> str:
    """Text every database driver accepts: lone surrogates (from a client's broken UTF-16)
    become U+FFFD and NUL bytes (PostgreSQL refuses them) are dropped."""
    return _SURROGATE_RE.sub("\ufffd", text).replace("\x00", "")


def defang(text: str) -> str:
    """Patient text quoted to a clinician, with links made unclickable by the convention of
    security advisories ("hxxps://example[.]com", "name[@]mail"): Telegram auto-links URLs,
    bare domains and @mentions in any text, link previews off or not, so the link itself
    has to be broken, and this spelling stays readable to a human."""
    text = re.sub(r"(?i)\bhttp(s?)(?=:)", r"hxxp\1", text)
    text = re.sub(r"(?i)\bftp(?=:)", "fxp", text)
    # A dot between a letter or digit and a letter: domains (TLDs start with a letter) but
    # not decimals ("38.5").
    text = re.sub(r"(?<=[^\W_])\.(?=[^\W\d_])", "[.]", text)
    return text.replace("@", "[@]")
