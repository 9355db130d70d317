"""The bot's command menu: which commands Telegram shows, in order.

One list, read by the composition root (which sets the menu with `setMyCommands`) and by the
content checks (every command needs a `common.commands.<name>` description); pure, so the
content package can import it without pulling in Telegram.
"""

from __future__ import annotations

from typing import Final

COMMANDS: Final[tuple[str, ...]] = (
    "today",
    "exercises",
    "selftest",
    "progress",
    "symptoms",
    "settings",
    "pause",
    "resume",
    "stop",
    "mydata",
    "delete",
    "start",
    "help",
)
