"""Shared fixtures: a clean, migrated database per test, on SQLite or on PostgreSQL.

Set TOEBOT_TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:55432/toebot_test) to run
the suite on PostgreSQL; `.ci/run` does so for its second pass. Without it each test gets its
own SQLite file.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.clock import FakeClock
from bot.config import normalise_database_url
from bot.content import Content, load_content
from bot.db.engine import create_engine, migrate, session_factory

ROOT = Path(__file__).resolve().parents[1]
TEST_DB_ENV = "TOEBOT_TEST_DATABASE_URL"
# A Monday morning in UTC, so weekday and local-time logic has something definite to work on.
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def backend() -> str:
    """Which database the suite runs on: "postgresql" or "sqlite"."""
    return "postgresql" if os.environ.get(TEST_DB_ENV) else "sqlite"


async def empty_database(tmp_path: Path, name: str) -> str:
    """The raw URL of an empty database without any table: the PostgreSQL of
    TOEBOT_TEST_DATABASE_URL with its schema dropped, else a new SQLite file `name`."""
    raw = os.environ.get(TEST_DB_ENV)
    if not raw:
        return f"sqlite:///{tmp_path / name}"
    engine = create_engine(normalise_database_url(raw))
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    return raw


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    """A URL to an empty database with every migration applied."""
    url = normalise_database_url(await empty_database(tmp_path, "test.db"))
    engine = create_engine(url)
    await migrate(engine)
    await engine.dispose()
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the test database, disposed after the test."""
    eng = create_engine(database_url)
    yield eng
    await eng.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """One session; tests commit when they want the data visible elsewhere."""
    async with session_factory(engine)() as s:
        yield s


@pytest.fixture
def clock() -> FakeClock:
    """A clock that only moves when the test moves it."""
    return FakeClock(T0)


@pytest.fixture(scope="session")
def content() -> Content:
    """The project's real content, loaded once."""
    return load_content(ROOT / "content")


class JumpTime:
    """Monotonic time that jumps forward by each requested sleep, which returns at once."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += max(delay, 0.0)
        await asyncio.sleep(0)
