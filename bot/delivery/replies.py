"""Handler replies that survive a 429 or a 5xx: :class:`RetryingBot`, the bot handlers send
through (``bot.polling.SkippingBot`` is one).

python-telegram-bot sends a reply once: a 429 (flood control) or a 502 from Telegram reaches
the handler as an exception, and the person sees nothing. Here every Bot API call but
``getUpdates`` is retried in `_do_post`, below the library's methods, so every reply, edit,
photo and callback answer gets the same policy:

- **429** (``RetryAfter``): wait the ``retry_after`` Telegram asks for and send again, while
  the waits add up to at most `max_flood_wait` seconds (30 by default; beyond that the
  person has long stopped waiting, and the error surfaces as before).
- **5xx and network errors** (``NetworkError``, but neither ``BadRequest`` nor
  ``TimedOut``): up to `max_attempts` attempts with a short exponential back-off (0.5 s,
  1 s, ...). A connection refused or reset before the answer is the common case; one reset
  *after* Telegram accepted the message can show it twice, as in the dispatcher, since the
  Bot API has no idempotency key.
- **Not retried**: 400 (the same request fails the same way), 403, 401/404, 409, and a
  **timeout**: a request that timed out may well have been delivered (Telegram got it and
  the answer was slow), and a second copy of a reply is worse than a late one.

Every send-type call (``send*``, ``edit*``, ``copy*``, ``forward*``, ``answerCallbackQuery``
and any other method with a ``chat_id``) first takes a slot of the process's one
:class:`~bot.delivery.ratelimit.RateLimiter` in its priority lane, so replies and the bulk
senders (prompts, notices) share Telegram's ~30/s and replies go first. Other calls
(``getUpdates``, and the start-up calls ``getMe``, ``setMyCommands``, ``setWebhook``) are
neither limited nor retried here: long polling has its own loop with back-off, a poll is not
a message, and a start-up failure ends in toebot's one clear line.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.delivery.ratelimit import RateLimiter, Sleep
from bot.delivery.senders import retry_seconds

__all__ = ["RetryingBot", "is_send"]

log = logging.getLogger(__name__)

_SEND_PREFIXES = ("send", "edit", "copy", "forward")
_SEND_METHODS = frozenset({"answerCallbackQuery"})


def is_send(endpoint: str, data: JSONDict) -> bool:
    """Whether a Bot API call counts against the message budget (and so is rate-limited)."""
    if endpoint == "getUpdates":
        return False
    return endpoint.startswith(_SEND_PREFIXES) or endpoint in _SEND_METHODS or "chat_id" in data


class RetryingBot(ExtBot[None]):
    """An `ExtBot` whose calls are retried on 429 and 5xx and whose sends go through the
    process's rate limiter, ahead of the bulk senders; see the module docstring.

    `limiter` None: no rate limiting (the retries still apply). `sleep` is injectable so
    that tests never wait.
    """

    def __init__(
        self,
        *args: Any,
        limiter: RateLimiter | None = None,
        sleep: Sleep = asyncio.sleep,
        max_attempts: int = 3,
        backoff: float = 0.5,
        max_flood_wait: float = 30.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        # Underscored: PTB freezes its bots against setting public attributes.
        self._limiter = limiter
        self._retry_sleep = sleep
        self._max_attempts = max_attempts
        self._backoff = backoff
        self._max_flood_wait = max_flood_wait

    async def _do_post(
        self,
        endpoint: str,
        data: JSONDict,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> bool | JSONDict | list[JSONDict]:
        timeouts: dict[str, ODVInput[float]] = {
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
            "connect_timeout": connect_timeout,
            "pool_timeout": pool_timeout,
        }
        if not is_send(endpoint, data):
            # getUpdates has its own loop; getMe, setMyCommands, setWebhook run at start-up,
            # where a failure must end in toebot's one clear line, not in retries.
            return await super()._do_post(endpoint, data, **timeouts)
        limited = self._limiter is not None
        chat = data.get("chat_id")
        chat_id = chat if isinstance(chat, int) else None
        attempts, flood_wait = 0, 0.0
        while True:
            if limited:
                assert self._limiter is not None
                await self._limiter.acquire(chat_id, priority=True)
            attempts += 1
            try:
                return await super()._do_post(endpoint, data, **timeouts)
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                if flood_wait + wait > self._max_flood_wait:
                    raise
                flood_wait += wait
                # Flood control is Telegram pacing us, not a failed attempt.
                attempts -= 1
                log.warning("%s: 429, sending again in %.0f s", endpoint, wait)
            except (BadRequest, TimedOut):
                # 400: the same request would fail the same way. Timed out: it may have
                # been delivered, and a reply shown twice is worse than one shown late.
                raise
            except NetworkError as exc:
                if attempts >= self._max_attempts:
                    raise
                wait = self._backoff * 2 ** (attempts - 1)
                # The error's type only: PTB's message can hold the URL, hence the token.
                log.warning(
                    "%s failed (%s), attempt %s; again in %.1f s",
                    endpoint,
                    type(exc).__name__,
                    attempts,
                    wait,
                )
            await self._retry_sleep(wait)
