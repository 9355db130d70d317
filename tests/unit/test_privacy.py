"""Pure data-rights rules: spreadsheet-safe cells, confirmation codes, retention, job turns."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.privacy import (
    due,
    new_nonce,
    retention_cutoff,
    safe_cell,
    valid_nonce,
)

T = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "value",
    [
        "=1+2",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        '  =HYPERLINK("http://x")',
        " \t-2",
        "=cmd|' /C calc'!A0",
    ],
)
def test_formula_starts_get_a_leading_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Pia", "2026-12-01", "default: a,b", " Ann", "a=b", ""])
def test_plain_text_is_unchanged(value: str) -> None:
    assert safe_cell(value) == value


def test_numbers_and_none_are_unchanged() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(None) is None


def test_nonces_are_fresh_and_well_formed() -> None:
    codes = {new_nonce() for _ in range(100)}
    assert len(codes) == 100
    assert all(valid_nonce(c) for c in codes)
    assert not valid_nonce("1") and not valid_nonce("x" * 17) and not valid_nonce("a" * 15 + "!")


def test_retention_cutoff() -> None:
    assert retention_cutoff(T, None) is None
    assert retention_cutoff(T, 30) == T - dt.timedelta(days=30)
    with pytest.raises(ValueError):
        retention_cutoff(T.replace(tzinfo=None), 30)


def test_job_turns() -> None:
    day = dt.timedelta(days=1)
    assert due(last_run=None, now=T, every=day)
    assert not due(last_run=T - dt.timedelta(hours=23), now=T, every=day)
    assert due(last_run=T - day, now=T, every=day)
