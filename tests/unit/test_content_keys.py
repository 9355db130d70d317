"""The dynamic key families listed by hand in `bot/content/keys.py` match their sources.

Families whose values come from `bot.domain` are computed from it there; the commands and
the diabetes answers are literals in the table (their sources are outside the domain,
which `bot.content` must not import) and are compared here with those sources.
"""

from __future__ import annotations

import ast
import types
from pathlib import Path
from typing import get_args

import pytest

from bot.commands import COMMANDS
from bot.content import load_content
from bot.content.keys import dynamic_keys, expand

ROOT = Path(__file__).resolve().parents[2]


def _constant(module: str, name: str) -> tuple[str, ...]:
    # Read, not imported: the composition root imports every handler, charts matplotlib.
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name and value is not None:
            return tuple(ast.literal_eval(value))
    raise AssertionError(f"no {name} in {module}")


def test_commands_are_the_menu() -> None:
    assert dynamic_keys()["common.commands.{}"] == COMMANDS


def test_every_chart_label_exists() -> None:
    # The pictures take every `charts.*` text as a label map, not through text(f"...").
    texts = load_content(ROOT / "content").texts
    needed = {
        f"charts.{key}"
        for module, name in (
            ("bot/render/footmap.py", "FOOT_MAP_KEYS"),
            ("bot/render/progress.py", "PROGRESS_KEYS"),
        )
        for key in _constant(module, name)
    }
    assert sorted(needed - set(texts.entries)) == []


def test_snooze_buttons_match_the_snooze_minutes() -> None:
    from bot.domain.reminders import SNOOZE_MINUTES

    assert dynamic_keys()["reminders.buttons.snooze{}"] == tuple(str(m) for m in SNOOZE_MINUTES)


def test_diabetes_values_match_the_user_column() -> None:
    from bot.db.models import User

    annotation = User.model_fields["diabetes"].annotation
    assert set(get_args(annotation)) == {bool, types.NoneType}
    assert dynamic_keys()["therapist.diabetes.{}"] == ("True", "False", "None")


def test_expand_fills_each_value() -> None:
    assert expand("a.b{}", ["1", "2"]) == ["a.b1", "a.b2"]


def test_detail_buttons_match_the_caseload_handler() -> None:
    # Read, not imported, for the same reason: the literal keys of `b("charts", ...)`.
    tree = ast.parse((ROOT / "handlers" / "caseload.py").read_text(encoding="utf-8"))
    used = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "b"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert used == set(dynamic_keys()["therapist.buttons.{}"])


def test_pause_buttons_match_the_pause_lengths() -> None:
    if not (ROOT / "bot" / "buttons.py").exists():
        pytest.skip("bot/buttons.py (the settings codecs) not in this tree")
    days = _constant("bot/buttons.py", "PAUSE_DAYS")
    # 0 is "until I resume", reminders.buttons.pause_open.
    assert dynamic_keys()["reminders.buttons.pause{}"] == tuple(str(n) for n in days if n)
