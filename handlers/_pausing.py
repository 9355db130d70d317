"""The pause, resume and stop actions on a patient's reminders, with their replies (a stop
is also told to the patient's therapist: `bot.delivery.changes`).

Shared by the /settings buttons (`handlers.settings`) and the /pause, /resume and /stop
commands (`handlers.reminders`), which as feature modules may not import each other.
"""

from __future__ import annotations

import datetime as dt

from telegram import Message

from bot.buttons import PAUSE_DAYS, SettingsPress
from bot.db import store
from bot.db.models import User
from bot.delivery.changes import tell_therapist_of_event
from bot.deps import Deps
from bot.domain.changes import PatientEvent
from bot.services import safety, schedules, therapy
from handlers._schedule import confirm_markup, local
from handlers._shared import keyboard


async def ask_pause(message: Message, d: Deps) -> None:
    """Ask how long to pause: the day counts of `PAUSE_DAYS`, or until resumed."""
    rows = [
        [
            (d.text(f"reminders.buttons.pause{n}"), SettingsPress("pz", n).pack())
            for n in PAUSE_DAYS
            if n
        ],
        [(d.text("reminders.buttons.pause_open"), SettingsPress("pz", 0).pack())],
    ]
    await message.chat.send_message(d.text("reminders.pause_question"), reply_markup=keyboard(rows))


async def pause(message: Message, d: Deps, user: User, until: dt.date | None) -> None:
    """Pause the reminders until `until` (None: until resumed) and say so."""
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


async def resume(message: Message, d: Deps, user: User) -> None:
    """Reminders back on and when the next comes, unless a safety pause still holds them."""
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


async def stop(message: Message, d: Deps, user: User) -> None:
    """No more reminders, and say so; their active therapist is told (names only)."""
    now = d.now()
    async with d.transaction() as session:
        before = await store.get_schedule(session, user_id=user.id)
        # Only a real change is news: /stop again while stopped tells nobody twice.
        already = before is not None and before.stopped
        schedule = await schedules.stop(session, user=user, now=now)
        fresh = await store.get_user(session, user_id=user.id)
        therapist = (
            await therapy.active_therapist(session, user_id=fresh.therapist_id)
            if schedule is not None and not already and fresh and fresh.therapist_id
            else None
        )
    await message.chat.send_message(
        d.text("reminders.stopped" if schedule else "reminders.no_schedule")
    )
    if therapist is not None and fresh is not None:
        await tell_therapist_of_event(
            d.notifier,
            d.content.texts,
            therapist_chat_id=therapist.user_id,
            patient_name=fresh.display_name or str(fresh.id),
            event=PatientEvent.REMINDERS_STOPPED,
            # The settings message is pressed again after a /resume: the time keeps it apart.
            token=f"{message.chat_id}:{message.message_id}:{int(now.timestamp())}",
        )
