"""Browser-test fixtures: the system Chromium driven by Playwright, one browser per session
and a new context (fresh cookies and sessionStorage) per test; the real application's web
server on 127.0.0.1, port 0, over a seeded database (SQLite, or the PostgreSQL of
TOEBOT_TEST_DATABASE_URL like the rest of the suite); initData signed as Telegram would.

Without /usr/bin/chromium (Debian's `chromium` package) the tests skip on a developer's
machine, so `make test` passes there; with CI=true they fail instead: CI must run them
(`.ci/run` installs the package).

Every test module here sets `pytestmark = pytest.mark.asyncio(loop_scope="session")`: the
browser and the seeded server live for the whole session on one event loop, and a test's
coroutine must run on that loop too.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright, expect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.app import INBOX_KEY, WORKER_KEY, build_application
from bot.clock import FakeClock
from bot.config import Settings, normalise_database_url
from bot.db.engine import create_engine, migrate, session_factory
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain.initdata import sign
from bot.inbox.worker import InboxWorker
from bot.sandbox.server import SandboxBotApi
from bot.web.server import WebServer
from tests.browser.seed import World, seed
from tests.conftest import T0, empty_database
from tests.e2e.content import content

CHROMIUM = Path("/usr/bin/chromium")
# What a CI container needs: no sandbox (root), no GPU, and nothing that reaches the network
# on its own (updates, sync, QUIC probes). Playwright gives each launch a fresh profile.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TOKEN = "246813579:" + "B" * 35
OTHER_TOKEN = "135792468:" + "C" * 35
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Auto-waiting expectations give up after this long (a slow CI machine, never a sleep).
expect.set_options(timeout=15_000)


def require_chromium() -> None:
    """Skip without the system Chromium, except in CI, where its absence is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"CI=true but {CHROMIUM} is missing: .ci/run installs Debian's chromium package",
            pytrace=False,
        )
    pytest.skip(f"{CHROMIUM} not installed (Debian's chromium package); CI runs these tests")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One headless Chromium for the whole session."""
    require_chromium()
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A page in a new browser context (desktop size), closed after the test."""
    context = await browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        yield await context.new_page()
    finally:
        await context.close()


class Dashboard:
    """The running application's dashboard, its database and the seeded world."""

    def __init__(
        self,
        *,
        base_url: str,
        engine: AsyncEngine,
        world: World,
        sandbox: SandboxBotApi,
        max_age: dt.timedelta,
    ) -> None:
        self.base_url = base_url
        # How old initData may be (WEBAPP_MAX_AGE_SECONDS).
        self.max_age = max_age
        self.engine = engine
        self.world = world
        self.now = world.now
        # The Bot API the app sends to: what each patient was told.
        self.sandbox = sandbox

    def told(self, chat_id: int) -> list[str]:
        """The plain text of every message the bot sent to this chat so far."""
        return [self.sandbox.plain_text(m) for m in self.sandbox.messages(chat_id)]

    def init_data(
        self,
        user_id: int,
        *,
        token: str = TOKEN,
        auth_date: dt.datetime | None = None,
        first_name: str = "Test",
    ) -> str:
        """initData for this Telegram user, signed with `token` (the app's by default)."""
        user: dict[str, Any] = {"id": user_id, "first_name": first_name, "language_code": "en"}
        return sign(bot_token=token, user=user, auth_date=auth_date or self.now)

    def url(self, path: str = "/app/", init_data: str | None = None) -> str:
        """The page at `path`, with initData in the fragment as Telegram's clients pass it."""
        fragment = "" if init_data is None else "#tgWebAppData=" + quote(init_data, safe="")
        return self.base_url + path + fragment

    def as_user(self, user_id: int, path: str = "/app/") -> str:
        """The page at `path` opened by this user, with valid initData."""
        return self.url(path, self.init_data(user_id))

    def session(self) -> AsyncSession:
        """A new database session (the test's own view of what the app stored)."""
        return session_factory(self.engine)()


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def seeded(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[str, World]]:
    """A migrated database with the dashboard's world seeded once for these tests."""
    require_chromium()
    raw = await empty_database(tmp_path_factory.mktemp("browser"), "browser.db")
    url = normalise_database_url(raw)
    engine = create_engine(url)
    try:
        await migrate(engine)
        world = await seed(engine, now=T0)
    finally:
        await engine.dispose()
    yield url, world


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def dashboard(seeded: tuple[str, World]) -> AsyncIterator[Dashboard]:
    """The application built by its one composition root (`build_application`) against the
    sandbox Bot API, its HTTP server started as `start_app` starts it (with the dashboard),
    on 127.0.0.1 and a port the system picks. The clock stands still at the seeded `now`."""
    url, world = seeded
    sandbox = SandboxBotApi(TOKEN)
    await sandbox.start()
    # A bot may only write to who wrote to it first: every seeded patient has.
    for patient in (*world.names, *world.ben_names):
        sandbox.open_chat(patient)
    settings = Settings(
        telegram_bot_token=TOKEN,
        telegram_api_url=sandbox.base_url,
        database_url=url,
        background_jobs=False,
    )
    app = build_application(settings, content=content(), clock=FakeClock(world.now))
    deps: Deps = app.bot_data[BOT_DATA_KEY]
    worker: InboxWorker = app.bot_data[WORKER_KEY]
    server = WebServer(
        inbox=app.bot_data[INBOX_KEY],
        engine=deps.engine,
        clock=deps.clock,
        webhook_path=None,
        secret=None,
        on_stored=worker.wake,
        on_unstored=worker.handle_unstored,
        dashboard_deps=deps,
    )
    await server.start("127.0.0.1", 0)
    try:
        yield Dashboard(
            base_url=f"http://127.0.0.1:{server.port}",
            engine=deps.engine,
            world=world,
            sandbox=sandbox,
            max_age=dt.timedelta(seconds=settings.webapp_max_age_seconds),
        )
    finally:
        await server.stop()
        # What stopping the app does after its receivers: the sender closed, the engine gone.
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await sandbox.stop()
