"""A patient's reply to their therapist's message: the Reply button under it, or Telegram's own
reply (swiping the message), and the typed reply, stored and forwarded to the therapist.

Callback data: `bot.callbacks.MessageReply` (`mr:<message>`); the press is re-checked on the
database (the message must be a therapist's message to the pressing patient). After the
press the reply is awaited in `users.awaiting` (a restart loses nothing). A Telegram reply is
recognised by the Reply button it quotes: Telegram hands back the replied-to message with its
keyboard, so its callback names the stored message, and no Telegram message id is kept.

The reply is triaged first like every message (`handlers.text_message`): a warning sign in it
gets its advice, and the reply still reaches the therapist.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.callbacks import MessageReply
from bot.db import store
from bot.db.models import User
from bot.delivery.messages import delivered, forward_to_therapist
from bot.services import messages, therapy
from bot.services.messages import AWAIT_REPLY
from handlers._shared import deps, unpacked_press


async def on_reply_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply under a therapist's message: the patient's next text goes to the therapist."""
    d = deps(context)
    pressed = await unpacked_press(update, d, MessageReply)
    if pressed is None:
        return
    query, message, who, press = pressed
    async with d.transaction() as session:
        answered = await messages.await_reply(session, patient_id=who[0], message_id=press.message)
        therapist = (
            await therapy.therapist_record(session, user_id=answered.therapist_id)
            if answered is not None and answered.therapist_id is not None
            else None
        )
    if answered is None:
        await query.answer(d.text("common.button_expired"), show_alert=True)
        return
    await query.answer()
    name = therapist.display_name if therapist is not None else "-"
    await message.chat.send_message(d.text("notices.message.reply_prompt", therapist=name))


def awaits_reply(user: User) -> bool:
    """A reply to the therapist is awaited (triaged first, then taken: see handlers.routes)."""
    return user.awaiting == AWAIT_REPLY


def replied_message(message: Message, bot_id: int) -> int | None:
    """The stored therapist's message this Telegram reply answers: read from the Reply button
    of the bot's message it quotes (None: not a reply to one)."""
    quoted = message.reply_to_message
    if quoted is None or quoted.from_user is None or quoted.from_user.id != bot_id:
        return None
    markup = quoted.reply_markup
    for row in markup.inline_keyboard if markup is not None else ():
        for key in row:
            data = key.callback_data if isinstance(key.callback_data, str) else None
            press = MessageReply.unpack(data)
            if press is not None:
                return press.message
    return None


async def take_reply(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """If this text is a reply to the therapist (Telegram's reply to their message, or the
    text awaited after Reply), store it, forward it and say so; False when it is not one."""
    d, message = deps(context), update.effective_message
    if message is None or message.text is None:
        return False
    native = replied_message(message, context.bot.id)
    if native is None and not awaits_reply(user):
        return False
    async with d.transaction() as session:
        fresh = await store.get_user(session, user_id=user.id)
        to = (
            native if native is not None else await messages.awaited_reply(session, user_id=user.id)
        )
        stored = (
            await messages.reply(session, patient=fresh, to=to, text=message.text, now=d.now())
            if fresh is not None and to is not None
            else None
        )
        if stored is None and native is None:
            # The awaited message is gone or not theirs: the state ends, nothing is sent.
            await store.set_awaiting(session, user_id=user.id, awaiting=None)
    if stored is None:
        if native is not None:
            return False  # a Telegram reply to something else: an ordinary message
        await message.reply_text(d.text("common.button_expired"))
        return True
    if stored.message is None or stored.therapist is None:
        await message.reply_text(d.text("notices.message.reply_unlinked"))
        return True
    outcome = await forward_to_therapist(
        d.notifier,
        d.content.texts,
        reply=stored.message,
        therapist_chat_id=stored.therapist.user_id,
        patient_name=stored.patient_name,
        token=f"{message.chat_id}:{message.message_id}",
    )
    therapist = stored.therapist.display_name
    if not delivered(outcome):
        await message.reply_text(d.text("notices.message.reply_saved", therapist=therapist))
        return True
    assert stored.message.id is not None
    async with d.transaction() as session:
        await messages.mark_delivered(session, message_id=stored.message.id, now=d.now())
    await message.reply_text(d.text("notices.message.reply_sent", therapist=therapist))
    return True


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """The awaited reply (the routes take it before this; kept so the route table is whole)."""
    return await take_reply(update, context, user)


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the reply still awaited (after a sticker, say)."""
    d, message = deps(context), update.effective_message
    if message is None or user.awaiting_ref is None:
        return
    async with d.transaction() as session:
        answered = await messages.to_patient(
            session, message_id=user.awaiting_ref, patient_id=user.id
        )
        therapist = (
            await therapy.therapist_record(session, user_id=answered.therapist_id)
            if answered is not None and answered.therapist_id is not None
            else None
        )
    if therapist is not None:
        await message.chat.send_message(
            d.text("notices.message.reply_prompt", therapist=therapist.display_name)
        )
