"""Small helpers every handler module uses: typed access to `Deps`, keyboards, limits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.db import store
from bot.db.models import User
from bot.deps import BOT_DATA_KEY, Deps
from bot.services.onboarding import is_onboarded

# Telegram clients cannot send more than this; anything longer is not from a real client.
MAX_MESSAGE_CHARS = 4096
# How much of a user's own words we quote back in a re-ask ("I couldn't find “...”").
ECHO_CHARS = 40
# The largest number any callback field may carry: every Telegram id and row id fits (the
# database's BIGINT is 2**63-1, row ids are kept to 9 digits by the patterns themselves), and
# a forged 20-digit number is refused here instead of overflowing the database driver.
MAX_CALLBACK_INT = 2**53


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    """The application's services."""
    return cast(Deps, context.bot_data[BOT_DATA_KEY])


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    for row in rows:
        for _, data in row:
            # Telegram's limit; failing here names the culprit instead of a 400 at send time.
            if not 1 <= len(data.encode()) <= 64:
                raise ValueError(f"callback data out of Telegram's 1-64 bytes: {data!r}")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def echo(text: str) -> str:
    """The start of what the user typed, single line, for quoting back."""
    flat = " ".join(text.split())
    return flat if len(flat) <= ECHO_CHARS else flat[: ECHO_CHARS - 1] + "…"


def button(update: Update) -> tuple[CallbackQuery, Message, tuple[int, int]] | None:
    """(query, the message it was pressed on, (user id, chat id)) of a button press, or None
    for a press we cannot act on (no message left to answer in, or not from a user)."""
    query, who = update.callback_query, ids(update)
    if query is None or who is None or not isinstance(query.message, Message):
        return None
    return query, query.message, who


def parse_data(pattern: re.Pattern[str], data: str | None) -> re.Match[str] | None:
    """`pattern` matched against callback `data`, or None when it does not match or when a
    numeric field is beyond MAX_CALLBACK_INT (every handler parses button data through here)."""
    match = pattern.match(data or "")
    if match is None:
        return None
    for group in match.groups():
        if group is not None and group.isdigit() and int(group) > MAX_CALLBACK_INT:
            return None
    return match


async def matched_press(
    update: Update, d: Deps, pattern: re.Pattern[str]
) -> tuple[CallbackQuery, Message, tuple[int, int], re.Match[str]] | None:
    """A button press whose data matches `pattern`, with the match; a press that does not
    match (old, forged, malformed) is answered "no longer active" and gives None."""
    pressed = button(update)
    if pressed is None:
        return None
    query, message, who = pressed
    match = parse_data(pattern, query.data)
    if match is None:
        await query.answer(d.text("common.button_expired"))
        return None
    return query, message, who, match


def _not_modified(exc: BadRequest) -> bool:
    return "message is not modified" in exc.message.lower()


async def edit_text(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit `message` to show `text` and `markup`; already showing them is success (a double
    tap, or a screen re-shown after a lost edit, asks for what the user already sees)."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if not _not_modified(exc):
            raise


async def edit_markup(message: Message, markup: InlineKeyboardMarkup | None) -> None:
    """Replace (or remove, with None) the buttons of `message`; no change is success."""
    try:
        await message.edit_reply_markup(reply_markup=markup)
    except BadRequest as exc:
        if not _not_modified(exc):
            raise


async def show_again(message: Message, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit `message` to show `text` and `markup` (see `edit_text`)."""
    await edit_text(message, text, markup)


def ids(update: Update) -> tuple[int, int] | None:
    """(user id, chat id) of a private update, or None for updates we do not serve."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    return user.id, chat.id


async def ready_user(update: Update, d: Deps, message: Message) -> User | None:
    """The user, if onboarding is complete; otherwise say so (and return None)."""
    who = ids(update)
    if who is None:
        return None
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
    if not is_onboarded(user):
        await message.chat.send_message(d.text("common.needs_setup"))
        return None
    return user
