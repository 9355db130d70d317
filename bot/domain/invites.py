"""Pure invite-token rules: make, hash and check deep-link tokens; throttle guessing.

Tokens carry 192 bits from `secrets` as base64url (32 characters), inside Telegram's deep-link
limit of 64 characters of A-Za-z0-9_-. Only their SHA-256 is stored, so a leaked database
holds no usable link. A wrong, expired, used-up or revoked link all get the same answer, so a
guesser learns nothing about which tokens exist.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
import secrets
from collections.abc import Sequence
from typing import Final

TOKEN_BYTES: Final = 24  # 192 bits
PAYLOAD_RE: Final = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
GUESS_LIMIT: Final = 5
GUESS_WINDOW: Final = dt.timedelta(hours=1)


class Check(enum.StrEnum):
    """Whether an invite can be used now."""

    OK = "ok"
    EXPIRED = "expired"
    USED_UP = "used_up"
    REVOKED = "revoked"


def new_token() -> str:
    """A fresh, unguessable deep-link token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """What the database stores for a token (hex SHA-256)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def valid_payload(payload: str) -> bool:
    """True if Telegram could have delivered this as a /start payload."""
    return bool(PAYLOAD_RE.match(payload))


def check(
    *,
    now: dt.datetime,
    expires_at: dt.datetime,
    uses: int,
    max_uses: int,
    revoked_at: dt.datetime | None,
) -> Check:
    """Whether an invite with these fields can be used at `now`."""
    if revoked_at is not None:
        return Check.REVOKED
    if now >= expires_at:
        return Check.EXPIRED
    if uses >= max_uses:
        return Check.USED_UP
    return Check.OK


def throttled(failures: Sequence[dt.datetime], now: dt.datetime) -> bool:
    """True once a user has sent too many unusable tokens within the window."""
    return sum(1 for at in failures if now - at < GUESS_WINDOW) >= GUESS_LIMIT
