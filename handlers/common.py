"""Handlers every user meets: /help, unknown commands, stale buttons, the error handler and
the welcome back. Free text and non-text messages are routed in `handlers` (its `__init__`).
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.db import store
from bot.db.models import User
from bot.services import chat
from bot.services.chat import OpenRows
from handlers._shared import deps, ids, remember_seen

log = logging.getLogger(__name__)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the bot can do."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(deps(context).text("common.help"))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command we do not have: point to /help."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(deps(context).text("common.unknown_command"))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button no handler claims (old, forged or from a removed feature): say it expired."""
    if update.callback_query is not None:
        await update.callback_query.answer(deps(context).text("common.button_expired"))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (ids only, never message text) and tell the user something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    user_id = (
        update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    )
    log.error(
        "error while handling update %s (user %s)",
        update_id,
        user_id,
        exc_info=(type(context.error), context.error, context.error.__traceback__)
        if context.error is not None
        else None,
    )
    if isinstance(update, Update) and update.callback_query is not None:
        # A press must never be left spinning, whatever failed after it.
        try:
            await update.callback_query.answer()
        except Exception:
            log.debug("callback of update %s already answered or gone", update_id)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(deps(context).text("common.error"))
        except Exception:
            log.warning("could not send the error apology for update %s", update_id)


async def welcome_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any update: note the user was seen; someone who had blocked the bot is back."""
    who = ids(update)
    if who is None:
        return
    d = deps(context)
    now = d.now()
    try:
        # One read, kept for the handler that answers (it needs the row anyway); a write only
        # when there is something to write: an inactive user, or last seen over an hour ago.
        open_rows: OpenRows | None = None
        # One statement: a read-only session, which on SQLite waits for no writer.
        async with d.reading() as session:
            if _may_be_chat(update):
                # Ordinary chat needs the open drill and self-test too: read in the same
                # statement, not in a second transaction later in this update.
                user, open_rows = await chat.read_user_and_open(session, user_id=who[0])
            else:
                user = await store.get_user(session, user_id=who[0])
        if user is None or (user.active and not _seen_long_ago(user, now)):
            remember_seen(context, user, open_rows)
            return
        async with d.transaction() as session:
            await store.touch(session, user_id=who[0], now=now)
            if await store.reactivate(session, user_id=who[0], now=now):
                log.info("user %s is back after blocking the bot", who[0])
    except Exception as exc:  # bookkeeping only: never in the way of the answer (or advice)
        log.warning("user %s not marked seen (%s)", who[0], type(exc).__name__)


def _may_be_chat(update: Update) -> bool:
    """A typed text that is not a command: it may end in ordinary chat (`handlers.chat`)."""
    message = update.message
    return message is not None and message.text is not None and not message.text.startswith("/")


def _seen_long_ago(user: User, now: dt.datetime) -> bool:
    """`store.touch` would write: last activity unknown or older than its precision."""
    return user.last_seen_at is None or user.last_seen_at < now - store.SEEN_PRECISION
