"""Emergency signs: the BE-FAST stroke signs (face, speech, one side of the body, a sudden arm,
vision or balance change) and chest pain or collapse (`general_emergency`).
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.cues import EXERCISE_NAMED_RE
from bot.domain.triage.document import Mention
from bot.domain.triage.rules.facts import LIMB_REGIONS, Facts, Verdict, any_sudden, strong_sudden

# "my left hand is clumsy and my left foot feels like wood": one side of the body.
_SAME_SIDE_RE: Final = re.compile(
    r"\b(left|right) (?:hand|arm|fingers|face|side)\b.*\b\1 (?:foot|leg|toes?|side)\b"
    r"|\b(left|right) (?:foot|leg|toes?)\b.*\b\2 (?:hand|arm|fingers|face)\b"
    r"|\b(?:same side|one side|down one side|whole (?:left|right) side)\b"
)


_HAND_AND_FOOT_RE: Final = re.compile(r"\b(?:hand|arm)s?\b.*\b(?:foot|leg|toes?)\b")


def emergency_signs(facts: Facts, v: Verdict) -> None:
    """Stroke (BE-FAST): face, speech, one side -> emergency; an arm, vision or balance on its
    own is urgent and the BE-FAST questions decide. Chest pain or collapse: emergency."""
    doc = facts.doc
    for m in facts.get("general_emergency"):
        v.hit("general_emergency", Level.EMERGENCY, m)
    for m in facts.get("face", "speech", "stroke_word"):
        v.hit("stroke_signs", Level.EMERGENCY, m)
    for m in facts.neuro:
        _one_side(facts, v, m)
    for m in facts.get("arm_weak"):
        # A hand that drops the cup or an arm that will not lift: with any other neurological
        # sign, or of sudden onset, one side of the body is failing.
        if facts.neuro or "stroke_signs" in v.flags or any_sudden(doc, m):
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("arm_symptoms", Level.URGENT, m, befast=True)
    for m in facts.get("vision"):
        if strong_sudden(doc, m) or facts.neuro:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("vision_change", Level.URGENT, m, befast=True)
    for m in facts.get("balance"):
        if doc.cue(EXERCISE_NAMED_RE, m.sentence) and not strong_sudden(doc, m):
            continue  # a wobble in single-leg work is part of the training
        if strong_sudden(doc, m) or facts.neuro:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("balance", Level.ROUTINE, m)


def _one_side(facts: Facts, v: Verdict, m: Mention) -> None:
    """A weakness or sensation with the face, one side, or a hand or arm: a stroke sign."""
    doc = facts.doc
    sentence_regions = doc.sentence_regions(m.sentence)
    if m.clause_regions & {"face", "side"}:
        v.hit("stroke_signs", Level.EMERGENCY, m)
    elif (sentence_regions & {"hand", "arm"} or _HAND_AND_FOOT_RE.search(doc.text)) and (
        m.region in LIMB_REGIONS
        and (strong_sudden(doc, m) or "side" in sentence_regions or _SAME_SIDE_RE.search(doc.text))
    ):
        # "my foot feels like someone else's and so does my hand, same side": one side.
        v.hit("stroke_signs", Level.EMERGENCY, m)
    elif "arm" in m.clause_regions or (m.region == "hand" and strong_sudden(doc, m)):
        # An arm with a leg ("my right arm and leg are numb") is one side of the body.
        if (
            any_sudden(doc, m)
            or len({x.region for x in facts.neuro}) > 1
            or m.clause_regions & LIMB_REGIONS
        ):
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("arm_symptoms", Level.URGENT, m, befast=True)
