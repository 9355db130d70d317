"""Ordinary chat, once triage has found nothing to act on: read the intent and carry out the
reply `bot.domain.chat.plan` chooses.

What is open decides how a message is read: a drill of the patient's own local day, or an
open self-test, makes "next" a typed button (`bot.domain.intents.Context`). A typed next,
repeat or skip goes through `bot.services.drills.press` with the drill's current `seq`,
the very call a tap makes, so it is claimed, recorded and counted as a tap is. Questions
are answered from the library index built at start-up (`bot.content.passages`), as the
patient's version of the exercises reads (diabetes, or not sure, gets the safe walk), with
the exercise on screen as the focus. Plain data back; the handler renders it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BindParameter, and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.content.exercises import ExerciseCatalog
from bot.content.passages import LibraryIndex
from bot.db.models import DrillSession, DrillStatus, SelfTest, SelfTestStatus, User
from bot.domain import chat, intents
from bot.domain.chat import Do
from bot.domain.intents import Context, DrillCommand, Intent
from bot.services import drill_days, drills

__all__ = ["OpenRows", "Reply", "Response", "read_user_and_open", "respond"]

# A typed command is the drill button of the same name.
_ACTIONS: Mapping[DrillCommand, drills.Action] = {
    DrillCommand.NEXT: drills.Action.NEXT,
    DrillCommand.REPEAT: drills.Action.REPEAT,
    DrillCommand.SKIP: drills.Action.SKIP,
}


@dataclass(frozen=True)
class Reply:
    """A text to send: its key and values (plain text, escaped when rendered)."""

    key: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    """What one chat message did.

    `reply` is the text to send, if any; `drill` what a typed drill command did (render it
    as that button's outcome); `unbutton` the id of a drill or self-test message whose
    buttons come off (it was paused).
    """

    intent: Intent
    reply: Reply | None = None
    drill: drills.Outcome | None = None
    unbutton: int | None = None


@dataclass(frozen=True)
class _Open:
    context: Context
    drill: DrillSession | None = None
    test: SelfTest | None = None


async def _open(
    session: AsyncSession, user: User, now: dt.datetime, read: OpenRows | None
) -> _Open:
    """What the patient has open: a self-test, today's drill, or nothing."""
    today = drill_days.local_today(user, now)
    rows = (
        await _attached(session, read)
        if read is not None
        else await _active(session, user_id=user.id)
    )
    drill, test = rows.drill, rows.test
    # A drill left open on an earlier local day is not resumed (`start_or_resume_today`
    # supersedes it), so "done" typed today is a report, not its next step.
    if drill is not None and drill.local_day != today:
        drill = None
    # A self-test paused on an earlier day stays open for /selftest, but "done!" typed today
    # is about today's exercises, not about its answer buttons.
    if test is not None and drill_days.local_today(user, test.started_at) != today:
        test = None
    if test is not None and (drill is None or test.started_at >= drill.started_at):
        return _Open(Context.SELFTEST, test=test)
    if drill is not None:
        return _Open(Context.DRILL, drill=drill)
    return _Open(Context.IDLE)


@dataclass(frozen=True)
class OpenRows:
    """The user's active drill and open self-test as read (None: none open)."""

    drill: DrillSession | None = None
    test: SelfTest | None = None


def _with_open(statement: Any) -> Any:
    """`statement` (from the users table) with the active drill and the open self-test outer
    joined: the database allows at most one of each, so still one row per user."""
    return statement.outerjoin(
        DrillSession,
        and_(
            col(DrillSession.user_id) == col(User.id),
            col(DrillSession.status) == DrillStatus.ACTIVE.value,
        ),
    ).outerjoin(
        SelfTest,
        and_(
            col(SelfTest.user_id) == col(User.id),
            col(SelfTest.status) == SelfTestStatus.ACTIVE.value,
        ),
    )


# Built once, the user's id bound at each call: SQLAlchemy spent about as much CPU building
# this statement afresh (and walking the new tree for its cache key) as running it, and a
# text runs it every time (`bench updates`: about 1 ms of a text's CPU).
_USER_ID: BindParameter[int] = bindparam("user_id")
_USER_AND_OPEN = _with_open(select(User, DrillSession, SelfTest)).where(col(User.id) == _USER_ID)
_OPEN = _with_open(select(DrillSession, SelfTest).select_from(User)).where(col(User.id) == _USER_ID)


async def read_user_and_open(
    session: AsyncSession, *, user_id: int
) -> tuple[User | None, OpenRows]:
    """The user's row and what they have open, in one statement: for a text, which ordinary
    chat reads through `respond` (so the update reads them once, not in two transactions)."""
    row = (await session.execute(_USER_AND_OPEN, {"user_id": user_id})).first()
    if row is None:
        return None, OpenRows()
    return row[0], OpenRows(row[1], row[2])


async def _active(session: AsyncSession, *, user_id: int) -> OpenRows:
    """The user's active drill and open self-test, in one statement (`drills.active_drill`
    and `selftests.active_test` read them one at a time)."""
    row = (await session.execute(_OPEN, {"user_id": user_id})).first()
    return OpenRows() if row is None else OpenRows(row[0], row[1])


async def _attached(session: AsyncSession, read: OpenRows) -> OpenRows:
    """`read` (rows read earlier in this same update) attached to `session`, not read again."""
    drill = await session.merge(read.drill, load=False) if read.drill is not None else None
    test = await session.merge(read.test, load=False) if read.test is not None else None
    return OpenRows(drill, test)


def _focus(drill: DrillSession | None) -> str | None:
    """The exercise on the drill's screen, so "how long do I hold it?" means that one."""
    if drill is None:
        return None
    exercise_ids = drill.exercise_ids
    return exercise_ids[drill.exercise_index] if drill.exercise_index < len(exercise_ids) else None


async def respond(
    session: AsyncSession,
    *,
    user: User,
    text: str,
    library: LibraryIndex,
    catalog: ExerciseCatalog,
    now: dt.datetime,
    open_rows: OpenRows | None = None,
) -> Response:
    """Read `text` (triage found nothing in it) and do what its reply needs. `open_rows`:
    the open drill and self-test as `read_user_and_open` read them earlier in this update
    (nothing has changed them since), instead of reading them again."""
    opened = await _open(session, user, now, open_rows)
    intent = intents.read(text, context=opened.context)
    planned = chat.plan(intent, opened.context)
    if planned.do is Do.ANSWER:
        hit = library.answer(text, diabetes=user.diabetes, focus=_focus(opened.drill))
        if hit is None:
            return Response(intent, Reply("chat.no_answer"))
        values = {"answer": hit.passage.text, "source": hit.passage.source}
        return Response(intent, Reply("chat.answer", values))
    if planned.do is Do.PRESS:
        # PRESS is planned only in the DRILL context, which `_open` gives only with a drill.
        drill = opened.drill
        assert drill is not None and drill.id is not None and planned.command is not None
        outcome = await drills.press(
            session,
            user=user,
            drill_id=drill.id,
            seq=drill.seq,
            action=_ACTIONS[planned.command],
            catalog=catalog,
            now=now,
        )
        return Response(intent, drill=outcome)
    assert planned.key is not None
    if planned.do is Do.PAUSE:
        shown = opened.drill or opened.test
        return Response(intent, Reply(planned.key), unbutton=shown.message_id if shown else None)
    return Response(intent, Reply(planned.key))
