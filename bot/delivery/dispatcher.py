"""The reminder dispatcher: claims due prompts from the database, sends them, records them.

One periodic tick (PTB's JobQueue) calls :meth:`Dispatcher.tick`, which works batch by batch
until nothing is due any more; there is no job per patient, and memory stays flat whatever
the number of patients because at most one batch is held at a time.

Each batch goes through three steps:

1. **Claim and record** (one short transaction). Due schedules (joined with their active,
   consenting patient, not stopped, lease free) and due one-off prompts (snoozes and
   follow-ups) are leased to this process: ``UPDATE ... WHERE id IN (SELECT ... LIMIT n
   FOR UPDATE SKIP LOCKED) RETURNING ...`` on PostgreSQL, so several processes share the work
   without ever taking the same row; the same statement without the locking clause on SQLite,
   whose single writer makes it atomic. The pure rules (:mod:`bot.domain.reminders`) decide each
   item, and a ``prompts`` row is written *before* anything is sent: status ``sending`` for
   what will be sent, ``missed``/``skipped`` (with the reason) for the rest. The unique
   (user, kind, due) index makes a second row for the same prompt impossible, so a prompt
   that another process already recorded is skipped, never sent twice.
2. **Send** through the rate limiter, a bounded number at a time, with retries: 429 waits
   ``retry_after`` and resends the same message; 5xx and network errors back off
   exponentially up to ``max_attempts``; 403 means the patient blocked the bot; 400 fails.
3. **Finish** (one transaction): each row becomes ``sent``/``failed``/``blocked``, the
   schedule advances to its next due instant (a pure function of schedule, zone, the due
   instant just handled and now) and its lease is cleared, a blocked patient is marked
   inactive, and a sent daily prompt gets its one follow-up row.

Writes are batched (executemany), never one transaction per message: that is what lets one
process record well over 1,000 prompts a second on SQLite.

Stopping and crashing:

- A graceful stop (the tick task is cancelled) starts no new request, waits for the requests
  already on the wire, records what they did, and releases everything else it claimed (rows
  deleted or set back to ``scheduled``, leases cleared): nothing is lost, nothing doubled.
- After a hard crash, leases expire and the rows are claimed again; a prompt whose
  ``sending`` row was written is *not* sent again, because its outcome is unknown and a
  duplicate is worse than a gap. The next tick marks such rows ``failed`` with the error
  "outcome unknown". (No Bot API call is idempotent, so this is the only way to guarantee
  "never twice": the cost is at most one lost prompt per message in flight at the crash.)
- A request whose answer is lost (connection dropped after Telegram accepted it) is retried
  like any network error, so that one case can show a message twice; Telegram offers no
  idempotency key to prevent it.

Two senders implement :class:`Sender`: :class:`PtbSender` wraps ``telegram.Bot``;
:class:`AiohttpSender` posts straight to ``sendMessage`` with one keep-alive session and
raises the same python-telegram-bot exceptions. The bot should use the lean one. Measured
on the 2-core reference machine against the sandbox on loopback: bare sendMessage calls ran
at about 1,000/s through PTB + httpx at best (pool of 2-8 connections; more is slower) and
4,000-7,000/s through aiohttp; inside the full dispatcher on SQLite, PtbSender managed
520 prompts/s (900/s with only 2 requests in flight) and AiohttpSender 2,400/s. At
Telegram's 30 messages/s either would do, but the lean sender leaves the CPU to the
handlers, catches up after downtime four times faster, and does not compete with the
handlers for PTB's connection pool.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    and_,
    bindparam,
    case,
    delete,
    exists,
    false,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlmodel import SQLModel
from telegram import InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.clock import Clock
from bot.db.models import (
    Consent,
    DrillSession,
    DrillStatus,
    Escalation,
    Prompt,
    PromptKind,
    PromptStatus,
    Schedule,
    User,
    UTCDateTime,
)
from bot.delivery.ratelimit import Monotonic, RateLimiter, Sleep
from bot.delivery.senders import (
    AiohttpSender,
    PtbSender,
    Sender,
    error_text,
    retry_seconds,
)
from bot.domain import reminders, scheduling

__all__ = [
    "AiohttpSender",
    "DispatchConfig",
    "Dispatcher",
    "PromptItem",
    "PtbSender",
    "Render",
    "Sender",
    "TickReport",
    "default_render",
    "snooze_prompt",
]

log = logging.getLogger(__name__)

# Core tables: the batch statements below (executemany, UPDATE ... RETURNING) are Core, which
# skips the ORM's per-object bookkeeping that 1,000 prompts a second cannot afford.
_TABLES = SQLModel.metadata.tables
_S = _TABLES[Schedule.__tablename__]
_U = _TABLES[User.__tablename__]
_P = _TABLES[Prompt.__tablename__]
_E = _TABLES[Escalation.__tablename__]
_D = _TABLES[DrillSession.__tablename__]

_ONE_OFF_KINDS = (PromptKind.SNOOZE.value, PromptKind.FOLLOWUP.value)
# A drill stopped for pain counts as done for the day: nudging that patient to exercise again
# the same day would be the wrong message.
_DRILL_DONE_STATUSES = (DrillStatus.FINISHED.value, DrillStatus.ABORTED.value)
_ERROR_MAX = 200  # prompts.error is VARCHAR(200)
UNKNOWN_OUTCOME = "outcome unknown: dispatcher stopped while sending (not resent)"


@dataclass(frozen=True)
class DispatchConfig:
    """Knobs of the dispatcher; the defaults are the production values.

    `rate` is per process: with several dispatcher processes, give each its share of
    Telegram's 30 messages/s. `lease` must outlast one batch including its retries and rate
    limiting (500 prompts at 30/s take 17 s).
    """

    batch_size: int = 500
    grace: dt.timedelta = reminders.DEFAULT_GRACE
    lease: dt.timedelta = dt.timedelta(minutes=10)
    rate: float | None = 30.0
    burst: int = 3
    per_chat_interval: float = 1.0
    max_attempts: int = 4
    # 429 answers honoured per message before it is recorded failed (they are not attempts).
    max_retry_after: int = 5
    backoff: float = 0.5  # first 5xx/network retry waits this long, then doubles
    concurrency: int = 64
    followup_after: dt.timedelta | None = reminders.DEFAULT_FOLLOWUP_AFTER
    quiet_start: dt.time = dt.time(21, 0)
    quiet_end: dt.time = dt.time(8, 0)

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.concurrency < 1 or self.max_attempts < 1:
            raise ValueError("batch_size, concurrency and max_attempts must be at least 1")
        if self.lease <= dt.timedelta(0) or self.grace < dt.timedelta(0):
            raise ValueError("lease must be positive and grace not negative")

    @property
    def quiet(self) -> reminders.QuietHours:
        """The quiet hours as the pure rules take them."""
        return reminders.QuietHours(self.quiet_start, self.quiet_end)


@dataclass(frozen=True, slots=True)
class PromptItem:
    """One prompt about to be sent: what a renderer needs (the prompt id goes in buttons)."""

    prompt_id: int
    user_id: int
    chat_id: int
    kind: str
    due_at: dt.datetime
    local_day: dt.date


Render = Callable[[PromptItem], tuple[str, InlineKeyboardMarkup | None]]


def default_render(item: PromptItem) -> tuple[str, InlineKeyboardMarkup | None]:
    """Plain texts with no buttons, for benchmarks; the bot renders from content instead."""
    if item.kind == PromptKind.FOLLOWUP.value:
        return "A gentle reminder: today's toe exercises are still waiting for you.", None
    return "Time for your toe exercises.", None


@dataclass
class TickReport:
    """What one tick did. `released`: claimed, then handed back by a graceful stop."""

    sent: int = 0
    failed: int = 0
    missed: int = 0
    skipped: int = 0
    blocked: int = 0
    duplicates_avoided: int = 0
    released: int = 0
    unknown: int = 0  # on the wire when the tick was cancelled a second time
    stale_marked: int = 0  # "sending" rows of a crashed process, marked failed
    batches: int = 0
    seconds: float = 0.0

    @property
    def handled(self) -> int:
        """Prompts given a final status in this tick."""
        return self.sent + self.failed + self.missed + self.skipped + self.blocked


# ------------------------------------------------------------------------------ internals


class _Phase(enum.Enum):
    PENDING = "pending"  # not sent (yet): can be released
    ON_WIRE = "on_wire"  # a request is out; its answer decides
    DONE = "done"  # final status known


@dataclass(slots=True, eq=False)
class _Work:
    """One claimed prompt on its way through a batch."""

    kind: str
    user_id: int
    chat_id: int
    due_at: dt.datetime
    local_day: dt.date
    zone: ZoneInfo
    daily: bool
    prompt_id: int | None = None
    times: tuple[dt.time, ...] = ()
    weekdays: int = 0
    send: bool = False
    duplicate: bool = False
    phase: _Phase = _Phase.PENDING
    call: asyncio.Future[int] | None = None
    status: str | None = None
    message_id: int | None = None
    sent_at: dt.datetime | None = None
    error: str | None = None
    attempts: int = 0

    def item(self) -> PromptItem:
        assert self.prompt_id is not None
        return PromptItem(
            prompt_id=self.prompt_id,
            user_id=self.user_id,
            chat_id=self.chat_id,
            kind=self.kind,
            due_at=self.due_at,
            local_day=self.local_day,
        )

    def finish(
        self, status: PromptStatus, *, error: str | None = None, message_id: int | None = None
    ) -> None:
        self.phase = _Phase.DONE
        self.status = status.value
        self.error = error
        self.message_id = message_id


@dataclass(slots=True)
class _Batch:
    works: list[_Work]

    @property
    def to_send(self) -> list[_Work]:
        return [w for w in self.works if w.send]


# ----------------------------------------------------------------------------- dispatcher


class Dispatcher:
    """Claims, sends and records due prompts; see the module docstring.

    `owner` names this process in leases (default: a random id). `sleep` and `monotonic`
    drive the rate limiter and the retry back-off, so tests inject fakes and never wait.
    """

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        render: Render = default_render,
        clock: Clock,
        config: DispatchConfig | None = None,
        owner: str | None = None,
        sleep: Sleep = asyncio.sleep,
        monotonic: Monotonic = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._sender = sender
        self._render = render
        self._clock = clock
        self.config = config or DispatchConfig()
        self.owner = (owner or f"dispatch-{uuid.uuid4().hex[:12]}")[:64]
        self._sleep = sleep
        self.limiter = RateLimiter(
            self.config.rate,
            burst=self.config.burst,
            per_chat_interval=self.config.per_chat_interval,
            monotonic=monotonic,
            sleep=sleep,
        )
        self._quiet = self.config.quiet
        self._zones: dict[str | None, ZoneInfo] = {}
        self._running: asyncio.Task[Any] | None = None

    # -------------------------------------------------------------------- the tick

    async def tick(self) -> TickReport:
        """Claim and process batches until nothing is due right now.

        Cancelling the task that runs it is a graceful stop (see :meth:`stop`).
        """
        started = time.perf_counter()
        report = TickReport()
        self._running = asyncio.current_task()
        report.stale_marked = await self._mark_stale(self._clock())
        while True:
            claim = asyncio.ensure_future(self._claim(self._clock(), report))
            try:
                # The claim is one short transaction; shielded so that a stop arriving during
                # it cannot leave rows leased with nobody to send or release them.
                batch = await asyncio.shield(claim)
            except asyncio.CancelledError:
                batch = await claim
                if batch is not None:
                    await self._finish(batch, report)
                raise
            if batch is None:
                break
            report.batches += 1
            try:
                await self._deliver_all(batch.to_send)
            finally:
                # Runs on a graceful stop too: records what was sent, releases the rest.
                await self._finish(batch, report)
        report.seconds = time.perf_counter() - started
        return report

    async def stop(self) -> None:
        """Stop a running tick gracefully and wait until it has recorded or released all.

        For shutdown (e.g. PTB's ``post_stop``): requests already on the wire finish and are
        recorded, everything else claimed is handed back. Does nothing when no tick runs.
        """
        task = self._running
        if task is None or task.done() or task is asyncio.current_task():
            return
        task.cancel()
        # wait(), not `await task`: the task's CancelledError is its own, not ours.
        await asyncio.wait([task])

    # -------------------------------------------------------------------- step 1: claim

    async def _mark_stale(self, now: dt.datetime) -> int:
        """Mark "sending" rows whose lease ran out (a crashed process) as failed, unsent."""
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            result = await conn.execute(
                update(_P)
                .where(_P.c.status == PromptStatus.SENDING.value, _P.c.lease_until < now)
                .values(status=PromptStatus.FAILED.value, error=UNKNOWN_OUTCOME, lease_until=None)
            )
            return int(result.rowcount or 0)

    async def _claim(self, now: dt.datetime, report: TickReport) -> _Batch | None:
        """Lease a batch, decide every item and record the decisions (one transaction)."""
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            daily_rows = await self._claim_schedules(conn, now)
            one_off_rows = await self._claim_one_offs(conn, now)
            if not daily_rows and not one_off_rows:
                return None
            user_ids = {r.user_id for r in daily_rows} | {r.user_id for r in one_off_rows}
            people = await self._people(conn, user_ids)
            done_days = await self._drill_days(
                conn, {(r.user_id, r.local_day) for r in one_off_rows}
            )

            decisions: list[tuple[_Work, reminders.Decision]] = []
            for row in daily_rows:
                person = people[row.user_id]
                zone = self._zone(person.timezone)
                work = _Work(
                    kind=PromptKind.DAILY.value,
                    user_id=row.user_id,
                    chat_id=person.chat_id,
                    due_at=row.next_due_at,
                    local_day=reminders.local_day(row.next_due_at, zone),
                    zone=zone,
                    daily=True,
                    times=tuple(scheduling.parse_times(row.times)),
                    weekdays=row.weekdays,
                )
                decisions.append((work, self._decide(work, person, False, now)))
            for row in one_off_rows:
                person = people[row.user_id]
                work = _Work(
                    kind=row.kind,
                    user_id=row.user_id,
                    chat_id=person.chat_id,
                    due_at=row.due_at,
                    local_day=row.local_day,
                    zone=self._zone(person.timezone),
                    daily=False,
                    prompt_id=row.id,
                )
                drill_done = (row.user_id, row.local_day) in done_days
                decisions.append((work, self._decide(work, person, drill_done, now)))

            await self._record(conn, decisions, now, report)
            return _Batch([w for w, _ in decisions])

    async def _claim_schedules(self, conn: AsyncConnection, now: dt.datetime) -> list[Row[Any]]:
        """Lease up to one batch of due recurring schedules; return what the rules need."""
        due = (
            select(_S.c.user_id)
            .select_from(_S.join(_U, _U.c.id == _S.c.user_id))
            .where(
                _S.c.next_due_at <= now,
                _S.c.stopped == false(),
                _U.c.active == true(),
                _U.c.consent == Consent.GIVEN.value,
                or_(_S.c.lease_until.is_(None), _S.c.lease_until < now),
            )
            .order_by(_S.c.next_due_at)
            .limit(self.config.batch_size)
        )
        if conn.dialect.name == "postgresql":
            # Rows another process is claiming right now are skipped, not waited for; SQLite
            # has one writer at a time, so its UPDATE is atomic without a locking clause.
            due = due.with_for_update(of=_S, skip_locked=True)
        result = await conn.execute(
            update(_S)
            .where(_S.c.user_id.in_(due))
            .values(lease_until=now + self.config.lease, lease_owner=self.owner)
            .returning(_S.c.user_id, _S.c.next_due_at, _S.c.times, _S.c.weekdays)
        )
        return list(result.all())

    async def _claim_one_offs(self, conn: AsyncConnection, now: dt.datetime) -> list[Row[Any]]:
        """Lease up to one batch of due snoozes and follow-ups."""
        due = (
            select(_P.c.id)
            .where(
                _P.c.status == PromptStatus.SCHEDULED.value,
                _P.c.due_at <= now,
                _P.c.kind.in_(_ONE_OFF_KINDS),
                or_(_P.c.lease_until.is_(None), _P.c.lease_until < now),
            )
            .order_by(_P.c.due_at)
            .limit(self.config.batch_size)
        )
        if conn.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        result = await conn.execute(
            update(_P)
            .where(_P.c.id.in_(due))
            .values(lease_until=now + self.config.lease)
            .returning(_P.c.id, _P.c.user_id, _P.c.kind, _P.c.due_at, _P.c.local_day)
        )
        return list(result.all())

    def _decide(
        self, work: _Work, person: Row[Any], drill_done: bool, now: dt.datetime
    ) -> reminders.Decision:
        state = reminders.DueState(
            kind=cast(reminders.Kind, work.kind),
            due_at=work.due_at,
            local_day=work.local_day,
            zone=work.zone,
            active=bool(person.active),
            consented=person.consent == Consent.GIVEN.value,
            stopped=bool(person.stopped),
            paused=bool(person.paused),
            resume_on=person.resume_on,
            escalation_pause=bool(person.escalation_pause),
            drill_done=drill_done,
        )
        return reminders.decide(state, now=now, grace=self.config.grace, quiet=self._quiet)

    async def _people(self, conn: AsyncConnection, user_ids: set[int]) -> dict[int, Row[Any]]:
        """Patient, schedule pause state and escalation pause of each claimed user."""
        escalation = (
            exists()
            .where(
                _E.c.user_id == _U.c.id,
                _E.c.pauses_prompts == true(),
                _E.c.confirmed_at.is_(None),
                _E.c.cleared_at.is_(None),
            )
            .label("escalation_pause")
        )
        rows = await conn.execute(
            select(
                _U.c.id,
                _U.c.chat_id,
                _U.c.timezone,
                _U.c.active,
                _U.c.consent,
                _S.c.paused,
                _S.c.resume_on,
                _S.c.stopped,
                escalation,
            )
            .select_from(_U.outerjoin(_S, _S.c.user_id == _U.c.id))
            .where(_U.c.id.in_(user_ids))
        )
        return {r.id: r for r in rows}

    async def _drill_days(
        self, conn: AsyncConnection, wanted: set[tuple[int, dt.date]]
    ) -> set[tuple[int, dt.date]]:
        """Which (user, local day) pairs already have a drill done."""
        if not wanted:
            return set()
        rows = await conn.execute(
            select(_D.c.user_id, _D.c.local_day).where(
                _D.c.user_id.in_({u for u, _ in wanted}),
                _D.c.local_day.in_({d for _, d in wanted}),
                _D.c.status.in_(_DRILL_DONE_STATUSES),
            )
        )
        return {(r.user_id, r.local_day) for r in rows} & wanted

    def _zone(self, key: str | None) -> ZoneInfo:
        zone = self._zones.get(key)
        if zone is None:
            try:
                zone = ZoneInfo(key) if key else ZoneInfo("UTC")
            except (ZoneInfoNotFoundError, ValueError):
                # Zones are validated on input; an unknown one (tzdata changed) should not
                # stop the patient's reminders: UTC is a visible, fixable fallback.
                log.warning("unknown time zone %r; using UTC", key)
                zone = ZoneInfo("UTC")
            self._zones[key] = zone
        return zone

    async def _record(
        self,
        conn: AsyncConnection,
        decisions: list[tuple[_Work, reminders.Decision]],
        now: dt.datetime,
        report: TickReport,
    ) -> None:
        """Write the decisions before anything is sent (inside the claim transaction)."""
        lease_until = now + self.config.lease
        daily_rows: list[dict[str, Any]] = []
        one_off_updates: list[dict[str, Any]] = []
        resumes: list[dict[str, Any]] = []
        for work, decision in decisions:
            if decision.resume:
                resumes.append({"b_uid": work.user_id, "b_day": work.local_day})
            work.send = decision.outcome is reminders.Outcome.SEND
            if work.send:
                status, error, lease = PromptStatus.SENDING, None, lease_until
            else:
                status = (
                    PromptStatus.MISSED
                    if decision.outcome is reminders.Outcome.MISSED
                    else PromptStatus.SKIPPED
                )
                error = decision.reason.value if decision.reason is not None else None
                lease = None
                work.finish(status, error=error)
            if work.daily:
                daily_rows.append(
                    {
                        "user_id": work.user_id,
                        "kind": work.kind,
                        "due_at": work.due_at,
                        "local_day": work.local_day,
                        "status": status.value,
                        "attempts": 0,
                        "error": error,
                        "lease_until": lease,
                        "created_at": now,
                    }
                )
            else:
                one_off_updates.append(
                    {
                        "b_id": work.prompt_id,
                        "b_status": status.value,
                        "b_error": error,
                        "b_lease": lease,
                    }
                )

        if daily_rows:
            insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(_P)
            stmt = insert.on_conflict_do_nothing(
                index_elements=["user_id", "kind", "due_at"]
            ).returning(_P.c.id, _P.c.user_id)
            ids = {r.user_id: r.id for r in await conn.execute(stmt, daily_rows)}
            for work, _ in decisions:
                if not work.daily:
                    continue
                work.prompt_id = ids.get(work.user_id)
                if work.prompt_id is None:
                    # Another process (or one before a crash) already recorded this prompt:
                    # never send it twice; just move the schedule on.
                    work.duplicate, work.send = True, False
                    work.phase = _Phase.DONE
                    work.status = None
                    report.duplicates_avoided += 1
        if one_off_updates:
            await conn.execute(
                update(_P)
                .where(_P.c.id == bindparam("b_id"))
                .values(
                    status=bindparam("b_status"),
                    error=bindparam("b_error"),
                    lease_until=bindparam("b_lease", type_=UTCDateTime()),
                ),
                one_off_updates,
            )
        if resumes:
            await conn.execute(
                update(_S)
                .where(
                    _S.c.user_id == bindparam("b_uid"),
                    _S.c.paused == true(),
                    _S.c.resume_on.is_not(None),
                    _S.c.resume_on <= bindparam("b_day"),
                )
                .values(paused=False, resume_on=None),
                resumes,
            )
        # Daily prompts not sent now (missed, skipped, duplicate) move their schedule on at once.
        await self._advance(conn, [w for w, _ in decisions if w.daily and not w.send], now)
        for work, _ in decisions:
            if not work.send and not work.duplicate:
                self._count(work, report)

    async def _advance(
        self, conn: AsyncConnection, works: Iterable[_Work], now: dt.datetime
    ) -> None:
        """Move each schedule past the prompt just handled and clear this process's lease."""
        params = [
            {
                "b_uid": w.user_id,
                "b_old": w.due_at,
                "b_new": reminders.next_after(
                    times=w.times,
                    weekdays=w.weekdays,
                    zone=w.zone,
                    handled_due=w.due_at,
                    now=now,
                    grace=self.config.grace,
                ),
            }
            for w in works
        ]
        if not params:
            return
        await conn.execute(
            update(_S)
            .where(_S.c.user_id == bindparam("b_uid"), _S.c.lease_owner == self.owner)
            .values(
                # Only if the patient did not change the schedule meanwhile: their new
                # next_due_at (computed by the handler) wins over ours.
                next_due_at=case(
                    (
                        _S.c.next_due_at == bindparam("b_old", type_=UTCDateTime()),
                        bindparam("b_new", type_=UTCDateTime()),
                    ),
                    else_=_S.c.next_due_at,
                ),
                lease_until=None,
                lease_owner=None,
            ),
            params,
        )

    @staticmethod
    def _count(work: _Work, report: TickReport) -> None:
        if work.status == PromptStatus.SENT.value:
            report.sent += 1
        elif work.status == PromptStatus.FAILED.value:
            report.failed += 1
        elif work.status == PromptStatus.BLOCKED.value:
            report.blocked += 1
        elif work.status == PromptStatus.MISSED.value:
            report.missed += 1
        elif work.status == PromptStatus.SKIPPED.value:
            report.skipped += 1

    # -------------------------------------------------------------------- step 2: send

    async def _deliver_all(self, works: Sequence[_Work]) -> None:
        """Send with at most `concurrency` requests in flight, each through the limiter."""
        if not works:
            return
        queue: Iterator[_Work] = iter(works)

        async def worker() -> None:
            # One shared iterator: workers take the next item as they free up.
            for work in queue:
                await self._deliver(work)

        tasks = [
            asyncio.ensure_future(worker()) for _ in range(min(self.config.concurrency, len(works)))
        ]
        try:
            # wait(), not gather(): a cancelled gather cancels its children itself, and a
            # second cancel from us would cut short their wait for the request on the wire.
            await asyncio.wait(tasks)
        except asyncio.CancelledError:
            for task in tasks:
                task.cancel()
            # Each worker waits for its request on the wire before it stops.
            await asyncio.wait(tasks)
            raise
        for task in tasks:
            task.result()  # a bug in a worker surfaces here rather than vanishing

    async def _deliver(self, work: _Work) -> None:
        try:
            text, markup = self._render(work.item())
        except Exception as exc:
            log.exception("rendering prompt %s failed", work.prompt_id)
            work.finish(PromptStatus.FAILED, error=error_text(exc))
            return
        try:
            await self._deliver_loop(work, text, markup)
        except asyncio.CancelledError:
            call = work.call
            if work.phase is _Phase.ON_WIRE and call is not None:
                # Stopped while a request was out: its answer says whether the patient got
                # the message, so wait for it (a second cancel leaves the outcome unknown).
                await asyncio.wait([call])
                self._settle_after_stop(work, call)
            raise

    def _settle_after_stop(self, work: _Work, call: asyncio.Future[int]) -> None:
        """Record the answer of the last request after a stop; never retry."""
        if call.cancelled():
            return
        exc = call.exception()
        if exc is None:
            work.finish(PromptStatus.SENT, message_id=call.result())
            work.sent_at = self._clock()
        elif isinstance(exc, Forbidden):
            work.finish(PromptStatus.BLOCKED, error=error_text(exc))
        elif isinstance(exc, RetryAfter | TimedOut) or (
            isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)
        ):
            # Not delivered (or as unsure as any retry): hand it back to be sent again.
            work.phase = _Phase.PENDING
        else:
            work.finish(PromptStatus.FAILED, error=error_text(exc))

    async def _deliver_loop(
        self, work: _Work, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        flood_waits = 0
        while True:
            await self.limiter.acquire(work.chat_id)
            work.attempts += 1
            work.phase = _Phase.ON_WIRE
            work.call = asyncio.ensure_future(self._sender.send(work.chat_id, text, markup))
            try:
                # Shielded: a stop must not abort a request half-way (we could not tell
                # whether it was delivered); `_deliver` waits for its answer instead.
                message_id = await asyncio.shield(work.call)
            except RetryAfter as exc:
                work.phase = _Phase.PENDING
                # Flood control is Telegram pacing us, not a failed attempt.
                work.attempts -= 1
                flood_waits += 1
                if flood_waits > self.config.max_retry_after:
                    work.attempts = max(work.attempts, 1)
                    work.finish(PromptStatus.FAILED, error=error_text(exc))
                    return
                await self._sleep(retry_seconds(exc))
                continue
            except Forbidden as exc:
                work.finish(PromptStatus.BLOCKED, error=error_text(exc))
                return
            except (BadRequest, ChatMigrated, InvalidToken, Conflict) as exc:
                work.finish(PromptStatus.FAILED, error=error_text(exc))
                return
            except NetworkError as exc:
                # 5xx, timeouts, dropped connections: worth another try after a pause.
                work.phase = _Phase.PENDING
                if work.attempts >= self.config.max_attempts:
                    work.finish(PromptStatus.FAILED, error=error_text(exc))
                    return
                await self._sleep(self.config.backoff * 2 ** (work.attempts - 1))
                continue
            except TelegramError as exc:
                work.finish(PromptStatus.FAILED, error=error_text(exc))
                return
            except Exception as exc:
                # A bug in a sender must cost one prompt, not the whole batch.
                log.exception("sending prompt %s failed unexpectedly", work.prompt_id)
                work.finish(PromptStatus.FAILED, error=error_text(exc))
                return
            work.finish(PromptStatus.SENT, message_id=message_id)
            work.sent_at = self._clock()
            return

    # -------------------------------------------------------------------- step 3: finish

    async def _finish(self, batch: _Batch, report: TickReport) -> None:
        """Record the sends, advance schedules, release what was not sent (one transaction)."""
        sending = batch.to_send
        if not sending:
            return
        now = self._clock()
        done = [w for w in sending if w.phase is _Phase.DONE]
        released = [w for w in sending if w.phase is _Phase.PENDING]
        unknown = [w for w in sending if w.phase is _Phase.ON_WIRE]
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            if done:
                await conn.execute(
                    update(_P)
                    .where(_P.c.id == bindparam("b_id"))
                    .values(
                        status=bindparam("b_status"),
                        message_id=bindparam("b_mid"),
                        sent_at=bindparam("b_sent_at", type_=UTCDateTime()),
                        error=bindparam("b_error"),
                        attempts=bindparam("b_attempts"),
                        lease_until=None,
                    ),
                    [
                        {
                            "b_id": w.prompt_id,
                            "b_status": w.status,
                            "b_mid": w.message_id,
                            "b_sent_at": w.sent_at,
                            "b_error": w.error,
                            "b_attempts": w.attempts,
                        }
                        for w in done
                    ],
                )
            # Known outcomes and unknown ones alike move the schedule on: resending an
            # unknown one could double it.
            await self._advance(conn, [w for w in done + unknown if w.daily], now)
            await self._release(conn, released)
            blocked = [w.user_id for w in done if w.status == PromptStatus.BLOCKED.value]
            if blocked:
                await conn.execute(
                    update(_U).where(_U.c.id.in_(set(blocked))).values(active=False, updated_at=now)
                )
                # No due instant while blocked, so claims never rescan them; it is computed
                # again when the patient writes to the bot (store.get_or_create_user).
                await conn.execute(
                    update(_S).where(_S.c.user_id.in_(set(blocked))).values(next_due_at=None)
                )
            await self._add_followups(
                conn,
                [w for w in done if w.daily and w.status == PromptStatus.SENT.value],
                now,
            )
        for work in done:
            self._count(work, report)
        report.released += len(released)
        report.unknown += len(unknown)

    async def _release(self, conn: AsyncConnection, works: list[_Work]) -> None:
        """Hand back prompts that were claimed but not sent, so the next tick sends them."""
        daily = [w for w in works if w.daily]
        one_off = [w for w in works if not w.daily]
        if daily:
            await conn.execute(
                delete(_P).where(
                    _P.c.id.in_([w.prompt_id for w in daily]),
                    _P.c.status == PromptStatus.SENDING.value,
                )
            )
            await conn.execute(
                update(_S)
                .where(_S.c.user_id.in_([w.user_id for w in daily]), _S.c.lease_owner == self.owner)
                .values(lease_until=None, lease_owner=None)
            )
        if one_off:
            await conn.execute(
                update(_P)
                .where(
                    _P.c.id.in_([w.prompt_id for w in one_off]),
                    _P.c.status == PromptStatus.SENDING.value,
                )
                .values(status=PromptStatus.SCHEDULED.value, lease_until=None)
            )

    async def _add_followups(
        self, conn: AsyncConnection, sent_daily: list[_Work], now: dt.datetime
    ) -> None:
        """Schedule the one gentle follow-up of each sent daily prompt (max one per day)."""
        if self.config.followup_after is None or not sent_daily:
            return
        wanted: list[tuple[_Work, dt.datetime]] = []
        for work in sent_daily:
            at = reminders.followup_at(
                due_at=work.due_at,
                zone=work.zone,
                after=self.config.followup_after,
                quiet=self._quiet,
            )
            if at is not None:
                wanted.append((work, at))
        if not wanted:
            return
        existing = await conn.execute(
            select(_P.c.user_id, _P.c.local_day).where(
                _P.c.kind == PromptKind.FOLLOWUP.value,
                _P.c.user_id.in_({w.user_id for w, _ in wanted}),
                _P.c.local_day.in_({w.local_day for w, _ in wanted}),
            )
        )
        taken = {(r.user_id, r.local_day) for r in existing}
        rows = []
        for work, at in wanted:
            if (work.user_id, work.local_day) in taken:
                continue  # a patient with several daily times gets one nudge a day
            taken.add((work.user_id, work.local_day))
            rows.append(
                {
                    "user_id": work.user_id,
                    "kind": PromptKind.FOLLOWUP.value,
                    "due_at": at,
                    "local_day": work.local_day,
                    "status": PromptStatus.SCHEDULED.value,
                    "attempts": 0,
                    "created_at": now,
                }
            )
        if rows:
            insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(_P)
            await conn.execute(
                insert.on_conflict_do_nothing(index_elements=["user_id", "kind", "due_at"]),
                rows,
            )


# ---------------------------------------------------------------------------------- snooze


async def snooze_prompt(
    session: AsyncSession, *, prompt_id: int, delay: dt.timedelta, now: dt.datetime
) -> Prompt | None:
    """Bring back the prompt `prompt_id` after `delay` (one of `reminders.SNOOZE_CHOICES`).

    Adds one scheduled ``snooze`` row for the same patient and local day; the recurring
    schedule is not touched. A snooze still waiting for the same patient and day is
    cancelled first, so pressing snooze twice moves the prompt instead of doubling it.
    Returns the new row, or None when `prompt_id` is unknown. The caller commits.
    """
    at = reminders.snooze_at(now=now, delay=delay)
    original = await session.get(Prompt, prompt_id)
    if original is None:
        return None
    await session.execute(
        update(_P)
        .where(
            _P.c.user_id == original.user_id,
            _P.c.kind == PromptKind.SNOOZE.value,
            _P.c.local_day == original.local_day,
            _P.c.status == PromptStatus.SCHEDULED.value,
        )
        .values(status=PromptStatus.CANCELLED.value, lease_until=None)
    )
    existing = (
        await session.execute(
            select(Prompt)
            .where(
                and_(
                    _P.c.user_id == original.user_id,
                    _P.c.kind == PromptKind.SNOOZE.value,
                    _P.c.due_at == at,
                )
            )
            # The UPDATE above bypassed the identity map: reload, or a stale "scheduled"
            # would look unchanged and never be written back.
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if existing is not None:
        existing.status = PromptStatus.SCHEDULED.value
        return existing
    snoozed = Prompt(
        user_id=original.user_id,
        kind=PromptKind.SNOOZE.value,
        due_at=at,
        local_day=original.local_day,
        status=PromptStatus.SCHEDULED.value,
        created_at=now,
    )
    session.add(snoozed)
    await session.flush()
    return snoozed
