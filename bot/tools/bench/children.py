"""The benchmark's child processes (the sandbox Bot API and the dispatchers): started with
this checkout importable, spoken to in JSON lines, stopped by closing their stdin."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

# Not a secret: the sandbox accepts whatever token it is started with.
BENCH_TOKEN = "123456:BENCH-sandbox-token-000000000"  # noqa: S105
# Put first on the children's PYTHONPATH: the checkout's root (bot/tools/bench/ is three
# levels below it), so a child runs this tree's `bot` even where the package is not installed.
_ROOT = str(Path(__file__).resolve().parents[3])


def log(message: str) -> None:
    """A progress line on stderr (stdout carries only the result)."""
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


async def spawn(args: list[str]) -> asyncio.subprocess.Process:
    """Start ``python <args>`` with pipes for stdin and stdout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = _ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=env,
    )


async def read_json_line(proc: asyncio.subprocess.Process, what: str) -> dict[str, Any]:
    """The next line `proc` writes, a JSON object; an error naming `what` if it exits first."""
    assert proc.stdout is not None
    line = await proc.stdout.readline()
    if not line:
        code = await proc.wait()
        raise RuntimeError(f"{what} exited (code {code}) before answering")
    data = json.loads(line)
    if not isinstance(data, dict):
        raise RuntimeError(f"{what} answered {data!r}")
    return data


async def stop(proc: asyncio.subprocess.Process) -> None:
    """Close its stdin (the children exit on EOF); kill it after 10 s."""
    if proc.stdin is not None and not proc.stdin.is_closing():
        proc.stdin.close()
    try:
        await asyncio.wait_for(proc.wait(), 10)
    except TimeoutError:
        proc.kill()
        await proc.wait()
