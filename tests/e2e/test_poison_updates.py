"""Updates python-telegram-bot cannot parse are set aside, once, and polling goes on.

The sandbox queues raw update JSON of kinds PTB 22 rejects, in the same batch as valid
updates: all are stored in the inbox and confirmed (the offset moves past them), the valid
ones are handled, the bad ones are set aside by the inbox worker (marked failed, counted),
the logs name only their update ids and exception types, and getUpdates is not called in a
loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from telegram import Update

from bot.app import WORKER_KEY
from bot.clock import FakeClock
from bot.inbox.keys import ALLOWED_UPDATES
from bot.inbox.worker import InboxWorker
from bot.sandbox.control import SandboxHttpClient
from bot.sandbox.server import SandboxBotApi
from tests.e2e.harness import BotHarness, running_harness

ANN, BOB, CAT = 7_600_000_001, 7_600_000_002, 7_600_000_003
SECRET = "my-private-foot-symptom-words"
# At most: the first poll, one poll per batch handed over, the long poll left waiting, and a
# few for the handlers' own timing. Before the fix this was thousands within the test.
MAX_GET_UPDATES = 8


def _chat(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": "Poison"}


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Poison"}


def _poll_missing_a_required_field() -> dict[str, Any]:
    # PTB 22.8 requires `allows_revoting` (Bot API 9.6); an older server, or a newer one that
    # drops a field, sends polls without it.
    return {
        "poll": {
            "id": "5000001",
            "question": SECRET,
            "options": [{"persistent_id": "o1", "text": SECRET, "voter_count": 0}],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        }
    }


def _edit_with_malformed_entity(user_id: int) -> dict[str, Any]:
    return {
        "edited_message": {
            "message_id": 902,
            "date": 1,
            "edit_date": 2,
            "chat": _chat(user_id),
            "from": _user(user_id),
            "text": SECRET,
            "entities": [{"length": 3}],  # no type, no offset
        }
    }


def _message_with_malformed_entity(user_id: int) -> dict[str, Any]:
    return {
        "message": {
            "message_id": 900,
            "date": 1,
            "chat": _chat(user_id),
            "from": _user(user_id),
            "text": SECRET,
            "entities": [{"offset": 0}],  # no type, no length
        }
    }


def _message_without_date(user_id: int) -> dict[str, Any]:
    return {
        "message": {
            "message_id": 901,
            "chat": _chat(user_id),
            "from": _user(user_id),
            "text": SECRET,
        }
    }


def _callback_with_broken_message(user_id: int) -> dict[str, Any]:
    return {
        "callback_query": {
            "id": "77",
            "from": _user(user_id),
            "chat_instance": "1",
            "data": SECRET,
            "message": {"message_id": 3, "date": 1, "chat": _chat(user_id), "entities": "x"},
        }
    }


# Polls are not among the updates the bot asks for (bot.inbox.keys.ALLOWED_UPDATES), so a
# bad poll never reaches it (see the last test); the poison is of the kinds it does get.
POISON: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("edit", lambda: _edit_with_malformed_entity(ANN)),
    ("entity", lambda: _message_with_malformed_entity(ANN)),
    ("no-date", lambda: _message_without_date(BOB)),
    ("callback", lambda: _callback_with_broken_message(CAT)),
]


def test_each_poison_update_is_really_rejected_by_ptb() -> None:
    for name, make in POISON:
        with pytest.raises(Exception) as caught:
            Update.de_json({"update_id": 1, **make()}, None)
        assert caught.type is not None, name


def _requests(sandbox: SandboxBotApi) -> int:
    return sandbox.stats()["requests"]["getUpdates"]


def _assert_no_content(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        assert SECRET not in text, record.name
    assert SECRET not in caplog.text


async def test_bad_updates_in_a_batch_are_skipped_and_the_good_ones_handled(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    good: list[int] = []
    bad: list[int] = []

    def batch(sandbox: SandboxBotApi) -> None:
        # Queued before the bot starts: its first getUpdates gets them all in one batch,
        # good and bad interleaved, with a bad one last.
        good.append(sandbox.send_text(ANN, "/start"))
        for _, make in POISON:
            bad.append(sandbox.send_raw_update(make()))
            good.append(sandbox.send_text(BOB if len(good) % 2 else CAT, "/start"))
        bad.append(sandbox.send_raw_update(_edit_with_malformed_entity(CAT)))

    async with running_harness(database_url, clock, prepare=batch) as harness:
        for update_id in good:
            await harness.wait_handled(update_id)
        await harness.sandbox.wait_update_consumed(bad[-1])
        for user_id in (ANN, BOB, CAT):
            assert harness.sandbox.messages(user_id), user_id
        assert harness.sandbox.updates_pending() == 0
        # Polling goes on: a new message after the batch is handled too.
        out = await harness.send(ANN, "/help")
        assert out
        await harness.sandbox.wait_for(lambda: harness.sandbox.polling, what="a long poll")
        assert harness.app is not None
        worker = harness.app.bot_data[WORKER_KEY]
        assert isinstance(worker, InboxWorker)
        # Stored and confirmed is not yet set aside: the worker may still be on that chat.
        await harness.sandbox.wait_for(lambda: worker.set_aside == len(bad), what="set aside")
        calls = _requests(harness.sandbox)
    assert calls <= MAX_GET_UPDATES, calls
    skips = [r.getMessage() for r in caplog.records if r.name == "bot.inbox.worker"]
    assert len(skips) == len(bad), skips
    # Chats are handled side by side, so the lines come in any order between chats.
    for update_id in bad:
        (line,) = [s for s in skips if s.startswith(f"update {update_id} could not be parsed")]
        assert "TypeError" in line or "KeyError" in line or "AttributeError" in line
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]
    _assert_no_content(caplog)


async def test_a_bad_update_arriving_while_polling_is_skipped_once(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await harness.send(ANN, "/start")
    before = _requests(harness.sandbox)
    async with SandboxHttpClient(harness.sandbox.control_url) as control:
        for _, make in POISON:
            # Through the control API, as another process (the terminal, a benchmark) would.
            bad = await control.send_raw_update(make())
            await harness.sandbox.wait_update_consumed(bad)
    out = await harness.send(ANN, "/help")
    assert out
    await harness.sandbox.wait_for(lambda: harness.sandbox.polling, what="a long poll")
    # One poll hands over each bad update, the next confirms it (and waits): no loop.
    assert _requests(harness.sandbox) - before <= 2 * (len(POISON) + 1) + 2
    assert harness.app is not None
    worker = harness.app.bot_data[WORKER_KEY]
    await harness.sandbox.wait_for(lambda: worker.set_aside == len(POISON), what="set aside")
    _assert_no_content(caplog)


async def test_updates_the_bot_does_not_ask_for_never_reach_it(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await harness.send(ANN, "/start")
    harness.sandbox.send_raw_update(_poll_missing_a_required_field())
    # A message after the poll is handled; the poll is never handed over or skipped.
    assert await harness.send(ANN, "/help")
    assert harness.app is not None
    assert harness.app.bot_data[WORKER_KEY].set_aside == 0
    assert getattr(harness.sandbox, "_allowed_updates", None) == frozenset(ALLOWED_UPDATES)
    _assert_no_content(caplog)
