"""SIGTERM (a platform's deploy or scale-down) while a web process has an update in hand:
the process finishes what it is handling, hands back what it has not started, and exits 0;
the next process handles the rest. Across the two, every update is handled exactly once.

The sandbox holds the bot's first reply for a moment (a `slow` fault) so the signal lands
while the handler waits on Telegram; the second update of the same chat is stored behind it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

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

ANN = 7_900_000_101
INBOX = SQLModel.metadata.tables["inbox_updates"]
# Long enough for the signal to arrive while the reply is held, well inside the worker's
# 10 s graceful-stop budget and PTB's 5 s read timeout.
HOLD_S = 2.0


async def rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(INBOX).order_by(INBOX.c.update_id))).all())


async def test_sigterm_finishes_the_update_in_hand_hands_back_the_rest_and_exits_0(
    sandbox: SandboxBotApi, database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    sandbox.inject_fault("sendMessage", chat_id=ANN, kind="slow", delay=HOLD_S, count=1)
    common = base_settings(sandbox.base_url, TOKEN, database_url)
    first = BotProcess("web-1", bot_args("web"), common | web_settings(free_port()), tmp_path)
    second = BotProcess("web-2", bot_args("web"), common | web_settings(free_port()), tmp_path)
    try:
        await first.start()
        await first.ready()
        sandbox.send_text(ANN, "/help")
        sandbox.send_text(ANN, "/today")
        raws = sandbox.take_updates()
        async with aiohttp.ClientSession() as http:
            assert [await first.post(http, raw) for raw in raws] == [200, 200]

        async def in_hand() -> bool:
            stored = await rows(engine)
            return (
                len(stored) == 2
                and stored[0].lease_owner is not None
                and sandbox.stats()["requests"]["sendMessage"] >= 1
            )

        await eventually(
            in_hand, timeout=30, what="the first update in hand", on_fail=first.log_tail
        )
        assert await first.terminate(timeout=15) == 0, first.log_tail()
        # Nothing left half-done: each update is either handled (and answered) or back in
        # the inbox unclaimed, its attempt not counted.
        after_stop = await rows(engine)
        assert after_stop[0].status == "done"
        for r in after_stop:
            assert (r.status, r.lease_owner) in {("done", None), ("pending", None)}
            assert r.attempts == (1 if r.status == "done" else 0)
        handled = sum(r.status == "done" for r in after_stop)
        assert len(sandbox.messages(ANN)) == handled

        await second.start()
        await second.ready()

        async def all_done() -> bool:
            return all(r.status == "done" for r in await rows(engine))

        await eventually(
            all_done, timeout=30, what="the rest handled", on_fail=lambda: tails([second])
        )
        await eventually(lambda: holds(nothing_on_the_wire(sandbox)), timeout=5, what="quiet")
        assert [sandbox.plain_text(m) for m in sandbox.messages(ANN)] == [
            t("common.help"),
            t("common.needs_setup"),
        ]
        assert [r.attempts for r in await rows(engine)] == [1, 1]
        assert await second.terminate(timeout=15) == 0, second.log_tail()
    finally:
        await first.reap()
        await second.reap()
