"""Diabetes and any new foot symptom: urgent (NICE NG19); an unknown diabetes status counts as
yes, under its own flag.
"""

from __future__ import annotations

from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.cues import CHRONIC_RE
from bot.domain.triage.rules.facts import WEAK_CONCEPTS, Facts, Verdict

# Concepts that are a "new foot symptom" for a patient with diabetes (NICE NG19).
_FOOT_SYMPTOMS: Final = frozenset(
    {
        "numb",
        "abnormal",
        "odd_sensation",
        "weak_partial",
        "weak_total",
        "weak_train",
        "wound",
        "ulcer",
        "wound_worse",
        "red",
        "hot",
        "swollen",
        "pale",
        "cold",
        "black",
        "deformity",
        "bunion",
        "lump",
        "pain",
        "severe_pain",
        "worse",
        "pus",
        "infected",
        "spreading",
    }
)


_FOOT_REGIONS: Final = frozenset({"toe", "foot", "leg", "nail", "surface", None})


def diabetes_signs(facts: Facts, v: Verdict, diabetes: bool | None) -> None:
    """Diabetes and any new foot symptom -> urgent (NICE NG19). Unknown status counts as yes.

    Runs last: it reads which weakness, sensation and deformity the other families accepted.
    """
    if diabetes is False:
        return
    doc = facts.doc
    flag = "diabetes_new_symptom" if diabetes else "diabetes_unknown"
    for m in facts.live:
        if m.concept not in _FOOT_SYMPTOMS or m.region not in _FOOT_REGIONS:
            continue
        if m.concept in WEAK_CONCEPTS and m not in facts.weakness:
            continue
        if m.concept == "odd_sensation" and m not in facts.sensory:
            continue
        if m.concept in {"bunion", "lump"} and "deformity" not in v.flags:
            continue
        if not doc.cue(CHRONIC_RE, m.sentence):
            v.hit(flag, Level.URGENT, m)
