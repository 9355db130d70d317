"""The benchmarks: `toebot bench dispatch`, `toebot bench updates`, `toebot bench jobs`.

- `dispatch` (below): the reminder dispatcher against the sandbox Bot API, at scale.
- `updates` (`updates`, `update_bots`): N sandbox users' texts and drill presses through the
  real application and through bare PTB baselines in the same run, and a burst of arrivals;
  ratios, rates, latencies and CPU per update.
- `jobs` (`jobs`): N seeded patients, each periodic job timed once, with statement counts.


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

Modules: `database` (the fresh database and the seeded patients), `children` (starting,
reading and stopping child processes), `dispatch` (the benchmark itself), `worker` (one
dispatcher process), `updates` and `update_bots` (the updates benchmark and its bots),
`jobs` (the jobs benchmark) and `cli` (the command line).
"""

from __future__ import annotations

from bot.tools.bench.children import BENCH_TOKEN
from bot.tools.bench.cli import add_bench_parser, main
from bot.tools.bench.database import FIRST_USER_ID, ZONES, seed
from bot.tools.bench.dispatch import bench_dispatch

__all__ = [
    "BENCH_TOKEN",
    "FIRST_USER_ID",
    "ZONES",
    "add_bench_parser",
    "bench_dispatch",
    "main",
    "seed",
]
