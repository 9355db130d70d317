"""Webhook mode: setWebhook with a secret at start; every request must carry the secret
(401 and nothing stored otherwise); an update is answered 200 once stored and handled once
however often Telegram sends it; /healthz and /readyz."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import INBOX_KEY, App, build_application, start_app, stop_app
from bot.clock import FakeClock
from bot.config import Settings, normalise_database_url
from bot.db.engine import create_engine, migrate
from bot.inbox.store import Inbox
from bot.sandbox.server import SandboxBotApi
from bot.sandbox.tracker import UpdateTracker
from bot.web.server import SECRET_HEADER, WebServer
from tests.conftest import empty_database
from tests.e2e.harness import TOKEN

ANN = 7_800_000_001
SECRET = "s3cret-" + "x" * 30
PATH = "/telegram/hook"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Running:
    def __init__(self, sandbox: SandboxBotApi, app: App, tracker: UpdateTracker, port: int):
        self.sandbox, self.app, self.tracker = sandbox, app, tracker
        self.url = f"http://127.0.0.1:{port}"

    async def post(self, body: Any, secret: str | None = SECRET) -> int:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.url + PATH, data=data, headers=headers) as response,
        ):
            return response.status

    async def get(self, path: str) -> tuple[int, dict[str, Any]]:
        async with aiohttp.ClientSession() as http, http.get(self.url + path) as response:
            return response.status, await response.json()

    def inbox(self) -> Inbox:
        inbox: Inbox = self.app.bot_data[INBOX_KEY]
        return inbox


@pytest.fixture
async def running(database_url: str, clock: FakeClock) -> AsyncIterator[Running]:
    sandbox = SandboxBotApi(TOKEN)
    await sandbox.start()
    port = free_port()
    settings = Settings(
        telegram_bot_token=TOKEN,
        telegram_api_url=sandbox.base_url,
        database_url=database_url,
        background_jobs=False,
        webhook_url="https://bot.example.org" + PATH,
        webhook_secret=SECRET,
        listen_host="127.0.0.1",
        port=port,
    )
    app = build_application(settings, clock=clock)
    tracker = UpdateTracker()
    tracker.attach(app)
    await start_app(app)
    try:
        yield Running(sandbox, app, tracker, port)
    finally:
        await stop_app(app)
        await sandbox.stop()


async def test_the_webhook_is_set_with_its_secret_and_only_the_updates_we_handle(
    running: Running,
) -> None:
    assert running.sandbox.webhook_url == "https://bot.example.org" + PATH
    allowed = getattr(running.sandbox, "_allowed_updates", None)
    # setWebhook's allowed_updates is stored like getUpdates' (sandbox: one setting).
    assert allowed is None or allowed == {"message", "edited_message", "callback_query"}


@pytest.mark.parametrize("secret", [None, "", "wrong-" + "x" * 31, SECRET[:-1], SECRET + "x"])
async def test_a_request_without_the_secret_changes_nothing(
    running: Running, secret: str | None
) -> None:
    running.sandbox.send_text(ANN, "/start")
    (update,) = running.sandbox.take_updates()
    assert await running.post(update, secret=secret) == 401
    assert await running.inbox().pending() == 0
    assert running.sandbox.messages(ANN) == []


async def test_an_update_is_stored_then_handled_once_however_often_it_comes(
    running: Running,
) -> None:
    uid = running.sandbox.send_text(ANN, "/start")
    (update,) = running.sandbox.take_updates()
    assert await running.post(update) == 200
    await running.tracker.wait(uid)
    answered = len(running.sandbox.messages(ANN))
    assert answered >= 1
    # Telegram retries when it misses our answer: the same update is not handled again.
    assert await running.post(update) == 200
    follow = running.sandbox.send_text(ANN, "/help")
    (second,) = running.sandbox.take_updates()
    assert await running.post(second) == 200
    await running.tracker.wait(follow)
    assert len(running.sandbox.messages(ANN)) == answered + 1


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'{"message": {}}', b'{"update_id": "7"}']
)
async def test_a_body_that_is_not_an_update_is_refused(running: Running, body: bytes) -> None:
    assert await running.post(body) == 400
    assert await running.inbox().pending() == 0


async def test_health_and_readiness(running: Running) -> None:
    assert await running.get("/healthz") == (200, {"status": "ok"})
    status, body = await running.get("/readyz")
    assert status == 200 and body["status"] == "ok"


async def test_not_ready_while_the_schema_is_behind(tmp_path: Path, clock: FakeClock) -> None:
    engine = create_engine(normalise_database_url(await empty_database(tmp_path, "behind.db")))
    server = WebServer(
        inbox=Inbox(engine),
        engine=engine,
        clock=clock,
        webhook_path=None,
        secret=None,
        on_stored=lambda: None,
        on_unstored=_nothing,
    )
    port = free_port()
    await server.start("127.0.0.1", port)
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/readyz") as response,
        ):
            assert response.status == 503
            assert "schema" in (await response.json())["reason"]
        await migrate(engine, "0011")
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/readyz") as response,
        ):
            assert response.status == 503
        await migrate(engine)
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/readyz") as response,
        ):
            assert response.status == 200
    finally:
        await server.stop()
        await engine.dispose()


async def _nothing(_raws: Any) -> None:
    return None
