"""Small helpers every handler module uses: typed access to `Deps`, keyboards, limits."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.callbacks import CallbackData
from bot.db import store
from bot.db.models import User
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain.notice import Buttons
from bot.services.chat import OpenRows
from bot.services.escalations import Reply
from bot.services.onboarding import is_onboarded

log = logging.getLogger(__name__)

# Telegram clients cannot send more than this; anything longer is not from a real client.
MAX_MESSAGE_CHARS = 4096
# How much of a user's own words we quote back in a re-ask ("I couldn't find “...”").
ECHO_CHARS = 40
P = TypeVar("P", bound=CallbackData)


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


async def unpacked_press(
    update: Update, d: Deps, family: type[P]
) -> tuple[CallbackQuery, Message, tuple[int, int], P] | None:
    """A button press of `family`, unpacked; a press it does not unpack (old, forged,
    malformed) is answered "no longer active" and gives None."""
    pressed = button(update)
    if pressed is None:
        return None
    query, message, who = pressed
    press = family.unpack(query.data)
    if press is None:
        await query.answer(d.text("common.button_expired"))
        return None
    return query, message, who, press


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


@dataclass(frozen=True)
class _Seen:
    """The sender's row as `common.welcome_back` read it, first thing in this update (None:
    not a user of ours yet)."""

    user: User | None


# The attributes of the update's CallbackContext (PTB builds one per update and hands the same
# one to every group's handler) that carry the rows read in group -1 to the answering handler.
_SEEN = "toebot_seen_user"
_OPEN = "toebot_seen_open"


def remember_seen(
    context: ContextTypes.DEFAULT_TYPE, user: User | None, open_rows: OpenRows | None = None
) -> None:
    """Keep the row just read for the first handler of this update that needs it, and (for
    a text) the user's open drill and self-test for ordinary chat."""
    setattr(context, _SEEN, _Seen(user))
    kept = (user.id, open_rows) if user is not None and open_rows is not None else None
    setattr(context, _OPEN, kept)


def take_open_rows(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> OpenRows | None:
    """The open drill and self-test `remember_seen` kept for `user_id`, once (None: read
    them). Ordinary chat takes them: it answers last, after triage found nothing and no
    awaited answer took the text, so nothing in this update has changed them (and each
    chat's updates run one at a time)."""
    kept = getattr(context, _OPEN, None)
    setattr(context, _OPEN, None)
    if kept is None or kept[0] != user_id:
        return None
    return cast(OpenRows, kept[1])


def take_seen(context: ContextTypes.DEFAULT_TYPE) -> _Seen | None:
    """The row `remember_seen` kept, once: only the first read of an update may use it, since
    a handler may change the row afterwards (a second read goes to the database)."""
    seen = getattr(context, _SEEN, None)
    if seen is None:
        return None
    setattr(context, _SEEN, None)
    return cast(_Seen, seen)


async def stored_user(
    update: Update, d: Deps, context: ContextTypes.DEFAULT_TYPE | None = None
) -> User | None:
    """The stored user of a private update, onboarded or not (None if unknown or not served);
    with `context`, the row read at the start of this update when no one used it yet."""
    who = ids(update)
    if who is None:
        return None
    seen = take_seen(context) if context is not None else None
    if seen is not None and (seen.user is None or seen.user.id == who[0]):
        return seen.user
    async with d.reading() as session:
        return await store.get_user(session, user_id=who[0])


def seen_user(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> User | None:
    """The row of `user_id` read at the start of this update, when no one used it yet (see
    `take_seen`), for a handler that attaches it to its own session (`session.merge(user,
    load=False)`: read moments ago in this same update and unchanged since, since each
    chat's updates run one at a time) instead of reading it a second time."""
    seen = take_seen(context)
    return (
        seen.user
        if seen is not None and seen.user is not None and seen.user.id == user_id
        else None
    )


async def ready_user(
    update: Update, d: Deps, message: Message, context: ContextTypes.DEFAULT_TYPE | None = None
) -> User | None:
    """The user, if onboarding is complete; otherwise say so (and return None)."""
    who = ids(update)
    if who is None:
        return None
    user = await stored_user(update, d, context)
    if not is_onboarded(user):
        await message.chat.send_message(d.text("common.needs_setup"))
        return None
    return user


def chat_reply(message: Message) -> Reply:
    """`message`'s chat as the escalation workflow's `Reply`: advice to a patient who is using
    the bot goes out as the answer, in order; False (logged) when Telegram refuses it."""

    async def reply(text: str, buttons: Buttons = ()) -> bool:
        try:
            await message.chat.send_message(
                text, reply_markup=keyboard(buttons) if buttons else None
            )
        except TelegramError as exc:
            log.warning("advice not delivered (%s); the outbox will retry", type(exc).__name__)
            return False
        return True

    return reply
