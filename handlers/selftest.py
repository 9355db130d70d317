"""Self-test and progress handlers: /selftest walks the ten toes with buttons, /progress
draws the toes' states per test and the exercise days of each week since enrolment.

Callback data: `bot.buttons.SelftestAnswer` for answers, `bot.buttons.SelftestOpen` to start,
resume or start over.
"""

from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.ext import ContextTypes

from bot.buttons import SelftestAnswer, SelftestCode, SelftestOpen
from bot.db import store
from bot.deps import Deps
from bot.domain import selftest
from bot.domain.selftest import ToeChange
from bot.render import charts
from bot.services import progress, selftests
from bot.services.selftests import Report, Result, TestState
from handlers._pictures import draw
from handlers._shared import (
    button,
    deps,
    edit_markup,
    edit_text,
    ids,
    keyboard,
    ready_user,
    show_again,
    unpacked_press,
)

log = logging.getLogger(__name__)


def _foot(d: Deps, foot: str) -> str:
    return d.text(f"selftest.feet.{foot}")


def _toe(d: Deps, toe: int) -> str:
    return d.text(f"selftest.toes.{toe}")


def render_question(d: Deps, state: TestState) -> tuple[str, InlineKeyboardMarkup]:
    """The intro, the toe asked now, and the answer buttons."""
    assert state.question is not None
    foot, toe = state.question
    number = (0 if foot == "left" else 5) + toe
    text = (
        d.text("selftest.intro")
        + "\n\n"
        + d.text(
            "selftest.question",
            foot=_foot(d, foot),
            foot_lower=_foot(d, foot).lower(),
            toe=_toe(d, toe),
            number=number,
        )
    )

    def data(code: SelftestCode) -> str:
        return SelftestAnswer(state.test_id, state.seq, code).pack()

    rows = [
        [(d.text("selftest.buttons.alone"), data("a"))],
        [(d.text("selftest.buttons.follow"), data("f"))],
        [(d.text("selftest.buttons.cannot"), data("c"))],
    ]
    if state.previous is not None and toe == 1:
        rows.append([(d.text("selftest.buttons.same", foot=_foot(d, foot).lower()), data("s"))])
    rows.append([(d.text("selftest.buttons.later"), data("p"))])
    return text, keyboard(rows)


def chart_labels(d: Deps) -> dict[str, str]:
    """Every word drawn in the pictures, from content."""
    return {
        key.removeprefix("charts."): value
        for key, value in d.content.texts.entries.items()
        if key.startswith("charts.")
    }


def _change_line(d: Deps, change: ToeChange) -> str:
    return d.text(
        "selftest.change",
        foot_lower=_foot(d, change.foot).lower(),
        toe=_toe(d, change.toe),
        after=d.text(f"selftest.answers.{change.after.value}"),
    )


def render_report(d: Deps, report: Report) -> str:
    """Score, change since the last and the first test, in words."""
    lines = [
        d.text(
            "selftest.done",
            left=report.score.left,
            right=report.score.right,
            total=report.score.total,
        )
    ]
    if report.previous is None:
        lines.append(d.text("selftest.first_test"))
    else:
        lines.append("")
        lines.append(d.text("selftest.since_last", previous=report.previous.total))
        lines.extend(
            _change_line(d, c) for c in report.since_last
        ) if report.since_last else lines.append(d.text("selftest.no_change"))
    if report.first is not None and report.tests > 2:
        delta = report.score.total - report.first.total
        lines.append(d.text("selftest.since_first", first=report.first.total, delta=f"{delta:+d}"))
    return "\n".join(lines)


async def open_test(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message, *, restart: bool = False
) -> None:
    """Start a self-test, or resume the open one."""
    d = deps(context)
    user = await ready_user(update, d, message)
    if user is None:
        return
    async with d.transaction() as session:
        state, resumed = await selftests.start_or_resume(
            session, user=user, now=d.now(), restart=restart
        )
    if resumed:
        await message.chat.send_message(
            d.text("selftest.resume", done=len(state.answers)),
            reply_markup=keyboard(
                [[(d.text("selftest.buttons.restart"), SelftestOpen(restart=True).pack())]]
            ),
        )
    text, markup = render_question(d, state)
    sent = await message.chat.send_message(text, reply_markup=markup)
    async with d.transaction() as session:
        await selftests.set_message(session, test_id=state.test_id, message_id=sent.message_id)


async def selftest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/selftest: start or resume the toe self-test."""
    if update.effective_message is not None and ids(update) is not None:
        await open_test(update, context, update.effective_message)


async def on_open(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "take the self-test" and "start over" buttons."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, _who = pressed
    press = SelftestOpen.unpack(query.data)
    if press is None:
        await query.answer(deps(context).text("common.button_expired"))
        return
    await query.answer()
    await open_test(update, context, message, restart=press.restart)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A self-test answer: alone, others follow, cannot, "same as last time", or pause."""
    d = deps(context)
    unpacked = await unpacked_press(update, d, SelftestAnswer)
    if unpacked is None:
        return
    query, message, who, press = unpacked
    if press.code == "p":
        await query.answer()
        await edit_markup(message, None)
        await message.chat.send_message(d.text("selftest.paused"))
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        outcome = (
            selftests.Outcome(Result.FORBIDDEN)
            if user is None
            else await selftests.answer(
                session, user=user, test_id=press.test, seq=press.seq, code=press.code, now=d.now()
            )
        )
    await _show(query, message, d, outcome)


async def _show(
    query: CallbackQuery, message: Message, d: Deps, outcome: selftests.Outcome
) -> None:
    if outcome.result is Result.FORBIDDEN:
        await query.answer(d.text("selftest.not_yours"), show_alert=True)
        return
    if outcome.result is Result.STALE:
        await query.answer(d.text("selftest.already_recorded"))
        state = outcome.state
        # The answer is stored, but the next question may never have been shown (a crash
        # between the commit and the edit): show it on the test's own message again.
        if (
            state is not None
            and state.question is not None
            and state.message_id in (None, message.message_id)
        ):
            await show_again(message, *render_question(d, state))
        return
    if outcome.result is Result.INACTIVE:
        await query.answer(d.text("selftest.inactive"), show_alert=True)
        return
    await query.answer()
    assert outcome.state is not None
    if outcome.result is Result.MOVED:
        text, markup = render_question(d, outcome.state)
        await edit_text(message, text, markup)
        return
    assert outcome.report is not None
    await edit_markup(message, None)
    await send_report(message, d, outcome.report)


async def send_report(message: Message, d: Deps, report: Report) -> None:
    """The score in words, then the foot map picture with its text alternative."""
    await message.chat.send_message(render_report(d, report))
    previous = report.previous_answers
    picture = await draw(
        charts.foot_map,
        selftest.plain(report.answers),
        title=d.text("selftest.map_title"),
        labels=chart_labels(d),
        previous=selftest.plain(previous) if previous is not None else None,
        day=report.day,
    )
    await message.chat.send_photo(
        InputFile(picture.png, filename="foot-map.png"), caption=picture.alt_text
    )


async def progress_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/progress: a chart of the self-tests and the weekly drills, and a headline."""
    message = update.effective_message
    if message is None or ids(update) is None:
        return
    d = deps(context)
    user = await ready_user(update, d, message)
    if user is None:
        return
    async with d.transaction() as session:
        data = await progress.collect(session, user=user, now=d.now())
    if not data.points:
        await message.reply_text(d.text("selftest.progress_none"))
        return
    picture = await draw(
        charts.progress_chart,
        points=[(p.day, p.left, p.right) for p in data.points],
        adherence=data.adherence,
        title=d.text("selftest.progress_title"),
        labels=chart_labels(d),
        tests=data.tests,
        since=data.enrolled,
    )
    last = data.last_test.isoformat() if data.last_test else ""
    reading = d.text(
        f"selftest.trend.{data.headline}",
        delta=f"{data.trend.delta_total:+d}",
        days=data.days_since_test,
        date=last,
    )
    if data.headline != "stale":
        reading += "\n" + d.text("selftest.last_test", date=last)
    # The reading is content (HTML already); only the plain alt text needs escaping.
    caption = f"{reading}\n\n{html.escape(picture.alt_text, quote=False)}"
    await message.chat.send_photo(
        InputFile(picture.png, filename="progress.png"), caption=caption[:1024]
    )
