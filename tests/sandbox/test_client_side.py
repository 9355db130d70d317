"""The in-process client side of the sandbox: acting as users, reading, waiting, listening."""

from __future__ import annotations

import asyncio

import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox import CallbackAnswer, SandboxBotApi, SentMessage, plain_text
from tests.sandbox.conftest import TOKEN, USER


async def drain(bot: telegram.Bot) -> None:
    """Fetch and confirm everything queued so far."""
    updates = await bot.get_updates()
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1)


async def fetch_one(bot: telegram.Bot) -> telegram.Update:
    """The next update, confirming everything before it."""
    updates = await bot.get_updates()
    assert updates, "no update queued"
    await bot.get_updates(offset=updates[0].update_id + 1)
    return updates[0]


async def test_command_gets_bot_command_entity(bot: telegram.Bot, sandbox: SandboxBotApi) -> None:
    sandbox.send_text(USER, "/start@toebot_sandbox_bot now")
    message = (await fetch_one(bot)).message
    assert message is not None
    (entity,) = message.entities
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 25)
    assert message.from_user is not None and message.from_user.id == USER
    assert message.chat.id == USER and message.chat.type == "private"

    sandbox.send_text(USER, "no command here /start")
    assert (await fetch_one(bot)).message.entities == ()  # type: ignore[union-attr]


async def test_user_texts_may_exceed_the_bot_limit(
    bot: telegram.Bot, sandbox: SandboxBotApi
) -> None:
    sandbox.send_text(USER, "x" * 5000)
    message = (await fetch_one(bot)).message
    assert message is not None and message.text is not None
    assert len(message.text) == 5000


def test_empty_user_text_is_refused(sandbox: SandboxBotApi) -> None:
    with pytest.raises(ValueError, match="empty"):
        sandbox.send_text(USER, "")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("clinic_42-A", "/start clinic_42-A"),
        ("x" * 64, "/start " + "x" * 64),
        ("x" * 65, "/start"),
        ("has space", "/start"),
        ("é", "/start"),
        ("", "/start"),
    ],
)
async def test_deep_link_payload_rules(
    bot: telegram.Bot, sandbox: SandboxBotApi, payload: str, expected: str
) -> None:
    sandbox.open_deep_link(USER, payload)
    message = (await fetch_one(bot)).message
    assert message is not None and message.text == expected
    assert message.entities[0].length == len("/start")


async def test_open_link(bot: telegram.Bot, sandbox: SandboxBotApi) -> None:
    sandbox.open_link(USER, "https://t.me/toebot_sandbox_bot?start=invite_7")
    message = (await fetch_one(bot)).message
    assert message is not None and message.text == "/start invite_7"
    sandbox.open_link(USER, "https://t.me/Toebot_Sandbox_Bot")
    message = (await fetch_one(bot)).message
    assert message is not None and message.text == "/start"
    with pytest.raises(ValueError, match="not @toebot_sandbox_bot"):
        sandbox.open_link(USER, "https://t.me/other_bot?start=x")
    with pytest.raises(ValueError, match="not a Telegram bot link"):
        sandbox.open_link(USER, "https://example.org/toebot_sandbox_bot?start=x")


async def test_sticker_photo_and_location_messages(
    bot: telegram.Bot, sandbox: SandboxBotApi
) -> None:
    sandbox.send_sticker(USER)
    sandbox.send_photo_from_user(USER)
    sandbox.send_location(USER, 52.37, 4.89)
    updates = await bot.get_updates()
    sticker, photo, location = (u.message for u in updates)
    assert sticker is not None and sticker.sticker is not None and sticker.text is None
    assert photo is not None and photo.photo and photo.text is None
    assert location is not None and location.location is not None
    assert location.location.latitude == pytest.approx(52.37)


async def test_press_sends_current_message_state(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Done ✅", callback_data="done:1")]])
    sent = await bot.send_message(chat, "Exercise 1", reply_markup=markup)
    await bot.edit_message_text("Exercise 1 (edited)", chat, sent.message_id, reply_markup=markup)
    await drain(bot)
    sandbox.press(chat, sent.message_id, "done:1")
    query = (await fetch_one(bot)).callback_query
    assert query is not None
    assert query.data == "done:1"
    assert query.from_user.id == chat
    assert query.chat_instance
    assert isinstance(query.message, telegram.Message)
    assert query.message.text == "Exercise 1 (edited)"
    assert query.message.reply_markup == markup


async def test_forged_presses_are_delivered(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    sent = await bot.send_message(chat, "mine", reply_markup=InlineKeyboardMarkup([]))
    sandbox.send_text(2002, "other user")
    await drain(bot)

    sandbox.press(chat, sent.message_id, "admin:delete_everything")
    query = (await fetch_one(bot)).callback_query
    assert query is not None and query.data == "admin:delete_everything"

    # User 2002 presses a button on a message that lives in user 1001's chat.
    sandbox.press(2002, sent.message_id, "x", chat_id=chat)
    query = (await fetch_one(bot)).callback_query
    assert query is not None and query.message is not None
    assert (query.from_user.id, query.message.chat.id) == (2002, chat)

    sandbox.press(chat, 424242, "ghost")
    query = (await fetch_one(bot)).callback_query
    assert query is not None and query.message is not None
    assert not query.message.is_accessible  # what Telegram sends with date 0


async def test_press_button_by_label(bot: telegram.Bot, sandbox: SandboxBotApi, chat: int) -> None:
    old = await bot.send_message(
        chat,
        "old",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Old", callback_data="o")]]),
    )
    await bot.send_message(
        chat,
        "How did it go?",
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Easy 😀", callback_data="rate:easy"),
                    InlineKeyboardButton("Hard", callback_data="rate:hard"),
                    InlineKeyboardButton("Hardest", callback_data="rate:hardest"),
                ],
                [InlineKeyboardButton("Video", url="https://example.org/v")],
            ]
        ),
    )
    await bot.send_message(chat, "no keyboard here")
    await drain(bot)

    sandbox.press_button(chat, "Hard")  # exact match wins over "Hardest"
    sandbox.press_button(chat, "easy")  # otherwise a case-insensitive substring
    sandbox.press_button(chat, "Old", message_id=old.message_id)
    updates = await bot.get_updates()
    assert [u.callback_query.data for u in updates if u.callback_query] == [
        "rate:hard",
        "rate:easy",
        "o",
    ]

    with pytest.raises(LookupError, match=r"available: \['Easy 😀', 'Hard', 'Hardest', 'Video'\]"):
        sandbox.press_button(chat, "Skip")
    with pytest.raises(LookupError, match="ambiguous"):
        sandbox.press_button(chat, "ar")
    with pytest.raises(LookupError, match="not a callback button"):
        sandbox.press_button(chat, "Video")
    with pytest.raises(LookupError, match="no chat"):
        sandbox.press_button(5555, "Hard")


async def test_wait_messages_and_timeout_message(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    waiter = asyncio.create_task(sandbox.wait_messages(chat, 2, timeout=5))
    await bot.send_message(chat, "one")
    assert not waiter.done()
    await bot.send_message(chat, "two")
    sent = await asyncio.wait_for(waiter, 5)
    assert [m.text for m in sent] == ["one", "two"]

    with pytest.raises(TimeoutError, match=r"3 bot message.*Latest bot messages: .*'two'"):
        await sandbox.wait_messages(chat, 3, timeout=0.05)


async def test_wait_update_consumed(bot: telegram.Bot, sandbox: SandboxBotApi) -> None:
    update_id = sandbox.send_text(USER, "hi")
    waiter = asyncio.create_task(sandbox.wait_update_consumed(update_id))
    await bot.get_updates()
    assert not waiter.done()
    await bot.get_updates(offset=update_id + 1)
    await asyncio.wait_for(waiter, 5)
    with pytest.raises(TimeoutError, match="confirm update"):
        await sandbox.wait_update_consumed(sandbox.send_text(USER, "again"), timeout=0.02)


async def test_listeners_see_new_edited_and_deleted(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    seen: list[tuple[int, int, str, str]] = []
    answers: list[CallbackAnswer] = []

    def on_message(chat_id: int, message: SentMessage, kind: str) -> None:
        seen.append((chat_id, message.message_id, message.plain, kind))

    sandbox.add_listener(on_message)
    sandbox.add_answer_listener(lambda chat_id, answer: answers.append(answer))
    sent = await bot.send_message(chat, "<i>hi</i>", parse_mode="HTML")
    await bot.edit_message_text("hello", chat, sent.message_id)
    await bot.delete_message(chat, sent.message_id)
    assert seen == [
        (chat, sent.message_id, "hi", "new"),
        (chat, sent.message_id, "hello", "edited"),
        (chat, sent.message_id, "hello", "deleted"),
    ]
    sandbox.press(chat, sent.message_id, "x")
    query = (await bot.get_updates())[-1].callback_query
    assert query is not None
    await bot.answer_callback_query(query.id, text="ok")
    assert [a.text for a in answers] == ["ok"]

    sandbox.remove_listener(on_message)
    await bot.send_message(chat, "unseen")
    assert len(seen) == 3


async def test_a_failing_listener_does_not_break_sending(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    def broken(chat_id: int, message: SentMessage, kind: str) -> None:
        raise RuntimeError("listener bug")

    sandbox.add_listener(broken)
    assert (await bot.send_message(chat, "still sent")).text == "still sent"


def test_plain_text_helper(sandbox: SandboxBotApi) -> None:
    assert plain_text("<b>Step 1</b>: lift &amp; hold") == "Step 1: lift & hold"
    assert sandbox.plain_text("<i>x</i>") == "x"


def test_user_registration(sandbox: SandboxBotApi) -> None:
    user = sandbox.user(7, first_name="Ann", username="ann")
    assert (user.first_name, user.username, user.language_code) == ("Ann", "ann", "en")
    assert sandbox.user(7) is user
    sandbox.user(7, language_code="nl")
    assert user.language_code == "nl"
    assert sandbox.user(8).first_name == "Pat"
    with pytest.raises(ValueError, match="positive"):
        sandbox.user(0)


async def test_registered_user_without_messages_has_no_chat(
    bot: telegram.Bot, sandbox: SandboxBotApi
) -> None:
    sandbox.user(77)
    with pytest.raises(telegram.error.BadRequest, match="Chat not found"):
        await bot.send_message(77, "hi")


async def test_reset_forgets_everything(
    bot: telegram.Bot, sandbox: SandboxBotApi, chat: int
) -> None:
    await bot.send_message(chat, "x")
    sandbox.inject_fault("sendMessage", kind="429")
    sandbox.reset()
    assert sandbox.messages(chat) == []
    assert sandbox.updates_pending() == 0
    assert sandbox.stats()["requests"] == {}
    sandbox.send_text(chat, "hi again")
    await bot.send_message(chat, "no fault left")


async def test_inject_fault_validates_arguments(sandbox: SandboxBotApi) -> None:
    with pytest.raises(ValueError, match="unknown Bot API method"):
        sandbox.inject_fault("sendMesage", kind="429")
    with pytest.raises(ValueError, match="5xx"):
        sandbox.inject_fault(kind="5xx", status=404)
    sandbox.inject_fault("SENDMESSAGE", kind="429")
    sandbox.reset_faults()


async def test_history_off_keeps_counters_and_a_small_window() -> None:
    async with SandboxBotApi(TOKEN, record_history=False, history_window=4) as sandbox:
        sandbox.send_text(USER, "/start")
        async with telegram.Bot(TOKEN, base_url=sandbox.base_url) as bot:
            sent = [await bot.send_message(USER, f"m{i}") for i in range(10)]
            # The newest messages can still be edited and pressed.
            await bot.edit_message_text("edited", USER, sent[-1].message_id)
            with pytest.raises(telegram.error.BadRequest, match="Message to edit not found"):
                await bot.edit_message_text("too old", USER, sent[0].message_id)
            photo = await bot.send_photo(USER, b"\x89PNG\r\n\x1a\n")
        kept = sandbox.messages(USER)
        assert len(kept) <= 4
        assert kept[-1].message_id == photo.message_id
        assert kept[-1].photo is None  # no bodies kept
        stats = sandbox.stats()
        assert stats["send_message_ok_by_chat"][USER] == 10
        assert stats["messages_sent"] == 11


def test_token_must_be_well_formed() -> None:
    with pytest.raises(ValueError, match="token must look like") as info:
        SandboxBotApi("not-a-token")
    assert "not-a-token" not in str(info.value)
