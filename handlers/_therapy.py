"""Helpers the therapist-side handler modules share (admin, invites, caseload): who may use a
therapist command, dates as shown to them, and an invite link sent with its QR code."""

from __future__ import annotations

import datetime as dt

from telegram import InputFile, Message, Update

from bot.deps import Deps
from bot.render.qr import qr_png
from bot.services import therapy
from handlers._shared import ids


def date_text(value: dt.datetime) -> str:
    """A date as therapists read it in invites and lists."""
    return value.strftime("%d %b %Y")


def is_admin(d: Deps, user_id: int) -> bool:
    """Admins are exactly the ids in ADMIN_IDS."""
    return user_id in d.settings.admin_ids


async def therapist_or_refuse(update: Update, d: Deps) -> tuple[int, Message] | None:
    """(therapist id, message) for a command from an active therapist; anyone else is told
    the command is for therapists and gets None."""
    who, message = ids(update), update.effective_message
    if who is None or message is None:
        return None
    async with d.transaction() as session:
        therapist = await therapy.active_therapist(session, user_id=who[0])
    if therapist is None:
        await message.reply_text(d.text("therapist.not_therapist"))
        return None
    return who[0], message


async def send_link(message: Message, d: Deps, text: str, link: str, expires: dt.datetime) -> None:
    """The invite text with its link, then the same link as a QR code."""
    await message.reply_text(text)
    await message.chat.send_photo(
        InputFile(qr_png(link), filename="invite-qr.png"),
        caption=d.text("therapist.qr_caption", expires=date_text(expires)),
    )
