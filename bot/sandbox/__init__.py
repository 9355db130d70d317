"""Sandbox: a local fake Telegram Bot API server and tools to play the bot's users."""

from bot.sandbox.control import SandboxControlError, SandboxHttpClient
from bot.sandbox.objects import CallbackAnswer, SandboxUser, SentMessage
from bot.sandbox.server import SandboxBotApi, SandboxStats, plain_text

__all__ = [
    "CallbackAnswer",
    "SandboxBotApi",
    "SandboxControlError",
    "SandboxHttpClient",
    "SandboxStats",
    "SandboxUser",
    "SentMessage",
    "plain_text",
]
