"""The dispatcher's data: its settings, one prompt as a renderer sees it, a tick's report, the
claimed work items shared by the claim and send steps (internal to `bot.delivery`), and the
one-off prompt rows: the follow-up after a sent daily prompt (a snooze row is written by
`bot.db.store.snooze_prompt`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel
from telegram import InlineKeyboardMarkup

from bot.db.models import Prompt, PromptKind, PromptStatus
from bot.delivery.ratelimit import EXPECTED_LATENCY_S, in_flight_for
from bot.domain import reminders

__all__ = [
    "UNKNOWN_OUTCOME",
    "Batch",
    "DispatchConfig",
    "Phase",
    "PromptItem",
    "Render",
    "TickReport",
    "Work",
    "add_followups",
    "count",
    "default_render",
]

_P = SQLModel.metadata.tables[Prompt.__tablename__]
UNKNOWN_OUTCOME = "outcome unknown: dispatcher stopped while sending (not resent)"


@dataclass(frozen=True)
class DispatchConfig:
    """Knobs of the dispatcher; the defaults are the production values.

    `rate` is per process: with several dispatcher processes, give each its share of
    Telegram's 30 messages/s (or, with `paid_broadcast`, of up to 1,000/s: prompts then
    carry ``allow_paid_broadcast``, which Telegram bills in Stars above the free 30/s).
    `lease` must outlast one batch including its retries and rate limiting (500 prompts at
    30/s take 17 s).

    `concurrency` is how many requests are on the wire at once; None sizes it from `rate` x
    `expected_latency` (:func:`bot.delivery.ratelimit.in_flight_for`: 38 for 30/s at 1 s).
    `chunk` is how many prompts are recorded ``sending`` in one write ahead of being handed
    to the sender (None: the concurrency); at most `concurrency + chunk` prompts are
    recorded ``sending`` without an outcome at any moment, which bounds what a crash costs
    (see `bot.delivery.dispatcher`). Smaller chunks lose less in a crash but cost more
    transactions: half the concurrency cost the benchmark about 15% more CPU per prompt.
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
    concurrency: int | None = None
    chunk: int | None = None
    expected_latency: float = EXPECTED_LATENCY_S
    paid_broadcast: bool = False
    followup_after: dt.timedelta | None = reminders.DEFAULT_FOLLOWUP_AFTER
    quiet_start: dt.time = dt.time(21, 0)
    quiet_end: dt.time = dt.time(8, 0)

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.max_attempts < 1:
            raise ValueError("batch_size and max_attempts must be at least 1")
        if (self.concurrency is not None and self.concurrency < 1) or (
            self.chunk is not None and self.chunk < 1
        ):
            raise ValueError("concurrency and chunk must be at least 1")
        if self.lease <= dt.timedelta(0) or self.grace < dt.timedelta(0):
            raise ValueError("lease must be positive and grace not negative")
        if self.expected_latency <= 0:
            raise ValueError("expected_latency must be positive")

    @property
    def in_flight(self) -> int:
        """Requests on the wire at once: `concurrency`, or sized from rate x latency."""
        if self.concurrency is not None:
            return self.concurrency
        return in_flight_for(self.rate, self.expected_latency)

    @property
    def chunk_size(self) -> int:
        """Prompts recorded ``sending`` per write: `chunk`, or :attr:`in_flight`."""
        return self.chunk if self.chunk is not None else self.in_flight

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
    # The patient's diabetes answer (None: not sure), for the daily foot-check tip.
    diabetes: bool | None = False


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


class Phase(enum.Enum):
    """Where a claimed prompt stands in the send step."""

    PENDING = "pending"  # not sent (yet): can be released (recorded ``sending`` or not)
    ON_WIRE = "on_wire"  # a request is out; its answer decides
    DONE = "done"  # final status known


@dataclass(slots=True, eq=False)
class Work:
    """One claimed prompt on its way through a batch.

    `recorded`: its ``sending`` row is written (daily: inserted; one-off: its row moved from
    ``scheduled``); until then only the lease on its schedule or one-off row holds it.
    """

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
    diabetes: bool | None = False
    send: bool = False
    duplicate: bool = False
    recorded: bool = False
    phase: Phase = Phase.PENDING
    call: asyncio.Future[int] | None = None
    status: str | None = None
    message_id: int | None = None
    sent_at: dt.datetime | None = None
    error: str | None = None
    attempts: int = 0

    def item(self) -> PromptItem:
        """What the renderer sees of this prompt."""
        assert self.prompt_id is not None
        return PromptItem(
            prompt_id=self.prompt_id,
            user_id=self.user_id,
            chat_id=self.chat_id,
            kind=self.kind,
            due_at=self.due_at,
            local_day=self.local_day,
            diabetes=self.diabetes,
        )

    def finish(
        self, status: PromptStatus, *, error: str | None = None, message_id: int | None = None
    ) -> None:
        """Give the prompt its final status."""
        self.phase = Phase.DONE
        self.status = status.value
        self.error = error
        self.message_id = message_id


@dataclass(slots=True)
class Batch:
    """The prompts one claim leased and decided; those not to be sent are recorded.

    `lease_until` is the lease the claim put on the rows (the one-off rows keep it until
    they are recorded ``sending``, which checks it is still ours).
    """

    works: list[Work]
    lease_until: dt.datetime

    @property
    def to_send(self) -> list[Work]:
        """The prompts decided to be sent now."""
        return [w for w in self.works if w.send]


def count(work: Work, report: TickReport) -> None:
    """Add one prompt's final status to the tick's report."""
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


async def add_followups(
    conn: AsyncConnection, sent_daily: list[Work], config: DispatchConfig, now: dt.datetime
) -> None:
    """Schedule the one gentle follow-up of each sent daily prompt (max one per day)."""
    if config.followup_after is None or not sent_daily:
        return
    wanted: list[tuple[Work, dt.datetime]] = []
    for work in sent_daily:
        at = reminders.followup_at(
            due_at=work.due_at,
            zone=work.zone,
            after=config.followup_after,
            quiet=config.quiet,
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
