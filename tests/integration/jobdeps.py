"""The `Deps` a periodic job runs with in an integration test: the test's engine, content and
clock, a recording notifier (no network) and settings built from keyword arguments."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.config import Settings
from bot.content import Content
from bot.db.engine import session_factory
from bot.delivery.notify import RecordingNotifier
from bot.deps import Deps


def job_deps(engine: AsyncEngine, content: Content, clock: FakeClock, **settings: Any) -> Deps:
    """Deps for running a job once by hand (the background jobs themselves are off)."""
    return Deps(
        settings=Settings(database_url=str(engine.url), background_jobs=False, **settings),
        content=content,
        engine=engine,
        sessions=session_factory(engine),
        clock=clock,
        notifier=RecordingNotifier(),
    )
