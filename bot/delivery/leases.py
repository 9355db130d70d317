"""Recording the dispatcher's decisions and handing leases back: the writes around a send.

The claim transaction records what will *not* be sent (:meth:`Leases.record`: ``missed`` or
``skipped`` rows, with the reason, and their schedules moved on). A prompt to be sent is
recorded ``sending`` only when it is about to be handed to the sender, a chunk at a time
(:meth:`Leases.record_sending`); until then only the claim's lease on its schedule (daily) or
its own row (one-off, still ``scheduled``) holds it, so a crash before that point costs
nothing: the lease runs out and another claim sends it. The unique (user, kind, due) index
makes a second daily row for the same prompt impossible, and a one-off row moves to
``sending`` only while it is still ``scheduled`` under this claim's lease, so a prompt that
another process already recorded is skipped, never sent twice.

After the send step, :meth:`Leases.advance` moves each schedule on and clears its lease,
:meth:`Leases.release` hands back what a graceful stop left unsent (recorded or not), and
:meth:`Leases.mark_stale` settles the ``sending`` rows of a process that crashed. Writes
are batched (executemany or one statement per chunk), never one statement per prompt.
:class:`bot.delivery.claims.Claims` uses this and keeps its methods as its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, case, delete, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from bot.db.models import Prompt, PromptStatus, Schedule, UTCDateTime
from bot.delivery.prompts import UNKNOWN_OUTCOME, DispatchConfig, Phase, TickReport, Work, count
from bot.domain import reminders

__all__ = ["Leases"]

# Core tables, as in `bot.delivery.claims`: batch statements without the ORM's bookkeeping.
_TABLES = SQLModel.metadata.tables
_S = _TABLES[Schedule.__tablename__]
_P = _TABLES[Prompt.__tablename__]


class Leases:
    """The writes of one dispatcher (`owner` names it in leases) around its sends; every
    method runs in the caller's transaction."""

    def __init__(self, config: DispatchConfig, owner: str) -> None:
        self.config = config
        self.owner = owner

    async def mark_stale(self, conn: AsyncConnection, now: dt.datetime) -> int:
        """Mark "sending" rows whose lease ran out (a crashed process) as failed, unsent."""
        result = await conn.execute(
            update(_P)
            .where(_P.c.status == PromptStatus.SENDING.value, _P.c.lease_until < now)
            .values(status=PromptStatus.FAILED.value, error=UNKNOWN_OUTCOME, lease_until=None)
        )
        return int(result.rowcount or 0)

    async def record(
        self,
        conn: AsyncConnection,
        decisions: list[tuple[Work, reminders.Decision]],
        now: dt.datetime,
        report: TickReport,
    ) -> None:
        """Write the decisions not to send (inside the claim transaction); the prompts to
        send are only marked `send` here and recorded by :meth:`record_sending`."""
        daily_rows, one_off_updates, resumes = self._rows(decisions)
        if daily_rows:
            await self._insert_daily(
                conn, [w for w, _ in decisions if w.daily and not w.send], daily_rows, now, report
            )
        if one_off_updates:
            await conn.execute(
                update(_P)
                .where(_P.c.id == bindparam("b_id"))
                .values(status=bindparam("b_status"), error=bindparam("b_error"), lease_until=None),
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
        await self.advance(conn, [w for w, _ in decisions if w.daily and not w.send], now)
        for work, _ in decisions:
            if not work.send and not work.duplicate:
                count(work, report)

    async def record_sending(
        self,
        conn: AsyncConnection,
        works: list[Work],
        claimed_until: dt.datetime,
        now: dt.datetime,
        report: TickReport,
    ) -> None:
        """Record a chunk ``sending`` just before it is handed to the sender.

        A prompt another process recorded meanwhile (its lease on ours ran out) is marked
        a duplicate and done, never sent; a daily one's schedule moves on. `claimed_until`
        is the lease the claim put on the one-off rows.
        """
        lease = now + self.config.lease
        daily = [w for w in works if w.daily]
        one_off = [w for w in works if not w.daily]
        if daily:
            rows = [self._daily_row(w, PromptStatus.SENDING, None, lease, now) for w in daily]
            await self._insert_daily(conn, daily, rows, now, report)
            await self.advance(conn, [w for w in daily if w.duplicate], now)
        if one_off:
            result = await conn.execute(
                update(_P)
                .where(
                    _P.c.id.in_([w.prompt_id for w in one_off]),
                    _P.c.status == PromptStatus.SCHEDULED.value,
                    # Still under this claim's lease: one that ran out and was claimed again
                    # carries the other claim's (later) lease.
                    _P.c.lease_until == bindparam("b_claimed", claimed_until, type_=UTCDateTime()),
                )
                .values(status=PromptStatus.SENDING.value, lease_until=lease)
                .returning(_P.c.id)
            )
            ours = {r.id for r in result}
            for work in one_off:
                if work.prompt_id not in ours:
                    self._taken(work, report)
        for work in works:
            if not work.duplicate:
                work.recorded = True

    @staticmethod
    def _taken(work: Work, report: TickReport) -> None:
        """Another process (or one before a crash) recorded this prompt: never send it."""
        work.duplicate, work.send = True, False
        work.phase = Phase.DONE
        work.status = None
        report.duplicates_avoided += 1

    def _rows(
        self, decisions: list[tuple[Work, reminders.Decision]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Apply each decision to its work item; the rows to insert and update for those not
        sent, and the schedules to resume."""
        daily_rows: list[dict[str, Any]] = []
        one_off_updates: list[dict[str, Any]] = []
        resumes: list[dict[str, Any]] = []
        for work, decision in decisions:
            if decision.resume:
                resumes.append({"b_uid": work.user_id, "b_day": work.local_day})
            work.send = decision.outcome is reminders.Outcome.SEND
            if work.send:
                continue  # recorded by `record_sending`, when handed to the sender
            status = (
                PromptStatus.MISSED
                if decision.outcome is reminders.Outcome.MISSED
                else PromptStatus.SKIPPED
            )
            error = decision.reason.value if decision.reason is not None else None
            work.finish(status, error=error)
            if work.daily:
                daily_rows.append(self._daily_row(work, status, error, None, None))
            else:
                one_off_updates.append(
                    {"b_id": work.prompt_id, "b_status": status.value, "b_error": error}
                )
        return daily_rows, one_off_updates, resumes

    @staticmethod
    def _daily_row(
        work: Work,
        status: PromptStatus,
        error: str | None,
        lease: dt.datetime | None,
        now: dt.datetime | None,
    ) -> dict[str, Any]:
        # `created_at` is filled in by `_insert_daily` when None.
        return {
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

    @classmethod
    async def _insert_daily(
        cls,
        conn: AsyncConnection,
        daily: list[Work],
        rows: list[dict[str, Any]],
        now: dt.datetime,
        report: TickReport,
    ) -> None:
        """Insert the daily prompts' rows; one already there is a duplicate, never sent."""
        for row in rows:
            if row["created_at"] is None:
                row["created_at"] = now
        insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(_P)
        stmt = insert.on_conflict_do_nothing(
            index_elements=["user_id", "kind", "due_at"]
        ).returning(_P.c.id, _P.c.user_id)
        ids = {r.user_id: r.id for r in await conn.execute(stmt, rows)}
        for work in daily:
            work.prompt_id = ids.get(work.user_id)
            if work.prompt_id is None:
                # Another process (or one before a crash) already recorded this prompt:
                # never send it twice; the caller moves the schedule on.
                cls._taken(work, report)

    async def advance(self, conn: AsyncConnection, works: Iterable[Work], now: dt.datetime) -> None:
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

    async def release(
        self, conn: AsyncConnection, works: list[Work], claimed_until: dt.datetime
    ) -> None:
        """Hand back prompts that were claimed but not sent, so the next tick sends them:
        a recorded daily row is deleted, a recorded one-off row goes back to ``scheduled``,
        and the leases (schedule, or an unrecorded one-off row's) are cleared."""
        daily = [w for w in works if w.daily]
        one_off = [w for w in works if not w.daily]
        if daily:
            recorded = [w.prompt_id for w in daily if w.recorded]
            if recorded:
                await conn.execute(
                    delete(_P).where(
                        _P.c.id.in_(recorded), _P.c.status == PromptStatus.SENDING.value
                    )
                )
            await conn.execute(
                update(_S)
                .where(_S.c.user_id.in_([w.user_id for w in daily]), _S.c.lease_owner == self.owner)
                .values(lease_until=None, lease_owner=None)
            )
        recorded = [w.prompt_id for w in one_off if w.recorded]
        if recorded:
            await conn.execute(
                update(_P)
                .where(_P.c.id.in_(recorded), _P.c.status == PromptStatus.SENDING.value)
                .values(status=PromptStatus.SCHEDULED.value, lease_until=None)
            )
        unrecorded = [w.prompt_id for w in one_off if not w.recorded]
        if unrecorded:
            await conn.execute(
                update(_P)
                .where(
                    _P.c.id.in_(unrecorded),
                    _P.c.status == PromptStatus.SCHEDULED.value,
                    # Only our own lease: one that ran out may be another claim's by now.
                    _P.c.lease_until == bindparam("b_claimed", claimed_until, type_=UTCDateTime()),
                )
                .values(lease_until=None)
            )
