"""One dispatcher process of the benchmark: connect, say ready, wait for "go", tick until
nothing is due, then report its counts, time and peak memory."""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.tools.bench.children import BENCH_TOKEN

if TYPE_CHECKING:
    import telegram

    from bot.delivery.dispatcher import AiohttpSender, Dispatcher, Sender

_COUNTS = ("sent", "failed", "missed", "skipped", "blocked", "duplicates_avoided")


async def run_worker(args: argparse.Namespace) -> dict[str, Any]:
    """One dispatcher process: connect, say ready, wait for "go", tick until done."""
    # Imported here so that building the CLI's parser does not load Telegram or the dispatcher.
    from bot.clock import system_clock
    from bot.db.engine import session_factory
    from bot.delivery.dispatcher import DispatchConfig, Dispatcher

    engine = create_engine(args.database_url)
    config = DispatchConfig(
        rate=args.rate,
        concurrency=args.concurrency,
        batch_size=args.batch_size,
    )
    bot, aio, sender = await _sender(args)
    dispatcher = Dispatcher(
        sessions=session_factory(engine),
        sender=sender,
        clock=system_clock,
        config=config,
        owner=args.owner,
    )
    await _ready_and_wait(engine)

    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        total = await _tick_until_done(dispatcher)
    finally:
        if aio is not None:
            await aio.close()
        if bot is not None:
            await bot.shutdown()
        await engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        **total,
        "owner": args.owner,
        "seconds": round(time.perf_counter() - started, 3),
        # CPU seconds of this process while it dispatched: the cost per prompt, which a
        # loaded machine does not distort the way it distorts the wall-clock rate.
        "cpu_s": round(time.process_time() - cpu_started, 3),
        "peak_rss_mb": round(peak, 1),
    }


async def _sender(
    args: argparse.Namespace,
) -> tuple[telegram.Bot | None, AiohttpSender | None, Sender]:
    """The sender `args.sender` names, and the PTB bot or aiohttp sender to close after."""
    import telegram
    from telegram.request import HTTPXRequest

    from bot.delivery.dispatcher import AiohttpSender, PtbSender

    if args.sender == "ptb":
        # A small pool is faster than a big one on loopback (fewer sockets to juggle).
        bot = telegram.Bot(
            BENCH_TOKEN,
            base_url=args.base_url,
            request=HTTPXRequest(connection_pool_size=min(8, args.concurrency), pool_timeout=30.0),
        )
        await bot.initialize()
        return bot, None, PtbSender(bot)
    # The sandbox on loopback answers at once, so rate x latency needs only a few connections
    # here, and fewer cost less CPU (dispatcher CPU per prompt, 10,000 prompts: 0.89 ms with
    # 8 connections, 1.02 ms with 64); the bot's default is sized for 30/s at 1 s instead.
    aio = AiohttpSender(args.base_url, BENCH_TOKEN, connections=8)
    return None, aio, aio


async def _ready_and_wait(engine: AsyncEngine) -> None:
    """Say ready on stdout once connected, then block until the parent writes "go"."""
    # Warm up the connection pool and the statement cache before the clock starts.
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)


async def _tick_until_done(dispatcher: Dispatcher) -> dict[str, int]:
    """Tick until a tick claims no batch; the counts of all the ticks' reports."""
    total: dict[str, int] = {}
    while True:
        report = await dispatcher.tick()
        for key in _COUNTS:
            total[key] = total.get(key, 0) + int(getattr(report, key))
        if report.batches == 0:
            return total
