"""Large alternations tried at the start of each word, split by the word's first characters.

The triage lexicons and the language glosses are alternations of hundreds of patterns tried at
every word. Python's regex engine tries each alternative in turn, so most of the time goes on
alternatives that cannot start with the word's first letters. `FirstCharAlternation` reads the
first two characters each alternative can start with from its parse tree and builds, on first
use, one smaller regex per two-character start, with the alternatives in the same order: the
same matches, only fewer tries. Pure, standard library only.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import Any, Final

__all__ = ["FirstCharAlternation", "prefixes"]


def prefixes(pattern: str, k: int = 2) -> frozenset[str] | None:
    """The strings of up to ``k`` characters a match of ``pattern`` can start with; None when
    unknown. A string shorter than ``k`` ends in ``OPEN`` when anything may follow it, or is
    short because the match may end there (both match any continuation)."""
    try:
        c: Any = importlib.import_module("re._constants")
        parser: Any = importlib.import_module("re._parser")

        found = _seq(c, parser.parse(pattern), k)
    except Exception:  # an unexpected parse tree: "any" is always correct
        return None
    if found is None or "" in found or OPEN in found:
        return None
    return frozenset(found)


def _seq(c: Any, items: Any, k: int) -> set[str] | None:
    """Prefixes of a sequence of parse-tree items (``c`` is ``re._constants``)."""
    res = {""}
    for op, av in items:
        new: set[str] = set()
        for p in res:
            if p.endswith(OPEN) or len(p) >= k:
                new.add(p)
                continue
            got = _one(c, op, av, k - len(p))
            if got is None:
                new.add(p + OPEN)
                continue
            ext, nullable = got
            new |= {p + e for e in ext}
            if nullable:
                new.add(p)
        res = new
        if all(p.endswith(OPEN) or len(p) >= k for p in res):
            break
    return res


def _one(c: Any, op: Any, av: Any, k: int) -> tuple[set[str], bool] | None:
    """Prefixes of one parse-tree item, and whether it can match the empty string."""
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is c.LITERAL:
                chars.add(chr(iav))
            elif iop is c.RANGE:
                chars |= {chr(x) for x in range(iav[0], iav[1] + 1)}
            else:
                return None
        return chars, False
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:
            got = _seq(c, branch, k)
            if got is None:
                return None
            nullable = nullable or "" in got
            out |= got - {""}
        return out, nullable
    if op is c.SUBPATTERN or op is c.ATOMIC_GROUP:
        got = _seq(c, av[-1] if op is c.SUBPATTERN else av, k)
        if got is None:
            return None
        return got - {""}, "" in got
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        got = _seq(c, av[2], k)
        if got is None:
            return None
        # Once through, then anything (a second round, or what follows).
        opened = {p if p.endswith(OPEN) or len(p) >= k else p + OPEN for p in got - {""}}
        return opened, av[0] == 0 or "" in got
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {""}, True  # zero width
    return None


OPEN: Final = "\0"


def _admits(found: frozenset[str] | None, key: str) -> bool:
    """Can a match with these prefixes start with the text `key` (up to two characters)?"""
    if found is None:
        return True
    for p in found:
        stem = p[:-1] if p.endswith(OPEN) else p
        if key.startswith(stem) if len(stem) <= len(key) else stem.startswith(key):
            return True
    return False


_MISSING: Final = object()


class FirstCharAlternation:
    """Named alternatives, in order, matched at a position by the smaller regex of the
    alternatives that can start with the character there.

    ``compile_subset`` turns an ordered subset of (name, pattern) pairs into one regex; it is
    called once per two-character start met, so the cost of compiling is paid on first use,
    not at import.
    """

    __slots__ = ("_cache", "_compile", "_named", "_prefixes")

    def __init__(
        self,
        named: Sequence[tuple[str, str]],
        compile_subset: Callable[[Sequence[tuple[str, str]]], re.Pattern[str]],
    ) -> None:
        self._named = tuple(named)
        self._compile = compile_subset
        self._prefixes = tuple(prefixes(p) for _, p in self._named)
        self._cache: dict[str, object] = {}

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        """Match at `pos` exactly as the alternation of all the alternatives would."""
        key = text[pos : pos + 2]
        rx = self._cache.get(key, _MISSING)
        if rx is _MISSING:
            # By the first two characters: far fewer alternatives each than by one.
            subset = [
                pair
                for pair, found in zip(self._named, self._prefixes, strict=True)
                if _admits(found, key)
            ]
            rx = self._cache[key] = self._compile(subset) if subset else None
        return rx.match(text, pos) if isinstance(rx, re.Pattern) else None
