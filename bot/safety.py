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
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.checkin import ITEMS, NONE_OF_THESE
from bot.content import RedFlagContent
from bot.models import Checkin, Escalation, User
from bot.triage import BEFAST, Assessment, Level

log = logging.getLogger(__name__)

# How long after an unconfirmed emergency/urgent escalation the one reminder goes out.
REMIND_AFTER = dt.timedelta(hours=2)
MAX_TEXT_STORED = 4096


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


def render_advice(assessment: Assessment, content: RedFlagContent) -> str:
    """Echo what was understood, the level's action, and the way out (SAFETY.md's rules)."""
    lines: list[str] = []
    seen: set[str] = set()
    for evidence in assessment.evidence:
        template = content.echo.get(evidence.flag)
        # One echo per flag and per quote: the same words twice read like a glitch.
        if template is None or evidence.flag in seen or evidence.words in seen:
            continue
        seen.update({evidence.flag, evidence.words})
        lines.append(template.format(words=html.escape(evidence.words, quote=False)))
        if len(lines) == 2:  # two echoes say enough; more would bury the action
            break
    advice = content.advice[assessment.level.name_lower]
    # The action comes first: it is the one thing the patient must not miss.
    return "\n\n".join([advice, *lines, content.way_out])


def render_raised(content: RedFlagContent, level: Level, reason: str) -> str:
    """Advice for a level reached by an answer (e.g. a BE-FAST "yes"), with `reason` as the
    echo line (already rendered, HTML-safe)."""
    return "\n\n".join([content.advice[level.name_lower], reason, content.way_out])


def render_signs(content: RedFlagContent, intro: str, outro: str) -> str:
    """The list of warning signs, for hypotheticals and questions about someone else."""
    return "\n".join([intro, *(f"• {sign}" for sign in content.warning_signs), "", outro])


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
    escalation = Escalation(
        user_id=user.id,
        chat_id=user.chat_id,
        source=source.value,
        level=assessment.level.name_lower,
        flags=",".join(assessment.flags),
        evidence="; ".join(f"{e.flag}: {e.words}" for e in assessment.evidence),
        text=text[:MAX_TEXT_STORED] if text is not None else None,
        advice=advice,
        created_at=now,
        pauses_prompts=pauses_prompts(assessment.level),
        follow_up=assessment.follow_up,
    )
    session.add(escalation)
    await session.flush()
    log.info(
        "escalation %s: user %s, level %s, source %s",
        escalation.id,
        user.id,
        escalation.level,
        source.value,
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


async def undelivered(session: AsyncSession, *, limit: int = 50) -> Sequence[Escalation]:
    """Escalations whose advice has not reached the patient yet, oldest first."""
    rows = await session.scalars(
        select(Escalation)
        .where(col(Escalation.delivered_at).is_(None))
        .order_by(col(Escalation.created_at), col(Escalation.id))
        .limit(limit)
    )
    return rows.all()


async def unalerted(session: AsyncSession, *, now: dt.datetime) -> Sequence[Escalation]:
    """Emergency and urgent escalations of linked patients whose therapist was not told yet
    (a failed alert is retried for a day; after that the digest shows it)."""
    rows = await session.scalars(
        select(Escalation)
        .join(User, col(User.id) == col(Escalation.user_id))
        .where(
            col(Escalation.level).in_(["urgent", "emergency"]),
            col(Escalation.therapist_alerted_at).is_(None),
            col(Escalation.created_at) > now - dt.timedelta(days=1),
            col(User.therapist_id).is_not(None),
        )
    )
    return rows.all()


async def open_pauses(session: AsyncSession, *, user_id: int) -> Sequence[Escalation]:
    """Escalations that still pause this user's prompts (emergency/urgent, neither confirmed
    by the patient nor cleared by a therapist), newest first: the therapist's open alerts."""
    rows = await session.scalars(
        select(Escalation)
        .where(
            col(Escalation.user_id) == user_id,
            col(Escalation.pauses_prompts).is_(True),
            col(Escalation.confirmed_at).is_(None),
            col(Escalation.cleared_at).is_(None),
        )
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
        .where(
            col(Escalation.user_id) == escalation.user_id,
            col(Escalation.pauses_prompts).is_(True),
            col(Escalation.confirmed_at).is_(None),
            col(Escalation.cleared_at).is_(None),
        )
        .values(cleared_at=now, cleared_by=by)
    )
    return True


async def reminders_due(session: AsyncSession, *, now: dt.datetime) -> Sequence[Escalation]:
    """Delivered, unconfirmed pausing escalations older than REMIND_AFTER, never reminded."""
    rows = await session.scalars(
        select(Escalation).where(
            col(Escalation.pauses_prompts).is_(True),
            col(Escalation.confirmed_at).is_(None),
            col(Escalation.cleared_at).is_(None),
            col(Escalation.reminded_at).is_(None),
            col(Escalation.delivered_at).is_not(None),
            col(Escalation.created_at) <= now - REMIND_AFTER,
        )
    )
    return rows.all()


async def mark_reminded(session: AsyncSession, *, escalation_id: int, now: dt.datetime) -> None:
    """The one reminder went out: never again for this escalation."""
    await session.execute(
        update(Escalation).where(col(Escalation.id) == escalation_id).values(reminded_at=now)
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
        checkin.selected = ",".join(i for i in ITEMS if i in chosen)
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
