"""Infection: red, hot, swollen foot or wound with fever (body-wide: emergency); pus, spreading
redness, a wound getting worse or growing (urgent); one local sign alone (routine).
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.rules.facts import NOT_FOOT_REGIONS, Facts, Verdict

_SPREAD_CUE_RE: Final = re.compile(
    r"\b(?:wider|bigger|larger|spreading|spreads|spread|growing|grown|grows|extending|creeping|"
    r"crept|(?:each|every) (?:day|time)|getting worse|worse (?:each|every|by the)|doubled|tripled|"
    r"twice the size)\b"
)


_STREAK_RE: Final = re.compile(r"\b(?:streaks?|lines?|tracks?|tracking)\b")


def infection_signs(facts: Facts, v: Verdict) -> None:
    """Local signs with fever, shivering or confusion -> emergency (body-wide); pus, spreading
    redness, a wound getting worse, or two of red/hot/swollen -> urgent; one sign -> routine."""
    local = facts.get(
        "pus", "infected", "spreading", "wound_worse", "red", "hot", "swollen", "wound", "ulcer"
    )
    if not local:
        return
    doc = facts.doc
    if "fever" in facts.by:
        v.hit("infection_systemic", Level.EMERGENCY, local[0])
    grows = [m for m in local if _SPREAD_CUE_RE.search(doc.sentence_text(m.sentence)) is not None]
    if grows and "wound_worse" not in facts.by and "spreading" not in facts.by:
        # "a ring of red round the blister, wider each time I check": growing, in any words.
        v.hit("infection_local", Level.URGENT, grows[0])
    for m in facts.get("pus", "infected", "spreading", "wound_worse"):
        # A red streak tracking up from a wound is infection on the move: emergency.
        streak = m.concept == "spreading" and _STREAK_RE.search(doc.text, m.start, m.end)
        v.hit("infection_local", Level.EMERGENCY if streak else Level.URGENT, m)
    signs = [
        m
        for m in facts.get("red", "hot", "swollen")
        if not (m.region in NOT_FOOT_REGIONS and m.body and abs(m.body.start - m.start) < 24)
    ]
    if len({m.concept for m in signs}) >= 2:
        v.hit("infection_local", Level.URGENT, signs[0])
    elif "infection_local" not in v.flags:
        # One sign alone needs a look; warmth alone (a walk, a bath) does not.
        for m in signs:
            if m.concept != "hot":
                v.hit("inflammation", Level.ROUTINE, m)
    for m in facts.get("ulcer"):
        v.hit("skin_wound", Level.ROUTINE, m)
