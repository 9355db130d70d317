"""Reading the terminal sandbox's input: one line at a time, whole, without blocking the exit.

Split from :mod:`bot.sandbox.terminal` (the chat itself), because reading a line from a
terminal has its own traps: the kernel's line editor keeps only 4095 bytes of a line and
silently drops the rest (so GNU readline is used where it can be), a blocked read must not
hold up the exit (so it runs in a daemon thread), and readline changes the terminal's
settings (so they are saved and put back).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["TTY_LINE_MAX", "Reader", "line_reader", "read_line", "restore_tty", "save_tty_mode"]

# Linux's canonical-mode line editor (N_TTY) holds 4096 bytes: a line keeps 4095 and its
# newline, and whatever is typed or pasted past that is dropped without a sign.
TTY_LINE_MAX = 4095

Reader = Callable[[], tuple[str, bool]]  # -> (line with its newline, "" at the end; cut?)


def line_reader(stdin: TextIO, out: TextIO) -> Reader:
    """How to read one line of input whole, and whether the terminal may have cut it.

    On a terminal the kernel's line editor keeps at most TTY_LINE_MAX bytes of a line and
    drops the rest without a sign. GNU readline (what input() uses when stdin and stdout are
    the terminal) reads key by key instead, with no limit, so that is the way when it can be
    had; otherwise a line of exactly the limit is reported as cut. Pipes have no limit.
    """
    if stdin is sys.stdin and out is sys.stdout and stdin.isatty() and out.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (imported for its side effect on input())

            def read_with_readline() -> tuple[str, bool]:
                try:
                    return input() + "\n", False
                except EOFError:
                    return "", False

            return read_with_readline
    if stdin.isatty() and hasattr(stdin, "buffer"):
        raw = stdin.buffer

        def read_canonical() -> tuple[str, bool]:
            # Bytes, decoded leniently: a cut line can end inside a UTF-8 sequence.
            data = raw.readline()
            body = data.rstrip(b"\n")
            return data.decode("utf-8", "replace"), len(body) >= TTY_LINE_MAX

        return read_canonical
    return lambda: (stdin.readline(), False)


async def read_line(read: Reader) -> tuple[str, bool]:
    """Call ``read`` in a daemon thread, so a blocked read never holds up the exit."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[tuple[str, bool]] = loop.create_future()

    def work() -> None:
        try:
            result = read()
        except BaseException as exc:  # handed to the awaiting task, which re-raises it
            loop.call_soon_threadsafe(_settle, done, None, exc)
        else:
            loop.call_soon_threadsafe(_settle, done, result, None)

    threading.Thread(target=work, name="sandbox-stdin", daemon=True).start()
    return await done


def _settle(
    future: asyncio.Future[tuple[str, bool]],
    result: tuple[str, bool] | None,
    exc: BaseException | None,
) -> None:
    if future.done():
        return
    if exc is not None:
        future.set_exception(exc)
    elif result is not None:
        future.set_result(result)


def save_tty_mode(stdin: TextIO) -> list[Any] | None:
    """The terminal's settings, to put back at exit: readline changes them while it reads,
    and an exit in the middle of a read (Ctrl-C) would leave the terminal without echo."""
    try:
        import termios

        return termios.tcgetattr(stdin.fileno()) if stdin.isatty() else None
    except (ImportError, OSError, ValueError):  # not a POSIX terminal, or no file descriptor
        return None


def restore_tty(stdin: TextIO, mode: list[Any] | None) -> None:
    """Put back the terminal settings `save_tty_mode` read (nothing if it read none)."""
    if mode is None:
        return
    import termios

    with contextlib.suppress(OSError, ValueError):
        termios.tcsetattr(stdin.fileno(), termios.TCSADRAIN, mode)
