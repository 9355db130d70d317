"""Logging set-up that cannot leak the bot token.

httpx logs every request URL at INFO, and Bot API URLs contain the token (PTB issue 3743):
we raise httpx/httpcore to WARNING and, as a second line of defence, every handler we install
redacts the token from whatever passes through it. PTB itself logs message texts at DEBUG, so
its loggers stay at INFO or above: message text and health data never reach the logs.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

REDACTED = "<token>"
_NOISY = ("httpx", "httpcore", "apscheduler", "aiosqlite", "asyncio", "alembic.runtime.plugins")
# python-telegram-bot logs whole updates and API answers (message text, health data) at
# DEBUG; those loggers never go below INFO.
_CHATTY = ("telegram",)


class RedactTokenFilter(logging.Filter):
    """Replaces the secret in the formatted message (and its args) before it is emitted."""

    def __init__(self, secret: str | None) -> None:
        super().__init__()
        self._secrets = [s for s in {secret, (secret or "").split(":", 1)[-1]} if s and len(s) > 8]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if any(s in text for s in self._secrets):
                for secret in self._secrets:
                    text = text.replace(secret, REDACTED)
                record.exc_info, record.exc_text = None, text
        return True


def setup_logging(level: str, *, secret: str | None, stream: TextIO | None = None) -> None:
    """Configure the root logger once: one line per record, token redacted."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokenFilter(secret))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    for name in _CHATTY:
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))
