"""The inbox's SQL: store updates, claim a chat's updates with a lease, finish, renew, prune.

Ordering without a lock table: only the *lowest pending* update of a chat can be claimed
(its head), and one claim takes the head and every pending update of its chat after it. Until
the head is finished, no other update of that chat is a head, so no other worker can start
on that chat; once this worker finishes them, the chat's next update (one that arrived
meanwhile) becomes a head for anyone. Claims are leases: a crashed worker's rows become
claimable again when `lease_until` passes, and are handled again (the handlers' conditional
updates keep a repeated press harmless). On PostgreSQL the heads are locked `FOR UPDATE SKIP
LOCKED`, so workers claiming at the same moment take different chats instead of waiting;
SQLite has one writer at a time, so the single UPDATE is atomic there.

Every statement is batched (one per claim, one per flush), never one per update, and built
once (bound parameters for what changes): building the claim, with its two aliases of the
table, cost SQLAlchemy about 3 ms of CPU a time, more than SQLite spent running it, and a
burst of users arriving one by one makes about one claim per update (`bench updates`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, and_, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import aliased
from sqlmodel import SQLModel

from bot.db.models import InboxStatus, InboxUpdate, JobRun
from bot.inbox.keys import chat_key, update_id

__all__ = ["MAX_ATTEMPTS", "POLLER_ROW", "ChatWork", "Inbox", "Stored"]

_U = SQLModel.metadata.tables[InboxUpdate.__tablename__]
_J = SQLModel.metadata.tables[JobRun.__tablename__]
# The job_runs row naming the one process that long-polls (Telegram allows one poller).
POLLER_ROW = "inbox-poller"
_PENDING, _DONE, _FAILED = (
    InboxStatus.PENDING.value,
    InboxStatus.DONE.value,
    InboxStatus.FAILED.value,
)
# An update claimed this often without being finished has crashed its worker each time (or
# hangs it): it is set aside as failed so the chat's later updates are not held up forever.
MAX_ATTEMPTS = 5

# The statements, built once. Bound parameters: `owner`, `now` and `until` (the lease's end)
# for a claim, `chats` (how many), `keys` (PostgreSQL: the locked heads), `ids`, `status`.
_TIME = _U.c.lease_until.type
_NOW = bindparam("now", type_=_TIME)
_OWNER = bindparam("owner", type_=_U.c.lease_owner.type)
_head = aliased(_U, name="head")
_earlier = aliased(_U, name="earlier")
# Heads: the lowest pending update of each chat whose lease is free, oldest first.
_HEADS = (
    select(_head.c.chat_key)
    .where(
        _head.c.status == _PENDING,
        or_(_head.c.lease_owner.is_(None), _head.c.lease_until < _NOW),
        ~exists().where(
            _earlier.c.chat_key == _head.c.chat_key,
            _earlier.c.status == _PENDING,
            _earlier.c.update_id < _head.c.update_id,
        ),
    )
    .order_by(_head.c.update_id)
    .limit(bindparam("chats", type_=Integer))
)


def _lease(keys: Any) -> Any:
    """Lease every pending update of the chats `keys` (a subquery, or an expanding list)."""
    return (
        update(_U)
        .where(
            _U.c.chat_key.in_(keys),
            _U.c.status == _PENDING,
            # Never this owner's own live rows: a chat it is still handling.
            or_(
                _U.c.lease_owner.is_(None),
                and_(_U.c.lease_owner != _OWNER, _U.c.lease_until < _NOW),
            ),
        )
        .values(
            lease_owner=_OWNER,
            lease_until=bindparam("until", type_=_TIME),
            attempts=_U.c.attempts + 1,
        )
        .returning(_U.c.update_id, _U.c.chat_key, _U.c.payload, _U.c.attempts)
    )


# SQLite: one statement, so two processes never both read then write.
_CLAIM_ONE_STATEMENT = _lease(_HEADS.scalar_subquery())
# PostgreSQL: lock the heads first (a worker claiming at the same moment skips them), then
# lease their chats: PostgreSQL does not apply a locking subquery's result to an outer
# UPDATE as one set.
_LOCK_HEADS = _HEADS.with_for_update(skip_locked=True, of=_head)
_LEASE_KEYS = _lease(bindparam("keys", expanding=True))
_FINISH = (
    update(_U)
    .where(_U.c.update_id.in_(bindparam("ids", expanding=True)))
    .values(
        status=bindparam("status", type_=_U.c.status.type),
        payload=None,
        lease_owner=None,
        lease_until=None,
        done_at=bindparam("done_at", type_=_TIME),
    )
)

# An update already stored is left as it is (see `Inbox.put`).
_PUT_SQLITE = (
    sqlite_insert(_U).on_conflict_do_nothing(index_elements=["update_id"]).returning(_U.c.update_id)
)
_PUT_POSTGRES = (
    pg_insert(_U).on_conflict_do_nothing(index_elements=["update_id"]).returning(_U.c.update_id)
)


@dataclass(frozen=True)
class Stored:
    """What `Inbox.put` did with a batch: how many were new, how many already there, and
    how many were not updates at all (no update_id)."""

    new: int
    duplicate: int
    invalid: int


@dataclass
class ChatWork:
    """One claimed chat: its updates in `update_id` order (id, raw JSON, attempts)."""

    chat_key: int
    updates: list[tuple[int, str | None, int]] = field(default_factory=list)


class Inbox:
    """The inbox table over one engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._postgres = engine.dialect.name == "postgresql"

    async def put(self, raws: Sequence[Mapping[str, Any]], *, now: dt.datetime) -> Stored:
        """Store raw updates (one transaction). An update already stored (a webhook retry, a
        batch fetched again after a crash) is left as it is, so it is handled once."""
        rows: dict[int, dict[str, Any]] = {}
        invalid = 0
        for raw in raws:
            uid = update_id(raw)
            if uid is None:
                invalid += 1
                continue
            rows[uid] = {
                "update_id": uid,
                "chat_key": chat_key(raw),
                "status": _PENDING,
                "payload": json.dumps(raw, ensure_ascii=False, separators=(",", ":")),
                "attempts": 0,
                "received_at": now,
            }
        if not rows:
            return Stored(new=0, duplicate=0, invalid=invalid)
        stmt = _PUT_POSTGRES if self._postgres else _PUT_SQLITE
        async with self.engine.begin() as conn:
            new = len((await conn.execute(stmt, list(rows.values()))).all())
        return Stored(new=new, duplicate=len(rows) - new, invalid=invalid)

    async def claim(
        self,
        *,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        chats: int,
        done: Sequence[int] = (),
        failed: Sequence[int] = (),
    ) -> list[ChatWork]:
        """Lease up to `chats` chats whose head is free, with all their pending updates;
        first, in the same transaction, finish `done` and `failed` (one commit a turn)."""
        params = {"owner": owner, "now": now, "until": now + lease, "chats": chats}
        async with self.engine.begin() as conn:
            await self._finish(conn, list(done), list(failed), now)
            if self._postgres:
                keys = list(await conn.scalars(_LOCK_HEADS, params))
                if not keys:
                    return []
                rows = (await conn.execute(_LEASE_KEYS, {**params, "keys": keys})).all()
            else:
                rows = (await conn.execute(_CLAIM_ONE_STATEMENT, params)).all()
        work: dict[int, ChatWork] = {}
        for row in sorted(rows, key=lambda r: (r.chat_key, r.update_id)):
            work.setdefault(row.chat_key, ChatWork(row.chat_key)).updates.append(
                (row.update_id, row.payload, row.attempts)
            )
        return list(work.values())

    async def finish(self, *, done: Iterable[int], failed: Iterable[int], now: dt.datetime) -> None:
        """Mark handled updates done and unhandleable ones failed; both lose their payload
        (someone's message) at once. Whoever holds the lease, the update was handled."""
        done_ids, failed_ids = list(done), list(failed)
        if not done_ids and not failed_ids:
            return
        async with self.engine.begin() as conn:
            await self._finish(conn, done_ids, failed_ids, now)

    @staticmethod
    async def _finish(
        conn: AsyncConnection, done: list[int], failed: list[int], now: dt.datetime
    ) -> None:
        for status, ids in ((_DONE, done), (_FAILED, failed)):
            for chunk in _chunks(ids):
                await conn.execute(_FINISH, {"ids": chunk, "status": status, "done_at": now})

    async def release(self, *, owner: str, update_ids: Iterable[int]) -> None:
        """Hand back claimed updates this worker will not handle (a graceful stop), so the
        next claim takes them at once instead of after the lease."""
        ids = list(update_ids)
        async with self.engine.begin() as conn:
            for chunk in _chunks(ids):
                await conn.execute(
                    update(_U)
                    .where(
                        _U.c.update_id.in_(chunk),
                        _U.c.lease_owner == owner,
                        _U.c.status == _PENDING,
                    )
                    # The attempt did not happen: it must not count towards MAX_ATTEMPTS.
                    .values(lease_owner=None, lease_until=None, attempts=_U.c.attempts - 1)
                )

    async def renew(self, *, owner: str, now: dt.datetime, lease: dt.timedelta) -> int:
        """Extend this worker's leases (a chat with a long backlog, a slow handler)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(_U)
                .where(_U.c.lease_owner == owner, _U.c.status == _PENDING)
                .values(lease_until=now + lease)
            )
        return int(result.rowcount or 0)

    async def prune(self, *, before: dt.datetime) -> int:
        """Drop finished rows older than `before` (they only kept update_id unique)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(_U).where(_U.c.status != _PENDING, _U.c.done_at < before)
            )
        return int(result.rowcount or 0)

    async def hold_poller(
        self,
        *,
        owner: str,
        now: dt.datetime,
        ttl: dt.timedelta,
        dead: Callable[[str], bool] = lambda _owner: False,
    ) -> bool:
        """Take or keep the right to long-poll: True for one process at a time, which must
        renew it within `ttl`; a process that died loses it after `ttl`, or at once if
        `dead(holder)` says so (a process of this machine that is gone: a restart after
        `kill -9` must not wait out the lease)."""
        async with self.engine.connect() as conn:
            holder = await conn.scalar(select(_J.c.owner).where(_J.c.name == POLLER_ROW))
        if holder is not None and holder != owner and dead(holder):
            async with self.engine.begin() as conn:
                await conn.execute(
                    update(_J)
                    .where(_J.c.name == POLLER_ROW, _J.c.owner == holder)
                    .values(owner=None, last_run_at=None)
                )
        insert = (pg_insert if self._postgres else sqlite_insert)(_J)
        async with self.engine.begin() as conn:
            await conn.execute(
                insert.values(name=POLLER_ROW, last_run_at=None, owner=None).on_conflict_do_nothing(
                    index_elements=["name"]
                )
            )
            result = await conn.execute(
                update(_J)
                .where(
                    _J.c.name == POLLER_ROW,
                    or_(
                        _J.c.owner == owner,
                        _J.c.owner.is_(None),
                        _J.c.last_run_at.is_(None),
                        _J.c.last_run_at < now - ttl,
                    ),
                )
                .values(owner=owner, last_run_at=now)
            )
        return bool(result.rowcount == 1)

    async def leave_poller(self, *, owner: str) -> None:
        """Give up the right to poll (a graceful stop), so another process takes it at once."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(_J)
                .where(_J.c.name == POLLER_ROW, _J.c.owner == owner)
                .values(owner=None, last_run_at=None)
            )

    async def pending(self) -> int:
        """How many updates wait (claimed or not): for /readyz and the operator."""
        async with self.engine.connect() as conn:
            value = await conn.scalar(
                select(func.count()).select_from(_U).where(_U.c.status == _PENDING)
            )
        return int(value or 0)


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    # Bounded IN-lists: SQLite allows 32,766 parameters, asyncpg 32,767.
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
