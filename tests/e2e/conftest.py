"""End-to-end fixtures: the real bot against the sandbox Bot API on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, running_harness


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """A running bot with an empty, migrated database."""
    async with running_harness(database_url, clock) as h:
        yield h
