"""The HTTP server: the webhook Telegram posts updates to, `/healthz`, `/readyz` and the
therapists' dashboard (`/app/`, `bot.web.dashboard`) when it is given the app's `Deps`.

The webhook answers 200 only after the update is stored in the inbox (`bot.inbox`), so an
update Telegram was told we have can never be lost; if storing fails it answers 500 and
Telegram sends it again later. Every request must carry the secret given to setWebhook in
`X-Telegram-Bot-Api-Secret-Token`, compared in constant time: without it (or with a wrong
one) the answer is 401 and nothing is stored, so a stranger who finds the URL cannot post
forged updates. `/healthz` says the process is alive; `/readyz` says the database answers
and its schema is at this code's head migration (a load balancer sends no traffic before).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock
from bot.db.engine import head_revision, schema_revision
from bot.deps import Deps
from bot.inbox.store import Inbox
from bot.web import dashboard

__all__ = ["SECRET_HEADER", "WebServer"]

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
# Telegram's updates are small; a larger body is not an update (aiohttp answers 413).
MAX_BODY = 1 << 20


class WebServer:
    """The aiohttp application and its site; `start`/`stop` around the bot's life."""

    def __init__(
        self,
        *,
        inbox: Inbox,
        engine: AsyncEngine,
        clock: Clock,
        webhook_path: str | None,
        secret: str | None,
        on_stored: Callable[[], None],
        on_unstored: Callable[[Sequence[Mapping[str, Any]]], Awaitable[None]],
        dashboard_deps: Deps | None = None,
    ) -> None:
        if webhook_path is not None and not secret:
            raise ValueError("a webhook needs its secret")
        self.inbox = inbox
        self.engine = engine
        self.clock = clock
        self.webhook_path = webhook_path
        self._secret = (secret or "").encode()
        self.on_stored = on_stored
        self.on_unstored = on_unstored
        self.dashboard_deps = dashboard_deps
        # The port listened on once started (the one picked when asked for port 0).
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self.app = self._build()

    def _build(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        if self.webhook_path is not None:
            app.router.add_post(self.webhook_path, self._webhook)
        if self.dashboard_deps is not None:
            dashboard.mount(app, self.dashboard_deps)
        return app

    async def start(self, host: str, port: int) -> None:
        """Listen on host:port (port 0 picks a free one, then in `self.port`)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.port = int(self._runner.addresses[0][1])
        log.info("HTTP server listening on %s:%s", host, self.port)

    async def stop(self) -> None:
        """Stop listening; requests under way finish first (aiohttp's graceful close)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # --- handlers --------------------------------------------------------------------------

    async def _webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            # No detail: the caller is not Telegram.
            return web.Response(status=401)
        try:
            raw = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400)
        if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
            return web.Response(status=400)
        try:
            stored = await self.inbox.put([raw], now=self.clock())
        except Exception as exc:
            # The database is down. Telegram would retry a 500, but only minutes later: a
            # warning sign must get its advice now, so the update is handled at once.
            log.error("webhook: could not store update (%s)", type(exc).__name__)
            await self.on_unstored([raw])
            return web.Response(status=200)
        if stored.new:
            self.on_stored()
        return web.Response(status=200)

    async def _healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _readyz(self, _request: web.Request) -> web.Response:
        ready, reason = await _ready(self.engine)
        return web.json_response(
            {"status": "ok" if ready else "unavailable", "reason": reason},
            status=200 if ready else 503,
        )


async def _ready(engine: AsyncEngine) -> tuple[bool, str]:
    try:
        current = await schema_revision(engine)
    except Exception as exc:
        return False, f"database unreachable ({type(exc).__name__})"
    head = head_revision()
    if current != head:
        return False, f"database schema at {current or 'none'}, code needs {head}"
    return True, "database reachable, schema at head"
