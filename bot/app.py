"""The one composition root: `build_application` wires settings, content, database, clock,
the delivery path (one rate limiter, one sender, the notifier), the inbox and handlers into a
python-telegram-bot `Application`; `start_app` starts what the process's role needs. Tests
call them with fakes.

Roles (`toebot run --role`): `all` (the default, one process: receive, handle, run jobs),
`web` (receive updates, by webhook or polling, and handle them from the inbox) and `worker`
(the dispatcher and every periodic job). Updates never go through PTB's Updater: they are
stored in the inbox first (`bot.inbox`), then handled chat by chat.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import logging
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults

import handlers
from bot.clock import Clock, system_clock
from bot.commands import COMMANDS
from bot.config import Settings
from bot.content import Content, load_content
from bot.content.passages import library_index
from bot.db.engine import create_engine, session_factory
from bot.delivery import escalations, handover, jobs, reminders
from bot.delivery.http import AiohttpRequest
from bot.delivery.notify import DeliveryNotifier
from bot.delivery.ratelimit import RateLimiter, Sleep
from bot.delivery.senders import AiohttpSender
from bot.deps import BOT_DATA_KEY, Deps
from bot.inbox.keys import ALLOWED_UPDATES
from bot.inbox.polling import InboxBot, Poller
from bot.inbox.store import Inbox
from bot.inbox.worker import InboxWorker
from bot.web.server import WebServer

log = logging.getLogger(__name__)

# Long polling waits this long on the server; the HTTP read timeout must exceed it.
POLL_TIMEOUT_S = 10
# PTB's own defaults for the two connection pools (the builder's, which `.bot()` bypasses).
REQUEST_POOL_SIZE = 256

App = Application[Any, Any, Any, Any, Any, Any]
# bot_data keys of the delivery objects the app owns (closed at shutdown).
SENDER_KEY, LIMITER_KEY = "delivery_sender", "delivery_limiter"
# bot_data keys of the inbox and what feeds it (started by `start_app` as the role needs).
INBOX_KEY, WORKER_KEY, RECEIVER_KEY, ROLE_KEY = "inbox", "inbox_worker", "receiver", "role"
# The HTTP server when updates come by polling but the dashboard is served (WEBAPP_URL set).
SERVER_KEY = "web_server"
# The Bot's two HTTP clients, closed by `start_app` when initialising fails (PTB does not).
REQUESTS_KEY = "bot_requests"


class Role(enum.StrEnum):
    """What one process does (`toebot run --role`)."""

    ALL = "all"  # receive and handle updates, and run the dispatcher and every job
    WEB = "web"  # receive updates (webhook or polling) and handle them from the inbox
    WORKER = "worker"  # the dispatcher and every periodic job; no updates

    @property
    def handles_updates(self) -> bool:
        """True if this role receives and handles updates."""
        return self is not Role.WORKER

    @property
    def runs_jobs(self) -> bool:
        """True if this role runs the dispatcher and the periodic jobs."""
        return self is not Role.WEB


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
    role: Role = Role.ALL,
    sleep: Sleep = asyncio.sleep,
) -> App:
    """Build the bot: one engine, one content load, handlers registered in one place.
    `sleep` is how replies wait before a retry (tests pass one that does not wait)."""
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
        settings.telegram_api_url,
        token,
        parse_mode="HTML",
        disable_link_preview=True,
        # Connections for this rate at ~1 s a request (more with PAID_BROADCAST's rates).
        rate=settings.prompt_rate,
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
    requests = (
        AiohttpRequest(connection_pool_size=REQUEST_POOL_SIZE),
        AiohttpRequest(connection_pool_size=1, read_timeout=POLL_TIMEOUT_S + 5),
    )
    # Our own bot class, so that one update PTB cannot parse is skipped instead of stopping
    # polling for good (see `bot.polling`), and getUpdates can be read raw into the inbox.
    bot = InboxBot(
        token=token,
        # Replies take the process's one limiter too, ahead of prompts and notices, and are
        # retried on 429 and 5xx (bot.delivery.replies).
        limiter=limiter,
        sleep=sleep,
        base_url=settings.telegram_api_url,
        base_file_url=settings.file_api_url,
        defaults=defaults,
        # aiohttp under PTB: a fraction of httpx's CPU per Bot API call (bot.delivery.http).
        request=requests[0],
        get_updates_request=requests[1],
    )
    app: App = (
        ApplicationBuilder()
        .bot(bot)
        # Updates come from the inbox (bot.inbox), never from PTB's Updater.
        .updater(None)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data[BOT_DATA_KEY] = deps
    app.bot_data[ROLE_KEY] = role
    app.bot_data[REQUESTS_KEY] = requests
    inbox = Inbox(engine)
    app.bot_data[INBOX_KEY] = inbox
    app.bot_data[WORKER_KEY] = InboxWorker(
        app,
        inbox,
        clock=clock,
        concurrency=settings.update_concurrency,
        lease=dt.timedelta(seconds=settings.inbox_lease_seconds),
    )
    app.bot_data[SENDER_KEY], app.bot_data[LIMITER_KEY] = sender, limiter
    app.bot_data[reminders.DISPATCHER_KEY] = reminders.build_dispatcher(
        deps, sender=sender, limiter=limiter
    )
    handlers.register(app)
    if settings.background_jobs and role.runs_jobs:
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
    # Every 5 minutes, claiming its turn: unacknowledged alerts to the clinic's admins.
    queue.run_repeating(
        handover.handover_job,
        interval=handover.HANDOVER_INTERVAL_S,
        first=90,
        name=handover.HANDOVER_JOB,
    )
    queue.run_repeating(jobs.digest_job, interval=3600, first=180, name="weekly-digest")
    queue.run_repeating(jobs.selftest_prompt_job, interval=3600, first=240, name="weekly-selftest")
    queue.run_repeating(jobs.housekeeping_job, interval=3600, first=300, name="housekeeping")
    # Hourly, but the job claims a once-a-day turn in job_runs, so N processes run it once.
    queue.run_repeating(jobs.retention_job, interval=3600, first=360, name="retention")


async def start_app(app: App, *, poll_timeout: int = POLL_TIMEOUT_S) -> None:
    """Initialise, run the post-init hook, start the job queue, then (if the role handles
    updates) the inbox worker and the receiver: the webhook server if WEBHOOK_URL is set,
    else long polling into the inbox. The HTTP server also serves the dashboard (`/app/`):
    with a webhook always, with polling when WEBAPP_URL is set (then it is started for it).

    PTB calls `post_init` only inside `run_polling`; we drive the loop ourselves (so tests
    and the sandbox can share it), hence the explicit call.
    """
    d: Deps = app.bot_data[BOT_DATA_KEY]
    role: Role = app.bot_data[ROLE_KEY]
    try:
        await app.initialize()
    except BaseException:
        # PTB opens the Bot's HTTP clients before getMe and leaves them open when getMe fails
        # (Telegram unreachable, a wrong token): close them, or aiohttp complains at exit.
        for request in app.bot_data.get(REQUESTS_KEY, ()):
            await request.shutdown()
        raise
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    if not role.handles_updates:
        return
    worker: InboxWorker = app.bot_data[WORKER_KEY]
    await worker.start()
    inbox: Inbox = app.bot_data[INBOX_KEY]
    settings = d.settings
    if settings.webhook_url is not None:
        server = WebServer(
            inbox=inbox,
            engine=d.engine,
            clock=d.clock,
            webhook_path=urlsplit(settings.webhook_url).path or "/",
            secret=settings.webhook_token,
            on_stored=worker.wake,
            on_unstored=worker.handle_unstored,
            dashboard_deps=d,
        )
        await server.start(settings.listen_host, settings.port)
        app.bot_data[RECEIVER_KEY] = server
        # Every web process sets the same webhook: harmless, and none depends on another.
        await app.bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_token,
            allowed_updates=list(ALLOWED_UPDATES),
        )
        log.info("receiving updates by webhook")
        return
    assert isinstance(app.bot, InboxBot)
    poller = Poller(
        app.bot,
        inbox,
        clock=d.clock,
        on_stored=worker.wake,
        on_unstored=worker.handle_unstored,
        timeout=poll_timeout,
        owner=worker.owner,
    )
    await poller.start()
    app.bot_data[RECEIVER_KEY] = poller
    if settings.webapp_url is not None:
        # No webhook, but the dashboard's pages and API need the HTTP server (and the
        # health checks come with it).
        web_server = WebServer(
            inbox=inbox,
            engine=d.engine,
            clock=d.clock,
            webhook_path=None,
            secret=None,
            on_stored=worker.wake,
            on_unstored=worker.handle_unstored,
            dashboard_deps=d,
        )
        await web_server.start(settings.listen_host, settings.port)
        app.bot_data[SERVER_KEY] = web_server


async def stop_app(app: App) -> None:
    """Stop receiving, finish the updates in hand, stop the jobs, shut down, then run the
    post-shutdown hook."""
    receiver = app.bot_data.pop(RECEIVER_KEY, None)
    if isinstance(receiver, Poller | WebServer):
        await receiver.stop()
    web_server = app.bot_data.pop(SERVER_KEY, None)
    if isinstance(web_server, WebServer):
        await web_server.stop()
    worker = app.bot_data.get(WORKER_KEY)
    if isinstance(worker, InboxWorker):
        await worker.stop()
    # APScheduler does not cancel a running tick: hand its claimed prompts back first.
    await reminders.stop_dispatcher(app.bot_data)
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
