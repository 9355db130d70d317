"""The escalation workflow: store, advise, alert, follow up, and retry until nothing is lost.

Every path that finds a warning sign (free text, the check-in, a pain stop in a drill, a skip
for pain, a BE-FAST "yes", the no-improvement rule) comes through `escalate`, so they all
store, pause, remind and alert the same way. The record is written before any message goes
out; when the database refuses it the advice goes out all the same and the record waits in
memory (`PendingRecords`) for the outbox run.

Two ways out: the advice to a patient who is writing right now is the handler's own answer in
that chat (`Reply`); everything sent to someone else or later (therapist and admin alerts,
reminders, retries of advice, the no-improvement advice) goes through the `Notifier`, with an
idempotency key so no process sends it twice. No Telegram here: buttons are plain data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import SafetyPress
from bot.clock import Clock
from bot.content import Content
from bot.db.models import DrillSession, Escalation, User
from bot.domain import assessments, slots
from bot.domain.escalation import (
    Audience,
    Source,
    alerts_someone,
    befast_wording,
    ends_drill,
)
from bot.domain.notice import GOT_THROUGH, Buttons, Notice, Notifier, Outcome
from bot.domain.selftest import NoImprovementRule
from bot.domain.triage import BEFAST, Assessment, Level
from bot.services import drills, rules, safety, therapy
from bot.services.alerts import ALERT, alert
from bot.services.safety import PendingRecords

log = logging.getLogger(__name__)

ADVICE, BEFAST_QUESTION, REMINDER = "escalation_advice", "escalation_befast", "escalation_reminder"
# How far before the last run of the no-improvement rule its next one looks for changes.
_JUDGED_SLACK = dt.timedelta(minutes=5)
# The workflow's API (the alert step lives in bot.services.alerts, re-exported here).
__all__ = [
    "ADVICE",
    "ALERT",
    "BEFAST_QUESTION",
    "REMINDER",
    "Advised",
    "Reply",
    "Workflow",
    "advise",
    "advise_no_improvement",
    "alert",
    "befast_question",
    "confirm_buttons",
    "deliver",
    "deliver_many",
    "escalate",
    "remind_all",
    "run_outbox",
    "store_pending",
]

TransactionFactory = Callable[[], AbstractAsyncContextManager[AsyncSession]]


class Reply(Protocol):
    """The handler's answer in the chat the patient is writing in; False when Telegram
    refused it (the handler logs why)."""

    async def __call__(self, text: str, buttons: Buttons = ()) -> bool:
        """Send `text` with `buttons` to the patient now."""
        ...


@dataclass(frozen=True)
class Workflow:
    """What the workflow needs from outside: one transaction per call of `transaction`, the
    clock, the content, the notifier, the records waiting for the database, who to alert."""

    transaction: TransactionFactory
    clock: Clock
    content: Content
    notifier: Notifier
    pending: PendingRecords
    admin_ids: frozenset[int]
    alert_fold: dt.timedelta

    def text(self, key: str, /, **values: object) -> str:
        """A user-facing text from content, values HTML-escaped."""
        return self.content.texts.get(key, **values)


@dataclass(frozen=True)
class Advised:
    """What `advise` did: the escalation (stored, or the record waiting in memory when its
    id is None) and the drill it ended, if one was in progress (its buttons go)."""

    escalation: Escalation
    ended_drill: DrillSession | None


def confirm_buttons(w: Workflow, escalation_id: int) -> Buttons:
    """The "I have sought care" button."""
    return (((w.text("safety.confirm_button"), SafetyPress.confirm(escalation_id).pack()),),)


def befast_question(w: Workflow, escalation_id: int, index: int) -> tuple[str, Buttons]:
    """BE-FAST question `index` and its yes/no buttons."""
    questions = w.content.redflags.befast
    body = w.text(
        "safety.befast_question", number=index + 1, total=len(questions), question=questions[index]
    )
    yes = SafetyPress.befast(escalation_id, index, yes=True).pack()
    no = SafetyPress.befast(escalation_id, index, yes=False).pack()
    return body, (((w.text("safety.befast_yes"), yes), (w.text("safety.befast_no"), no)),)


def _advice(
    w: Workflow,
    assessment: Assessment,
    audience: Audience,
    raised_reason: str | None,
    action: str | None = None,
) -> str:
    # Emergency and urgent advice says who else was told (or that nobody was).
    notice = (
        w.text(f"safety.alert_notice.{audience.value}")
        if alerts_someone(assessment.level)
        else None
    )
    redflags = w.content.redflags
    if raised_reason is not None:
        return safety.render_raised(
            redflags, assessment.level, raised_reason, notice=notice, action=action
        )
    return safety.render_advice(assessment, redflags, notice=notice)


async def advise(
    w: Workflow,
    user: User,
    *,
    source: Source,
    assessment: Assessment,
    text: str | None,
    reply: Reply,
) -> Advised:
    """A warning sign told by a consenting patient: end their drill if the level says so,
    then `escalate` with the advice as the handler's reply."""
    ended = None
    if ends_drill(assessment.level):
        async with w.transaction() as session:
            ended = await drills.abort_active(
                session, user_id=user.id, reason="escalation", now=w.clock()
            )
    escalation = await escalate(
        w, user, source=source, assessment=assessment, text=text, reply=reply
    )
    return Advised(escalation, ended)


async def escalate(
    w: Workflow,
    user: User,
    *,
    source: Source,
    assessment: Assessment,
    text: str | None,
    raised_reason: str | None = None,
    reply: Reply | None = None,
    action: str | None = None,
) -> Escalation:
    """Store, then deliver (by `reply`, else the notifier), then alert: a failed send never
    loses the escalation, and if the record cannot be stored the advice goes out all the same
    and the record follows. Returns the stored escalation, or the record waiting in memory.
    `raised_reason` (and `action`) word the advice for a button pressed rather than words
    typed (`advice.render_raised`); the level is the assessment's either way."""
    now = w.clock()
    try:
        async with w.transaction() as session:
            audience = Audience.NONE
            if alerts_someone(assessment.level):
                audience, _ = await therapy.alert_recipients(
                    session, user_id=user.id, admin_ids=w.admin_ids
                )
            escalation = await safety.escalate(
                session,
                user=user,
                source=source,
                assessment=assessment,
                advice=_advice(w, assessment, audience, raised_reason, action),
                text=text,
                now=now,
            )
    except Exception as exc:  # whatever the database does, advice goes out
        log.warning(
            "escalation of user %s (level %s) not stored (%s): advice sent, record kept",
            user.id,
            assessment.level,
            type(exc).__name__,
        )
        # Who would be alerted is unknown without the database: promise nobody.
        advice = _advice(w, assessment, Audience.NONE, raised_reason, action)
        record = safety.draft(
            user=user, source=source, assessment=assessment, advice=advice, text=text, now=now
        )
        await _deliver_unstored(w, record, reply)
        w.pending.add(record)
        return record
    await deliver(w, escalation, reply=reply)
    if alerts_someone(Level.parse(escalation.level)):
        try:
            await alert(w, escalation)
        except Exception as exc:  # not marked alerted, so the outbox retries
            log.warning("alert for escalation %s failed (%s)", escalation.id, type(exc).__name__)
    return escalation


async def _deliver_unstored(w: Workflow, record: Escalation, reply: Reply | None) -> None:
    # No id yet, so no buttons and no key: the confirmation is offered by the reminders once
    # it is stored, and the BE-FAST questions (for the record only) are not asked.
    record.delivery_attempts = 1
    if reply is not None:
        ok = await reply(record.advice)
    else:
        notice = Notice(record.chat_id, record.advice, kind=ADVICE)
        ok = await w.notifier.send(notice) in GOT_THROUGH
    if ok:
        record.delivered_at = w.clock()
    else:
        record.last_error = "not delivered"


async def deliver(w: Workflow, escalation: Escalation, *, reply: Reply | None = None) -> bool:
    """Send a stored escalation's advice (and the first BE-FAST question it asks for);
    record whether it got through. Without `reply` it goes through the notifier."""
    assert escalation.id is not None
    buttons = confirm_buttons(w, escalation.id) if escalation.pauses_prompts else ()
    if reply is not None:
        outcome = Outcome.SENT if await reply(escalation.advice, buttons) else Outcome.FAILED
    else:
        key = f"escalation:{escalation.id}:advice"
        notice = Notice(
            escalation.chat_id, escalation.advice, kind=ADVICE, key=key, buttons=buttons
        )
        outcome = await w.notifier.send(notice)
    if outcome not in GOT_THROUGH:
        log.warning(
            "escalation %s not delivered (%s); the outbox will retry", escalation.id, outcome.value
        )
        # If even this cannot be written the row stays undelivered: the outbox retries anyway.
        with contextlib.suppress(Exception):
            async with w.transaction() as session:
                await safety.mark_failed(session, escalation_id=escalation.id, error=outcome.value)
        return False
    sent_at = w.clock()
    try:
        async with w.transaction() as session:
            await safety.mark_delivered(session, escalation_id=escalation.id, now=sent_at)
    except Exception as exc:  # any database failure: remember, never resend
        log.warning(
            "delivery of escalation %s not recorded (%s)", escalation.id, type(exc).__name__
        )
        w.pending.delivered[escalation.id] = sent_at
    if escalation.follow_up == BEFAST and escalation.follow_up_index == 0:
        await _ask_befast(w, escalation, reply)
    return True


async def _ask_befast(w: Workflow, escalation: Escalation, reply: Reply | None) -> None:
    assert escalation.id is not None
    intro = w.text(f"safety.befast_intro.{befast_wording(Level.parse(escalation.level))}")
    question, buttons = befast_question(w, escalation.id, 0)
    if reply is not None:
        await reply(intro)
        await reply(question, buttons)
        return
    key = f"escalation:{escalation.id}:befast"
    await w.notifier.send_all(
        [
            Notice(escalation.chat_id, intro, kind=BEFAST_QUESTION, key=f"{key}:intro"),
            Notice(
                escalation.chat_id, question, kind=BEFAST_QUESTION, key=f"{key}:0", buttons=buttons
            ),
        ]
    )


async def store_pending(w: Workflow) -> int:
    """Store the records kept in memory while the database refused them; how many were."""
    for escalation_id, sent_at in list(w.pending.delivered.items()):
        try:
            async with w.transaction() as session:
                await safety.mark_delivered(session, escalation_id=escalation_id, now=sent_at)
        except Exception as exc:  # still down: the next run tries again
            log.warning("delivery records still not stored (%s)", type(exc).__name__)
            return 0
        del w.pending.delivered[escalation_id]
    records = w.pending.take()
    for i, record in enumerate(records):
        try:
            async with w.transaction() as session:
                stored = await safety.store_draft(session, record)
        except Exception as exc:  # still down: keep the rest for the next run
            log.warning(
                "%s escalation records still not stored (%s)", len(records) - i, type(exc).__name__
            )
            w.pending.put_back(records[i:])
            return i
        log.info("escalation %s stored after a database failure", stored.id)
    return len(records)


async def run_outbox(w: Workflow) -> int:
    """Store records kept in memory, then send every missing therapist alert and every
    undelivered escalation's advice once; how many pieces of advice got through."""
    await store_pending(w)
    async with w.transaction() as session:
        pending = list(await safety.undelivered(session, now=w.clock()))
        unalerted = list(await safety.unalerted(session, now=w.clock()))
    for escalation in unalerted:
        await alert(w, escalation)
    # One send_all and one recording transaction for the batch, not one of each per advice.
    return await deliver_many(w, pending)


async def remind_all(w: Workflow) -> int:
    """Send each patient whose follow-up is due one reminder, however many escalations are
    open (2 h after the advice, then daily, until confirmed or cleared); how many went."""
    async with w.transaction() as session:
        due = await safety.reminders_due(session, now=w.clock())
    notices = [
        Notice(
            item.chat_id,
            w.text("safety.reminder"),
            kind=REMINDER,
            # One key per reminder instance, the same in every process running this job.
            key=f"escalation:{item.escalation_id}:reminder:"
            + (item.last_reminded.isoformat() if item.last_reminded else "first"),
            buttons=confirm_buttons(w, item.escalation_id),
        )
        for item in due
    ]
    reminded: list[int] = []
    for item, outcome in zip(due, await w.notifier.send_all(notices), strict=True):
        if outcome not in GOT_THROUGH:
            log.warning("reminder for user %s failed (%s)", item.user_id, outcome.value)
            continue
        reminded.append(item.user_id)
    if reminded:
        # One transaction for the run (batched UPDATEs), not one per patient.
        async with w.transaction() as session:
            await safety.mark_reminded_many(session, user_ids=reminded, now=w.clock())
    return len(reminded)


async def advise_no_improvement(w: Workflow, rule: NoImprovementRule) -> int:
    """Record and send the no-improvement advice where the rule fires; returns how many.

    Judged: the patients whose hour slot came since the last complete run (all of them on a
    first run) and whoever completed a self-test since then (`bot.domain.slots`).

    Set-based: the rule's few queries, one transaction per chunk storing its escalations
    (one multi-row INSERT), the advice through `send_all`, and one transaction recording
    what got through. Running it twice at once is kept out by the job's turn in `job_runs`
    (`bot.delivery.escalations`); run after another, the second finds the advice stored."""
    now = w.clock()
    async with w.transaction() as session:
        last = await rules.judged_at(session)
        # Changes since a little before the last run: a clock a moment behind another
        # process's only judges a few patients twice, which stores nothing twice.
        changed = (
            await rules.changed_since(session, since=last - _JUDGED_SLACK)
            if last is not None
            else set()
        )
        due = await rules.no_improvement_due(
            session, rule=rule, now=now, slots=slots.slots_due(last=last, now=now), also=changed
        )
        if not due:
            await rules.record_judged(session, now=now)
            return 0
    words = w.text("safety.no_improvement_words", weeks=rule.weeks)
    advice = "\n\n".join(
        [w.text("safety.no_improvement", weeks=rule.weeks), w.content.redflags.way_out]
    )
    assessment = assessments.no_improvement(words)
    stored: list[Escalation] = []
    for chunk in rules.chunks(due):
        # The rule read the database just before: a failure here is a real error, and the
        # rule fires again on the next run for whoever was not stored.
        async with w.transaction() as session:
            stored.extend(
                await safety.store_drafts(
                    session,
                    [
                        safety.draft(
                            user=user,
                            source=Source.NO_IMPROVEMENT,
                            assessment=assessment,
                            advice=advice,
                            text=None,
                            now=now,
                        )
                        for user in chunk
                    ],
                )
            )
    # Judged once every advice is stored: a run that fails before this is judged again.
    async with w.transaction() as session:
        await rules.record_judged(session, now=now)
    await deliver_many(w, stored)
    return len(due)


async def deliver_many(w: Workflow, stored: Sequence[Escalation]) -> int:
    """`deliver` for many stored escalations through the notifier: one `send_all`, then one
    transaction recording every outcome; how many got through."""
    notices = [
        Notice(
            e.chat_id,
            e.advice,
            kind=ADVICE,
            key=f"escalation:{e.id}:advice",
            buttons=confirm_buttons(w, e.id) if e.pauses_prompts and e.id is not None else (),
        )
        for e in stored
    ]
    outcomes = await w.notifier.send_all(notices)
    through = [e for e, o in zip(stored, outcomes, strict=True) if o in GOT_THROUGH]
    # In flight elsewhere is neither delivered nor failed: left undelivered, so the next
    # outbox run finds it sent (and marks it) or failed (and sends it).
    failed = [
        (e, o)
        for e, o in zip(stored, outcomes, strict=True)
        if o not in GOT_THROUGH and o is not Outcome.IN_FLIGHT
    ]
    sent_at = w.clock()
    for e, o in failed:
        log.warning("escalation %s not delivered (%s); the outbox will retry", e.id, o.value)
    try:
        async with w.transaction() as session:
            await safety.mark_delivered_many(
                session, escalation_ids=[e.id for e in through if e.id is not None], now=sent_at
            )
            for e, o in failed:
                if e.id is not None:
                    await safety.mark_failed(session, escalation_id=e.id, error=o.value)
    except Exception as exc:  # any database failure: remember, never resend
        log.warning(
            "delivery of %s escalations not recorded (%s)", len(through), type(exc).__name__
        )
        for e in through:
            if e.id is not None:
                w.pending.delivered[e.id] = sent_at
    for e in through:
        if e.follow_up == BEFAST and e.follow_up_index == 0:
            await _ask_befast(w, e, None)
    return len(through)
