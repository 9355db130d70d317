"""The therapists' dashboard, a Telegram Mini App served by the bot's own HTTP server.

`mount` adds to the server's aiohttp application the page shells under `/app/` (static
HTML, CSS and JavaScript from `bot/web/static/`, no health data) and the JSON API under
`/app/api/` (`bot.web.dashboard.api`), a sub-application whose middleware authenticates
every call by Telegram's signed `initData` (`bot.web.dashboard.auth`). The API reads and
acts through `bot.services` with the composition root's `Deps` (sessions, settings, content,
clock, notifier).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.deps import Deps
from bot.web.dashboard import api, pages
from bot.web.dashboard.auth import DEPS, api_middleware

__all__ = ["STATIC_DIR", "mount"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def mount(app: web.Application, deps: Deps, *, static_dir: Path = STATIC_DIR) -> None:
    """Add the dashboard's pages and API to `app` (the webhook's application)."""
    sub = web.Application(middlewares=[api_middleware])
    sub[DEPS] = deps
    api.add_routes(sub)
    app.add_subapp("/app/api/", sub)
    pages.add_routes(app, static_dir, texts=deps.content.texts)
