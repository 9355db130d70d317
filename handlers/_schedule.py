"""What the reminder handlers show about a schedule: weekdays and local times in words, the
weekday switches, and the "I have sought care" button of a safety pause."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.buttons import SettingsPress
from bot.db.models import Escalation, User
from bot.delivery.escalations import workflow
from bot.deps import Deps
from bot.domain import scheduling
from bot.services import escalations
from handlers._shared import keyboard


def weekday_names(d: Deps, mask: int) -> str:
    """The weekdays of `mask` (Monday = bit 0) in words."""
    if mask == scheduling.EVERY_DAY:
        return d.text("reminders.every_day")
    labels_ = labels(d)
    return ", ".join(label for i, label in enumerate(labels_) if mask & (1 << i))


def labels(d: Deps) -> list[str]:
    """The seven weekday labels, Monday first."""
    return [d.text(f"reminders.weekdays.{i}") for i in range(7)]


def local(user: User, instant: dt.datetime | None) -> str:
    """`instant` on the user's local clock, for a sentence ("-" for none)."""
    if instant is None:
        return "-"
    return instant.astimezone(ZoneInfo(user.timezone or "UTC")).strftime("%a %d %b %H:%M")


def confirm_markup(d: Deps, held: Escalation) -> InlineKeyboardMarkup | None:
    """The "I have sought care" button of the advice that still holds the prompts."""
    if held.id is None:
        return None
    return keyboard(escalations.confirm_buttons(workflow(d), held.id))


def days_markup(d: Deps, mask: int) -> InlineKeyboardMarkup:
    """The weekday switches of /settings, ticked where on, and Done."""
    names = labels(d)

    def day(i: int) -> tuple[str, str]:
        return ("✅ " if mask & (1 << i) else "⬜ ") + names[i], SettingsPress("day", i).pack()

    done = (d.text("reminders.buttons.days_done"), SettingsPress("ddone").pack())
    return keyboard([[day(i) for i in range(4)], [day(i) for i in range(4, 7)], [done]])
