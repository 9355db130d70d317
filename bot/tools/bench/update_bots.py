"""The bots `toebot bench updates` measures, each in its own process: the real application,
and the two bare PTB baselines (an echo bot for texts, an answer-and-edit bot for presses).

A child says ``{"ready": true}`` on stdout once it is started and serves until its stdin
closes. The real application is built with `bot.app.build_application` and run with
`bot.app.start_app` / `bot.app.stop_app`, whatever those start (long polling today, the
durable inbox tomorrow): the benchmark never touches PTB's Updater for it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
import sys
from typing import Any

from bot.tools.bench.children import BENCH_TOKEN

# The baselines' button: one per message, its data the step shown, so each edit differs
# (the sandbox, like Telegram, refuses an edit that changes nothing).
BASELINE_START = "/start"
BASELINE_BUTTON = "Next"


async def run_bot(args: argparse.Namespace) -> dict[str, Any]:
    """Start the bot `args.kind` names, say ready, serve until stdin closes; its report."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.kind == "app":
        await _serve_app(args)
    else:
        await _serve_baseline(args)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"kind": args.kind, "peak_rss_mb": round(peak, 1)}


async def _serve_app(args: argparse.Namespace) -> None:
    from bot.app import build_application, start_app, stop_app
    from bot.config import Settings

    settings = Settings(
        telegram_bot_token=BENCH_TOKEN,
        telegram_api_url=args.base_url,
        database_url=args.database_url,
        background_jobs=False,
        log_level="WARNING",
        # The sandbox has no flood limit: lift Telegram's 30/s (which replies share with
        # prompts in production) so the figure is the bot's own cost, as the baselines' is.
        prompt_rate=1000,
    )
    app = build_application(settings)
    await start_app(app)
    try:
        await _ready_and_wait()
    finally:
        await stop_app(app)


async def _serve_baseline(args: argparse.Namespace) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        CommandHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    def step_markup(step: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(BASELINE_BUTTON, callback_data=f"n:{step}")]]
        )

    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None and update.message.text is not None:
            await update.message.reply_text(update.message.text)

    async def start(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None:
            await update.message.reply_text("step 0", reply_markup=step_markup(0))

    async def press(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.data is None:
            return
        step = int(query.data.partition(":")[2]) + 1
        await query.answer()
        await query.edit_message_text(f"step {step}", reply_markup=step_markup(step))

    # PTB's defaults (updates one at a time), as a bare bot from its examples would run.
    app = ApplicationBuilder().token(BENCH_TOKEN).base_url(args.base_url).build()
    if args.kind == "echo":
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    else:
        app.add_handler(CommandHandler("start", start))
        app.add_handler(CallbackQueryHandler(press))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=10, poll_interval=0.0)
    try:
        await _ready_and_wait()
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def _ready_and_wait() -> None:
    """Say ready on stdout, then block until the parent closes our stdin."""
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    loop = asyncio.get_running_loop()
    # Any line or EOF: the parent writes nothing, it closes stdin to stop us.
    await loop.run_in_executor(None, sys.stdin.read)
