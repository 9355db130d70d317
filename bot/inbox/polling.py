"""Long polling into the inbox: the offset moves past an update only once it is stored.

PTB's Updater confirms a batch on its next getUpdates whether or not the batch was handled,
so updates fetched before a crash were lost. Here `Poller` stores each batch in the inbox
(one transaction) and only then asks for the next one with the offset past it; if storing
fails, it asks again with the old offset, and Telegram sends the batch again. Handling is
the inbox worker's job, in this process or another.

One process polls (Telegram answers a second poller with 409 Conflict): each poller first
takes the poller lease (a `job_runs` row renewed every poll); a second `web` process in
polling mode stands by, handling the inbox, and takes over within `POLLER_TTL` if the first
dies. For receiving in many processes, use the webhook (`bot.web.server`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

from bot.clock import Clock
from bot.inbox.keys import ALLOWED_UPDATES
from bot.inbox.store import Inbox, Stored
from bot.inbox.worker import owner_is_gone
from bot.polling import SkippingBot

__all__ = ["InboxBot", "Poller"]

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
BACKOFF_START_S, BACKOFF_MAX_S = 1.0, 30.0
# A poller renews its lease before every getUpdates (which waits at most `timeout`, 10 s).
POLLER_TTL = dt.timedelta(seconds=45)
STANDBY_S = 15.0


class InboxBot(SkippingBot):
    """The application's bot: a `SkippingBot` that can also fetch updates as raw JSON, to
    store them exactly as Telegram sent them. It does not parse them to check them first:
    the inbox worker parses each once, and sets aside (and logs by id) one it cannot, so a
    bad update is stored, confirmed and never fetched again, like the others."""

    def _parseable(self, raw: list[Any]) -> list[JSONDict]:
        for item in raw:
            if not isinstance(item, dict) or not isinstance(item.get("update_id"), int):
                # Without an id we cannot move past it; Telegram always sends one.
                raise NetworkError("getUpdates answer has an update without an update_id")
        return raw

    async def get_raw_updates(
        self,
        *,
        offset: int | None,
        timeout: int,  # noqa: ASYNC109 (getUpdates' own long-poll timeout)
        allowed_updates: Sequence[str] = ALLOWED_UPDATES,
        limit: int = 100,
    ) -> list[JSONDict]:
        """getUpdates, answered as the raw update objects (unparseable ones skipped)."""
        data: JSONDict = {
            "timeout": timeout,
            "limit": limit,
            "allowed_updates": list(allowed_updates),
        }
        if offset is not None:
            data["offset"] = offset
        result: Any = await self._post("getUpdates", data, read_timeout=timeout + 5)
        if not isinstance(result, list):
            raise NetworkError("getUpdates answer is not a list of updates")
        return result


class Poller:
    """Fetch, store, confirm; see the module docstring. `on_stored` wakes the worker;
    `on_unstored` handles a batch the database would not take."""

    def __init__(
        self,
        bot: InboxBot,
        inbox: Inbox,
        *,
        clock: Clock,
        on_stored: Callable[[], None],
        on_unstored: Callable[[Sequence[JSONDict]], Awaitable[None]],
        timeout: int = 10,
        sleep: Sleep = asyncio.sleep,
        owner: str = "poller",
    ) -> None:
        self.bot = bot
        self.inbox = inbox
        self.clock = clock
        self.on_stored = on_stored
        self.on_unstored = on_unstored
        self.timeout = timeout
        self.sleep = sleep
        self.owner = owner
        self.offset: int | None = None
        self.stored = 0
        self._holding = False
        self._held_at = 0.0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Drop a webhook left from webhook mode (getUpdates refuses to run beside one), then
        poll in a task."""
        await self.bot.delete_webhook()
        self._task = asyncio.create_task(self._run(), name="inbox-poller")

    async def stop(self) -> None:
        """Stop polling, then confirm what was stored so Telegram does not send it again."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        if self.offset is not None and self._holding:
            try:
                # Confirms everything below the offset; what it returns stays unconfirmed.
                await self.bot.get_raw_updates(offset=self.offset, timeout=0, limit=1)
            except TelegramError as exc:
                log.warning("could not confirm the last updates (%s)", type(exc).__name__)
        if self._holding:
            try:
                await self.inbox.leave_poller(owner=self.owner)
            except Exception as exc:
                log.warning("could not hand over polling (%s)", type(exc).__name__)
            self._holding = False

    async def _hold(self) -> bool:
        mono = time.monotonic()
        if self._holding and mono - self._held_at < POLLER_TTL.total_seconds() / 4:
            return True  # renewed a moment ago: no write before every getUpdates
        held = await self.inbox.hold_poller(
            owner=self.owner, now=self.clock(), ttl=POLLER_TTL, dead=owner_is_gone
        )
        self._held_at = mono
        if held != self._holding:
            log.info("polling %s", "taken over by this process" if held else "left to another")
            # A new holder starts from what Telegram has not confirmed, not from our offset.
            self.offset = None
        self._holding = held
        return held

    def abandon(self) -> None:
        """Stop at once without confirming anything: what `kill -9` does (for tests)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def poll_once(self) -> int:
        """One getUpdates and its storing; how many new updates were stored."""
        offset = self.offset
        raws = await self.bot.get_raw_updates(offset=offset, timeout=self.timeout)
        if raws:
            try:
                stored = await self.inbox.put(raws, now=self.clock())
            except Exception:
                # The database is down: handle them now rather than not at all (a warning
                # sign must get its advice), then move on as if stored.
                await self.on_unstored(raws)
                stored = Stored(new=0, duplicate=0, invalid=0)
            ids = [r["update_id"] for r in raws if isinstance(r.get("update_id"), int)]
            # Only now may Telegram forget them: the next getUpdates carries this offset.
            if ids:
                offset = max(ids) + 1
            self.stored += stored.new
            if stored.new:
                self.on_stored()
        # Every update is stored (a bad one is set aside later), so nothing is skipped here
        # and the offset past the batch is the whole story.
        self.offset = offset
        return len(raws)

    async def _run(self) -> None:
        backoff = BACKOFF_START_S
        while True:
            try:
                if not await self._hold():
                    await self.sleep(STANDBY_S)
                    continue
                await self.poll_once()
                backoff = BACKOFF_START_S
                continue
            except asyncio.CancelledError:
                raise
            except InvalidToken:
                log.error("Telegram refused the bot token; polling stops")
                return
            except Conflict:
                log.error("another process is polling this bot (409); retrying in %.0f s", backoff)
            except Exception as exc:
                # Telegram or the database is away: the offset did not move, nothing is lost.
                log.warning("polling failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
            await self.sleep(backoff)
            backoff = min(backoff * 1.5, BACKOFF_MAX_S)
