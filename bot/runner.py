"""Running the bot in one event loop: migrate, start polling, stop cleanly on a signal.

Used by `toebot run` (real Telegram or TELEGRAM_API_URL) and by the terminal sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bot.app import POLL_TIMEOUT_S, App, build_application
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.db import create_engine, migrate

log = logging.getLogger(__name__)


async def migrate_database(settings: Settings) -> None:
    """Apply pending migrations with a short-lived engine of its own."""
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, *, clock: Clock = system_clock) -> App:  # type: ignore[misc]
    """Migrate, build and start the bot polling; stop it when the block ends."""
    await migrate_database(settings)
    app = build_application(settings, clock=clock)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=POLL_TIMEOUT_S, poll_interval=0.0)
        me = app.bot.username
        log.info("bot @%s is polling", me)
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            await app.stop()


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
