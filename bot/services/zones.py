"""Answering "which time zone?" the same way at onboarding and in /settings: the pure lookup
(`bot.domain.zones`), and the "which place does EST mean?" question as a conversation
position in the database.

The open question is `User.awaiting` = "<flow>:<abbreviation>" (e.g. "settings_zone:EST"),
so a restart keeps it, and a place button is taken only from the user who was asked that
abbreviation in that flow and has not answered since: an old, another user's or forged
button finds no such question and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import store
from bot.db.models import User
from bot.domain import zones
from bot.domain.zones import ZoneMatch

# The flows that ask. "settings_zone" is also the plain /settings zone question's state
# (handlers/settings.py AWAIT_ZONE): with an abbreviation after it, a typed zone is still
# taken as the answer while the place buttons are open.
Flow = Literal["ob_zone", "settings_zone"]
ONBOARDING: Flow = "ob_zone"
SETTINGS: Flow = "settings_zone"


def asked(user: User, flow: Flow) -> str | None:
    """The abbreviation whose place `user` was asked in `flow` and has not answered."""
    head, _, abbreviation = (user.awaiting or "").partition(":")
    return abbreviation if head == flow and abbreviation in zones.AMBIGUOUS else None


def ask(user: User, flow: Flow, abbreviation: str) -> None:
    """Remember that `user` was asked which place `abbreviation` means."""
    user.awaiting, user.awaiting_ref = f"{flow}:{abbreviation}", None


def settle(user: User, flow: Flow) -> None:
    """A zone was set in `flow`: its place question, if open, is answered."""
    if asked(user, flow) is not None:
        user.awaiting, user.awaiting_ref = None, None


def take(user: User, flow: Flow, abbreviation: str, n: int) -> str | None:
    """The n-th place of `abbreviation` if that is the question open for `user` in `flow`
    (None: not asked, answered since, or no such place), closing the question."""
    options = zones.choices(abbreviation)
    if asked(user, flow) != abbreviation or not 0 <= n < len(options):
        return None
    user.awaiting, user.awaiting_ref = None, None
    return options[n]


def fixed_label(zone: str) -> str | None:
    """The offset ("UTC−5") of a fixed-offset zone chosen from the buttons, None for a place."""
    minutes = zones.fixed_offset(zone)
    return None if minutes is None else zones.offset_label(minutes)


async def answer_settings(
    session: AsyncSession,
    *,
    user_id: int,
    text: str,
    aliases: Mapping[str, str],
    now: dt.datetime,
) -> ZoneMatch:
    """A typed zone after /settings asked: the match, its `zone` stored (and nothing more
    awaited) when set; for an ambiguous abbreviation the place question is opened."""
    user = await store.get_user(session, user_id=user_id)
    match = zones.resolve_zone(text, aliases)
    if user is None:
        return ZoneMatch(None)
    if match.choices and match.abbreviation:
        ask(user, SETTINGS, match.abbreviation)
    elif match.zone is not None:
        await store.set_timezone(session, user=user, zone=match.zone, now=now)
        # An UPDATE, as /settings set the question: the loaded row may predate it.
        await store.set_awaiting(session, user_id=user_id, awaiting=None)
    return match


async def pick_settings(
    session: AsyncSession, *, user_id: int, abbreviation: str, n: int, now: dt.datetime
) -> ZoneMatch | None:
    """A /settings place button: the zone stored, or None (expired: nothing changed)."""
    user = await store.get_user(session, user_id=user_id)
    zone = None if user is None else take(user, SETTINGS, abbreviation, n)
    if user is None or zone is None:
        return None
    await store.set_timezone(session, user=user, zone=zone, now=now)
    return replace(ZoneMatch(zone), fixed=fixed_label(zone))
