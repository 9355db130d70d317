"""Reminder handlers: the prompt's buttons (start, snooze, skip and why), /settings (times,
days, zone), /pause, /resume and /stop (the prompts themselves: `bot.delivery.reminders`).

Callback data: `pr:<prompt>:s` start, `pr:<prompt>:z:<minutes>` snooze, `pr:<prompt>:k` skip,
`pr:<prompt>:r:<reason>` skip reason, `se:<what>[:<arg>]` settings.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.db import store
from bot.db.models import Schedule, User
from bot.deps import Deps
from bot.domain import scheduling
from bot.domain.triage import Assessment, Evidence, Level
from bot.domain.zones import resolve_zone
from bot.services import safety, schedules
from bot.services.drills import AWAITING_PAIN
from bot.services.onboarding import is_onboarded
from handlers import drills as drill_handlers
from handlers import safety as safety_handlers
from handlers._shared import deps, echo, edit_markup, ids, keyboard, parse_data, ready_user

log = logging.getLogger(__name__)

PROMPT_PREFIX, SETTINGS_PREFIX = "pr", "se"
AWAIT_TIMES, AWAIT_ZONE = "settings_times", "settings_zone"
_PROMPT_RE = re.compile(r"^pr:(\d{1,9}):([szkr])(?::([a-z0-9]{1,12}))?$")
_SETTINGS_RE = re.compile(r"^se:([a-z]{1,8})(?::(\d{1,3}))?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _weekday_names(d: Deps, mask: int) -> str:
    if mask == scheduling.EVERY_DAY:
        return d.text("reminders.every_day")
    labels = _labels(d)
    return ", ".join(label for i, label in enumerate(labels) if mask & (1 << i))


def _labels(d: Deps) -> list[str]:
    return [d.text(f"reminders.weekdays.{i}") for i in range(7)]


def _local(d: Deps, user: User, instant: dt.datetime | None) -> str:
    if instant is None:
        return "-"
    return instant.astimezone(ZoneInfo(user.timezone or "UTC")).strftime("%a %d %b %H:%M")


async def _user(update: Update, d: Deps) -> User | None:
    who = ids(update)
    if who is None:
        return None
    async with d.transaction() as session:
        return await store.get_user(session, user_id=who[0])


# --- the prompt's buttons ---------------------------------------------------------------------


async def on_prompt_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start now, snooze, skip today, or the reason for skipping."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    d, message = deps(context), query.message
    match = parse_data(_PROMPT_RE, query.data)
    user = await _user(update, d)
    if match is None or user is None:
        await query.answer(d.text("common.button_expired"))
        return
    prompt_id, action, arg = int(match[1]), match[2], match[3]
    if action == "s":
        async with d.transaction() as session:
            prompt = await schedules.own_prompt(session, user=user, prompt_id=prompt_id)
            if prompt is not None and prompt.response is None:
                prompt.response = "start"
        if prompt is None:
            await query.answer(d.text("common.not_your_button"), show_alert=True)
            return
        await query.answer()
        await drill_handlers.start_today(update, context, message)
        return
    if action == "z" and arg is not None and arg.isdigit():
        async with d.transaction() as session:
            later = await schedules.snooze(
                session, user=user, prompt_id=prompt_id, minutes=int(arg), now=d.now()
            )
        if later is None:
            await query.answer(d.text("reminders.snooze_refused"))
            return
        await query.answer()
        await edit_markup(message, None)
        await message.chat.send_message(
            d.text("reminders.snoozed", time=_local(d, user, later.due_at)[-5:])
        )
        return
    if action == "k":
        async with d.transaction() as session:
            prompt = await schedules.skip(session, user=user, prompt_id=prompt_id, now=d.now())
        if prompt is None:
            await query.answer(d.text("reminders.snooze_refused"))
            return
        await query.answer()
        await edit_markup(message, None)
        rows = [
            [(d.text(f"reminders.skip_reasons.{r}"), f"{PROMPT_PREFIX}:{prompt_id}:r:{r}")]
            for r in schedules.SKIP_REASONS
        ]
        await message.chat.send_message(
            d.text("reminders.skip_question"), reply_markup=keyboard(rows)
        )
        return
    if action == "r" and arg is not None:
        async with d.transaction() as session:
            prompt = await schedules.skip_reason(
                session, user=user, prompt_id=prompt_id, reason=arg
            )
            if prompt is not None and arg == "pain":
                await store.set_awaiting(session, user_id=user.id, awaiting=AWAITING_PAIN)
        if prompt is None:
            await query.answer(d.text("reminders.snooze_refused"))
            return
        await query.answer()
        await edit_markup(message, None)
        await message.chat.send_message(d.text(f"reminders.skip_answers.{arg}"))
        if arg == "pain":
            # The same path as a pain stop in a drill: stop advice, then "where does it hurt?"
            assessment = Assessment(
                Level.STOP,
                ("exercise_pain",),
                (Evidence("exercise_pain", d.text(f"reminders.skip_reasons.{arg}")),),
            )
            await safety_handlers.escalate(
                message.get_bot(),
                d,
                user,
                source=safety.Source.SKIP_REASON,
                assessment=assessment,
                text=None,
            )
            await message.chat.send_message(d.text("drills.pain_question"))
        return
    await query.answer(d.text("common.button_expired"))


# --- /settings ---------------------------------------------------------------------------------


async def _settings_text(
    d: Deps, user: User, schedule: Schedule
) -> tuple[str, InlineKeyboardMarkup]:
    async with d.transaction() as session:
        pending = await safety.open_pause(session, user_id=user.id)
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
        status = d.text("reminders.status_on", next=_local(d, user, schedule.next_due_at))
    text = d.text(
        "reminders.settings",
        times=schedule.times.replace(",", ", "),
        days=_weekday_names(d, schedule.weekdays),
        zone=user.timezone or "UTC",
        status=status,
    )
    paused = schedule.paused or schedule.stopped
    rows = [
        [
            (d.text("reminders.buttons.change_times"), "se:times"),
            (d.text("reminders.buttons.days"), "se:days"),
        ],
        [(d.text("reminders.buttons.zone"), "se:zone")],
        [
            (d.text("reminders.buttons.resume"), "se:resume")
            if paused
            else (d.text("reminders.buttons.pause"), "se:pause"),
            (d.text("reminders.buttons.stop"), "se:stop"),
        ],
        # Handled by handlers.privacy (the `pv:` buttons).
        [(d.text("reminders.buttons.withdraw"), "pv:w")],
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


def _days_markup(d: Deps, mask: int) -> InlineKeyboardMarkup:
    labels = _labels(d)
    row1 = [(("✅ " if mask & (1 << i) else "⬜ ") + labels[i], f"se:day:{i}") for i in range(4)]
    row2 = [(("✅ " if mask & (1 << i) else "⬜ ") + labels[i], f"se:day:{i}") for i in range(4, 7)]
    return keyboard([row1, row2, [(d.text("reminders.buttons.days_done"), "se:ddone")]])


async def on_settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /settings button."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    d, message = deps(context), query.message
    match = parse_data(_SETTINGS_RE, query.data)
    user = await _user(update, d)
    if match is None or not is_onboarded(user):
        await query.answer(d.text("common.button_expired"))
        return
    assert user is not None
    what, arg = match[1], match[2]
    await query.answer()
    if what in {"times", "zone"}:
        async with d.transaction() as session:
            awaiting = AWAIT_TIMES if what == "times" else AWAIT_ZONE
            await store.set_awaiting(session, user_id=user.id, awaiting=awaiting)
        await message.chat.send_message(
            d.text("reminders.times_prompt" if what == "times" else "reminders.zone_prompt")
        )
        return
    if what == "days":
        async with d.transaction() as session:
            schedule = await store.get_schedule(session, user_id=user.id)
        if schedule is not None:
            await message.chat.send_message(
                d.text("reminders.days_prompt"), reply_markup=_days_markup(d, schedule.weekdays)
            )
        return
    if what == "day" and arg is not None and int(arg) < 7:
        async with d.transaction() as session:
            schedule = await store.get_schedule(session, user_id=user.id)
            mask = (schedule.weekdays if schedule else 0) ^ (1 << int(arg))
            if mask == 0:
                schedule = None
            elif schedule is not None:
                schedule = await schedules.set_weekdays(
                    session, user=user, weekdays=mask, now=d.now()
                )
        if schedule is None:
            await message.chat.send_message(d.text("reminders.days_need_one"))
            return
        await edit_markup(message, _days_markup(d, schedule.weekdays))
        return
    if what == "ddone":
        async with d.transaction() as session:
            schedule = await store.get_schedule(session, user_id=user.id)
        await edit_markup(message, None)
        if schedule is not None:
            await message.chat.send_message(
                d.text("reminders.days_set", days=_weekday_names(d, schedule.weekdays))
            )
        return
    if what == "pause":
        await _ask_pause(message, d)
        return
    if what == "pz" and arg is not None:
        days = int(arg)
        until = (
            None
            if days == 0
            else (
                d.now().astimezone(ZoneInfo(user.timezone or "UTC")).date()
                + dt.timedelta(days=days)
            )
        )
        await _pause(message, d, user, until)
        return
    if what == "resume":
        await _resume(message, d, user)
        return
    if what == "stop":
        await _stop(message, d, user)
        return
    await message.chat.send_message(d.text("common.button_expired"))


async def _ask_pause(message: Message, d: Deps) -> None:
    rows = [
        [
            (d.text("reminders.buttons.pause1"), "se:pz:1"),
            (d.text("reminders.buttons.pause3"), "se:pz:3"),
            (d.text("reminders.buttons.pause7"), "se:pz:7"),
        ],
        [(d.text("reminders.buttons.pause_open"), "se:pz:0")],
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
            d.text("safety.resume_held"), reply_markup=safety_handlers.confirm_markup(d, held)
        )
        return
    await message.chat.send_message(
        d.text("reminders.resumed", next=_local(d, user, schedule.next_due_at))
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
    today = d.now().astimezone(ZoneInfo(user.timezone or "UTC")).date()
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
    """Reminder times or a zone are awaited after /settings asked for them."""
    return user.awaiting in {AWAIT_TIMES, AWAIT_ZONE}


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the times or zone still awaited."""
    message = update.effective_message
    if message is not None and awaits(user):
        key = "reminders.times_prompt" if user.awaiting == AWAIT_TIMES else "reminders.zone_prompt"
        await message.chat.send_message(deps(context).text(key))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """Typed reminder times or zone after /settings asked for them."""
    if user.awaiting not in {AWAIT_TIMES, AWAIT_ZONE}:
        return False
    d, message = deps(context), update.effective_message
    assert message is not None and message.text is not None
    text = message.text
    async with d.transaction() as session:
        fresh = await store.get_user(session, user_id=user.id)
        assert fresh is not None
        if user.awaiting == AWAIT_TIMES:
            times = schedules.parse_times(text)
            schedule = (
                await schedules.set_times(session, user=fresh, times=times, now=d.now())
                if times
                else None
            )
            if schedule is not None:
                fresh.awaiting = None
        else:
            match = resolve_zone(text, d.content.zone_aliases)
            if match.zone is not None:
                await store.set_timezone(session, user=fresh, zone=match.zone, now=d.now())
                fresh.awaiting = None
    if user.awaiting == AWAIT_TIMES:
        if schedule is None:
            await message.reply_text(d.text("reminders.times_invalid"))
        else:
            await message.reply_text(
                d.text(
                    "reminders.times_set",
                    times=schedule.times.replace(",", ", "),
                    next=_local(d, fresh, schedule.next_due_at),
                )
            )
        return True
    if match.zone is None:
        await message.reply_text(d.text("reminders.zone_invalid", text=echo(text)))
    else:
        await message.reply_text(d.text("reminders.zone_set", zone=match.zone))
    return True
