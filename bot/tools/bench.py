"""`toebot bench dispatch`: the real dispatcher against the sandbox Bot API, at scale.

    toebot bench dispatch --users N [--rate R] [--processes P] [--database-url URL]

Seeds N consenting patients, each with a zone and a schedule due now, in a fresh database (a
temporary SQLite file by default; with ``--database-url`` that database's toebot tables are
dropped and migrated again), starts the sandbox Bot API in its own process with the N chats
open, then runs P dispatcher processes until every prompt is handled. Progress goes to
stderr; the last line on stdout is one JSON object:

    users, sent, duplicates, missed, seconds, prompts_per_s, configured_rate, peak_rss_mb

`sent` counts chats that received a prompt and `duplicates` the extra messages any chat got,
both from the sandbox's own per-chat sendMessage counter (not from the dispatcher's word);
`missed` is users - sent. `seconds` runs from the moment the (already started, already
connected) dispatchers are told to go until the last one is done, so it measures dispatching,
not seeding or interpreter start-up. `peak_rss_mb` is the largest peak resident set of the
dispatcher processes. Without ``--rate`` the rate limiter is lifted.

The dispatchers run as child processes (``python -m bot.tools.bench worker ...``) so that their
memory is measured apart from the seeding, and so that several can share a PostgreSQL
database like several bot processes would.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bot.config import normalise_database_url
from bot.db import models
from bot.db.engine import create_engine, is_sqlite, migrate

# Not a secret: the sandbox accepts whatever token it is started with.
BENCH_TOKEN = "123456:BENCH-sandbox-token-000000000"  # noqa: S105
FIRST_USER_ID = 1_000_000
# A spread of zones, so the next-due and follow-up maths runs on real DST rules.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Lisbon",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "UTC",
)
_SEED_CHUNK = 5_000
# Children run from this checkout whatever the caller's working directory.
_ROOT = str(Path(__file__).resolve().parent.parent)
_PROGRESS_EVERY_S = 5.0


def _log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


# ------------------------------------------------------------------------------- database


async def _fresh_database(url: str) -> None:
    engine = create_engine(url)
    try:
        if not is_sqlite(url):
            async with engine.begin() as conn:
                # Only our own tables (and Alembic's bookkeeping) go, not the whole schema.
                await conn.run_sync(SQLModel.metadata.drop_all)
                await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        await migrate(engine)
    finally:
        await engine.dispose()


async def seed(engine: AsyncEngine, *, users: int, due: dt.datetime) -> None:
    """Bulk-insert `users` consenting patients with a daily schedule due at `due`."""
    users_t = SQLModel.metadata.tables[models.User.__tablename__]
    schedules_t = SQLModel.metadata.tables[models.Schedule.__tablename__]
    for start in range(0, users, _SEED_CHUNK):
        ids = range(FIRST_USER_ID + start, FIRST_USER_ID + min(start + _SEED_CHUNK, users))
        async with engine.begin() as conn:
            await conn.execute(
                insert(users_t),
                [
                    {
                        "id": uid,
                        "chat_id": uid,
                        "role": "patient",
                        "consent": "given",
                        "consent_at": due,
                        "onboarding_step": "done",
                        "timezone": ZONES[uid % len(ZONES)],
                        "diabetes": False,
                        "active": True,
                        "programme_id": "default",
                        "created_at": due,
                        "updated_at": due,
                    }
                    for uid in ids
                ],
            )
            await conn.execute(
                insert(schedules_t),
                [
                    {
                        "user_id": uid,
                        "times": "08:00,19:30",
                        "weekdays": 0b1111111,
                        "next_due_at": due,
                        "paused": False,
                        "stopped": False,
                        "created_at": due,
                        "updated_at": due,
                    }
                    for uid in ids
                ],
            )


async def _count_sent(engine: AsyncEngine) -> int:
    prompts_t = SQLModel.metadata.tables[models.Prompt.__tablename__]
    async with engine.connect() as conn:
        result = await conn.execute(
            select(func.count())
            .select_from(prompts_t)
            .where(prompts_t.c.status == models.PromptStatus.SENT.value)
        )
        return int(result.scalar_one())


# -------------------------------------------------------------------------------- processes


async def _spawn(args: list[str]) -> asyncio.subprocess.Process:
    env = dict(os.environ)
    env["PYTHONPATH"] = _ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=env,
    )


async def _read_json_line(proc: asyncio.subprocess.Process, what: str) -> dict[str, Any]:
    assert proc.stdout is not None
    line = await proc.stdout.readline()
    if not line:
        code = await proc.wait()
        raise RuntimeError(f"{what} exited (code {code}) before answering")
    data = json.loads(line)
    if not isinstance(data, dict):
        raise RuntimeError(f"{what} answered {data!r}")
    return data


async def _stop(proc: asyncio.subprocess.Process) -> None:
    if proc.stdin is not None and not proc.stdin.is_closing():
        proc.stdin.close()
    try:
        await asyncio.wait_for(proc.wait(), 10)
    except TimeoutError:
        proc.kill()
        await proc.wait()


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
    """Run the dispatch benchmark (see the module docstring) and return its result line."""
    if users < 1 or processes < 1:
        raise ValueError("users and processes must be at least 1")
    from bot.sandbox.control import SandboxHttpClient

    with contextlib.ExitStack() as stack:
        if database_url is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="toebot-bench-"))
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
        else:
            url = normalise_database_url(database_url)
        _log(f"preparing {'SQLite' if is_sqlite(url) else 'PostgreSQL'} database")
        await _fresh_database(url)
        engine = create_engine(url)
        children: list[asyncio.subprocess.Process] = []
        try:
            started = time.perf_counter()
            due = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(seconds=1)
            await seed(engine, users=users, due=due)
            _log(f"seeded {users} patients in {time.perf_counter() - started:.1f}s")

            sandbox = await _spawn(
                [
                    "-m",
                    "bot.sandbox",
                    "--token",
                    BENCH_TOKEN,
                    "--chats",
                    f"{FIRST_USER_ID}:{users}",
                    "--exit-on-eof",
                ]
            )
            children.append(sandbox)
            info = await _read_json_line(sandbox, "the sandbox")
            _log(f"sandbox Bot API on port {info['port']}")

            workers = []
            for index in range(processes):
                worker_args = [
                    "-m",
                    "bot.tools.bench",
                    "worker",
                    "--database-url",
                    url,
                    "--base-url",
                    str(info["base_url"]),
                    "--owner",
                    f"bench-{index + 1}",
                    "--sender",
                    sender,
                ]
                if rate is not None:
                    worker_args += ["--rate", str(rate)]
                if concurrency is not None:
                    worker_args += ["--concurrency", str(concurrency)]
                if batch_size is not None:
                    worker_args += ["--batch-size", str(batch_size)]
                worker = await _spawn(worker_args)
                children.append(worker)
                workers.append(worker)
            for index, worker in enumerate(workers):
                await _read_json_line(worker, f"dispatcher {index + 1}")  # {"ready": true}
            _log(f"{processes} dispatcher process(es) ready; go")

            t0 = time.perf_counter()
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write(b"go\n")
                await worker.stdin.drain()
            finals = [
                asyncio.ensure_future(_read_json_line(w, f"dispatcher {i + 1}"))
                for i, w in enumerate(workers)
            ]
            while True:
                finished, _ = await asyncio.wait(finals, timeout=_PROGRESS_EVERY_S)
                if len(finished) == len(finals):
                    break
                sent = await _count_sent(engine)
                elapsed = time.perf_counter() - t0
                _log(f"{sent}/{users} sent after {elapsed:.1f}s ({sent / elapsed:.0f}/s)")
            seconds = time.perf_counter() - t0
            reports = [f.result() for f in finals]
            for index, report in enumerate(reports):
                _log(f"dispatcher {index + 1}: {json.dumps(report)}")

            async with SandboxHttpClient(str(info["control_url"])) as client:
                stats = await client.stats()
            by_chat = stats["send_message_ok_by_chat"]
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
            }
        finally:
            for child in children:
                await _stop(child)
            await engine.dispose()


# ----------------------------------------------------------------------------- the worker


async def _worker(args: argparse.Namespace) -> dict[str, Any]:
    """One dispatcher process: connect, say ready, wait for "go", tick until done."""
    import telegram
    from telegram.request import HTTPXRequest

    from bot.clock import system_clock
    from bot.db.engine import session_factory
    from bot.delivery.dispatcher import AiohttpSender, DispatchConfig, Dispatcher, PtbSender, Sender

    engine = create_engine(args.database_url)
    config = DispatchConfig(
        rate=args.rate,
        concurrency=args.concurrency,
        batch_size=args.batch_size,
    )
    bot: telegram.Bot | None = None
    aio: AiohttpSender | None = None
    sender: Sender
    if args.sender == "ptb":
        # A small pool is faster than a big one on loopback (fewer sockets to juggle).
        bot = telegram.Bot(
            BENCH_TOKEN,
            base_url=args.base_url,
            request=HTTPXRequest(connection_pool_size=min(8, args.concurrency), pool_timeout=30.0),
        )
        await bot.initialize()
        sender = PtbSender(bot)
    else:
        aio = AiohttpSender(args.base_url, BENCH_TOKEN)
        sender = aio
    dispatcher = Dispatcher(
        sessions=session_factory(engine),
        sender=sender,
        clock=system_clock,
        config=config,
        owner=args.owner,
    )
    # Warm up the connection pool and the statement cache before the clock starts.
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)

    started = time.perf_counter()
    total: dict[str, int] = {}
    try:
        while True:
            report = await dispatcher.tick()
            for key in ("sent", "failed", "missed", "skipped", "blocked", "duplicates_avoided"):
                total[key] = total.get(key, 0) + int(getattr(report, key))
            if report.batches == 0:
                break
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
        "peak_rss_mb": round(peak, 1),
    }


# ---------------------------------------------------------------------------------- the CLI


def _positive_rate(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise argparse.ArgumentTypeError("the rate must be positive")
    return value


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _add_actions(parser: argparse.ArgumentParser) -> None:
    # The metavar hides the internal `worker` action from the help.
    actions = parser.add_subparsers(dest="bench_action", required=True, metavar="{dispatch}")
    dispatch = actions.add_parser(
        "dispatch", help="dispatch N due prompts through the sandbox Bot API and time it"
    )
    dispatch.add_argument("--users", type=_positive_int, required=True, help="patients due now")
    dispatch.add_argument(
        "--rate", type=_positive_rate, default=None, help="messages/s (default: no limit)"
    )
    dispatch.add_argument("--processes", type=_positive_int, default=1, help="dispatcher processes")
    dispatch.add_argument(
        "--database-url",
        default=None,
        help="a database to wipe and use (default: a temporary SQLite file)",
    )
    dispatch.add_argument("--sender", choices=("aiohttp", "ptb"), default="aiohttp")
    dispatch.add_argument("--concurrency", type=_positive_int, default=None)
    dispatch.add_argument("--batch-size", type=_positive_int, default=None)
    dispatch.set_defaults(func=_cmd_dispatch)

    # Internal: one dispatcher process, started by `dispatch`.
    worker = actions.add_parser("worker")
    worker.add_argument("--database-url", required=True)
    worker.add_argument("--base-url", required=True)
    worker.add_argument("--owner", required=True)
    worker.add_argument("--rate", type=_positive_rate, default=None)
    worker.add_argument("--sender", choices=("aiohttp", "ptb"), default="aiohttp")
    worker.add_argument("--concurrency", type=int, default=64)
    worker.add_argument("--batch-size", type=int, default=500)
    worker.set_defaults(func=_cmd_worker)


def _cmd_dispatch(args: argparse.Namespace) -> int:
    result = asyncio.run(
        bench_dispatch(
            users=args.users,
            rate=args.rate,
            database_url=args.database_url,
            processes=args.processes,
            sender=args.sender,
            concurrency=args.concurrency,
            batch_size=args.batch_size,
        )
    )
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0 if result["duplicates"] == 0 and result["missed"] == 0 else 1


def _cmd_worker(args: argparse.Namespace) -> int:
    result = asyncio.run(_worker(args))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


def add_bench_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `bench` command (with its `dispatch` action) to the `toebot` CLI.

    Each action sets `func(args) -> int`, the exit code: 0 when every patient got exactly one
    prompt, 1 otherwise.
    """
    bench = subparsers.add_parser("bench", help="benchmarks (e.g. `bench dispatch --users N`)")
    _add_actions(bench)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bot.tools.bench dispatch --users N ...` (the same as `toebot bench ...`)."""
    parser = argparse.ArgumentParser(prog="toebot bench")
    _add_actions(parser)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
