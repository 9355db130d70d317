"""`toebot bench jobs`: every periodic job but dispatch, timed once over N seeded patients.

    toebot bench jobs --patients N [--database-url URL]

Seeds N patients in a fresh database (a temporary SQLite file by default; with
``--database-url`` that database's toebot tables are dropped and migrated again) the way a
real deployment looks after eight weeks: schedules with reminder times spread over the day,
drill sessions over 8 weeks at three levels of adherence, weekly or occasional self-tests
(flat or improving), therapists with 50-500 patients each, some paused, blocked, withdrawn or
long-gone patients, and escalations of every kind (digest items, advice not yet delivered,
alerts not yet sent, reminders due, earlier no-improvement advice). The clock is set to the
weekly digest's slot, so the digest is due, the self-test prompt is due for whoever has their
first reminder in this hour, and the no-improvement rule is evaluated over everyone.

Each job then runs once, in the order the worker would, with a recording notifier (no
network: what is timed is the job's own work, not Telegram), and the SQL statements each
one sends are counted (SQLAlchemy's ``before_cursor_execute``). A human table goes to
stderr; the last line on stdout is one JSON object:

    patients, backend, seed_s, rows (table -> rows seeded), jobs (name -> seconds),
    cpu (name -> this process's CPU seconds), statements (name -> count),
    sent (name -> notices), max_s (the slowest job's seconds),
    every_slot (seconds, cpu, statements, sent of the no-improvement rule judging every
    patient at once, as its first run does: timed after the jobs, not one of them)

The no-improvement rule judged its slots an hour before (`bot.domain.slots`), as it does in
a live deployment, and a twenty-fourth of today's self-tests were completed within that
hour: the timed run judges one slot of patients and those with a new test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, event, insert
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, col

from bot.config import Settings, normalise_database_url
from bot.content import load_content
from bot.db import models
from bot.db.engine import create_engine, is_sqlite, session_factory
from bot.delivery import escalations as escalation_jobs
from bot.delivery import jobs
from bot.delivery.notify import RecordingNotifier
from bot.deps import Deps
from bot.domain.digest import digest_slot
from bot.domain.selftest import FEET, TOES
from bot.services import rules
from bot.tools.bench.database import FIRST_USER_ID, ZONES, fresh_database

# A Monday at the default digest hour (08:00 UTC) and half an hour: the digest slot is due.
NOW = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)
FIRST_THERAPIST_ID = 500_000
WEEKS = 8
RETENTION_DAYS = 365
_CHUNK = 5_000
# The share of patients at each level of adherence, and their chance of a drill on a day.
_ADHERENCE = (("consistent", 0.2, 6 / 7), ("partial", 0.3, 3 / 7), ("low", 0.5, 0.1))

Job = Callable[[Deps], Awaitable[Any]]


def _table(model: type[SQLModel]) -> Any:
    return SQLModel.metadata.tables[str(model.__tablename__)]


class _Rows:
    """Rows per table, inserted in chunks as they fill (bulk executemany, not the ORM)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.pending: dict[Any, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}

    async def add(self, model: type[SQLModel], row: dict[str, Any]) -> None:
        table = _table(model)
        rows = self.pending.setdefault(table, [])
        rows.append(row)
        self.counts[table.name] = self.counts.get(table.name, 0) + 1
        if len(rows) >= _CHUNK:
            await self.flush()

    async def flush(self) -> None:
        """Insert every table's pending rows, parents first (the order the tables were first
        given in), so no foreign key points at a row not inserted yet."""
        async with self.engine.begin() as conn:
            for table, rows in self.pending.items():
                if rows:
                    await conn.execute(insert(table), rows)
                    self.pending[table] = []


def _user(uid: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": uid,
        "chat_id": uid,
        "role": "patient",
        "consent": "given",
        "consent_at": NOW - dt.timedelta(days=70),
        "onboarding_step": "done",
        "timezone": "UTC",
        "diabetes": False,
        "active": True,
        "programme_id": "default",
        "therapist_id": None,
        "display_name": None,
        "selftest_prompted_at": None,
        "last_seen_at": NOW - dt.timedelta(days=1),
        "created_at": NOW - dt.timedelta(days=70),
        "updated_at": NOW - dt.timedelta(days=1),
    }
    row.update(values)
    return row


def _escalation(uid: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "user_id": uid,
        "chat_id": uid,
        "source": "free_text",
        "level": "routine",
        "flags": "numbness",
        "evidence": "",
        "advice": "book a review",
        "created_at": NOW - dt.timedelta(days=2),
        "delivered_at": NOW - dt.timedelta(days=2),
        "delivery_attempts": 1,
        "pauses_prompts": False,
        "therapist_alerted_at": None,
        "in_digest_at": None,
        "follow_up_index": 0,
        "follow_up_yes": "",
        "seq": 0,
    }
    row.update(values)
    return row


def _therapist_sizes(rng: random.Random, patients: int) -> Iterator[int]:
    """Caseloads of 50-500 patients until `patients` are covered (the last may be smaller)."""
    left = patients
    while left > 0:
        size = min(left, rng.randint(50, 500))
        left -= size
        yield size


async def seed_jobs(engine: AsyncEngine, *, patients: int, seed: int = 14) -> dict[str, int]:
    """Seed the benchmark's patients, therapists and history; rows per table."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible seed, not a secret
    rows = _Rows(engine)
    slot = digest_slot(NOW, 0, 8)
    # 85% of patients have a therapist: caseloads over the first ids.
    linked = int(patients * 0.85)
    therapist_of: dict[int, int] = {}
    start = 0
    for t, size in enumerate(_therapist_sizes(rng, linked)):
        tid = FIRST_THERAPIST_ID + t
        await rows.add(models.User, _user(tid, role="therapist", display_name=f"T{t}"))
        await rows.add(
            models.Therapist,
            {
                "user_id": tid,
                "display_name": f"T{t}",
                "active": rng.random() > 0.05,
                "created_at": NOW - dt.timedelta(days=200),
                "last_digest_at": slot - dt.timedelta(days=7) if rng.random() > 0.1 else None,
            },
        )
        for i in range(start, start + size):
            therapist_of[i] = tid
        start += size
    await rows.flush()
    test_id = 0
    for i in range(patients):
        uid = FIRST_USER_ID + i
        zone = ZONES[i % len(ZONES)]
        local = NOW.astimezone(ZoneInfo(zone))
        gone = rng.random() < 0.003  # long inactive: retention erases them
        await rows.add(models.User, _patient_row(rng, uid, zone, therapist_of.get(i), gone))
        await rows.add(models.Schedule, _schedule_row(rng, uid))
        r = rng.random()
        level, chance = next((name, p) for name, share, p in _cumulative(_ADHERENCE) if r < share)
        today = local.date()
        for k in range(7 * WEEKS):
            if rng.random() < chance:
                day = today - dt.timedelta(days=k)
                started = NOW - dt.timedelta(days=k, hours=2)
                await rows.add(models.DrillSession, _drill_row(uid, day, started))
        flat = rng.random() < 0.3
        for k, alone in _tests(rng, level, flat):
            test_id += 1
            # A twenty-fourth of today's tests were completed within the hour (about five
            # times a live deployment's rate): the no-improvement run judges them at once.
            ago = 1 / 3 if k == 0 and test_id % 24 == 0 else 3
            when = NOW - dt.timedelta(days=k, hours=ago)
            await rows.add(
                models.SelfTest,
                {
                    "id": test_id,
                    "user_id": uid,
                    "status": "completed",
                    "seq": 10,
                    "started_at": when,
                    "completed_at": when,
                },
            )
            n = 0
            for foot in FEET:
                for toe in TOES:
                    await rows.add(
                        models.SelfTestAnswer,
                        {
                            "test_id": test_id,
                            "foot": foot,
                            "toe": toe,
                            "answer": "alone" if n < alone else "follow",
                            "answered_at": when,
                        },
                    )
                    n += 1
        for escalation in _escalations(rng, uid, level, flat):
            await rows.add(models.Escalation, escalation)
    await rows.flush()
    # Housekeeping's work: old delivery records and failed invite attempts.
    for n in range(min(2_000, patients)):
        await rows.add(
            models.Delivery,
            {
                "kind": "digest",
                "key": f"old:{n}",
                "chat_id": FIRST_USER_ID + n,
                "status": "sent",
                "attempts": 1,
                "parts_sent": 1,
                "created_at": NOW - dt.timedelta(days=90),
            },
        )
        if n % 4 == 0:
            await rows.add(
                models.InviteAttempt,
                {"user_id": FIRST_USER_ID + n, "at": NOW - dt.timedelta(days=3)},
            )
    # The rule judged its slots an hour ago, as it does every hour of a live deployment.
    await rows.add(
        models.JobRun, {"name": rules.JUDGED, "last_run_at": NOW - dt.timedelta(hours=1)}
    )
    await rows.flush()
    return rows.counts


def _cumulative(
    levels: tuple[tuple[str, float, float], ...],
) -> Iterator[tuple[str, float, float]]:
    total = 0.0
    for name, share, chance in levels:
        total += share
        yield name, total, chance


def _patient_row(
    rng: random.Random, uid: int, zone: str, therapist: int | None, gone: bool
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "timezone": zone,
        "therapist_id": therapist,
        "display_name": f"Person {uid}",
        "last_seen_at": NOW - dt.timedelta(days=rng.randint(0, 30)),
    }
    r = rng.random()
    if r < 0.02:
        values["active"] = False  # blocked the bot
    elif r < 0.03:
        values["consent"] = "refused"
    elif r < 0.04:
        values["onboarding_step"] = "reminder_time"
    if rng.random() < 0.1:
        values["selftest_prompted_at"] = NOW - dt.timedelta(days=2)
    if gone:
        old = NOW - dt.timedelta(days=RETENTION_DAYS + 40)
        values.update(created_at=old, updated_at=old, last_seen_at=old, consent_at=old)
    return _user(uid, **values)


def _schedule_row(rng: random.Random, uid: int) -> dict[str, Any]:
    # First reminder between 06:00 and 21:00 local, the second eleven hours later if any.
    first = rng.randint(6, 21)
    times = f"{first:02d}:{rng.choice((0, 15, 30, 45)):02d}"
    if first + 11 < 24 and rng.random() < 0.5:
        times += f",{first + 11:02d}:30"
    r = rng.random()
    return {
        "user_id": uid,
        "times": times,
        "weekdays": 0b1111111,
        "next_due_at": NOW + dt.timedelta(hours=rng.randint(1, 23)),
        "paused": r < 0.03,
        "stopped": 0.03 <= r < 0.04,
        "created_at": NOW - dt.timedelta(days=70),
        "updated_at": NOW - dt.timedelta(days=1),
    }


def _drill_row(uid: int, day: dt.date, started: dt.datetime) -> dict[str, Any]:
    return {
        "user_id": uid,
        "programme_id": "default",
        "local_day": day,
        "exercises": "toe-threading,towel-scrunches",
        "exercise_index": 2,
        "step_index": 0,
        "seq": 12,
        "status": "finished",
        "end_reason": None,
        "chat_id": uid,
        "started_at": started,
        "ended_at": started + dt.timedelta(minutes=12),
    }


def _tests(rng: random.Random, level: str, flat: bool) -> list[tuple[int, int]]:
    """(days ago, toes lifting alone) of each completed test of one patient."""
    if level == "consistent":
        # Weekly; a flat 4 for some (the rule fires for them), improving for the others.
        return [(k, 4 if flat else 3 + (WEEKS * 7 - k) // 14) for k in range(0, 7 * WEEKS + 1, 7)]
    if level == "partial":
        return [(7 * WEEKS, 3), (14, 4)]
    return [(7 * WEEKS, 3)] if rng.random() < 0.5 else []


def _escalations(rng: random.Random, uid: int, level: str, flat: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if level == "consistent" and flat and rng.random() < 0.2:
        # Advised three weeks ago: the rule must not fire again in this window.
        out.append(
            _escalation(
                uid,
                source="no_improvement",
                created_at=NOW - dt.timedelta(days=21),
                in_digest_at=NOW - dt.timedelta(days=14),
            )
        )
    r = rng.random()
    if r < 0.03:  # this week's routine warnings and pain stops: digest items
        source, lvl = ("drill_pain", "stop") if r < 0.01 else ("free_text", "routine")
        out.append(_escalation(uid, source=source, level=lvl))
    elif r < 0.033:  # urgent advice delivered, not confirmed: a reminder is due
        out.append(
            _escalation(
                uid,
                level="urgent",
                flags="infection_local",
                pauses_prompts=True,
                created_at=NOW - dt.timedelta(hours=3),
                delivered_at=NOW - dt.timedelta(hours=3),
                therapist_alerted_at=NOW - dt.timedelta(hours=3),
            )
        )
    elif r < 0.0335:  # urgent advice whose delivery failed: the outbox retries it
        out.append(
            _escalation(
                uid,
                level="urgent",
                flags="infection_local",
                pauses_prompts=True,
                created_at=NOW - dt.timedelta(minutes=20),
                delivered_at=None,
                delivery_attempts=1,
                therapist_alerted_at=NOW - dt.timedelta(minutes=20),
            )
        )
    elif r < 0.034:  # emergency advice delivered, its alert not sent yet
        out.append(
            _escalation(
                uid,
                level="emergency",
                flags="ischaemia",
                pauses_prompts=True,
                created_at=NOW - dt.timedelta(minutes=5),
                delivered_at=NOW - dt.timedelta(minutes=5),
            )
        )
    return out


# --- timing -----------------------------------------------------------------------------------


def _jobs() -> list[tuple[str, Job]]:
    """The periodic jobs, each as the worker runs it (turn claims included)."""

    async def digest(d: Deps) -> int:
        return (
            await jobs.send_digests(d) if await jobs.my_turn(d, jobs.DIGEST_JOB, jobs.HOURLY) else 0
        )

    async def selftest(d: Deps) -> int:
        if not await jobs.my_turn(d, jobs.SELFTEST_JOB, jobs.HOURLY):
            return 0
        return await jobs.prompt_selftests(d)

    async def housekeeping(d: Deps) -> None:
        if await jobs.my_turn(d, jobs.HOUSEKEEPING_JOB, jobs.HOURLY):
            await jobs.housekeeping(d)

    return [
        ("no_improvement", escalation_jobs.advise_no_improvement),
        ("digest", digest),
        ("selftest_prompt", selftest),
        ("escalation_outbox", escalation_jobs.deliver_all),
        ("escalation_reminders", escalation_jobs.remind_all),
        ("housekeeping", housekeeping),
        ("retention", jobs.run_retention),
    ]


class _Statements:
    """Counts the SQL statements the engine sends (an executemany counts once)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any, **_kw: Any) -> None:
        # SQLite's BEGIN IMMEDIATE (bot.db.engine) opens a transaction; PostgreSQL's BEGIN is
        # not a cursor statement. Counted alike: statements inside transactions only.
        if statement != "BEGIN IMMEDIATE":
            self.count += 1


async def time_jobs(engine: AsyncEngine, url: str) -> dict[str, Any]:
    """Run each job once; seconds, statements and notices per job."""
    settings = Settings(
        database_url=url,
        background_jobs=False,
        retention_days=RETENTION_DAYS,
        admin_ids=frozenset({42}),
    )
    notifier = RecordingNotifier()
    d = Deps(
        settings=settings,
        content=load_content(settings.content_dir),
        engine=engine,
        sessions=session_factory(engine),
        clock=lambda: NOW,
        notifier=notifier,
    )
    statements = _Statements(engine)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    counts: dict[str, int] = {}
    sent: dict[str, int] = {}
    for name, job in _jobs():
        before_stmts, before_sent = statements.count, len(notifier.sent)
        started, started_cpu = time.perf_counter(), time.process_time()
        await job(d)
        seconds[name] = round(time.perf_counter() - started, 3)
        # This process's CPU (SQLite's thread included, PostgreSQL's server not): on a busy
        # machine the wall-clock seconds also count the time other processes had the CPU.
        cpu[name] = round(time.process_time() - started_cpu, 3)
        counts[name] = statements.count - before_stmts
        sent[name] = len(notifier.sent) - before_sent
    return {
        "jobs": seconds,
        "cpu": cpu,
        "statements": counts,
        "sent": sent,
        "every_slot": await _every_slot(d, statements, notifier),
    }


async def _every_slot(
    d: Deps, statements: _Statements, notifier: RecordingNotifier
) -> dict[str, Any]:
    """The no-improvement rule judging every patient at once, as a first run does (or one
    after a day without runs): timed last, apart from the hourly jobs, which it must not
    change. Not one of `jobs`: no hourly run judges more than its slots and its changes."""
    async with d.transaction() as session:
        await session.execute(delete(models.JobRun).where(col(models.JobRun.name) == rules.JUDGED))
    before_stmts, before_sent = statements.count, len(notifier.sent)
    started, started_cpu = time.perf_counter(), time.process_time()
    await escalation_jobs.advise_no_improvement_now(d)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "cpu": round(time.process_time() - started_cpu, 3),
        "statements": statements.count - before_stmts,
        "sent": len(notifier.sent) - before_sent,
    }


def _report(result: dict[str, Any]) -> None:
    out = sys.stderr
    out.write(f"{'job':<22}{'seconds':>10}{'cpu s':>10}{'statements':>12}{'notices':>10}\n")
    for name, seconds in result["jobs"].items():
        out.write(
            f"{name:<22}{seconds:>10.3f}{result['cpu'][name]:>10.3f}"
            f"{result['statements'][name]:>12}{result['sent'][name]:>10}\n"
        )
    once = result["every_slot"]
    out.write(
        f"{'(every slot at once)':<22}{once['seconds']:>10.3f}{once['cpu']:>10.3f}"
        f"{once['statements']:>12}{once['sent']:>10}\n"
    )
    out.write(
        f"{result['patients']} patients on {result['backend']}, seeded in {result['seed_s']} s; "
        f"slowest job {result['max_s']} s\n"
    )
    out.flush()


async def bench_jobs(*, patients: int, database_url: str | None) -> dict[str, Any]:
    """Seed, time every periodic job once, and return the result line (module docstring)."""
    if patients < 1:
        raise ValueError("patients must be at least 1")
    with contextlib.ExitStack() as stack:
        if database_url is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="toebot-bench-"))
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
        else:
            url = normalise_database_url(database_url)
        await fresh_database(url)
        engine = create_engine(url)
        try:
            started = time.perf_counter()
            rows = await seed_jobs(engine, patients=patients)
            seed_s = round(time.perf_counter() - started, 1)
            if not is_sqlite(url):
                async with engine.begin() as conn:
                    await conn.exec_driver_sql("ANALYZE")
            timed = await time_jobs(engine, url)
        finally:
            await engine.dispose()
    result: dict[str, Any] = {
        "patients": patients,
        "backend": "sqlite" if is_sqlite(url) else "postgresql",
        "seed_s": seed_s,
        "rows": rows,
        **timed,
        "max_s": max(timed["jobs"].values()),
    }
    _report(result)
    return result


# --- command line -----------------------------------------------------------------------------


def add_parsers(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `jobs` action of `toebot bench`."""
    jobs_action = actions.add_parser(
        "jobs", help="seed N patients and time every periodic job once (SQL statements counted)"
    )
    jobs_action.add_argument("--patients", type=int, required=True, help="patients to seed")
    jobs_action.add_argument(
        "--database-url",
        default=None,
        help="a database to wipe and use (default: a temporary SQLite file)",
    )
    jobs_action.set_defaults(func=_cmd_jobs)


def _cmd_jobs(args: argparse.Namespace) -> int:
    if args.patients < 1:
        raise SystemExit("--patients must be at least 1")
    result = asyncio.run(bench_jobs(patients=args.patients, database_url=args.database_url))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0
