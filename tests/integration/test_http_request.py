"""The aiohttp transport under PTB's `Bot` (`bot.delivery.http`): calls, uploads and PTB's
own errors through it against the sandbox, and a dropped connection as `NetworkError`."""

from __future__ import annotations

import io
import socket

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError

from bot.delivery.http import AiohttpRequest
from bot.sandbox.server import SandboxBotApi
from tests.integration.conftest import TOKEN

CHAT = 5_100_000_001


async def test_calls_uploads_and_errors_go_through_it(sandbox: SandboxBotApi) -> None:
    sandbox.send_text(CHAT, "hi")  # the sandbox knows the chat once its user wrote
    bot = Bot(TOKEN, base_url=sandbox.base_url, request=AiohttpRequest())
    async with bot:
        sent = await bot.send_message(CHAT, "héllo <b>there</b>", parse_mode="HTML")
        assert sent.text == "héllo there"
        picture = await bot.send_photo(CHAT, io.BytesIO(b"\x89PNG fake"), caption="a chart")
        assert picture.caption == "a chart"
        with pytest.raises(BadRequest):  # PTB reads the sandbox's 400 as before
            await bot.edit_message_text("x", chat_id=CHAT, message_id=999_999)


async def test_a_refused_connection_is_a_network_error() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
