"""Knows when the bot has finished handling an update, exactly, without sleeping.

A handler in the last group records each update id; PTB runs handler groups in order (and
awaits error handlers of blocking handlers), so once the id is recorded every handler for
that update has finished. Used by the end-to-end tests and the terminal sandbox.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

DONE_GROUP = 1_000_000


class UpdateTracker:
    """Attach to an application; `await wait(update_id)` returns once it was handled."""

    def __init__(self) -> None:
        self._done: set[int] = set()
        self._cond = asyncio.Condition()

    def attach(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register the marker handler in the last group of `app`."""
        app.add_handler(TypeHandler(Update, self._mark), group=DONE_GROUP)

    async def _mark(self, update: object, _: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(update, Update):
            async with self._cond:
                self._done.add(update.update_id)
                self._cond.notify_all()

    async def wait(self, update_id: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until every handler of `update_id` has finished (TimeoutError after `timeout`)."""
        async with self._cond:
            await asyncio.wait_for(self._cond.wait_for(lambda: update_id in self._done), timeout)
