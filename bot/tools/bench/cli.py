"""The `bench` command line: `toebot bench dispatch ...`, `toebot bench updates ...`, and the
internal `worker` and `updates-bot` actions the benchmarks start their child processes with."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from bot.tools.bench.args import positive_int, positive_rate
from bot.tools.bench.dispatch import bench_dispatch
from bot.tools.bench.jobs import add_parsers as add_jobs_parsers
from bot.tools.bench.updates import add_parsers as add_updates_parsers
from bot.tools.bench.worker import run_worker


def _add_actions(parser: argparse.ArgumentParser) -> None:
    # The metavar hides the internal `worker` and `updates-bot` actions from the help.
    actions = parser.add_subparsers(
        dest="bench_action", required=True, metavar="{dispatch,updates,jobs}"
    )
    dispatch = actions.add_parser(
        "dispatch", help="dispatch N due prompts through the sandbox Bot API and time it"
    )
    dispatch.add_argument("--users", type=positive_int, required=True, help="patients due now")
    dispatch.add_argument(
        "--rate", type=positive_rate, default=None, help="messages/s (default: no limit)"
    )
    dispatch.add_argument("--processes", type=positive_int, default=1, help="dispatcher processes")
    dispatch.add_argument(
        "--database-url",
        default=None,
        help="a database to wipe and use (default: a temporary SQLite file)",
    )
    dispatch.add_argument("--sender", choices=("aiohttp", "ptb"), default="aiohttp")
    dispatch.add_argument("--concurrency", type=positive_int, default=None)
    dispatch.add_argument("--batch-size", type=positive_int, default=None)
    dispatch.set_defaults(func=_cmd_dispatch)
    # `updates` (see bot.tools.bench.updates), with its internal `updates-bot` action.
    add_updates_parsers(actions)
    # `jobs` (see bot.tools.bench.jobs): every periodic job timed once over N patients.
    add_jobs_parsers(actions)

    # Internal: one dispatcher process, started by `dispatch`.
    worker = actions.add_parser("worker")
    worker.add_argument("--database-url", required=True)
    worker.add_argument("--base-url", required=True)
    worker.add_argument("--owner", required=True)
    worker.add_argument("--rate", type=positive_rate, default=None)
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
    result = asyncio.run(run_worker(args))
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
