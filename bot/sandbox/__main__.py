"""Serve the sandbox Bot API in its own process: ``python -m bot.sandbox [options]``.

Benchmarks run the server in a separate process so that it gets its own core and its work
does not count against the dispatcher being measured. The process prints ONE JSON line on
stdout once it listens (``{"base_url": ..., "control_url": ..., "port": ...}``) and serves
until SIGTERM/SIGINT, or until its stdin closes when ``--exit-on-eof`` is given (so it can
never outlive the parent that started it).

``--chats FIRST:COUNT`` opens the private chats of users FIRST .. FIRST+COUNT-1 before the
server starts: the sandbox, like Telegram, refuses to message a chat that never wrote to the
bot, and doing this in-process costs microseconds per chat instead of one HTTP request each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
import threading
from collections.abc import Sequence

from bot.sandbox.server import SandboxBotApi

# Not a secret: the sandbox accepts whatever token it is started with.
DEFAULT_TOKEN = "123456:BENCH-sandbox-token-000000000"  # noqa: S105


def _chat_range(raw: str) -> range:
    first, sep, count = raw.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError("use FIRST:COUNT, e.g. 1000000:5000")
    try:
        start, n = int(first), int(count)
    except ValueError:
        raise argparse.ArgumentTypeError("FIRST and COUNT must be integers") from None
    if start <= 0 or n < 0:
        raise argparse.ArgumentTypeError("FIRST must be positive and COUNT not negative")
    return range(start, start + n)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.sandbox", description="Serve the sandbox Bot API on loopback."
    )
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="bot token the server accepts")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--chats", type=_chat_range, default=range(0), metavar="FIRST:COUNT")
    parser.add_argument(
        "--history", action="store_true", help="record every message (tests), not only counters"
    )
    parser.add_argument(
        "--exit-on-eof", action="store_true", help="stop when stdin closes (parent gone)"
    )
    return parser


def open_chats(api: SandboxBotApi, chats: range) -> None:
    """Make each user in `chats` a chat the bot may message, without queueing any update."""
    for user_id in chats:
        # The private helper is used on purpose: the public way (send_text) would queue one
        # update per user, i.e. hundreds of MB for a 100,000-user benchmark.
        api.open_chat(user_id)


async def _serve(args: argparse.Namespace) -> None:
    api = SandboxBotApi(args.token, record_history=args.history)
    open_chats(api, args.chats)
    await api.start(args.host, args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.exit_on_eof:
        # A daemon thread blocks on stdin (a daemon, so it never holds up the exit); EOF means
        # the parent is gone or done with us.
        def watch_stdin() -> None:
            sys.stdin.read()
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=watch_stdin, name="stdin-eof", daemon=True).start()
    # The one line the parent process reads to find us.
    sys.stdout.write(
        json.dumps({"base_url": api.base_url, "control_url": api.control_url, "port": api.port})
        + "\n"
    )
    sys.stdout.flush()
    try:
        await stop.wait()
    finally:
        await api.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bot.sandbox``."""
    args = _parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
