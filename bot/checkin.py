"""Pure mapping of the structured symptom check-in to a triage assessment.

The patient ticks boxes; each box maps straight to flags and a level (SAFETY.md's pattern
table), with diabetes raising any new foot symptom to urgent. No text analysis, so a tick
can never be misread. An unknown diabetes status counts as diabetes, as in free-text triage:
under-triage is the dangerous error.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from bot.triage import BEFAST, Assessment, Evidence, Level

NONE_OF_THESE: Final = "none"

# item -> (flag, level without diabetes). Skin problems are lumped on one button (blister,
# cut, redness, swelling); redness or swelling is urgent even without diabetes, and one
# button cannot tell them apart, so the whole button is urgent.
ITEMS: Final[dict[str, tuple[str, Level]]] = {
    "numb": ("numbness", Level.ROUTINE),
    "burn": ("abnormal_sensation", Level.ROUTINE),
    "weak": ("toe_weakness_sudden", Level.URGENT),
    "shape": ("deformity", Level.ROUTINE),
    "pain": ("exercise_pain", Level.STOP),
    "skin": ("infection_local", Level.URGENT),
}


def assess_checkin(
    selected: Collection[str], *, diabetes: bool | None, labels: dict[str, str]
) -> Assessment:
    """The assessment for the ticked items; `labels` are the button words, for the echo."""
    unknown = set(selected) - set(ITEMS) - {NONE_OF_THESE}
    if unknown:
        raise ValueError(f"unknown check-in items: {sorted(unknown)}")
    chosen = [item for item in ITEMS if item in selected]
    if not chosen:
        return Assessment(Level.NONE, (), ())
    level = max(ITEMS[item][1] for item in chosen)
    flags = [ITEMS[item][0] for item in chosen]
    evidence = [Evidence(ITEMS[item][0], labels.get(item, item)) for item in chosen]
    if diabetes is not False:
        # With diabetes (or not known), any new foot symptom needs a clinician today.
        level = max(level, Level.URGENT)
        flags.append("diabetes_new_symptom" if diabetes else "diabetes_unknown")
    follow_up = BEFAST if "weak" in chosen else None
    return Assessment(level, tuple(flags), tuple(evidence), follow_up=follow_up)
