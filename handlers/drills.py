"""Guided drill handlers: /today, /exercises, the drill and library buttons.

Callback data: `bot.buttons.DrillStep` for steps, `bot.buttons.StartToday` for today's
session, `bot.buttons.LibraryPress` for the library. The drill message is edited in place
step by step; every press is checked by `bot.services.drills`.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.buttons import AfterPain, DrillStep, LibraryPress, StartToday
from bot.db import store
from bot.db.models import User
from bot.delivery.escalations import workflow
from bot.deps import Deps
from bot.domain import assessments
from bot.domain.escalation import Source
from bot.domain.variants import for_patient, frequency_line
from bot.services import drill_days, drills, escalations
from bot.services.drills import Action, Outcome, Result
from handlers._drill import render_step, send_end, send_step, start_today
from handlers._shared import (
    button,
    chat_reply,
    deps,
    edit_markup,
    edit_text,
    ids,
    keyboard,
    ready_user,
    seen_user,
    show_again,
    unpacked_press,
)

log = logging.getLogger(__name__)


async def today_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/today: start today's programme, or continue it where it was left."""
    if update.effective_message is not None and ids(update) is not None:
        await start_today(update, context, update.effective_message)


async def exercises_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/exercises: the exercise library as buttons."""
    message = update.effective_message
    if message is None or ids(update) is None:
        return
    d = deps(context)
    rows = [
        [(e.title, LibraryPress("c", e.id).pack())] for e in d.content.catalog.exercises.values()
    ]
    rows.append(
        [
            (d.text("drills.tips_button"), LibraryPress("i", "tips").pack()),
            (d.text("drills.faq_button"), LibraryPress("i", "faq").pack()),
        ]
    )
    await message.reply_text(d.text("drills.list_intro"), reply_markup=keyboard(rows))


def render_reading(d: Deps, which: str) -> str:
    """The do's and don'ts, or the FAQ, from the library content (with its disclaimer)."""
    library = d.content.catalog.library
    if which == "tips":
        lines = [d.text("drills.dos_title"), *(f"✅ {x}" for x in library.dos), ""]
        lines += [d.text("drills.donts_title"), *(f"❌ {x}" for x in library.donts)]
    else:
        lines = [d.text("drills.faq_title")]
        for entry in library.faq:
            lines += ["", f"<b>{entry.question}</b>", entry.answer]
    return "\n".join([*lines, "", f"<i>{library.disclaimer}</i>"])


async def on_library_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The library: a reading, an exercise's card, or starting one exercise on its own."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d = deps(context)
    press = LibraryPress.unpack(query.data)
    if press is not None and press.what == "i":
        await query.answer()
        await message.chat.send_message(render_reading(d, press.item))
        return
    exercise = d.content.catalog.exercises.get(press.item) if press else None
    if press is None or exercise is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    if press.what == "go":
        await _start_exercise(update, d, message, exercise.id)
        return
    async with d.transaction() as session:
        locked = await drill_days.exercise_locked(
            session,
            user_id=who[0],
            catalog=d.content.catalog,
            exercise_id=exercise.id,
            unlock_all=d.settings.unlock_resistance,
        )
        user = await store.get_user(session, user_id=who[0])
    if locked:
        await message.chat.send_message(d.text("drills.locked"))
        return
    # The version this patient sees: with diabetes (or not sure) the barefoot walk is indoors.
    exercise = for_patient(exercise, user.diabetes if user is not None else None)
    about = [exercise.summary, frequency_line(d.text, exercise.frequency)]
    if exercise.optional:
        about.append(d.text("drills.optional"))
    text = f"<b>{exercise.title}</b>\n" + "\n".join(filter(None, about)) + "\n\n"
    text += "\n".join("⚠️ " + note for note in exercise.safety)
    go = LibraryPress("go", exercise.id).pack()
    buttons = [[(d.text("drills.buttons.start_exercise"), go)]]
    await message.chat.send_message(text, reply_markup=keyboard(buttons))


async def _start_exercise(update: Update, d: Deps, message: Message, exercise_id: str) -> None:
    user = await ready_user(update, d, message)
    if user is None:
        return
    async with d.transaction() as session:
        view = await drills.start_exercise(
            session,
            user=user,
            catalog=d.content.catalog,
            exercise_id=exercise_id,
            unlock_all=d.settings.unlock_resistance,
            now=d.now(),
        )
    if view is None:
        await message.chat.send_message(d.text("drills.locked"))
        return
    await send_step(message, d, view)


async def on_start_today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "start today's session" button."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, _who = pressed
    if StartToday.unpack(query.data) is None:
        await query.answer(deps(context).text("common.button_expired"))
        return
    await query.answer()
    await start_today(update, context, message)


async def on_after_pain(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The question before today's drill after a pain stop: start anyway, or rest today."""
    d = deps(context)
    unpacked = await unpacked_press(update, d, AfterPain)
    if unpacked is None:
        return
    query, message, _who, press = unpacked
    await query.answer()
    await edit_markup(message, None)
    if press.choice == "rest":
        await message.chat.send_message(d.text("drills.rest_noted"))
        return
    await start_today(update, context, message, anyway=True)


async def on_drill_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A drill step's button: next, repeat, pain stop or skip."""
    d = deps(context)
    unpacked = await unpacked_press(update, d, DrillStep)
    if unpacked is None:
        return
    query, message, who, press = unpacked
    seen = seen_user(context, who[0])
    async with d.transaction() as session:
        if seen is not None:
            user: User | None = await session.merge(seen, load=False)
        else:
            user = await store.get_user(session, user_id=who[0])
        if user is None:
            outcome = Outcome(Result.FORBIDDEN)
        else:
            outcome = await drills.press(
                session,
                user=user,
                drill_id=press.drill,
                seq=press.seq,
                action=Action(press.action),
                catalog=d.content.catalog,
                now=d.now(),
            )
    await _show_outcome(query, message, d, outcome, user)


async def _show_outcome(
    query: CallbackQuery, message: Message, d: Deps, outcome: Outcome, user: User | None
) -> None:
    answer_query = query.answer
    if outcome.result is Result.FORBIDDEN:
        await answer_query(d.text("drills.not_yours"), show_alert=True)
        return
    if outcome.result is Result.STALE:
        await answer_query(d.text("drills.already_recorded"))
        view = outcome.view
        # The answer is stored, but its screen may never have been shown (a crash between
        # the commit and the edit): show the current step on the drill's own message, so
        # the buttons work again. An older message of the same drill is left as it is.
        if view is not None and view.message_id in (None, message.message_id):
            await show_again(message, *render_step(d, view))
        return
    if outcome.result is Result.INACTIVE:
        await answer_query(d.text("drills.inactive"), show_alert=True)
        buttons = [[(d.text("drills.buttons.start_today"), StartToday().pack())]]
        await message.chat.send_message(d.text("drills.inactive"), reply_markup=keyboard(buttons))
        return
    await answer_query()
    if outcome.result is Result.MOVED:
        assert outcome.view is not None
        text, markup = render_step(d, outcome.view)
        await edit_text(message, text, markup)
        return
    # The drill ended: leave the last screen readable, without buttons.
    marker = d.text(
        "drills.stopped_here" if outcome.result is Result.PAIN else "drills.completed_marker"
    )
    with contextlib.suppress(BadRequest):
        await edit_text(message, f"{message.text_html}\n\n{marker}", None)
    if outcome.result is Result.PAIN:
        assert user is not None
        await escalations.escalate(
            workflow(d),
            user,
            source=Source.PAIN_STOP,
            assessment=assessments.exercise_pain(d.text("drills.pain_words")),
            text=None,
            # The patient tapped a button: say so, rather than "you said ...".
            raised_reason=d.text(
                "drills.pain_echo",
                button=d.text("drills.buttons.pain"),
                exercise=outcome.exercise_title or "",
            ),
            reply=chat_reply(message),
        )
        await message.chat.send_message(d.text("drills.pain_question"))
        return
    assert outcome.summary is not None and user is not None
    await send_end(message, d, user, outcome.drill_id, outcome.summary)
