"""`toebot bench updates`: how fast the real application answers users, next to bare PTB bots
on the same sandbox, in one run.

    toebot bench updates --users N [--burst-users B] [--processes K] [--database-url URL]

The sandbox Bot API runs in this (the parent) process, so every reply is timed where it is
seen: from the moment a user's update is queued to the moment the bot's answer (a new
message or an edit) reaches the sandbox. The bots run in child processes
(`bot.tools.bench.update_bots`), one at a time:

- an echo bot (bare PTB, defaults): N users each send `--rounds` texts, one after the other;
- an answer-and-edit bot: N users get a message with a button and press it `--presses`
  times (each press is answered and the message edited);
- the real application (K processes on one database, built and started with
  `bot.app.build_application` / `start_app`): the same N users' ordinary texts (triage, then
  chat), N other users start today's drill with /today (untimed) and press "Done / Next"
  `--presses` times, then B new-to-the-moment users each send one text, arriving evenly
  within `--burst-seconds` (the burst).

Seeded patients are consenting, onboarded, with a schedule whose prompts are not due during
the run (and the periodic jobs are off), so only the users' updates are measured. Progress
goes to stderr; the last line on stdout is one JSON object: `texts_ratio` (app texts/s over
echo texts/s), `presses_ratio`, `burst_p99_s`, the raw rates, and each scenario's p50/p95/p99
latencies, handled and lost counts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.tools.bench.args import not_negative, positive_int
from bot.tools.bench.children import BENCH_TOKEN, log, read_json_line, spawn, stop

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxBotApi, SentMessage

_Process = asyncio.subprocess.Process

# Ordinary chat a patient writes: no warning sign, no awaited answer, one reply each (small
# talk and normal progress or difficulty; see bot.domain.intents).
TEXTS = (
    "thanks!",
    "it's getting easier",
    "my toes feel a bit stiff today",
    "hello",
    "done!",
    "thank you, that helped",
)
# How long one reply may take before it counts as lost (a stuck bot must not hang the run).
REPLY_TIMEOUT_S = 60.0
_WARMUP_USERS = 20


@dataclass
class Scenario:
    """What one scenario measured: latencies of the replies seen, and the time it took."""

    name: str
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    seconds: float = 0.0
    # CPU time the bot processes used meanwhile (user + system, all of them together).
    cpu_s: float = 0.0

    def result(self) -> dict[str, Any]:
        handled = len(self.latencies)
        ordered = sorted(self.latencies)
        return {
            "handled": handled,
            "lost": self.lost,
            "seconds": round(self.seconds, 3),
            "per_s": round(handled / self.seconds, 1) if self.seconds > 0 else 0.0,
            "bot_cpu_ms_per_update": round(1000 * self.cpu_s / handled, 3) if handled else None,
            "p50_s": _quantile(ordered, 0.50),
            "p95_s": _quantile(ordered, 0.95),
            "p99_s": _quantile(ordered, 0.99),
        }


def cpu_seconds(processes: list[_Process]) -> float:
    """User plus system CPU time the processes used so far (Linux /proc; 0.0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for process in processes:
        try:
            with open(f"/proc/{process.pid}/stat", encoding="ascii") as stat:
                # Fields 14 and 15 (utime, stime), counted after the ")" that ends the name.
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def measured(bots: list[_Process], run: Awaitable[Scenario]) -> Scenario:
    """`run`'s scenario, with the CPU time the bot processes used while it ran."""
    before = cpu_seconds(bots)
    scenario = await run
    scenario.cpu_s = cpu_seconds(bots) - before
    return scenario


def _quantile(ordered: list[float], q: float) -> float | None:
    if not ordered:
        return None
    if len(ordered) == 1:
        return round(ordered[0], 4)
    return round(statistics.quantiles(ordered, n=100, method="inclusive")[round(q * 100) - 1], 4)


class Replies:
    """The first bot message (new or edited) in each chat after the user acted, with when."""

    def __init__(self, sandbox: SandboxBotApi) -> None:
        self._waiting: dict[int, asyncio.Future[tuple[float, SentMessage]]] = {}
        self.extra = 0  # messages no user was waiting for (a second reply, a late one)
        sandbox.add_listener(self._seen)

    def _seen(self, chat_id: int, message: SentMessage, event: str) -> None:
        if event == "deleted":
            return
        waiter = self._waiting.pop(chat_id, None)
        if waiter is None or waiter.done():
            self.extra += 1
            return
        waiter.set_result((time.perf_counter(), message))

    def expect(self, chat_id: int) -> asyncio.Future[tuple[float, SentMessage]]:
        """A future for the next message in `chat_id` (set before the user acts)."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = waiter
        return waiter

    async def act(
        self, chat_id: int, action: Callable[[], object], patience: float
    ) -> tuple[float, SentMessage] | None:
        """Do `action` (queue the user's update) and wait for the bot's answer: (latency, the
        message), or None when none came within `patience`."""
        waiter = self.expect(chat_id)
        sent = time.perf_counter()
        action()
        try:
            seen, message = await asyncio.wait_for(waiter, patience)
        except TimeoutError:
            self._waiting.pop(chat_id, None)
            return None
        return seen - sent, message


def _first_button(message: SentMessage) -> str | None:
    """The first button's callback data ("Done / Next" on a drill step, "Next" on a baseline)."""
    for row in message.inline_keyboard or []:
        for button in row:
            data = button.get("callback_data")
            if isinstance(data, str):
                return data
    return None


async def _run_users(
    users: Iterable[int], play: Callable[[int], Awaitable[None]], scenario: Scenario
) -> Scenario:
    started = time.perf_counter()
    await asyncio.gather(*(play(uid) for uid in users))
    scenario.seconds = time.perf_counter() - started
    return scenario


async def texts(
    sandbox: SandboxBotApi, replies: Replies, users: range, rounds: int, patience: float
) -> Scenario:
    """Each user sends `rounds` ordinary texts, each after the answer to the one before."""
    scenario = Scenario("texts")

    async def play(uid: int) -> None:
        for i in range(rounds):
            text = TEXTS[(uid + i) % len(TEXTS)]
            got = await replies.act(uid, functools.partial(sandbox.send_text, uid, text), patience)
            if got is None:
                scenario.lost += 1
            else:
                scenario.latencies.append(got[0])

    return await _run_users(users, play, scenario)


async def open_screens(
    sandbox: SandboxBotApi, replies: Replies, users: range, command: str, patience: float
) -> dict[int, SentMessage]:
    """Untimed set-up of the press scenario: each user sends `command` and gets a message with
    buttons (today's drill, or the baseline's step 0)."""
    screens: dict[int, SentMessage] = {}

    async def one(uid: int) -> None:
        got = await replies.act(uid, functools.partial(sandbox.send_text, uid, command), patience)
        if got is not None and _first_button(got[1]) is not None:
            screens[uid] = got[1]

    await asyncio.gather(*(one(uid) for uid in users))
    return screens


async def presses(
    sandbox: SandboxBotApi,
    replies: Replies,
    screens: dict[int, SentMessage],
    count: int,
    patience: float,
) -> Scenario:
    """Each user presses the first button of their screen `count` times, each press on the
    screen the one before left (the drill's next step, the baseline's next number)."""
    scenario = Scenario("presses")

    async def play(uid: int) -> None:
        screen: SentMessage | None = screens.get(uid)
        for _ in range(count):
            data = _first_button(screen) if screen is not None else None
            if screen is None or data is None:
                scenario.lost += 1
                continue
            mid = screen.message_id
            got = await replies.act(uid, functools.partial(sandbox.press, uid, mid, data), patience)
            if got is None:
                scenario.lost += 1
                screen = None
            else:
                scenario.latencies.append(got[0])
                screen = got[1]

    return await _run_users(screens, play, scenario)


async def burst(
    sandbox: SandboxBotApi, replies: Replies, users: range, seconds: float, patience: float
) -> Scenario:
    """`users` each send one text, arriving evenly within `seconds` (not waiting for anyone)."""
    scenario = Scenario("burst")
    gap = seconds / len(users) if len(users) else 0.0
    started = time.perf_counter()

    async def one(index: int, uid: int) -> None:
        delay = started + index * gap - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        got = await replies.act(uid, functools.partial(sandbox.send_text, uid, TEXTS[0]), patience)
        if got is None:
            scenario.lost += 1
        else:
            scenario.latencies.append(got[0])

    await asyncio.gather(*(one(i, uid) for i, uid in enumerate(users)))
    scenario.seconds = time.perf_counter() - started
    return scenario


# --- the run: database, sandbox, the bots one after the other -------------------------------


@dataclass(frozen=True)
class Options:
    """What `toebot bench updates` was asked to do."""

    users: int
    burst_users: int = 1000
    burst_seconds: float = 10.0
    processes: int = 1
    database_url: str | None = None
    rounds: int = 3
    presses: int = 5
    timeout: float = REPLY_TIMEOUT_S


@dataclass(frozen=True)
class _Layout:
    """Disjoint user-id ranges, so no scenario ever sees another's replies."""

    first: int
    n: int
    burst: int

    def block(self, index: int, size: int | None = None) -> range:
        start = self.first + index * self.n + (self.burst if index > 2 else 0)
        return range(start, start + (self.n if size is None else size))

    @property
    def app_texts(self) -> range:
        return self.block(0)

    @property
    def app_presses(self) -> range:
        return self.block(1)

    @property
    def app_burst(self) -> range:
        start = self.first + 2 * self.n
        return range(start, start + self.burst)

    @property
    def seeded(self) -> int:
        return 2 * self.n + self.burst

    @property
    def echo_texts(self) -> range:
        return self.block(3)

    @property
    def edit_presses(self) -> range:
        return self.block(4)


async def bench_updates(options: Options) -> dict[str, Any]:
    """Run the benchmark (see the module docstring) and return its result line."""
    from bot.config import normalise_database_url
    from bot.db.engine import is_sqlite
    from bot.sandbox.server import SandboxBotApi
    from bot.tools.bench.database import FIRST_USER_ID

    if options.users < 1 or options.processes < 1 or options.burst_users < 0:
        raise ValueError("users and processes must be at least 1")
    layout = _Layout(FIRST_USER_ID, options.users, options.burst_users)
    with contextlib.ExitStack() as stack:
        if options.database_url is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="toebot-bench-"))
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
        else:
            url = normalise_database_url(options.database_url)
        log(f"preparing {'SQLite' if is_sqlite(url) else 'PostgreSQL'} database")
        await _prepare_database(url, layout.seeded)
        # record_history off: counters and a window of recent messages per chat, as the
        # dispatch benchmark's sandbox keeps (enough to press the latest screen).
        sandbox = SandboxBotApi(BENCH_TOKEN, record_history=False, control_api=False)
        await sandbox.start()
        try:
            return await _run(sandbox, Replies(sandbox), url, layout, options)
        finally:
            await sandbox.stop()


async def _prepare_database(url: str, users: int) -> None:
    """A fresh, migrated database with `users` onboarded patients, seen within the hour (as
    people who talk to the bot are) and with no prompt due during the run."""
    from sqlalchemy import update
    from sqlmodel import SQLModel

    from bot.db import models
    from bot.db.engine import create_engine
    from bot.tools.bench.database import fresh_database, seed

    await fresh_database(url)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    engine = create_engine(url)
    try:
        await seed(engine, users=users, due=now - dt.timedelta(days=2))
        users_t = SQLModel.metadata.tables[models.User.__tablename__]
        schedules_t = SQLModel.metadata.tables[models.Schedule.__tablename__]
        async with engine.begin() as conn:
            await conn.execute(update(users_t).values(last_seen_at=now))
            await conn.execute(update(schedules_t).values(next_due_at=now + dt.timedelta(days=30)))
    finally:
        await engine.dispose()


async def _start_bots(kind: str, count: int, base_url: str, url: str) -> list[_Process]:
    """`count` bot processes of `kind`, each started and ready."""
    bots = []
    try:
        for _ in range(count):
            args = ["updates-bot", "--kind", kind, "--base-url", base_url, "--database-url", url]
            bots.append(await spawn(["-m", "bot.tools.bench", *args]))
        for index, bot in enumerate(bots):
            await read_json_line(bot, f"{kind} bot {index + 1}")
    except BaseException:
        await _stop_bots(bots)
        raise
    return bots


async def _stop_bots(bots: list[_Process]) -> list[dict[str, Any]]:
    reports = []
    for bot in bots:
        await stop(bot)
        assert bot.stdout is not None
        line = await bot.stdout.readline()
        with contextlib.suppress(ValueError):
            reports.append(json.loads(line))
    return reports


@contextlib.asynccontextmanager
async def _bots(kind: str, count: int, base_url: str, url: str) -> Any:
    bots = await _start_bots(kind, count, base_url, url)
    log(f"{count} {kind} bot process(es) ready")
    try:
        yield bots
    finally:
        await _stop_bots(bots)


async def _warm_up(sandbox: SandboxBotApi, replies: Replies, users: range, patience: float) -> None:
    """A few untimed texts first: connections opened, caches and code paths warm."""
    await texts(sandbox, replies, users[:_WARMUP_USERS], 1, patience)


async def _run(
    sandbox: SandboxBotApi, replies: Replies, url: str, layout: _Layout, o: Options
) -> dict[str, Any]:
    # Each baseline runs right before the app's same scenario, so that a machine shared with
    # other work is loaded alike for the two figures a ratio compares.
    base, results = sandbox.base_url, {}
    async with _bots("echo", 1, base, url) as bots:
        await _warm_up(sandbox, replies, layout.echo_texts, o.timeout)
        results["echo_texts"] = await measured(
            bots, texts(sandbox, replies, layout.echo_texts, o.rounds, o.timeout)
        )
    _report("echo_texts", results["echo_texts"])
    async with _bots("app", o.processes, base, url) as bots:
        await _warm_up(sandbox, replies, layout.app_texts, o.timeout)
        results["app_texts"] = await measured(
            bots, texts(sandbox, replies, layout.app_texts, o.rounds, o.timeout)
        )
    _report("app_texts", results["app_texts"])
    async with _bots("edit", 1, base, url) as bots:
        screens = await open_screens(sandbox, replies, layout.edit_presses, "/start", o.timeout)
        results["edit_presses"] = await measured(
            bots, presses(sandbox, replies, screens, o.presses, o.timeout)
        )
    _report("edit_presses", results["edit_presses"])
    async with _bots("app", o.processes, base, url) as bots:
        screens = await open_screens(sandbox, replies, layout.app_presses, "/today", o.timeout)
        results["app_presses"] = await measured(
            bots, presses(sandbox, replies, screens, o.presses, o.timeout)
        )
        _report("app_presses", results["app_presses"])
        if o.burst_users:
            results["app_burst"] = await measured(
                bots, burst(sandbox, replies, layout.app_burst, o.burst_seconds, o.timeout)
            )
            _report("app_burst", results["app_burst"])
    return _result(results, o, replies.extra)


def _report(name: str, scenario: Scenario) -> None:
    r = scenario.result()
    log(
        f"{name}: {r['handled']} handled, {r['lost']} lost, {r['per_s']}/s, "
        f"p50 {r['p50_s']} s, p95 {r['p95_s']} s, p99 {r['p99_s']} s, "
        f"bot CPU {r['bot_cpu_ms_per_update']} ms/update"
    )


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b > 0 else None


def _result(results: dict[str, Scenario], o: Options, extra: int) -> dict[str, Any]:
    rows = {name: s.result() for name, s in results.items()}
    for name, row in rows.items():
        line = f"{name:13} {row['per_s']:8.1f}/s  p50 {row['p50_s']}  p95 {row['p95_s']}"
        line += f"  p99 {row['p99_s']}  lost {row['lost']}"
        sys.stdout.write(f"{line}  bot CPU {row['bot_cpu_ms_per_update']} ms/update\n")
    echo, edit = rows["echo_texts"]["per_s"], rows["edit_presses"]["per_s"]
    app_texts, app_presses = rows["app_texts"]["per_s"], rows["app_presses"]["per_s"]
    burst_row = rows.get("app_burst")
    return {
        "users": o.users,
        "processes": o.processes,
        "database": "sqlite"
        if o.database_url is None or o.database_url.startswith("sqlite")
        else "postgresql",
        "texts_ratio": _ratio(app_texts, echo),
        "presses_ratio": _ratio(app_presses, edit),
        "burst_p99_s": burst_row["p99_s"] if burst_row else None,
        "burst_users": o.burst_users,
        "app_texts_per_s": app_texts,
        "echo_texts_per_s": echo,
        "app_presses_per_s": app_presses,
        "edit_presses_per_s": edit,
        "lost": sum(row["lost"] for row in rows.values()),
        "unexpected_messages": extra,
        "scenarios": rows,
    }


# --- the command line ------------------------------------------------------------------------


def add_parsers(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `updates` (and the internal `updates-bot` its children run) to `toebot bench`."""
    bench = actions.add_parser(
        "updates", help="users' texts and presses: the app against bare PTB bots"
    )
    bench.add_argument("--users", type=positive_int, required=True, help="users per scenario")
    bench.add_argument("--burst-users", type=int, default=1000, help="users in the burst (0: none)")
    bench.add_argument("--burst-seconds", type=not_negative, default=10.0)
    bench.add_argument("--processes", type=positive_int, default=1, help="app processes")
    bench.add_argument(
        "--database-url", default=None, help="a database to wipe and use (default: temp SQLite)"
    )
    bench.add_argument("--rounds", type=positive_int, default=3, help="texts per user")
    bench.add_argument("--presses", type=positive_int, default=5, help="presses per user")
    bench.add_argument("--timeout", type=not_negative, default=REPLY_TIMEOUT_S)
    bench.set_defaults(func=_cmd_updates)

    child = actions.add_parser("updates-bot")
    child.add_argument("--kind", choices=("app", "echo", "edit"), required=True)
    child.add_argument("--base-url", required=True)
    child.add_argument("--database-url", required=True)
    child.set_defaults(func=_cmd_bot)


def _cmd_updates(args: argparse.Namespace) -> int:
    options = Options(
        users=args.users,
        burst_users=args.burst_users,
        burst_seconds=args.burst_seconds,
        processes=args.processes,
        database_url=args.database_url,
        rounds=args.rounds,
        presses=args.presses,
        timeout=args.timeout,
    )
    result = asyncio.run(bench_updates(options))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0 if result["lost"] == 0 else 1


def _cmd_bot(args: argparse.Namespace) -> int:
    from bot.tools.bench.update_bots import run_bot

    # TOEBOT_BENCH_PROFILE=DIR: each bot process writes its cProfile to DIR/<kind>-<pid>.prof
    # (where the CPU per update goes; see README "Performance").
    profile_dir = os.environ.get("TOEBOT_BENCH_PROFILE")
    if profile_dir:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(asyncio.run, run_bot(args))
        profiler.dump_stats(os.path.join(profile_dir, f"{args.kind}-{os.getpid()}.prof"))
    else:
        result = asyncio.run(run_bot(args))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0
