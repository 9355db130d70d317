"""The terminal sandbox across restarts (same users, same clock, same message ids) and its
rule for long input (refused over Telegram's 4096 characters, never silently cut)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.sandbox import SandboxBotApi
from bot.sandbox.session import (
    ADMIN_ID,
    FIRST_USER_ID,
    SandboxSession,
    load_session,
    save_session,
    state_path,
)
from bot.sandbox.terminal import SANDBOX_TOKEN, TerminalChat, run_terminal
from bot.sandbox.terminal_input import TTY_LINE_MAX, line_reader

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The terminal writes sandbox-files/ (and by default its database) into the cwd.
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
async def servers() -> AsyncIterator[list[SandboxBotApi]]:
    """Sandbox servers made on demand; each one is a "run" of the sandbox."""
    made: list[SandboxBotApi] = []
    yield made
    for api in made:
        await api.stop()


async def new_server(made: list[SandboxBotApi]) -> SandboxBotApi:
    api = SandboxBotApi(SANDBOX_TOKEN)
    await api.start()
    made.append(api)
    return api


def start_chat(sandbox: SandboxBotApi, state: Path, clock: FakeClock) -> tuple[TerminalChat, str]:
    session, warning = load_session(state)
    out = io.StringIO()
    return TerminalChat(
        sandbox, out, session=session, state_file=state, base_clock=clock
    ), warning or ""


def said(chat: TerminalChat) -> str:
    assert isinstance(chat.out, io.StringIO)
    return chat.out.getvalue()


async def test_names_clock_and_message_ids_survive_a_restart(
    servers: list[SandboxBotApi], tmp_path: Path
) -> None:
    state = tmp_path / "toebot-sandbox.db-sandbox.json"
    clock = FakeClock(START)
    first, warning = start_chat(await new_server(servers), state, clock)
    assert warning == ""  # no file yet: a first run, nothing to warn about
    first.handle("!as Alice")
    alice = first.current
    first.handle("!as bob")
    bob = first.current
    assert len({alice, bob, FIRST_USER_ID, ADMIN_ID}) == 4
    first.handle("hello from bob")
    first.handle("!advance 2d")
    first.handle("!as alice")
    last_id = first.handle("hi")  # the run loop saves after each line; handle() does not
    first.save()
    assert last_id > 0
    next_ids = first.sandbox.chat_message_ids()

    clock.advance(dt.timedelta(minutes=5))  # the restart takes five real minutes
    second, warning = start_chat(await new_server(servers), state, clock)
    assert warning == ""
    assert second.current == alice  # you are who you were
    assert second.clock() == START + dt.timedelta(days=2, minutes=5)
    second.handle("!as BOB")
    assert second.current == bob
    second.handle("!as carol")
    assert second.current not in {alice, bob, FIRST_USER_ID, ADMIN_ID}
    # Message ids go on: the bot keys records by (chat, message id), so none is reused.
    second.handle("!as bob")
    second.handle("again")
    assert second.sandbox.chat_message_ids()[bob] == next_ids[bob] + 1
    assert f"(you are now bob, id {bob})" in said(second)  # the name as first typed
    second.handle("!as 0")
    assert "(user ids start at 1)" in said(second)


async def test_the_clock_never_runs_backwards_on_restart(
    servers: list[SandboxBotApi], tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    clock = FakeClock(START)
    first, _ = start_chat(await new_server(servers), state, clock)
    first.handle("!advance 3h")
    first.save()
    left_at = first.clock()

    clock.now = START - dt.timedelta(hours=10)  # the machine's clock was set back
    second, _ = start_chat(await new_server(servers), state, clock)
    assert second.clock() == left_at
    clock.advance(dt.timedelta(minutes=1))
    assert second.clock() == left_at + dt.timedelta(minutes=1)


async def test_a_chat_from_an_earlier_run_can_be_written_to_first(
    servers: list[SandboxBotApi], tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    clock = FakeClock(START)
    first, _ = start_chat(await new_server(servers), state, clock)
    first.handle("/start")
    first.save()
    sandbox = await new_server(servers)
    start_chat(sandbox, state, clock)
    # A reminder after the restart, before Pat has typed anything in this run.
    assert FIRST_USER_ID in sandbox.chat_message_ids()


async def test_forget_frees_the_names_but_keeps_ids_and_clock(
    servers: list[SandboxBotApi], tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    clock = FakeClock(START)
    chat, _ = start_chat(await new_server(servers), state, clock)
    chat.handle("!as alice")
    alice = chat.current
    chat.handle("!advance 1d")
    chat.handle("!forget")
    assert chat.current not in {alice, FIRST_USER_ID, ADMIN_ID}
    assert chat.names[chat.current] == "Pat"
    chat.handle("!as alice")
    assert chat.current != alice
    chat.handle("!as admin")
    assert chat.current == ADMIN_ID
    assert chat.clock() == START + dt.timedelta(days=1)
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["clock_offset_seconds"] == 86400.0
    assert "names forgotten" in said(chat)


@pytest.mark.parametrize(
    "content",
    ["{not json", "[]", '{"version": 1}', '{"version": 99}', "", "\x00\x01"],
    ids=["syntax", "list", "fields", "version", "empty", "binary"],
)
async def test_a_corrupt_state_file_gives_fresh_state_and_one_warning(
    servers: list[SandboxBotApi], tmp_path: Path, content: str
) -> None:
    state = tmp_path / "state.json"
    state.write_text(content, encoding="utf-8")
    chat, warning = start_chat(await new_server(servers), state, FakeClock(START))
    assert warning.startswith(f"(sandbox state {state} is unreadable (")
    assert "\n" not in warning
    assert chat.current == FIRST_USER_ID
    assert chat.clock() == START
    chat.handle("!advance 1h")  # and the broken file is replaced by a good one
    assert load_session(state) == (chat.session, None)


def test_saving_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    session = SandboxSession(offset=dt.timedelta(hours=5), clock_seen=START, chats={1001: 7})
    save_session(state, session)
    save_session(state, session)
    assert os.listdir(tmp_path) == ["state.json"]
    assert load_session(state) == (session, None)


def test_the_state_file_sits_next_to_the_database() -> None:
    assert state_path("sqlite+aiosqlite:///toebot-sandbox.db") == Path(
        "toebot-sandbox.db-sandbox.json"
    )
    assert state_path("sqlite+aiosqlite:////srv/x/bot.db") == Path("/srv/x/bot.db-sandbox.json")
    assert state_path("sqlite+aiosqlite://") is None  # in memory: nothing outlives the run
    assert state_path("sqlite+aiosqlite:///:memory:") is None
    assert state_path("postgresql+asyncpg://u@h/db") == Path("toebot-sandbox-state.json")


async def test_messages_over_4096_characters_are_refused_like_a_client(
    servers: list[SandboxBotApi], tmp_path: Path
) -> None:
    chat, _ = start_chat(await new_server(servers), tmp_path / "s.json", FakeClock(START))
    sandbox = chat.sandbox
    before = sandbox.updates_pending()
    assert chat.handle("x" * 4097) == 0
    assert "(not sent: the message is too long, 4097 characters; the limit is 4096)" in said(chat)
    # Telegram counts UTF-16 units: 2,049 emoji are 4,098 of them.
    assert chat.handle("😀" * 2049) == 0
    assert "4098 characters" in said(chat)
    assert chat.handle("!say " + "y" * 5000) == 0
    assert sandbox.updates_pending() == before
    assert chat.handle("x" * 4096) > 0  # at the limit: sent whole
    assert chat.handle("!say " + "é" * 4096) > 0
    assert sandbox.updates_pending() == before + 2


async def test_run_terminal_twice_on_one_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)  # the sandbox's own file in the cwd
    settings = Settings(_env_file=None, background_jobs=False)
    clock = FakeClock(START)

    async def run(lines: str) -> str:
        out = io.StringIO()
        await run_terminal(settings, stdin=io.StringIO(lines), out=out, base_clock=clock)
        return out.getvalue()

    first = await run("!as Alice\n/start\n!advance 2d\n" + "z" * 5000 + "\n!quit\n")
    assert "(you are now Alice, id 1003)" in first
    assert "(not sent: the message is too long, 5000 characters; the limit is 4096)" in first
    assert (tmp_path / "toebot-sandbox.db-sandbox.json").exists()

    clock.advance(dt.timedelta(hours=1))
    second = await run("!users\n!as alice\n!advance 1h\n")  # ends without !quit: end of input
    assert second.startswith("Toebot terminal sandbox: you are Alice (id 1003).")
    assert "The bot's clock is Wed 04 Mar 10:00 UTC, as you left it." in second
    assert " * Alice (id 1003)" in second
    assert "(the bot's clock is now Wed 04 Mar 11:00 UTC)" in second


async def test_a_new_database_drops_the_old_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings(_env_file=None, background_jobs=False)
    stale = SandboxSession(current=1005, names={1005: "Old"}, offset=dt.timedelta(days=9))
    save_session(tmp_path / "toebot-sandbox.db-sandbox.json", stale)
    out = io.StringIO()
    await run_terminal(settings, stdin=io.StringIO(""), out=out, base_clock=FakeClock(START))
    lines = out.getvalue().splitlines()
    assert lines[0] == "(new database toebot-sandbox.db: the saved sandbox users are dropped)"
    assert lines[1].startswith("Toebot terminal sandbox: you are Pat (id 1001).")


@pytest.fixture
def pty_stdin() -> Iterator[tuple[int, io.TextIOWrapper]]:
    """A real pseudo-terminal in canonical mode (echo off), as an interactive stdin."""
    termios = pytest.importorskip("termios")
    master, slave = os.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    stdin = open(slave, encoding="utf-8", closefd=True)  # noqa: SIM115
    try:
        yield master, stdin
    finally:
        stdin.close()
        os.close(master)


def test_a_line_the_terminal_cut_is_reported(pty_stdin: tuple[int, io.TextIOWrapper]) -> None:
    master, stdin = pty_stdin
    read = line_reader(stdin, io.StringIO())  # not the real stdout: no readline

    def type_in(text: str) -> None:
        threading.Thread(target=os.write, args=(master, text.encode()), daemon=True).start()

    type_in("short line\n")
    assert read() == ("short line\n", False)
    type_in("a" * 5000 + "\n")  # the kernel keeps 4095 bytes and drops the rest
    line, cut = read()
    assert (len(line), cut) == (TTY_LINE_MAX + 1, True)
    type_in("ж" * 3000 + "\n")  # 6000 bytes: cut inside a two-byte letter, still readable
    line, cut = read()
    assert cut
    assert line.startswith("ж" * 2047)


def test_piped_input_is_read_whole() -> None:
    read = line_reader(io.StringIO("q" * 10_000 + "\nnext\n"), io.StringIO())
    assert read() == ("q" * 10_000 + "\n", False)
    assert read() == ("next\n", False)
    assert read() == ("", False)
