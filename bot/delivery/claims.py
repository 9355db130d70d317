"""Claiming due prompts: the dispatcher's first step, and the leases that let N processes share
the work.

Due schedules (joined with their active, consenting patient, not stopped, lease free) and due
one-off prompts (snoozes and follow-ups) are leased to one process: ``UPDATE ... WHERE id IN
(SELECT ... LIMIT n FOR UPDATE SKIP LOCKED) RETURNING ...`` on PostgreSQL, so several processes
share the work without ever taking the same row; the same statement without the locking clause
on SQLite, whose single writer makes it atomic. The pure rules (:mod:`bot.domain.reminders`)
decide each item; :mod:`bot.delivery.leases` records at once what will not be sent, records
the rest ``sending`` a chunk at a time as the dispatcher hands it to the sender and, after
the send step, moves each schedule on and hands back what was left unsent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import exists, false, func, or_, select, true, update
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
)
from bot.delivery.leases import Leases
from bot.delivery.prompts import Batch, DispatchConfig, TickReport, Work
from bot.domain import reminders, scheduling
from bot.domain.reminders import SKIP_RESPONSE

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
        self._leases = Leases(config, owner)

    async def claim(
        self, conn: AsyncConnection, now: dt.datetime, report: TickReport
    ) -> Batch | None:
        """Lease a batch, decide every item and record the decisions not to send (in the
        caller's transaction); None when nothing is due."""
        lease_until = now + self.config.lease
        daily_rows = await self._claim_schedules(conn, now, lease_until)
        one_off_rows = await self._claim_one_offs(conn, now, lease_until)
        if not daily_rows and not one_off_rows:
            return None
        user_ids = {r.user_id for r in daily_rows} | {r.user_id for r in one_off_rows}
        people = await self._people(conn, user_ids)
        works = [self._daily_work(r, people[r.user_id]) for r in daily_rows] + [
            self._one_off_work(r, people[r.user_id]) for r in one_off_rows
        ]
        # Every kind needs both: a done day drops daily prompts and follow-ups, a skipped
        # day drops everything (`reminders.decide`).
        days = {(w.user_id, w.local_day) for w in works}
        done_days = await self._drill_days(conn, days)
        skipped_days = await self._skipped_days(conn, days)
        decisions = []
        for work in works:
            day = (work.user_id, work.local_day)
            done = done_days.get(day, 0)
            state = self._state(work, people[work.user_id], done, day in skipped_days)
            decisions.append((work, self._decide(state, now)))
        await self._leases.record(conn, decisions, now, report)
        return Batch([w for w, _ in decisions], lease_until)

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

    async def _claim_schedules(
        self, conn: AsyncConnection, now: dt.datetime, lease_until: dt.datetime
    ) -> list[Row[Any]]:
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
            .values(lease_until=lease_until, lease_owner=self.owner)
            .returning(_S.c.user_id, _S.c.next_due_at, _S.c.times, _S.c.weekdays)
        )
        return list(result.all())

    async def _claim_one_offs(
        self, conn: AsyncConnection, now: dt.datetime, lease_until: dt.datetime
    ) -> list[Row[Any]]:
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
            .values(lease_until=lease_until)
            .returning(_P.c.id, _P.c.user_id, _P.c.kind, _P.c.due_at, _P.c.local_day)
        )
        return list(result.all())

    @staticmethod
    def _state(
        work: Work, person: Row[Any], drills_done: int, day_skipped: bool
    ) -> reminders.DueState:
        times = scheduling.parse_times(person.times) if person.times else []
        slot = reminders.slot_of(work.due_at.astimezone(work.zone).time(), times)
        return reminders.DueState(
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
            drills_done=drills_done,
            slot=slot,
            day_skipped=day_skipped,
        )

    def _decide(self, state: reminders.DueState, now: dt.datetime) -> reminders.Decision:
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
                _S.c.times,
                escalation,
            )
            .select_from(_U.outerjoin(_S, _S.c.user_id == _U.c.id))
            .where(_U.c.id.in_(user_ids))
        )
        return {r.id: cast("Row[Any]", r) for r in rows}

    async def _drill_days(
        self, conn: AsyncConnection, wanted: set[tuple[int, dt.date]]
    ) -> dict[tuple[int, dt.date], int]:
        """How many drills each (user, local day) pair already has done."""
        if not wanted:
            return {}
        rows = await conn.execute(
            select(_D.c.user_id, _D.c.local_day, func.count())
            .where(
                _D.c.user_id.in_({u for u, _ in wanted}),
                _D.c.local_day.in_({d for _, d in wanted}),
                _D.c.status.in_(_DRILL_DONE_STATUSES),
            )
            .group_by(_D.c.user_id, _D.c.local_day)
        )
        counts = {(r[0], r[1]): int(r[2]) for r in rows}
        return {day: n for day, n in counts.items() if day in wanted}

    async def _skipped_days(
        self, conn: AsyncConnection, wanted: set[tuple[int, dt.date]]
    ) -> set[tuple[int, dt.date]]:
        """Which (user, local day) pairs the patient skipped ("Skip today" on a prompt)."""
        if not wanted:
            return set()
        rows = await conn.execute(
            select(_P.c.user_id, _P.c.local_day).where(
                _P.c.user_id.in_({u for u, _ in wanted}),
                _P.c.local_day.in_({d for _, d in wanted}),
                _P.c.response == SKIP_RESPONSE,
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

    # The writes around a send live in `bot.delivery.leases`; the dispatcher calls them here.

    async def mark_stale(self, conn: AsyncConnection, now: dt.datetime) -> int:
        """Mark "sending" rows whose lease ran out (a crashed process) as failed, unsent."""
        return await self._leases.mark_stale(conn, now)

    async def record_sending(
        self,
        conn: AsyncConnection,
        works: list[Work],
        batch: Batch,
        now: dt.datetime,
        report: TickReport,
    ) -> None:
        """Record a chunk of the batch ``sending``, just before it goes to the sender."""
        await self._leases.record_sending(conn, works, batch.lease_until, now, report)

    async def advance(self, conn: AsyncConnection, works: Iterable[Work], now: dt.datetime) -> None:
        """Move each schedule past the prompt just handled and clear this process's lease."""
        await self._leases.advance(conn, works, now)

    async def release(self, conn: AsyncConnection, works: list[Work], batch: Batch) -> None:
        """Hand back prompts that were claimed but not sent, so the next tick sends them."""
        await self._leases.release(conn, works, batch.lease_until)
