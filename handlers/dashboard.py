"""The therapists' dashboard in the chat: /dashboard answers with a button that opens the Mini
App (`WEBAPP_URL`) and makes the chat's menu button open it too.

Therapists, clinic admins and the bot's admins may use it (the one access rule,
`bot.services.access.viewer_for`); anyone else is told it is for therapists. The dashboard
itself checks `initData` on every call, so the button grants nothing by itself.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.services import access
from handlers._dashboard import offer_menu_button, web_app
from handlers._shared import deps, ids


async def dashboard_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dashboard: a button that opens the dashboard, for therapists and admins."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    async with d.transaction() as session:
        viewer = await access.viewer_for(session, user_id=who[0], admin_ids=d.settings.admin_ids)
    if viewer is None:
        await message.reply_text(d.text("therapist.not_therapist"))
        return
    app = web_app(d)
    if app is None:
        await message.reply_text(d.text("dashboard.chat.not_configured"))
        return
    button = InlineKeyboardButton(d.text("dashboard.buttons.open"), web_app=app)
    await message.reply_text(
        d.text("dashboard.chat.open"), reply_markup=InlineKeyboardMarkup([[button]])
    )
    await offer_menu_button(context.bot, d, who[1])
