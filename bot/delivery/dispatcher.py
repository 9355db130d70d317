"""The reminder dispatcher: claims due prompts from the database, sends them, records them.

One periodic tick (PTB's JobQueue) calls :meth:`Dispatcher.tick`, which works batch by batch
until nothing is due any more; there is no job per patient, and memory stays flat whatever
the number of patients because at most one batch is held at a time.

Each batch goes through three steps:

1. **Claim** (one short transaction, :mod:`bot.delivery.claims`): due rows are leased to
   this process (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and decided by the pure rules;
   what will not be sent is recorded (``missed``/``skipped``) and its schedule moved on. The
   prompts to send are *not* recorded yet: the lease on their schedule (daily) or on their
   own ``scheduled`` row (snooze, follow-up) is all that holds them.
2. **Send** (:mod:`bot.delivery.senders`) through the rate limiter, `concurrency` requests
   on the wire at a time (sized from rate x expected latency, so 30/s holds at 1 s per
   request), with retries: 429 waits ``retry_after`` and resends the same message; 5xx and
   network errors back off exponentially up to ``max_attempts``; 403 means the patient
   blocked the bot; 400 fails. A prompt is recorded ``sending`` (under its unique
   (user, kind, due) key; a one-off only while still ``scheduled`` under our lease) just
   before it is handed to the sender, a chunk at a time, so that at no moment are more than
   ``concurrency + chunk`` prompts recorded ``sending`` without an outcome; a prompt someone
   else recorded first is skipped, never sent twice.
3. **Finish**, in the same transaction as the next chunk's recording: each sent prompt's
   row becomes ``sent``/``failed``/``blocked``, the schedule advances to its next due
   instant (a pure function of schedule, zone, the due instant just handled and now) and
   its lease is cleared, a blocked patient is marked inactive, and a sent daily prompt gets
   its one follow-up row.

Writes are batched (executemany, one transaction per chunk), never one transaction per
message: that is what lets one process record well over 1,000 prompts a second on SQLite.

Stopping and crashing:

- A graceful stop (the tick task is cancelled) starts no new request, waits for the requests
  already on the wire, records what they did, and releases everything else it claimed
  (recorded rows deleted or set back to ``scheduled``, leases cleared): nothing is lost,
  nothing doubled.
- After a hard crash (``kill -9``), the claimed prompts never recorded ``sending`` (most of
  a batch) are claimed again once their lease runs out and sent then, once. A prompt whose
  ``sending`` row was written is *not* sent again, because its outcome is unknown and a
  duplicate is worse than a gap: a later tick marks such rows ``failed`` with the error
  "outcome unknown" and logs their number at WARNING (the first tick of a process logs the
  count even when it is zero, at INFO). No Bot API call is idempotent, so this is the only
  way to guarantee "never twice": the cost is at most ``concurrency + chunk`` prompts (those
  on the wire, and those recorded ahead so the wire never waits for the database), of which
  the ones already answered were in fact delivered.
- A request whose answer is lost (connection dropped after Telegram accepted it) is retried
  like any network error, so that one case can show a message twice; Telegram offers no
  idempotency key to prevent it.

The dispatcher's data types live in :mod:`bot.delivery.prompts`; they are
re-exported here, where callers have always imported them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, update
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
from bot.db.models import Prompt, PromptStatus, Schedule, User, UTCDateTime
from bot.delivery.claims import Claims
from bot.delivery.prompts import (
    UNKNOWN_OUTCOME,
    Batch,
    DispatchConfig,
    Phase,
    PromptItem,
    Render,
    TickReport,
    Work,
    add_followups,
    count,
    default_render,
)
from bot.delivery.ratelimit import Monotonic, RateLimiter, Sleep
from bot.delivery.senders import (
    AiohttpSender,
    PtbSender,
    Sender,
    error_text,
    paid_broadcast,
    retry_seconds,
)

__all__ = [
    "UNKNOWN_OUTCOME",
    "AiohttpSender",
    "DispatchConfig",
    "Dispatcher",
    "PromptItem",
    "PtbSender",
    "Render",
    "Sender",
    "TickReport",
    "default_render",
]

log = logging.getLogger(__name__)

_TABLES = SQLModel.metadata.tables
_S = _TABLES[Schedule.__tablename__]
_U = _TABLES[User.__tablename__]
_P = _TABLES[Prompt.__tablename__]


class Dispatcher:
    """Claims, sends and records due prompts; see the module docstring.

    `owner` names this process in leases (default: a random id). `sleep` and `monotonic`
    drive the rate limiter and the retry back-off, so tests inject fakes and never wait;
    `limiter` is the process's shared one (the bot's notices use it too). With
    ``config.paid_broadcast`` the prompts go out with ``allow_paid_broadcast``.
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
        limiter: RateLimiter | None = None,
    ) -> None:
        self._sessions = sessions
        self.config = config or DispatchConfig()
        self._sender = paid_broadcast(sender) if self.config.paid_broadcast else sender
        self._render = render
        self._clock = clock
        self.owner = (owner or f"dispatch-{uuid.uuid4().hex[:12]}")[:64]
        self._sleep = sleep
        # The process's one limiter when given (shared with the notifier), else our own.
        self.limiter = limiter or RateLimiter(
            self.config.rate,
            burst=self.config.burst,
            per_chat_interval=self.config.per_chat_interval,
            monotonic=monotonic,
            sleep=sleep,
        )
        self._claims = Claims(self.config, self.owner)
        self._running: asyncio.Task[Any] | None = None
        self._first_tick = True

    # -------------------------------------------------------------------- the tick

    async def tick(self) -> TickReport:
        """Claim and process batches until nothing is due right now.

        Cancelling the task that runs it is a graceful stop (see :meth:`stop`).
        """
        started = time.perf_counter()
        report = TickReport()
        self._running = asyncio.current_task()
        report.stale_marked = await self._mark_stale(self._clock())
        self._log_stale(report.stale_marked)
        while True:
            claim = asyncio.ensure_future(self._claim(self._clock(), report))
            try:
                # The claim is one short transaction; shielded so that a stop arriving during
                # it cannot leave rows leased with nobody to send or release them.
                batch = await asyncio.shield(claim)
            except asyncio.CancelledError:
                batch = await claim
                if batch is not None:
                    await self._write(batch, report, released=batch.to_send)
                raise
            if batch is None:
                break
            report.batches += 1
            await _BatchRun(self, batch, report).run()
        report.seconds = time.perf_counter() - started
        return report

    def _log_stale(self, stale: int) -> None:
        """How many prompts a crashed process left with an unknown outcome (count only)."""
        first, self._first_tick = self._first_tick, False
        if stale:
            log.warning(
                "%s prompt(s) left 'sending' by a stopped or crashed dispatcher: outcome "
                "unknown, marked failed and not resent",
                stale,
            )
        elif first:
            log.info("no prompts left with an unknown outcome by an earlier dispatcher")

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
        async with self._sessions() as session, session.begin():
            return await self._claims.mark_stale(await session.connection(), now)

    async def _claim(self, now: dt.datetime, report: TickReport) -> Batch | None:
        async with self._sessions() as session, session.begin():
            return await self._claims.claim(await session.connection(), now, report)

    async def _worker(
        self, queue: asyncio.Queue[Work | None], finished: Callable[[], None]
    ) -> None:
        """Send what the queue hands over (recorded ``sending``) until it says stop; call
        `finished` after each (its status is then known)."""
        while (work := await queue.get()) is not None:
            try:
                await self._deliver(work)
            except Exception as exc:
                # A bug of ours must cost one prompt, not stall the batch.
                log.exception("delivering prompt %s failed unexpectedly", work.prompt_id)
                if work.phase is not Phase.DONE:
                    work.finish(PromptStatus.FAILED, error=error_text(exc))
            finally:
                finished()

    async def _deliver(self, work: Work) -> None:
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
            if work.phase is Phase.ON_WIRE and call is not None:
                # Stopped while a request was out: its answer says whether the patient got
                # the message, so wait for it (a second cancel leaves the outcome unknown).
                await asyncio.wait([call])
                self._settle_after_stop(work, call)
            raise

    def _settle_after_stop(self, work: Work, call: asyncio.Future[int]) -> None:
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
            work.phase = Phase.PENDING
        else:
            work.finish(PromptStatus.FAILED, error=error_text(exc))

    async def _deliver_loop(
        self, work: Work, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        flood_waits = 0
        while True:
            await self.limiter.acquire(work.chat_id)
            work.attempts += 1
            work.phase = Phase.ON_WIRE
            work.call = asyncio.ensure_future(self._sender.send(work.chat_id, text, markup))
            try:
                # Shielded: a stop must not abort a request half-way (we could not tell
                # whether it was delivered); `_deliver` waits for its answer instead.
                message_id = await asyncio.shield(work.call)
            except RetryAfter as exc:
                work.phase = Phase.PENDING
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
                work.phase = Phase.PENDING
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

    async def _step(
        self, batch: Batch, done: list[Work], new: list[Work], report: TickReport
    ) -> None:
        """One transaction: the outcomes of `done`, then `new` recorded ``sending``."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            await self._write_done(conn, done, now)
            if new:
                await self._claims.record_sending(conn, new, batch, now, report)
        for work in done:
            count(work, report)

    async def _write(
        self,
        batch: Batch,
        report: TickReport,
        *,
        done: list[Work] | None = None,
        released: list[Work] | None = None,
        unknown: list[Work] | None = None,
    ) -> None:
        """The last write of a batch that stops: outcomes, hand-backs, unknowns."""
        done, released, unknown = done or [], released or [], unknown or []
        if not (done or released or unknown):
            return
        now = self._clock()
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            await self._write_done(conn, done, now)
            # An unknown outcome moves the schedule on too: resending it could double it.
            await self._claims.advance(conn, [w for w in unknown if w.daily], now)
            await self._claims.release(conn, released, batch)
        for work in done:
            count(work, report)
        report.released += len(released)
        report.unknown += len(unknown)

    async def _write_done(self, conn: AsyncConnection, done: list[Work], now: dt.datetime) -> None:
        """Record the outcomes, advance their schedules, block, add follow-ups."""
        if not done:
            return
        await self._record_done(conn, done)
        await self._claims.advance(conn, [w for w in done if w.daily], now)
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
        await add_followups(
            conn,
            [w for w in done if w.daily and w.status == PromptStatus.SENT.value],
            self.config,
            now,
        )

    @staticmethod
    async def _record_done(conn: AsyncConnection, done: list[Work]) -> None:
        """Each sent, failed or blocked prompt's row, in one executemany."""
        if not done:
            return
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


class _BatchRun:
    """The send step of one batch: workers keep `in_flight` requests on the wire while this
    records the next chunk ``sending`` and the finished ones' outcomes, one transaction at
    a time, never more than ``in_flight + chunk`` prompts recorded without an outcome."""

    def __init__(self, dispatcher: Dispatcher, batch: Batch, report: TickReport) -> None:
        self.d = dispatcher
        self.batch = batch
        self.report = report
        config = dispatcher.config
        self.in_flight = config.in_flight
        self.chunk = min(config.chunk_size, config.in_flight)
        self.limit = self.in_flight + self.chunk
        self.unrecorded: deque[Work] = deque(batch.to_send)
        self.open: list[Work] = []  # recorded "sending", outcome not yet written
        self.queue: asyncio.Queue[Work | None] = asyncio.Queue()
        # How many of `open` are done; the bookkeeper sleeps until it reaches `wake_at`
        # (woken once per chunk rather than once per message: less CPU per prompt).
        self.finished = 0
        self.wake_at = 0
        self.progress = asyncio.Event()

    def _finished(self) -> None:
        self.finished += 1
        if self.finished >= self.wake_at:
            self.progress.set()

    async def run(self) -> None:
        """Send the batch; a cancel is a graceful stop (see the module docstring)."""
        if not self.unrecorded:
            return
        workers = [
            asyncio.ensure_future(self.d._worker(self.queue, self._finished))
            for _ in range(min(self.in_flight, len(self.unrecorded)))
        ]
        try:
            await self._keep_books()
        except BaseException:
            for task in workers:
                task.cancel()
            # wait(), not gather(): each worker waits for its request on the wire before it
            # stops, and a second cancel from us would cut that wait short.
            await asyncio.wait(workers)
            await self._stop()
            raise
        for _ in workers:
            self.queue.put_nowait(None)
        await asyncio.wait(workers)

    async def _keep_books(self) -> None:
        while self.unrecorded or self.open:
            self.progress.clear()
            busy = len(self.open) - self.finished
            take = min(self.limit - busy, len(self.unrecorded))
            # A full chunk (fewer transactions), the tail of the batch, or the last outcomes.
            if (
                take >= self.chunk
                or (take and take == len(self.unrecorded))
                or (not self.unrecorded and not busy)
            ):
                done = [w for w in self.open if w.phase is Phase.DONE]
                new = [self.unrecorded.popleft() for _ in range(take)]
                step = asyncio.ensure_future(self._step(done, new))
                try:
                    # Shielded: a write cut off mid-commit would leave us not knowing what
                    # was recorded; a stop waits for it to end instead.
                    await asyncio.shield(step)
                except asyncio.CancelledError:
                    await asyncio.wait([step])
                    raise
                continue
            # Sleep until enough are done for the condition above to hold.
            if self.unrecorded:
                self.wake_at = len(self.open) - self.limit + min(self.chunk, len(self.unrecorded))
            else:
                self.wake_at = len(self.open)
            if self.finished < self.wake_at:
                await self.progress.wait()

    async def _step(self, done: list[Work], new: list[Work]) -> None:
        try:
            await self.d._step(self.batch, done, new, self.report)
        except BaseException:
            # Rolled back, so not recorded: back to how the claim left them, to be handed
            # back by `_stop` with the rest of the unsent.
            for work in new:
                work.recorded = work.duplicate = False
                work.send, work.phase, work.status = True, Phase.PENDING, None
                if work.daily:
                    work.prompt_id = None
            self.unrecorded.extendleft(reversed(new))
            raise
        written = set(done)
        self.open = [w for w in self.open if w not in written]
        self.finished -= len(done)
        for work in new:
            if work.recorded:
                self.open.append(work)
                self.queue.put_nowait(work)

    async def _stop(self) -> None:
        """Record what the requests on the wire did and hand back everything else."""
        await self.d._write(
            self.batch,
            self.report,
            done=[w for w in self.open if w.phase is Phase.DONE],
            released=[w for w in self.open if w.phase is Phase.PENDING] + list(self.unrecorded),
            unknown=[w for w in self.open if w.phase is Phase.ON_WIRE],
        )
