"""The callback-data codecs: what is packed unpacks to the same value; anything else is None."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pytest

from bot.callbacks import MAX_INT, CallbackData


@dataclass(frozen=True)
class _Press(CallbackData, prefix="zzt"):
    row: int
    action: Literal["next", "stop"]
    flag: bool
    token: str | None = None


def test_round_trip() -> None:
    for value in (_Press(12, "next", True), _Press(0, "stop", False, "ab_C-1")):
        assert _Press.unpack(value.pack()) == value
    assert _Press(12, "next", True).pack() == "zzt:12:next:1"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "zzt",
        "zzt:12",
        "zzt:12:next",
        "zzt:x:next:1",
        "zzt:12:jump:1",
        "zzt:12:next:2",
        "zzt:12:next:1:tok:extra",
        "zzt:12:next:1:bad token",
        f"zzt:{MAX_INT + 1}:next:1",
        "zzt:" + "9" * 40 + ":next:1",
        "zzx:12:next:1",
        "zzt:12:next:1:" + "a" * 70,
        "zzt::next:1",
    ],
)
def test_malformed_is_none(data: str | None) -> None:
    assert _Press.unpack(data) is None


def test_pattern_catches_the_family_only() -> None:
    assert _Press.pattern().match("zzt:anything")
    assert _Press.pattern().match("zzt")
    assert not _Press.pattern().match("zztx:1")


def test_pack_refuses_what_cannot_round_trip() -> None:
    with pytest.raises(ValueError, match="round-trip"):
        _Press(1, "next", True, "has:colon").pack()
    with pytest.raises(ValueError, match="64 bytes"):
        _Press(MAX_INT, "next", True, "a" * 48).pack()


def test_prefixes_are_unique() -> None:
    with pytest.raises(ValueError, match="two families"):

        @dataclass(frozen=True)
        class _Twin(CallbackData, prefix="zzt"):
            row: int
