"""Send-rate limiting for the dispatcher: an overall rate plus a minimum interval per chat.

Telegram allows a bot about 30 messages per second overall and about one per second into the
same chat; above that it answers 429. The limiter keeps the dispatcher under both, so 429s
stay the exception.

The overall limit is a token bucket written as GCRA ("virtual scheduling"): each caller
reserves the next free send slot synchronously, then sleeps until it. Reserving before
sleeping makes it fair (first come, first served) and exact under any number of concurrent
callers, with no lock and no polling. The per-chat interval is checked first and the caller
waits for its chat without reserving a global slot, so a chat that must wait never wastes
capacity the other chats could use.

Time goes through the injected `monotonic` and `sleep`, so tests run a minute of sending in
no time at all.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

DEFAULT_RATE = 30.0
DEFAULT_PER_CHAT_INTERVAL = 1.0
# Bounds the per-chat table: entries whose interval has passed are dropped once it grows
# past this size (and past twice its size after the previous clean-up), so memory follows
# the number of chats messaged in the last second, not the number of chats ever messaged.
_PRUNE_AT = 4096


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

    async def acquire(self, chat_id: int) -> None:
        """Wait until one message may be sent to `chat_id`, and count it as sent."""
        now = self._monotonic()
        if self._per_chat > 0:
            # Loop: another message to the same chat may have taken the slot while we slept.
            while (ready := self._chat_next.get(chat_id, now)) > now:
                await self._sleep(ready - now)
                now = self._monotonic()
        send_at = now
        if self.rate is not None:
            tat = max(self._tat, now)
            send_at = max(now, tat - self._tolerance)
            self._tat = tat + self._interval
        if self._per_chat > 0:
            # Reserved together with the global slot (no await in between): nothing can
            # slip in for this chat before `send_at + interval`.
            self._chat_next[chat_id] = send_at + self._per_chat
            if len(self._chat_next) > self._prune_at:
                self._prune(now)
        if send_at > now:
            await self._sleep(send_at - now)

    def _prune(self, now: float) -> None:
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._prune_at = max(_PRUNE_AT, 2 * len(self._chat_next))

    @property
    def tracked_chats(self) -> int:
        """How many chats the per-chat table holds (for tests of the memory bound)."""
        return len(self._chat_next)
