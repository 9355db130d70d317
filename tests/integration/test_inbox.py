"""The inbox's claims: a chat's updates in order and one at a time, other chats side by
side, leases that run out after a crash, poison set aside, payloads dropped when done."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.db.models import InboxStatus, InboxUpdate
from bot.inbox.store import MAX_ATTEMPTS, Inbox

LEASE = dt.timedelta(seconds=60)


def msg(uid: int, chat: int, text: str = "hi") -> dict[str, Any]:
    return {"update_id": uid, "message": {"chat": {"id": chat}, "text": text}}


async def rows(engine: AsyncEngine) -> dict[int, Any]:
    async with engine.connect() as conn:
        result = await conn.execute(select(InboxUpdate.__table__))  # type: ignore[attr-defined]
        return {r.update_id: r for r in result}


async def test_put_stores_each_update_once(engine: AsyncEngine, clock: FakeClock) -> None:
    inbox = Inbox(engine)
    first = await inbox.put([msg(1, 10), msg(2, 10), {"no": "id"}], now=clock())
    again = await inbox.put([msg(2, 10), msg(3, 11)], now=clock())
    assert (first.new, first.duplicate, first.invalid) == (2, 0, 1)
    assert (again.new, again.duplicate) == (1, 1)
    stored = await rows(engine)
    assert sorted(stored) == [1, 2, 3]
    assert {r.chat_key for r in stored.values()} == {10, 11}
    assert all(r.status == InboxStatus.PENDING.value for r in stored.values())


async def test_one_claim_takes_a_chat_whole_and_in_order(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(5, 10), msg(3, 10), msg(4, 11), msg(9, 10)], now=clock())
    work = await inbox.claim(owner="a", now=clock(), lease=LEASE, chats=10)
    by_chat = {w.chat_key: [uid for uid, _, _ in w.updates] for w in work}
    assert by_chat == {10: [3, 5, 9], 11: [4]}


async def test_no_one_else_starts_on_a_chat_in_hand(engine: AsyncEngine, clock: FakeClock) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(1, 10), msg(2, 11)], now=clock())
    mine = await inbox.claim(owner="a", now=clock(), lease=LEASE, chats=1)
    assert [w.chat_key for w in mine] == [10]
    # A newer update of chat 10 arrives while worker a handles it: b may not take it.
    await inbox.put([msg(3, 10)], now=clock())
    theirs = await inbox.claim(owner="b", now=clock(), lease=LEASE, chats=10)
    assert [w.chat_key for w in theirs] == [11]
    assert await inbox.claim(owner="b", now=clock(), lease=LEASE, chats=10) == []
    # Once a finishes update 1, update 3 is the chat's head and anyone may take it.
    await inbox.finish(done=[1], failed=[], now=clock())
    later = await inbox.claim(owner="b", now=clock(), lease=LEASE, chats=10)
    assert [(w.chat_key, [u for u, _, _ in w.updates]) for w in later] == [(10, [3])]


async def test_a_crashed_workers_chats_are_taken_over_when_the_lease_runs_out(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(1, 10), msg(2, 10)], now=clock())
    assert await inbox.claim(owner="dead", now=clock(), lease=LEASE, chats=5)
    assert await inbox.claim(owner="b", now=clock(), lease=LEASE, chats=5) == []
    clock.advance(LEASE + dt.timedelta(seconds=1))
    work = await inbox.claim(owner="b", now=clock(), lease=LEASE, chats=5)
    assert [[(u, a) for u, _, a in w.updates] for w in work] == [[(1, 2), (2, 2)]]


async def test_a_graceful_stop_hands_back_without_counting_an_attempt(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(1, 10)], now=clock())
    await inbox.claim(owner="a", now=clock(), lease=LEASE, chats=5)
    await inbox.release(owner="a", update_ids=[1])
    (work,) = await inbox.claim(owner="b", now=clock(), lease=LEASE, chats=5)
    assert work.updates[0][2] == 1


async def test_finished_updates_lose_their_payload_and_are_pruned(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(1, 10, "my toes are numb"), msg(2, 11)], now=clock())
    await inbox.claim(owner="a", now=clock(), lease=LEASE, chats=5)
    await inbox.finish(done=[1], failed=[2], now=clock())
    stored = await rows(engine)
    assert stored[1].status == InboxStatus.DONE.value and stored[1].payload is None
    assert stored[2].status == InboxStatus.FAILED.value and stored[2].payload is None
    # A webhook retry of a handled update is still recognised: not stored again.
    assert (await inbox.put([msg(1, 10)], now=clock())).new == 0
    assert await inbox.pending() == 0
    assert await inbox.prune(before=clock() - dt.timedelta(hours=1)) == 0
    assert await inbox.prune(before=clock() + dt.timedelta(seconds=1)) == 2
    assert await rows(engine) == {}


async def test_attempts_are_counted_so_a_poison_update_can_be_set_aside(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(1, 10)], now=clock())
    for attempt in range(1, MAX_ATTEMPTS + 2):
        (work,) = await inbox.claim(owner=f"w{attempt}", now=clock(), lease=LEASE, chats=5)
        assert work.updates[0][2] == attempt
        clock.advance(LEASE * 2)


async def test_renew_keeps_a_slow_chat(engine: AsyncEngine, clock: FakeClock) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(1, 10)], now=clock())
    await inbox.claim(owner="a", now=clock(), lease=LEASE, chats=5)
    clock.advance(LEASE / 2)
    assert await inbox.renew(owner="a", now=clock(), lease=LEASE) == 1
    clock.advance(LEASE * 3 / 4)
    assert await inbox.claim(owner="b", now=clock(), lease=LEASE, chats=5) == []


async def test_workers_claiming_at_once_take_different_chats(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    inbox = Inbox(engine)
    await inbox.put([msg(uid, 100 + uid % 40) for uid in range(1, 401)], now=clock())
    claims = await asyncio.gather(
        *(inbox.claim(owner=f"w{i}", now=clock(), lease=LEASE, chats=7) for i in range(6))
    )
    chats = [w.chat_key for claim in claims for w in claim]
    assert len(chats) == len(set(chats)) == 40
    ids = [u for claim in claims for w in claim for u, _, _ in w.updates]
    assert sorted(ids) == list(range(1, 401))


async def test_one_poller_at_a_time_and_a_dead_ones_turn_is_taken_at_once(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    inbox = Inbox(engine)
    ttl = dt.timedelta(seconds=45)
    assert await inbox.hold_poller(owner="a", now=clock(), ttl=ttl)
    assert not await inbox.hold_poller(owner="b", now=clock(), ttl=ttl)
    assert await inbox.hold_poller(owner="a", now=clock(), ttl=ttl)  # renewing
    # a is known to be gone (a process of this machine after kill -9): b need not wait.
    assert await inbox.hold_poller(owner="b", now=clock(), ttl=ttl, dead=lambda o: o == "a")
    # A holder not known to be gone keeps its turn until it runs out.
    assert not await inbox.hold_poller(owner="c", now=clock(), ttl=ttl)
    clock.advance(ttl + dt.timedelta(seconds=1))
    assert await inbox.hold_poller(owner="c", now=clock(), ttl=ttl)
    await inbox.leave_poller(owner="c")
    assert await inbox.hold_poller(owner="d", now=clock(), ttl=ttl)
