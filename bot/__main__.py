"""The `toebot` command line (also `python -m bot`): run, sandbox, migrate, triage, bench.

Start-up errors (a bad setting, a bad content file, an unreachable or locked database, a
failed migration, Telegram refusing the token) end with one clear line on stderr and exit
code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import TelegramError

from bot.config import ConfigError, Settings, load_settings
from bot.content import ContentError, load_content
from bot.db.engine import MigrationError
from bot.logs import REDACTED, setup_logging


def _settings(*, chat: bool = False) -> Settings:
    settings = load_settings()
    # In the terminal chat, log lines would interleave with the conversation: only warnings,
    # unless LOG_LEVEL asks for more.
    level = "WARNING" if chat and "LOG_LEVEL" not in os.environ else settings.log_level
    setup_logging(level, secret=settings.token)
    # Content errors should stop start-up before we touch Telegram or the database.
    load_content(settings.content_dir)
    return settings


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(chat=load_settings().token is None)
    if settings.token is None:
        print(
            "No TELEGRAM_BOT_TOKEN set: starting the terminal sandbox. "
            "To connect a real bot, set TELEGRAM_BOT_TOKEN to the token from @BotFather.",
            flush=True,
        )
        return _cmd_sandbox(argparse.Namespace())
    from bot.app import Role
    from bot.runner import serve

    asyncio.run(serve(settings, Role(args.role)))
    return 0


def _cmd_sandbox(_: argparse.Namespace) -> int:
    settings = _settings(chat=True)
    from bot.sandbox.terminal import run_terminal

    return asyncio.run(run_terminal(settings))


def _cmd_migrate(_: argparse.Namespace) -> int:
    settings = _settings()
    from bot.runner import migrate_database

    asyncio.run(migrate_database(settings))
    print("database is up to date")
    return 0


def _cmd_triage(args: argparse.Namespace) -> int:
    # Pure and offline: needs no settings, token or database.
    from bot.tools.triage_eval import main_triage

    return main_triage(args.file, sys.stdout)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toebot", description="Toe-mobility coach for Telegram.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (the terminal sandbox if no token is set)")
    run.add_argument(
        "--role",
        choices=("all", "web", "worker"),
        default="all",
        help="all: one process does everything (default); web: receive and handle updates; "
        "worker: send reminders and run the periodic jobs",
    )
    run.set_defaults(func=_cmd_run)
    sub.add_parser("sandbox", help="chat with the bot in this terminal, offline").set_defaults(
        func=_cmd_sandbox
    )
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=_cmd_migrate)
    triage = sub.add_parser("triage", help="assess the messages of a JSONL file for red flags")
    triage.add_argument("file", help='JSON lines {"id", "text", "diabetes", "accept"?}')
    triage.set_defaults(func=_cmd_triage)
    from bot.tools.bench import add_bench_parser

    add_bench_parser(sub)
    return parser


def _one_line(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if len(token) > 8:
        first = first.replace(token, REDACTED)
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ConfigError, ContentError) as exc:
        print(f"toebot: {exc}", file=sys.stderr)
        return 2
    except MigrationError as exc:
        print(f"toebot: {exc}", file=sys.stderr)
        return 2
    except (OSError, SQLAlchemyError, TelegramError) as exc:
        # The database or Telegram could not be reached at start-up. SQLAlchemy's message
        # goes on with the SQL and its parameters: only the first line is shown.
        print(f"toebot: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
