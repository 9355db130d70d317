"""The sandbox's HTTP control API, driven through :class:`SandboxHttpClient`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox import SandboxBotApi, SandboxControlError, SandboxHttpClient
from tests.sandbox.conftest import TOKEN, USER


@pytest.fixture
async def client(sandbox: SandboxBotApi) -> AsyncIterator[SandboxHttpClient]:
    async with SandboxHttpClient(sandbox.control_url) as control:
        yield control


async def test_act_as_user_and_read_messages(
    client: SandboxHttpClient, bot: telegram.Bot, sandbox: SandboxBotApi
) -> None:
    user = await client.user(USER, first_name="Ann", username="ann")
    assert user["first_name"] == "Ann"
    update_id = await client.send_text(USER, "/start")
    (update,) = await bot.get_updates()
    assert update.update_id == update_id
    assert update.message is not None and update.message.text == "/start"
    assert await client.updates_pending() == 1
    await bot.get_updates(offset=update_id + 1)
    await client.wait_update_consumed(update_id, timeout=1)

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(USER, "<b>Hi</b> Ann", parse_mode="HTML", reply_markup=markup)
    (message,) = await client.messages(USER)
    assert (message.message_id, message.text, message.plain) == (
        sent.message_id,
        "<b>Hi</b> Ann",
        "Hi Ann",
    )
    assert message.keyboard == [[("Go", "go")]]
    assert (await client.last_message(USER)).message_id == sent.message_id

    await client.press_button(USER, "Go")
    await client.press(USER, sent.message_id, "forged")
    queries = [u.callback_query for u in await bot.get_updates(offset=update_id + 1)]
    assert [q.data for q in queries if q] == ["go", "forged"]
    first = queries[0]
    assert first is not None
    await bot.answer_callback_query(first.id, text="Going")
    (answer,) = await client.callback_answers(USER)
    assert (answer.text, answer.data) == ("Going", "go")


async def test_other_user_actions(client: SandboxHttpClient, bot: telegram.Bot) -> None:
    await client.open_deep_link(USER, "abc")
    await client.open_link(USER, "https://t.me/toebot_sandbox_bot?start=xyz")
    await client.send_sticker(USER)
    await client.send_photo_from_user(USER, b"\x89PNG\r\n\x1a\n")
    updates = await bot.get_updates()
    messages = [u.message for u in updates if u.message]
    assert [m.text for m in messages[:2]] == ["/start abc", "/start xyz"]
    assert messages[2].sticker is not None
    assert messages[3].photo


async def test_wait_messages_over_http(
    client: SandboxHttpClient, bot: telegram.Bot, sandbox: SandboxBotApi
) -> None:
    sandbox.send_text(USER, "hi")
    waiting = asyncio.create_task(client.wait_messages(USER, 1, timeout=5))
    # This wait counts as one; a second means the HTTP wait is in progress.
    await sandbox.wait_for(lambda: sandbox.waiting >= 2)
    await bot.send_message(USER, "answer")
    (message,) = await asyncio.wait_for(waiting, 5)
    assert message.text == "answer"
    with pytest.raises(TimeoutError, match="2 bot message"):
        await client.wait_messages(USER, 2, timeout=0.02)


async def test_faults_block_and_stats(
    client: SandboxHttpClient, bot: telegram.Bot, sandbox: SandboxBotApi
) -> None:
    sandbox.send_text(USER, "hi")
    await client.inject_fault("sendMessage", kind="5xx", status=503)
    with pytest.raises(telegram.error.NetworkError, match="Service Unavailable"):
        await bot.send_message(USER, "x")
    await client.inject_fault("sendMessage", kind="429", count=5)
    await client.reset_faults()
    await client.block(USER)
    with pytest.raises(telegram.error.Forbidden):
        await bot.send_message(USER, "x")
    await client.unblock(USER)
    await bot.send_message(USER, "ok")

    stats = await client.stats()
    assert stats["requests"]["sendMessage"] == 3
    assert stats["send_message_ok_by_chat"] == {USER: 1}
    assert stats["faults_served"] == 1
    assert stats["faults_by_kind"] == {"5xx": 1}

    await client.reset()
    assert (await client.stats())["requests"] == {}
    assert await client.messages(USER) == []


async def test_errors_are_reported(client: SandboxHttpClient, sandbox: SandboxBotApi) -> None:
    sandbox.send_text(USER, "hi")
    with pytest.raises(SandboxControlError, match="no bot message with an inline keyboard"):
        await client.press_button(USER, "Go")
    with pytest.raises(SandboxControlError, match="not @toebot_sandbox_bot"):
        await client.open_link(USER, "https://t.me/another_bot?start=x")
    with pytest.raises(SandboxControlError, match="unknown fault kind"):
        await client.inject_fault(kind="meteor")  # type: ignore[arg-type]
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{sandbox.control_url}/nope") as resp:
            assert resp.status == 404
            assert "unknown action" in (await resp.json())["error"]
        # The control API never needs nor reveals the token.
        async with http.get(f"{sandbox.control_url}/stats") as resp:
            assert TOKEN not in await resp.text()


async def test_control_api_can_be_disabled() -> None:
    async with (
        SandboxBotApi(TOKEN, control_api=False) as sandbox,
        aiohttp.ClientSession() as http,
        http.post(f"{sandbox.control_url}/stats") as resp,
    ):
        assert resp.status == 404
