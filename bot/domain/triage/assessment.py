"""What triage returns: the escalation `Level`, the `Evidence` for a flag, the `Assessment`
of one message, and every flag in the order the patient is told them (most serious first).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final


class Level(enum.IntEnum):
    """Escalation level, ordered so that ``max`` gives the most urgent."""

    NONE = 0
    STOP = 1
    ROUTINE = 2
    URGENT = 3
    EMERGENCY = 4

    @property
    def name_lower(self) -> str:
        """The level's name as used in data files and content keys: "none" ... "emergency"."""
        return self.name.lower()

    def __str__(self) -> str:
        return self.name_lower

    def __format__(self, format_spec: str) -> str:
        return format(self.name_lower, format_spec)

    @classmethod
    def parse(cls, value: str | int) -> Level:
        """Read a level from its name (any case) or its number; ValueError otherwise."""
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown level: {value!r}") from None


@dataclass(frozen=True)
class Evidence:
    """One flag and the words that raised it (normalised text), for echoing back."""

    flag: str
    words: str


@dataclass(frozen=True)
class Assessment:
    """What triage found in one message."""

    level: Level
    flags: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    follow_up: str | None = None
    info_only: bool = False
    # The detector could not place a message about the patient's own foot, toes, legs or skin
    # changing or feeling wrong: the bot asks with the structured check-in instead of guessing.
    ask: bool = False
    # "en", or the code of the language the message is written in ("es", "pt", "fr", "de",
    # "ru", "hi", "tl", "ar", ...; "other" when it is not English but not recognised).
    language: str = "en"


BEFAST: Final = "befast"


# Every flag ``assess`` can return, most serious first; the order of ``Assessment.flags``.
FLAGS: Final[tuple[str, ...]] = (
    "general_emergency",
    "stroke_signs",
    "cauda_equina",
    "both_legs",
    "ischaemia",
    "gangrene",
    "infection_systemic",
    "toe_weakness_sudden",
    "leg_weakness_sudden",
    "arm_symptoms",
    "vision_change",
    "bladder_bowel",
    "diabetes_new_symptom",
    "diabetes_unknown",
    "infection_local",
    "colour_change",
    "severe_pain",
    "toe_weakness",
    "leg_weakness",
    "numbness",
    "abnormal_sensation",
    "inflammation",
    "skin_wound",
    "deformity",
    "no_improvement",
    "balance",
    "exercise_pain",
    "pain",
    "worsening",
)


FLAG_RANK: Final = {flag: i for i, flag in enumerate(FLAGS)}
