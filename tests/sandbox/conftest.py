"""Fixtures for the sandbox Bot API tests: a started server and a real PTB bot aimed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram

from bot.sandbox import SandboxBotApi

TOKEN = "123456:TEST-sandbox-token"
USER = 1001


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxBotApi]:
    api = SandboxBotApi(TOKEN)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


@pytest.fixture
async def bot(sandbox: SandboxBotApi) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(
        TOKEN, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url
    ) as tg_bot:
        yield tg_bot


@pytest.fixture
def chat(sandbox: SandboxBotApi) -> int:
    """A user who has written to the bot, so the bot may message them."""
    sandbox.send_text(USER, "hello")
    return USER
