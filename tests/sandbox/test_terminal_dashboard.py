"""The terminal sandbox opens the dashboard: a `web_app` button prints a loopback URL whose
fragment carries initData signed with the sandbox's token for the chat's user, its number and
`!menu` print a fresh one, and the sandbox's bot really serves the pages and the API there; the
sandbox Bot API keeps each chat's menu button as Telegram does."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, cast
from urllib.parse import parse_qs, urlsplit

import pytest
import telegram
from telegram import MenuButtonWebApp, WebAppInfo

from bot.clock import FakeClock
from bot.config import Settings
from bot.domain import initdata
from bot.sandbox.server import SandboxBotApi
from bot.sandbox.session import ADMIN_ID
from bot.sandbox.terminal import SANDBOX_TOKEN, run_terminal, sandbox_settings

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LINK = re.compile(r"http://127\.0\.0\.1:\d+/app/#tgWebAppData=[^\s)]+")


class ScriptedInput:
    """stdin for the terminal: each line is text, or a function called (in the terminal's
    reading thread, while the bot keeps running) that returns the next line."""

    def __init__(self, lines: list[str | Callable[[], str]]) -> None:
        self.lines = lines

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        if not self.lines:
            return ""
        line = self.lines.pop(0)
        return line() if callable(line) else line


@pytest.fixture(autouse=True)
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    return tmp_path


def _signed_user(link: str) -> int:
    fragment = parse_qs(urlsplit(link).fragment)
    user = initdata.validate(
        fragment["tgWebAppData"][0],
        bot_token=SANDBOX_TOKEN,
        now=START,
        max_age=dt.timedelta(hours=1),
    )
    return user.id


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status), bytes(response.read())


async def test_sandbox_settings_keep_the_dashboard_on_this_machine() -> None:
    sandbox = SandboxBotApi(SANDBOX_TOKEN)
    await sandbox.start()
    try:
        base = Settings(_env_file=None, webapp_url="https://dash.example.org/app/")
        settings = sandbox_settings(base, sandbox)
    finally:
        await sandbox.stop()
    assert settings.listen_host == "127.0.0.1"
    assert settings.webapp_url == f"http://127.0.0.1:{settings.port}/app/"
    assert settings.token == SANDBOX_TOKEN


async def test_a_therapist_opens_the_dashboard_from_the_terminal() -> None:
    out = io.StringIO()
    seen: dict[str, tuple[int, bytes]] = {}
    opened: list[str] = []

    def open_it() -> str:
        # Runs while the bot is up: the printed link is served by the sandbox's own bot.
        [link] = LINK.findall(out.getvalue())
        opened.append(link)
        page = link.split("#", 1)[0]
        seen["page"] = _get(page)
        # What the page's script sends: the fragment's value, decoded once.
        init = parse_qs(urlsplit(link).fragment)["tgWebAppData"][0]
        seen["me"] = _get(page + "api/me", {"Authorization": f"tma {init}"})
        return "1\n"

    lines: list[str | Callable[[], str]] = ["!as admin\n", "/dashboard\n", open_it, "!menu\n"]
    stdin = cast(TextIO, ScriptedInput([*lines, "!quit\n"]))
    settings = Settings(_env_file=None, background_jobs=False)
    await run_terminal(settings, stdin=stdin, out=out, base_clock=FakeClock(START))

    text = out.getvalue()
    [link] = opened
    assert f"opens in your browser: {link}" in text
    assert _signed_user(link) == ADMIN_ID
    status, body = seen["page"]
    assert status == 200 and b"/app/static/app.js" in body
    status, body = seen["me"]
    assert status == 200
    assert json.loads(body)["role"] == "admin"
    # Its number and !menu print a freshly signed link (the menu button was set by /dashboard).
    links = LINK.findall(text)
    assert len(links) == 3
    assert all(_signed_user(found) == ADMIN_ID for found in links)
    assert text.count("(open this in your browser: ") == 2


async def test_the_sandbox_keeps_each_chats_menu_button() -> None:
    sandbox = SandboxBotApi(SANDBOX_TOKEN)
    await sandbox.start()
    try:
        async with telegram.Bot(SANDBOX_TOKEN, base_url=sandbox.base_url) as bot:
            app = MenuButtonWebApp("Dashboard", WebAppInfo("https://dash.example.org/app/"))
            assert await bot.set_chat_menu_button(chat_id=42, menu_button=app)
            assert sandbox.menu_button(42)["web_app"] == {"url": "https://dash.example.org/app/"}
            assert sandbox.menu_button(43) == {"type": "commands"}
            assert (await bot.get_chat_menu_button(chat_id=42)).type == "web_app"
            # As Telegram: a Mini App only over HTTPS (the sandbox also takes loopback HTTP).
            plain = MenuButtonWebApp("Dashboard", WebAppInfo("http://example.org/app/"))
            with pytest.raises(telegram.error.BadRequest):
                await bot.set_chat_menu_button(chat_id=43, menu_button=plain)
            assert await bot.set_chat_menu_button(chat_id=42)  # back to the default
            assert sandbox.menu_button(42) == {"type": "commands"}
    finally:
        await sandbox.stop()
