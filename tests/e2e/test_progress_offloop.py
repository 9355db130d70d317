"""/progress draws its chart off the event loop: while the (slowed) chart is drawn, the loop
that runs every other update, the dispatcher and the jobs keeps turning (issue 14: it
stalled everything for about 110 ms a request). Nothing sleeps: the chart waits until the
loop itself releases it, which a blocked loop cannot do."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from bot.render import charts
from tests.e2e.content import t
from tests.e2e.harness import BotHarness, onboard

PAT = 7_300_000_141
CANNOT = t("selftest.buttons.cannot")
# Only bounds a wait that ends within milliseconds when all is well (a blocked loop fails
# instead of hanging).
_BLOCKED_AFTER_S = 10


async def test_progress_chart_is_drawn_while_the_loop_runs(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/selftest")
    for _ in range(10):
        await harness.press(PAT, CANNOT)
    loop, entered, released = asyncio.get_running_loop(), asyncio.Event(), threading.Event()
    real = charts.progress_chart

    def slowed(*args: Any, **kwargs: Any) -> charts.Picture:
        loop.call_soon_threadsafe(entered.set)
        if not released.wait(_BLOCKED_AFTER_S):
            raise AssertionError("the event loop was blocked while the chart was drawn")
        return real(*args, **kwargs)

    async def probe() -> int:
        await entered.wait()
        turns = 0
        for _ in range(5):
            await asyncio.sleep(0)
            turns += 1
        released.set()
        return turns

    monkeypatch.setattr(charts, "progress_chart", slowed)
    probing = asyncio.create_task(probe())
    out = await harness.send(PAT, "/progress")
    assert await probing == 5
    assert out[-1].kind == "photo"
