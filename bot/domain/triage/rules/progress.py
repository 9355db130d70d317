"""No improvement after 6-8 weeks of consistent exercise, from the durations named or as the
patient says it: routine.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.cues import OTHER_CONDITION_RE, USUAL_RE
from bot.domain.triage.rules.facts import WEAK_CONCEPTS, Facts, Verdict

_PROGRESS_CONTEXT_RE: Final = re.compile(
    r"\b(?:toes?|weeks?|wks?|months?|physio\w*|therapist|self-?test|practi[cs]\w*|exercis\w*|"
    r"drills?|"
    r"programme|"
    r"program|training|carry(?:ing)? on|keep going|worth (?:it|carrying on)|"
    r"doing (?:this|these|them|it)|progress|lift\w*|improv\w*|started|began|begun|sessions?|"
    r"daily|every (?:single )?day|since (?:\w+uary|march|april|may|june|july|august|september|"
    r"october|november|december|the (?:start|beginning)))\b"
)


# Forms of "no change" that only mean a stalled programme when weeks are named.
_WEAK_STALL_RE: Final = re.compile(r"nothing$|.*\bmove\b|.*baseline|(?:\w+ )*exactly the same$")


def no_improvement(facts: Facts, v: Verdict) -> None:
    """No improvement after 6-8 weeks of exercise, from the durations or as the patient says it.

    Takes "worse" out of ``facts.by`` when it means a stalled programme over weeks, so the pain
    family (run after this one) does not also read it as worsening.
    """
    doc = facts.doc
    stalled = [m for m in facts.get("no_improvement") if not doc.cue(USUAL_RE, m.sentence)]
    if "no_change" in facts.by and _PROGRESS_CONTEXT_RE.search(doc.text):
        stalled += [
            m
            for m in facts.get("no_change")
            if not doc.cue(USUAL_RE, m.sentence) and not doc.cue(OTHER_CONDITION_RE, m.sentence)
        ]
    if "worse" in facts.by and not facts.get("pain", "severe_pain"):
        # "2 months in and my toes are worse at moving": function, not pain, over weeks.
        weeks_worse = doc.weeks()
        if weeks_worse and max(weeks_worse) >= 6:
            stalled += facts.get("worse")
            del facts.by["worse"]
    normal_state = [m for m in facts.get(*WEAK_CONCEPTS) if m not in facts.weakness]
    if stalled or normal_state:
        weeks = doc.weeks()
        if weeks and max(weeks) >= 6:
            # "3 months and my toes still don't lift alone": the normal start state, months on.
            stalled += normal_state
        if not weeks:
            # Without a duration: "nothing." alone says little, and "no better" next to pain
            # is the pain (stop), not a stalled programme.
            stalled = [
                m
                for m in stalled
                if m.concept != "no_change"
                and not _WEAK_STALL_RE.match(doc.text[m.start : m.end])
                and not facts.get("pain", "severe_pain")
            ]
        if stalled and (not weeks or max(weeks) >= 6):
            v.hit("no_improvement", Level.ROUTINE, stalled[0])
