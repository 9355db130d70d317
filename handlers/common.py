"""Handlers every user meets: /help, free text routing, non-text messages, unknown commands,
stale buttons and the error handler.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import store
from bot.drills import AWAITING_PAIN
from bot.models import OnboardingStep, Role
from bot.onboarding import current_step
from handlers import onboarding, reminders, safety, therapist
from handlers._shared import MAX_MESSAGE_CHARS, deps, ids

log = logging.getLogger(__name__)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the bot can do."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(deps(context).text("common.help"))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text: an awaited answer if one is open, otherwise a helpful pointer."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None or message.text is None:
        return
    if len(message.text) > MAX_MESSAGE_CHARS:
        await message.reply_text(
            d.text("common.too_long", length=len(message.text), limit=MAX_MESSAGE_CHARS)
        )
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
    if user is not None and user.awaiting == AWAITING_PAIN:
        await safety.pain_detail(update, context, user, message.text)
        return
    if user is not None and await therapist.on_text(update, context, user):
        return
    if user is not None and await reminders.on_text(update, context, user):
        return
    if user is not None and user.role == Role.THERAPIST.value:
        # Therapists talk about patients, not their own feet: no triage of their texts.
        await message.reply_text(d.text("common.unknown_text"))
        return
    # Safety first: a warning sign is answered before anything else reads the message.
    if await safety.triage_text(update, context, user, message.text):
        return
    if user is None:
        # Someone who writes before /start gets the welcome, not silence.
        await onboarding.begin(update, context, message)
        return
    if await onboarding.on_text(update, context, user):
        return
    await message.reply_text(d.text("common.unknown_text"))


async def non_text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice and the like: say we read text only, re-ask any open question."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    await message.reply_text(d.text("common.non_text"))
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
    if user is not None:
        step = current_step(user)
        if step is not OnboardingStep.DONE:
            await onboarding.ask(message, d, step)


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
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(deps(context).text("common.error"))
        except Exception:
            log.warning("could not send the error apology for update %s", update_id)


async def welcome_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any update from someone who had blocked the bot: they are back, reminders resume."""
    who = ids(update)
    if who is None:
        return
    d = deps(context)
    async with d.transaction() as session:
        if await store.reactivate(session, user_id=who[0], now=d.now()):
            log.info("user %s is back after blocking the bot", who[0])
