"""A fever told as a number: 38 °C / 100.4 °F or more (SAFETY.md), never a shoe size, a price,
a weight or a glucose reading.
"""

from __future__ import annotations

import re
from typing import Final

# A temperature told as a number is a fever from 38 °C / 100.4 °F (SAFETY.md). Without a unit
# or a word for temperature, only a number with a decimal in the fever range of Celsius counts
# ("38.9 this morning"), and never a size, a price, a weight or a glucose reading.
_TEMPERATURE_RE: Final = re.compile(
    r"(?<![\w.£$€#/])(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°|º|deg(?:rees?)?)?\s*(c|f|celsius|centigrade|"
    r"fahrenheit)?(?![\w.,/%]\d?)(?!\s*(?:kg|kilos?|lbs?|pounds|stone|mmol|mg|ml|cm|mm|km|miles|"
    r"years?|yrs?|y/o|yo|weeks?|wks?|days?|months?|minutes?|mins?|hours?|hrs?|seconds?|secs?|"
    r"reps?|times|marbles|steps|euros?|dollars?|quid|bpm|%|percent|out of|/\s*10))"
)


_TEMPERATURE_WORD_RE: Final = re.compile(
    r"\b(?:temp\w*|thermometer|fever\w*|degrees?|reading|hot|burning up|shiver\w*|sweat\w*|°|"
    r"(?:over|above|hit|reached|spiked (?:to|at)|up to|running at|at least) (?=\d))"
)


_NOT_TEMPERATURE_RE: Final = re.compile(
    r"\b(?:size|sizes|shoe|eu|uk|us|number|no|room|bus|page|aged?|age|weigh\w*|sugar|glucose|"
    r"bg|a1c|score|day|week|minute|level|step|rep|at|by|from)\s*$"
)


def fever_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of temperatures at or above fever, told as numbers."""
    found = []
    for m in _TEMPERATURE_RE.finditer(text):
        value = float(m.group(1).replace(",", "."))
        unit = (m.group(2) or "")[:1]
        if _NOT_TEMPERATURE_RE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        context = _TEMPERATURE_WORD_RE.search(text, max(0, m.start() - 40), m.end() + 25)
        if unit == "f" or (not unit and 99 <= value <= 110):
            hot = 100.4 <= value <= 110 and (unit == "f" or context is not None)
        else:
            decimal = "." in m.group(1) or "," in m.group(1)
            hot = 38.0 <= value <= 43.5 and (bool(unit) or context is not None or decimal)
        if hot:
            found.append((m.start(), m.end()))
    return found
