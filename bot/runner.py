"""Running the bot in one event loop: migrate, start what the role needs, stop cleanly on a
signal (SIGTERM from a platform, Ctrl-C): updates in hand are finished and recorded first.

Used by `toebot run [--role all|web|worker]` (real Telegram or TELEGRAM_API_URL) and by the
terminal sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from bot.app import App, Role, build_application, start_app, stop_app
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
async def running_bot(
    settings: Settings, *, clock: Clock = system_clock, role: Role = Role.ALL
) -> AsyncIterator[App]:
    """Migrate, build and start the bot in `role`; stop it when the block ends."""
    # Every process migrates at start: the migration lock makes the others wait, then they
    # find the schema at head.
    await migrate_database(settings)
    app = build_application(settings, clock=clock, role=role)
    await start_app(app)
    log.info("bot @%s is running as %s", app.bot.username, role.value)
    try:
        yield app
    finally:
        await stop_app(app)


async def serve(settings: Settings, role: Role = Role.ALL) -> None:
    """Run in `role` until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with running_bot(settings, role=role):
        await stop.wait()
    log.info("stopped")
