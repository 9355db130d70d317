"""Self-tests in the database: start or resume, record each toe's answer, and report.

The open question is derived from the answers stored so far, so a half-done test survives
a restart; presses are claimed with a conditional UPDATE on the test's `seq`, as drills are.
Scoring and comparisons are the pure `bot.domain.selftest` functions.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import SelfTest, SelfTestAnswer, SelfTestStatus, User
from bot.domain import selftest
from bot.domain.selftest import Answers, Foot, Score, TestPoint, ToeAnswer, ToeChange, Trend

log = logging.getLogger(__name__)

SAME_AS_LAST = "s"
CODES: Mapping[str, ToeAnswer] = {
    "a": ToeAnswer.ALONE,
    "f": ToeAnswer.FOLLOW,
    "c": ToeAnswer.CANNOT,
}


class Result(enum.StrEnum):
    """What an answer press did."""

    MOVED = "moved"
    COMPLETED = "completed"
    STALE = "stale"  # already recorded: `state` is the open question, to show again
    INACTIVE = "inactive"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class TestState:
    """An open test: what is answered and which toe is asked next."""

    test_id: int
    seq: int
    answers: Answers
    question: tuple[Foot, int] | None
    previous: Answers | None  # the last completed test's answers, for "same as last time"
    message_id: int | None


@dataclass(frozen=True)
class Report:
    """What a completed test shows: score, change in words, and the trend."""

    answers: Answers
    score: Score
    previous: Score | None
    first: Score | None
    since_last: tuple[ToeChange, ...]
    since_first: tuple[ToeChange, ...]
    trend: Trend
    tests: int
    # For the foot map: the test before (to mark what changed) and the test's local date.
    previous_answers: Answers | None = None
    day: dt.date | None = None


@dataclass(frozen=True)
class Outcome:
    """The result of one press."""

    result: Result
    state: TestState | None = None
    report: Report | None = None


async def _answers(session: AsyncSession, test_id: int) -> dict[tuple[Foot, int], ToeAnswer]:
    rows = await session.scalars(
        select(SelfTestAnswer).where(col(SelfTestAnswer.test_id) == test_id)
    )
    return {(row.foot, row.toe): ToeAnswer(row.answer) for row in rows.all()}  # type: ignore[misc]


async def completed_tests(session: AsyncSession, *, user_id: int) -> list[tuple[SelfTest, Answers]]:
    """Every completed test of the user with its answers, oldest first."""
    tests = (
        await session.scalars(
            select(SelfTest)
            .where(
                col(SelfTest.user_id) == user_id,
                col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
            )
            .order_by(col(SelfTest.completed_at), col(SelfTest.id))
        )
    ).all()
    out: list[tuple[SelfTest, Answers]] = []
    for test in tests:
        assert test.id is not None
        out.append((test, await _answers(session, test.id)))
    return out


def points(history: list[tuple[SelfTest, Answers]]) -> list[TestPoint]:
    """Scores over time, for trends and charts."""
    return [
        TestPoint(taken_at=test.completed_at or test.started_at, score=selftest.score(answers))
        for test, answers in history
    ]


async def last_completed_at(session: AsyncSession, *, user_id: int) -> dt.datetime | None:
    """When the user last completed a self-test (None if never)."""
    value = await session.scalar(
        select(col(SelfTest.completed_at))
        .where(
            col(SelfTest.user_id) == user_id,
            col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
        )
        .order_by(col(SelfTest.completed_at).desc())
        .limit(1)
    )
    return value


async def active_test(session: AsyncSession, *, user_id: int) -> SelfTest | None:
    """The user's open test, if any (the database allows at most one)."""
    return (
        await session.scalars(
            select(SelfTest).where(
                col(SelfTest.user_id) == user_id,
                col(SelfTest.status) == SelfTestStatus.ACTIVE.value,
            )
        )
    ).first()


async def _state(session: AsyncSession, test: SelfTest) -> TestState:
    assert test.id is not None
    answers = await _answers(session, test.id)
    history = await completed_tests(session, user_id=test.user_id)
    return TestState(
        test_id=test.id,
        seq=test.seq,
        answers=answers,
        question=selftest.next_question(answers),
        previous=history[-1][1] if history else None,
        message_id=test.message_id,
    )


async def start_or_resume(
    session: AsyncSession, *, user: User, now: dt.datetime, restart: bool = False
) -> tuple[TestState, bool]:
    """The open test (resumed: True) or a new one; `restart` abandons an open test first."""
    test = await active_test(session, user_id=user.id)
    if test is not None and restart:
        test.status = SelfTestStatus.ABANDONED.value
        await session.flush()
        test = None
    resumed = test is not None
    if test is None:
        test = SelfTest(user_id=user.id, started_at=now)
        session.add(test)
        await session.flush()
    return await _state(session, test), resumed


async def set_message(session: AsyncSession, *, test_id: int, message_id: int) -> None:
    """Remember the message that shows the test, so it can be edited in place."""
    test = await session.get(SelfTest, test_id)
    if test is not None:
        test.message_id = message_id


async def answer(
    session: AsyncSession, *, user: User, test_id: int, seq: int, code: str, now: dt.datetime
) -> Outcome:
    """Record the answer for the open question (or the whole foot, "same as last time")."""
    test = await session.get(SelfTest, test_id)
    if test is None or test.user_id != user.id:
        log.warning(
            "user %s pressed a button of self-test %s, which is not theirs", user.id, test_id
        )
        return Outcome(Result.FORBIDDEN)
    if test.status != SelfTestStatus.ACTIVE.value:
        return Outcome(Result.INACTIVE)
    claimed = await session.execute(
        update(SelfTest)
        .where(
            col(SelfTest.id) == test_id,
            col(SelfTest.seq) == seq,
            col(SelfTest.status) == SelfTestStatus.ACTIVE.value,
        )
        .values(seq=col(SelfTest.seq) + 1)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(test)
    state = await _state(session, test)
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        if test.status != SelfTestStatus.ACTIVE.value:
            return Outcome(Result.INACTIVE)
        # Already recorded (a double press, or a press whose screen update was lost in a
        # crash): the open question goes with it, so the handler can show it again.
        return Outcome(Result.STALE, state)
    # From here on the claim moved `seq`: every answer below carries the new state, or the
    # screen on the user's side would keep buttons that can no longer be pressed.
    if state.question is None:
        return Outcome(Result.STALE, state)
    foot, toe = state.question
    if code == SAME_AS_LAST:
        if state.previous is None:
            return Outcome(Result.STALE, state)
        # The rest of this foot, as in the last completed test.
        fill = {
            (foot, t): state.previous[(foot, t)]
            for t in selftest.TOES
            if (foot, t) not in state.answers and (foot, t) in state.previous
        }
    elif code in CODES:
        fill = {(foot, toe): CODES[code]}
    else:
        return Outcome(Result.STALE, state)
    for (f, t), value in fill.items():
        session.add(
            SelfTestAnswer(test_id=test_id, foot=f, toe=t, answer=value.value, answered_at=now)
        )
    await session.flush()
    state = await _state(session, test)
    if state.question is not None:
        return Outcome(Result.MOVED, state)
    test.status = SelfTestStatus.COMPLETED.value
    test.completed_at = now
    await session.flush()
    return Outcome(Result.COMPLETED, state, await report(session, user_id=user.id))


async def report(session: AsyncSession, *, user_id: int) -> Report | None:
    """The latest completed test compared with the one before and the first."""
    history = await completed_tests(session, user_id=user_id)
    if not history:
        return None
    latest = history[-1][1]
    before = history[-2][1] if len(history) > 1 else None
    user = await session.get(User, user_id)
    taken = history[-1][0].completed_at or history[-1][0].started_at
    zone = ZoneInfo(user.timezone or "UTC") if user is not None else dt.UTC
    first = history[0][1] if len(history) > 1 else None
    return Report(
        answers=latest,
        score=selftest.score(latest),
        previous=selftest.score(before) if before is not None else None,
        first=selftest.score(first) if first is not None else None,
        since_last=tuple(selftest.changes(before, latest)) if before is not None else (),
        since_first=tuple(selftest.changes(first, latest)) if first is not None else (),
        trend=selftest.trend(points(history)),
        tests=len(history),
        previous_answers=before,
        day=taken.astimezone(zone).date(),
    )


async def control_improved(session: AsyncSession, *, user_id: int) -> bool:
    """True once the self-test shows better control than at the start (unlocks band work)."""
    return selftest.improved_since_baseline(points(await completed_tests(session, user_id=user_id)))
