"""Spinal emergencies (cauda equina): numbness around the genitals or bottom, new bladder or
bowel trouble with leg signs or back pain, both legs weak or numb.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.rules.facts import LIMB_REGIONS, Facts, Verdict, any_sudden, both

# Pain or tingling running from the buttock down one leg (sciatica) is not saddle numbness.
_RADIATING_RE: Final = re.compile(
    r"\b(?:from|in) (?:my |the )?(?:bum|buttocks?|bottom|butt|backside|hip|"
    r"lower back) (?:\w+ ){0,4}?"
    r"(?:down|into|to|through)\b"
)


def spine_signs(facts: Facts, v: Verdict) -> None:
    """Cauda equina: saddle numbness; bladder or bowel trouble with leg signs or back pain;
    sudden inability to move both feet. Both legs weak or numb: urgent at least."""
    doc = facts.doc
    for m in facts.get("saddle") + [
        m for m in facts.sensory if m.region == "groin" and not _RADIATING_RE.search(doc.text)
    ]:
        v.hit("cauda_equina", Level.EMERGENCY, m)
    leg_signs = [m for m in facts.neuro if m.region in LIMB_REGIONS]
    back_pain = [m for m in facts.get("pain", "severe_pain") if m.region == "back"]
    for m in facts.get("bladder"):
        if leg_signs or back_pain:
            v.hit("cauda_equina", Level.EMERGENCY, m)
        else:
            v.hit("bladder_bowel", Level.URGENT, m, befast=True)
    for m in facts.bilateral:
        # Both legs weak: an emergency when total or of recent onset ("since this morning").
        if m.concept != "weak_partial" or any_sudden(doc, m):
            v.hit("both_legs", Level.EMERGENCY, m)
        else:
            v.hit("both_legs", Level.URGENT, m, befast=True)
    for m in facts.sensory:
        if m.region == "leg" and both(doc, m):
            v.hit("both_legs", Level.URGENT, m, befast=True)
