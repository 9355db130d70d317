"""The hand-over: an urgent or emergency alert nobody acknowledged within
ALERT_ADMIN_AFTER_MINUTES goes, once, to the clinic's admins (the bot's admins when the
patient has no clinic admin), with an Acknowledge button. Also the notice to the bot's admins
when a deactivated therapist's patients are left unlinked.

With N processes: the job claims its turn in `job_runs` (`jobs.my_turn`), and every notice
carries a key per escalation and recipient that the delivery path claims once, so two runs
at the same moment send each hand-over once; `Escalation.admins_alerted_at` then keeps later
runs from sending it again. The data is `bot.services.clinics`; the texts are rendered here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from telegram.ext import ContextTypes

from bot.callbacks import AlertPress
from bot.delivery.jobs import my_turn
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain.escalation import defang
from bot.domain.flags import flags_text
from bot.domain.notice import GOT_THROUGH, Notice, Outcome
from bot.domain.timefmt import local_label
from bot.services import clinics

__all__ = [
    "HANDOVER_EVERY",
    "HANDOVER_INTERVAL_S",
    "HANDOVER_JOB",
    "hand_over",
    "handover_job",
    "tell_admins_unlinked",
    "tell_new_therapist",
]

log = logging.getLogger(__name__)

HANDOVER_JOB = "alert-handover"
# The job runs every 5 minutes; its turn a little shorter, so one process's slightly early
# tick still runs while a second process's tick in the same period does not.
HANDOVER_INTERVAL_S = 300
HANDOVER_EVERY = dt.timedelta(seconds=HANDOVER_INTERVAL_S - 30)
QUOTE_CHARS = 300
# A hand-over is settled once a person has it, or every recipient blocked the bot (asking the
# same 403 again every 5 minutes would tell nobody more).
_SETTLED = GOT_THROUGH | {Outcome.BLOCKED}


def _notices(d: Deps, h: clinics.Handover, minutes: int) -> list[Notice]:
    e = h.escalation
    assert e.id is not None
    button = ((d.text("clinic.ack_button", name=h.patient_name), AlertPress("ack", e.id).pack()),)
    out = []
    for chat_id, zone in h.recipients:
        lines = [
            d.text(
                "clinic.handover",
                minutes=minutes,
                level=e.level.upper(),
                name=defang(h.patient_name),
                therapist=h.therapist_name or d.text("clinic.no_therapist_name"),
                time=local_label(e.created_at, zone),
                text=defang(" ".join((e.text or e.evidence).split())[:QUOTE_CHARS]),
                flags=flags_text(d.content.texts, e.flags),
            )
        ]
        if not h.clinic:
            lines.append(d.text("clinic.handover_to_bot_admins"))
        out.append(
            Notice(
                chat_id=chat_id,
                text="\n".join(lines),
                kind="alert_handover",
                key=f"handover:{e.id}:{chat_id}",
                buttons=(button,),
            )
        )
    return out


async def hand_over(d: Deps) -> int:
    """One hand-over run, if this process wins the turn; how many alerts were handed over.

    One read transaction gathers them (three set-based queries), the notifier sends, one
    write marks the settled ones; a failed one is tried again next run."""
    if not await my_turn(d, HANDOVER_JOB, HANDOVER_EVERY):
        return 0
    now = d.now()
    minutes = d.settings.alert_admin_after_minutes
    async with d.transaction() as session:
        due = await clinics.handovers_due(
            session,
            now=now,
            after=dt.timedelta(minutes=minutes),
            admin_ids=d.settings.admin_ids,
        )
    settled: list[int] = []
    for h in due:
        outcomes = await d.notifier.send_all(_notices(d, h, minutes))
        if not GOT_THROUGH.intersection(outcomes):
            log.warning(
                "hand-over of escalation %s reached no admin (%s)",
                h.escalation.id,
                ",".join(sorted({o.value for o in outcomes})),
            )
        if all(o in _SETTLED for o in outcomes) or GOT_THROUGH.intersection(outcomes):
            settled.append(h.escalation.id or 0)
    if settled:
        async with d.transaction() as session:
            await clinics.mark_handed_over(session, escalation_ids=settled, now=d.now())
    return len(settled)


async def handover_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job (every 5 minutes; once across processes): hand unacknowledged alerts over."""
    d: Deps = context.bot_data[BOT_DATA_KEY]
    await hand_over(d)


async def tell_admins_unlinked(
    d: Deps, *, therapist_name: str, patient_names: Sequence[str], key: str
) -> list[Outcome]:
    """Tell the bot's admins that a deactivated therapist's patients are linked to nobody
    (their alerts now come to the admins)."""
    text = d.text(
        "clinic.unlinked_notice",
        name=therapist_name,
        count=len(patient_names),
        names=", ".join(patient_names),
    )
    notices = [
        Notice(chat_id=a, text=text, kind="patients_unlinked", key=f"{key}:{a}")
        for a in sorted(d.settings.admin_ids)
    ]
    return await d.notifier.send_all(notices)


async def tell_new_therapist(
    d: Deps, *, therapist_id: int, from_name: str, patient_names: Sequence[str], key: str
) -> Outcome:
    """Tell the therapist (or clinic admin) who now follows a deactivated colleague's
    patients which ones they are."""
    text = d.text(
        "clinic.patients_received",
        name=from_name,
        count=len(patient_names),
        names=", ".join(patient_names),
    )
    return await d.notifier.send(
        Notice(
            chat_id=therapist_id, text=text, kind="patients_received", key=f"{key}:{therapist_id}"
        )
    )
