"""Pure mapping of the structured symptom check-in to a triage assessment.

The patient ticks boxes; each box maps straight to flags and a level (SAFETY.md's pattern
table), with diabetes raising any new foot symptom to urgent. No text analysis, so a tick
can never be misread. An unknown diabetes status counts as diabetes, as in free-text triage:
under-triage is the dangerous error.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from bot.domain.triage import BEFAST, Assessment, Evidence, Level

NONE_OF_THESE: Final = "none"

# item -> (flag, level without diabetes): the flag and level free-text triage gives the
# same symptom told in a plain sentence (tests/unit/test_safety_levels.py holds them
# together). Sudden weakness is an emergency on its own (SAFETY.md: it can be a stroke or a
# nerve emergency), BE-FAST questions follow for the record. Redness, warmth and swelling
# share a button: two of them are urgent in free text and one button cannot tell one from
# two, so the button is urgent (never under-triage). A blister, cut or sore without diabetes
# is no warning sign, as in free text (SAFETY.md); the patient is told what would make it one.
ITEMS: Final[dict[str, tuple[str, Level]]] = {
    "numb": ("numbness", Level.ROUTINE),
    "burn": ("abnormal_sensation", Level.ROUTINE),
    "weak": ("toe_weakness_sudden", Level.EMERGENCY),
    "shape": ("deformity", Level.ROUTINE),
    "pain": ("exercise_pain", Level.STOP),
    "wound": ("skin_wound", Level.NONE),
    "red": ("infection_local", Level.URGENT),
}
# Buttons no longer offered whose ticks may still be stored in an open check-in.
RETIRED: Final[dict[str, tuple[str, Level]]] = {
    "skin": ("infection_local", Level.URGENT),
}


def assess_checkin(
    selected: Collection[str], *, diabetes: bool | None, labels: dict[str, str]
) -> Assessment:
    """The assessment for the ticked items; `labels` are the button words, for the echo."""
    known = ITEMS | RETIRED
    unknown = set(selected) - set(known) - {NONE_OF_THESE}
    if unknown:
        raise ValueError(f"unknown check-in items: {sorted(unknown)}")
    chosen = [item for item in known if item in selected]
    if not chosen:
        return Assessment(Level.NONE, (), ())
    level = max(known[item][1] for item in chosen)
    flags = list(dict.fromkeys(known[item][0] for item in chosen))
    evidence = [Evidence(known[item][0], labels.get(item, item)) for item in chosen]
    if diabetes is not False:
        # With diabetes (or not known), any new foot symptom needs a clinician today.
        level = max(level, Level.URGENT)
        flags.append("diabetes_new_symptom" if diabetes else "diabetes_unknown")
    follow_up = BEFAST if "weak" in chosen else None
    return Assessment(level, tuple(flags), tuple(evidence), follow_up=follow_up)
