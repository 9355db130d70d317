"""Ordinary chat: the last free-text route, for a message triage found nothing in and no
awaited answer took (see `handlers/__init__.py`).

One service call (`bot.services.chat.respond`) reads the intent and does what it needs; this
module renders it: a text by key, or, for "next", "repeat" or "skip" typed during a drill,
the screen the same button shows. The typed command answers below the patient's message,
so the next step comes as a new message (the old one loses its buttons) instead of an edit
far up the chat.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.buttons import StartToday
from bot.db.models import User
from bot.deps import Deps
from bot.services import chat
from bot.services.drills import Outcome, Result
from handlers._drill import drop_old_buttons, send_end, send_step
from handlers._shared import deps, keyboard, take_open_rows

# The end-of-drill summary is the drill handlers' own rendering; read, not copied, so a typed
# "done" on the last step ends the drill exactly as the button does.


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Chat triage found nothing in: small talk, a library answer or a typed drill button."""
    d, message = deps(context), update.effective_message
    if message is None or message.text is None:
        return
    if d.library is None:
        raise RuntimeError("Deps.library is built by bot.app.build_application")
    async with d.transaction() as session:
        # Attached to this session (a typed press changes the drill as a tap does) as the
        # routes read it at the start of this update: nothing has changed it since (triage
        # said nothing, no answer was awaited), so it is not read again.
        current = await session.merge(user, load=False)
        response = await chat.respond(
            session,
            user=current,
            text=message.text,
            library=d.library,
            catalog=d.content.catalog,
            now=d.now(),
            open_rows=take_open_rows(context, user.id),
        )
    if response.unbutton is not None:
        await drop_old_buttons(message, response.unbutton)
    if response.drill is not None:
        await _show_drill(message, d, current, response.drill)
    if response.reply is not None:
        await message.reply_text(d.text(response.reply.key, **response.reply.values))


async def _show_drill(message: Message, d: Deps, user: User, outcome: Outcome) -> None:
    """What the drill button shows after the same press, sent below the typed command."""
    await drop_old_buttons(message, outcome.message_id)
    if outcome.result in (Result.MOVED, Result.STALE) and outcome.view is not None:
        await send_step(message, d, outcome.view)
    elif outcome.result is Result.FINISHED and outcome.summary is not None:
        await send_end(message, d, user, outcome.drill_id, outcome.summary)
    else:
        # Ended between reading and pressing (another device, a restart): as the button says.
        buttons = [[(d.text("drills.buttons.start_today"), StartToday().pack())]]
        await message.chat.send_message(d.text("drills.inactive"), reply_markup=keyboard(buttons))
