"""Escalations: the advice for a warning sign, stored before it is sent, delivered until it
arrives, and the state that follows (prompts paused, confirmation, BE-FAST questions).

Every path that finds a warning sign (free text, the check-in, a pain stop in a drill, a
skip for pain, the no-improvement rule) comes through `escalate`, so they all store, pause,
remind and alert the same way.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import logging
import re
import weakref
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlmodel import col

from bot.content import RedFlagContent
from bot.db.models import Checkin, Escalation, User, UTCDateTime
from bot.domain.checkin import ITEMS, NONE_OF_THESE, RETIRED
from bot.domain.privacy import AuditAction
from bot.domain.triage import BEFAST, Assessment, Level
from bot.services import audit

log = logging.getLogger(__name__)

# Unconfirmed emergency/urgent advice: the first reminder 2 h after it, then one a day, and
# always one reminder per patient however many escalations are open.
REMIND_AFTER = dt.timedelta(hours=2)
REMIND_EVERY = dt.timedelta(days=1)
MAX_TEXT_STORED = 4096
# Records that could not be stored wait in memory for the outbox job; beyond this many the
# database has been gone too long for memory to be the answer (the oldest are dropped, logged).
MAX_PENDING = 500
# A failed therapist alert is retried for a day; after that the weekly digest shows it.
ALERT_RETRY = dt.timedelta(days=1)

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


def pauses_prompts(level: Level) -> bool:
    """Emergency and urgent advice pauses drill prompts until care is confirmed."""
    return level >= Level.URGENT


class Audience(enum.StrEnum):
    """Who is told about an emergency or urgent escalation besides the patient."""

    THERAPIST = "therapist"  # the patient's own active therapist
    TEAM = "team"  # no active therapist: the admins
    NONE = "none"  # nobody (or not known, e.g. the database could not be read)


def audience_of(*, has_active_therapist: bool, admin_ids: Iterable[int]) -> Audience:
    """The patient's active therapist, else the admins, else nobody."""
    if has_active_therapist:
        return Audience.THERAPIST
    return Audience.TEAM if any(True for _ in admin_ids) else Audience.NONE


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


def render_advice(
    assessment: Assessment, content: RedFlagContent, notice: str | None = None
) -> str:
    """Echo what was understood, the level's action, and the way out (SAFETY.md's rules).

    `notice` (emergency and urgent) says who else was told, or that nobody was: it is part of
    the action paragraph, so it is never promised unless someone is actually alerted."""
    lines: list[str] = []
    seen: set[str] = set()
    # A message not in English was read through an English gloss: quoting the gloss as "you
    # said" would put words in the patient's mouth, so only the action and the way out.
    evidence_to_echo = assessment.evidence if assessment.language == "en" else ()
    for evidence in evidence_to_echo:
        template = content.echo.get(evidence.flag)
        # One echo per flag and per quote: the same words twice read like a glitch.
        if template is None or evidence.flag in seen or evidence.words in seen:
            continue
        seen.update({evidence.flag, evidence.words})
        lines.append(template.format(words=html.escape(evidence.words, quote=False)))
        if len(lines) == 2:  # two echoes say enough; more would bury the action
            break
    advice = _action(content, assessment.level, notice)
    # The action comes first: it is the one thing the patient must not miss.
    return "\n\n".join([advice, *lines, content.way_out])


def _action(content: RedFlagContent, level: Level, notice: str | None) -> str:
    advice = content.advice[level.name_lower]
    return f"{advice} {notice}" if notice else advice


def render_raised(
    content: RedFlagContent, level: Level, reason: str, notice: str | None = None
) -> str:
    """Advice for a level reached by an answer (e.g. a BE-FAST "yes"), with `reason` as the
    echo line (already rendered, HTML-safe)."""
    return "\n\n".join([_action(content, level, notice), reason, content.way_out])


def render_signs(content: RedFlagContent, intro: str, outro: str) -> str:
    """The list of warning signs, for hypotheticals and questions about someone else."""
    return "\n".join([intro, *(f"• {sign}" for sign in content.warning_signs), "", outro])


def draft(
    *,
    user: User,
    source: Source,
    assessment: Assessment,
    advice: str,
    text: str | None,
    now: dt.datetime,
) -> Escalation:
    """The escalation record, not yet stored, with every text sanitised for the driver."""
    return Escalation(
        user_id=user.id,
        chat_id=user.chat_id,
        source=source.value,
        level=assessment.level.name_lower,
        flags=",".join(assessment.flags),
        evidence=sanitise("; ".join(f"{e.flag}: {e.words}" for e in assessment.evidence)),
        text=sanitise(text)[:MAX_TEXT_STORED] if text is not None else None,
        advice=sanitise(advice),
        created_at=now,
        pauses_prompts=pauses_prompts(assessment.level),
        follow_up=assessment.follow_up,
    )


async def escalate(
    session: AsyncSession,
    *,
    user: User,
    source: Source,
    assessment: Assessment,
    advice: str,
    text: str | None,
    now: dt.datetime,
) -> Escalation:
    """Store the escalation (the caller commits before sending anything)."""
    return await store_draft(
        session,
        draft(user=user, source=source, assessment=assessment, advice=advice, text=text, now=now),
    )


async def store_draft(session: AsyncSession, escalation: Escalation) -> Escalation:
    """Store a drafted escalation (a fresh copy, so a failed session never owns the draft)."""
    escalation = Escalation.model_validate(escalation.model_dump(exclude={"id"}))
    session.add(escalation)
    await session.flush()
    log.info(
        "escalation %s: user %s, level %s, source %s",
        escalation.id,
        escalation.user_id,
        escalation.level,
        escalation.source,
    )
    return escalation


async def mark_delivered(session: AsyncSession, *, escalation_id: int, now: dt.datetime) -> None:
    """Telegram accepted the advice."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.id) == escalation_id)
        .values(delivered_at=now, delivery_attempts=col(Escalation.delivery_attempts) + 1)
    )


async def mark_failed(session: AsyncSession, *, escalation_id: int, error: str) -> None:
    """A send failed; the outbox job will try again."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.id) == escalation_id)
        .values(delivery_attempts=col(Escalation.delivery_attempts) + 1, last_error=error[:200])
    )


class PendingRecords:
    """Escalations whose advice went out while the database refused the record, kept in
    this process until the outbox job stores them.

    What a crash in that window loses: these records (text, level, flags, what was sent), the
    therapist alert that follows from them and their BE-FAST questions. The advice itself has
    already reached the patient (or the attempt is in the record once stored, and the outbox
    sends it then). Only ids and levels are ever logged, never the text.
    """

    def __init__(self, limit: int = MAX_PENDING) -> None:
        self._items: deque[Escalation] = deque()
        self._limit = limit
        # Stored escalations whose delivery could not be recorded (id -> when it was sent):
        # without this the outbox would send the same advice a second time.
        self.delivered: dict[int, dt.datetime] = {}

    def add(self, escalation: Escalation) -> None:
        """Keep a record for the next outbox run."""
        if len(self._items) >= self._limit:
            self._items.popleft()
            log.error("pending escalation records over %s: the oldest was dropped", self._limit)
        self._items.append(escalation)
        log.warning(
            "escalation record kept in memory (user %s, level %s): %s pending",
            escalation.user_id,
            escalation.level,
            len(self._items),
        )

    def take(self) -> list[Escalation]:
        """All records waiting, oldest first; whatever fails to store goes `put_back`."""
        items = list(self._items)
        self._items.clear()
        return items

    def put_back(self, items: Sequence[Escalation]) -> None:
        """Records `take`n that still could not be stored, ahead of any newer ones."""
        self._items.extendleft(reversed(items))
        while len(self._items) > self._limit:
            self._items.popleft()
            log.error("pending escalation records over %s: the oldest was dropped", self._limit)

    def __len__(self) -> int:
        return len(self._items)


# Records the database refused, per engine (one per process; one per app in tests), until the
# outbox job stores them.
_PENDING: weakref.WeakKeyDictionary[AsyncEngine, PendingRecords] = weakref.WeakKeyDictionary()


def pending_for(engine: AsyncEngine) -> PendingRecords:
    """The in-memory records waiting for this engine's database."""
    records = _PENDING.get(engine)
    if records is None:
        records = _PENDING[engine] = PendingRecords()
    return records


async def undelivered(session: AsyncSession, *, limit: int = 50) -> Sequence[Escalation]:
    """Escalations whose advice has not reached the patient yet, oldest first."""
    rows = await session.scalars(
        select(Escalation)
        .where(col(Escalation.delivered_at).is_(None))
        .order_by(col(Escalation.created_at), col(Escalation.id))
        .limit(limit)
    )
    return rows.all()


ALERTED_LEVELS = ("urgent", "emergency")


async def unalerted(session: AsyncSession, *, now: dt.datetime) -> Sequence[Escalation]:
    """Emergency and urgent escalations nobody was told about yet, one per patient (the alert
    lists the others): the therapist's, or the admins' when there is no active therapist. A
    failed alert is retried for a day; after that the digest shows it."""
    rows = await session.scalars(
        select(Escalation)
        .where(
            col(Escalation.level).in_(ALERTED_LEVELS),
            col(Escalation.therapist_alerted_at).is_(None),
            col(Escalation.created_at) > now - ALERT_RETRY,
        )
        .order_by(col(Escalation.created_at), col(Escalation.id))
    )
    first: dict[int, Escalation] = {}
    for escalation in rows.all():
        first.setdefault(escalation.user_id, escalation)
    return list(first.values())


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


async def alert_batch(
    session: AsyncSession, *, user_id: int, now: dt.datetime, window: dt.timedelta
) -> list[Escalation]:
    """This patient's escalations one alert should carry now (oldest first; empty when
    there are none, or when they fold into the next alert because one of at least their
    level went out within `window`)."""
    rows = await session.scalars(
        select(Escalation)
        .where(
            col(Escalation.user_id) == user_id,
            col(Escalation.level).in_(ALERTED_LEVELS),
            or_(
                col(Escalation.therapist_alerted_at).is_(None),
                col(Escalation.therapist_alerted_at) > now - window,
            ),
            col(Escalation.created_at) > now - ALERT_RETRY,
        )
        .order_by(col(Escalation.created_at), col(Escalation.id))
    )
    found = list(rows.all())
    pending = [e for e in found if e.therapist_alerted_at is None]
    recent = [Level.parse(e.level) for e in found if e.therapist_alerted_at is not None]
    if not alert_now((Level.parse(e.level) for e in pending), recent):
        return []
    return pending


async def mark_alerted(
    session: AsyncSession, *, escalation_ids: Sequence[int], now: dt.datetime
) -> None:
    """Somebody was told about these escalations (in one message)."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.id).in_(escalation_ids))
        .values(therapist_alerted_at=now)
    )


async def open_pauses(session: AsyncSession, *, user_id: int) -> Sequence[Escalation]:
    """Escalations that still pause this user's prompts (emergency/urgent, neither confirmed
    by the patient nor cleared by a therapist), newest first: the therapist's open alerts."""
    rows = await session.scalars(
        select(Escalation)
        .where(col(Escalation.user_id) == user_id, *_open_pause())
        .order_by(col(Escalation.created_at).desc())
    )
    return rows.all()


async def open_pause(session: AsyncSession, *, user_id: int) -> Escalation | None:
    """The latest escalation that still pauses this user's prompts, if any."""
    pauses = await open_pauses(session, user_id=user_id)
    return pauses[0] if pauses else None


async def confirm(
    session: AsyncSession, *, user: User, escalation_id: int, now: dt.datetime
) -> bool | None:
    """The patient says they sought care: every open pause of theirs ends.

    Returns None when the escalation is not theirs, False when already confirmed.
    """
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None or escalation.user_id != user.id:
        log.warning("user %s tried to confirm escalation %s, not theirs", user.id, escalation_id)
        return None
    if escalation.confirmed_at is not None:
        return False
    await session.execute(
        update(Escalation)
        .where(
            col(Escalation.user_id) == user.id,
            col(Escalation.pauses_prompts).is_(True),
            col(Escalation.confirmed_at).is_(None),
        )
        .values(confirmed_at=now)
    )
    return True


async def clear(session: AsyncSession, *, escalation_id: int, by: int, now: dt.datetime) -> bool:
    """A therapist clears an escalation's pause (the caller checks who may)."""
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None or escalation.cleared_at is not None:
        return False
    await session.execute(
        update(Escalation)
        .where(col(Escalation.user_id) == escalation.user_id, *_open_pause())
        .values(cleared_at=now, cleared_by=by)
    )
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.PAUSE_CLEARED,
        now=now,
        target_user_id=escalation.user_id,
    )
    return True


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


@dataclass(frozen=True)
class ReminderDue:
    """One patient to remind, and the newest open escalation (for the confirm button)."""

    user_id: int
    chat_id: int
    escalation_id: int


async def reminders_due(session: AsyncSession, *, now: dt.datetime) -> list[ReminderDue]:
    """Patients with delivered, unconfirmed, uncleared emergency/urgent advice whose
    reminder is due (`reminder_due`): one entry per patient, however many are open."""
    rows = await session.execute(
        select(
            col(Escalation.user_id),
            func.max(col(Escalation.chat_id)),
            func.max(col(Escalation.id)),
            # The oldest escalation that no reminder covered yet, and the last reminder.
            type_coerce(
                func.min(
                    case(
                        (col(Escalation.reminded_at).is_(None), col(Escalation.created_at)),
                        else_=None,
                    )
                ),
                UTCDateTime(),
            ),
            type_coerce(func.max(col(Escalation.reminded_at)), UTCDateTime()),
        )
        .where(*_open_delivered())
        .group_by(col(Escalation.user_id))
    )
    return [
        ReminderDue(user_id, chat_id, escalation_id or 0)
        for user_id, chat_id, escalation_id, unreminded, last in rows.all()
        if reminder_due(unreminded_since=unreminded, last_reminded=last, now=now)
    ]


def _open_pause() -> tuple[ColumnElement[bool], ...]:
    """An escalation that still pauses prompts: neither confirmed nor cleared."""
    return (
        col(Escalation.pauses_prompts).is_(True),
        col(Escalation.confirmed_at).is_(None),
        col(Escalation.cleared_at).is_(None),
    )


def _open_delivered() -> tuple[ColumnElement[bool], ...]:
    return (*_open_pause(), col(Escalation.delivered_at).is_not(None))


async def mark_reminded(session: AsyncSession, *, user_id: int, now: dt.datetime) -> None:
    """A reminder went out: it covers every escalation of this patient still open."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.user_id) == user_id, *_open_delivered())
        .values(reminded_at=now)
    )


CHECKIN_OPEN, CHECKIN_ANSWERED = "open", "answered"


async def checkin_press(
    session: AsyncSession,
    *,
    user_id: int,
    checkin_id: int,
    seq: int,
    item: str,
    now: dt.datetime,
) -> tuple[str, Checkin | None]:
    """Toggle a check-in item, or close it ("none" / "send").

    Returns ("ok" | "forbidden" | "closed" | "stale", the check-in).
    """
    checkin = await session.get(Checkin, checkin_id)
    if checkin is None or checkin.user_id != user_id:
        log.warning("user %s pressed check-in %s, not theirs", user_id, checkin_id)
        return "forbidden", None
    if checkin.status != CHECKIN_OPEN:
        return "closed", checkin
    if item not in ITEMS and item not in {NONE_OF_THESE, "send"}:
        return "stale", checkin
    claimed = await session.execute(
        update(Checkin)
        .where(
            col(Checkin.id) == checkin_id,
            col(Checkin.seq) == seq,
            col(Checkin.status) == CHECKIN_OPEN,
        )
        .values(seq=col(Checkin.seq) + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return "stale", checkin
    await session.refresh(checkin)
    if item in ITEMS:
        chosen = set(filter(None, checkin.selected.split(","))) ^ {item}
        checkin.selected = ",".join(i for i in ITEMS | RETIRED if i in chosen)
    else:
        checkin.status, checkin.answered_at = CHECKIN_ANSWERED, now
        if item == NONE_OF_THESE:
            checkin.selected = ""
    return "ok", checkin


@dataclass(frozen=True)
class BefastStep:
    """Where a BE-FAST questionnaire stands after an answer."""

    escalation: Escalation
    next_index: int | None  # the question to ask now, or None when finished
    raised_by: int | None  # the question answered yes (emergency), if any
    stale: bool = False


async def befast_answer(
    session: AsyncSession,
    *,
    user: User,
    escalation_id: int,
    index: int,
    yes: bool,
    total: int,
) -> BefastStep | None:
    """Record one BE-FAST answer; None when the escalation is not this user's."""
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None or escalation.user_id != user.id or escalation.follow_up != BEFAST:
        return None
    claimed = await session.execute(
        update(Escalation)
        .where(
            col(Escalation.id) == escalation_id,
            col(Escalation.follow_up_index) == index,
            or_(col(Escalation.follow_up_yes) == "", col(Escalation.follow_up_yes).is_(None)),
        )
        .values(follow_up_index=index + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1 or index >= total:  # type: ignore[attr-defined]
        return BefastStep(escalation, None, None, stale=True)
    await session.refresh(escalation)
    if yes:
        escalation.follow_up_yes = str(index)
        return BefastStep(escalation, None, index)
    following = index + 1 if index + 1 < total else None
    return BefastStep(escalation, following, None)
