"""Pain developing during or after an exercise, or symptoms worse than before: stop. Severe pain
outside the exercises: urgent.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.cues import CHRONIC_RE, EXERCISE_NAMED_RE
from bot.domain.triage.rules.facts import NOT_FOOT_REGIONS, Facts, Verdict

_EXERCISE_RE: Final = re.compile(
    EXERCISE_NAMED_RE.pattern
    + r"|\b(?:when i|while i|while doing|during|after (?:the|doing|i|my)|doing|did)\b"
)


def pain_signs(facts: Facts, v: Verdict) -> None:
    """Pain during or after an exercise, symptoms worse than before -> stop; severe pain
    outside the exercises -> urgent."""
    doc = facts.doc
    for m in facts.get("severe_pain"):
        if doc.cue(EXERCISE_NAMED_RE, m.sentence):
            v.hit("exercise_pain", Level.STOP, m)
        else:
            v.hit("severe_pain", Level.URGENT, m)
    for m in facts.get("pain"):
        # "the threading hurt my fingers": said of a hand, not a foot sign.
        if m.region in NOT_FOOT_REGIONS and m.body is not None and abs(m.body.start - m.end) < 6:
            continue
        if m.region != "elsewhere":
            exercise = doc.cue(_EXERCISE_RE, m.sentence)
            if not exercise and doc.cue(CHRONIC_RE, m.sentence):
                continue  # "cramp at night since I was pregnant 20 years ago, nothing new"
            v.hit("exercise_pain" if exercise else "pain", Level.STOP, m)
    for m in facts.get("worse"):
        v.hit("worsening", Level.STOP, m)
