"""Claiming due prompts: the dispatcher's first step, and the leases that let N processes share
the work.

Due schedules (joined with their active, consenting patient, not stopped, lease free) and due
one-off prompts (snoozes and follow-ups) are leased to one process: ``UPDATE ... WHERE id IN
(SELECT ... LIMIT n FOR UPDATE SKIP LOCKED) RETURNING ...`` on PostgreSQL, so several processes
share the work without ever taking the same row; the same statement without the locking clause
on SQLite, whose single writer makes it atomic. The pure rules (:mod:`bot.domain.reminders`)
decide each item, and a ``prompts`` row is written *before* anything is sent: status
``sending`` for what will be sent, ``missed``/``skipped`` (with the reason) for the rest. The
unique (user, kind, due) index makes a second row for the same prompt impossible, so a prompt
that another process already recorded is skipped, never sent twice.

After the send step, :meth:`Claims.advance` moves each schedule on and clears its lease, and
:meth:`Claims.release` hands back what a graceful stop left unsent. Writes are batched
(executemany), never one statement per prompt.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, case, delete, exists, false, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

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
from bot.delivery.prompts import (
    UNKNOWN_OUTCOME,
    Batch,
    DispatchConfig,
    Phase,
    TickReport,
    Work,
    count,
)
from bot.domain import reminders, scheduling

__all__ = ["Claims"]

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


class Claims:
    """Leases, decides and records due prompts for one dispatcher (`owner` names it in
    leases); every method runs in the caller's transaction."""

    def __init__(self, config: DispatchConfig, owner: str) -> None:
        self.config = config
        self.owner = owner
        self._quiet = config.quiet
        self._zones: dict[str | None, ZoneInfo] = {}

    async def mark_stale(self, conn: AsyncConnection, now: dt.datetime) -> int:
        """Mark "sending" rows whose lease ran out (a crashed process) as failed, unsent."""
        result = await conn.execute(
            update(_P)
            .where(_P.c.status == PromptStatus.SENDING.value, _P.c.lease_until < now)
            .values(status=PromptStatus.FAILED.value, error=UNKNOWN_OUTCOME, lease_until=None)
        )
        return int(result.rowcount or 0)

    async def claim(
        self, conn: AsyncConnection, now: dt.datetime, report: TickReport
    ) -> Batch | None:
        """Lease a batch, decide every item and record the decisions (in the caller's
        transaction); None when nothing is due."""
        daily_rows = await self._claim_schedules(conn, now)
        one_off_rows = await self._claim_one_offs(conn, now)
        if not daily_rows and not one_off_rows:
            return None
        user_ids = {r.user_id for r in daily_rows} | {r.user_id for r in one_off_rows}
        people = await self._people(conn, user_ids)
        done_days = await self._drill_days(conn, {(r.user_id, r.local_day) for r in one_off_rows})
        decisions: list[tuple[Work, reminders.Decision]] = []
        for row in daily_rows:
            work = self._daily_work(row, people[row.user_id])
            decisions.append((work, self._decide(work, people[row.user_id], False, now)))
        for row in one_off_rows:
            work = self._one_off_work(row, people[row.user_id])
            drill_done = (row.user_id, row.local_day) in done_days
            decisions.append((work, self._decide(work, people[row.user_id], drill_done, now)))
        await self._record(conn, decisions, now, report)
        return Batch([w for w, _ in decisions])

    def _daily_work(self, row: Row[Any], person: Row[Any]) -> Work:
        zone = self._zone(person.timezone)
        return Work(
            kind=PromptKind.DAILY.value,
            user_id=row.user_id,
            chat_id=person.chat_id,
            due_at=row.next_due_at,
            local_day=reminders.local_day(row.next_due_at, zone),
            zone=zone,
            daily=True,
            times=tuple(scheduling.parse_times(row.times)),
            weekdays=row.weekdays,
            diabetes=person.diabetes,
        )

    def _one_off_work(self, row: Row[Any], person: Row[Any]) -> Work:
        return Work(
            kind=row.kind,
            user_id=row.user_id,
            chat_id=person.chat_id,
            due_at=row.due_at,
            local_day=row.local_day,
            zone=self._zone(person.timezone),
            daily=False,
            prompt_id=row.id,
            diabetes=person.diabetes,
        )

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
        self, work: Work, person: Row[Any], drill_done: bool, now: dt.datetime
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
        """Patient (with the diabetes answer, for the prompt's words), schedule pause state
        and escalation pause of each claimed user."""
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
                _U.c.diabetes,
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
        decisions: list[tuple[Work, reminders.Decision]],
        now: dt.datetime,
        report: TickReport,
    ) -> None:
        """Write the decisions before anything is sent (inside the claim transaction)."""
        daily_rows, one_off_updates, resumes = self._rows(decisions, now)
        if daily_rows:
            await self._insert_daily(conn, [w for w, _ in decisions if w.daily], daily_rows, report)
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
        await self.advance(conn, [w for w, _ in decisions if w.daily and not w.send], now)
        for work, _ in decisions:
            if not work.send and not work.duplicate:
                count(work, report)

    def _rows(
        self, decisions: list[tuple[Work, reminders.Decision]], now: dt.datetime
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Apply each decision to its work item; the rows to insert and update for them."""
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
        return daily_rows, one_off_updates, resumes

    @staticmethod
    async def _insert_daily(
        conn: AsyncConnection,
        daily: list[Work],
        rows: list[dict[str, Any]],
        report: TickReport,
    ) -> None:
        """Insert the daily prompts' rows; one already there is a duplicate, never sent."""
        insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(_P)
        stmt = insert.on_conflict_do_nothing(
            index_elements=["user_id", "kind", "due_at"]
        ).returning(_P.c.id, _P.c.user_id)
        ids = {r.user_id: r.id for r in await conn.execute(stmt, rows)}
        for work in daily:
            work.prompt_id = ids.get(work.user_id)
            if work.prompt_id is None:
                # Another process (or one before a crash) already recorded this prompt:
                # never send it twice; just move the schedule on.
                work.duplicate, work.send = True, False
                work.phase = Phase.DONE
                work.status = None
                report.duplicates_avoided += 1

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

    async def release(self, conn: AsyncConnection, works: list[Work]) -> None:
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
