"""The send-rate limiter on virtual time: overall rate, per-chat interval, no limit.

`VirtualTime` stands in for `time.monotonic` and `asyncio.sleep`: sleepers wait in a heap and
time jumps to the earliest wake-up once every task has run as far as it can, so a minute of
rate limiting takes milliseconds and the measured rates are exact.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable

import pytest

from bot.delivery.ratelimit import RateLimiter


class VirtualTime:
    """A monotonic clock and a sleep that only move when every task is waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps = 0
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps += 1
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (self.now + max(delay, 0.0), next(self._seq), future))
        await future

    async def run(self, *coros: Awaitable[object]) -> None:
        """Run `coros` to completion, advancing virtual time whenever all of them wait."""
        tasks = [asyncio.ensure_future(c) for c in coros]
        while not all(t.done() for t in tasks):
            for _ in range(20):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if self._heap:
                wake, _, future = heapq.heappop(self._heap)
                self.now = max(self.now, wake)
                future.set_result(None)
        for task in tasks:
            task.result()


def limiter(vt: VirtualTime, rate: float | None, **kwargs: float) -> RateLimiter:
    return RateLimiter(rate, monotonic=vt.monotonic, sleep=vt.sleep, **kwargs)  # type: ignore[arg-type]


async def send_times(vt: VirtualTime, rl: RateLimiter, chats: list[int]) -> list[float]:
    """Acquire once per entry of `chats`, all concurrently; return the send instants."""
    times: list[float] = []

    async def one(chat: int) -> None:
        await rl.acquire(chat)
        times.append(vt.now)

    await vt.run(*(one(c) for c in chats))
    return sorted(times)


async def test_thirty_per_second_is_achieved_and_not_exceeded() -> None:
    vt = VirtualTime()
    rl = limiter(vt, 30.0, burst=3)
    times = await send_times(vt, rl, list(range(1, 301)))
    achieved = len(times) / times[-1]
    assert achieved == pytest.approx(30, rel=0.05)
    # No one-second window holds more than the rate plus the small burst.
    for i, start in enumerate(times):
        in_window = sum(1 for t in times[i:] if t < start + 1.0)
        assert in_window <= 30 + 2


async def test_sustained_rate_over_a_minute() -> None:
    vt = VirtualTime()
    rl = limiter(vt, 30.0, burst=1)
    times = await send_times(vt, rl, list(range(1, 1801)))
    assert times[-1] == pytest.approx(1799 / 30)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) == pytest.approx(1 / 30)


async def test_one_per_second_per_chat() -> None:
    vt = VirtualTime()
    rl = limiter(vt, None)
    times = await send_times(vt, rl, [7] * 5)
    assert times == pytest.approx([0.0, 1.0, 2.0, 3.0, 4.0])


async def test_waiting_chat_does_not_hold_up_the_others() -> None:
    vt = VirtualTime()
    rl = limiter(vt, 10.0, burst=1)
    sent: dict[str, float] = {}

    async def send(label: str, chat: int) -> None:
        await rl.acquire(chat)
        sent[label] = vt.now

    await vt.run(send("a1", 1), send("a2", 1), send("b", 2), send("c", 3))
    assert sent["a1"] == pytest.approx(0.0)
    # b and c take the next global slots while chat 1 waits out its second.
    assert sorted([sent["b"], sent["c"]]) == pytest.approx([0.1, 0.2])
    assert sent["a2"] == pytest.approx(1.0)


async def test_per_chat_interval_and_global_rate_together() -> None:
    vt = VirtualTime()
    rl = limiter(vt, 2.0, burst=1)
    times = await send_times(vt, rl, [1, 1, 1])
    assert times == pytest.approx([0.0, 1.0, 2.0])


async def test_no_limit_never_sleeps() -> None:
    vt = VirtualTime()
    rl = limiter(vt, None)
    times = await send_times(vt, rl, list(range(1, 10_001)))
    assert vt.sleeps == 0
    assert times[-1] == 0.0


async def test_per_chat_table_stays_small() -> None:
    vt = VirtualTime()
    rl = limiter(vt, None)
    for chat in range(1, 50_001):
        await rl.acquire(chat)
        vt.now += 0.001  # 1,000 chats a second
    # Only chats messaged within the last second (plus the pruning slack) are remembered.
    assert rl.tracked_chats <= 2 * 4096


async def test_zero_interval_disables_the_per_chat_limit() -> None:
    vt = VirtualTime()
    rl = limiter(vt, None, per_chat_interval=0.0)
    await send_times(vt, rl, [5] * 100)
    assert vt.sleeps == 0 and rl.tracked_chats == 0


@pytest.mark.parametrize(
    "kwargs",
    [{"rate": 0.0}, {"rate": -1.0}, {"rate": 30.0, "burst": 0}, {"per_chat_interval": -1.0}],
)
def test_invalid_settings_are_refused(kwargs: dict[str, float]) -> None:
    rate = kwargs.pop("rate", 30.0)
    with pytest.raises(ValueError):
        RateLimiter(rate, **kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------ the priority lane


async def test_priority_sends_go_ahead_of_queued_bulk_and_the_rate_still_holds() -> None:
    vt = VirtualTime()
    rl = limiter(vt, 10.0, burst=1)
    sent: list[tuple[str, float]] = []

    async def bulk(chat: int) -> None:
        await rl.acquire(chat)
        sent.append(("bulk", vt.now))

    async def reply(chat: int, at: float) -> None:
        await vt.sleep(at)
        await rl.acquire(chat, priority=True)
        sent.append(("reply", vt.now))

    await vt.run(*(bulk(c) for c in range(1, 31)), reply(101, 0.55), reply(102, 1.25))

    replies = [t for kind, t in sent if kind == "reply"]
    # Each reply takes the next free slot, not the end of the 30 queued bulk sends.
    assert replies == pytest.approx([0.6, 1.3])
    times = sorted(t for _, t in sent)
    assert len(times) == 32
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) == pytest.approx(0.1)  # 10/s overall, never more


async def test_a_priority_send_skips_the_chat_interval_but_counts_in_it() -> None:
    vt = VirtualTime()
    rl = limiter(vt, None)
    sent: dict[str, float] = {}

    async def send(label: str, chat: int, *, priority: bool, at: float) -> None:
        await vt.sleep(at)
        await rl.acquire(chat, priority=priority)
        sent[label] = vt.now

    await vt.run(
        send("prompt", 7, priority=False, at=0.0),
        send("reply", 7, priority=True, at=0.2),
        send("edit", 7, priority=True, at=0.3),
        send("notice", 7, priority=False, at=0.4),
    )
    # The person gets the reply and its edit at once; the next bulk send to them waits a
    # second after the last message they got.
    assert sent["reply"] == pytest.approx(0.2) and sent["edit"] == pytest.approx(0.3)
    assert sent["notice"] == pytest.approx(1.3)


async def test_a_call_without_a_chat_takes_a_global_slot_only() -> None:
    vt = VirtualTime()
    rl = limiter(vt, 10.0, burst=1)
    times = await send_times(vt, rl, [])
    assert times == []

    async def answer() -> None:
        await rl.acquire(None, priority=True)

    await vt.run(*(answer() for _ in range(5)))
    assert vt.now == pytest.approx(0.4) and rl.tracked_chats == 0
