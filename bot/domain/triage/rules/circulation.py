"""Lost blood supply: cold, pale, blue or black foot or toes with pain, numbness or weakness;
black (dead-looking) toes at any time; a new colour change on its own.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.cues import CHRONIC_RE, OTHER_CONDITION_RE
from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.rules.facts import LIMB_REGIONS, Facts, Verdict

_CYANOSIS_RE: Final = re.compile(r"(?:blu|purpl|grey|gray|mottled|dusky|ashen)")


def circulation_signs(facts: Facts, v: Verdict) -> None:
    """Cold, pale, blue or black with pain, numbness or weakness; black at any time."""
    if not facts.any_of("no_pulse", "black", "pale", "cold"):
        return
    doc = facts.doc
    for m in facts.get("no_pulse"):
        v.hit("ischaemia", Level.EMERGENCY, m)
    for m in facts.get("black"):
        if m.region == "nail":
            v.hit("colour_change", Level.ROUTINE, m)
        else:
            v.hit("gangrene", Level.EMERGENCY, m)
    partner = facts.get("pain", "severe_pain", "numb", "abnormal") or [
        m for m in facts.weakness if m.region in LIMB_REGIONS
    ]
    # Cold and a pale, blue or grey colour together are two signs of a lost blood supply.
    pale_limb = [m for m in facts.get("pale") if m.region != "nail"]
    if pale_limb and "cold" in facts.by:
        partner = partner or pale_limb
    for m in facts.get("pale", "cold"):
        if partner:
            v.hit("ischaemia", Level.EMERGENCY, m)
        elif (
            m.concept == "pale"
            and m.region != "nail"
            and _CYANOSIS_RE.match(doc.text, m.start)
            and not doc.cue(CHRONIC_RE, m.sentence)
        ):
            # Blue, purple, grey or mottled toes: the blood supply may be failing even
            # without pain; under-triage is the dangerous error.
            v.hit("ischaemia", Level.EMERGENCY, m)
        elif m.concept == "pale":
            _colour_alone(doc, v, m)


def _colour_alone(doc: Doc, v: Verdict, m: Mention) -> None:
    # A nail, or a known lifelong pattern ("purple in winter since I was a kid, diagnosed
    # Raynaud's"), needs a look; a new colour change needs one today.
    known = m.region == "nail" or doc.cue(CHRONIC_RE, m.sentence)
    if m.region == "nail" and (
        doc.cue(CHRONIC_RE, m.sentence) or doc.cue(OTHER_CONDITION_RE, m.sentence)
    ):
        return  # "yellow nails for years, GP said fungal": known and looked at
    v.hit("colour_change", Level.ROUTINE if known else Level.URGENT, m)
