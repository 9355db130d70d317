"""Drill screens shared by the drill handlers, typed chat commands and the prompt's "start now":
one step's text and buttons, sending it, starting or resuming today's drill, and the
end-of-drill summary.

Callback data: `bot.buttons.DrillStep` (`dr:<drill>:<seq>:<action>`).
"""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.buttons import AfterPain, DrillStep, SelftestOpen
from bot.content.exercises import Exercise
from bot.db.models import User
from bot.deps import Deps
from bot.domain.prescription import Dose
from bot.domain.variants import frequency_line
from bot.services import drills
from bot.services.drills import Action, StepView, Summary
from handlers._checkin import send_checkin
from handlers._prescription import dose_text
from handlers._schedule import confirm_markup
from handlers._shared import deps, keyboard, ready_user


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
        lines += _exercise_intro(d, s.exercise, s.dose)
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
    if s.step.reps and s.step.reps_unit and s.dose is not None:
        # The therapist's number in place of the article's, in the article's unit.
        lines.append(t("prescriptions.drill.reps", n=s.dose.repetitions, unit=s.step.reps_unit))
    elif s.step.reps and s.step.reps_unit:
        lines.append(t("drills.reps", reps=s.step.reps, unit=s.step.reps_unit))
    if s.step.cue:
        lines.append("💡 " + s.step.cue)
    if s.step.safety:
        lines.append("⚠️ " + s.step.safety)
    if s.first_of_exercise:
        lines.extend("⚠️ " + note for note in s.exercise.safety[:1])
    if view.round > 1:
        lines.append(t("drills.repeat_note", round=view.round))
    return "\n".join(lines), _step_buttons(d, view)


def _exercise_intro(d: Deps, exercise: Exercise, dose: Dose | None = None) -> list[str]:
    """The lines above an exercise's first step: what it is, what it needs, how often (as
    the therapist prescribed it, when they did)."""
    t = d.text
    lines = [exercise.summary]
    extras = []
    if exercise.barefoot:
        extras.append(t("drills.barefoot"))
    if exercise.equipment:
        extras.append(t("drills.equipment", items=", ".join(exercise.equipment)))
    if extras:
        lines.append(" ".join(extras))
    how_often = (
        t("prescriptions.drill.plan", dose=dose_text(d, dose, has_sides=exercise.per_foot))
        if dose is not None
        else frequency_line(t, exercise.frequency)
    )
    if how_often:
        lines.append(how_often)
    if exercise.optional:
        lines.append(t("drills.optional"))
    return lines


def _step_buttons(d: Deps, view: StepView) -> InlineKeyboardMarkup:
    """Next, repeat, pain and skip, each bound to this drill screen (`view.seq`)."""
    t = d.text

    def data(action: Action) -> str:
        return DrillStep(view.drill_id, view.seq, action.value).pack()

    return keyboard(
        [
            [
                (t("drills.buttons.next"), data(Action.NEXT)),
                (t("drills.buttons.repeat"), data(Action.REPEAT)),
            ],
            [
                (t("drills.buttons.pain"), data(Action.PAIN)),
                (t("drills.buttons.skip"), data(Action.SKIP)),
            ],
        ]
    )


async def send_step(message: Message, d: Deps, view: StepView) -> None:
    """Send a drill screen as a new message and remember it as the drill's message."""
    text, markup = render_step(d, view)
    sent = await message.chat.send_message(text, reply_markup=markup)
    async with d.transaction() as session:
        await drills.set_message(session, drill_id=view.drill_id, message_id=sent.message_id)


async def drop_old_buttons(message: Message, old_message_id: int | None) -> None:
    """Take the buttons off an older message of the drill (resumed in a new one)."""
    if old_message_id is None:
        return
    # The old message may be gone or already plain: nothing to undo then.
    with contextlib.suppress(BadRequest):
        await message.get_bot().edit_message_reply_markup(
            message.chat.id, old_message_id, reply_markup=None
        )


async def start_today(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    *,
    anyway: bool = False,
) -> None:
    """Start (or resume) today's programme in `message`'s chat; after a pain stop today, ask
    first (unless `anyway`: the patient chose to start)."""
    d = deps(context)
    # The row read at the start of this update, when nothing has used it yet (no second read).
    user = await ready_user(update, d, message, context)
    if user is None:
        return
    async with d.transaction() as session:
        today = await drills.today(
            session,
            user=user,
            catalog=d.content.catalog,
            unlock_all=d.settings.unlock_resistance,
            now=d.now(),
            anyway=anyway,
        )
    view, resumed = today.view, today.resumed
    if today.held is not None:
        await message.chat.send_message(
            d.text("drills.held"), reply_markup=confirm_markup(d, today.held)
        )
        return
    if view is None:
        buttons = [
            [
                (d.text("drills.buttons.start_anyway"), AfterPain("go").pack()),
                (d.text("drills.buttons.rest_today"), AfterPain("rest").pack()),
            ]
        ]
        await message.chat.send_message(d.text("drills.after_pain"), reply_markup=keyboard(buttons))
        return
    if resumed:
        await drop_old_buttons(message, view.message_id)
        await message.chat.send_message(d.text("drills.resumed"))
    await send_step(message, d, view)


def _minutes(d: Deps, summary: Summary) -> str:
    minutes = int(summary.duration.total_seconds() // 60)
    if minutes < 1:
        return d.text("drills.minutes.under_one")
    return (
        d.text("drills.minutes.one") if minutes == 1 else d.text("drills.minutes.many", n=minutes)
    )


def render_summary(d: Deps, summary: Summary) -> str:
    """The end-of-drill message: time, done, skipped, streak (no praise when nothing was done)."""
    t = d.text
    if not summary.completed:
        return t("drills.summary_none_done")
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


async def send_end(
    message: Message, d: Deps, user: User, drill_id: int | None, summary: Summary
) -> None:
    """The end of a drill, whether its last step was tapped or typed: the summary, then "how
    did your feet feel?" and the self-test offer when due. After a session with every
    exercise skipped there is nothing to feel or test, so only the (kind) summary."""
    await message.chat.send_message(render_summary(d, summary))
    if not summary.completed:
        return
    await send_checkin(message, d, user, drill_id=drill_id)
    if summary.selftest_due:
        buttons = [[(d.text("selftest.buttons.take"), SelftestOpen().pack())]]
        await message.chat.send_message(d.text("selftest.offer"), reply_markup=keyboard(buttons))
