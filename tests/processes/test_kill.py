"""kill -9 of a real bot process between receiving an update and handling it: the update is
stored, so after a restart it is handled once (one reply), on SQLite and PostgreSQL.

The kill has to land while the update is in hand: the sandbox (in this test process) holds
the bot's sendMessage for that chat unanswered (a `slow` fault), so the process has stored
the update, claimed it and is inside the handler, waiting on Telegram, when it dies. The
sandbox drops a request whose client went away (its handlers are cancelled on disconnect),
so the reply that was in flight is never recorded. The new process leaves the dead
process's lease alone; the test then does what time passing would do (lease_until moved into
the past, never a real wait of INBOX_LEASE_SECONDS), and the update is handled once more.

Two receivers: the webhook (`--role web`, the 200 came after storing) and long polling
(`--role all`, the offset moved past the update only after storing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bot.inbox.store import POLLER_ROW
from bot.sandbox.server import SandboxBotApi
from tests.e2e.content import t
from tests.e2e.harness import TOKEN
from tests.processes.children import (
    BotProcess,
    base_settings,
    bot_args,
    eventually,
    free_port,
    holds,
    nothing_on_the_wire,
    tails,
    web_settings,
)

ANN = 7_900_000_001
INBOX = SQLModel.metadata.tables["inbox_updates"]
JOBS = SQLModel.metadata.tables["job_runs"]
# Longer than any step of the test: the held reply must still be unanswered at the kill.
HOLD_S = 30.0


async def row(engine: AsyncEngine, update_id: int) -> Any:
    """The inbox row of `update_id`, or None."""
    async with engine.connect() as conn:
        return (await conn.execute(select(INBOX).where(INBOX.c.update_id == update_id))).first()


async def in_hand(engine: AsyncEngine, sandbox: SandboxBotApi, update_id: int) -> bool:
    """Stored, claimed, and its reply on the wire (the sandbox is holding the request)."""
    r = await row(engine, update_id)
    return (
        r is not None
        and r.status == "pending"
        and r.lease_owner is not None
        and sandbox.stats()["requests"]["sendMessage"] >= 1
    )


async def kill_in_hand(
    process: BotProcess, engine: AsyncEngine, sandbox: SandboxBotApi, update_id: int
) -> None:
    """Wait until the update is in the handler, kill -9, and check what is left: the row
    pending under the dead lease (one attempt), no reply, nothing still on the wire."""
    await eventually(
        lambda: in_hand(engine, sandbox, update_id),
        # Includes the process's start-up in the polling variant (slow on a loaded machine).
        timeout=60,
        what="the update stored, claimed and its reply in flight",
        on_fail=process.log_tail,
    )
    process.kill()
    assert process.proc is not None
    assert await process.proc.wait() == -9
    # The held sendMessage is dropped with its connection (not answered 30 s later): nothing
    # is left on the wire, so no reply can still appear.
    await eventually(
        lambda: holds(nothing_on_the_wire(sandbox)), timeout=5, what="the held request dropped"
    )
    assert sandbox.messages(ANN) == []
    dead = await row(engine, update_id)
    assert dead.status == "pending" and dead.attempts == 1 and dead.lease_owner is not None


async def expire_and_expect_one_reply(
    process: BotProcess, engine: AsyncEngine, sandbox: SandboxBotApi, update_id: int
) -> None:
    """The dead lease runs out (set in the past, as time would); the new process handles the
    update once."""
    # The new process is up and has not touched the dead process's claim.
    assert (await row(engine, update_id)).attempts == 1
    async with engine.begin() as conn:
        await conn.execute(
            update(INBOX)
            .where(INBOX.c.update_id == update_id)
            .values(lease_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )

    async def done() -> bool:
        r = await row(engine, update_id)
        return r is not None and r.status == "done"

    await eventually(
        done, timeout=30, what="the update handled after restart", on_fail=lambda: tails([process])
    )
    finished = await row(engine, update_id)
    # Claimed twice (the dead process, then this one), handled once.
    assert finished.attempts == 2 and finished.lease_owner is None
    await eventually(lambda: holds(len(sandbox.messages(ANN)) >= 1), timeout=5, what="the reply")
    await eventually(lambda: holds(nothing_on_the_wire(sandbox)), timeout=5, what="no request")
    assert [sandbox.plain_text(m) for m in sandbox.messages(ANN)] == [t("common.help")]
    assert sandbox.stats()["send_message_ok_by_chat"][ANN] == 1
    assert await process.terminate() == 0, process.log_tail()


async def test_a_web_process_killed_after_storing_an_update_is_replaced_and_it_is_handled_once(
    sandbox: SandboxBotApi, database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    sandbox.inject_fault("sendMessage", chat_id=ANN, kind="slow", delay=HOLD_S, count=1)
    common = base_settings(sandbox.base_url, TOKEN, database_url)
    first = BotProcess("web-1", bot_args("web"), common | web_settings(free_port()), tmp_path)
    second = BotProcess(
        "web-2",
        bot_args("web"),
        common | web_settings(free_port()) | {"INBOX_LEASE_SECONDS": "5"},
        tmp_path,
    )
    try:
        await first.start()
        await first.ready()
        uid = sandbox.send_text(ANN, "/help")
        (raw,) = sandbox.take_updates()
        async with aiohttp.ClientSession() as http:
            # 200 only once stored: from here Telegram would never send it again.
            assert await first.post(http, raw) == 200
        await kill_in_hand(first, engine, sandbox, uid)

        await second.start()
        await second.ready()
        await expire_and_expect_one_reply(second, engine, sandbox, uid)
    finally:
        await first.reap()
        await second.reap()


async def test_a_polling_process_killed_after_storing_an_update_is_restarted_and_it_is_handled_once(
    sandbox: SandboxBotApi, database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    sandbox.inject_fault("sendMessage", chat_id=ANN, kind="slow", delay=HOLD_S, count=1)
    common = base_settings(sandbox.base_url, TOKEN, database_url)
    first = BotProcess("all-1", bot_args("all"), common, tmp_path)
    again = BotProcess("all-2", bot_args("all"), common | {"INBOX_LEASE_SECONDS": "5"}, tmp_path)
    try:
        # Queued before the bot starts: its first getUpdates fetches it.
        uid = sandbox.send_text(ANN, "/help")
        await first.start()
        await eventually(
            lambda: in_hand(engine, sandbox, uid),
            timeout=60,
            what="the update stored, claimed and its reply in flight",
            on_fail=first.log_tail,
        )
        # Telegram was told: the offset moved past it, it will never be fetched again.
        await sandbox.wait_update_consumed(uid)
        await kill_in_hand(first, engine, sandbox, uid)
        # The dead process also held the poller lease (one poller per bot); a restart 45 s
        # later finds it run out: set in the past, as that time would.
        async with engine.begin() as conn:
            await conn.execute(
                update(JOBS)
                .where(JOBS.c.name == POLLER_ROW)
                .values(last_run_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
            )

        await again.start()

        # No HTTP server in polling mode: "up" is its first long poll reaching the sandbox.
        async def polling() -> bool:
            if not again.running:
                raise AssertionError(f"all-2 exited early\n{again.log_tail()}")
            return sandbox.polling

        await eventually(polling, timeout=60, what="all-2 polling", on_fail=again.log_tail)
        await expire_and_expect_one_reply(again, engine, sandbox, uid)
    finally:
        await first.reap()
        await again.reap()
