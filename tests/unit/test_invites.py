"""Pure invite tokens: strength, format, hashing, validity and throttling."""

from __future__ import annotations

import datetime as dt

from bot.domain.invites import Check, check, hash_token, new_token, throttled, valid_payload

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def test_tokens_fit_telegram_deep_links_and_do_not_repeat() -> None:
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in list(tokens)[:50]:
        assert valid_payload(token)
        assert len(token) == 32  # 24 random bytes = 192 bits


def test_hash_is_stable_and_not_the_token() -> None:
    token = new_token()
    assert hash_token(token) == hash_token(token)
    assert token not in hash_token(token) and len(hash_token(token)) == 64


def test_payload_validation() -> None:
    assert valid_payload("abc_DEF-123")
    assert not valid_payload("")
    assert not valid_payload("a" * 65)
    assert not valid_payload("has space")
    assert not valid_payload("semi;colon")


def test_check() -> None:
    later = NOW + dt.timedelta(days=14)
    assert check(now=NOW, expires_at=later, uses=0, max_uses=1, revoked_at=None) is Check.OK
    assert check(now=later, expires_at=later, uses=0, max_uses=1, revoked_at=None) is Check.EXPIRED
    assert check(now=NOW, expires_at=later, uses=1, max_uses=1, revoked_at=None) is Check.USED_UP
    assert check(now=NOW, expires_at=later, uses=0, max_uses=3, revoked_at=NOW) is Check.REVOKED


def test_throttle_after_five_failures_in_an_hour() -> None:
    recent = [NOW - dt.timedelta(minutes=m) for m in range(4)]
    assert not throttled(recent, NOW)
    assert throttled([*recent, NOW], NOW)
    old = [NOW - dt.timedelta(hours=2)] * 10
    assert not throttled(old, NOW)
