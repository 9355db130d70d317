"""Pictures are drawn off the event loop: a chart takes about 0.1-0.2 s of CPU (0.66 s with
matplotlib's first import), and drawn on the loop it would stall every other update, the
dispatcher and the jobs for that long.

One worker thread draws them all, one at a time: matplotlib is not thread-safe (its font
cache and FreeType objects are shared between figures), so two charts never draw at once,
while the loop goes on with everything else. The thread holds the GIL while it draws
Python code, but the interpreter hands the loop a turn every few milliseconds
(`sys.getswitchinterval`), which is what keeps other chats answered.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

# Created on first use, so importing the handlers starts no thread (tests, the CLI).
_executor: concurrent.futures.ThreadPoolExecutor | None = None


def _worker() -> concurrent.futures.ThreadPoolExecutor:
    global _executor  # noqa: PLW0603 (one drawing thread per process, made on first use)
    if _executor is None:
        _executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="toebot-pictures"
        )
    return _executor


async def draw(render: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """`render(*args, **kwargs)` in the drawing thread; the loop runs on meanwhile."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_worker(), lambda: render(*args, **kwargs))
