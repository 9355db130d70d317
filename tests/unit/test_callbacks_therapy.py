"""The therapist and safety button families keep their wire formats (buttons already sent
still work) and refuse anything they would not have packed."""

from __future__ import annotations

import pytest

from bot.callbacks import (
    AdminPress,
    CallbackData,
    CheckinPress,
    InviteAnswer,
    InviteRevoke,
    PatientPress,
    SafetyPress,
    TherapistName,
)

WIRE: list[tuple[CallbackData, str]] = [
    (SafetyPress.confirm(12), "sf:ok:12"),
    (SafetyPress.befast(12, 3, yes=True), "sf:bf:12:3:y"),
    (SafetyPress.befast(12, 0, yes=False), "sf:bf:12:0:n"),
    (CheckinPress(7, 2, "numb"), "ci:7:2:numb"),
    (CheckinPress(7, 2, "send"), "ci:7:2:send"),
    (InviteAnswer("aB3_-x", "y"), "iv:aB3_-x:y"),
    (TherapistName(41), "tn:41"),
    (InviteRevoke("rv", 41), "ti:rv:41"),
    (AdminPress("off", 5_000_000_001), "ta:off:5000000001"),
    (PatientPress(5_000_000_002, "d"), "tp:5000000002:d"),
    (PatientPress(9, "prog", "toe-basics"), "tp:9:prog:toe-basics"),
]


@pytest.mark.parametrize(("value", "wire"), WIRE)
def test_wire_formats_are_the_old_ones(value: CallbackData, wire: str) -> None:
    assert value.pack() == wire
    assert type(value).unpack(wire) == value
    assert type(value).pattern().match(wire)


@pytest.mark.parametrize(
    ("family", "data"),
    [
        (SafetyPress, "sf:no:12"),
        (SafetyPress, "sf:ok:x"),
        (SafetyPress, "sf:bf:12:3:maybe"),
        (CheckinPress, "ci:7:2"),
        (CheckinPress, "ci:7:2:has space"),
        (InviteAnswer, "iv:abc:maybe"),
        (InviteAnswer, "iv:a:b:y"),
        (TherapistName, "tn:"),
        (InviteRevoke, "ti:xx:4"),
        (AdminPress, "ta:on:5"),
        (PatientPress, "tp:5:delete"),
        (PatientPress, "tp:" + "9" * 20 + ":d"),
    ],
)
def test_malformed_presses_are_none(family: type[CallbackData], data: str) -> None:
    assert family.unpack(data) is None


def test_safety_press_shapes() -> None:
    # A confirmation with BE-FAST fields, or a BE-FAST answer missing one, is not well formed.
    assert SafetyPress.confirm(1).valid() and SafetyPress.befast(1, 0, yes=True).valid()
    for data in ("sf:ok:1:2", "sf:bf:1", "sf:bf:1:2", "sf:bf:1:-1:y"):
        press = SafetyPress.unpack(data)
        assert press is None or not press.valid()
