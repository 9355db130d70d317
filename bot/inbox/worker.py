"""The inbox worker: claims chats from the inbox and feeds their updates to the PTB
`Application`, chat by chat in order, different chats at the same time.

One loop per process. Each turn it flushes what finished (one UPDATE), claims as many chats
as it has room for (`concurrency`), and starts one task per chat that handles the chat's
updates one after another with `Application.process_update` (handlers, error handler and
all). It wakes when this process stores an update (`wake`), when a chat finishes, or every
`idle_poll` seconds for updates stored by other processes. Leases are renewed while chats
are in hand; a graceful stop waits for the updates being handled, records them and hands
back the rest. After `kill -9` nothing is lost: the leases run out and another worker (or
this one after restart) handles those updates again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.clock import Clock
from bot.inbox.keys import chat_key, update_id
from bot.inbox.store import MAX_ATTEMPTS, ChatWork, Inbox

__all__ = ["InboxWorker", "owner_is_gone", "worker_owner"]

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]
# Finished rows are kept this long (so a webhook retry of a handled update is recognised),
# then pruned; they hold no message text.
KEEP_DONE = dt.timedelta(hours=24)
PRUNE_EVERY_S = 600.0
MAX_RETRY_WAIT_S = 10.0
# A graceful stop tries to record what it did this many times before leaving it to leases.
STOP_ATTEMPTS = 3
STOP_RETRY_S = 0.2


def worker_owner() -> str:
    """A name for this process's leases: host, pid and a random part (pids are reused)."""
    return f"{_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _host() -> str:
    return socket.gethostname()[:40]


def owner_is_gone(owner: str) -> bool:
    """True if `owner` names a process of this machine that no longer runs. (A pid reused
    by another program reads as alive: then the lease simply runs out.)"""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _host() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists, under another user
    return False


class InboxWorker:
    """Handles the inbox's updates through `app`; see the module docstring."""

    def __init__(
        self,
        app: App,
        inbox: Inbox,
        *,
        clock: Clock,
        concurrency: int = 64,
        lease: dt.timedelta = dt.timedelta(seconds=60),
        idle_poll: float = 0.5,
        owner: str | None = None,
    ) -> None:
        self.app = app
        self.inbox = inbox
        self.clock = clock
        self.concurrency = concurrency
        self.lease = lease
        self.idle_poll = idle_poll
        self.owner = owner or worker_owner()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._chats: dict[int, asyncio.Task[None]] = {}
        # Claimed update ids not yet finished (handed back at a graceful stop).
        self._claimed: set[int] = set()
        self._done: list[int] = []
        self._failed: list[int] = []
        self.handled = 0
        # Updates that could not be parsed (or crashed workers too often): set aside.
        self.set_aside = 0

    # --- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the loop (idempotent)."""
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="inbox-worker")

    def wake(self) -> None:
        """Something was stored: claim now instead of at the next idle poll."""
        self._wake.set()

    async def stop(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Finish the updates being handled (up to `timeout`), record them, hand back the rest."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        running = list(self._chats.values())
        if running:
            _, late = await asyncio.wait(running, timeout=timeout)
            for chat in late:
                chat.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        # A stop must finish even if the database is briefly busy (SQLite's write lock under
        # a burst, a PostgreSQL failover): what is not recorded here is only handled again
        # once its lease runs out, and the handlers make a repeat harmless.
        for attempt in range(STOP_ATTEMPTS):
            try:
                await self._flush()
                if self._claimed:
                    await self.inbox.release(owner=self.owner, update_ids=self._claimed)
                    self._claimed.clear()
                return
            except Exception as exc:  # logged; the leases cover the rest
                if attempt + 1 == STOP_ATTEMPTS:
                    log.warning(
                        "inbox: could not record %s updates at stop (%s); their leases run out",
                        len(self._done) + len(self._failed) + len(self._claimed),
                        type(exc).__name__,
                    )
                    return
                await asyncio.sleep(STOP_RETRY_S * (attempt + 1))

    def abandon(self) -> None:
        """Stop at once without recording anything: what `kill -9` does (for tests)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        for chat in self._chats.values():
            chat.cancel()
        self._chats.clear()

    async def handle_unstored(self, raws: Sequence[Mapping[str, Any]]) -> None:
        """Handle updates that could not be stored (the database is down) straight away, in
        order per chat: a warning sign must get its advice now, not when the database is
        back (SAFETY.md), and the handlers know how to answer without it."""
        by_chat: dict[int, list[tuple[int, str]]] = {}
        for raw in raws:
            uid = update_id(raw)
            if uid is not None:
                by_chat.setdefault(chat_key(raw), []).append((uid, json.dumps(raw)))
        log.warning("inbox: database unavailable; %s updates handled without it", len(raws))
        await asyncio.gather(
            *(
                self._handle_chat(ChatWork(key, [(uid, p, 1) for uid, p in items]), record=False)
                for key, items in by_chat.items()
            )
        )

    # --- the loop --------------------------------------------------------------------------

    async def _run(self) -> None:
        last_renew = last_prune = time.monotonic()
        wait = self.idle_poll
        while not self._stopping:
            try:
                room = self.concurrency - len(self._chats)
                if room > 0 and not self._stopping:
                    # What finished is recorded in the claim's own transaction.
                    done, failed = self._take_finished()
                    try:
                        claimed = await self.inbox.claim(
                            owner=self.owner,
                            now=self.clock(),
                            lease=self.lease,
                            chats=room,
                            done=done,
                            failed=failed,
                        )
                    except Exception:
                        self._done.extend(done)
                        self._failed.extend(failed)
                        raise
                    for work in claimed:
                        self._start_chat(work)
                else:
                    await self._flush()
                mono = time.monotonic()
                if mono - last_renew > self.lease.total_seconds() / 3 and self._chats:
                    await self.inbox.renew(owner=self.owner, now=self.clock(), lease=self.lease)
                    last_renew = mono
                if mono - last_prune > PRUNE_EVERY_S:
                    last_prune = mono
                    pruned = await self.inbox.prune(before=self.clock() - KEEP_DONE)
                    if pruned:
                        log.info("inbox: pruned %s finished updates", pruned)
                wait = self.idle_poll
            except Exception as exc:
                # The database is away: keep the chats in hand, try again, less and less
                # often (one line per try, not a flood).
                log.warning("inbox worker: %s; retrying in %.1f s", type(exc).__name__, wait)
                await asyncio.sleep(wait)
                wait = min(wait * 2, MAX_RETRY_WAIT_S)
                continue
            self._wake.clear()
            if self._done or self._failed:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.idle_poll)

    def _start_chat(self, work: ChatWork) -> None:
        self._claimed.update(uid for uid, _, _ in work.updates)
        task = asyncio.create_task(self._handle_chat(work), name=f"inbox-chat-{work.chat_key}")
        self._chats[work.chat_key] = task
        task.add_done_callback(functools.partial(self._chat_done, work.chat_key))

    def _chat_done(self, key: int, _task: asyncio.Task[None]) -> None:
        self._chats.pop(key, None)
        self._wake.set()

    async def _handle_chat(self, work: ChatWork, *, record: bool = True) -> None:
        for uid, payload, attempts in work.updates:
            update = self._parse(uid, payload, attempts)
            if update is None:
                self.set_aside += 1
                if record:
                    self._settle(uid, failed=True)
                continue
            # process_update runs the handlers and, for their exceptions, the error handler;
            # anything escaping it is a bug in the library, logged by id only.
            try:
                await self.app.process_update(update)
            except Exception as exc:
                log.error("update %s could not be handled (%s)", uid, type(exc).__name__)
            self.handled += 1
            if record:
                self._settle(uid, failed=False)

    def _parse(self, uid: int, payload: str | None, attempts: int) -> Update | None:
        if attempts > MAX_ATTEMPTS:
            log.error("update %s was claimed %s times without finishing; set aside", uid, attempts)
            return None
        try:
            return Update.de_json(json.loads(payload or "null"), self.app.bot)
        except Exception as exc:
            # Id and exception type only: the update holds someone's message.
            log.warning("update %s could not be parsed (%s); set aside", uid, type(exc).__name__)
            return None

    def _settle(self, uid: int, *, failed: bool) -> None:
        self._claimed.discard(uid)
        (self._failed if failed else self._done).append(uid)

    def _take_finished(self) -> tuple[list[int], list[int]]:
        done, failed = self._done, self._failed
        self._done, self._failed = [], []
        return done, failed

    async def _flush(self) -> None:
        if not self._done and not self._failed:
            return
        done, failed = self._take_finished()
        try:
            await self.inbox.finish(done=done, failed=failed, now=self.clock())
        except Exception:
            # Not recorded: keep them for the next turn (handled, so never handled again here).
            self._done.extend(done)
            self._failed.extend(failed)
            raise
