"""content/redflags.yaml: every level and flag has wording, in Telegram's HTML subset, and the
triage modules stay pure (standard library only)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain.triage.engine import FLAGS, Level

ROOT = Path(__file__).resolve().parents[2]
REDFLAGS = ROOT / "content" / "redflags.yaml"
TAG = re.compile(r"</?([a-zA-Z]+)[^>]*>")
BARE_AMP = re.compile(r"&(?!amp;|lt;|gt;|quot;|#\d+;)")


def load() -> dict[str, Any]:
    data = yaml.safe_load(REDFLAGS.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def all_texts(data: dict[str, Any]) -> list[str]:
    texts = list(data["advice"].values()) + list(data["echo"].values()) + [data["way_out"]]
    return texts + list(data["warning_signs"]) + list(data["befast"])


def test_structure() -> None:
    data = load()
    assert set(data) == {"advice", "echo", "way_out", "warning_signs", "befast"}
    assert set(data["advice"]) == {"emergency", "urgent", "routine", "stop"}
    assert data["way_out"] == "If it gets worse or you are unsure, call your emergency number."
    assert all(isinstance(t, str) and t.strip() for t in all_texts(data))


def test_every_flag_has_an_echo_with_the_words() -> None:
    echo = load()["echo"]
    assert set(echo) == set(FLAGS)
    for flag, template in echo.items():
        assert template.startswith("You said"), flag
        assert template.count("{words}") == 1, flag
        assert template.format(words="x")  # no other placeholders


def test_advice_follows_the_wording_rules() -> None:
    advice = load()["advice"]
    for name in ("emergency", "urgent", "routine", "stop"):
        Level.parse(name)
        first_sentence = advice[name].split("</b>")[0]
        assert advice[name].startswith("<b>"), "the action comes first, in bold"
        assert len(first_sentence) < 90
    assert all(n in advice["emergency"] for n in ("112", "911", "999"))
    assert "not drive yourself" in advice["emergency"]
    # "Don't wait for your therapist" is added by the code only when someone is alerted
    # (content/texts/safety.yaml alert_notice), so the advice itself never promises it.
    assert "therapist" not in advice["emergency"] and "therapist" not in advice["urgent"]
    assert "today" in advice["urgent"]
    assert "urgent-care" in advice["urgent"]
    assert "podiatrist, physical therapist or doctor" in advice["routine"]
    assert "Stop this exercise" in advice["stop"]
    assert "tell your therapist" in advice["stop"]
    for name in ("emergency", "urgent"):
        assert (
            "paused your exercise reminders until you tell me you have sought care"
            in (advice[name])
        )


@pytest.mark.parametrize("word", ["stroke", "sepsis", "gangrene", "ischaemia", "cauda", "diagnos"])
def test_no_disease_is_named_to_the_patient(word: str) -> None:
    assert all(word not in t.lower() for t in all_texts(load()))


def test_only_bold_and_italic_and_escaped_entities() -> None:
    for text in all_texts(load()):
        assert set(TAG.findall(text)) <= {"b", "i"}, text
        assert not BARE_AMP.search(text), text
        assert text.count("<b>") == text.count("</b>")
        assert text.count("<i>") == text.count("</i>")


def test_befast_questions() -> None:
    questions = load()["befast"]
    assert len(questions) == 8
    assert all(q.endswith("?") and len(q) < 80 for q in questions)
    joined = " ".join(questions).lower()
    for topic in ("face", "arm", "speech", "balance", "vision", "both", "bladder", "genitals"):
        assert topic in joined


def test_warning_signs_cover_the_articles_red_flags() -> None:
    joined = " ".join(load()["warning_signs"]).lower()
    for sign in ("sudden weakness", "numbness", "clawing", "overlapping", "diabetes", "6–8 weeks"):
        assert sign in joined


STDLIB = set(sys.stdlib_module_names)


TRIAGE_MODULES = sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "bot" / "domain" / "triage").rglob("*.py")
)


@pytest.mark.parametrize("path", [*TRIAGE_MODULES, "bot/tools/triage_eval.py"])
def test_triage_modules_import_only_the_standard_library(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    # The triage modules may import each other (the lexicons, the language glosses), nothing else.
    outside = {
        m
        for m in imported
        if m.split(".")[0] not in STDLIB
        and not (m == "bot.domain.triage" or m.startswith("bot.domain.triage."))
    }
    assert outside == set()


def test_importing_triage_pulls_in_no_framework() -> None:
    code = (
        "import sys, bot.tools.triage_eval; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'telegram', 'sqlalchemy', 'sqlmodel', 'yaml', 'pydantic', 'aiohttp'})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
