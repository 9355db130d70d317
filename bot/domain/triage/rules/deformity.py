"""Visible new deformity (clawing, curling under, overlapping, hammer toe), or a bunion or lump
that is growing: routine.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.cues import CHRONIC_RE
from bot.domain.triage.rules.facts import Facts, Verdict

_GROWTH_RE: Final = re.compile(
    r"\b(?:getting (?:bigger|larger|worse)|grow(?:s|ing|n)?|bigger|larger|swelling up|"
    r"sticking out more)\b"
)


# Right after "bunion": "'s getting bigger", "is new", "has appeared".
_SHAPE_CHANGE_RE: Final = re.compile(
    r"(?:'s|s)? (?:is |are |has |have |seems to be |looks |has been )?(?:getting|grown|growing|"
    r"bigger|worse|new|forming|developing|appeared|changed|changing|started)\b"
)


def deformity_signs(facts: Facts, v: Verdict) -> None:
    """A visible new deformity, or a bunion or lump that is growing: routine."""
    doc = facts.doc
    for m in facts.get("deformity"):
        if not doc.cue(CHRONIC_RE, m.sentence):  # "always been crooked, born like that"
            v.hit("deformity", Level.ROUTINE, m)
    for m in facts.get("bunion", "lump"):
        # A bunion or a lump that is growing; "my bunion aches more" is pain, not a new shape.
        if (
            _GROWTH_RE.search(doc.sentence_text(m.sentence))
            or _SHAPE_CHANGE_RE.match(doc.text, m.end)
            or doc.text.startswith(("new ", "growing "), m.start)
        ):
            v.hit("deformity", Level.ROUTINE, m)
