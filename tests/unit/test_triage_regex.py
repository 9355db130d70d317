"""The split alternation matches exactly as the whole alternation does, on the lexicon's own
patterns and on patterns made to stress the prefix reading."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from bot.domain.triage.regex import OPEN, FirstCharAlternation, prefixes

PATTERNS = [
    ("a", r"numb\w*"),
    ("b", r"(?:can't|couldn't) (?:feel|move)"),
    ("c", r"pins?[\s-]*(?:and|&|n)?[\s-]*needles?"),
    ("d", r"(?:toes?|foot|feet) (?:\w+ ){0,2}?dead"),
    ("e", r"ow+\b"),
    ("f", r"x?"),  # can match nothing: always tried
    ("g", r"[0-9]{2}(?:\.\d)?"),
    ("h", r"(?=\w)bl(?:ack|ue)"),
]


def _whole(subset: Sequence[tuple[str, str]]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in subset))


@pytest.mark.parametrize(
    "text",
    [
        "numbness in my toes",
        "i can't feel my foot",
        "pins n needles",
        "foot went dead",
        "owww that hurt",
        "39.5 this morning",
        "black and blue",
        "nothing here",
        "x",
        "",
    ],
)
def test_the_split_alternation_matches_as_the_whole(text: str) -> None:
    split = FirstCharAlternation(PATTERNS, _whole)
    whole = _whole(PATTERNS)
    for pos in range(len(text) + 1):
        a, b = split.match(text, pos) if pos < len(text) else None, whole.match(text, pos)
        if pos == len(text):
            continue
        assert (a and (a.lastgroup, a.span())) == (b and (b.lastgroup, b.span())), (text, pos)


def test_prefixes_are_read_from_the_parse_tree() -> None:
    assert prefixes(r"numb\w*") == frozenset({"nu"})
    assert prefixes(r"(?:can't|couldn't) x") == frozenset({"ca", "co"})
    assert prefixes(r"ow+") == frozenset({"ow"})
    assert prefixes(r"(?=\w)bl(?:ack|ue)") == frozenset({"bl"})  # lookarounds take no room
    # A repeat is read once, then anything may follow.
    assert prefixes(r"[0-9]{2}") == frozenset(f"{d}{OPEN}" for d in "0123456789")
    assert prefixes(r"x?") is None  # may match nothing: any start
    assert prefixes(r"\w+") is None  # a class it does not read: any start
