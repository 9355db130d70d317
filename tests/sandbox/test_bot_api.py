"""The sandbox's Bot API as seen by a real ``telegram.Bot``: shapes, limits and errors."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import aiohttp
import pytest
import telegram
from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from bot.sandbox import SandboxBotApi
from tests.sandbox.conftest import TOKEN, USER

PNG_16x32 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x20\x08\x06\x00\x00\x00"
)


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in buttons]])


def seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def test_get_me_describes_the_bot(bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456
    assert me.is_bot
    assert me.username == "toebot_sandbox_bot"


async def test_send_message_with_inline_keyboard(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Yes", callback_data="yes")],
            [InlineKeyboardButton("Guide", url="https://example.org/guide")],
        ]
    )
    sent = await bot.send_message(
        chat, "<b>Ready?</b> &lt;3", parse_mode="HTML", reply_markup=markup
    )
    assert sent.text == "Ready? <3"
    assert sent.entities[0].type == "bold"
    assert sent.reply_markup == markup
    assert sent.chat.id == chat
    assert sent.from_user is not None and sent.from_user.is_bot

    recorded = sandbox.last_message(chat)
    assert recorded.message_id == sent.message_id
    assert recorded.text == "<b>Ready?</b> &lt;3"
    assert recorded.plain == "Ready? <3"
    assert recorded.parse_mode == "HTML"
    assert recorded.keyboard == [[("Yes", "yes")], [("Guide", "https://example.org/guide")]]


async def test_sending_to_an_unknown_chat_fails(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hi")


async def test_text_limits_count_after_entity_parsing(bot: telegram.Bot, chat: int) -> None:
    await bot.send_message(chat, "x" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(chat, "x" * 4097)
    # Markup does not count towards the limit.
    await bot.send_message(chat, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(chat, "  <b> </b> ", parse_mode="HTML")


async def test_invalid_html_is_rejected_and_escaped_text_accepted(
    bot: telegram.Bot, chat: int
) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag"):
        await bot.send_message(chat, "1 <3 you", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(chat, "Tom & Jerry", parse_mode="HTML")
    sent = await bot.send_message(chat, "1 &lt;3 you &amp; me", parse_mode="HTML")
    assert sent.text == "1 <3 you & me"
    # Without a parse mode the same characters are plain text.
    assert (await bot.send_message(chat, "Tom & Jerry <3")).text == "Tom & Jerry <3"


async def test_callback_data_limit(bot: telegram.Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(chat, "x", reply_markup=keyboard(("A", "é" * 32 + "x")))
    await bot.send_message(chat, "x", reply_markup=keyboard(("A", "é" * 32)))


async def test_inline_button_needs_exactly_one_action(sandbox: SandboxBotApi, chat: int) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{sandbox.base_url}{TOKEN}/sendMessage"
        no_action = {"inline_keyboard": [[{"text": "A"}]]}
        two_actions = {"inline_keyboard": [[{"text": "A", "callback_data": "a", "url": "t.me/x"}]]}
        for markup in (no_action, two_actions):
            body = {"chat_id": chat, "text": "x", "reply_markup": markup}
            async with http.post(url, json=body) as resp:
                answer = await resp.json()
            assert resp.status == 400
            assert answer["description"].startswith(
                "Bad Request: can't parse inline keyboard button"
            )


async def test_edit_text_and_not_modified(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    markup = keyboard(("A", "a"))
    sent = await bot.send_message(chat, "one", reply_markup=markup)
    edited = await bot.edit_message_text("two", chat, sent.message_id, reply_markup=markup)
    assert isinstance(edited, telegram.Message)
    assert edited.text == "two"
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("two", chat, sent.message_id, reply_markup=markup)
    # Same text but no markup is a change: Telegram drops the keyboard.
    await bot.edit_message_text("two", chat, sent.message_id)
    recorded = sandbox.last_message(chat)
    assert recorded.edited == 2
    assert recorded.keyboard == []


async def test_edit_reply_markup_and_caption(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sent = await bot.send_message(chat, "pick", reply_markup=keyboard(("A", "a")))
    await bot.edit_message_reply_markup(chat, sent.message_id, reply_markup=keyboard(("B", "b")))
    assert sandbox.last_message(chat).keyboard == [[("B", "b")]]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(
            chat, sent.message_id, reply_markup=keyboard(("B", "b"))
        )
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await bot.edit_message_caption(chat, sent.message_id, caption="c")

    photo = await bot.send_photo(chat, PNG_16x32, caption="old")
    edited = await bot.edit_message_caption(
        chat, photo.message_id, caption="<i>new</i>", parse_mode="HTML"
    )
    assert isinstance(edited, telegram.Message)
    assert edited.caption == "new"
    assert edited.caption_entities[0].type == "italic"


async def test_edit_of_missing_or_foreign_message(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sent = await bot.send_message(chat, "mine")
    sandbox.send_text(2002, "hi")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", 2002, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat, 9999)


async def test_delete_message(bot: telegram.Bot, sandbox: SandboxBotApi, chat: int) -> None:
    sent = await bot.send_message(chat, "bye")
    assert await bot.delete_message(chat, sent.message_id)
    assert sandbox.last_message(chat).deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(chat, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat, sent.message_id)


async def test_reply_keyboards_and_reply_parameters(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    first = await bot.send_message(chat, "menu", reply_markup=ReplyKeyboardMarkup([["Yes", "No"]]))
    assert first.reply_markup is None  # Telegram only echoes inline keyboards
    assert sandbox.reply_keyboard(chat) == [["Yes", "No"]]
    second = await bot.send_message(
        chat,
        "answer?",
        reply_markup=ForceReply(),
        reply_parameters=ReplyParameters(first.message_id),
    )
    assert second.reply_to_message is not None
    assert second.reply_to_message.message_id == first.message_id
    assert sandbox.last_message(chat).force_reply
    await bot.send_message(chat, "done", reply_markup=ReplyKeyboardRemove())
    assert sandbox.reply_keyboard(chat) is None
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(chat, "x", reply_parameters=ReplyParameters(9999))


async def test_send_photo_bytes_and_by_file_id(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sent = await bot.send_photo(chat, PNG_16x32, caption="<b>Step 1</b>", parse_mode="HTML")
    assert sent.caption == "Step 1"
    size = sent.photo[-1]
    assert (size.width, size.height) == (16, 32)
    recorded = sandbox.last_message(chat)
    assert recorded.kind == "photo"
    assert recorded.photo == PNG_16x32
    assert recorded.caption == "<b>Step 1</b>"

    again = await bot.send_photo(chat, size.file_id)
    assert again.photo[-1].file_id == size.file_id
    assert sandbox.last_message(chat).photo == PNG_16x32

    file = await bot.get_file(size.file_id)
    assert bytes(await file.download_as_bytearray()) == PNG_16x32

    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(chat, "AgACunknown")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(chat, PNG_16x32, caption="c" * 1025)


async def test_send_document(bot: telegram.Bot, sandbox: SandboxBotApi, chat: int) -> None:
    sent = await bot.send_document(chat, b"week,done\n1,yes\n", filename="progress.csv")
    assert sent.document is not None
    assert sent.document.file_name == "progress.csv"
    assert sent.document.mime_type == "text/csv"
    recorded = sandbox.last_message(chat)
    assert recorded.document == b"week,done\n1,yes\n"
    assert recorded.file_name == "progress.csv"
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type document as photo"):
        await bot.send_photo(chat, sent.document.file_id)


async def test_user_photo_can_be_downloaded(bot: telegram.Bot, sandbox: SandboxBotApi) -> None:
    sandbox.send_photo_from_user(USER, PNG_16x32)
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.text is None
    file = await update.message.photo[-1].get_file()
    assert bytes(await file.download_as_bytearray()) == PNG_16x32


async def test_chat_action_and_get_chat(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    assert await bot.send_chat_action(chat, "typing")
    assert sandbox.last_chat_action(chat) == "typing"
    full = await bot.get_chat(chat)
    assert full.type == "private"
    assert full.first_name == "Pat"


async def test_commands_and_descriptions(bot: telegram.Bot, sandbox: SandboxBotApi) -> None:
    assert await bot.set_my_commands([("start", "Begin"), ("help", "Help")])
    assert [(c.command, c.description) for c in await bot.get_my_commands()] == [
        ("start", "Begin"),
        ("help", "Help"),
    ]
    assert sandbox.bot_commands() == [("start", "Begin"), ("help", "Help")]
    assert await bot.set_my_description("A coach")
    assert await bot.set_my_short_description("Coach")
    assert sandbox.bot_text("description") == "A coach"
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start!", "x")])
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_get_updates_long_polling(bot: telegram.Bot, sandbox: SandboxBotApi) -> None:
    empty = await bot.get_updates(timeout=dt.timedelta(milliseconds=50))
    assert empty == ()

    waiting = asyncio.create_task(bot.get_updates(timeout=30))
    await sandbox.wait_for(lambda: sandbox.polling)
    update_id = sandbox.send_text(USER, "hi")
    (update,) = await asyncio.wait_for(waiting, 5)
    assert update.update_id == update_id
    assert update.message is not None and update.message.text == "hi"

    # Not confirmed yet: served again until an offset passes it.
    assert [u.update_id for u in await bot.get_updates()] == [update_id]
    assert sandbox.updates_pending() == 1
    assert await bot.get_updates(offset=update_id + 1) == ()
    assert sandbox.updates_pending() == 0
    await sandbox.wait_update_consumed(update_id, timeout=1)


async def test_queued_update_is_returned_immediately(
    bot: telegram.Bot, sandbox: SandboxBotApi
) -> None:
    sandbox.send_text(USER, "first")
    sandbox.send_text(USER, "second")
    updates = await asyncio.wait_for(bot.get_updates(timeout=30, limit=1), 5)
    assert [u.message.text for u in updates if u.message] == ["first"]


async def test_second_get_updates_conflicts_the_first(sandbox: SandboxBotApi) -> None:
    async with (
        telegram.Bot(TOKEN, base_url=sandbox.base_url) as first,
        telegram.Bot(TOKEN, base_url=sandbox.base_url) as second,
    ):
        waiting = asyncio.create_task(first.get_updates(timeout=30))
        await sandbox.wait_for(lambda: sandbox.polling)
        assert await second.get_updates() == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(waiting, 5)


async def test_webhook_blocks_polling(bot: telegram.Bot, sandbox: SandboxBotApi) -> None:
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert sandbox.webhook_url == ""


async def test_allowed_updates_filters_delivery(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sent = await bot.send_message(chat, "pick", reply_markup=keyboard(("A", "a")))
    sandbox.press(chat, sent.message_id, "a")
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query is not None for u in updates] == [True]


async def test_answer_callback_query(bot: telegram.Bot, sandbox: SandboxBotApi, chat: int) -> None:
    sent = await bot.send_message(chat, "pick", reply_markup=keyboard(("A", "a")))
    sandbox.press(chat, sent.message_id, "a")
    updates = await bot.get_updates()
    query = updates[-1].callback_query
    assert query is not None
    assert await bot.answer_callback_query(query.id, text="Saved", show_alert=True)
    (answer,) = sandbox.callback_answers(chat)
    assert (answer.text, answer.show_alert, answer.data) == ("Saved", True, "a")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # retry_after type
async def test_429_fault(bot: telegram.Bot, sandbox: SandboxBotApi, chat: int) -> None:
    sandbox.inject_fault("sendMessage", kind="429", retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(chat, "x")
    assert seconds(info.value.retry_after) == 7
    assert sandbox.messages(chat) == []
    await bot.send_message(chat, "x")
    stats = sandbox.stats()
    assert stats["faults_served"] == 1
    assert stats["send_message_ok_by_chat"][chat] == 1


async def test_5xx_and_network_faults(bot: telegram.Bot, sandbox: SandboxBotApi, chat: int) -> None:
    sandbox.inject_fault(kind="5xx", count=2)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(chat, "x")
    with pytest.raises(NetworkError):
        await bot.get_me()
    sandbox.inject_fault("sendMessage", kind="network")
    with pytest.raises(NetworkError):
        await bot.send_message(chat, "x")
    assert sandbox.messages(chat) == []
    await bot.send_message(chat, "through")
    assert [m.text for m in sandbox.messages(chat)] == ["through"]


async def test_lost_response_fault_records_the_message(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sandbox.inject_fault("sendMessage", kind="lost_response")
    with pytest.raises(NetworkError):
        await bot.send_message(chat, "sent but unconfirmed")
    assert [m.text for m in sandbox.messages(chat)] == ["sent but unconfirmed"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # retry_after type
async def test_fault_by_chat_only_hits_that_chat(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sandbox.send_text(2002, "hi")
    sandbox.inject_fault("sendMessage", chat_id=2002, kind="429")
    await bot.send_message(chat, "fine")
    with pytest.raises(RetryAfter):
        await bot.send_message(2002, "throttled")


async def test_slow_fault_answers_late(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sandbox.inject_fault("sendMessage", kind="slow", delay=0.05)
    sending = asyncio.create_task(bot.send_message(chat, "slowly"))
    await sandbox.wait_for(lambda: sandbox.stats()["faults_served"] == 1)
    assert sandbox.messages(chat) == []
    sent = await asyncio.wait_for(sending, 5)
    assert sent.text == "slowly"
    assert sandbox.last_message(chat).text == "slowly"


async def test_blocked_user(bot: telegram.Bot, sandbox: SandboxBotApi, chat: int) -> None:
    sent = await bot.send_message(chat, "before")
    sandbox.block(chat)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(chat, "x")
    with pytest.raises(Forbidden):
        await bot.edit_message_text("y", chat, sent.message_id)
    sandbox.unblock(chat)
    await bot.send_message(chat, "after")


async def test_unknown_token_is_rejected(sandbox: SandboxBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with telegram.Bot("654321:WRONG", base_url=sandbox.base_url):
            pass


async def _raw(
    http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    async with http.request(method, url, **kwargs) as resp:
        return resp.status, await resp.json()


async def test_error_shapes_and_request_encodings(sandbox: SandboxBotApi, chat: int) -> None:
    api = f"{sandbox.base_url}{TOKEN}"
    async with aiohttp.ClientSession() as http:
        assert await _raw(http, "POST", f"{sandbox.base_url}1:x/getMe") == (
            401,
            {"ok": False, "error_code": 401, "description": "Unauthorized"},
        )
        assert await _raw(http, "POST", f"{api}/noSuchMethod") == (
            404,
            {"ok": False, "error_code": 404, "description": "Not Found"},
        )
        status, body = await _raw(
            http, "POST", f"{api}/sendMessage", json={"chat_id": chat, "text": "json"}
        )
        assert status == 200 and body["result"]["text"] == "json"
        status, body = await _raw(
            http,
            "POST",
            f"{api}/sendMessage",
            data={
                "chat_id": str(chat),
                "text": "form",
                "reply_markup": '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}',
            },
        )
        assert status == 200 and body["result"]["reply_markup"]["inline_keyboard"][0][0]
        status, body = await _raw(
            http, "GET", f"{api}/sendMessage", params={"chat_id": str(chat), "text": "query"}
        )
        assert status == 200 and body["result"]["text"] == "query"
        status, body = await _raw(http, "GET", f"{api}/SENDMESSAGE?chat_id={chat}")
        assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    assert [m.text for m in sandbox.messages(chat)] == ["json", "form", "query"]


async def test_throughput_sanity(sandbox: SandboxBotApi) -> None:
    """2,000 concurrent-ish sends through PTB all arrive and are counted (no timing check)."""
    users = [3000 + i for i in range(20)]
    for uid in users:
        sandbox.send_text(uid, "/start")
    # A small pool: httpcore's pool bookkeeping grows with its size (see the report).
    request = HTTPXRequest(connection_pool_size=2, pool_timeout=30)
    async with telegram.Bot(TOKEN, base_url=sandbox.base_url, request=request) as tg_bot:
        gate = asyncio.Semaphore(4)

        async def send(i: int) -> None:
            async with gate:
                await tg_bot.send_message(users[i % len(users)], f"message {i}")

        await asyncio.gather(*(send(i) for i in range(2000)))
    stats = sandbox.stats()
    assert stats["requests"]["sendMessage"] == 2000
    assert sum(stats["send_message_ok_by_chat"].values()) == 2000
    assert set(stats["send_message_ok_by_chat"].values()) == {100}
