"""Every migration keeps every row: for each revision, a database at that revision is filled
with rows in every table, then upgraded to head (and, separately, downgraded one step), and
every row of every table that still exists must still be there, with its values.

The rows are generated from the reflected schema (types, NOT NULL, foreign keys), and the
revisions come from the migration scripts, so tables and migrations added later are covered
without touching this file. Runs on SQLite, and on PostgreSQL when TOEBOT_TEST_DATABASE_URL
is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import normalise_database_url
from bot.db.engine import alembic_config, create_engine, downgrade, migrate
from tests.conftest import empty_database

ROWS_PER_TABLE = 2
# Explicit ids start high, so a later data migration that inserts through a sequence or
# AUTOINCREMENT cannot collide with the rows of this test.
FIRST_ID = 1001
BASE = "base"
# Tables a migration deliberately drops with their data (none so far). A table that
# disappears without being listed here is data loss.
DROPPED_BY_DESIGN: dict[str, frozenset[str]] = {}

Snapshot = dict[str, dict[tuple[str, ...], dict[str, str]]]


def _revisions() -> list[tuple[str, str | None]]:
    """(revision, the revision before it) for every migration script, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    out: list[tuple[str, str | None]] = []
    for rev in reversed(list(script.walk_revisions())):
        down = rev.down_revision
        # One linear history is the project's rule; a merge would need both parents.
        assert down is None or isinstance(down, str), f"revision {rev.revision} is a merge"
        out.append((rev.revision, down))
    return out


REVISIONS = _revisions()


@pytest.fixture
async def empty_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An engine on an empty database (no tables at all)."""
    engine = create_engine(normalise_database_url(await empty_database(tmp_path, "migrations.db")))
    yield engine
    await engine.dispose()


def _value(column: sa.Column[Any], n: int) -> Any:
    """A valid, distinct value for `column` in row `n` (distinct so unique indexes hold)."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return n % 2 == 0
    if isinstance(kind, sa.Integer):
        return FIRST_ID + n
    if isinstance(kind, sa.Numeric):
        return FIRST_ID + n
    if isinstance(kind, sa.DateTime):
        at = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
        return at if kind.timezone else at.replace(tzinfo=None)
    if isinstance(kind, sa.Date):
        return dt.date(2026, 11, 23) + dt.timedelta(days=n)
    if isinstance(kind, sa.String | sa.Text):
        value = f"r{n}"
        length = getattr(kind, "length", None)
        return value[:length] if length else value
    raise AssertionError(f"no test value for {column.table.name}.{column.name} ({kind!r})")


def fill_every_table(conn: Connection) -> Snapshot:
    """Insert ROWS_PER_TABLE rows into every table, parents first; return what is stored."""
    meta = sa.MetaData()
    meta.reflect(conn)
    inserted: dict[str, list[dict[str, Any]]] = {}
    for table in meta.sorted_tables:
        if table.name == "alembic_version":
            continue
        rows = []
        for i in range(ROWS_PER_TABLE):
            row = {c.name: _value(c, i) for c in table.columns}
            for fk in table.foreign_keys:
                parents = inserted.get(fk.column.table.name)
                if parents:
                    row[fk.parent.name] = parents[i % len(parents)][fk.column.name]
                elif fk.parent.nullable:
                    row[fk.parent.name] = None
                else:
                    raise AssertionError(f"{table.name}.{fk.parent.name}: no parent row yet")
            rows.append(row)
        conn.execute(table.insert(), rows)
        inserted[table.name] = rows
    return snapshot(conn)


def snapshot(conn: Connection) -> Snapshot:
    """Every row of every table, keyed by primary key, values as text (types may differ)."""
    meta = sa.MetaData()
    meta.reflect(conn)
    out: Snapshot = {}
    for table in meta.sorted_tables:
        if table.name == "alembic_version":
            continue
        key = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        for row in conn.execute(sa.select(table)).mappings():
            rows[tuple(str(row[k]) for k in key)] = {k: str(v) for k, v in row.items()}
        out[table.name] = rows
    return out


def _count(conn: Connection, table: str) -> int:
    return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def _assert_kept(before: Snapshot, after: Snapshot, *, dropped: frozenset[str]) -> None:
    for table, rows in before.items():
        if table not in after:
            assert table in dropped, f"table {table} was dropped with its {len(rows)} rows"
            continue
        kept = after[table]
        missing = sorted(set(rows) - set(kept))
        assert not missing, f"{table}: rows {missing} lost ({len(rows)} before, {len(kept)} after)"
        assert len(kept) >= len(rows), f"{table}: {len(rows)} rows before, {len(kept)} after"
        for pk, values in rows.items():
            changed = {
                k: (v, kept[pk][k]) for k, v in values.items() if k in kept[pk] and kept[pk][k] != v
            }
            assert not changed, f"{table} row {pk}: values changed {changed}"


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))


async def revision_of(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None: no migration applied)."""
    if "alembic_version" not in await table_names(engine):
        return None
    async with engine.connect() as conn:
        return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()


@pytest.mark.parametrize(("revision", "previous"), REVISIONS, ids=[r for r, _ in REVISIONS])
async def test_upgrade_to_head_keeps_every_row(
    empty_engine: AsyncEngine, revision: str, previous: str | None
) -> None:
    await migrate(empty_engine, revision)
    async with empty_engine.begin() as conn:
        before = await conn.run_sync(fill_every_table)
    assert all(len(rows) == ROWS_PER_TABLE for rows in before.values()), before.keys()

    await migrate(empty_engine)

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert await revision_of(empty_engine) == head
    async with empty_engine.connect() as conn:
        after = await conn.run_sync(snapshot)
        for table, rows in before.items():
            if table in after:
                count = await conn.run_sync(_count, table)
                assert count == len(rows), f"{table}: {len(rows)} rows before, {count} after"
    _assert_kept(before, after, dropped=frozenset().union(*DROPPED_BY_DESIGN.values()))


@pytest.mark.parametrize(("revision", "previous"), REVISIONS, ids=[r for r, _ in REVISIONS])
async def test_downgrade_one_step_keeps_rows_of_remaining_tables(
    empty_engine: AsyncEngine, revision: str, previous: str | None
) -> None:
    if previous is not None:
        await migrate(empty_engine, previous)
    # The tables the previous revision has must all survive the downgrade back to it.
    expected = await table_names(empty_engine) - {"alembic_version"}
    await migrate(empty_engine, revision)
    async with empty_engine.begin() as conn:
        before = await conn.run_sync(fill_every_table)

    await downgrade(empty_engine, previous or BASE)

    assert await revision_of(empty_engine) == previous
    async with empty_engine.connect() as conn:
        after = await conn.run_sync(snapshot)
    assert expected <= set(after), f"downgrade dropped {expected - set(after)}"
    # Only the tables this revision created may go, with their rows.
    _assert_kept(before, after, dropped=frozenset(set(before) - expected))
    for table in expected:
        assert len(after[table]) == len(before[table]), table


async def test_deliveries_keys_are_unique_and_unkeyed_notices_repeat(
    empty_engine: AsyncEngine,
) -> None:
    """0010's table is the notifier's claim: a second row with the same key must fail on
    every backend (that is what makes a keyed notice go once), rows without a key must not."""
    await migrate(empty_engine)
    row = {
        "kind": "digest",
        "chat_id": 1,
        "status": "sent",
        "attempts": 1,
        "parts_sent": 1,
        "created_at": dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC),
    }
    table = sa.table("deliveries", *(sa.column(c) for c in [*row, "key"]))
    async with empty_engine.begin() as conn:
        await conn.execute(table.insert(), [{**row, "key": None}, {**row, "key": None}])
        await conn.execute(table.insert(), [{**row, "key": "digest:1:2026112308"}])
    with pytest.raises(sa.exc.IntegrityError):
        async with empty_engine.begin() as conn:
            await conn.execute(table.insert(), [{**row, "key": "digest:1:2026112308"}])
    async with empty_engine.connect() as conn:
        assert await conn.run_sync(_count, "deliveries") == 3


async def test_0011_marks_finished_drills_with_every_exercise_skipped(
    empty_engine: AsyncEngine,
) -> None:
    """0011: a 'finished' drill none of whose exercises was done (each one skipped, even after
    some of its steps) becomes 'skipped'; one with an exercise done, or not finished, stays;
    the downgrade makes them all 'finished' again, as before 0011."""
    await migrate(empty_engine, "0010")
    at = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    # (drill, status): 1001 all skipped, 1002 one exercise done, both ended; 1001's step
    # events: a step of "a" done, then "a" and "b" skipped; 1002: "a" done, "b" skipped.
    events = [
        (1001, "a", "done"),
        (1001, "a", "skipped"),
        (1001, "b", "skipped"),
        (1002, "a", "done"),
        (1002, "b", "skipped"),
    ]
    async with empty_engine.begin() as conn:
        await conn.run_sync(fill_every_table)
        await conn.execute(text("DELETE FROM step_events"))
        await conn.execute(
            text("UPDATE drill_sessions SET status = 'finished', end_reason = 'completed'")
        )
        await conn.execute(
            text(
                "INSERT INTO step_events (id, session_id, exercise_id, step_id, kind, at) "
                "VALUES (:id, :session, :exercise, 's', :kind, :at)"
            ),
            [
                {"id": 5001 + i, "session": s, "exercise": e, "kind": k, "at": at}
                for i, (s, e, k) in enumerate(events)
            ],
        )

    async def statuses() -> dict[int, tuple[str, str]]:
        async with empty_engine.connect() as conn:
            rows = await conn.execute(text("SELECT id, status, end_reason FROM drill_sessions"))
            return {int(r[0]): (r[1], r[2]) for r in rows}

    await migrate(empty_engine, "0011")
    assert await statuses() == {
        1001: ("skipped", "all_skipped"),
        1002: ("finished", "completed"),
    }
    await downgrade(empty_engine, "0010")
    assert await statuses() == {1001: ("finished", "completed"), 1002: ("finished", "completed")}
