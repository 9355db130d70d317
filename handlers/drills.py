"""Guided drill handlers: /today, /exercises, the drill buttons and the pain follow-up.

Callback data: `dr:<drill id>:<seq>:<action>` for steps, `dr:start` to start today's
session, `ex:<exercise id>` to open an exercise card and `ex:go:<exercise id>` to start it.
The drill message is edited in place step by step; every press is checked by `bot.services.drills`.
"""

from __future__ import annotations

import contextlib
import logging
import re

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.db import store
from bot.db.models import User
from bot.deps import Deps
from bot.services import drills, selftests
from bot.services.drills import Action, Outcome, Result, StepView, Summary
from handlers import safety
from handlers import selftest as selftest_handlers
from handlers._shared import (
    button,
    deps,
    edit_text,
    ids,
    keyboard,
    parse_data,
    ready_user,
    show_again,
)
from handlers.onboarding import START_TODAY

log = logging.getLogger(__name__)

DRILL_PREFIX = "dr"
LIBRARY_PREFIX = "ex"
_PRESS_RE = re.compile(r"^dr:(\d{1,9}):(\d{1,9}):([nrps])$")
_EXERCISE_RE = re.compile(r"^ex:(go:)?([a-z0-9-]{1,40})$")
TIPS, FAQ = "ex:i:tips", "ex:i:faq"


async def unlocked(d: Deps, session: AsyncSession, user: User) -> frozenset[str]:
    """Content unlock conditions this user meets: band work once the self-test shows better
    control than at the start (or for everyone, by the UNLOCK_RESISTANCE setting)."""
    if d.settings.unlock_resistance or await selftests.control_improved(session, user_id=user.id):
        return frozenset({"selftest_improved"})
    return frozenset()


def render_step(d: Deps, view: StepView) -> tuple[str, InlineKeyboardMarkup]:
    """The text and buttons of one drill screen."""
    t, s = d.text, view.screen
    foot = t(f"drills.foot.{s.foot}") if s.foot else ""
    lines = [
        t(
            "drills.header",
            exercise=s.exercise.title,
            exercise_number=s.exercise_number,
            exercise_count=s.exercise_count,
            step_number=s.step_number,
            step_count=s.step_count,
        )
        + foot
    ]
    if s.first_of_exercise:
        lines.append(s.exercise.summary)
        extras = []
        if s.exercise.barefoot:
            extras.append(t("drills.barefoot"))
        if s.exercise.equipment:
            extras.append(t("drills.equipment", items=", ".join(s.exercise.equipment)))
        if extras:
            lines.append(" ".join(extras))
    lines.append("")
    lines.append(f"<b>{s.step.title}</b>")
    # Step texts are content (trusted, validated HTML), so they are not escaped again.
    lines.append(s.step.instruction)
    if s.step.hold_seconds:
        low, high = s.step.hold_seconds
        lines.append(
            t("drills.hold_one", seconds=low)
            if low == high
            else t("drills.hold", low=low, high=high)
        )
    if s.step.reps and s.step.reps_unit:
        lines.append(t("drills.reps", reps=s.step.reps, unit=s.step.reps_unit))
    if s.step.cue:
        lines.append("💡 " + s.step.cue)
    if s.step.safety:
        lines.append("⚠️ " + s.step.safety)
    if s.first_of_exercise:
        lines.extend("⚠️ " + note for note in s.exercise.safety[:1])
    if view.round > 1:
        lines.append(t("drills.repeat_note", round=view.round))
    base = f"{DRILL_PREFIX}:{view.drill_id}:{view.seq}"
    markup = keyboard(
        [
            [
                (t("drills.buttons.next"), f"{base}:{Action.NEXT}"),
                (t("drills.buttons.repeat"), f"{base}:{Action.REPEAT}"),
            ],
            [
                (t("drills.buttons.pain"), f"{base}:{Action.PAIN}"),
                (t("drills.buttons.skip"), f"{base}:{Action.SKIP}"),
            ],
        ]
    )
    return "\n".join(lines), markup


def _minutes(d: Deps, summary: Summary) -> str:
    minutes = int(summary.duration.total_seconds() // 60)
    if minutes < 1:
        return d.text("drills.minutes.under_one")
    return (
        d.text("drills.minutes.one") if minutes == 1 else d.text("drills.minutes.many", n=minutes)
    )


def render_summary(d: Deps, summary: Summary) -> str:
    """The end-of-drill message: time, done, skipped, streak."""
    t = d.text
    lines = [
        t(
            "drills.summary",
            minutes=_minutes(d, summary),
            done=", ".join(summary.done) or t("drills.none"),
        )
    ]
    if summary.skipped:
        lines.append(t("drills.summary_skipped", skipped=", ".join(summary.skipped)))
    if summary.streak <= 1:
        lines.append(t("drills.summary_streak_one"))
    else:
        lines.append(t("drills.summary_streak", days=t("drills.days.many", n=summary.streak)))
    return "\n".join(lines)


async def _send_step(message: Message, d: Deps, view: StepView) -> None:
    text, markup = render_step(d, view)
    sent = await message.chat.send_message(text, reply_markup=markup)
    async with d.transaction() as session:
        await drills.set_message(session, drill_id=view.drill_id, message_id=sent.message_id)


async def _drop_old_buttons(message: Message, old_message_id: int | None) -> None:
    if old_message_id is None:
        return
    # The old message may be gone or already plain: nothing to undo then.
    with contextlib.suppress(BadRequest):
        await message.get_bot().edit_message_reply_markup(
            message.chat.id, old_message_id, reply_markup=None
        )


async def start_today(update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message) -> None:
    """Start (or resume) today's programme in `message`'s chat."""
    d = deps(context)
    user = await ready_user(update, d, message)
    if user is None:
        return
    async with d.transaction() as session:
        current = await drills.active_drill(session, user_id=user.id)
        if current is not None and current.local_day == drills.local_today(user, d.now()):
            view = await drills.resume(session, drill=current, catalog=d.content.catalog)
            resumed = True
        else:
            view = await drills.start(
                session,
                user=user,
                catalog=d.content.catalog,
                unlocked=await unlocked(d, session, user),
                now=d.now(),
            )
            resumed = False
    if resumed:
        await _drop_old_buttons(message, view.message_id)
        await message.chat.send_message(d.text("drills.resumed"))
    await _send_step(message, d, view)


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
    rows = [[(e.title, f"{LIBRARY_PREFIX}:{e.id}")] for e in d.content.catalog.exercises.values()]
    rows.append([(d.text("drills.tips_button"), TIPS), (d.text("drills.faq_button"), FAQ)])
    await message.reply_text(d.text("drills.list_intro"), reply_markup=keyboard(rows))


def render_reading(d: Deps, which: str) -> str:
    """The do's and don'ts, or the FAQ, from the library content (with its disclaimer)."""
    library = d.content.catalog.library
    if which == TIPS:
        lines = [d.text("drills.dos_title"), *(f"✅ {x}" for x in library.dos), ""]
        lines += [d.text("drills.donts_title"), *(f"❌ {x}" for x in library.donts)]
    else:
        lines = [d.text("drills.faq_title")]
        for entry in library.faq:
            lines += ["", f"<b>{entry.question}</b>", entry.answer]
    return "\n".join([*lines, "", f"<i>{library.disclaimer}</i>"])


async def on_library_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An exercise of the library: show its card, or start it on its own."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message) or ids(update) is None:
        return
    d = deps(context)
    if query.data in {TIPS, FAQ}:
        await query.answer()
        await query.message.chat.send_message(render_reading(d, query.data))
        return
    match = parse_data(_EXERCISE_RE, query.data)
    exercise = d.content.catalog.exercises.get(match[2]) if match else None
    if match is None or exercise is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    user = await ready_user(update, d, query.message) if match[1] else None
    if match[1] and user is None:
        return
    if exercise.unlock:
        async with d.transaction() as session:
            who = ids(update)
            assert who is not None
            me = user or await store.get_user(session, user_id=who[0])
            met = await unlocked(d, session, me) if me is not None else frozenset()
        if exercise.unlock not in met:
            await query.message.chat.send_message(d.text("drills.locked"))
            return
    if not match[1]:
        text = f"<b>{exercise.title}</b>\n{exercise.summary}\n\n" + "\n".join(
            "⚠️ " + note for note in exercise.safety
        )
        buttons = [
            [(d.text("drills.buttons.start_exercise"), f"{LIBRARY_PREFIX}:go:{exercise.id}")],
        ]
        await query.message.chat.send_message(text, reply_markup=keyboard(buttons))
        return
    assert user is not None
    async with d.transaction() as session:
        view = await drills.start(
            session,
            user=user,
            catalog=d.content.catalog,
            unlocked=await unlocked(d, session, user),
            now=d.now(),
            exercise_id=exercise.id,
        )
    await _send_step(query.message, d, view)


async def on_drill_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A drill button: next, repeat, pain stop, skip, or start today's session."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d = deps(context)
    if query.data == START_TODAY:
        await query.answer()
        await start_today(update, context, message)
        return
    match = parse_data(_PRESS_RE, query.data)
    if match is None:
        await query.answer(d.text("common.button_expired"))
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        if user is None:
            outcome = Outcome(Result.FORBIDDEN)
        else:
            outcome = await drills.press(
                session,
                user=user,
                drill_id=int(match[1]),
                seq=int(match[2]),
                action=Action(match[3]),
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
        buttons = [[(d.text("drills.buttons.start_today"), START_TODAY)]]
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
        await safety.pain_stop(message.get_bot(), d, user, words=d.text("drills.pain_words"))
        await message.chat.send_message(d.text("drills.pain_question"))
        return
    assert outcome.summary is not None and user is not None
    await message.chat.send_message(render_summary(d, outcome.summary))
    await safety.send_checkin(message, d, user, drill_id=outcome.drill_id)
    if outcome.summary.selftest_due:
        buttons = [[(d.text("selftest.buttons.take"), selftest_handlers.OPEN)]]
        await message.chat.send_message(d.text("selftest.offer"), reply_markup=keyboard(buttons))
