"""Numbness, tingling, pins and needles, burning, electric or shooting sensations into the foot:
routine at least; sudden or worsening -> urgent.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.rules.facts import (
    LIMB_REGIONS,
    NOT_FOOT_REGIONS,
    Facts,
    Verdict,
    strong_sudden,
)

_WORSENING_RE: Final = re.compile(
    r"\b(?<!no )(?<!not )(?<!n't )(?:wors(?:e|ening)|spreading|spreads|getting (?:worse|bigger)|"
    r"more and more|moving up|creeping up|going up)\b"
)


def sensation_signs(facts: Facts, v: Verdict) -> None:
    """Numbness, tingling, burning, electric sensations into the foot: routine at least."""
    doc = facts.doc
    for m in facts.sensory:
        if m.region not in LIMB_REGIONS and not m.clause_regions & LIMB_REGIONS:
            continue  # "tingling in my hands" alone is not a foot sign
        if m.region in NOT_FOOT_REGIONS and m.body is not None and abs(m.body.start - m.start) < 16:
            continue  # "my brain went numb counting reps", "the burns on my hands": not the feet
        flag = "numbness" if m.concept == "numb" else "abnormal_sensation"
        if strong_sudden(doc, m):
            v.hit(flag, Level.URGENT, m, befast=True)
        elif _WORSENING_RE.search(doc.clause_text(m.clause)):
            v.hit(flag, Level.URGENT, m)
        else:
            v.hit(flag, Level.ROUTINE, m)
