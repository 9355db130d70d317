"""The SQLite driver (`bot.db.sqlite_driver`): one thread round trip per statement, the
write lock still taken at a transaction's first statement, nothing sent for a transaction
that runs no statement, a read-only engine that takes no lock and sends no BEGIN or COMMIT,
and results, counts and rollbacks as the sqlite3 module gives them."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiosqlite.core
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, read_only


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    async with eng.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    try:
        yield eng
    finally:
        await eng.dispose()


@contextmanager
def round_trips() -> Iterator[list[str]]:
    """The calls queued to aiosqlite's connection threads in the block."""
    calls: list[str] = []
    original = aiosqlite.core.Connection._execute

    async def counted(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    aiosqlite.core.Connection._execute = counted  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        aiosqlite.core.Connection._execute = original  # type: ignore[method-assign]


def _db_file(engine: AsyncEngine) -> str:
    database = engine.url.database
    assert database is not None
    return database


async def test_results_counts_and_ids_are_the_sqlite3_modules(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        inserted = await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert inserted.lastrowid == 1
        await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}])
        updated = await conn.execute(text("UPDATE t SET v = 'x' WHERE id > 1"))
        assert updated.rowcount == 2
        rows = (await conn.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
    assert [tuple(r) for r in rows] == [(1, "a"), (2, "x"), (3, "x")]


async def test_a_statement_is_one_round_trip_and_begin_goes_with_the_first(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as warm:  # the pool's connection opened outside the count
        await warm.execute(text("SELECT 1"))
    with round_trips() as calls:
        async with engine.begin() as conn:
            await conn.execute(text("SELECT count(*) FROM t"))
            await conn.execute(text("SELECT count(*) FROM t"))
    # Two statements (the first with BEGIN IMMEDIATE) and the commit; the pool's rollback
    # on return has nothing to end.
    assert calls == ["_run", "_run", "commit"]


async def test_a_transaction_without_statements_sends_nothing(engine: AsyncEngine) -> None:
    async with engine.connect() as warm:
        await warm.execute(text("SELECT 1"))
    with round_trips() as calls:
        async with engine.begin():
            pass
    assert calls == []


async def test_the_write_lock_is_taken_at_the_first_statement(engine: AsyncEngine) -> None:
    other = sqlite3.connect(_db_file(engine), timeout=0, isolation_level=None)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("SELECT count(*) FROM t"))  # a read, but IMMEDIATE
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # committed: free again
        other.execute("ROLLBACK")
    finally:
        other.close()


async def test_a_failed_transaction_is_rolled_back(engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError):
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (v) VALUES ('gone')"))
            raise RuntimeError
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0
    # And the connection went back to the pool with no transaction open.
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO t (v) VALUES ('kept')"))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 1


async def test_a_failed_statement_leaves_the_connection_usable(engine: AsyncEngine) -> None:
    with pytest.raises(Exception, match="no such table"):
        async with engine.begin() as conn:
            await conn.execute(text("SELECT * FROM missing"))
    async with engine.begin() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0


async def test_a_read_only_session_takes_no_lock_and_sends_no_commit(engine: AsyncEngine) -> None:
    reader = read_only(engine)
    async with reader.connect() as warm:
        await warm.execute(text("SELECT 1"))
    other = sqlite3.connect(_db_file(engine), timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # a writer holds the lock: the read does not wait
        other.execute("INSERT INTO t (v) VALUES ('uncommitted')")
        with round_trips() as calls:
            async with reader.begin() as conn:
                rows = (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one()
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert rows == 0  # its own snapshot: the other writer's row is not seen
    # The statement alone: no BEGIN went with it, so there is no COMMIT to send.
    assert calls == ["_run"]
    async with engine.begin() as conn:  # the ordinary transactions are unchanged
        await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1
