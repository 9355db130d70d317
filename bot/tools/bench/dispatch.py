"""The dispatch benchmark (see the package docstring): seed, start the sandbox and the
dispatcher processes, say go, time them and count what each chat received."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import tempfile
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import normalise_database_url
from bot.db.engine import create_engine, is_sqlite
from bot.tools.bench.children import BENCH_TOKEN, log, read_json_line, spawn, stop
from bot.tools.bench.database import FIRST_USER_ID, count_sent, fresh_database, seed

_PROGRESS_EVERY_S = 5.0

_Process = asyncio.subprocess.Process


async def bench_dispatch(
    *,
    users: int,
    rate: float | None,
    database_url: str | None,
    processes: int = 1,
    sender: str = "aiohttp",
    concurrency: int | None = None,
    batch_size: int | None = None,
) -> dict[str, Any]:
    """Run the dispatch benchmark (see the package docstring) and return its result line."""
    if users < 1 or processes < 1:
        raise ValueError("users and processes must be at least 1")
    options = _worker_options(sender, rate, concurrency, batch_size)
    with contextlib.ExitStack() as stack:
        if database_url is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="toebot-bench-"))
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
        else:
            url = normalise_database_url(database_url)
        log(f"preparing {'SQLite' if is_sqlite(url) else 'PostgreSQL'} database")
        await fresh_database(url)
        engine = create_engine(url)
        # Every child started is stopped, whatever fails after it started.
        children: list[_Process] = []
        try:
            return await _run(
                engine, url, children, users=users, processes=processes, options=options, rate=rate
            )
        finally:
            for child in children:
                await stop(child)
            await engine.dispose()


def _worker_options(
    sender: str, rate: float | None, concurrency: int | None, batch_size: int | None
) -> list[str]:
    """The dispatcher processes' options; those not given keep the worker's defaults."""
    options = ["--sender", sender]
    if rate is not None:
        options += ["--rate", str(rate)]
    if concurrency is not None:
        options += ["--concurrency", str(concurrency)]
    if batch_size is not None:
        options += ["--batch-size", str(batch_size)]
    return options


async def _run(
    engine: AsyncEngine,
    url: str,
    children: list[_Process],
    *,
    users: int,
    processes: int,
    options: list[str],
    rate: float | None,
) -> dict[str, Any]:
    started = time.perf_counter()
    due = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(seconds=1)
    await seed(engine, users=users, due=due)
    log(f"seeded {users} patients in {time.perf_counter() - started:.1f}s")

    sandbox_args = ["--token", BENCH_TOKEN, "--chats", f"{FIRST_USER_ID}:{users}"]
    sandbox = await spawn(["-m", "bot.sandbox", *sandbox_args, "--exit-on-eof"])
    children.append(sandbox)
    info = await read_json_line(sandbox, "the sandbox")
    log(f"sandbox Bot API on port {info['port']}")

    workers = await _start_workers(children, processes, url, str(info["base_url"]), options)
    seconds, reports = await _go(engine, workers, users)
    by_chat = await _sent_by_chat(str(info["control_url"]))
    return _result(users, rate, seconds, reports, by_chat)


async def _start_workers(
    children: list[_Process], processes: int, url: str, base_url: str, options: list[str]
) -> list[_Process]:
    """Start the dispatcher processes and wait until each is connected and ready."""
    workers = []
    for index in range(processes):
        worker_args = ["worker", "--database-url", url, "--base-url", base_url]
        worker_args += ["--owner", f"bench-{index + 1}", *options]
        worker = await spawn(["-m", "bot.tools.bench", *worker_args])
        children.append(worker)
        workers.append(worker)
    for index, worker in enumerate(workers):
        await read_json_line(worker, f"dispatcher {index + 1}")  # {"ready": true}
    log(f"{processes} dispatcher process(es) ready; go")
    return workers


async def _go(
    engine: AsyncEngine, workers: list[_Process], users: int
) -> tuple[float, list[dict[str, Any]]]:
    """Tell every dispatcher to go, report progress until all are done; the seconds that
    took and each dispatcher's report."""
    t0 = time.perf_counter()
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write(b"go\n")
        await worker.stdin.drain()
    finals = [
        asyncio.ensure_future(read_json_line(w, f"dispatcher {i + 1}"))
        for i, w in enumerate(workers)
    ]
    while True:
        finished, _ = await asyncio.wait(finals, timeout=_PROGRESS_EVERY_S)
        if len(finished) == len(finals):
            break
        sent = await count_sent(engine)
        elapsed = time.perf_counter() - t0
        log(f"{sent}/{users} sent after {elapsed:.1f}s ({sent / elapsed:.0f}/s)")
    seconds = time.perf_counter() - t0
    reports = [f.result() for f in finals]
    for index, report in enumerate(reports):
        log(f"dispatcher {index + 1}: {json.dumps(report)}")
    return seconds, reports


async def _sent_by_chat(control_url: str) -> dict[int, int]:
    """The sandbox's own count of sendMessage calls that succeeded, per chat."""
    # Imported lazily, as before the split: importing the benchmark does not import the sandbox.
    from bot.sandbox.control import SandboxHttpClient

    async with SandboxHttpClient(control_url) as client:
        stats = await client.stats()
    by_chat: dict[int, int] = stats["send_message_ok_by_chat"]
    return by_chat


def _result(
    users: int,
    rate: float | None,
    seconds: float,
    reports: list[dict[str, Any]],
    by_chat: dict[int, int],
) -> dict[str, Any]:
    expected = range(FIRST_USER_ID, FIRST_USER_ID + users)
    sent = sum(1 for uid in expected if by_chat.get(uid, 0) > 0)
    duplicates = sum(max(count - 1, 0) for count in by_chat.values())
    return {
        "users": users,
        "sent": sent,
        "duplicates": duplicates,
        "missed": users - sent,
        "seconds": round(seconds, 3),
        "prompts_per_s": round(sent / seconds, 1) if seconds > 0 else 0.0,
        "configured_rate": rate,
        "peak_rss_mb": max(float(r["peak_rss_mb"]) for r in reports),
        # Dispatcher CPU per prompt (all processes): comparable across runs on a busy machine.
        "cpu_ms_per_prompt": round(
            1000 * sum(float(r["cpu_s"]) for r in reports) / max(sent, 1), 3
        ),
    }
