"""Change notices: the patient hears, in one kind sentence, what their therapist changed; the
therapist hears when a patient joins, unlinks, stops or erases their data.

Both go through the one delivery path (the Notifier port: rate-limited, recorded, at most
once per key). The caller passes a `token` naming the action that caused the notice (the
button press's id, the therapist's chat message, a dashboard request): a replayed button or a
redelivered update carries the same token, so the notice is not sent twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content import Texts
from bot.db.models import User
from bot.domain.changes import (
    CHANGE_TEXTS,
    EVENT_TEXTS,
    PROGRAMME_NAMED,
    TIMES_NAMED,
    Change,
    PatientEvent,
    change_key,
    event_key,
    times_label,
)
from bot.domain.notice import Notice, Notifier, Outcome

__all__ = ["change_text", "tell_patient_of_change", "tell_therapist_of_event"]


def change_text(
    texts: Texts,
    *,
    change: Change,
    zone: str | None,
    programme: str | None = None,
    times: Sequence[str] = (),
) -> str:
    """The sentence for `change`: naming the new programme, or the new times in the patient's
    own zone, when the caller gives them."""
    if change is Change.PROGRAMME and programme:
        return texts.get(PROGRAMME_NAMED, programme=programme)
    if change is Change.TIMES and times and zone:
        return texts.get(TIMES_NAMED, times=times_label(times), zone=zone)
    return texts.get(CHANGE_TEXTS[change])


async def tell_patient_of_change(
    notifier: Notifier,
    texts: Texts,
    *,
    patient: User,
    change: Change,
    token: str | None = None,
    programme: str | None = None,
    times: Sequence[str] = (),
) -> Outcome:
    """Tell the patient what their therapist changed (one sentence, the one delivery path).

    `programme` is the new programme's title, `times` the new local times ("HH:MM", in the
    patient's zone, which the sentence names).
    """
    text = change_text(
        texts, change=change, zone=patient.timezone, programme=programme, times=times
    )
    notice = Notice(
        chat_id=patient.chat_id,
        text=text,
        kind="patient_change",
        key=change_key(patient_id=patient.id, change=change, token=token),
    )
    return await notifier.send(notice)


async def tell_therapist_of_event(
    notifier: Notifier,
    texts: Texts,
    *,
    therapist_chat_id: int,
    patient_name: str,
    event: PatientEvent,
    token: str | None = None,
) -> Outcome:
    """Tell a therapist that a patient joined, unlinked, stopped or erased their data: the
    patient's name only, nothing about their health."""
    notice = Notice(
        chat_id=therapist_chat_id,
        text=texts.get(EVENT_TEXTS[event], name=patient_name or "-"),
        kind="patient_event",
        key=event_key(therapist_chat_id=therapist_chat_id, event=event, token=token),
    )
    return await notifier.send(notice)
