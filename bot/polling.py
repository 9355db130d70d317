"""Long polling that one bad update cannot stop: `SkippingBot.get_updates`.

python-telegram-bot parses a whole getUpdates batch at once (`Update.de_list`); one update it
cannot parse (a newer Bot API field it requires, a malformed entity) raises, the Updater
logs the whole batch (other users' messages) at CRITICAL, never advances the offset and asks
again at once: the bot fetches the same batch forever, even after a restart. Here each raw
update is parsed on its own; one that fails is dropped and counted, logged by update id and
exception type only, and the next offset moves past it. An answer that cannot be read at all
becomes a `NetworkError`, so PTB's retry loop backs off (1 s, growing by half, up to 30 s)
instead of spinning.

`SkippingBot` is a `bot.delivery.replies.RetryingBot`, so every other call (the handlers'
replies) is retried on 429 and 5xx and goes through the process's rate limiter; getUpdates
passes through that layer untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.error import NetworkError, TelegramError

from bot.delivery.replies import RetryingBot

log = logging.getLogger(__name__)


class SkippingBot(RetryingBot):
    """A `RetryingBot` whose getUpdates skips updates the library cannot parse.

    Takes `RetryingBot`'s arguments (``limiter=``, ``sleep=``) besides `ExtBot`'s.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Underscored: PTB freezes its bots against setting public attributes.
        self._skipped = 0
        # The lowest offset the next getUpdates may ask for: past every skipped update, so
        # Telegram forgets them even when they were the last of their batch.
        self._offset_floor = 0

    @property
    def skipped_updates(self) -> int:
        """How many updates were skipped since start."""
        return self._skipped

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 (PTB's signature)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        """Like `Bot.get_updates`, but past skipped updates and without the bad ones."""
        # A negative offset (drop pending updates) counts from the end: left as asked.
        if self._offset_floor and (offset is None or 0 <= offset < self._offset_floor):
            offset = self._offset_floor
        try:
            return await super().get_updates(
                offset=offset,
                limit=limit,
                timeout=timeout,
                allowed_updates=allowed_updates,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
                api_kwargs=api_kwargs,
            )
        except TelegramError:
            raise
        except Exception as exc:
            # Not a Telegram error, so PTB's loop would log the answer and retry at once.
            log.error("getUpdates failed (%s); retrying with back-off", type(exc).__name__)
            raise NetworkError(f"getUpdates failed ({type(exc).__name__})") from None

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
        result = await super()._do_post(
            endpoint,
            data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if endpoint != "getUpdates":
            return result
        if not isinstance(result, list):
            raise NetworkError("getUpdates answer is not a list of updates")
        return self._parseable(result)

    def _parseable(self, raw: list[Any]) -> list[JSONDict]:
        """The updates PTB can parse; the others are counted and passed over."""
        good: list[JSONDict] = []
        for item in raw:
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if not isinstance(update_id, int):
                # Without an id we cannot move past it; Telegram always sends one.
                raise NetworkError("getUpdates answer has an update without an update_id")
            try:
                Update.de_json(item, self)
            except Exception as exc:
                self._skipped += 1
                self._offset_floor = max(self._offset_floor, update_id + 1)
                # Id and exception type only: the update holds someone's message.
                log.warning(
                    "skipped update %s that could not be parsed (%s); %s skipped so far",
                    update_id,
                    type(exc).__name__,
                    self._skipped,
                )
                continue
            good.append(item)
        return good
