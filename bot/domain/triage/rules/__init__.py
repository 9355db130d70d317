"""Step 6 of triage: SAFETY.md's pattern table, one module per family of red flags.

`decide` gathers the `Facts` of a message and runs every family in a fixed order; each adds
its hits to one `Verdict`, and the highest level wins.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.cues import BRUISE_RE, COLOUR_CAUSE_RE
from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.rules.circulation import circulation_signs
from bot.domain.triage.rules.deformity import deformity_signs
from bot.domain.triage.rules.diabetes import diabetes_signs
from bot.domain.triage.rules.emergency import emergency_signs
from bot.domain.triage.rules.facts import LIMB_REGIONS, WEAK_CONCEPTS, Facts, Verdict, both
from bot.domain.triage.rules.infection import infection_signs
from bot.domain.triage.rules.pain import pain_signs
from bot.domain.triage.rules.progress import no_improvement
from bot.domain.triage.rules.sensation import sensation_signs
from bot.domain.triage.rules.spine import spine_signs
from bot.domain.triage.rules.weakness import real_weakness, weakness_signs

# "Feels funny, but in a good way": a vague feeling that the patient calls good.
_GOOD_FEELING_RE: Final = re.compile(
    r"\b(?:in a good way|good|great|nice|lovely|better|looser|lighter|relaxed|fine)\b"
)


def decide(doc: Doc, live: list[Mention], diabetes: bool | None) -> Verdict:
    """SAFETY.md's pattern table over the live mentions: every family adds its hits, and the
    highest level wins. The order matters where a family reads what an earlier one decided."""
    facts = gather(doc, live)
    v = Verdict()
    emergency_signs(facts, v)
    spine_signs(facts, v)
    circulation_signs(facts, v)
    infection_signs(facts, v)
    weakness_signs(facts, v)
    sensation_signs(facts, v)
    deformity_signs(facts, v)
    no_improvement(facts, v)
    pain_signs(facts, v)
    diabetes_signs(facts, v, diabetes)
    return v


def gather(doc: Doc, live: list[Mention]) -> Facts:
    """The live mentions by concept, with the weakness and sensory signs told apart."""
    if COLOUR_CAUSE_RE.search(doc.text):
        # A colour with a harmless cause named ("it's nail polish") is not a colour change.
        live = [m for m in live if m.concept not in {"pale", "black", "red"}]
    elif BRUISE_RE.search(doc.text):
        live = [m for m in live if m.concept not in {"pale", "red"}]
    by: dict[str, list[Mention]] = {}
    for m in live:
        by.setdefault(m.concept, []).append(m)
    facts = Facts(doc, live, by)
    weakness = real_weakness(doc, facts.get(*WEAK_CONCEPTS))
    # With a vision, speech or face sign, even "can't lift my toe" is a weakness sign.
    if facts.any_of("vision", "speech", "face"):
        weakness += [
            m for m in facts.get("weak_train") if m not in weakness and m.region in LIMB_REGIONS
        ]
    facts.weakness = weakness
    facts.sensory = facts.get("numb", "abnormal") + [
        m for m in facts.get("odd_sensation") if not doc.cue(_GOOD_FEELING_RE, m.sentence)
    ]
    facts.neuro = weakness + facts.sensory
    facts.bilateral = [m for m in weakness if m.region in {"leg", "foot"} and both(doc, m)]
    return facts
