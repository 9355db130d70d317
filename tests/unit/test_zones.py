"""Pure time-zone lookup from what patients type."""

from __future__ import annotations

import pytest

from bot.domain.zones import resolve_zone

ALIASES = {"Munich": "Europe/Berlin", "san francisco": "America/Los_Angeles"}


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  Lisbon ", "Europe/Lisbon"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("Paris, France", "Europe/Paris"),
        ("munich", "Europe/Berlin"),
        ("San Francisco", "America/Los_Angeles"),
        ("UTC", "UTC"),
        ("gmt", "GMT"),
        ("UTC+2", "Etc/GMT-2"),
        ("GMT-5", "Etc/GMT+5"),
        ("utc + 0", "UTC"),
    ],
)
def test_resolves(text: str, zone: str) -> None:
    assert resolve_zone(text, ALIASES).zone == zone


@pytest.mark.parametrize(
    ("text", "suggestion"), [("Lisbn", "Europe/Lisbon"), ("Tokio", "Asia/Tokyo")]
)
def test_close_misspellings_are_suggested_not_guessed(text: str, suggestion: str) -> None:
    match = resolve_zone(text, ALIASES)
    assert match.zone is None
    assert suggestion in match.suggestions


@pytest.mark.parametrize("text", ["Mars", "", "25:99", "UTC+99", "x" * 5000, "🦶"])
def test_unknown(text: str) -> None:
    match = resolve_zone(text, ALIASES)
    assert match.zone is None
