"""The dashboard's way into the chat, shared by the handlers that offer it: the therapist's
menu button that opens the Mini App (set on /dashboard, and wherever a therapist is made;
taken back when a therapist is deactivated, so their chat no longer offers a page that would
only answer "not for you").

Setting a menu button is a chat setting, not a message, so it does not go through the
delivery path; a failure is logged and the chat goes on (the /dashboard button still works).
"""

from __future__ import annotations

import logging

from telegram import Bot, MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError

from bot.deps import Deps

__all__ = ["offer_menu_button", "web_app", "withdraw_menu_button"]

log = logging.getLogger(__name__)


def web_app(d: Deps) -> WebAppInfo | None:
    """The dashboard's Mini App, or None while WEBAPP_URL is not set."""
    url = d.settings.webapp_url
    return WebAppInfo(url=url) if url else None


async def offer_menu_button(bot: Bot, d: Deps, chat_id: int) -> bool:
    """Make this staff chat's menu button open the dashboard; False if it could not be set
    (no WEBAPP_URL, or Telegram refused)."""
    app = web_app(d)
    if app is None:
        return False
    button = MenuButtonWebApp(text=d.text("dashboard.buttons.menu"), web_app=app)
    try:
        return await bot.set_chat_menu_button(chat_id=chat_id, menu_button=button)
    except TelegramError as exc:
        # The chat works without it: /dashboard sends the same app as a button.
        log.warning("menu button not set for chat %s (%s)", chat_id, type(exc).__name__)
        return False


async def withdraw_menu_button(bot: Bot, chat_id: int) -> bool:
    """Give this chat back the bot's default menu button (a deactivated therapist's chat);
    False if Telegram refused (logged: the dashboard refuses them anyway, with 403)."""
    try:
        return await bot.set_chat_menu_button(chat_id=chat_id, menu_button=MenuButtonDefault())
    except TelegramError as exc:
        log.warning("menu button not reset for chat %s (%s)", chat_id, type(exc).__name__)
        return False
