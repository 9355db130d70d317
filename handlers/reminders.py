"""Reminder handlers: the prompt's buttons (start, snooze, skip and why), /settings (times,
days, zone), /pause, /resume and /stop (the prompts themselves: `bot.delivery.reminders`).

Callback data: `bot.buttons.PromptPress` (the prompt's buttons) and `bot.buttons.SettingsPress`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.buttons import PAUSE_DAYS, PromptPress, SettingsPress, SettingsZonePick, WithdrawOffer
from bot.db import store
from bot.db.models import Schedule, User
from bot.delivery.escalations import workflow
from bot.deps import Deps
from bot.domain import assessments
from bot.domain.escalation import Source
from bot.domain.reminders import SKIP_REASONS
from bot.domain.zones import display_name
from bot.services import escalations, safety, schedules, therapy, zones
from bot.services.onboarding import is_onboarded
from handlers import _zones
from handlers._drill import start_today
from handlers._schedule import confirm_markup, days_markup, local, weekday_names
from handlers._shared import (
    button,
    chat_reply,
    deps,
    echo,
    edit_markup,
    ids,
    keyboard,
    ready_user,
    unpacked_press,
)

log = logging.getLogger(__name__)

AWAIT_TIMES, AWAIT_ZONE = "settings_times", "settings_zone"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


async def _user(update: Update, d: Deps) -> User | None:
    who = ids(update)
    if who is None:
        return None
    async with d.transaction() as session:
        return await store.get_user(session, user_id=who[0])


# --- the prompt's buttons ---------------------------------------------------------------------


async def on_prompt_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start now, snooze, skip today, or the reason for skipping."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, _who = pressed
    d = deps(context)
    press = PromptPress.unpack(query.data)
    user = await _user(update, d)
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


# --- /settings ---------------------------------------------------------------------------------


async def _settings_text(
    d: Deps, user: User, schedule: Schedule
) -> tuple[str, InlineKeyboardMarkup]:
    async with d.transaction() as session:
        pending = await safety.open_pause(session, user_id=user.id)
        # A linked patient sees who can read their data, and how to stop that (/unlink).
        therapist = (
            await therapy.therapist_record(session, user_id=user.therapist_id)
            if user.therapist_id is not None
            else None
        )
    if schedule.stopped:
        status = d.text("reminders.status_stopped")
    elif pending is not None:
        status = d.text("reminders.status_escalation")
    elif schedule.paused:
        status = (
            d.text("reminders.status_paused", until=schedule.resume_on.isoformat())
            if schedule.resume_on
            else d.text("reminders.status_paused_open")
        )
    else:
        status = d.text("reminders.status_on", next=local(user, schedule.next_due_at))
    text = d.text(
        "reminders.settings",
        times=schedule.times.replace(",", ", "),
        days=weekday_names(d, schedule.weekdays),
        zone=display_name(user.timezone or "UTC"),
        status=status,
    )
    if therapist is not None:
        text += "\n" + d.text("reminders.settings_therapist", therapist=therapist.display_name)
    paused = schedule.paused or schedule.stopped
    rows = [
        [
            (d.text("reminders.buttons.change_times"), SettingsPress("times").pack()),
            (d.text("reminders.buttons.days"), SettingsPress("days").pack()),
        ],
        [(d.text("reminders.buttons.zone"), SettingsPress("zone").pack())],
        [
            (d.text("reminders.buttons.resume"), SettingsPress("resume").pack())
            if paused
            else (d.text("reminders.buttons.pause"), SettingsPress("pause").pack()),
            (d.text("reminders.buttons.stop"), SettingsPress("stop").pack()),
        ],
        # Handled by handlers.privacy.
        [(d.text("reminders.buttons.withdraw"), WithdrawOffer().pack())],
    ]
    return text, keyboard(rows)


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings: reminder times, days, zone and status, with buttons to change them."""
    d, message = deps(context), update.effective_message
    if message is None or (user := await ready_user(update, d, message)) is None:
        return
    async with d.transaction() as session:
        schedule = await store.get_schedule(session, user_id=user.id)
    if schedule is None:
        await message.reply_text(d.text("reminders.no_schedule"))
        return
    text, markup = await _settings_text(d, user, schedule)
    await message.reply_text(text, reply_markup=markup)


async def on_settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /settings button."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, _who = pressed
    d = deps(context)
    press = SettingsPress.unpack(query.data)
    user = await _user(update, d)
    if press is None or not is_onboarded(user):
        await query.answer(d.text("common.button_expired"))
        return
    assert user is not None
    await query.answer()
    if press.what in {"times", "zone"}:
        awaiting = AWAIT_TIMES if press.what == "times" else AWAIT_ZONE
        async with d.transaction() as session:
            await store.set_awaiting(session, user_id=user.id, awaiting=awaiting)
        await message.chat.send_message(
            d.text("reminders.times_prompt" if press.what == "times" else "reminders.zone_prompt")
        )
    elif press.what in {"days", "day", "ddone"}:
        await _days(message, d, user, press)
    elif press.what == "pause":
        await _ask_pause(message, d)
    elif press.what == "pz":
        assert press.n is not None
        await _pause(message, d, user, schedules.pause_until(user, days=press.n, now=d.now()))
    elif press.what == "resume":
        await _resume(message, d, user)
    else:
        await _stop(message, d, user)


async def _days(message: Message, d: Deps, user: User, press: SettingsPress) -> None:
    """The weekday buttons: show them, switch one day, or done."""
    if press.what == "day":
        assert press.n is not None
        async with d.transaction() as session:
            changed = await schedules.toggle_weekday(session, user=user, day=press.n, now=d.now())
        if changed is None:
            await message.chat.send_message(d.text("reminders.days_need_one"))
            return
        await edit_markup(message, days_markup(d, changed.weekdays))
        return
    async with d.transaction() as session:
        schedule = await store.get_schedule(session, user_id=user.id)
    if press.what == "ddone":
        await edit_markup(message, None)
        if schedule is not None:
            await message.chat.send_message(
                d.text("reminders.days_set", days=weekday_names(d, schedule.weekdays))
            )
    elif schedule is not None:
        await message.chat.send_message(
            d.text("reminders.days_prompt"), reply_markup=days_markup(d, schedule.weekdays)
        )


async def _ask_pause(message: Message, d: Deps) -> None:
    rows = [
        [
            (d.text(f"reminders.buttons.pause{n}"), SettingsPress("pz", n).pack())
            for n in PAUSE_DAYS
            if n
        ],
        [(d.text("reminders.buttons.pause_open"), SettingsPress("pz", 0).pack())],
    ]
    await message.chat.send_message(d.text("reminders.pause_question"), reply_markup=keyboard(rows))


async def _pause(message: Message, d: Deps, user: User, until: dt.date | None) -> None:
    async with d.transaction() as session:
        schedule = await schedules.pause(session, user=user, until=until, now=d.now())
    if schedule is None:
        await message.chat.send_message(d.text("reminders.no_schedule"))
        return
    text = (
        d.text("reminders.paused_until", until=until.isoformat())
        if until
        else d.text("reminders.paused_open")
    )
    await message.chat.send_message(text)


async def _resume(message: Message, d: Deps, user: User) -> None:
    async with d.transaction() as session:
        schedule = await schedules.resume(session, user=user, now=d.now())
        held = await safety.open_pause(session, user_id=user.id)
    if schedule is None:
        await message.chat.send_message(d.text("reminders.no_schedule"))
        return
    if held is not None:
        # The patient's own pause is lifted, but emergency/urgent advice still holds the
        # prompts until they confirm they sought care: never say reminders are back.
        await message.chat.send_message(
            d.text("safety.resume_held"), reply_markup=confirm_markup(d, held)
        )
        return
    await message.chat.send_message(
        d.text("reminders.resumed", next=local(user, schedule.next_due_at))
    )


async def _stop(message: Message, d: Deps, user: User) -> None:
    async with d.transaction() as session:
        schedule = await schedules.stop(session, user=user, now=d.now())
    await message.chat.send_message(
        d.text("reminders.stopped" if schedule else "reminders.no_schedule")
    )


async def pause_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pause [YYYY-MM-DD]: pause reminders until a date, or choose how long."""
    d, message = deps(context), update.effective_message
    if message is None or (user := await ready_user(update, d, message)) is None:
        return
    args = context.args or []
    if not args:
        await _ask_pause(message, d)
        return
    until = dt.date.fromisoformat(args[0]) if len(args) == 1 and _DATE_RE.match(args[0]) else None
    today = schedules.local_today(user, d.now())
    if until is None or until <= today:
        await message.reply_text(d.text("reminders.pause_usage"))
        return
    await _pause(message, d, user, until)


async def resume_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/resume: reminders back on, unless a safety pause still holds them."""
    d, message = deps(context), update.effective_message
    if message is not None and (user := await ready_user(update, d, message)) is not None:
        await _resume(message, d, user)


async def stop_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stop: no more reminders."""
    d, message = deps(context), update.effective_message
    if message is not None and (user := await ready_user(update, d, message)) is not None:
        await _stop(message, d, user)


def awaits(user: User) -> bool:
    """Reminder times or a zone are awaited after /settings asked for them (a zone also while
    "which place does EST mean?" is open: a typed city answers it too)."""
    return (
        user.awaiting in {AWAIT_TIMES, AWAIT_ZONE} or zones.asked(user, zones.SETTINGS) is not None
    )


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the times or zone still awaited."""
    message = update.effective_message
    if message is not None and awaits(user):
        key = "reminders.times_prompt" if user.awaiting == AWAIT_TIMES else "reminders.zone_prompt"
        await message.chat.send_message(deps(context).text(key))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """Typed reminder times or zone after /settings asked for them."""
    if not awaits(user):
        return False
    d, message = deps(context), update.effective_message
    assert message is not None and message.text is not None
    text = message.text
    if user.awaiting == AWAIT_TIMES:
        async with d.transaction() as session:
            schedule = await schedules.answer_times(
                session, user_id=user.id, text=text, now=d.now()
            )
        if schedule is None:
            await message.reply_text(d.text("reminders.times_invalid"))
            return True
        times = schedule.times.replace(",", ", ")
        await message.reply_text(
            d.text("reminders.times_set", times=times, next=local(user, schedule.next_due_at))
        )
        return True
    async with d.transaction() as session:
        match = await zones.answer_settings(
            session, user_id=user.id, text=text, aliases=d.content.zone_aliases, now=d.now()
        )
    if match.choices and (abbreviation := match.abbreviation):
        question, markup = _zones.question(
            d, abbreviation, match.choices, lambda n: SettingsZonePick(abbreviation, n).pack()
        )
        await message.reply_text(question, reply_markup=markup)
    elif match.zone is None:
        key = "timezones.offset_invalid" if match.bad_offset else "reminders.zone_invalid"
        await message.reply_text(d.text(key, text=echo(text)))
    else:
        zone_set = d.text("reminders.zone_set", zone=display_name(match.zone))
        await message.reply_text(_zones.with_notice(d, zone_set, match.fixed))
    return True


async def on_zone_pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /settings place button of "which place does EST mean?"; old or forged: "expired"."""
    d = deps(context)
    pressed = await unpacked_press(update, d, SettingsZonePick)
    if pressed is None:
        return
    query, message, who, press = pressed
    async with d.transaction() as session:
        match = await zones.pick_settings(
            session, user_id=who[0], abbreviation=press.abbr, n=press.n, now=d.now()
        )
    if match is None or match.zone is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    await edit_markup(message, None)
    zone_set = d.text("reminders.zone_set", zone=display_name(match.zone))
    await message.chat.send_message(_zones.with_notice(d, zone_set, match.fixed))
