"""`toebot migrate` as a process: all or nothing, one at a time, and one line when it fails.

Each case runs the real CLI in a subprocess. A test-only copy of the migration scripts adds a
last step that creates a table, rebuilds `users` and then kills its own process (SIGKILL, as
`kill -9` would) or raises, so the interruption lands inside the migration transaction after
every real step has run. The database must be left exactly at its previous revision, rows
and schema, and the next `toebot migrate` must succeed. Waits are bounded waits on the
subprocesses, never sleeps.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import normalise_database_url
from bot.db.engine import (
    MIGRATIONS_DIR,
    alembic_config,
    create_engine,
    migrate,
    migration_connection,
)
from tests.conftest import TEST_DB_ENV, empty_database
from tests.integration.test_migrations_data import fill_every_table, revision_of, snapshot

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
# The revision of the bug report: a patient database at 0004 upgraded by `toebot migrate`.
REPORTED_START = "0004"
PROCESS_TIMEOUT_S = 120

# Runs the CLI with test-only knobs set from the command line: another script location, a
# shorter migration lock wait, and a marker file written just before the lock is requested.
RUNNER = """
import os, sys
from pathlib import Path
import bot.db.engine as db
scripts, lock_ms, markers, command = sys.argv[1:5]
if scripts:
    db.MIGRATIONS_DIR = Path(scripts)
if lock_ms:
    db.MIGRATION_LOCK_TIMEOUT_MS = int(lock_ms)
if markers:
    def marked(step):
        def run(conn):
            Path(markers, str(os.getpid())).touch()
            step(conn)
        return run
    db._begin_immediate = marked(db._begin_immediate)
    db._lock = marked(db._lock)
from bot.__main__ import main
sys.exit(main([command]))
"""

INTERRUPTED = '''"""Test only: {what} inside the migration transaction."""

import os
import signal

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("half_done", sa.Integer(), nullable=True))
    {action}


def downgrade() -> None:
    op.drop_table("half_done")
'''
KILL = "os.kill(os.getpid(), signal.SIGKILL)"
RAISE = 'raise RuntimeError("injected failure in the middle of a migration")'


@dataclass
class Run:
    """What one `toebot` process did."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class Db:
    """The database under test: its raw URL (for the CLI) and an engine (for checks)."""

    raw_url: str
    engine: AsyncEngine


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Db]:
    """An empty database, on SQLite or on the PostgreSQL of TOEBOT_TEST_DATABASE_URL."""
    raw = await empty_database(tmp_path, "toebot.db")
    engine = create_engine(normalise_database_url(raw))
    yield Db(raw, engine)
    await engine.dispose()


def _scripts(tmp_path: Path, action: str, what: str) -> Path:
    """A copy of the real migrations plus the interrupted step after the head."""
    where = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, where, ignore=shutil.ignore_patterns("__pycache__"))
    (where / "versions" / "9999_interrupted.py").write_text(
        INTERRUPTED.format(head=HEAD, action=action, what=what)
    )
    return where


async def _toebot(
    database_url: str,
    cwd: Path,
    *,
    command: str = "migrate",
    scripts: Path | None = None,
    lock_ms: int | None = None,
    markers: Path | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    environ = {k: v for k, v in os.environ.items() if k not in {"TELEGRAM_BOT_TOKEN", TEST_DB_ENV}}
    environ.update({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}, **(env or {}))
    args = [str(scripts or ""), str(lock_ms or ""), str(markers or ""), command]
    # cwd: a directory without a `.env`, so only the environment above configures the bot.
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        RUNNER,
        *args,
        cwd=cwd,
        env=environ,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), PROCESS_TIMEOUT_S)
    assert proc.returncode is not None
    return Run(proc.returncode, out.decode(), err.decode())


def _schema(conn: Connection) -> dict[str, Any]:
    """Tables, columns, indexes and foreign keys, comparable across two points in time."""
    inspector = sa.inspect(conn)
    out: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        out[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ],
            "indexes": sorted(
                (i["name"] or "", tuple(str(c) for c in i["column_names"]))
                for i in inspector.get_indexes(table)
            ),
            "foreign_keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"])
                for f in inspector.get_foreign_keys(table)
            ),
        }
    return out


async def _state(engine: AsyncEngine) -> tuple[str | None, dict[str, Any], Any]:
    async with engine.connect() as conn:
        return (
            await revision_of(engine),
            await conn.run_sync(_schema),
            await conn.run_sync(snapshot),
        )


def _one_error_line(run: Run) -> str:
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("toebot: "), run.stderr
    assert "Traceback" not in run.stderr
    return lines[0]


@pytest.mark.parametrize("start", [None, REPORTED_START], ids=["empty", REPORTED_START])
@pytest.mark.parametrize("how", ["killed", "raised"])
async def test_interrupted_migration_leaves_the_previous_revision(
    db: Db, tmp_path: Path, start: str | None, how: str
) -> None:
    if start is not None:
        await migrate(db.engine, start)
        async with db.engine.begin() as conn:
            await conn.run_sync(fill_every_table)
    before = await _state(db.engine)
    action, what = (KILL, "SIGKILL") if how == "killed" else (RAISE, "an exception")

    run = await _toebot(db.raw_url, tmp_path, scripts=_scripts(tmp_path, action, what))

    if how == "killed":
        assert run.returncode == -signal.SIGKILL, run.stderr
    else:
        assert run.returncode == 2
        line = _one_error_line(run)
        assert "injected failure" in line and "database migration failed" in line
    # Nothing of the real steps before the interruption, nor of the step itself, is left.
    assert await _state(db.engine) == before

    retry = await _toebot(db.raw_url, tmp_path)
    assert retry.returncode == 0, retry.stderr
    assert "database is up to date" in retry.stdout
    assert await revision_of(db.engine) == HEAD
    after = await _state(db.engine)
    for table, rows in before[2].items():
        assert set(after[2][table]) == set(rows), table


async def test_two_migrations_at_once_both_succeed_and_apply_once(db: Db, tmp_path: Path) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    # Hold the migration lock while both start, so that they do meet at the lock.
    async with migration_connection(db.engine.url):
        procs = [
            asyncio.ensure_future(_toebot(db.raw_url, tmp_path, markers=markers)) for _ in range(2)
        ]
        async with asyncio.timeout(PROCESS_TIMEOUT_S):
            while len(list(markers.iterdir())) < 2:
                assert not any(p.done() for p in procs), [p.result() for p in procs if p.done()]
                await asyncio.sleep(0.05)  # polling a subprocess condition, bounded above
    runs = await asyncio.gather(*procs)

    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    assert await revision_of(db.engine) == HEAD
    async with db.engine.connect() as conn:
        versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    assert [v[0] for v in versions] == [HEAD]


async def test_locked_database_is_one_line_and_exit_2(db: Db, tmp_path: Path) -> None:
    async with migration_connection(db.engine.url):
        run = await _toebot(db.raw_url, tmp_path, lock_ms=1)
    assert run.returncode == 2
    line = _one_error_line(run)
    assert "database migration failed" in line
    assert "lock" in line.lower()


@pytest.mark.parametrize("command", ["migrate", "run"])
@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-dir/toebot.db",
        "postgresql://postgres@127.0.0.1:1/toebot",
        "postgresql://postgres@no-such-host.invalid/toebot",
        "mysql://localhost/toebot",
    ],
    ids=["sqlite-unopenable", "postgres-down", "postgres-bad-host", "bad-scheme"],
)
async def test_start_up_failure_is_one_line_and_exit_2(
    tmp_path: Path, command: str, url: str
) -> None:
    token = "123456789:" + "A" * 35
    run = await _toebot(url, tmp_path, command=command, env={"TELEGRAM_BOT_TOKEN": token})
    assert run.returncode == 2, run.stderr
    line = _one_error_line(run)
    assert token not in run.stderr and token.split(":")[1] not in run.stderr
    assert len(line) < 400


async def test_run_with_telegram_unreachable_is_one_line_and_exit_2(db: Db, tmp_path: Path) -> None:
    token = "123456789:" + "B" * 35
    env = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": "http://127.0.0.1:1/bot"}
    run = await _toebot(db.raw_url, tmp_path, command="run", env=env)
    assert run.returncode == 2, run.stderr
    _one_error_line(run)
    assert token.split(":")[1] not in run.stderr
