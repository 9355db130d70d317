"""Typed answers to the diabetes question: yes, no and not sure as people type them."""

from __future__ import annotations

import pytest

from bot.domain.answers import yes_no_unsure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("Yes!", "yes"),
        ("yep 👍", "yes"),
        ("I'm diabetic", "yes"),
        ("type 2", "yes"),
        ("no", "no"),
        ("Nope.", "no"),
        ("I don't", "no"),
        ("not sure", "unsure"),
        ("Not sure?", "unsure"),
        ("idk", "unsure"),
        ("I don’t know", "unsure"),
        ("maybe", "unsure"),
        ("Lisbon", None),
        ("no idea what you mean by that question", None),
        ("", None),
    ],
)
def test_typed_answers(text: str, expected: str | None) -> None:
    assert yes_no_unsure(text) == expected
