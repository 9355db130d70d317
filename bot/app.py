"""The one composition root: `build_application` wires settings, content, database, clock,
the delivery path (one rate limiter, one sender, the notifier) and handlers into a
python-telegram-bot `Application`. Tests call it with fakes.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults
from telegram.request import HTTPXRequest

import handlers
from bot.clock import Clock, system_clock
from bot.commands import COMMANDS
from bot.config import Settings
from bot.content import Content, load_content
from bot.content.passages import library_index
from bot.db.engine import create_engine, session_factory
from bot.delivery import escalations, jobs, reminders
from bot.delivery.notify import DeliveryNotifier
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.senders import AiohttpSender
from bot.deps import BOT_DATA_KEY, Deps
from bot.polling import SkippingBot

log = logging.getLogger(__name__)

# Long polling waits this long on the server; the HTTP read timeout must exceed it.
POLL_TIMEOUT_S = 10
# PTB's own defaults for the two connection pools (the builder's, which `.bot()` bypasses).
REQUEST_POOL_SIZE = 256

App = Application[Any, Any, Any, Any, Any, Any]
# bot_data keys of the delivery objects the app owns (closed at shutdown).
SENDER_KEY, LIMITER_KEY = "delivery_sender", "delivery_limiter"


async def _post_init(app: App) -> None:
    d: Deps = app.bot_data[BOT_DATA_KEY]
    commands = [BotCommand(name, d.text(f"common.commands.{name}")) for name in COMMANDS]
    try:
        await app.bot.set_my_commands(commands)
    except TelegramError as exc:
        # The command menu is a convenience: the bot must start without it.
        log.warning(
            "setMyCommands failed (%s); starting without the command menu", type(exc).__name__
        )


async def _post_shutdown(app: App) -> None:
    d: Deps = app.bot_data[BOT_DATA_KEY]
    sender = app.bot_data.pop(SENDER_KEY, None)
    if isinstance(sender, AiohttpSender):
        await sender.close()
    await d.engine.dispose()


def build_application(
    settings: Settings,
    *,
    content: Content | None = None,
    clock: Clock = system_clock,
) -> App:
    """Build the bot: one engine, one content load, handlers registered in one place."""
    token = settings.token
    if token is None:
        raise ValueError("build_application needs TELEGRAM_BOT_TOKEN (or the sandbox's token)")
    content = content or load_content(settings.content_dir)
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    # One limiter per process: prompts and notices share Telegram's budget (about 30/s
    # overall, 1/s per chat). The lean sender (it opens its HTTP session on first use)
    # catches up about four times faster after downtime and leaves PTB's connection pool to
    # the handlers (README figures).
    limiter = RateLimiter(settings.prompt_rate)
    sender = AiohttpSender(
        settings.telegram_api_url, token, parse_mode="HTML", disable_link_preview=True
    )
    notifier = DeliveryNotifier(sessions=sessions, sender=sender, limiter=limiter, clock=clock)
    deps = Deps(
        settings=settings,
        content=content,
        engine=engine,
        sessions=sessions,
        clock=clock,
        notifier=notifier,
        library=library_index(content),
    )
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    # Our own bot class, so that one update PTB cannot parse is skipped instead of stopping
    # polling for good (see `bot.polling`); the builder then takes the bot as it is.
    bot = SkippingBot(
        token=token,
        base_url=settings.telegram_api_url,
        base_file_url=settings.file_api_url,
        defaults=defaults,
        request=HTTPXRequest(connection_pool_size=REQUEST_POOL_SIZE),
        get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=POLL_TIMEOUT_S + 5),
    )
    app: App = (
        ApplicationBuilder().bot(bot).post_init(_post_init).post_shutdown(_post_shutdown).build()
    )
    app.bot_data[BOT_DATA_KEY] = deps
    app.bot_data[SENDER_KEY], app.bot_data[LIMITER_KEY] = sender, limiter
    app.bot_data[reminders.DISPATCHER_KEY] = reminders.build_dispatcher(
        deps, sender=sender, limiter=limiter
    )
    handlers.register(app)
    if settings.background_jobs:
        schedule_jobs(app, deps)
    return app


def schedule_jobs(app: App, d: Deps) -> None:
    """The few periodic jobs (never one per patient): the dispatch tick, the safety outbox
    and reminders, the no-improvement rule, the weekly digest, the self-test prompt,
    housekeeping and retention. The hourly ones claim their turn, so N processes run each
    once."""
    queue = app.job_queue
    assert queue is not None
    queue.run_repeating(
        reminders.dispatch_job,
        interval=d.settings.dispatch_interval_seconds,
        first=3,
        name="dispatch",
        # A long tick (a backlog after downtime) must not overlap the next one.
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
    queue.run_repeating(escalations.outbox_job, interval=30, first=5, name="escalation-outbox")
    queue.run_repeating(
        escalations.reminder_job, interval=300, first=60, name="escalation-reminders"
    )
    # Hourly, so every time zone's morning is covered; the rule itself fires once per window.
    queue.run_repeating(
        escalations.no_improvement_job, interval=3600, first=120, name="no-improvement"
    )
    queue.run_repeating(jobs.digest_job, interval=3600, first=180, name="weekly-digest")
    queue.run_repeating(jobs.selftest_prompt_job, interval=3600, first=240, name="weekly-selftest")
    queue.run_repeating(jobs.housekeeping_job, interval=3600, first=300, name="housekeeping")
    # Hourly, but the job claims a once-a-day turn in job_runs, so N processes run it once.
    queue.run_repeating(jobs.retention_job, interval=3600, first=360, name="retention")


async def start_app(app: App, *, poll_timeout: int = POLL_TIMEOUT_S) -> None:
    """Initialise, run the post-init hook, start handlers and long polling.

    PTB calls `post_init` only inside `run_polling`; we drive the loop ourselves (so tests
    and the sandbox can share it), hence the explicit call.
    """
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=poll_timeout, poll_interval=0.0)


async def stop_app(app: App) -> None:
    """Stop polling and handlers, shut down, then run the post-shutdown hook."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    # APScheduler does not cancel a running tick: hand its claimed prompts back first.
    await reminders.stop_dispatcher(app.bot_data)
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
