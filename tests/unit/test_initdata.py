"""Telegram Mini App initData, validated as Telegram documents it: a signed user passes; a
changed field, another bot's token, an old or future auth_date, a repeated key, no hash or
no user are refused, each with its own reason."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.domain.initdata import MAX_LENGTH, InitDataError, Refusal, sign, validate

TOKEN = "123456:TEST-unit-token-abcdefghijklmn"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
AGE = dt.timedelta(hours=1)
USER = {
    "id": 42,
    "first_name": "Ana",
    "last_name": "Lima",
    "username": "ana",
    "language_code": "pt",
}


def check(data: str | None, *, token: str = TOKEN) -> Refusal | None:
    try:
        validate(data, bot_token=token, now=NOW, max_age=AGE)
    except InitDataError as exc:
        return exc.refusal
    return None


def test_a_signed_user_passes_with_every_field() -> None:
    data = sign(bot_token=TOKEN, user=USER, auth_date=NOW - dt.timedelta(minutes=5),
                extra={"query_id": "AAE", "chat_type": "private"})  # fmt: skip
    user = validate(data, bot_token=TOKEN, now=NOW, max_age=AGE)
    assert (user.id, user.first_name, user.last_name, user.username, user.language_code) == (
        42, "Ana", "Lima", "ana", "pt",
    )  # fmt: skip
    assert user.auth_date == NOW - dt.timedelta(minutes=5)


def test_the_hash_is_telegrams_documented_hmac() -> None:
    # Computed here independently: secret = HMAC_SHA256("WebAppData", token), then the
    # sorted key=value lines without hash.
    data = sign(bot_token=TOKEN, user=USER, auth_date=NOW)
    fields = dict(parse_qsl(data))
    check_string = "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    assert fields["hash"] == hmac.new(secret, check_string.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("field", ["auth_date", "user", "query_id"])
def test_any_changed_field_breaks_the_hash(field: str) -> None:
    data = sign(bot_token=TOKEN, user=USER, auth_date=NOW, extra={"query_id": "AAE"})
    fields = dict(parse_qsl(data))
    fields[field] = {"auth_date": str(int(NOW.timestamp()) - 1), "user": '{"id":43}',
                     "query_id": "BBB"}[field]  # fmt: skip
    assert check(urlencode(fields)) is Refusal.BAD_HASH


def test_another_bots_token_is_refused() -> None:
    data = sign(bot_token=TOKEN, user=USER, auth_date=NOW)
    assert check(data, token="654321:TEST-another-token-abcdefgh") is Refusal.BAD_HASH


def test_old_and_future_auth_dates_are_refused() -> None:
    old = sign(bot_token=TOKEN, user=USER, auth_date=NOW - AGE - dt.timedelta(seconds=1))
    assert check(old) is Refusal.EXPIRED
    edge = sign(bot_token=TOKEN, user=USER, auth_date=NOW - AGE)
    assert check(edge) is None
    future = sign(bot_token=TOKEN, user=USER, auth_date=NOW + dt.timedelta(minutes=10))
    assert check(future) is Refusal.FUTURE


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (None, Refusal.MISSING),
        ("", Refusal.MISSING),
        ("no-equals-sign", Refusal.MALFORMED),
        ("auth_date=1&user=%7B%7D", Refusal.MALFORMED),  # no hash
        ("a=1&a=2&hash=00", Refusal.MALFORMED),  # a repeated key
        ("x=" + "y" * MAX_LENGTH, Refusal.MALFORMED),
    ],
)
def test_missing_and_malformed_data(data: str | None, refusal: Refusal) -> None:
    assert check(data) is refusal


@pytest.mark.parametrize("user", [{"id": True}, {"id": -1}, {"id": "42"}, {"name": "x"}])
def test_signed_data_without_a_real_user_is_refused(user: dict[str, object]) -> None:
    assert check(sign(bot_token=TOKEN, user=user, auth_date=NOW)) is Refusal.NO_USER


def test_a_signed_auth_date_that_is_not_a_number_is_malformed() -> None:
    data = sign(bot_token=TOKEN, user=USER, auth_date=NOW)
    fields = dict(parse_qsl(data))
    fields["auth_date"] = "soon"
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    check_string = "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")
    fields["hash"] = hmac.new(secret, check_string.encode(), hashlib.sha256).hexdigest()
    assert check(urlencode(fields)) is Refusal.MALFORMED
