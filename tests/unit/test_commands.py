"""The command menu is complete: every command registered is a patient's (in the menu) or
a staff member's (kept out of it), never both, never neither."""

from __future__ import annotations

from telegram.ext import ApplicationBuilder, CommandHandler

import handlers
from bot.commands import COMMANDS, STAFF_COMMANDS


def _registered() -> set[str]:
    app = ApplicationBuilder().token("123:" + "A" * 35).build()
    handlers.register(app)
    return {
        command
        for group in app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }


def test_every_registered_command_is_in_the_menu_or_staff_only() -> None:
    assert set(COMMANDS).isdisjoint(STAFF_COMMANDS)
    assert _registered() == set(COMMANDS) | set(STAFF_COMMANDS)
    assert len(set(COMMANDS)) == len(COMMANDS)


def test_unlink_is_in_the_patients_menu() -> None:
    assert "unlink" in COMMANDS
