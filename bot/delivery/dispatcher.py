"""The reminder dispatcher: claims due prompts from the database, sends them, records them.

One periodic tick (PTB's JobQueue) calls :meth:`Dispatcher.tick`, which works batch by batch
until nothing is due any more; there is no job per patient, and memory stays flat whatever
the number of patients because at most one batch is held at a time.

Each batch goes through three steps:

1. **Claim and record** (one short transaction, :mod:`bot.delivery.claims`): due rows are
   leased to this process (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), decided by the pure
   rules, and a ``prompts`` row is written *before* anything is sent.
2. **Send** (:mod:`bot.delivery.senders`) through the rate limiter, a bounded number at a
   time, with retries: 429 waits ``retry_after`` and resends the same message; 5xx and
   network errors back off exponentially up to ``max_attempts``; 403 means the patient
   blocked the bot; 400 fails.
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

The dispatcher's data types live in :mod:`bot.delivery.prompts`; they are
re-exported here, where callers have always imported them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterator, Sequence
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
from bot.delivery.senders import AiohttpSender, PtbSender, Sender, error_text, retry_seconds

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
    `limiter` is the process's shared one (the bot's notices use it too).
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
        self._sender = sender
        self._render = render
        self._clock = clock
        self.config = config or DispatchConfig()
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

    # -------------------------------------------------------------------- step 1: claim

    async def _mark_stale(self, now: dt.datetime) -> int:
        async with self._sessions() as session, session.begin():
            return await self._claims.mark_stale(await session.connection(), now)

    async def _claim(self, now: dt.datetime, report: TickReport) -> Batch | None:
        async with self._sessions() as session, session.begin():
            return await self._claims.claim(await session.connection(), now, report)

    async def _deliver_all(self, works: Sequence[Work]) -> None:
        """Send with at most `concurrency` requests in flight, each through the limiter."""
        if not works:
            return
        queue: Iterator[Work] = iter(works)

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

    async def _finish(self, batch: Batch, report: TickReport) -> None:
        """Record the sends, advance schedules, release what was not sent (one transaction)."""
        sending = batch.to_send
        if not sending:
            return
        now = self._clock()
        done = [w for w in sending if w.phase is Phase.DONE]
        released = [w for w in sending if w.phase is Phase.PENDING]
        unknown = [w for w in sending if w.phase is Phase.ON_WIRE]
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            await self._record_done(conn, done)
            # Known outcomes and unknown ones alike move the schedule on: resending an
            # unknown one could double it.
            await self._claims.advance(conn, [w for w in done + unknown if w.daily], now)
            await self._claims.release(conn, released)
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
        for work in done:
            count(work, report)
        report.released += len(released)
        report.unknown += len(unknown)

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
