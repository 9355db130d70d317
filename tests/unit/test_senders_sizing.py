"""Senders sized to rate x latency, and paid broadcasts.

The rate a sender can hold is (requests in flight) / latency, whatever the limiter allows:
with the old 8 connections and Telegram answering in 300 ms that was 26/s, below the
configured 30/s. Here the in-flight pipeline (limiter, then a request that takes the
latency) runs on virtual time, so a minute of sending takes no real time. The paid-broadcast
flag is checked on the wire: a local aiohttp server records what the lean sender posts, and
a scripted PTB request what `PtbSender` posts.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from types import SimpleNamespace
from typing import Any, cast

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from bot.clock import FakeClock
from bot.delivery.dispatcher import AiohttpSender, DispatchConfig, Dispatcher, PtbSender
from bot.delivery.ratelimit import RateLimiter, in_flight_for
from bot.delivery.reminders import build_dispatcher
from bot.deps import Deps
from tests.unit.test_ratelimit import VirtualTime
from tests.unit.test_replies import ME, TOKEN, ScriptedApi, message, ok

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def achieved_rate(*, rate: float, in_flight: int, latency: float, seconds: float) -> float:
    """Messages a second through `in_flight` workers, each waiting for the limiter and then
    for a request taking `latency`, over `seconds` of virtual time."""
    vt = VirtualTime()
    limiter = RateLimiter(rate, monotonic=vt.monotonic, sleep=vt.sleep)
    done = 0
    chats = iter(range(1, 10**9))

    async def worker() -> None:
        nonlocal done
        while vt.now < seconds:
            await limiter.acquire(next(chats))
            await vt.sleep(latency)  # the request on the wire
            done += 1

    await vt.run(*(worker() for _ in range(in_flight)))
    return done / vt.now


async def test_eight_connections_were_too_few_at_300_ms() -> None:
    # The figure: 8 connections at 300 ms give about 26/s, not the configured 30.
    assert await achieved_rate(rate=30, in_flight=8, latency=0.3, seconds=60) < 27


async def test_the_defaults_hold_30_per_second_at_one_second_latency() -> None:
    config = DispatchConfig()
    sender = AiohttpSender("http://127.0.0.1:1/bot", TOKEN)
    in_flight = min(config.in_flight, sender.connections)
    assert 30 <= in_flight <= 40
    assert await achieved_rate(rate=30, in_flight=in_flight, latency=1.0, seconds=60) >= 29.5


async def test_paid_broadcast_rates_are_sized_and_bounded() -> None:
    assert in_flight_for(30) == 38
    assert in_flight_for(1.0) == 8  # a few connections even for a tiny rate
    assert in_flight_for(1000) == 256  # not a thousand sockets
    assert in_flight_for(100, latency=0.3) == 38
    assert AiohttpSender("http://x/bot", TOKEN, rate=1000).connections == 256
    assert DispatchConfig(rate=200).in_flight == 250
    assert DispatchConfig(concurrency=5).chunk_size == 5
    assert DispatchConfig(concurrency=8, chunk=2).chunk_size == 2


async def test_the_lean_sender_posts_allow_paid_broadcast_only_from_its_paid_view() -> None:
    posted: list[dict[str, Any]] = []

    async def send_message(request: web.Request) -> web.Response:
        posted.append(await request.json())
        return web.json_response({"ok": True, "result": message(5, len(posted))})

    app = web.Application()
    app.router.add_post(f"/bot{TOKEN}/sendMessage", send_message)
    async with TestServer(app) as server:
        base = str(server.make_url("/bot"))
        async with AiohttpSender(base, TOKEN) as plain:
            paid = plain.paid()
            assert await plain.send(5, "free", None) == 1
            assert await paid.send(5, "paid", None) == 2
            assert paid._session is None and plain._session is not None  # one pool

    assert "allow_paid_broadcast" not in posted[0]
    assert posted[1]["allow_paid_broadcast"] is True


async def test_ptb_sender_posts_allow_paid_broadcast_when_paid() -> None:
    seen: list[dict[str, Any]] = []

    class Recording(ScriptedApi):
        async def do_request(
            self, url: str, method: str, request_data: Any = None, *args: Any, **kw: Any
        ) -> tuple[int, bytes]:
            if url.endswith("/sendMessage"):
                seen.append(json.loads(request_data.json_payload))
                return ok(message(5))
            return ok(ME)

    async with Bot(TOKEN, request=Recording()) as bot:
        await PtbSender(bot).send(5, "free", None)
        await PtbSender(bot).paid().send(5, "paid", None)

    assert "allow_paid_broadcast" not in seen[0]
    assert json.loads(str(seen[1]["allow_paid_broadcast"]).lower()) is True  # PTB sends "true"


def fake_deps(*, prompt_rate: float, paid_broadcast: bool) -> Deps:
    settings = SimpleNamespace(
        prompt_rate=prompt_rate,
        paid_broadcast=paid_broadcast,
        quiet_hours="21:00-08:00",
        grace_minutes=120,
        followup_after_minutes=180,
    )
    clock = FakeClock(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC))
    sessions = cast("async_sessionmaker[AsyncSession]", None)
    return cast(Deps, SimpleNamespace(settings=settings, sessions=sessions, clock=clock))


@pytest.mark.parametrize(
    ("rate", "paid", "warned"), [(100, False, True), (100, True, False), (30, False, False)]
)
def test_a_rate_above_30_without_paid_broadcast_warns_once_at_build(
    caplog: pytest.LogCaptureFixture, rate: float, paid: bool, warned: bool
) -> None:
    sender = AiohttpSender("http://127.0.0.1:1/bot", TOKEN)
    limiter = RateLimiter(rate)
    with caplog.at_level(logging.WARNING, logger="bot.delivery.reminders"):
        dispatcher = build_dispatcher(
            fake_deps(prompt_rate=rate, paid_broadcast=paid), sender=sender, limiter=limiter
        )
    assert dispatcher.config.paid_broadcast is paid and dispatcher.config.rate == rate
    warnings = [r for r in caplog.records if "paid broadcasts" in r.getMessage()]
    assert len(warnings) == (1 if warned else 0)
    # Prompts go out through the paid view of the process's sender, or the sender itself.
    assert ("allow_paid_broadcast" in dispatcher._sender._extra) is paid  # type: ignore[attr-defined]


def test_a_paid_dispatcher_needs_a_sender_that_can_pay() -> None:
    class Fake:
        async def send(self, chat_id: int, text: str, reply_markup: Any) -> int:
            return 1

    with pytest.raises(TypeError):
        Dispatcher(
            sessions=cast("async_sessionmaker[AsyncSession]", None),
            sender=Fake(),
            clock=FakeClock(dt.datetime(2026, 11, 23, tzinfo=dt.UTC)),
            config=DispatchConfig(paid_broadcast=True),
        )
