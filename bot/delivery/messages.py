"""Messages between a therapist and a patient, on their way: the therapist's message reaches the
patient with a Reply button, and the patient's reply reaches the therapist with the patient's
name. Both through the one delivery path (the Notifier port), keyed by the stored message, so
a retried send never delivers one twice.

Storing is `bot.services.messages` (before sending: a failed send loses nothing);
`deliver_to_patient` sends a stored message and marks it delivered once it is in the chat.
"""

from __future__ import annotations

from bot.callbacks import MessageReply
from bot.content import Texts
from bot.db.models import TherapistMessage, User
from bot.deps import Deps
from bot.domain.notice import GOT_THROUGH, Notice, Notifier, Outcome
from bot.services import messages

__all__ = ["deliver_to_patient", "delivered", "forward_to_therapist", "send_to_patient"]


def delivered(outcome: Outcome) -> bool:
    """Whether the message is in its reader's chat (sent now, or by an earlier try)."""
    return outcome in GOT_THROUGH


async def send_to_patient(
    notifier: Notifier,
    texts: Texts,
    *,
    message: TherapistMessage,
    patient: User,
    therapist_name: str,
) -> Outcome:
    """The therapist's stored message to the patient, with a Reply button under it (its
    callback names the message, so the reply is stored against it)."""
    assert message.id is not None, "store the message first (bot.services.messages.record)"
    notice = Notice(
        chat_id=patient.chat_id,
        text=texts.get("therapist.message_from", therapist=therapist_name, text=message.text),
        kind="therapist_message",
        key=f"therapist-message:{message.id}",
        buttons=(((texts.get("notices.message.reply_button"), MessageReply(message.id).pack()),),),
    )
    return await notifier.send(notice)


async def deliver_to_patient(
    d: Deps, *, message: TherapistMessage, patient: User, therapist_name: str
) -> bool:
    """Send the stored message to the patient (`send_to_patient`) and, once it is in their
    chat, mark it delivered: the chat's and the dashboard's one way to send. False if not."""
    outcome = await send_to_patient(
        d.notifier, d.content.texts, message=message, patient=patient, therapist_name=therapist_name
    )
    if not delivered(outcome):
        return False
    assert message.id is not None
    async with d.transaction() as session:
        await messages.mark_delivered(session, message_id=message.id, now=d.now())
    return True


async def forward_to_therapist(
    notifier: Notifier,
    texts: Texts,
    *,
    reply: TherapistMessage,
    therapist_chat_id: int,
    patient_name: str,
    token: str | None = None,
) -> Outcome:
    """The patient's stored reply to their therapist, with the patient's name; `token` (the
    patient's chat message) keys it, so the same update handled again is not sent twice."""
    assert reply.id is not None, "store the reply first (bot.services.messages.reply)"
    notice = Notice(
        chat_id=therapist_chat_id,
        text=texts.get("notices.message.reply_from", name=patient_name, text=reply.text),
        kind="patient_reply",
        key=f"patient-reply:{token}" if token else f"patient-reply-row:{reply.id}",
    )
    return await notifier.send(notice)
