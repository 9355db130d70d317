"""The services a handler needs, built once by `app.build_application` and stored in bot_data.

Tests build the same object with fakes (a fixed clock, a test database), so the handlers
never know whether they run for real.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.content import Content
from bot.content.passages import LibraryIndex
from bot.db.engine import read_only
from bot.domain.notice import Notifier

BOT_DATA_KEY = "deps"


@dataclass(frozen=True)
class Deps:
    """Settings, content, database, clock and the notifier: everything outside the update."""

    settings: Settings
    content: Content
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    # The one way a message the bot sends on its own leaves (bot.delivery.notify).
    notifier: Notifier
    # Questions in chat are answered from this index over the library (bot.content.passages),
    # built once at start by `bot.app` (about 13 ms); None only where Deps is built without
    # the chat (some integration tests).
    library: LibraryIndex | None = None

    def now(self) -> dt.datetime:
        """The injected clock's current instant (aware UTC)."""
        return self.clock()

    def text(self, key: str, /, **values: object) -> str:
        """A user-facing text from content, values HTML-escaped."""
        return self.content.texts.get(key, **values)

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """One session that only reads (`bot.db.engine.read_only`: on SQLite no write lock,
        and each statement its own snapshot, so for one-statement reads)."""
        async with self.sessions(bind=read_only(self.engine)) as session, session.begin():
            yield session

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One session whose writes commit together when the block ends without error."""
        async with self.sessions() as session, session.begin():
            yield session
