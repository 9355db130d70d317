"""Step 4 of triage: the concept lexicon tried at every word start, overlapping mentions
resolved, each mention placed on the body, and everyday words ("red", "cold") kept only when
said of the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from bot.domain.triage.document import Body, Doc, Mention
from bot.domain.triage.lexicon import LEXICON, OVERRIDES, SPLITS
from bot.domain.triage.regex import FirstCharAlternation


# All concepts in one alternation with a named group each, tried at every word start (see
# find_mentions), so a mention nested in a longer phrase of another concept is still found at
# its own word. Where two concepts start at the same word, the one earlier in LEXICON wins:
# hence its order, most specific first.
def _concept_regex(lexicon: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    return re.compile(
        "(?:"
        + "|".join(rf"(?P<{name}>(?:{'|'.join(alts)})(?!\w))" for name, alts in lexicon.items())
        + ")"
    )


_WORD_START_RE: Final = re.compile(r"(?<!\w)\w")


def _grouped(subset: Sequence[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """(concept, alternative) pairs back into the lexicon's shape, order kept."""
    out: dict[str, list[str]] = {}
    for name, alt in subset:
        out.setdefault(name, []).append(alt)
    return {name: tuple(alts) for name, alts in out.items()}


# The lexicon is tried at every word start; only the alternatives that can start with the
# word's first letter are (bot/domain/triage/regex.py: same matches as the whole alternation).
_CONCEPTS: Final = FirstCharAlternation(
    [(name, alt) for name, alts in LEXICON.items() for alt in alts],
    lambda subset: _concept_regex(_grouped(subset)),
)


def find_mentions(text: str) -> list[Mention]:
    found = []
    match = _CONCEPTS.match
    for w in _WORD_START_RE.finditer(text):
        m = match(text, w.start())
        if m is not None:
            concept = m.lastgroup or ""
            for part in SPLITS.get(concept, (concept,)):
                found.append(Mention(part, m.start(), m.end()))
    if len(found) < 2:
        return found
    dropped: set[int] = set()
    for a in found:
        beaten = OVERRIDES.get(a.concept)
        if beaten:
            for j, b in enumerate(found):
                if b.concept in beaten and b.start < a.end and a.start < b.end:
                    dropped.add(j)
    return [m for i, m in enumerate(found) if i not in dropped]


PRONOUN_RE: Final = re.compile(r"\b(?:it|it's|its|they|they're|them|this|that)\b")


# Verbs that make what follows a property of the subject: "my toe has gone ... black".
_LINK_VERB_RE: Final = re.compile(
    r"\b(?:is|are|was|were|'s|looks?|looking|looked|gone|went|goes|going|turned|turning|turns|"
    r"getting|got|gets|became|becoming|feels?|felt|seems?|appears?|stays?|staying)\b"
)


def locate(doc: Doc, m: Mention) -> None:
    """The nearest body word in the mention's clause gives its region."""
    cs, ce = doc.clauses[m.clause]
    best: Body | None = None
    best_dist = 1 << 30
    regions = set()
    for b in doc.bodies:
        if b.start < cs or b.start >= ce or b.region == "surface":
            continue
        regions.add(b.region)
        if b.start < m.end and m.start < b.end:  # the body word is part of the phrase
            dist = 0
        else:
            dist = m.start - b.end if b.end <= m.start else b.start - m.end
        if dist < best_dist:
            best, best_dist = b, dist
    if best is None:
        # No body word in the clause: the sentence's, else the last one before ("My big toe.
        # I can't move it.").
        ss, se = doc.sentences[m.sentence]
        for b in doc.bodies:
            if b.region == "surface" or b.start >= se:
                continue
            if b.start >= ss or b.end <= m.start:
                best = b
    m.body = best
    m.region = best.region if best else None
    m.clause_regions = frozenset(regions)


def attached(doc: Doc, m: Mention) -> bool:
    """Is an everyday adjective ("red", "cold") said of the body?"""
    cs, ce = doc.clauses[m.clause]
    wi = doc.word_index(m.start)
    for b in doc.bodies:
        if cs <= b.start < ce and -6 <= doc.word_index(b.start) - wi <= 3:
            return True
        # "the tip of my big toe has gone a dark purply black": the body is the subject.
        if (
            cs <= b.start < m.start
            and doc.word_index(b.start) - wi >= -12
            and _LINK_VERB_RE.search(doc.text, b.end, m.start) is not None
        ):
            return True
    before = doc.text[max(cs, doc.word_starts[max(0, wi - 3)]) : m.start]
    return bool(doc.bodies) and PRONOUN_RE.search(before) is not None
