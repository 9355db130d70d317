"""Time-zone screens shared by onboarding and /settings: the "which place does EST mean?"
question with one button per place, and the notice that a fixed offset does not follow
daylight saving. Shared here so both features ask the same way without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardMarkup

from bot.deps import Deps
from bot.domain import zones
from bot.services.zones import fixed_label
from handlers._shared import keyboard


def label(d: Deps, zone: str) -> str:
    """A place button's label ("New York", "Fixed UTC−5 (no summer time)")."""
    offset = fixed_label(zone)
    if offset is not None:
        return d.text("timezones.buttons.fixed", offset=offset)
    return d.text(f"timezones.buttons.places.{zones.place_key(zone)}")


def question(
    d: Deps, abbreviation: str, choices: tuple[str, ...], pack: Callable[[int], str]
) -> tuple[str, InlineKeyboardMarkup]:
    """Which place `abbreviation` means; `pack(n)` is the n-th place's callback data."""
    rows = [[(label(d, zone), pack(n))] for n, zone in enumerate(choices)]
    return d.text("timezones.question", abbreviation=abbreviation), keyboard(rows)


def with_notice(d: Deps, text: str, fixed: str | None) -> str:
    """`text`, followed by the no-daylight-saving notice when a fixed offset was set."""
    if fixed is None:
        return text
    return f"{text}\n\n{d.text('timezones.fixed_notice', offset=fixed)}"
