"""The terminal sandbox: chat with the real bot in this terminal, with no Telegram account.

The bot runs exactly as in production, polling a local sandbox Bot API server; this module
plays the Telegram client. Type to send a message; buttons print as numbered choices, and a
number picks one. Lines starting with "!" are sandbox commands (`!help`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.clock import Clock, system_clock
from bot.config import Settings, normalise_database_url
from bot.runner import running_bot
from bot.sandbox.server import SandboxBotApi, SentMessage
from bot.sandbox.tracker import UpdateTracker

# Only ever sent to the local sandbox server; it grants nothing anywhere else.
SANDBOX_TOKEN = "100000001:sandbox-token-not-secret-0000000000"  # noqa: S105
SANDBOX_DB = "sqlite:///toebot-sandbox.db"
FILES_DIR = Path("sandbox-files")
FIRST_USER_ID = 1001
ADMIN_ID = 1000  # "!as admin": the sandbox's admin, added to ADMIN_IDS
LINK_RE = re.compile(r"https://t\.me/\S+\?start=[A-Za-z0-9_-]+")
QUIT = -1  # what `handle` returns for !quit; 0 means nothing was sent to the bot

HELP = """Sandbox commands:
  <text>          send a message as the current user (e.g. /start)
  <number>        tap that button of the last message with buttons
  !say <text>     send text literally (e.g. a bare number)
  !as <name|id>   switch user (a new name makes a new user)
  !users          list users and their ids
  !link [url]     open a deep link (https://t.me/<bot>?start=...); no url: the last one shown
  !advance <30m|2h|1d>  move the bot's clock forward (to see reminders without waiting)
  !quit           leave (also Ctrl-D)"""


class TerminalChat:
    """State of the terminal client: who you are and which buttons are on screen."""

    def __init__(self, sandbox: SandboxBotApi, out: TextIO) -> None:
        self.sandbox = sandbox
        self.out = out
        self.users: dict[str, int] = {"pat": FIRST_USER_ID, "admin": ADMIN_ID}
        self.names: dict[int, str] = {FIRST_USER_ID: "Pat", ADMIN_ID: "Admin"}
        self.last_link: str | None = None
        self.clock = OffsetClock()
        self.current = FIRST_USER_ID
        self._shown: dict[tuple[int, int], str] = {}
        FILES_DIR.mkdir(exist_ok=True)

    def say(self, line: str) -> None:
        """Print one line for the person at the terminal."""
        print(line, file=self.out, flush=True)

    def on_bot_message(self, chat_id: int, message: SentMessage, kind: str) -> None:
        """Listener: print what the bot sent or edited, with its buttons and files."""
        who = "" if chat_id == self.current else f" → {self.names.get(chat_id, chat_id)}"
        body = self.sandbox.plain_text(message)
        if found := LINK_RE.findall(body):
            self.last_link = found[-1]
        key = (chat_id, message.message_id)
        if kind == "deleted":
            self.say(f"(bot{who} deleted a message)")
            return
        if kind != "new" and self._shown.get(key) == body and not message.keyboard:
            return  # only the buttons were taken away: nothing new to read
        self._shown[key] = body
        tag = " (edited)" if kind != "new" else ""
        self.say(f"\n🤖 bot{who}{tag}:")
        for line in body.splitlines() or [""]:
            self.say(f"   {line}")
        if message.file_bytes is not None:
            name = message.file_name or (
                "photo.png" if message.file_bytes.startswith(b"\x89PNG") else f"{message.kind}.bin"
            )
            path = FILES_DIR / f"{chat_id}-{message.message_id}-{name}"
            path.write_bytes(message.file_bytes)
            self.say(f"   [file saved: {path}]")
        number = 1
        for row in message.keyboard:
            cells = []
            for label, _data in row:
                cells.append(f"[{number}] {label}")
                number += 1
            self.say("   " + "   ".join(cells))

    def _last_keyboard(self) -> SentMessage | None:
        for message in reversed(self.sandbox.messages(self.current)):
            if message.keyboard and not message.deleted:
                return message
        return None

    def switch(self, arg: str) -> None:
        """`!as`: become another user, by name or numeric id."""
        arg = arg.strip()
        if not arg:
            self.say("usage: !as <name or id>")
            return
        if arg.isdigit():
            uid = int(arg)
            self.names.setdefault(uid, f"User{uid}")
        else:
            key = arg.lower()
            if key not in self.users:
                self.users[key] = FIRST_USER_ID + len(self.users)
            uid = self.users[key]
            self.names[uid] = arg
        self.sandbox.user(uid, first_name=self.names[uid])
        self.current = uid
        self.say(f"(you are now {self.names[uid]}, id {uid})")

    def handle(self, line: str) -> int:
        """Act on one typed line: the update id sent to the bot, 0 for none, QUIT to leave."""
        text = line.rstrip("\n")
        if not text.strip():
            return 0
        if text.startswith("!"):
            command, _, arg = text[1:].partition(" ")
            return self._command(command.lower(), arg)
        if re.fullmatch(r"\d{1,2}", text.strip()):
            message = self._last_keyboard()
            flat = [d for row in (message.keyboard if message else []) for (_, d) in row]
            index = int(text) - 1
            data = flat[index] if 0 <= index < len(flat) else None
            if message is not None and data is not None:
                return self.sandbox.press(self.current, message.message_id, data)
        return self.sandbox.send_text(self.current, text)

    def _command(self, command: str, arg: str) -> int:
        if command in {"quit", "exit", "q"}:
            return QUIT
        if command == "say":
            return self.sandbox.send_text(self.current, arg)
        if command == "as":
            self.switch(arg)
        elif command == "users":
            for uid, name in sorted(self.names.items()):
                mark = "*" if uid == self.current else " "
                self.say(f" {mark} {name} (id {uid})")
        elif command == "link":
            url = arg.strip() or self.last_link or ""
            try:
                return self.sandbox.open_link(self.current, url)
            except ValueError as exc:
                self.say(f"(cannot open that link: {exc})")
        elif command == "advance":
            delta = parse_delta(arg)
            if delta is None:
                self.say("usage: !advance 30m | 2h | 1d")
            else:
                self.clock.offset += delta
                self.say(f"(the bot's clock is now {self.clock():%a %d %b %H:%M} UTC)")
        else:
            self.say(HELP)
        return 0


class OffsetClock:
    """The real clock plus an offset that `!advance` grows, so reminders can be tried."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return system_clock() + self.offset


def parse_delta(text: str) -> dt.timedelta | None:
    """ "30m", "2h", "1d" -> a positive timedelta (None for anything else)."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*([mhd])\s*", text)
    if match is None or int(match[1]) == 0:
        return None
    unit = {"m": "minutes", "h": "hours", "d": "days"}[match[2]]
    return dt.timedelta(**{unit: int(match[1])})


def sandbox_settings(settings: Settings, sandbox: SandboxBotApi) -> Settings:
    """The configured settings, pointed at the sandbox server and its own database file."""
    update: dict[str, object] = {
        "telegram_bot_token": SecretStr(SANDBOX_TOKEN),
        "telegram_api_url": sandbox.base_url,
        "admin_ids": settings.admin_ids | {ADMIN_ID},
    }
    if "DATABASE_URL" not in os.environ:
        # Keep sandbox users out of a real bot's database.
        update["database_url"] = normalise_database_url(SANDBOX_DB)
    return settings.model_copy(update=update)


async def run_terminal(
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """Start the sandbox server and the bot, then chat until !quit or end of input."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    sandbox = SandboxBotApi(SANDBOX_TOKEN)
    await sandbox.start()
    try:
        chat = TerminalChat(sandbox, out)
        sandbox.add_listener(chat.on_bot_message)
        tracker = UpdateTracker()
        async with running_bot(
            sandbox_settings(settings, sandbox), clock=clock or chat.clock
        ) as app:
            tracker.attach(app)
            chat.say(
                "Toebot terminal sandbox: you are Pat (id 1001). Type /start to begin, "
                "!help for help; !as admin becomes the admin (/newtherapist)."
            )
            while True:
                line = await asyncio.to_thread(stdin.readline)
                result = chat.handle(line) if line else QUIT
                if result == QUIT:
                    break
                if result > 0:
                    # Read the next line only once the bot has answered this one, so the
                    # output stays in order when input is piped.
                    with contextlib.suppress(TimeoutError):
                        await tracker.wait(result)
    finally:
        await sandbox.stop()
    return 0
