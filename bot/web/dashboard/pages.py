"""The dashboard's page shells and static files (`bot/web/static/`, written by the pages).

Shells carry no health data: the page's script reads `initData` from the URL fragment and
asks the API. A page file holds only its own part: its first line `<!--#shell NAME-->` stands
for the head, navigation and message boxes every page shares (`_shell.html`, its `{{page}}`
made NAME: the body's `data-page` and the page's script). Given the content's texts, a
shell's `<noscript>` line is filled in from them (`dashboard.noscript`) as it is served: the
one word a page shows without its script.
`/app/static/<file>` serves one file of that folder by a plain name (letters,
digits, `-`, `_`, `.`; no path, no `..`), resolved and checked to stay inside it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from bot.content import Texts

__all__ = ["PAGES", "add_routes", "page_text"]

# Route -> the static file it serves.
PAGES = {
    "/app/": "caseload.html",
    "/app/alerts": "alerts.html",
    "/app/patient/{patient_id:\\d+}": "patient.html",
    "/app/export": "export.html",
}
NOT_FOUND_PAGE = "404.html"
_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")
# The shells change with a deployment: revalidate, never serve a stale one.
HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _file(folder: Path, name: str) -> Path | None:
    """`folder/name` if it is a plain file name of a file inside `folder`."""
    if not _NAME.match(name) or ".." in name:
        return None
    root = folder.resolve()
    path = (root / name).resolve()
    if path.parent != root or not path.is_file():
        return None
    return path


NOSCRIPT_KEY = "dashboard.noscript"
_NOSCRIPT = f'data-text="{NOSCRIPT_KEY}"></p>'
SHELL = "_shell.html"
_SHELL_LINE = re.compile(r"<!--#shell ([a-z]+)-->\n")


def page_text(path: Path) -> str:
    """A page file with the shared shell (`_shell.html` beside it) in place of its first
    line `<!--#shell NAME-->`; a file without that line as it is."""
    body = path.read_text(encoding="utf-8")
    found = _SHELL_LINE.match(body)
    if found is None:
        return body
    shell = (path.parent / SHELL).read_text(encoding="utf-8")
    return shell.replace("{{page}}", found[1]) + body[found.end() :]


def _shell(path: Path, texts: Texts | None, *, status: int = 200) -> web.StreamResponse:
    """A page shell, its `<noscript>` line filled in when there are texts."""
    body = page_text(path)
    if texts is not None and NOSCRIPT_KEY in texts:
        line = html.escape(texts.get(NOSCRIPT_KEY), quote=False)
        body = body.replace(_NOSCRIPT, _NOSCRIPT[:-4] + line + "</p>")
    return web.Response(
        text=body, status=status, content_type="text/html", charset="utf-8", headers=HEADERS
    )


def _not_found(folder: Path, texts: Texts | None = None) -> web.StreamResponse:
    page = _file(folder, NOT_FOUND_PAGE)
    if page is not None:
        return _shell(page, texts, status=404)
    return web.Response(status=404, headers=HEADERS)


def add_routes(app: web.Application, folder: Path, *, texts: Texts | None = None) -> None:
    """The page routes and `/app/static/{name}` on the server's application; with `texts`
    the shells' `<noscript>` line comes from content."""

    def page(name: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def serve(_request: web.Request) -> web.StreamResponse:
            path = _file(folder, name)
            return _shell(path, texts) if path else _not_found(folder, texts)

        return serve

    async def static(request: web.Request) -> web.StreamResponse:
        path = _file(folder, request.match_info["name"])
        if path is None:
            return _not_found(folder, texts)
        # A page's own file is served whole, shell and all, as it always was.
        if path.suffix == ".html":
            return _shell(path, None)
        return web.FileResponse(path, headers=HEADERS)

    async def to_app(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPPermanentRedirect("/app/")

    app.router.add_get("/app", to_app)
    for route, name in PAGES.items():
        app.router.add_get(route, page(name))
    app.router.add_get("/app/static/{name}", static)
