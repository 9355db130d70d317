"""How long the patient says something has lasted, in weeks ("6 weeks", "since January ... now
mid March", "for months"): the no-improvement rule needs 6-8 weeks of exercise.
"""

from __future__ import annotations

import re
from typing import Final

_DURATION_RE: Final = re.compile(
    r"\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|"
    r"several|couple(?: of)?|many)\s*-?\s*(?:and (?:a )?half )?(days?|wks?|weeks?|months?|mths?|"
    r"years?|"
    r"yrs?)\b"
    r"|\b(?:for|since) (months|ages|years)\b|\b(?:all these|for|many|weeks and) (weeks)\b"
    r"|\bweek (\d+)\b|\b(\d+)(?:st|nd|rd|th) week\b"
)


_NUMBER_WORDS: Final[dict[str, float]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "few": 3,
    "several": 4,
    "couple": 2,
    "couple of": 2,
    "many": 8,
}


def duration_weeks(text: str) -> list[float]:
    weeks: list[float] = []
    for d in _DURATION_RE.finditer(text):
        nth = d.group(5) or d.group(6)
        if nth:
            weeks.append(float(nth))
            continue
        if d.group(3):
            weeks.append(52.0 if d.group(3) == "years" else 8.0)
            continue
        if d.group(4):  # "all these weeks", "for weeks": long enough to judge
            weeks.append(6.0)
            continue
        qty, unit = d.group(1), d.group(2)
        n = _NUMBER_WORDS.get(qty)
        if n is None:
            try:
                n = float(qty)
            except ValueError:
                continue
        if " half " in d.group(0) or text.startswith(" and a half", d.end()):
            n += 0.5
        factor = {"d": 1 / 7, "w": 1.0, "y": 52.0}.get(unit[0], 4.3)
        weeks.append(n * factor)
    spans = _month_span_weeks(text)
    if spans is not None:
        weeks.append(spans)
    elif _SINCE_NAMED_RE.search(text):
        weeks.append(6.0)  # "since before Easter", "since October": long enough to judge
    return weeks


_SINCE_NAMED_RE: Final = re.compile(
    r"\bsince (?:before |early |mid |late |the (?:start|beginning|end) of )?(?:january|february|"
    r"march|"
    r"april|june|july|august|september|october|november|december|jan|feb|sept|oct|nov|dec|spring|"
    r"summer|autumn|fall|winter|easter|christmas|xmas|new year)\b"
)


# Months and seasons named as the start and the present: "since January ... now mid March".
_MONTHS: Final[dict[str, int]] = {
    **{
        name: i + 1
        for i, names in enumerate(
            (
                "january jan",
                "february feb",
                "march mar",
                "april apr",
                "may",
                "june jun",
                "july jul",
                "august aug",
                "september sep sept",
                "october oct",
                "november nov",
                "december dec",
            )
        )
        for name in names.split()
    },
    "spring": 4,
    "easter": 4,
    "summer": 7,
    "autumn": 10,
    "fall": 10,
    "halloween": 10,
    "christmas": 12,
    "xmas": 12,
    "winter": 1,
    "new year": 1,
}


_MONTH_RE: Final = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b")


def _month_span_weeks(text: str) -> float | None:
    """Weeks between the first and the last month named, when two different ones are."""
    # "may" is a month only after "in", "it's", "since", "of", "mid"...: not "I may".
    found = [
        m
        for m in _MONTH_RE.finditer(text)
        if m.group(1) != "may" or _MAY_MONTH_RE.search(text, max(0, m.start() - 12), m.start())
    ]
    if len(found) < 2 or _MONTHS[found[0].group(1)] == _MONTHS[found[-1].group(1)]:
        return None
    months: float = (_MONTHS[found[-1].group(1)] - _MONTHS[found[0].group(1)]) % 12
    # "since the start of March ... now the end of April" is two months, not one.
    if _EARLY_RE.search(text, max(0, found[0].start() - 20), found[0].start()):
        months += 0.5
    if _LATE_RE.search(text, max(0, found[-1].start() - 20), found[-1].start()):
        months += 0.5
    return months * 4.3


_MAY_MONTH_RE: Final = re.compile(r"\b(?:in|it's|its|is|since|of|mid|early|late|until|till|now) $")


_EARLY_RE: Final = re.compile(r"\b(?:start|beginning|early|first)\b")


_LATE_RE: Final = re.compile(r"\b(?:end|late|last)\b")
