"""Statements and transactions per handled update, pinned: an ordinary text and a drill press
cost a known number of SQL statements, so the per-update cost cannot silently regrow (issue
14: the "back after blocking" check alone was a write transaction on every update)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from bot.db.engine import create_engine, session_factory
from bot.db.models import User
from bot.deps import BOT_DATA_KEY, Deps
from tests.e2e.content import t
from tests.e2e.harness import BotHarness, onboard

PAT = 7_300_000_001
NEXT = t("drills.buttons.next")


@dataclass
class Counted:
    """What the handlers ran on the bot's engine while counting: each transaction's
    statements, in order (the durable inbox's own bookkeeping left out: it is the same for
    every update, and measured with the inbox)."""

    transactions: list[list[str]] = field(default_factory=list)

    @property
    def statements(self) -> list[str]:
        return [s for t in self.transactions for s in t]

    @property
    def writes(self) -> int:
        return sum(1 for s in self.statements if s.split(None, 1)[0].upper() in _WRITES)


_WRITES = {"INSERT", "UPDATE", "DELETE"}
# The inbox's tables, and job_runs for its poller lease: bookkeeping, not the handlers'.
_INBOX = re.compile(r"\binbox_\w+|\bjob_runs\b")
# How each transaction opens on SQLite (bot.db.engine): the transaction itself, counted as one.
_BEGIN = "BEGIN IMMEDIATE"


@contextlib.contextmanager
def counting(harness: BotHarness) -> Iterator[Counted]:
    """Count the handlers' statements and transactions on the bot's own engine in the block."""
    assert harness.app is not None
    d: Deps = harness.app.bot_data[BOT_DATA_KEY]
    engine = d.engine.sync_engine
    counted = Counted()
    current: dict[int, list[str]] = {}

    def on_begin(conn: Any) -> None:
        current[id(conn)] = []

    def on_statement(conn: Any, _cur: Any, statement: str, *_: Any) -> None:
        if statement == _BEGIN:
            return
        if _INBOX.search(statement):
            current.pop(id(conn), None)  # the inbox's transaction, not a handler's
            return
        statements = current.get(id(conn))
        if statements is None:  # begun before counting started, or autocommit
            statements = current[id(conn)] = []
        if not statements:
            counted.transactions.append(statements)
        statements.append(statement)

    event.listen(engine, "begin", on_begin)
    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        yield counted
    finally:
        event.remove(engine, "begin", on_begin)
        event.remove(engine, "before_cursor_execute", on_statement)


# The counts after issue 14's lean-update work (before it: a text 6 statements in 3
# transactions, 2 of them writes; a press 10 statements, 6 writes; then a text 3 and a press
# 8, 4 writes, until the group -1 read of a text took the open drill and self-test along
# in one statement, the claim returned its row and a press's two events went in one INSERT).
# Lower them when a change makes the path leaner; a change that needs more must say why here.
TEXT_STATEMENTS, TEXT_TRANSACTIONS = 1, 1
PRESS_STATEMENTS, PRESS_WRITES = 5, 3


async def _onboarded(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    # The first message after onboarding notes the user as seen; the counted ones follow.
    await harness.send(PAT, "thanks!")


async def test_an_ordinary_text_reads_three_rows_and_writes_nothing(harness: BotHarness) -> None:
    await _onboarded(harness)
    with counting(harness) as text:
        out = await harness.send(PAT, "thanks!")
    assert len(out) == 1  # answered: triage said nothing, ordinary chat replied
    # The user's row once (for the group -1 check and the routes) with the open drill and
    # self-test, in one statement: no write at all for someone active and seen within the hour.
    assert len(text.statements) <= TEXT_STATEMENTS, text.statements
    assert len(text.transactions) <= TEXT_TRANSACTIONS, text.transactions
    assert text.writes == 0, text.statements


async def test_a_drill_press_reads_the_user_once(harness: BotHarness) -> None:
    await _onboarded(harness)
    await harness.send(PAT, "/today")
    await harness.press(PAT, NEXT)
    edits = harness.sandbox.messages(PAT)[-1].edited
    with counting(harness) as press:
        assert await harness.press(PAT, NEXT) == []
    assert harness.sandbox.messages(PAT)[-1].edited == edits + 1  # the drill moved a step
    users = [s for s in press.statements if s.lstrip().upper().startswith("SELECT USERS.")]
    assert len(users) == 1, press.statements
    assert len(press.statements) <= PRESS_STATEMENTS, press.statements
    assert press.writes <= PRESS_WRITES, press.statements


async def test_welcome_back_writes_only_when_there_is_something_to_note(
    harness: BotHarness,
) -> None:
    await _onboarded(harness)
    with counting(harness) as recent:
        await harness.send(PAT, "/help")
    assert recent.writes == 0
    # Over an hour later the visit is noted (retention counts from it), once.
    harness.clock.advance(dt.timedelta(hours=2))
    with counting(harness) as later:
        await harness.send(PAT, "/help")
    assert [s.split(None, 2)[:2] for s in later.statements if s.startswith("UPDATE")] == [
        ["UPDATE", "users"],
        ["UPDATE", "users"],
    ]
    assert await _last_seen(harness) == harness.clock()
    with counting(harness) as again:
        await harness.send(PAT, "/help")
    assert again.writes == 0


async def _last_seen(harness: BotHarness) -> dt.datetime | None:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            user = await session.get(User, PAT)
            assert user is not None
            return user.last_seen_at
    finally:
        await engine.dispose()
