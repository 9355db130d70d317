"""The structured symptom check-in as it is asked: shared by /symptoms and the check-in that
follows every drill (handlers.safety and handlers.drills), so neither imports the other.

Callback data: `bot.callbacks.CheckinPress` (`ci:<check-in>:<seq>:<item|none|send>`).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message

from bot.callbacks import CheckinPress
from bot.db.models import Checkin, User
from bot.deps import Deps
from bot.domain.checkin import ITEMS, NONE_OF_THESE
from bot.services import checkins
from handlers._shared import keyboard


def checkin_markup(d: Deps, checkin: Checkin) -> InlineKeyboardMarkup:
    """The check-in's items as ticks, "none of these" and "send"."""
    assert checkin.id is not None
    chosen = set(filter(None, checkin.selected.split(",")))

    def data(item: str) -> str:
        assert checkin.id is not None
        return CheckinPress(checkin.id, checkin.seq, item).pack()

    rows = [
        [
            (
                ("☑️ " if item in chosen else "⬜ ") + d.text(f"safety.checkin_items.{item}"),
                data(item),
            )
        ]
        for item in ITEMS
    ]
    rows.append(
        [
            (d.text("safety.checkin_none"), data(NONE_OF_THESE)),
            (d.text("safety.checkin_send"), data("send")),
        ]
    )
    return keyboard(rows)


async def send_checkin(
    message: Message, d: Deps, user: User, *, drill_id: int | None = None
) -> None:
    """Ask the structured check-in (ticks stored in the database as they are made)."""
    async with d.transaction() as session:
        checkin = await checkins.open_checkin(
            session, user_id=user.id, drill_id=drill_id, now=d.now()
        )
    await message.chat.send_message(
        d.text("safety.checkin_question"), reply_markup=checkin_markup(d, checkin)
    )
