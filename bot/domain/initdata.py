"""Telegram Mini App `initData`: validating it exactly as Telegram documents it, and signing
it (for the terminal sandbox and the tests, which play Telegram's part).

Telegram's rule (core.telegram.org/bots/webapps, "Validating data received via the Mini
App"): the data-check-string is every received field except `hash`, as `key=value` with the
values URL-decoded, sorted by key and joined by a line feed; the secret key is
HMAC-SHA256 of the bot token keyed with the constant "WebAppData"; the hex HMAC-SHA256 of the
data-check-string under that key must equal `hash`. `auth_date` (Unix seconds) must not be
older than a setting, nor in the future beyond a little clock skew.

Pure: no I/O, no Telegram library; the clock is the caller's. A refusal says only which rule
failed (never the data), so it can be logged.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

__all__ = ["InitDataError", "Refusal", "WebAppUser", "sign", "validate"]

# Telegram's clients and our server may disagree by a little; more than this is forged.
MAX_FUTURE_SKEW = dt.timedelta(minutes=5)
# A header far longer than any real initData is refused before it is parsed.
MAX_LENGTH = 8192


class Refusal(enum.StrEnum):
    """Why `initData` was refused (all of them mean 401 to the page)."""

    MISSING = "missing"
    MALFORMED = "malformed"
    BAD_HASH = "bad_hash"
    EXPIRED = "expired"
    FUTURE = "future"
    NO_USER = "no_user"


class InitDataError(Exception):
    """`initData` that is missing, malformed, not signed with our token, or too old."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """The Telegram user the Mini App was opened by, as signed by Telegram."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    auth_date: dt.datetime


def _secret(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def _check_string(fields: Mapping[str, str]) -> str:
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")


def _digest(bot_token: str, fields: Mapping[str, str]) -> str:
    return hmac.new(_secret(bot_token), _check_string(fields).encode(), hashlib.sha256).hexdigest()


def validate(
    init_data: str | None, *, bot_token: str, now: dt.datetime, max_age: dt.timedelta
) -> WebAppUser:
    """The signed user of `init_data`, or `InitDataError` saying which rule failed."""
    if not init_data:
        raise InitDataError(Refusal.MISSING)
    if len(init_data) > MAX_LENGTH:
        raise InitDataError(Refusal.MALFORMED)
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InitDataError(Refusal.MALFORMED) from None
    fields = dict(pairs)
    # A repeated key could make two parsers read different data under one hash.
    if len(fields) != len(pairs) or "hash" not in fields:
        raise InitDataError(Refusal.MALFORMED)
    expected = _digest(bot_token, fields)
    if not hmac.compare_digest(expected, fields["hash"].lower()):
        raise InitDataError(Refusal.BAD_HASH)
    try:
        auth_date = dt.datetime.fromtimestamp(int(fields["auth_date"]), tz=dt.UTC)
    except (KeyError, ValueError, OverflowError, OSError):
        raise InitDataError(Refusal.MALFORMED) from None
    if auth_date > now + MAX_FUTURE_SKEW:
        raise InitDataError(Refusal.FUTURE)
    if now - auth_date > max_age:
        raise InitDataError(Refusal.EXPIRED)
    return _user(fields.get("user"), auth_date)


def _user(raw: str | None, auth_date: dt.datetime) -> WebAppUser:
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        raise InitDataError(Refusal.NO_USER) from None
    if not isinstance(data, dict):
        raise InitDataError(Refusal.NO_USER)
    uid = data.get("id")
    # bool is an int in Python; a signed `"id": true` is still not a user.
    if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0:
        raise InitDataError(Refusal.NO_USER)

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    return WebAppUser(
        id=uid,
        first_name=text("first_name") or "",
        last_name=text("last_name"),
        username=text("username"),
        language_code=text("language_code"),
        auth_date=auth_date,
    )


def sign(
    *,
    bot_token: str,
    user: Mapping[str, object],
    auth_date: dt.datetime,
    extra: Mapping[str, str] | None = None,
) -> str:
    """`initData` for `user` as Telegram would sign it (the sandbox and tests play Telegram)."""
    fields = {
        "auth_date": str(int(auth_date.timestamp())),
        "user": json.dumps(dict(user), separators=(",", ":"), ensure_ascii=False),
        **(extra or {}),
    }
    fields["hash"] = _digest(bot_token, fields)
    return urlencode(fields)
