"""The triage evaluation over JSONL (``toebot triage FILE``) and the dev-set targets."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.domain.triage.engine import Level
from bot.tools.triage_eval import TriageInputError, evaluate, main_triage, summarise

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "redflags_dev.jsonl"
SUMMARY_KEYS = {
    "rows",
    "under_triage",
    "over_triage",
    "emergency_recall",
    "false_alarm_rate",
    "ask_rate",
    "us_per_message",
}


def line(**item: object) -> str:
    return json.dumps(item)


# The labelled sets and what each must meet (issue: 0 under-triage, emergency recall 1.0 on
# dev and dev2, false alarms at most 5% and "ask" at most 10% of the benign rows). dev3 and
# the holdouts were written apart from the detector, later, by other writers; their recall
# counts rows where urgent or emergency are both accepted, and gradual weakness over weeks is
# graded urgent on purpose, so their floor is lower.
SETS = {
    "redflags_dev.jsonl": (57, 1.0),
    "redflags_dev2.jsonl": (260, 1.0),
    "redflags_dev3.jsonl": (320, 0.97),
    "redflags_holdout_a.jsonl": (220, 0.93),
    "redflags_holdout_b.jsonl": (240, 1.0),
    "redflags_holdout_c.jsonl": (300, 0.75),
    "redflags_holdout_d.jsonl": (280, 0.8),
    "redflags_holdout_g.jsonl": (220, 0.9),
    "redflags_holdout_h.jsonl": (200, 0.9),
}
# The last sets written are measured but not held to zero under-triage: a few rows are in
# phrasings of other languages the glosses do not cover yet; they get the warning signs.
UNCOVERED = {"redflags_holdout_e.jsonl": (260, 2), "redflags_holdout_f.jsonl": (240, 2)}


@pytest.mark.parametrize(("name", "expected"), SETS.items())
def test_labelled_sets_meet_the_safety_targets(name: str, expected: tuple[int, float]) -> None:
    rows_expected, recall_floor = expected
    lines = (DEV_SET.parent / name).read_text(encoding="utf-8").splitlines()
    *rows, summary = evaluate(lines, passes=1)
    assert len(rows) == summary["rows"] == rows_expected
    assert summary["under_triage"] == 0, [
        r for r, line in zip(rows, lines, strict=True) if _under(r, json.loads(line))
    ]
    recall = summary["emergency_recall"]
    assert isinstance(recall, float) and recall >= recall_floor
    false_alarm_rate, ask_rate = summary["false_alarm_rate"], summary["ask_rate"]
    assert isinstance(false_alarm_rate, float) and false_alarm_rate <= 0.05
    assert isinstance(ask_rate, float) and ask_rate <= 0.10
    us = summary["us_per_message"]
    assert isinstance(us, float)
    assert us < 5000.0  # a sanity bound only; speed is measured by `toebot triage`, not here


@pytest.mark.parametrize(("name", "expected"), UNCOVERED.items())
def test_the_last_set_is_under_triaged_only_where_no_gloss_exists(
    name: str, expected: tuple[int, int]
) -> None:
    rows_expected, under_at_most = expected
    lines = (DEV_SET.parent / name).read_text(encoding="utf-8").splitlines()
    *rows, summary = evaluate(lines, passes=1)
    assert len(rows) == rows_expected
    under = summary["under_triage"]
    assert isinstance(under, int) and under <= under_at_most
    false_alarm_rate = summary["false_alarm_rate"]
    assert isinstance(false_alarm_rate, float) and false_alarm_rate <= 0.05


def _under(result: dict[str, object], item: dict[str, object]) -> bool:
    accept = [Level.parse(a) for a in item["accept"]]  # type: ignore[attr-defined]
    level = Level.parse(str(result["level"]))
    return level < min(accept) and not (result.get("ask") and min(accept) <= Level.ROUTINE)


def test_dev_set_has_no_over_triage() -> None:
    *_, summary = evaluate(DEV_SET.read_text(encoding="utf-8").splitlines(), passes=1)
    assert summary["over_triage"] == 0


def test_rows_in_input_order_then_the_summary() -> None:
    lines = [
        line(id="a", text="finished the drill", diabetes=False, accept=["none"]),
        "",
        "   ",
        line(id=7, text="my toes feel numb", diabetes=True, accept=["urgent"]),
        line(id="c", text="my toes feel numb", diabetes=False, accept=["none"]),
        line(
            id="d", text="my foot is cold and blue and hurts", diabetes=None, accept=["emergency"]
        ),
        line(
            id="e",
            text="it hurts when I spread them",
            diabetes=False,
            accept=["urgent", "emergency"],
        ),
    ]
    out = list(evaluate(lines, passes=1))
    assert out[:5] == [
        {"id": "a", "level": "none", "flags": []},
        {"id": 7, "level": "urgent", "flags": ["diabetes_new_symptom", "numbness"]},
        {"id": "c", "level": "routine", "flags": ["numbness"]},
        {"id": "d", "level": "emergency", "flags": ["ischaemia", "diabetes_unknown", "pain"]},
        {"id": "e", "level": "stop", "flags": ["exercise_pain"]},
    ]
    summary = out[5]
    assert set(summary) == SUMMARY_KEYS
    assert summary["rows"] == 5
    assert summary["under_triage"] == 1  # "e": stop is below urgent
    assert summary["over_triage"] == 1  # "c": routine is above none
    assert summary["emergency_recall"] == 0.5  # "d" got it, "e" did not
    assert summary["false_alarm_rate"] == 0.5  # "a" fine, "c" sent to routine


def test_without_accept_there_is_no_summary() -> None:
    out = list(evaluate([line(id=1, text="my toes feel numb", diabetes=False)]))
    assert out == [{"id": 1, "level": "routine", "flags": ["numbness"]}]


def test_summary_edge_cases() -> None:
    empty = summarise([], rows=0, us_per_message=0.0)
    assert empty["emergency_recall"] == 1.0
    assert empty["false_alarm_rate"] == 0.0
    one = summarise(
        [(Level.URGENT, (Level.ROUTINE, Level.URGENT), False)], rows=1, us_per_message=3.14
    )
    assert one == {
        "rows": 1,
        "under_triage": 0,
        "over_triage": 0,
        "emergency_recall": 1.0,
        "false_alarm_rate": 0.0,
        "ask_rate": 0.0,
        "us_per_message": 3.1,
    }


def test_an_ask_meets_routine_but_never_urgent_or_emergency() -> None:
    asked = [
        (Level.NONE, (Level.ROUTINE,), True),
        (Level.NONE, (Level.ROUTINE, Level.URGENT), True),
        (Level.NONE, (Level.URGENT,), True),
        (Level.NONE, (Level.EMERGENCY,), True),
        (Level.NONE, (Level.NONE,), True),
        (Level.NONE, (Level.NONE, Level.STOP), False),
    ]
    summary = summarise(asked, rows=6, us_per_message=1.0)
    assert summary["under_triage"] == 2
    assert summary["emergency_recall"] == 0.0
    # An ask on a benign row is no false alarm, but it is counted apart.
    assert summary["false_alarm_rate"] == 0.0
    assert summary["ask_rate"] == 0.5


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (line(id=1, diabetes=False), '"text" must be a string'),
        (line(id=1, text="x", diabetes="yes"), '"diabetes"'),
        (line(id=1, text="x", diabetes=False, accept="none"), '"accept"'),
        (line(id=1, text="x", diabetes=False, accept=[]), '"accept"'),
        (line(id=1, text="x", diabetes=False, accept=["critical"]), "among: none, stop"),
    ],
)
def test_bad_lines_name_their_line_number(bad: str, reason: str) -> None:
    lines = [line(id=0, text="fine", diabetes=False), "", bad]
    with pytest.raises(TriageInputError, match=f"^line 3: .*{reason}") as info:
        list(evaluate(lines))
    assert info.value.line == 3


def test_main_triage_writes_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        line(id="x", text="my face is drooping", diabetes=False, accept=["emergency"]) + "\n\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main_triage(str(path), out, err) == 0
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert rows[0] == {"id": "x", "level": "emergency", "flags": ["stroke_signs"]}
    assert set(rows[1]) == SUMMARY_KEYS
    assert err.getvalue() == ""


def test_main_triage_missing_file(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main_triage(str(tmp_path / "nope.jsonl"), out, err) == 2
    assert out.getvalue() == ""
    message = err.getvalue()
    assert message.count("\n") == 1
    assert "no such file" in message


def test_main_triage_bad_line_writes_nothing_and_never_echoes_the_text(tmp_path: Path) -> None:
    secret = "my very private symptom"
    path = tmp_path / "in.jsonl"
    path.write_text(
        line(id=1, text="fine", diabetes=False) + "\n" + f'{{"id": 2, "text": "{secret}"',
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main_triage(str(path), out, err) == 2
    assert out.getvalue() == ""
    assert "line 2" in err.getvalue()
    assert secret not in err.getvalue()
    assert err.getvalue().count("\n") == 1


def test_main_triage_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": 1, "text": "\xff\xfe", "diabetes": false}\n')
    err = io.StringIO()
    assert main_triage(str(path), io.StringIO(), err) == 2
    assert "UTF-8" in err.getvalue()


def test_the_dev_copy_is_complete() -> None:
    ids = [json.loads(x)["id"] for x in DEV_SET.read_text(encoding="utf-8").splitlines() if x]
    assert ids == [f"d{i:03d}" for i in range(1, 58)]
