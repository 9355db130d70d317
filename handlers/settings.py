"""The /settings handlers: the settings screen (times, days, zone, status) and its buttons,
and the typed times or zone it asks for.

Split from `handlers.reminders` (the prompt's buttons, /pause, /resume and /stop), so each
feature module reads on its own; the pause, resume and stop actions both offer are
`handlers._pausing`.

Callback data: `bot.buttons.SettingsPress` and `bot.buttons.SettingsZonePick`.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.buttons import SettingsPress, SettingsZonePick, WithdrawOffer
from bot.db import store
from bot.db.models import Schedule, User
from bot.deps import Deps
from bot.domain.zones import display_name
from bot.services import safety, schedules, therapy, zones
from bot.services.onboarding import is_onboarded
from handlers import _pausing, _zones
from handlers._schedule import days_markup, local, weekday_names
from handlers._shared import (
    button,
    deps,
    echo,
    edit_markup,
    keyboard,
    ready_user,
    stored_user,
    unpacked_press,
)

AWAIT_TIMES, AWAIT_ZONE = "settings_times", "settings_zone"


# --- the /settings screen ----------------------------------------------------------------------


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
    user = await stored_user(update, d)
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
        await _pausing.ask_pause(message, d)
    elif press.what == "pz":
        assert press.n is not None
        await _pausing.pause(
            message, d, user, schedules.pause_until(user, days=press.n, now=d.now())
        )
    elif press.what == "resume":
        await _pausing.resume(message, d, user)
    else:
        await _pausing.stop(message, d, user)


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


# --- typed answers and the place buttons -------------------------------------------------------


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
