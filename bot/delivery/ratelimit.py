"""Send-rate limiting for the process: an overall rate plus a minimum interval per chat, with
a priority lane for handler replies.

Telegram allows a bot about 30 messages per second overall and about one per second into the
same chat; above that it answers 429. One limiter per process keeps every sender under both
(the dispatcher, the notifier and, through `bot.delivery.replies.RetryingBot`, the handlers'
replies), so 429s stay the exception.

The overall limit is a token bucket written as GCRA ("virtual scheduling"): a send takes the
next free slot of one shared schedule, so the rate is exact whatever the mix of callers.

- **Priority lane** (``acquire(chat, priority=True)``, handler replies): reserves the next
  slot at once and sleeps until it, ahead of every bulk caller still waiting. It does not
  wait for the per-chat interval (a person who just wrote expects the answer and its edit
  now), but it counts in it, so bulk sends to that chat keep their distance.
- **Bulk lane** (the default: prompts, notices): callers queue first come, first served on a
  lock, and only the caller at the head waits for a slot; it takes the slot when the slot is
  due, so a priority send that arrived meanwhile goes first and the head waits one slot more.
  The per-chat interval is waited for *before* queueing, so a chat that must wait never
  holds up the other chats; if a priority send to the same chat took its place meanwhile,
  the caller queues again.

Time goes through the injected `monotonic` and `sleep`, so tests run a minute of sending in
no time at all.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

DEFAULT_RATE = 30.0
DEFAULT_PER_CHAT_INTERVAL = 1.0
# Round trip of one Bot API call the senders are sized for: Telegram answers in 50-300 ms
# from Europe, but a slow spell or a far data centre takes up to a second, and the rate must
# hold then too (Little's law: requests in flight = rate x latency).
EXPECTED_LATENCY_S = 1.0
# Bounds of the concurrency that sizing gives: a few connections even for a tiny rate, and
# not thousands of sockets for a paid-broadcast rate of 1,000/s.
MIN_IN_FLIGHT, MAX_IN_FLIGHT = 8, 256
# Bounds the per-chat table: entries whose interval has passed are dropped once it grows
# past this size (and past twice its size after the previous clean-up), so memory follows
# the number of chats messaged in the last second, not the number of chats ever messaged.
_PRUNE_AT = 4096


def in_flight_for(rate: float | None, latency: float = EXPECTED_LATENCY_S) -> int:
    """Requests to keep in flight (and connections to allow) so that `rate` messages a second
    hold at `latency` seconds per request: rate x latency with a quarter of headroom (retries
    and slow answers hold a slot longer), within MIN_IN_FLIGHT..MAX_IN_FLIGHT.

    No rate (benchmarks, a local Bot API server) gets 64, what the dispatcher always used.
    """
    if rate is None:
        return 64
    return max(MIN_IN_FLIGHT, min(MAX_IN_FLIGHT, math.ceil(rate * latency * 1.25)))


class RateLimiter:
    """Global rate (token bucket, small burst) and per-chat minimum interval.

    `rate=None` lifts the global limit (benchmarks, a local Bot API server); the per-chat
    interval still applies. `burst` is how many sends may go back to back after a quiet spell.
    """

    def __init__(
        self,
        rate: float | None = DEFAULT_RATE,
        *,
        burst: int = 3,
        per_chat_interval: float = DEFAULT_PER_CHAT_INTERVAL,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive (or None for no limit)")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        if per_chat_interval < 0:
            raise ValueError("per_chat_interval must not be negative")
        self.rate = rate
        self._interval = 1.0 / rate if rate is not None else 0.0
        # How far ahead of the theoretical schedule a send may go: (burst - 1) slots.
        self._tolerance = (burst - 1) * self._interval
        self._per_chat = per_chat_interval
        self._monotonic = monotonic
        self._sleep = sleep
        # Theoretical arrival time of the next send (GCRA).
        self._tat = float("-inf")
        # chat id -> earliest monotonic time the next send to that chat may start.
        self._chat_next: dict[int, float] = {}
        self._prune_at = _PRUNE_AT
        # The bulk lane's queue (asyncio.Lock wakes its waiters first come, first served).
        self._bulk = asyncio.Lock()

    async def acquire(self, chat_id: int | None, *, priority: bool = False) -> None:
        """Wait until one message may be sent to `chat_id`, and count it as sent.

        `priority` (handler replies) goes ahead of every bulk caller and does not wait for
        the per-chat interval; see the module docstring. `chat_id` None (a call with no chat,
        e.g. ``answerCallbackQuery``) takes a global slot only.
        """
        if priority:
            await self._acquire_priority(chat_id)
            return
        while True:
            now = await self._chat_ready(chat_id)
            if self.rate is None:
                self._reserve_chat(chat_id, now, now)
                return
            async with self._bulk:
                now = await self._global_slot_due()
                # Another send to this chat (a priority one, or a bulk one queued ahead of us)
                # may have taken its slot since `_chat_ready`: then wait for the chat again.
                if chat_id is None or self._chat_next.get(chat_id, now) <= now:
                    self._tat = max(self._tat, now) + self._interval
                    self._reserve_chat(chat_id, now, now)
                    return

    async def _acquire_priority(self, chat_id: int | None) -> None:
        now = self._monotonic()
        send_at = now
        if self.rate is not None:
            tat = max(self._tat, now)
            send_at = max(now, tat - self._tolerance)
            self._tat = tat + self._interval
        self._reserve_chat(chat_id, send_at, now)
        if send_at > now:
            await self._sleep(send_at - now)

    async def _chat_ready(self, chat_id: int | None) -> float:
        """Wait out the chat's interval; the monotonic time it is over."""
        now = self._monotonic()
        if self._per_chat > 0 and chat_id is not None:
            # Loop: another message to the same chat may have taken the slot while we slept.
            while (ready := self._chat_next.get(chat_id, now)) > now:
                await self._sleep(ready - now)
                now = self._monotonic()
        return now

    async def _global_slot_due(self) -> float:
        """Sleep until the next global slot is due (the queue's head only); the time then.

        Loop: a priority send may have taken the slot while we slept.
        """
        while True:
            now = self._monotonic()
            send_at = max(now, max(self._tat, now) - self._tolerance)
            if send_at <= now:
                return now
            await self._sleep(send_at - now)

    def _reserve_chat(self, chat_id: int | None, send_at: float, now: float) -> None:
        if self._per_chat <= 0 or chat_id is None:
            return
        # Never earlier than a slot already promised to this chat.
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, now), send_at + self._per_chat)
        if len(self._chat_next) > self._prune_at:
            self._prune(now)

    def _prune(self, now: float) -> None:
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._prune_at = max(_PRUNE_AT, 2 * len(self._chat_next))

    @property
    def tracked_chats(self) -> int:
        """How many chats the per-chat table holds (for tests of the memory bound)."""
        return len(self._chat_next)
