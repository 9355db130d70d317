"""Fixtures shared by the database-and-sandbox integration tests (dispatch, delivery): a
started sandbox Bot API that records every call, and the token it answers to."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox.server import SandboxBotApi

TOKEN = "123456:TEST-integration-token-abcdefgh"


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxBotApi]:
    api = SandboxBotApi(TOKEN, record_history=True)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()
