"""A real python-telegram-bot ``Application`` long-polling the sandbox, end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.sandbox import SandboxBotApi
from tests.sandbox.conftest import TOKEN, USER

Context = ContextTypes.DEFAULT_TYPE


async def start(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    payload = " ".join(context.args or []) or "none"
    await update.effective_message.reply_html(
        f"<b>Welcome</b>, payload: {payload}",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Begin ▶", callback_data="begin")]]
        ),
    )


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    # Only the owner of the chat may press its buttons; forged presses are refused.
    if (
        query.data != "begin"
        or query.message is None
        or query.message.chat.id != query.from_user.id
    ):
        await query.answer("Not allowed", show_alert=True)
        return
    await query.answer("Started")
    await query.edit_message_text("Exercise 1: toe curls")


@pytest.fixture
async def running_app(sandbox: SandboxBotApi) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=10, allowed_updates=Update.ALL_TYPES)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.mark.usefixtures("running_app")
async def test_conversation_through_polling(sandbox: SandboxBotApi) -> None:
    sandbox.open_deep_link(USER, "clinic7")
    (welcome,) = await sandbox.wait_messages(USER, 1)
    assert welcome.plain == "Welcome, payload: clinic7"
    assert welcome.keyboard == [[("Begin ▶", "begin")]]

    sandbox.press_button(USER, "Begin")
    await sandbox.wait_for(lambda: sandbox.last_message(USER).edited == 1)
    assert sandbox.last_message(USER).plain == "Exercise 1: toe curls"
    assert sandbox.last_message(USER).keyboard == []
    assert [a.text for a in sandbox.callback_answers(USER)] == ["Started"]

    # A forged press from another user's chat is refused by the bot.
    sandbox.send_text(2002, "hi")
    sandbox.press(2002, welcome.message_id, "begin", chat_id=USER)
    await sandbox.wait_for(lambda: bool(sandbox.callback_answers(2002)))
    (refusal,) = sandbox.callback_answers(2002)
    assert (refusal.text, refusal.show_alert) == ("Not allowed", True)
    assert sandbox.last_message(USER).edited == 1


@pytest.mark.usefixtures("running_app")
async def test_bot_survives_transient_faults(sandbox: SandboxBotApi) -> None:
    update_id = sandbox.send_text(USER, "/start")
    await sandbox.wait_update_consumed(update_id)
    await sandbox.wait_messages(USER, 1)
    # PTB's updater retries getUpdates after a server error without losing updates.
    sandbox.inject_fault("getUpdates", kind="5xx")
    sandbox.send_text(USER, "/start again")
    (_, second) = await sandbox.wait_messages(USER, 2, timeout=10)
    assert second.plain == "Welcome, payload: again"
