"""Helpers the therapist-side handler modules share (admin, invites, caseload): who may use a
therapist command, times as shown to them (in their own zone, the zone named), pages of a
long list with Previous/Next buttons, the question of their time zone, and an invite link
sent with its QR code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, InputFile, Message, Update

from bot.callbacks import TherapistZone
from bot.db.models import Therapist, User
from bot.deps import Deps
from bot.domain import timefmt
from bot.render.qr import qr_png
from bot.services import access, therapy
from handlers._shared import edit_text, ids, keyboard

T = TypeVar("T")


def date_text(value: dt.datetime, zone: str | None = None) -> str:
    """An instant as therapists read it in invites and lists: in `zone` (their own; None:
    UTC), the zone named, so "until 15 Dec 2026 20:00 Europe/Berlin" is never ambiguous."""
    return timefmt.local_label(value, zone)


def is_admin(d: Deps, user_id: int) -> bool:
    """Admins are exactly the ids in ADMIN_IDS."""
    return user_id in d.settings.admin_ids


async def admin_of(update: Update, d: Deps) -> tuple[int, Message] | None:
    """(admin's user id, message) for a command from one of the bot's admins; anyone else
    is told the command is for admins and gets None."""
    who, message = ids(update), update.effective_message
    if who is None or message is None:
        return None
    if not is_admin(d, who[0]):
        await message.reply_text(d.text("therapist.not_admin"))
        return None
    return who[0], message


async def therapist_of(update: Update, d: Deps) -> tuple[Therapist, Message] | None:
    """(therapist, message) for a command from an active therapist; anyone else is told
    the command is for therapists and gets None."""
    who, message = ids(update), update.effective_message
    if who is None or message is None:
        return None
    async with d.transaction() as session:
        therapist = await therapy.active_therapist(session, user_id=who[0])
    if therapist is None:
        await message.reply_text(d.text("therapist.not_therapist"))
        return None
    return therapist, message


async def therapist_or_refuse(update: Update, d: Deps) -> tuple[int, Message] | None:
    """(therapist id, message) for a command from an active therapist; anyone else is told
    the command is for therapists and gets None."""
    found = await therapist_of(update, d)
    return None if found is None else (found[0].user_id, found[1])


async def visible_patient(d: Deps, user_id: int, patient_id: int) -> User | None:
    """The patient, only if this user may see them now (the one access rule)."""
    async with d.transaction() as session:
        viewer = await access.viewer_for(session, user_id=user_id, admin_ids=d.settings.admin_ids)
        if viewer is None:
            return None
        return await access.can_view(session, viewer=viewer, patient_id=patient_id)


async def pressed_patient(
    query: CallbackQuery, d: Deps, user_id: int, patient_id: int, refused: str
) -> User | None:
    """The pressed button's patient, if this user may see them; otherwise the press is
    answered with the text `refused` in an alert and None."""
    patient = await visible_patient(d, user_id, patient_id)
    if patient is None:
        await query.answer(d.text(refused), show_alert=True)
    return patient


async def zone_of(d: Deps, user_id: int) -> str | None:
    """The zone this staff member reads times in (None: not a therapist, or not asked: UTC)."""
    async with d.transaction() as session:
        therapist = await therapy.therapist_record(session, user_id=user_id)
    return therapist.timezone if therapist is not None else None


async def send_link(
    message: Message,
    d: Deps,
    text: str,
    link: str,
    expires: dt.datetime,
    *,
    zone: str | None = None,
) -> None:
    """The invite text with its link, then the same link as a QR code."""
    await message.reply_text(text)
    await message.chat.send_photo(
        InputFile(qr_png(link), filename="invite-qr.png"),
        caption=d.text("therapist.qr_caption", expires=date_text(expires, zone)),
    )


# --- pages ----------------------------------------------------------------------------------

# Ten lines a page: with names cut to NAME_CHARS every page stays far below Telegram's 4,096
# characters, and its buttons (one per line, two a row, and the Previous/Next row) well below
# the hundred an inline keyboard may carry.
PAGE_SIZE = 10
NAME_CHARS = 40


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 0) and how many pages there are;
    `moved` when the page asked for no longer exists (the list shrank) and another is shown."""

    items: Sequence[T]
    number: int
    count: int
    total: int
    moved: bool = False


def page_of(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page `number` of `items`; past the end, the last page (marked `moved`)."""
    count = max(1, -(-len(items) // size))
    shown = min(max(number, 0), count - 1)
    start = shown * size
    return Page(items[start : start + size], shown, count, len(items), moved=shown != number)


def short_name(name: str) -> str:
    """A name cut for a list line or a button (the detail shows it whole)."""
    flat = " ".join(name.split())
    return flat if len(flat) <= NAME_CHARS else flat[: NAME_CHARS - 1] + "…"


def page_markup(
    d: Deps, page: Page[T], rows: list[list[tuple[str, str]]], pack: Callable[[int], str]
) -> InlineKeyboardMarkup | None:
    """`rows` (the page's own buttons) with a Previous/Next row when there is more than one
    page; `pack(n)` is page n's callback data."""
    nav = []
    if page.number > 0:
        nav.append((d.text("therapist.page_previous"), pack(page.number - 1)))
    if page.number < page.count - 1:
        nav.append((d.text("therapist.page_next"), pack(page.number + 1)))
    every = rows + ([nav] if nav else [])
    return keyboard(every) if every else None


async def show_page(
    query: CallbackQuery,
    message: Message,
    d: Deps,
    shown: tuple[str, InlineKeyboardMarkup | None, Page[T]],
) -> None:
    """Show another page of a list in place of this one; a page that no longer exists (its
    items went since) was made the last one, and the answer says so."""
    text, markup, page = shown
    await query.answer(
        d.text("therapist.page_moved", page=page.number + 1, pages=page.count)
        if page.moved
        else None
    )
    await edit_text(message, text, markup)


def page_header(d: Deps, page: Page[T]) -> str:
    """ "Page 2 of 50 (500 in all)", or nothing for a list that fits one page."""
    if page.count <= 1:
        return ""
    return d.text("therapist.page_header", page=page.number + 1, pages=page.count, total=page.total)


# --- the therapist's time zone --------------------------------------------------------------


def zone_markup(d: Deps) -> InlineKeyboardMarkup:
    """The common zones (content/zones.yaml), two a row, and UTC."""
    choices = d.content.common_zones
    buttons = [(c.label, TherapistZone("c", n).pack()) for n, c in enumerate(choices)]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(d.text("therapist.zone_utc"), TherapistZone("u").pack())])
    return keyboard(rows)


def zone_question(d: Deps, current: str | None) -> str:
    """Which zone the therapist works in, saying which one times are shown in now."""
    return d.text("therapist.zone_question", zone=timefmt.zone_name(current))
