"""Pictures are drawn off the event loop (`handlers._pictures.draw`): while a slowed
renderer runs, the loop keeps turning, and renders never overlap (matplotlib is not
thread-safe). No real time is slept: the renderer waits for the loop itself to release it,
which only a loop that is not blocked can do."""

from __future__ import annotations

import asyncio
import threading

from handlers._pictures import draw

# A generous bound for a wait that, when all is well, ends within milliseconds; it only
# turns a blocked loop into a failure instead of a hang.
_BLOCKED_AFTER_S = 10


async def _released_by_loop(entered: asyncio.Event, released: threading.Event) -> int:
    """Wait (on the loop) until the render has begun, turn the loop a few times, release it."""
    await entered.wait()
    turns = 0
    for _ in range(5):
        await asyncio.sleep(0)
        turns += 1
    released.set()
    return turns


async def test_the_loop_runs_while_a_picture_is_drawn() -> None:
    loop, entered, released = asyncio.get_running_loop(), asyncio.Event(), threading.Event()

    def slowed(value: int, *, times: int) -> int:
        loop.call_soon_threadsafe(entered.set)
        # Drawn on the loop, this would wait for a loop that cannot run.
        assert released.wait(_BLOCKED_AFTER_S), "the event loop was blocked while drawing"
        return value * times

    probe = asyncio.create_task(_released_by_loop(entered, released))
    assert await draw(slowed, 21, times=2) == 42
    assert await probe == 5


async def test_pictures_are_drawn_one_at_a_time() -> None:
    running, most = 0, 0
    lock = threading.Lock()
    gate = threading.Event()

    def render(index: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        gate.wait(_BLOCKED_AFTER_S)
        with lock:
            running -= 1
        return index

    tasks = [asyncio.create_task(draw(render, i)) for i in range(3)]
    await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(*tasks) == [0, 1, 2]
    assert most == 1
