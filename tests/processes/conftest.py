"""The process tests' sandbox: one Bot API emulator in the test process, which the bot
processes under test talk to over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox.server import SandboxBotApi
from tests.e2e.harness import TOKEN


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxBotApi]:
    """A started sandbox, stopped after the test."""
    api = SandboxBotApi(TOKEN)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()
