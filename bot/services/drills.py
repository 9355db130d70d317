"""Drill sessions: start, move through and end a guided drill, recording every step event.

The position lives in `DrillSession` and every button press is claimed with a conditional
UPDATE on its `seq`, so a stale button, a double press or a forged id changes nothing, on
SQLite as on PostgreSQL with several bot processes. Functions return plain data; the
handlers render it. Whether and what to drill today (local day, unlocks, a pain stop) is
`bot.services.drill_days`.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.content.exercises import ExerciseCatalog, programme_for_day
from bot.db.models import DrillSession, DrillStatus, Escalation, StepEvent, StepEventKind, User
from bot.domain import prescription, selftest, walkthrough
from bot.domain.prescription import Dose
from bot.domain.walkthrough import Position, Screen
from bot.services import prescriptions, progress, safety, selftests
from bot.services.drill_days import local_today, pain_stopped_today, unlocked

log = logging.getLogger(__name__)

AWAITING_PAIN = "pain_detail"


class Action(enum.StrEnum):
    """What a drill button asks for; the one-letter values go into callback data."""

    NEXT = "n"
    REPEAT = "r"
    PAIN = "p"
    SKIP = "s"


class Result(enum.StrEnum):
    """What a press did."""

    MOVED = "moved"
    FINISHED = "finished"
    PAIN = "pain"
    STALE = "stale"  # the same press twice, or an old screen: the current one comes with it
    INACTIVE = "inactive"  # the drill has ended or was superseded
    FORBIDDEN = "forbidden"  # not this user's drill (or no such drill)


@dataclass(frozen=True)
class StepView:
    """One screen to show: which drill, the seq its buttons must carry, what to show."""

    drill_id: int
    seq: int
    screen: Screen
    round: int  # 1 the first time this screen is shown, 2 after one "repeat", ...
    message_id: int | None


@dataclass(frozen=True)
class Summary:
    """The end-of-drill summary."""

    duration: dt.timedelta
    done: tuple[str, ...]  # exercise titles
    skipped: tuple[str, ...]
    streak: int
    selftest_due: bool
    completed: bool = True  # False: every exercise was skipped (`walkthrough.completed`)


@dataclass(frozen=True)
class Outcome:
    """The result of a press and what to show next."""

    result: Result
    view: StepView | None = None
    summary: Summary | None = None
    message_id: int | None = None  # the drill message the press belonged to
    drill_id: int | None = None
    exercise_title: str | None = None  # where a pain stop happened


@dataclass(frozen=True)
class Today:
    """What /today does: the screen to show (resumed or new), or None when it asks first
    (the patient stopped for pain today and was told to rest)."""

    view: StepView | None
    resumed: bool = False
    # Emergency/urgent advice not yet confirmed: no new session until they have sought care.
    held: Escalation | None = None


async def active_drill(session: AsyncSession, *, user_id: int) -> DrillSession | None:
    """The user's active drill, if any (the database allows at most one)."""
    rows = await session.execute(
        select(DrillSession).where(
            col(DrillSession.user_id) == user_id,
            col(DrillSession.status) == DrillStatus.ACTIVE.value,
        )
    )
    return rows.scalars().first()


def _position(drill: DrillSession) -> Position:
    return drill.exercise_index, drill.step_index


def _doses(drill: DrillSession) -> list[Dose] | None:
    """How each exercise of a prescribed drill is done, as fixed when it started (None for a
    named programme's drill)."""
    return prescription.decode(drill.programme_id, len(drill.exercise_ids))


async def _event(
    session: AsyncSession,
    drill: DrillSession,
    screen: Screen,
    kind: StepEventKind,
    now: dt.datetime,
) -> None:
    await _events(session, drill, [(screen, kind)], now)


_INSERT_EVENTS = insert(StepEvent)


async def _events(
    session: AsyncSession,
    drill: DrillSession,
    events: list[tuple[Screen, StepEventKind]],
    now: dt.datetime,
) -> None:
    """Record what the patient did, in order, in one INSERT (a press writes two events:
    what was done at one screen and the next screen shown)."""
    assert drill.id is not None
    await session.execute(
        _INSERT_EVENTS,
        [
            {
                "session_id": drill.id,
                "exercise_id": screen.exercise.id,
                "step_id": screen.step.id,
                "foot": screen.foot,
                "kind": kind.value,
                "at": now,
            }
            for screen, kind in events
        ],
    )


# A press's statements, built once with their values bound at each call: building them
# afresh (and walking each new tree for its cache key) cost SQLAlchemy about as much CPU as
# SQLite spent running them, on every press (`bench updates`).
def _repeats(*foot: Any) -> Any:
    """How often the screen at (drill, exercise, step) was repeated, on `foot` (or none)."""
    return (
        select(func.count())
        .select_from(StepEvent)
        .where(
            col(StepEvent.session_id) == bindparam("drill"),
            col(StepEvent.exercise_id) == bindparam("exercise"),
            col(StepEvent.step_id) == bindparam("step"),
            *foot,
            col(StepEvent.kind) == StepEventKind.REPEATED.value,
        )
    )


_REPEATS = _repeats(col(StepEvent.foot).is_(None))
_REPEATS_ON_FOOT = _repeats(col(StepEvent.foot) == bindparam("foot"))
# The press's claim: this user's active drill at this seq moves to the next seq, returned.
_CLAIM = (
    update(DrillSession)
    .where(
        col(DrillSession.id) == bindparam("drill"),
        col(DrillSession.user_id) == bindparam("user"),
        col(DrillSession.seq) == bindparam("seq"),
        col(DrillSession.status) == DrillStatus.ACTIVE.value,
    )
    .values(seq=DrillSession.seq + 1)
    .returning(DrillSession)
    .execution_options(synchronize_session=False, populate_existing=True)
)


async def _view(session: AsyncSession, drill: DrillSession, catalog: ExerciseCatalog) -> StepView:
    assert drill.id is not None
    # The drill's own user, from the session's identity map when the caller loaded it.
    user = await session.get(User, drill.user_id)
    diabetes = user.diabetes if user is not None else None
    screen = walkthrough.screen_at(
        catalog, drill.exercise_ids, _position(drill), diabetes=diabetes, doses=_doses(drill)
    )
    at = {"drill": drill.id, "exercise": screen.exercise.id, "step": screen.step.id}
    repeats = await (
        session.scalar(_REPEATS_ON_FOOT, {**at, "foot": screen.foot})
        if screen.foot
        else session.scalar(_REPEATS, at)
    )
    return StepView(drill.id, drill.seq, screen, int(repeats or 0) + 1, drill.message_id)


def _end(drill: DrillSession, status: DrillStatus, reason: str, now: dt.datetime) -> None:
    drill.status = status.value
    drill.end_reason = reason
    drill.ended_at = now


async def start(
    session: AsyncSession,
    *,
    user: User,
    catalog: ExerciseCatalog,
    unlocked: frozenset[str],
    now: dt.datetime,
    exercise_id: str | None = None,
) -> StepView:
    """Start today's programme (or one exercise), closing any drill still active. A patient
    with a prescription walks today's part of it (`prescriptions.drill_plan`) instead of
    their named programme."""
    current = await active_drill(session, user_id=user.id)
    if current is not None:
        _end(current, DrillStatus.SUPERSEDED, "superseded", now)
        # Flush before the insert: the one-active-drill index must see the old one closed.
        await session.flush()
    today = local_today(user, now)
    prescribed = (
        await prescriptions.drill_plan(session, user=user, catalog=catalog, day=today)
        if exercise_id is None
        else None
    )
    if prescribed is not None:
        plan, programme = prescribed.exercise_ids, prescribed.programme
    elif exercise_id is None:
        plan = [e.id for e in programme_for_day(catalog, user.programme_id, today, unlocked)]
        programme = user.programme_id
    else:
        plan, programme = [catalog.exercise(exercise_id).id], f"single:{exercise_id}"
    drill = DrillSession(
        user_id=user.id,
        programme_id=programme,
        local_day=today,
        exercises=",".join(plan),
        chat_id=user.chat_id,
        started_at=now,
    )
    session.add(drill)
    await session.flush()
    view = await _view(session, drill, catalog)
    await _event(session, drill, view.screen, StepEventKind.SHOWN, now)
    return view


async def resume(
    session: AsyncSession, *, drill: DrillSession, catalog: ExerciseCatalog
) -> StepView:
    """The active drill's current screen, to show again (e.g. after /today mid-drill)."""
    return await _view(session, drill, catalog)


async def start_or_resume_today(
    session: AsyncSession,
    *,
    user: User,
    catalog: ExerciseCatalog,
    unlock_all: bool,
    now: dt.datetime,
) -> tuple[StepView, bool]:
    """Today's drill where it was left (True), or a new one (False): a drill still active
    from an earlier local day is superseded, never resumed into today."""
    current = await active_drill(session, user_id=user.id)
    if current is not None and current.local_day == local_today(user, now):
        return await resume(session, drill=current, catalog=catalog), True
    met = await unlocked(session, user=user, unlock_all=unlock_all)
    return await start(session, user=user, catalog=catalog, unlocked=met, now=now), False


async def today(
    session: AsyncSession,
    *,
    user: User,
    catalog: ExerciseCatalog,
    unlock_all: bool,
    now: dt.datetime,
    anyway: bool = False,
) -> Today:
    """/today: today's drill where it was left; else, while emergency or urgent advice waits
    for "I have sought care", no new drill (`held`); else (unless `anyway`) a question first
    when the patient stopped for pain today; else a new drill."""
    current = await active_drill(session, user_id=user.id)
    if current is not None and current.local_day == local_today(user, now):
        return Today(await resume(session, drill=current, catalog=catalog), resumed=True)
    held = await safety.open_pause(session, user_id=user.id)
    if held is not None:
        return Today(None, held=held)
    if not anyway and await pain_stopped_today(session, user=user, now=now):
        return Today(None)
    view, resumed = await start_or_resume_today(
        session, user=user, catalog=catalog, unlock_all=unlock_all, now=now
    )
    return Today(view, resumed)


async def start_exercise(
    session: AsyncSession,
    *,
    user: User,
    catalog: ExerciseCatalog,
    exercise_id: str,
    unlock_all: bool,
    now: dt.datetime,
) -> StepView | None:
    """One exercise of the library on its own, or None while it is locked for this user."""
    met = await unlocked(session, user=user, unlock_all=unlock_all)
    unlock = catalog.exercises[exercise_id].unlock
    if unlock and unlock not in met:
        return None
    return await start(
        session, user=user, catalog=catalog, unlocked=met, now=now, exercise_id=exercise_id
    )


async def abort_active(
    session: AsyncSession, *, user_id: int, reason: str, now: dt.datetime
) -> DrillSession | None:
    """End the user's active drill (e.g. a warning sign was reported mid-drill)."""
    drill = await active_drill(session, user_id=user_id)
    if drill is not None:
        _end(drill, DrillStatus.ABORTED, reason, now)
    return drill


async def set_message(session: AsyncSession, *, drill_id: int, message_id: int) -> None:
    """Remember which message shows the drill, so it can be edited in place."""
    drill = await session.get(DrillSession, drill_id)
    if drill is not None:
        drill.message_id = message_id


async def press(
    session: AsyncSession,
    *,
    user: User,
    drill_id: int,
    seq: int,
    action: Action,
    catalog: ExerciseCatalog,
    now: dt.datetime,
) -> Outcome:
    """Apply one button press, if it is this user's, current and not already applied."""
    # The claim first, returning the claimed row: a current press of one's own active drill
    # (nearly every press) costs this one statement, not a read, the claim and a re-read.
    claimed = await session.execute(_CLAIM, {"drill": drill_id, "user": user.id, "seq": seq})
    drill = claimed.scalars().first()
    if drill is not None:
        return await _apply(
            session, user=user, drill=drill, action=action, catalog=catalog, now=now
        )
    # Nothing claimed: say why, from the row as it is now.
    drill = await session.get(DrillSession, drill_id, populate_existing=True)
    if drill is None or drill.user_id != user.id:
        log.warning("user %s pressed a button of drill %s, which is not theirs", user.id, drill_id)
        return Outcome(Result.FORBIDDEN)
    if drill.status != DrillStatus.ACTIVE.value:
        return Outcome(Result.INACTIVE, message_id=drill.message_id)
    # Already applied (a double press, or a press whose screen update was lost in a crash):
    # the current screen goes with it, so the handler can show it again.
    return Outcome(Result.STALE, await _view(session, drill, catalog), message_id=drill.message_id)


async def _apply(
    session: AsyncSession,
    *,
    user: User,
    drill: DrillSession,
    action: Action,
    catalog: ExerciseCatalog,
    now: dt.datetime,
) -> Outcome:
    """What a claimed press does: a pain stop, a repeat, or the next step (or the end)."""
    screen = walkthrough.screen_at(
        catalog, drill.exercise_ids, _position(drill), diabetes=user.diabetes, doses=_doses(drill)
    )
    if action is Action.PAIN:
        await _event(session, drill, screen, StepEventKind.PAIN, now)
        _end(drill, DrillStatus.ABORTED, "pain", now)
        user.awaiting, user.awaiting_ref = AWAITING_PAIN, drill.id
        return Outcome(
            Result.PAIN,
            message_id=drill.message_id,
            drill_id=drill.id,
            exercise_title=screen.exercise.title,
        )
    if action is Action.REPEAT:
        await _events(
            session, drill, [(screen, StepEventKind.REPEATED), (screen, StepEventKind.SHOWN)], now
        )
        return Outcome(
            Result.MOVED, await _view(session, drill, catalog), message_id=drill.message_id
        )
    if action is Action.SKIP:
        done = StepEventKind.SKIPPED
        following = walkthrough.skip_exercise(drill.exercise_ids, _position(drill))
    else:
        done = StepEventKind.DONE
        following = walkthrough.next_position(
            catalog, drill.exercise_ids, _position(drill), _doses(drill)
        )
    if following is None:
        await _event(session, drill, screen, done, now)
        skipped = await _skipped_ids(session, drill)
        # Only a drill with an exercise done is FINISHED, which is what streaks, adherence,
        # digests and the export count; an all-skipped one is kept, as SKIPPED.
        if walkthrough.completed(drill.exercise_ids, skipped):
            _end(drill, DrillStatus.FINISHED, "completed", now)
        else:
            _end(drill, DrillStatus.SKIPPED, "all_skipped", now)
        summary = await _summary(
            session, user=user, drill=drill, catalog=catalog, skipped_ids=skipped, now=now
        )
        return Outcome(
            Result.FINISHED, summary=summary, message_id=drill.message_id, drill_id=drill.id
        )
    drill.exercise_index, drill.step_index = following
    view = await _view(session, drill, catalog)
    # What was done at this screen and the next one shown, in one statement: the count of
    # the next screen's repeats above needs neither (it counts repeats, these are not).
    await _events(session, drill, [(screen, done), (view.screen, StepEventKind.SHOWN)], now)
    return Outcome(Result.MOVED, view, message_id=drill.message_id)


async def _skipped_ids(session: AsyncSession, drill: DrillSession) -> set[str]:
    """The exercises of `drill` the patient skipped (the rest of)."""
    await session.flush()
    rows = await session.scalars(
        select(col(StepEvent.exercise_id)).where(
            col(StepEvent.session_id) == drill.id,
            col(StepEvent.kind) == StepEventKind.SKIPPED.value,
        )
    )
    return set(rows.all())


async def _summary(
    session: AsyncSession,
    *,
    user: User,
    drill: DrillSession,
    catalog: ExerciseCatalog,
    skipped_ids: set[str],
    now: dt.datetime,
) -> Summary:
    await session.flush()
    titles = {eid: catalog.exercise(eid).title for eid in drill.exercise_ids}
    days = await progress.exercise_days(session, user_id=user.id)
    return Summary(
        duration=(drill.ended_at or now) - drill.started_at,
        done=tuple(titles[e] for e in drill.exercise_ids if e not in skipped_ids),
        skipped=tuple(titles[e] for e in drill.exercise_ids if e in skipped_ids),
        streak=walkthrough.streak(days, local_today(user, now)),
        selftest_due=selftest.selftest_due(
            await selftests.last_completed_at(session, user_id=user.id), now
        ),
        completed=drill.status == DrillStatus.FINISHED.value,
    )
