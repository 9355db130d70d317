"""The database edge: async engine, sessions, SQLite pragmas and Alembic migrations.

One engine per process. SQLite gets WAL and a busy timeout so the dispatcher and the handlers
can share the file; PostgreSQL is used as is. Migrations run on a connection we hand to
Alembic, so they work inside a running event loop (tests, `toebot run`) as well as from the CLI.

A migration run is one transaction that holds the migration lock: it applies every pending
step or none (a crash or a failing step leaves the database at its previous revision), and a
second `toebot migrate` started at the same time waits for the first, then finds nothing to
do. On SQLite that takes three things pysqlite does not do by itself: BEGIN IMMEDIATE around
the DDL (pysqlite never opens a transaction for DDL), foreign keys off (Alembic's batch mode
drops and re-creates tables, and with foreign keys on the drop cascades into every child
table), and `PRAGMA foreign_key_check` before the commit, so a broken reference still fails.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, event, make_url, text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from bot.db import sqlite_driver

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# How long a transaction waits for SQLite's write lock. Every transaction begins IMMEDIATE
# (see `_begin_write`), so under a burst of many chats a short one queues behind the others:
# 5 s lost 2 drill presses in 1,000 in `bench updates`; a wait is better than an apology.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# How long a migration waits for another one (or for a long write of the running bot) before
# it gives up with "locked": long enough for any migration of ours, short enough to notice.
MIGRATION_LOCK_TIMEOUT_MS = 120_000
# pg_advisory_xact_lock key shared by every toebot process on one database ("toebot" in ASCII).
PG_MIGRATION_LOCK = 0x746F65626F74


class MigrationError(Exception):
    """Migrating failed and nothing was changed; the message is one line, without SQL."""


def is_sqlite(url: str | URL) -> bool:
    """True for SQLite URLs (which need their own pragmas and a single writer)."""
    return str(url).startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # No implicit transactions from the driver: `_begin_write` opens each one itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer commits; the busy timeout makes a writer wait
    # for the lock instead of failing at once with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# The execution option of an engine whose transactions only read (`read_only`).
READ_ONLY = "toebot_read_only"


def _begin_write(conn: Connection) -> None:
    # Every transaction takes SQLite's write lock when it starts. A deferred one that reads,
    # then writes after another connection committed, fails at once with "database is locked"
    # (WAL cannot upgrade an old snapshot, and no busy timeout helps); with chats handled side
    # by side and the inbox writing beside them, that lost about one drill press in seven
    # under load. IMMEDIATE waits for the lock instead (the busy timeout), and every
    # transaction here is short. With this project's driver the BEGIN goes out with the
    # transaction's first statement, in the same round trip (`bot.db.sqlite_driver`).
    # A read-only one (`read_only`) sends no BEGIN at all: each statement is its own snapshot.
    if conn.get_execution_options().get(READ_ONLY):
        return
    if not sqlite_driver.begin_immediate(conn.connection.dbapi_connection):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Build the async engine for `url` (already normalised by `config`)."""
    if is_sqlite(url):
        # One thread round trip per statement instead of aiosqlite's four (see the module).
        kwargs.setdefault("module", sqlite_driver.dbapi())
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _begin_write)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    return create_async_engine(url, **kwargs)


@functools.cache
def read_only(engine: AsyncEngine) -> AsyncEngine:
    """`engine` for transactions that only read. On SQLite they take no write lock and send
    no BEGIN (nor COMMIT): each statement runs on its own, a consistent snapshot by itself
    (WAL: it neither waits for a writer nor holds one up). Every other transaction here takes
    the write lock at its start (`_begin_write`), so a read on every update, such as the
    group -1 read of each text and press, queued behind the writers and held them up in turn
    under a burst of users (`bench updates`). A session over it must not write: on SQLite each
    write would commit by itself. PostgreSQL transactions are unchanged."""
    return engine.execution_options(**{READ_ONLY: True})


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (handlers render after commit)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _sqlite_migration_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # No implicit transactions: pysqlite would leave DDL outside any transaction (so a crash
    # mid-way kept half a schema); `_begin_immediate` opens the one transaction instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={MIGRATION_LOCK_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # Must be set outside a transaction (inside one SQLite ignores it); see the module doc.
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _begin_immediate(conn: Connection) -> None:
    # IMMEDIATE takes the write lock now, before Alembic reads the current revision, so a
    # concurrent migration waits here (busy timeout) and then sees the schema at head.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _migration_engine(url: str | URL) -> AsyncEngine:
    # Its own engine, one connection, no pool: the pragmas above must not leak into the
    # connections the bot uses (they need foreign keys on and pysqlite's usual transactions).
    engine = create_async_engine(url, poolclass=NullPool)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_migration_pragmas)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
    return engine


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        # Released at commit or rollback, and by the server if this process dies.
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(MIGRATION_LOCK_TIMEOUT_MS)}")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        conn.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")


def _check_foreign_keys(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL checks every reference itself, even during DDL
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise MigrationError(
            f"migration would leave {len(broken)} broken foreign key reference(s) in "
            f"{', '.join(tables)}; nothing was changed"
        )


@contextlib.asynccontextmanager
async def migration_connection(url: str | URL) -> AsyncIterator[AsyncConnection]:
    """A connection in the one migration transaction, holding the migration lock; foreign
    keys are checked before it commits, and any error rolls everything back."""
    engine = _migration_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_lock)
            yield conn
            await conn.run_sync(_check_foreign_keys)
    finally:
        await engine.dispose()


def _one_line(exc: BaseException) -> str:
    # SQLAlchemy puts the SQL and its parameters (patient data) on the following lines.
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _check_sqlite_file(url: str | URL) -> None:
    # aiosqlite leaves its worker thread behind when a connection cannot be opened, and that
    # thread prints a traceback at exit; opening the file once here fails cleanly instead.
    parsed = make_url(url)
    path = parsed.database
    if not path or path == ":memory:" or parsed.query.get("uri"):
        return
    try:
        sqlite3.connect(path).close()
    except sqlite3.Error as exc:
        raise MigrationError(f"cannot open SQLite database {path}: {exc}") from None


async def _run_alembic(url: str | URL, step: Callable[[Config], None]) -> None:
    if is_sqlite(url):
        _check_sqlite_file(url)
    try:
        async with migration_connection(url) as conn:
            await conn.run_sync(lambda sync: step(alembic_config(sync)))
    except MigrationError:
        raise
    except Exception as exc:
        raise MigrationError(f"database migration failed: {_one_line(exc)}") from exc


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply every pending migration up to `revision` (idempotent), all or nothing."""
    await _run_alembic(engine.url, lambda cfg: command.upgrade(cfg, revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Undo migrations down to `revision` ("base": all of them), all or nothing."""
    await _run_alembic(engine.url, lambda cfg: command.downgrade(cfg, revision))


def head_revision() -> str | None:
    """The newest migration this code ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def schema_revision(engine: AsyncEngine) -> str | None:
    """The migration the database is at (None: never migrated); raises if unreachable."""

    def _current(sync: Connection) -> str | None:
        return MigrationContext.configure(sync).get_current_revision()

    async with engine.connect() as conn:
        return await conn.run_sync(_current)
