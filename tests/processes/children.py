"""Starting, watching and stopping the bot as real child processes for the process tests.

Each child is `python -m bot run --role ...` (or `tests.processes.launch` for workers whose
jobs must run within the test), with this checkout first on PYTHONPATH, the environment of
the outer shell minus every TOEBOT_* and TELEGRAM_* variable (so a developer's own bot
token or database never leaks into a test), the settings a test gives, and its working
directory in the test's tmp_path (so a `.env` in the checkout is not read). Its output goes
to a log file, shown when a wait fails. Waiting on another process cannot be exact, so the
waits here poll a condition every few milliseconds up to a bound; none sleeps for a fixed
time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

from bot.sandbox.server import SandboxBotApi
from bot.web.server import SECRET_HEADER

ROOT = Path(__file__).resolve().parents[2]
WEBHOOK_URL = "https://bot.example.invalid/hook"
WEBHOOK_PATH = "/hook"
SECRET = "process-test-secret-" + "x" * 20
# A poll interval short against the handling times measured (tens of ms), long enough not
# to load the two cores the children share.
POLL_S = 0.05


def free_port() -> int:
    """A TCP port free on loopback now (the child binds it a moment later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env(settings: dict[str, str]) -> dict[str, str]:
    """The outer environment without TOEBOT_*/TELEGRAM_*, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOEBOT_", "TELEGRAM_"))}
    # The children's own settings are only what the test gives.
    for name in ("WEBHOOK_URL", "WEBHOOK_SECRET", "DATABASE_URL", "PORT", "LISTEN_HOST"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


async def eventually(
    check: Callable[[], Awaitable[bool]],
    *,
    timeout: float,  # noqa: ASYNC109 (a bound on polling another process, not a cancel scope)
    what: str,
    on_fail: Callable[[], str] = str,
) -> None:
    """Until `check()` is true, polling every POLL_S; AssertionError naming `what` after
    `timeout` s (a bounded wait on another process, not a sleep standing for one), with
    what `on_fail()` tells (read then: the children's logs as they are at the failure)."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{on_fail()}")
        await asyncio.sleep(POLL_S)


class BotProcess:
    """One child bot process."""

    def __init__(self, name: str, args: list[str], settings: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.args = args
        self.settings = settings
        self.workdir = workdir
        self.log_path = workdir / f"{name}.log"
        self.proc: asyncio.subprocess.Process | None = None
        port = settings.get("PORT")
        self.url = f"http://127.0.0.1:{port}" if port else None

    async def start(self) -> None:
        """Spawn it (output to its log file)."""
        with self.log_path.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                *self.args,
                cwd=self.workdir,
                env=child_env(self.settings),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    def log_tail(self, lines: int = 40) -> str:
        """The end of its output, for a failure message (the token is redacted by the bot's
        own logging, and the sandbox's token is not a real one)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return f"[{self.name}: no log]"
        return f"--- {self.name} (pid {self.proc.pid if self.proc else '-'}) ---\n" + "\n".join(
            text.splitlines()[-lines:]
        )

    async def ready(self, timeout: float = 60.0) -> None:  # noqa: ASYNC109 (as `eventually`)
        """Until GET /readyz answers 200; fails at once if the process exits."""
        assert self.url is not None
        url = self.url + "/readyz"

        async def check() -> bool:
            if not self.running:
                raise AssertionError(f"{self.name} exited early\n{self.log_tail()}")
            try:
                async with (
                    aiohttp.ClientSession() as http,
                    http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as r,
                ):
                    return r.status == 200
            except (aiohttp.ClientError, TimeoutError):
                return False

        await eventually(check, timeout=timeout, what=f"{self.name} /readyz")

    async def post(self, http: aiohttp.ClientSession, update: dict[str, object]) -> int:
        """POST one update to its webhook with the secret, as Telegram would; the status."""
        assert self.url is not None
        async with http.post(
            self.url + WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}
        ) as response:
            return response.status

    def kill(self) -> None:
        """kill -9: no signal handler, no clean-up, leases and all left as they are."""
        if self.running:
            os.kill(self.pid, signal.SIGKILL)

    async def terminate(self, timeout: float = 15.0) -> int | None:  # noqa: ASYNC109
        """SIGTERM, then its exit code, or None if it did not exit within `timeout` s (it is
        then killed, so no test leaves an orphan)."""
        if self.proc is None:
            return None
        if self.proc.returncode is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.kill()
            await self.proc.wait()
            return None

    async def reap(self) -> None:
        """Kill it if it still runs and wait for it (for a `finally`)."""
        if self.proc is None:
            return
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        await self.proc.wait()


def bot_args(role: str, *, jobs_soon: bool = False) -> list[str]:
    """The command line: the real one, or the launcher that brings the jobs forward."""
    module = "tests.processes.launch" if jobs_soon else "bot"
    return ["-m", module, "run", "--role", role]


def base_settings(api_url: str, token: str, database_url: str) -> dict[str, str]:
    """What every child needs: the sandbox, the database, a short dispatch tick."""
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_URL": api_url,
        "DATABASE_URL": database_url,
        "DISPATCH_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "INFO",
    }


def web_settings(port: int) -> dict[str, str]:
    """Webhook mode on loopback `port`."""
    return {
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_SECRET": SECRET,
        "PORT": str(port),
        "LISTEN_HOST": "127.0.0.1",
    }


def tails(processes: list[BotProcess]) -> str:
    """Every process's log tail, for a failure message."""
    return "\n".join(p.log_tail() for p in processes)


async def holds(value: bool) -> bool:
    """`value` as a check for `eventually` (for conditions read without awaiting)."""
    return value


def nothing_on_the_wire(sandbox: SandboxBotApi) -> bool:
    """No Bot API request is being answered (long polls aside). The sandbox keeps this count
    for its own idle wait but does not signal its changes, hence the polled private read."""
    return int(sandbox._in_flight) == 0
