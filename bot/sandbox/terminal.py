"""The terminal sandbox: chat with the real bot in this terminal, with no Telegram account.

The bot runs exactly as in production, polling a local sandbox Bot API server; this module
plays the Telegram client. Type to send a message; buttons print as numbered choices, and a
number picks one. Lines starting with "!" are sandbox commands (`!help`).

Who is who and the `!advance`d clock are kept between runs in a file next to the sandbox's
database (:mod:`bot.sandbox.session`). Lines are read whole: through GNU readline on a terminal
(the kernel's line editor keeps only 4095 bytes of a line and silently drops the rest), and a
message over Telegram's 4096 characters is refused, as a Telegram client refuses it. How a
line is read is :mod:`bot.sandbox.terminal_input`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import socket
import sys
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from pydantic import SecretStr

from bot.clock import Clock, system_clock
from bot.config import Settings, normalise_database_url
from bot.content.html import utf16_len
from bot.domain import initdata
from bot.runner import running_bot
from bot.sandbox.compose import MAX_TEXT_LENGTH
from bot.sandbox.server import SandboxBotApi, SentMessage
from bot.sandbox.session import (
    ADMIN_ID,
    FIRST_USER_ID,
    SandboxSession,
    database_file,
    load_session,
    save_session,
    state_path,
)
from bot.sandbox.terminal_input import (
    TTY_LINE_MAX,
    line_reader,
    read_line,
    restore_tty,
    save_tty_mode,
)
from bot.sandbox.tracker import UpdateTracker

# Only ever sent to the local sandbox server; it grants nothing anywhere else.
SANDBOX_TOKEN = "100000001:sandbox-token-not-secret-0000000000"  # noqa: S105
SANDBOX_DB = "sqlite:///toebot-sandbox.db"
FILES_DIR = Path("sandbox-files")
__all__ = ["ADMIN_ID", "FIRST_USER_ID", "TerminalChat", "run_terminal"]
LINK_RE = re.compile(r"https://t\.me/\S+\?start=[A-Za-z0-9_-]+")
QUIT = -1  # what `handle` returns for !quit; 0 means nothing was sent to the bot

HELP = """Sandbox commands:
  <text>          send a message as the current user (e.g. /start)
  <number>        tap that button of the last message with buttons
  !say <text>     send text literally (e.g. a bare number)
  !as <name|id>   switch user (a new name makes a new user)
  !users          list users and their ids
  !link [url]     open a deep link (https://t.me/<bot>?start=...); no url: the last one shown
  !menu           open the chat's menu button (a therapist's dashboard, after /dashboard)
  !advance <30m|2h|1d>  move the bot's clock forward (to see reminders without waiting)
  !forget         forget who is who: names make new users again (the clock stays)
  !quit           leave (also Ctrl-D)"""


class TerminalChat:
    """State of the terminal client: who you are and which buttons are on screen."""

    def __init__(
        self,
        sandbox: SandboxBotApi,
        out: TextIO,
        *,
        session: SandboxSession | None = None,
        state_file: Path | None = None,
        base_clock: Clock = system_clock,
    ) -> None:
        self.sandbox = sandbox
        self.out = out
        self.session = session or SandboxSession()
        self.state_file = state_file
        self.last_link: str | None = None
        self.clock = OffsetClock(base_clock, self.session.offset)
        seen = self.session.clock_seen
        if seen is not None and self.clock() < seen:
            # The real clock went back (or the machine's time was changed): the bot stored
            # due times by the sandbox clock, which therefore must not run backwards.
            self.clock.offset += seen - self.clock()
        self._save_failed = False
        self._shown: dict[tuple[int, int], str] = {}
        # Chats of earlier runs: the bot may write to them first (a reminder), and their
        # message ids go on where they stopped.
        for chat_id, next_id in self.session.chats.items():
            self.sandbox.user(chat_id, first_name=self.names.get(chat_id))
            self.sandbox.resume_chat(chat_id, next_id)
        self.sandbox.user(self.current, first_name=self.names.get(self.current))
        FILES_DIR.mkdir(exist_ok=True)

    @property
    def users(self) -> dict[str, int]:
        return self.session.users

    @property
    def names(self) -> dict[int, str]:
        return self.session.names

    @property
    def current(self) -> int:
        return self.session.current

    @current.setter
    def current(self, uid: int) -> None:
        self.session.current = uid

    def save(self) -> None:
        """Write the state file (if there is one); a failure is said once, not raised."""
        if self.state_file is None:
            return
        session = self.session
        session.offset = self.clock.offset
        now = self.clock()
        session.clock_seen = now if session.clock_seen is None else max(session.clock_seen, now)
        for chat_id, next_id in self.sandbox.chat_message_ids().items():
            session.chats[chat_id] = max(session.chats.get(chat_id, 1), next_id)
        try:
            save_session(self.state_file, session)
        except OSError as exc:
            if not self._save_failed:
                self.say(f"(could not save the sandbox state to {self.state_file}: {exc})")
            self._save_failed = True
        else:
            self._save_failed = False

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
        apps: list[tuple[int, str]] = []
        for row in message.inline_keyboard or []:
            cells = []
            for button in row:
                cells.append(f"[{number}] {button['text']}")
                if (url := _web_app_url(button)) is not None:
                    apps.append((number, url))
                number += 1
            self.say("   " + "   ".join(cells))
        for number, url in apps:
            # A Mini App opens in a browser here: the link carries initData signed for the
            # chat's user, as a Telegram client would pass it (valid for a while: the number
            # signs a fresh one).
            self.say(f"   [{number}] opens in your browser: {self.web_app_link(url, chat_id)}")
        if kind == "new":
            self.save()  # a message id was taken; keep it taken even if the run is killed

    def web_app_link(self, url: str, user_id: int | None = None) -> str:
        """The Mini App at `url` as Telegram opens it for `user_id` (default: you): the URL with
        `#tgWebAppData=<initData>` signed with the sandbox's token at the bot's clock."""
        uid = self.current if user_id is None else user_id
        user = {"id": uid, "first_name": self.names.get(uid, f"User{uid}")}
        signed = initdata.sign(bot_token=SANDBOX_TOKEN, user=user, auth_date=self.clock())
        return f"{url}#tgWebAppData={quote(signed, safe='')}"

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
            if uid <= 0:
                self.say("(user ids start at 1)")
                return
            self.names.setdefault(uid, f"User{uid}")
        else:
            key = arg.lower()
            if key not in self.users:
                self.users[key] = self.session.new_user_id()
            uid = self.users[key]
            # The name as first typed stays: `!as alice` later is the same Alice, not a rename.
            self.names.setdefault(uid, arg)
        self.sandbox.user(uid, first_name=self.names[uid])
        self.current = uid
        self.save()
        self.say(f"(you are now {self.names[uid]}, id {uid})")

    def send(self, text: str) -> int:
        """Send ``text`` as the current user, unless a Telegram client would refuse it."""
        if not text.strip():
            return 0
        length = utf16_len(text)
        if length > MAX_TEXT_LENGTH:
            # Telegram counts UTF-16 code units, as the sandbox does for the bot's messages.
            self.say(
                f"(not sent: the message is too long, {length} characters; "
                f"the limit is {MAX_TEXT_LENGTH})"
            )
            return 0
        return self.sandbox.send_text(self.current, text)

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
            flat = [b for row in (message.inline_keyboard or [] if message else []) for b in row]
            index = int(text) - 1
            chosen = flat[index] if 0 <= index < len(flat) else None
            if chosen is not None and (url := _web_app_url(chosen)) is not None:
                self.say(f"(open this in your browser: {self.web_app_link(url)})")
                return 0
            data = chosen.get("callback_data") if chosen is not None else None
            if message is not None and isinstance(data, str):
                return self.sandbox.press(self.current, message.message_id, data)
        return self.send(text)

    def _command(self, command: str, arg: str) -> int:
        if command in {"quit", "exit", "q"}:
            return QUIT
        if command == "say":
            if not arg.strip():
                self.say("usage: !say <text>")
                return 0
            return self.send(arg)
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
        elif command == "menu":
            app = _web_app_url(self.sandbox.menu_button(self.current))
            if app is None:
                self.say("(this chat's menu button is the command list: /dashboard sets one)")
            else:
                self.say(f"(open this in your browser: {self.web_app_link(app)})")
        elif command == "advance":
            delta = parse_delta(arg)
            if delta is None:
                self.say("usage: !advance 30m | 2h | 1d")
            else:
                self.clock.offset += delta
                self.save()
                self.say(f"(the bot's clock is now {self.clock():%a %d %b %H:%M} UTC)")
        elif command == "forget":
            self.forget()
        else:
            self.say(HELP)
        return 0

    def forget(self) -> None:
        """`!forget`: names are free again; old ids are never reused and the clock stays.

        The database still holds the old accounts and the due times set by this clock, so
        a fresh start of those means deleting the database and its state file.
        """
        self.session.forget_names()
        self.sandbox.user(self.current, first_name=self.names[self.current])
        self.save()
        self.say(
            f"(names forgotten: you are now a new Pat, id {self.current}; the clock stays at "
            f"{self.clock():%a %d %b %H:%M} UTC. To start from nothing, !quit and delete "
            "the sandbox database and its state file)"
        )

    def greeting(self) -> str:
        """The first line of a run: who you are and, if it is not today, the bot's clock."""
        me = f"{self.names.get(self.current, self.current)} (id {self.current})"
        clock = ""
        if self.clock.offset >= dt.timedelta(minutes=1):
            clock = f" The bot's clock is {self.clock():%a %d %b %H:%M} UTC, as you left it."
        return (
            f"Toebot terminal sandbox: you are {me}. Type /start to begin, "
            f"!help for help; !as admin becomes the admin (/newtherapist, /dashboard).{clock}"
        )


class OffsetClock:
    """The real clock plus an offset that `!advance` grows, so reminders can be tried."""

    def __init__(self, base: Clock = system_clock, offset: dt.timedelta = dt.timedelta(0)) -> None:
        self.base = base
        self.offset = offset

    def __call__(self) -> dt.datetime:
        return self.base() + self.offset


def _web_app_url(button: dict[str, Any]) -> str | None:
    """The URL of a `web_app` button (inline or menu button), None for any other."""
    app = button.get("web_app")
    url = app.get("url") if isinstance(app, dict) else None
    return url if isinstance(url, str) else None


def parse_delta(text: str) -> dt.timedelta | None:
    """ "30m", "2h", "1d" -> a positive timedelta (None for anything else)."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*([mhd])\s*", text)
    if match is None or int(match[1]) == 0:
        return None
    unit = {"m": "minutes", "h": "hours", "d": "days"}[match[2]]
    return dt.timedelta(**{unit: int(match[1])})


def free_port() -> int:
    """A loopback port nothing listens on now (the dashboard's, unless PORT is set)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def sandbox_settings(settings: Settings, sandbox: SandboxBotApi) -> Settings:
    """The configured settings, pointed at the sandbox server and its own database file, with
    the dashboard on this machine only (loopback, PORT or a free port)."""
    port = settings.port if "PORT" in os.environ else free_port()
    update: dict[str, object] = {
        "telegram_bot_token": SecretStr(SANDBOX_TOKEN),
        "telegram_api_url": sandbox.base_url,
        "admin_ids": settings.admin_ids | {ADMIN_ID},
        # The pages show health data: never listen beyond this machine in the sandbox. A
        # configured WEBAPP_URL is a real deployment's, whose initData the sandbox cannot sign.
        "listen_host": "127.0.0.1",
        "port": port,
        "webapp_url": f"http://127.0.0.1:{port}/app/",
    }
    if "DATABASE_URL" not in os.environ:
        # Keep sandbox users out of a real bot's database.
        update["database_url"] = normalise_database_url(SANDBOX_DB)
    return settings.model_copy(update=update)


def open_session(database_url: str) -> tuple[SandboxSession, Path | None, str | None]:
    """The saved sandbox state for this database, its file and a line to show, if any."""
    path = state_path(database_url)
    db = database_file(database_url)
    if path is not None and db is not None and not db.exists() and path.exists():
        # The state describes accounts of a database that is gone: start both afresh.
        return SandboxSession(), path, f"(new database {db}: the saved sandbox users are dropped)"
    session, warning = load_session(path)
    return session, path, warning


async def run_terminal(
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    base_clock: Clock = system_clock,
) -> int:
    """Start the sandbox server and the bot, then chat until !quit or end of input.

    ``base_clock`` is the real time under the sandbox clock (tests pass a fake one).
    """
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    read = line_reader(stdin, out)
    tty_mode = save_tty_mode(stdin)
    sandbox = SandboxBotApi(SANDBOX_TOKEN)
    await sandbox.start()
    chat: TerminalChat | None = None
    try:
        settings = sandbox_settings(settings, sandbox)
        session, state_file, note = open_session(settings.database_url)
        chat = TerminalChat(
            sandbox, out, session=session, state_file=state_file, base_clock=base_clock
        )
        if note:
            chat.say(note)
        sandbox.add_listener(chat.on_bot_message)
        tracker = UpdateTracker()
        async with running_bot(settings, clock=chat.clock) as app:
            tracker.attach(app)
            chat.say(chat.greeting())
            while True:
                line, cut = await read_line(read)
                if cut:
                    chat.say(
                        f"(not sent: the terminal cut this line at {TTY_LINE_MAX} bytes; "
                        "pipe long text in, or run the sandbox with its output on the terminal)"
                    )
                    continue
                result = chat.handle(line) if line else QUIT
                chat.save()
                if result == QUIT:
                    break
                if result > 0:
                    # Read the next line only once the bot has answered this one, so the
                    # output stays in order when input is piped.
                    with contextlib.suppress(TimeoutError):
                        await tracker.wait(result)
    finally:
        if chat is not None:
            chat.save()
        await sandbox.stop()
        restore_tty(stdin, tty_mode)
    return 0
