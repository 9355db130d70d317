"""Short typed answers to a yes / no / not-sure question (the diabetes question), read the
way people type them: "yes", "yep", "I do", "nope", "not sure", "idk", with any punctuation
or emoji. Pure; anything else is None, so the question is asked again with its buttons.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Reply = Literal["yes", "no", "unsure"]

_UNSURE: Final = frozenset(
    {
        "not sure", "unsure", "dont know", "i dont know", "do not know", "i do not know",
        "dunno", "idk", "maybe", "no idea", "not certain", "im not sure", "i am not sure",
        "no clue", "perhaps", "possibly", "i m not sure", "not really sure",
    }
)  # fmt: skip
_YES: Final = frozenset(
    {
        "yes", "y", "yeah", "yea", "yep", "yup", "ya", "i do", "i have", "sure", "correct",
        "yes i do", "yes i have", "yes i have diabetes", "i have diabetes", "i am diabetic",
        "im diabetic", "diabetic", "type 1", "type 2", "type one", "type two", "t1", "t2",
    }
)  # fmt: skip
_NO: Final = frozenset(
    {
        "no", "n", "nope", "nah", "no i dont", "i dont", "i do not", "no i do not",
        "none", "no diabetes", "i dont have diabetes", "i do not have diabetes", "not diabetic",
        "im not diabetic", "i am not diabetic", "negative",
    }
)  # fmt: skip


def yes_no_unsure(text: str) -> Reply | None:
    """ "yes", "no" or "unsure" for a short typed answer; None when it is not one of them."""
    flat = re.sub(r"[^a-z0-9 ]+", "", text.lower().replace("'", "").replace("’", ""))
    flat = " ".join(flat.split())
    if flat in _UNSURE:
        return "unsure"
    if flat in _YES:
        return "yes"
    if flat in _NO:
        return "no"
    return None
