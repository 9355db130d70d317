"""Which chat an update is ordered with, from the raw JSON alone; whose lease is dead."""

from __future__ import annotations

import os
import subprocess
import sys

from bot.inbox.keys import ALLOWED_UPDATES, chat_key, update_id
from bot.inbox.worker import owner_is_gone, worker_owner


def test_a_message_belongs_to_its_chat() -> None:
    raw = {"update_id": 1, "message": {"chat": {"id": 42}, "from": {"id": 7}}}
    assert chat_key(raw) == 42


def test_a_press_belongs_to_the_chat_of_its_message() -> None:
    raw = {"update_id": 2, "callback_query": {"from": {"id": 7}, "message": {"chat": {"id": 42}}}}
    assert chat_key(raw) == 42


def test_a_press_on_an_inline_message_belongs_to_its_sender() -> None:
    raw = {"update_id": 3, "callback_query": {"from": {"id": 7}, "inline_message_id": "x"}}
    assert chat_key(raw) == 7


def test_an_edit_belongs_to_its_chat() -> None:
    assert chat_key({"update_id": 4, "edited_message": {"chat": {"id": -100}}}) == -100


def test_an_update_naming_no_one_shares_key_zero() -> None:
    assert chat_key({"update_id": 5, "poll": {"id": "p"}}) == 0
    assert chat_key({"update_id": 6, "message": {"chat": {"id": "42"}}}) == 0
    assert chat_key({"update_id": 7, "message": {"chat": {"id": True}}}) == 0


def test_update_ids_are_non_negative_integers() -> None:
    assert update_id({"update_id": 9}) == 9
    assert update_id({"update_id": -1}) is None
    assert update_id({"update_id": "9"}) is None
    assert update_id([9]) is None


def test_the_bot_asks_only_for_what_its_handlers_read() -> None:
    assert set(ALLOWED_UPDATES) == {"message", "edited_message", "callback_query"}


def test_a_lease_owner_is_gone_only_if_its_process_on_this_machine_is() -> None:
    me = worker_owner()
    assert not owner_is_gone(me)
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    host = me.split(":")[0]
    assert owner_is_gone(f"{host}:{child.stdout.strip()}:abcd1234")
    assert not owner_is_gone(f"another-host:{child.stdout.strip()}:abcd1234")
    assert not owner_is_gone(f"{host}:{os.getppid()}:abcd1234")
    assert not owner_is_gone("poller")
