"""Handler replies through `RetryingBot`: 429 waits retry_after, 5xx backs off, 400 and
timeouts are not sent again, sends take the limiter's priority lane, getUpdates is left alone.

The Bot API is a scripted `BaseRequest` (answers in order, counting what was asked), and
the bot's sleep only records the waits: nothing here waits for real time.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.delivery.ratelimit import RateLimiter
from bot.delivery.replies import RetryingBot, is_send
from bot.polling import SkippingBot

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:TEST-replies-token-0000000000000"
ME = {"id": 123456, "is_bot": True, "first_name": "toebot", "username": "toebot"}


def ok(result: Any) -> tuple[int, bytes]:
    return 200, json.dumps({"ok": True, "result": result}).encode()


def error(code: int, description: str, **parameters: Any) -> tuple[int, bytes]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, json.dumps(body).encode()


def message(chat_id: int, message_id: int = 7) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "date": 1_700_000_000,
        "chat": {"id": chat_id, "type": "private"},
        "text": "hello",
    }


Answer = tuple[int, bytes] | BaseException


class ScriptedApi(BaseRequest):
    """Answers each call of a method from its script, in order; getMe always succeeds."""

    def __init__(self, **scripts: list[Answer]) -> None:
        self.scripts = scripts
        self.calls: list[str] = []

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        self.calls.append(endpoint)
        if endpoint == "getMe":
            return ok(ME)
        answer = self.scripts[endpoint].pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


class Waits:
    """The bot's sleep: records each wait, returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class SpyLimiter(RateLimiter):
    """The real limiter (no global rate), recording each acquire."""

    def __init__(self) -> None:
        super().__init__(None)
        self.acquired: list[tuple[int | None, bool]] = []

    async def acquire(self, chat_id: int | None, *, priority: bool = False) -> None:
        self.acquired.append((chat_id, priority))
        await super().acquire(chat_id, priority=priority)


async def bot_with(
    api: ScriptedApi, limiter: RateLimiter | None = None, cls: type[RetryingBot] = RetryingBot
) -> tuple[RetryingBot, Waits]:
    waits = Waits()
    bot = cls(TOKEN, request=api, get_updates_request=api, limiter=limiter, sleep=waits)
    await bot.initialize()
    return bot, waits


def sends(api: ScriptedApi, endpoint: str = "sendMessage") -> int:
    return api.calls.count(endpoint)


async def test_a_429_is_sent_again_after_retry_after() -> None:
    api = ScriptedApi(
        sendMessage=[error(429, "Too Many Requests: retry after 3", retry_after=3), ok(message(5))]
    )
    limiter = SpyLimiter()
    bot, waits = await bot_with(api, limiter)

    sent = await bot.send_message(chat_id=5, text="hello")

    assert sent.message_id == 7
    assert waits.waits == [3.0]
    assert sends(api) == 2
    # Each attempt took a slot of the shared limiter, in the priority lane.
    assert limiter.acquired == [(5, True), (5, True)]


async def test_a_502_then_success_arrives_once() -> None:
    api = ScriptedApi(sendMessage=[error(502, "Bad Gateway"), ok(message(5))])
    bot, waits = await bot_with(api)

    await bot.send_message(chat_id=5, text="hello")

    assert sends(api) == 2 and waits.waits == [0.5]


async def test_persistent_5xx_gives_up_after_a_few_attempts_with_backoff() -> None:
    api = ScriptedApi(sendMessage=[error(500, "Internal Server Error")] * 3)
    bot, waits = await bot_with(api)

    with pytest.raises(NetworkError):
        await bot.send_message(chat_id=5, text="hello")

    assert sends(api) == 3 and waits.waits == [0.5, 1.0]


async def test_a_400_is_not_retried() -> None:
    api = ScriptedApi(sendMessage=[error(400, "Bad Request: message text is empty")])
    bot, waits = await bot_with(api)

    with pytest.raises(BadRequest):
        await bot.send_message(chat_id=5, text="hello")

    assert sends(api) == 1 and waits.waits == []


async def test_a_timed_out_send_is_not_sent_again() -> None:
    # It may have been delivered: a second copy is worse than a late one.
    api = ScriptedApi(sendMessage=[TimedOut("Timed out"), ok(message(5))])
    bot, waits = await bot_with(api)

    with pytest.raises(TimedOut):
        await bot.send_message(chat_id=5, text="hello")

    assert sends(api) == 1 and waits.waits == []


async def test_flood_waits_are_bounded() -> None:
    api = ScriptedApi(
        sendMessage=[
            error(429, "Too Many Requests", retry_after=20),
            error(429, "Too Many Requests", retry_after=20),
        ]
    )
    bot, waits = await bot_with(api)

    with pytest.raises(RetryAfter):
        await bot.send_message(chat_id=5, text="hello")

    # 20 s waited; another 20 would pass the 30 s bound, so the second 429 surfaces.
    assert waits.waits == [20.0] and sends(api) == 2


async def test_edits_and_callback_answers_are_retried_and_limited() -> None:
    api = ScriptedApi(
        editMessageText=[error(502, "Bad Gateway"), ok(message(5))],
        answerCallbackQuery=[error(429, "Too Many Requests", retry_after=1), ok(True)],
    )
    limiter = SpyLimiter()
    bot, waits = await bot_with(api, limiter)

    await bot.edit_message_text("hello", chat_id=5, message_id=7)
    assert await bot.answer_callback_query("query-1")

    assert waits.waits == [0.5, 1.0]
    assert limiter.acquired == [(5, True), (5, True), (None, True), (None, True)]


async def test_get_updates_is_neither_limited_nor_retried() -> None:
    api = ScriptedApi(getUpdates=[error(502, "Bad Gateway")])
    limiter = SpyLimiter()
    bot, waits = await bot_with(api, limiter, cls=SkippingBot)

    with pytest.raises(NetworkError):
        await bot.get_updates(timeout=0)

    assert sends(api, "getUpdates") == 1 and waits.waits == [] and limiter.acquired == []


async def test_skipping_bot_replies_are_retried_too() -> None:
    api = ScriptedApi(sendMessage=[error(503, "Service Unavailable"), ok(message(9))])
    bot, waits = await bot_with(api, SpyLimiter(), cls=SkippingBot)

    sent = await bot.send_message(chat_id=9, text="hello")

    assert sent.chat.id == 9 and sends(api) == 2 and waits.waits == [0.5]


async def test_replies_go_ahead_of_queued_bulk_sends() -> None:
    from tests.unit.test_ratelimit import VirtualTime

    vt = VirtualTime()
    limiter = RateLimiter(10.0, burst=1, monotonic=vt.monotonic, sleep=vt.sleep)
    api = ScriptedApi(sendMessage=[ok(message(99))])
    bot, _ = await bot_with(api, limiter)
    order: list[str] = []

    async def bulk(chat: int) -> None:
        await limiter.acquire(chat)
        order.append(f"bulk{chat}")

    async def reply() -> None:
        await vt.sleep(0.05)  # arrives while the bulk sends queue
        await bot.send_message(chat_id=99, text="hello")
        order.append("reply")

    await vt.run(*(bulk(c) for c in range(1, 11)), reply())

    # 10/s: bulk1 at 0.0, the reply takes the next slot (0.1), ahead of bulk2..bulk10.
    assert order.index("reply") == 1


def test_what_counts_as_a_send() -> None:
    assert is_send("sendMessage", {"chat_id": 1})
    assert is_send("editMessageText", {"inline_message_id": "x"})
    assert is_send("answerCallbackQuery", {"callback_query_id": "q"})
    assert is_send("getChat", {"chat_id": 1})
    assert not is_send("getUpdates", {})
    assert not is_send("getMe", {})
