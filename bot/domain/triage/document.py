"""Step 3 of triage: the blanked text as a document (sentences, clauses, words, body words) and
the symptom mentions found in it, with the context marks each one collects.

A clause is the scope of a negation, a sentence the scope of a time cue.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Final

from bot.domain.triage.body import BODY_RE
from bot.domain.triage.durations import duration_weeks
from bot.domain.triage.people import (
    CAREGIVER_RE,
    PATIENT_NAMED_RE,
    RELATIVE_DOES_PROGRAMME_RE,
    THIRD_PERSON_PROGRAMME_RE,
)

_SENTENCE_END_RE: Final = re.compile(r"[.!?;\n]+")


# Contrast words end a negation's scope ("no pain, but tingling"); "except" and "other than"
# even invert it ("nothing except tingling"). A lone " - " often joins two reports in chat.
_CLAUSE_END_RE: Final = re.compile(
    r"[.!?;\n]+|\s-\s|\b(?:but|though|although|except|however|yet|whereas|apart from|"
    r"other than|aside from|besides)\b"
    # "diagnosed last month and there's a graze": a new report, with its own time.
    r"|\band (?=(?:now|there's|there is|there are|today|this morning|since)\b)"
)


def spans(text: str, sep: re.Pattern[str], *, keep_end: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in sep.finditer(text):
        spans.append((pos, m.end() if keep_end else m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


WORD_RE: Final = re.compile(r"[a-z0-9']+")


@dataclass(slots=True)
class Body:
    region: str
    start: int
    end: int
    plural: bool


@dataclass(slots=True)
class Mention:
    concept: str
    start: int
    end: int
    clause: int = 0
    sentence: int = 0
    region: str | None = None
    body: Body | None = None
    clause_regions: frozenset[str] = frozenset()
    unattached: bool = False  # an everyday word ("red") not said of the body
    negated: bool = False
    historical: bool = False
    resolved: bool = False
    hypothetical: bool = False
    other_person: bool = False

    @property
    def live(self) -> bool:
        return not (
            self.unattached
            or self.negated
            or self.historical
            or self.resolved
            or self.hypothetical
            or self.other_person
        )


class Doc:
    """The blanked text with its sentences, clauses, words and body words, and cached cues."""

    __slots__ = (
        "_cache",
        "_clause_starts",
        "_sentence_starts",
        "_weeks",
        "bodies",
        "caregiver",
        "clauses",
        "sentences",
        "text",
        "word_starts",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.clauses = spans(text, _CLAUSE_END_RE, keep_end=False)
        self.sentences = spans(text, _SENTENCE_END_RE, keep_end=True)
        self._clause_starts = [s for s, _ in self.clauses]
        self._sentence_starts = [s for s, _ in self.sentences]
        self.word_starts = [m.start() for m in WORD_RE.finditer(text)]
        self.bodies = [
            Body(
                m.lastgroup or "surface",
                m.start(),
                m.end(),
                m.lastgroup in {"foot", "leg", "toe"}
                and m.group(0).endswith(("feet", "calves", "s")),
            )
            for m in BODY_RE.finditer(text)
        ]
        self._cache: dict[tuple[int, int], bool] = {}
        self._weeks: list[float] | None = None
        self.caregiver = (
            CAREGIVER_RE.search(text) is not None
            or THIRD_PERSON_PROGRAMME_RE.search(text) is not None
            or PATIENT_NAMED_RE.search(text) is not None
            or RELATIVE_DOES_PROGRAMME_RE.search(text) is not None
        )

    def clause_of(self, pos: int) -> int:
        return bisect.bisect_right(self._clause_starts, pos) - 1

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self._sentence_starts, pos) - 1

    def word_index(self, pos: int) -> int:
        return bisect.bisect_right(self.word_starts, pos) - 1

    def clause_text(self, i: int) -> str:
        s, e = self.clauses[i]
        return self.text[s:e]

    def sentence_regions(self, i: int) -> frozenset[str]:
        s, e = self.sentences[i]
        return frozenset(b.region for b in self.bodies if s <= b.start < e)

    def sentence_text(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.text[s:e]

    def weeks(self) -> list[float]:
        """The durations the message names, in weeks (read once: two rules ask)."""
        if self._weeks is None:
            self._weeks = duration_weeks(self.text)
        return self._weeks

    def cue(self, rx: re.Pattern[str], sentence: int) -> bool:
        """Does the sentence contain the cue? Cached: the rules ask the same question often."""
        key = (id(rx), sentence)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = rx.search(self.sentence_text(sentence)) is not None
        return hit
