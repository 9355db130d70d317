"""SQLite's async driver with one thread round trip per statement.

aiosqlite runs each sqlite3 call on the connection's own thread, and SQLAlchemy's adapter
makes four such calls for every statement (open a cursor, execute, fetch the rows, close the
cursor). Each round trip wakes the thread and then the event loop, which costs far more CPU
than SQLite itself on this project's small statements: an ordinary text spent more time in
those hand-overs than in its queries (`toebot bench updates`, issue 14). This cursor does
the four steps in one call on the same thread, in the same order, and keeps what SQLAlchemy
reads afterwards (description, rowcount, lastrowid, the rows), so every statement costs one
round trip. Transactions, locking and errors are the sqlite3 module's own, unchanged; the
connection, the pool and the server-side cursor (`stream`) are aiosqlite's as before.

Two more round trips go the same way. `BEGIN IMMEDIATE` (every transaction's first
statement, `bot.db.engine`) is sent with the transaction's first statement, in the same
call, so it still comes first and still takes the write lock before anything is read; a
transaction that runs no statement sends nothing, as there is nothing to commit. And the
connection knows when it has no transaction open (after a commit or a rollback, with nothing
sent since, or after a statement that ran without one: a read-only session's), so the pool's
rollback on return, or a read-only session's commit, a no-op then, does not wait on the
thread.

Used by `bot.db.engine.create_engine` for every SQLite URL, through `create_async_engine`'s
`module` argument (the DBAPI module the aiosqlite dialect uses), not a new dialect.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    AsyncAdapt_aiosqlite_ss_cursor,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

__all__ = ["begin_immediate", "dbapi"]

# What one statement leaves behind: description, rows (None without a result), rowcount,
# lastrowid and whether a transaction is open after it, read on the connection's thread
# before its cursor is closed.
_Outcome = tuple[Any, list[Any] | None, int, int | None, bool]


_BEGIN = "BEGIN IMMEDIATE"


def _run(
    conn: sqlite3.Connection, operation: str, parameters: Any, many: bool, begin: bool
) -> _Outcome:
    if begin:
        _begin(conn)
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else None
        return description, rows, cursor.rowcount, cursor.lastrowid, conn.in_transaction
    finally:
        cursor.close()


class _OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose execute is one call on the connection's thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:
        # No sqlite3 cursor is held: each statement opens and closes its own on the thread.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        """Nothing to close: the statement's cursor was closed on the thread."""

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_(self._one_trip(operation, parameters, many=False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        try:
            return await_(self._one_trip(operation, seq_of_parameters, many=True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _one_trip(self, operation: Any, parameters: Any, *, many: bool) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        adapted = cast(_Connection, self._adapt_connection)
        async with adapted._execute_mutex:
            begin = adapted.sending()
            outcome: _Outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _run, connection._conn, operation, parameters, many, begin
            )
        self._description, rows, self._rowcount, self._lastrowid, open_ = outcome
        # A statement sent without BEGIN (a read-only session, `bot.db.engine.read_only`)
        # ran on its own and left no transaction: nothing to commit or roll back.
        adapted._idle = not open_
        self._rows = collections.deque(rows or ())

    def setinputsizes(self, *inputsizes: Any) -> None:
        """sqlite3 takes no input sizes (its cursors ignore them)."""


class _StreamCursor(AsyncAdapt_aiosqlite_ss_cursor):
    """aiosqlite's server-side cursor, after the transaction's pending BEGIN if any."""

    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        adapted = cast(_Connection, self._adapt_connection)
        if adapted.sending():
            connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
            try:
                await_(connection._execute(_begin, connection._conn))  # type: ignore[no-untyped-call]
            except Exception as error:
                adapted._handle_exception(error)
        return super().execute(operation, parameters)


def _begin(conn: sqlite3.Connection) -> None:
    conn.execute(_BEGIN).close()


class _Connection(AsyncAdapt_aiosqlite_connection):
    """aiosqlite's connection adapter with the one-trip cursor, a BEGIN IMMEDIATE sent with
    the first statement, and no round trip to end a transaction that is not open."""

    __slots__ = ("_begin_pending", "_idle")
    _cursor_cls = _OneTripCursor
    _ss_cursor_cls = _StreamCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin_pending = False
        # True only when SQLite surely has no transaction open on this connection: nothing
        # sent since it opened or since the last commit or rollback finished, or the last
        # statement ran without one (a read-only session's, which sends no BEGIN).
        self._idle = True

    def begin_immediate(self) -> None:
        """Start a write transaction: BEGIN IMMEDIATE goes with the next statement."""
        self._begin_pending = True

    def sending(self) -> bool:
        """A statement is about to be sent: whether the pending BEGIN goes first. Called
        before the statement is queued, so `_idle` is never True while one is in flight."""
        begin, self._begin_pending, self._idle = self._begin_pending, False, False
        return begin

    def commit(self) -> None:
        self._end(super().commit)

    def rollback(self) -> None:
        self._end(super().rollback)

    def _end(self, finish: Callable[[], None]) -> None:
        """Commit or roll back: a BEGIN not sent yet is dropped, and nothing goes to the
        thread when no transaction is open."""
        self._begin_pending = False
        if self._idle:
            return
        finish()
        self._idle = True


class _Dbapi(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite's DBAPI adapter, handing out connections with the one-trip cursor."""

    def connect(self, *arg: Any, **kw: Any) -> _Connection:
        adapted = super().connect(*arg, **kw)
        return _Connection(self, adapted._connection)


def begin_immediate(dbapi_connection: Any) -> bool:
    """Begin a write transaction on a connection of this driver (False: not one of ours)."""
    if not isinstance(dbapi_connection, _Connection):
        return False
    dbapi_connection.begin_immediate()
    return True


def dbapi() -> _Dbapi:
    """The DBAPI module to give `create_async_engine(..., module=...)` for SQLite URLs."""
    return _Dbapi(aiosqlite, sqlite3)
