"""Reminder prompts on the wire: the dispatcher's renderer (words by prompt kind, buttons
carrying the prompt id), the process's one dispatcher, and its periodic tick.

The dispatcher is built once per process by the composition root (`bot.app`) with the
process's shared sender and rate limiter, and kept in `bot_data`; the tick job and the tests
reach it through :func:`dispatcher_for`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import MutableMapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import ContextTypes

from bot.buttons import PromptPress
from bot.config import quiet_window
from bot.delivery.dispatcher import DispatchConfig, Dispatcher, PromptItem
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.senders import Sender
from bot.deps import Deps
from bot.domain.reminders import SNOOZE_MINUTES, PromptKind
from bot.domain.variants import daily_foot_check

__all__ = [
    "DISPATCHER_KEY",
    "FREE_BROADCAST_RATE",
    "build_dispatcher",
    "dispatch_job",
    "dispatcher_for",
    "prompt_markup",
    "render_prompt",
    "stop_dispatcher",
]

log = logging.getLogger(__name__)

DISPATCHER_KEY = "dispatcher"
# Telegram's documented broadcast limit for bots that do not pay (messages per second).
FREE_BROADCAST_RATE = 30
_PROMPT_KEYS: dict[str, str] = {
    PromptKind.FOLLOWUP: "reminders.prompt_followup",
    PromptKind.SNOOZE: "reminders.prompt_snoozed",
}


def prompt_markup(d: Deps, prompt_id: int) -> InlineKeyboardMarkup:
    """Start now, snooze 30 min / 1 h / 3 h, skip today."""
    rows = [
        [(d.text("reminders.buttons.start"), PromptPress(prompt_id, "s").pack())],
        [
            (d.text(f"reminders.buttons.snooze{m}"), PromptPress(prompt_id, "z", str(m)).pack())
            for m in SNOOZE_MINUTES
        ],
        [(d.text("reminders.buttons.skip"), PromptPress(prompt_id, "k").pack())],
    ]
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def render_prompt(d: Deps, item: PromptItem) -> tuple[str, InlineKeyboardMarkup | None]:
    """The dispatcher's renderer: words by prompt kind, buttons carrying the prompt id.

    Called for every prompt in the hot path, so it reads nothing from the database: the
    claim brought the diabetes answer, which adds the article's daily foot-check tip to the
    daily prompt (yes or not sure, `variants.daily_foot_check`).
    """
    text = d.text(_PROMPT_KEYS.get(item.kind, "reminders.prompt"))
    if item.kind == PromptKind.DAILY and daily_foot_check(item.diabetes):
        text += "\n\n" + d.text("reminders.foot_check")
    return text, prompt_markup(d, item.prompt_id)


def build_dispatcher(d: Deps, *, sender: Sender, limiter: RateLimiter) -> Dispatcher:
    """The process's dispatcher, sharing the sender and the limiter with the notifier.

    With PAID_BROADCAST its prompts carry ``allow_paid_broadcast`` (PROMPT_RATE up to
    1,000/s); without it, a PROMPT_RATE above Telegram's free 30/s is used as asked, with
    one warning here (at start), since Telegram will answer many of those sends with 429.
    """
    quiet = quiet_window(d.settings.quiet_hours)
    assert quiet is not None  # validated with the settings
    rate, paid = d.settings.prompt_rate, d.settings.paid_broadcast
    if rate > FREE_BROADCAST_RATE and not paid:
        log.warning(
            "PROMPT_RATE is %s/s, but Telegram allows about %s messages/s without paid "
            "broadcasts: set PAID_BROADCAST=true (billed in Stars) or expect 429 answers",
            rate,
            FREE_BROADCAST_RATE,
        )
    config = DispatchConfig(
        rate=rate,
        paid_broadcast=paid,
        grace=dt.timedelta(minutes=d.settings.grace_minutes),
        followup_after=dt.timedelta(minutes=d.settings.followup_after_minutes),
        quiet_start=quiet[0],
        quiet_end=quiet[1],
    )
    return Dispatcher(
        sessions=d.sessions,
        sender=sender,
        render=lambda item: render_prompt(d, item),
        clock=d.clock,
        config=config,
        limiter=limiter,
    )


def dispatcher_for(bot_data: MutableMapping[str, Any]) -> Dispatcher:
    """The process's one dispatcher, as the composition root stored it in `bot_data`."""
    dispatcher = bot_data.get(DISPATCHER_KEY)
    if not isinstance(dispatcher, Dispatcher):
        raise RuntimeError("no dispatcher in bot_data: build the app with bot.app")
    return dispatcher


async def stop_dispatcher(bot_data: MutableMapping[str, Any]) -> None:
    """Hand back what a running tick claimed (at shutdown; the app closes the sender)."""
    dispatcher = bot_data.pop(DISPATCHER_KEY, None)
    if isinstance(dispatcher, Dispatcher):
        await dispatcher.stop()


async def dispatch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: one dispatch tick (claims due prompts in batches and sends them)."""
    report = await dispatcher_for(context.bot_data).tick()
    if report.handled or report.failed:
        log.info(
            "dispatch: %s sent, %s failed, %s missed, %s skipped, %s blocked in %.1fs",
            report.sent,
            report.failed,
            report.missed,
            report.skipped,
            report.blocked,
            report.seconds,
        )
