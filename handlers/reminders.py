"""Reminder handlers: the prompt's buttons (start, snooze, skip and why), /pause, /resume and
/stop (the prompts themselves: `bot.delivery.reminders`; /settings: `handlers.settings`).

Callback data: `bot.buttons.PromptPress` (the prompt's buttons).
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot.buttons import PromptPress
from bot.db.models import User
from bot.delivery.escalations import workflow
from bot.deps import Deps
from bot.domain import assessments
from bot.domain.escalation import Source
from bot.domain.reminders import SKIP_REASONS
from bot.services import escalations, schedules
from handlers import _pausing
from handlers._drill import start_today
from handlers._schedule import local
from handlers._shared import (
    button,
    chat_reply,
    deps,
    edit_markup,
    keyboard,
    ready_user,
    stored_user,
)

log = logging.getLogger(__name__)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- the prompt's buttons ---------------------------------------------------------------------


async def on_prompt_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start now, snooze, skip today, or the reason for skipping."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, _who = pressed
    d = deps(context)
    press = PromptPress.unpack(query.data)
    user = await stored_user(update, d)
    if press is None or user is None:
        await query.answer(d.text("common.button_expired"))
        return
    if press.action == "s":
        async with d.transaction() as session:
            prompt = await schedules.start_prompt(session, user=user, prompt_id=press.prompt)
        if prompt is None:
            await query.answer(d.text("common.not_your_button"), show_alert=True)
            return
        await query.answer()
        await start_today(update, context, message)
    elif press.action == "z":
        await _snooze(query, message, d, user, press)
    elif press.action == "k":
        await _skip(query, message, d, user, press.prompt)
    else:
        await _skip_reason(query, message, d, user, press)


async def _snooze(
    query: CallbackQuery, message: Message, d: Deps, user: User, press: PromptPress
) -> None:
    async with d.transaction() as session:
        later = await schedules.snooze(
            session, user=user, prompt_id=press.prompt, minutes=press.minutes, now=d.now()
        )
    if later is None:
        await query.answer(d.text("reminders.snooze_refused"))
        return
    await query.answer()
    await edit_markup(message, None)
    await message.chat.send_message(
        d.text("reminders.snoozed", time=local(user, later.due_at)[-5:])
    )


async def _skip(
    query: CallbackQuery, message: Message, d: Deps, user: User, prompt_id: int
) -> None:
    async with d.transaction() as session:
        prompt = await schedules.skip(session, user=user, prompt_id=prompt_id, now=d.now())
    if prompt is None:
        await query.answer(d.text("reminders.snooze_refused"))
        return
    await query.answer()
    await edit_markup(message, None)
    rows = [
        [(d.text(f"reminders.skip_reasons.{r}"), PromptPress(prompt_id, "r", r).pack())]
        for r in SKIP_REASONS
    ]
    await message.chat.send_message(d.text("reminders.skip_question"), reply_markup=keyboard(rows))


async def _skip_reason(
    query: CallbackQuery, message: Message, d: Deps, user: User, press: PromptPress
) -> None:
    reason = press.arg
    assert reason is not None
    async with d.transaction() as session:
        prompt = await schedules.skip_reason(
            session, user=user, prompt_id=press.prompt, reason=reason
        )
    if prompt is None:
        await query.answer(d.text("reminders.snooze_refused"))
        return
    await query.answer()
    await edit_markup(message, None)
    await message.chat.send_message(d.text(f"reminders.skip_answers.{reason}"))
    if reason == "pain":
        # The same path as a pain stop in a drill: stop advice, then "where does it hurt?"
        await escalations.escalate(
            workflow(d),
            user,
            source=Source.SKIP_REASON,
            assessment=assessments.exercise_pain(d.text(f"reminders.skip_reasons.{reason}")),
            text=None,
            # No exercise is under way: the same stop level, in words that fit a skipped day.
            raised_reason=d.text(
                "reminders.pain_echo", reason=d.text(f"reminders.skip_reasons.{reason}")
            ),
            action=d.text("reminders.pain_advice"),
            reply=chat_reply(message),
        )
        await message.chat.send_message(d.text("drills.pain_question"))


# --- /pause, /resume and /stop -----------------------------------------------------------------


async def pause_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pause [YYYY-MM-DD]: pause reminders until a date, or choose how long."""
    d, message = deps(context), update.effective_message
    if message is None or (user := await ready_user(update, d, message)) is None:
        return
    args = context.args or []
    if not args:
        await _pausing.ask_pause(message, d)
        return
    until = dt.date.fromisoformat(args[0]) if len(args) == 1 and _DATE_RE.match(args[0]) else None
    today = schedules.local_today(user, d.now())
    if until is None or until <= today:
        await message.reply_text(d.text("reminders.pause_usage"))
        return
    await _pausing.pause(message, d, user, until)


async def resume_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/resume: reminders back on, unless a safety pause still holds them."""
    d, message = deps(context), update.effective_message
    if message is not None and (user := await ready_user(update, d, message)) is not None:
        await _pausing.resume(message, d, user)


async def stop_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stop: no more reminders."""
    d, message = deps(context), update.effective_message
    if message is not None and (user := await ready_user(update, d, message)) is not None:
        await _pausing.stop(message, d, user)
