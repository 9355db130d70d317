"""Evaluate the chat intent reader and the library retrieval on labelled messages.

`python -m bot.tools.intents_eval [FILE] [--split dev|holdout|all] [--errors] [--sweep]`

Input (default `tests/data/intents.jsonl`), one JSON object a line: `{"text", "intent",
"context": "idle"|"drill"|"selftest", "split": "dev"|"holdout"}`, with `"command"` for a
drill command, `"answer"` for a question (the expected passage id, a list of acceptable
ids, or null when the library has no answer) and optionally `"exercise"` (the exercise on
screen, the retrieval's focus). Prints accuracy per intent, the confusion of intents,
the retrieval hit rate (a right passage, or None where none is expected), and the reader's
speed in µs a message (the fastest of `TIMING_PASSES` passes, as timeit does).
`--errors` lists the misread messages of the dev split only: the held-out split is for
measuring, not for tuning. `--sweep` prints retrieval hit rates over a range of thresholds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from bot.content import load_content
from bot.content.exercises import default_content_dir
from bot.content.passages import library_index
from bot.domain.intents import Context, DrillCommand, IntentKind, read
from bot.domain.retrieval import Index

__all__ = ["Report", "Row", "evaluate", "load_rows", "main", "retrieval_hit"]

TIMING_PASSES: Final = 5
DEFAULT_FILE: Final = Path(__file__).resolve().parents[2] / "tests" / "data" / "intents.jsonl"
SPLITS: Final = ("dev", "holdout")


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled message."""

    line: int
    text: str
    intent: IntentKind
    context: Context
    split: str
    command: DrillCommand | None = None
    answers: frozenset[str] | None = None  # None: not a question; empty: no answer expected
    exercise: str | None = None


@dataclass
class Report:
    """What `evaluate` measured on some rows."""

    rows: int = 0
    correct: int = 0
    per_intent: dict[str, tuple[int, int]] = field(default_factory=dict)  # intent -> (ok, n)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (want, got)
    questions: int = 0
    retrieval_hits: int = 0
    errors: list[tuple[Row, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of rows whose intent (and command) were read right."""
        return self.correct / self.rows if self.rows else 1.0

    @property
    def hit_rate(self) -> float:
        """Share of questions answered with a right passage, or rightly not answered."""
        return self.retrieval_hits / self.questions if self.questions else 1.0


def _fail(line: int, reason: str) -> ValueError:
    # The line number, never the text: the set is patients' words.
    return ValueError(f"line {line}: {reason}")


def _answers(line: int, value: object) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return frozenset(value)
    raise _fail(line, '"answer" must be a passage id, a list of them, or null')


def _row(line: int, item: object) -> Row:
    if not isinstance(item, dict):
        raise _fail(line, "not a JSON object")
    text, intent, context, split = (item.get(k) for k in ("text", "intent", "context", "split"))
    if not isinstance(text, str):
        raise _fail(line, '"text" must be a string')
    try:
        kind, where = IntentKind(str(intent)), Context(str(context))
    except ValueError:
        raise _fail(line, 'unknown "intent" or "context"') from None
    if split not in SPLITS:
        raise _fail(line, f'"split" must be one of {", ".join(SPLITS)}')
    command = item.get("command")
    if (command is None) != (kind is not IntentKind.DRILL_COMMAND):
        raise _fail(line, '"command" goes with, and only with, a drill_command')
    if (kind is IntentKind.QUESTION) != ("answer" in item):
        raise _fail(line, '"answer" goes with, and only with, a question')
    exercise = item.get("exercise")
    return Row(
        line=line,
        text=text,
        intent=kind,
        context=where,
        split=str(split),
        command=DrillCommand(command) if command is not None else None,
        answers=_answers(line, item["answer"]) if "answer" in item else None,
        exercise=exercise if isinstance(exercise, str) else None,
    )


def load_rows(path: Path) -> list[Row]:
    """The labelled rows of a JSONL file; `ValueError` naming the line of a bad one."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(number, f"not valid JSON ({exc.msg})") from None
        rows.append(_row(number, item))
    return rows


def retrieval_hit(row: Row, index: Index, threshold: float | None = None) -> bool:
    """Whether the index answers the row's question as labelled (None where none expected)."""
    assert row.answers is not None, "not a question"
    hits = index.rank(row.text, focus=row.exercise)
    cut = index.threshold if threshold is None else threshold
    best = hits[0].passage.id if hits and hits[0].score >= cut else None
    return best in row.answers if row.answers else best is None


def evaluate(rows: Iterable[Row], index: Index) -> Report:
    """Read every row and, for questions, ask the index; count what was right."""
    report = Report()
    for row in rows:
        got = read(row.text, context=row.context)
        right = got.kind is row.intent and got.command == row.command
        report.rows += 1
        report.correct += right
        ok, n = report.per_intent.get(row.intent, (0, 0))
        report.per_intent[row.intent] = (ok + right, n + 1)
        report.confusion[(row.intent.value, got.kind.value)] += 1
        if not right:
            report.errors.append((row, f"{got.kind.value}/{got.command}"))
        if row.answers is not None:
            report.questions += 1
            report.retrieval_hits += retrieval_hit(row, index)
    return report


def us_per_message(texts: Sequence[tuple[str, Context]]) -> float:
    """The reader's time per message in µs, the fastest of `TIMING_PASSES` passes."""
    best = float("inf")
    for _ in range(TIMING_PASSES):
        start = time.perf_counter()
        for text, context in texts:
            read(text, context=context)
        best = min(best, time.perf_counter() - start)
    return best / max(1, len(texts)) * 1e6


def _print_report(name: str, report: Report, out: list[str]) -> None:
    out.append(f"== {name}: {report.rows} messages, accuracy {report.accuracy:.3f}")
    for intent in IntentKind:
        ok, n = report.per_intent.get(intent, (0, 0))
        if n:
            out.append(f"  {intent.value:<18} {ok:>3}/{n:<3} {ok / n:.3f}")
    mistakes = {k: v for k, v in report.confusion.items() if k[0] != k[1]}
    if mistakes:
        out.append("  confusion (labelled -> read: count):")
        out += [f"    {want} -> {got}: {count}" for (want, got), count in sorted(mistakes.items())]
    out.append(
        f"  retrieval: {report.retrieval_hits}/{report.questions} questions, "
        f"hit rate {report.hit_rate:.3f}"
    )


def _sweep(rows: Sequence[Row], index: Index, out: list[str]) -> None:
    questions = [r for r in rows if r.answers is not None]
    out.append(f"== threshold sweep over {len(questions)} questions (current {index.threshold})")
    right, unanswerable = [], []
    for row in questions:
        hits = index.rank(row.text, focus=row.exercise)
        top = hits[0].score if hits else 0.0
        if not row.answers:
            unanswerable.append(top)
        elif hits and hits[0].passage.id in row.answers:
            right.append(top)
    out.append(
        f"  lowest score of a right answer {min(right, default=0):.2f}; highest top score of "
        f"a question with no answer {max(unanswerable, default=0):.2f}"
    )
    for tenth in range(0, 81, 5):
        cut = tenth / 10
        right_at = sum(retrieval_hit(r, index, cut) for r in questions)
        out.append(f"  {cut:>4.1f}: {right_at}/{len(questions)}")


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; prints the reports, returns 0."""
    parser = argparse.ArgumentParser(prog="python -m bot.tools.intents_eval")
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="list dev-split mistakes")
    parser.add_argument("--sweep", action="store_true", help="retrieval over thresholds (dev)")
    args = parser.parse_args(argv)
    rows = load_rows(args.file)
    # The set's patients have no diabetes: triage was checked with diabetes=False.
    index = library_index(load_content(default_content_dir())).index(diabetes=False)
    out: list[str] = []
    splits = SPLITS if args.split == "all" else (args.split,)
    for split in splits:
        report = evaluate((r for r in rows if r.split == split), index)
        _print_report(split, report, out)
        if args.errors and split == "dev":
            for row, got in report.errors:
                out.append(f"    line {row.line}: {row.intent.value} read as {got}: {row.text!r}")
            for row in rows:
                if row.split == "dev" and row.answers is not None and not retrieval_hit(row, index):
                    hits = index.rank(row.text, focus=row.exercise)[:3]
                    top = ", ".join(f"{h.passage.id} {h.score:.2f}" for h in hits)
                    out.append(f"    line {row.line}: retrieval miss {row.text!r}: {top}")
    if args.sweep:
        _sweep([r for r in rows if r.split == "dev"], index, out)
    texts = [(r.text, r.context) for r in rows]
    out.append(f"== speed: {us_per_message(texts):.1f} µs a message over {len(texts)} messages")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
