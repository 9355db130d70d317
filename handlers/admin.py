"""Admin handlers: /newtherapist (an invite link that enrols a therapist), /therapists and
deactivating one. Callback data: `bot.callbacks.AdminPress` (`ta:off:<therapist>`)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.callbacks import AdminPress
from bot.db.models import InviteKind
from bot.services import invitations, therapy
from handlers._shared import button, deps, ids, keyboard
from handlers._therapy import date_text, is_admin, send_link

log = logging.getLogger(__name__)


async def new_therapist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/newtherapist (admins): an invite link that makes its opener a therapist."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    if not is_admin(d, who[0]):
        await message.reply_text(d.text("therapist.not_admin"))
        return
    async with d.transaction() as session:
        invite, token = await invitations.create_invite(
            session, kind=InviteKind.THERAPIST, created_by=who[0], now=d.now()
        )
    link = create_deep_linked_url(context.bot.username, token)
    expires = date_text(invite.expires_at)
    text = d.text("therapist.therapist_invite_made", expires=expires, link=link)
    await send_link(message, d, text, link, invite.expires_at)


async def therapists_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/therapists (admins): every therapist, with a button to deactivate the active ones."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    if not is_admin(d, who[0]):
        await message.reply_text(d.text("therapist.not_admin"))
        return
    async with d.transaction() as session:
        everyone = list(await therapy.list_therapists(session))
    lines = [d.text("therapist.therapists_header")]
    rows = []
    for t in everyone:
        state = d.text("therapist.state_active" if t.active else "therapist.state_inactive")
        lines.append(
            d.text("therapist.therapist_line", name=t.display_name, id=t.user_id, state=state)
        )
        if t.active:
            label = d.text("therapist.deactivate_button", name=t.display_name)
            rows.append([(label, AdminPress("off", t.user_id).pack())])
    await message.reply_text("\n".join(lines), reply_markup=keyboard(rows) if rows else None)


async def on_admin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deactivate a therapist (admins only, checked again here)."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d, press = deps(context), AdminPress.unpack(query.data)
    if press is None or not is_admin(d, who[0]):
        log.warning("user %s pressed an admin button without being an admin", who[0])
        await query.answer(d.text("therapist.not_admin"), show_alert=True)
        return
    async with d.transaction() as session:
        therapist = await therapy.therapist_record(session, user_id=press.therapist)
        done = await therapy.deactivate(
            session, therapist_id=press.therapist, by=who[0], now=d.now()
        )
    await query.answer()
    if done and therapist is not None:
        await message.chat.send_message(
            d.text("therapist.deactivated", name=therapist.display_name)
        )
