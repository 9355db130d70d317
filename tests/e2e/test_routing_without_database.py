"""Advice never waits for the database: when the user's row cannot be read (the database is
locked, down or unreachable), a warning sign still gets its advice at once, a voice note still
gets the warning signs, and anything else gets the apology; nothing is stored."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from bot.clock import FakeClock
from bot.deps import BOT_DATA_KEY, Deps
from tests.e2e.harness import BotHarness, onboard, plain, running_harness

PAT = 7_600_000_001
EMERGENCY_TEXT = "my foot has gone cold and blue and I can't feel my toes"


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock) as h:
        yield h


def _deps(harness: BotHarness) -> Deps:
    assert harness.app is not None
    deps: Deps = harness.app.bot_data[BOT_DATA_KEY]
    return deps


@contextmanager
def _database_down(harness: BotHarness) -> Iterator[list[str]]:
    """Every statement of the app fails as a locked or vanished database does."""
    refused: list[str] = []

    def refuse(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        refused.append(statement.split(maxsplit=1)[0].upper())
        raise OperationalError(statement, params, sqlite3.OperationalError("database is locked"))

    engine = _deps(harness).engine.sync_engine
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield refused
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def _action(harness: BotHarness, level: str) -> str:
    advice = _deps(harness).content.redflags.advice[level]
    return re.sub(r"<[^>]+>", "", advice.split("</b>")[0])


async def test_a_warning_sign_gets_advice_while_the_database_is_down(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    with _database_down(harness) as refused:
        out = await harness.send(PAT, EMERGENCY_TEXT)
    assert refused, "the database was never asked"
    assert plain(out, harness.sandbox).startswith(_action(harness, "emergency"))


async def test_other_text_gets_the_apology_while_the_database_is_down(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    with _database_down(harness):
        out = await harness.send(PAT, "what time is it in Lisbon?")
    assert re.sub(r"<[^>]+>", "", _deps(harness).text("common.error")) in plain(
        out, harness.sandbox
    )


async def test_the_bot_answers_again_once_the_database_is_back(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    with _database_down(harness):
        await harness.send(PAT, EMERGENCY_TEXT)
    out = await harness.send(PAT, EMERGENCY_TEXT)
    assert plain(out, harness.sandbox).startswith(_action(harness, "emergency"))
