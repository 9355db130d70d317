"""Which version of an exercise a patient sees, and the words for how often it is done.

With diabetes, barefoot walking outdoors or on pebbles is not advised (NICE NG19, as
`shared/SAFETY.md` names it), and the toe-isolation article's tip is to inspect the feet
daily. So an exercise can carry a `diabetes` variant in its content (`variants:` in
`content/exercises/*.yaml`), and the patient's onboarding answer picks it here: yes and
"not sure" (stored as None) both get it, because for foot safety, as for triage, treating
an unsure answer as diabetes costs a sentence, while the other way round can cost a foot.

Pure: no I/O, no Telegram; the renderers pass their text lookup in.
"""

from __future__ import annotations

from typing import Protocol

from bot.content.exercises import Exercise, Frequency, VariantId

__all__ = ["TextLookup", "daily_foot_check", "for_patient", "frequency_line", "variant_for"]


class TextLookup(Protocol):
    """`Deps.text` or `Texts.get`: a text key, then the values its placeholders need."""

    def __call__(self, key: str, /, **values: object) -> str: ...


def variant_for(diabetes: bool | None) -> VariantId | None:
    """The variant for this diabetes answer: "diabetes" for yes or not sure, none for no."""
    return None if diabetes is False else "diabetes"


def daily_foot_check(diabetes: bool | None) -> bool:
    """Whether the patient is told to inspect their feet every day (the article's tip)."""
    return variant_for(diabetes) == "diabetes"


def for_patient(exercise: Exercise, diabetes: bool | None) -> Exercise:
    """The exercise as this patient sees it: its variant's parts in place of its own.

    An exercise with no variant for the patient is returned as it is. The loader has
    checked that a variant's steps walk like the exercise's, so positions stay valid.
    """
    variant_id = variant_for(diabetes)
    variant = exercise.variants.get(variant_id) if variant_id is not None else None
    if variant is None:
        return exercise
    parts = {
        "summary": variant.summary,
        "safety": variant.safety,
        "cues": variant.cues,
        "steps": variant.steps,
    }
    return exercise.model_copy(update={k: v for k, v in parts.items() if v is not None})


def frequency_line(t: TextLookup, frequency: Frequency | None) -> str | None:
    """One line saying how often, e.g. "🗓 Twice daily, 5–7 days a week."; None if the
    articles say nothing for this exercise."""
    if frequency is None:
        return None
    if frequency.note is not None:
        return t("drills.frequency.note", note=frequency.note)
    per_day = _per_day(t, frequency.times_per_day)
    days = None
    if frequency.days_per_week is not None:
        low, high = frequency.days_per_week
        days = (
            t("drills.frequency.days_one", n=low)
            if low == high
            else t("drills.frequency.days", low=low, high=high)
        )
    if per_day is not None and days is not None:
        return t("drills.frequency.both", per_day=per_day, days=days)
    return t("drills.frequency.one", what=per_day or days or "")


def _per_day(t: TextLookup, times: int | None) -> str | None:
    if times is None:
        return None
    if times == 1:
        return t("drills.frequency.per_day_one")
    if times == 2:
        return t("drills.frequency.per_day_two")
    return t("drills.frequency.per_day_many", n=times)
