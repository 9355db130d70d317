"""Evaluate the red-flag triage on labelled JSONL messages: pure, standard library only.

Input, one JSON object a line: ``{"id": ..., "text": "...", "diabetes": true|false|null,
"accept": ["routine", "urgent"]}`` (``accept`` optional). Output, in input order: one
``{"id", "level", "flags"}`` per message, then, when the lines carry ``accept``, one summary
dict with ``rows``, ``under_triage``, ``over_triage``, ``emergency_recall``,
``false_alarm_rate`` and ``us_per_message``.

Message text is never logged nor echoed in errors: errors name the line number only.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final, TextIO

from bot.domain.triage import Level, assess

__all__ = ["TriageInputError", "evaluate", "main_triage", "summarise"]

TIMING_PASSES: Final = 5  # passes over the messages; the fastest pass is reported, as timeit does
_LOW: Final = frozenset({Level.NONE, Level.STOP})


class TriageInputError(ValueError):
    """A line of the input file is not a valid message; ``line`` is 1-based."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Row:
    id: object
    text: str
    diabetes: bool | None
    accept: tuple[Level, ...] | None


def _parse_line(number: int, line: str) -> _Row:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise TriageInputError(number, f"not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise TriageInputError(number, "not a JSON object")
    text = item.get("text")
    if not isinstance(text, str):
        raise TriageInputError(number, '"text" must be a string')
    diabetes = item.get("diabetes")
    if diabetes is not None and not isinstance(diabetes, bool):
        raise TriageInputError(number, '"diabetes" must be true, false or null')
    accept: tuple[Level, ...] | None = None
    if "accept" in item:
        raw = item["accept"]
        if not isinstance(raw, list) or not raw or not all(isinstance(a, str) for a in raw):
            raise TriageInputError(number, '"accept" must be a non-empty list of level names')
        try:
            accept = tuple(Level.parse(a) for a in raw)
        except ValueError:
            names = ", ".join(level.name_lower for level in Level)
            raise TriageInputError(number, f'"accept" levels must be among: {names}') from None
    return _Row(item.get("id"), text, diabetes, accept)


def _parse(lines: Iterable[str]) -> list[_Row]:
    return [_parse_line(number, line) for number, line in enumerate(lines, start=1) if line.strip()]


def _time_per_message(rows: list[_Row], passes: int) -> float:
    """Mean microseconds of one ``assess`` call, from the fastest of several passes."""
    if not rows:
        return 0.0
    best = float("inf")
    for _ in range(max(1, passes)):
        start = time.perf_counter()
        for row in rows:
            assess(row.text, diabetes=row.diabetes)
        best = min(best, time.perf_counter() - start)
    return best / len(rows) * 1e6


def _meets(level: Level, ask: bool, accept: tuple[Level, ...]) -> bool:
    """Not under-triaged: at or above the lowest accepted level, or an ``ask`` where a
    ``routine`` look is acceptable (the check-in asks before the bot advises; it never stands
    in for ``urgent`` or ``emergency``)."""
    return level >= min(accept) or (ask and min(accept) <= Level.ROUTINE)


def summarise(
    results: list[tuple[Level, tuple[Level, ...], bool]], *, rows: int, us_per_message: float
) -> dict[str, object]:
    """The summary over (level given, levels accepted, asked) triples."""
    full = results
    under = sum(1 for level, accept, ask in full if not _meets(level, ask, accept))
    over = sum(1 for level, accept, _ in full if level > max(accept))
    emergencies = [level for level, accept, _ in full if Level.EMERGENCY in accept]
    recall = (
        sum(1 for level in emergencies if level == Level.EMERGENCY) / len(emergencies)
        if emergencies
        else 1.0
    )
    calm = [(level, ask) for level, accept, ask in full if set(accept) <= _LOW]
    false_alarms = sum(1 for level, _ in calm if level >= Level.ROUTINE)
    asked = sum(1 for _, ask in calm if ask)
    return {
        "rows": rows,
        "under_triage": under,
        "over_triage": over,
        "emergency_recall": round(recall, 4),
        "false_alarm_rate": round(false_alarms / len(calm), 4) if calm else 0.0,
        "ask_rate": round(asked / len(calm), 4) if calm else 0.0,
        "us_per_message": round(us_per_message, 1),
    }


def evaluate(lines: Iterable[str], *, passes: int = TIMING_PASSES) -> Iterator[dict[str, object]]:
    """One result dict per message, then a summary dict when the lines carry ``accept``.

    Every line is validated before anything is yielded, so a bad line raises
    TriageInputError before any output.
    """
    rows = _parse(lines)
    scored: list[tuple[Level, tuple[Level, ...], bool]] = []
    for row in rows:
        result = assess(row.text, diabetes=row.diabetes)
        if row.accept is not None:
            scored.append((result.level, row.accept, result.ask))
        line: dict[str, object] = {
            "id": row.id,
            "level": result.level.name_lower,
            "flags": list(result.flags),
        }
        if result.ask:
            line["ask"] = True
        if result.language != "en":
            line["language"] = result.language
        yield line
    if scored:
        yield summarise(scored, rows=len(rows), us_per_message=_time_per_message(rows, passes))


def main_triage(path: str, out: TextIO, err: TextIO | None = None) -> int:
    """``toebot triage FILE.jsonl``: one JSON line per message (and a summary); 2 on bad input."""
    err = err if err is not None else sys.stderr
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        err.write(f"toebot triage: no such file: {path}\n")
        return 2
    except IsADirectoryError:
        err.write(f"toebot triage: is a directory, not a file: {path}\n")
        return 2
    except PermissionError:
        err.write(f"toebot triage: permission denied: {path}\n")
        return 2
    except UnicodeDecodeError:
        err.write(f"toebot triage: {path} is not UTF-8 text\n")
        return 2
    try:
        results = list(evaluate(lines))
    except TriageInputError as exc:
        err.write(f"toebot triage: {path}: {exc}\n")
        return 2
    for result in results:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
