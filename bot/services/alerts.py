"""Therapist and admin alerts for emergency and urgent escalations: who is told, in one
message per patient folding repeats within the window, links in the patient's words broken.

Part of the escalation workflow (`bot.services.escalations`), through its notifier.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from bot.db import store
from bot.db.models import Escalation, User
from bot.domain import timefmt
from bot.domain.escalation import Audience, defang
from bot.domain.flags import flags_text
from bot.domain.notice import GOT_THROUGH, Notice, Outcome
from bot.services import safety, therapy

if TYPE_CHECKING:  # the workflow imports this module: only its type is needed here
    from bot.services.escalations import Workflow

log = logging.getLogger(__name__)

ALERT: Final = "escalation_alert"
ALERT_QUOTE_CHARS: Final = 300


def _alert_text(
    w: Workflow,
    patient: User,
    batch: Sequence[Escalation],
    audience: Audience,
    zone: str | None = None,
) -> str:
    """The alert as one recipient reads it: times on their clock (`zone`, their own; None:
    UTC), the zone named; the flags in plain words."""
    newest, earlier = batch[-1], batch[:-1]
    texts = w.content.texts
    action = newest.advice.split("\n", 1)[0]
    lines = [
        w.text(
            "therapist.alert",
            level=newest.level.upper(),
            name=defang(str(patient.display_name or patient.id)),
            time=timefmt.local_label(newest.created_at, zone),
            # The patient's own words, on one line, links broken so none can be tapped.
            text=defang(" ".join((newest.text or newest.evidence).split())[:ALERT_QUOTE_CHARS]),
            flags=flags_text(texts, newest.flags),
            action=re.sub(r"<[^>]+>", "", action),
        )
    ]
    if earlier:
        lines.append(w.text("safety.alert_more_header"))
        lines.extend(
            w.text(
                "safety.alert_more_item",
                time=timefmt.local_label(e.created_at, zone, "%H:%M"),
                level=e.level,
                flags=flags_text(texts, e.flags),
            )
            for e in earlier
        )
    if audience is Audience.TEAM:
        lines.append(w.text("safety.alert_to_team"))
    return "\n".join(lines)


async def _send_alert(
    w: Workflow,
    patient: User,
    batch: Sequence[Escalation],
    audience: Audience,
    recipients: Sequence[int],
    *,
    zones: Mapping[int, str | None],
) -> list[Outcome]:
    key = f"escalation:{batch[-1].id}:alert"
    notices = [
        Notice(
            r, _alert_text(w, patient, batch, audience, zones.get(r)), kind=ALERT, key=f"{key}:{r}"
        )
        for r in recipients
    ]
    outcomes = await w.notifier.send_all(notices)
    for outcome in outcomes:
        if outcome not in GOT_THROUGH:
            log.warning(
                "alert for escalation %s to %s not delivered (%s)",
                batch[-1].id,
                audience.value,
                outcome.value,
            )
    return outcomes


async def alert(w: Workflow, escalation: Escalation) -> bool:
    """Tell a person at once about a patient's emergency or urgent escalations: their active
    therapist, else the admins; alerts within the fold window are folded into one. A
    therapist who blocked the bot cannot be told, so the admins are, in the same run."""
    now = w.clock()
    async with w.transaction() as session:
        patient = await store.get_user(session, user_id=escalation.user_id)
        audience, recipients = await therapy.alert_recipients(
            session, user_id=escalation.user_id, admin_ids=w.admin_ids
        )
        batch = (
            await safety.alert_batch(
                session, user_id=escalation.user_id, now=now, window=w.alert_fold
            )
            if patient is not None and recipients
            else []
        )
        # Each recipient reads the times on their own clock (admins who are not therapists: UTC).
        zones = await therapy.zones_of(session, [*recipients, *w.admin_ids]) if batch else {}
    if patient is None or not batch:
        return False
    outcomes = await _send_alert(w, patient, batch, audience, recipients, zones=zones)
    admins = tuple(sorted(w.admin_ids))
    if audience is Audience.THERAPIST and Outcome.BLOCKED in outcomes and admins:
        outcomes = await _send_alert(w, patient, batch, Audience.TEAM, admins, zones=zones)
    if not GOT_THROUGH.intersection(outcomes):
        return False
    async with w.transaction() as session:
        await safety.mark_alerted(
            session, escalation_ids=[e.id for e in batch if e.id is not None], now=w.clock()
        )
    return True
