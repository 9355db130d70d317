"""Running the bot in one event loop: migrate, start polling, stop cleanly on a signal.

Used by `toebot run` (real Telegram or TELEGRAM_API_URL) and by the terminal sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from bot.app import App, build_application, start_app, stop_app
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.db.engine import create_engine, migrate

log = logging.getLogger(__name__)


async def migrate_database(settings: Settings) -> None:
    """Apply pending migrations with a short-lived engine of its own."""
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, *, clock: Clock = system_clock) -> AsyncIterator[App]:
    """Migrate, build and start the bot polling; stop it when the block ends."""
    await migrate_database(settings)
    app = build_application(settings, clock=clock)
    await start_app(app)
    log.info("bot @%s is polling", app.bot.username)
    try:
        yield app
    finally:
        await stop_app(app)


async def serve(settings: Settings) -> None:
    """Run until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with running_bot(settings):
        await stop.wait()
    log.info("stopped")
