"""Content is checked at load: shapes, HTML, placeholders, and every key code asks for.

Bad content is a copy of the real `content/` in `tmp_path` with one thing broken; the tests
assert on the exception and the file and key it names, never on English wording. The
source scans read `bot/` and `handlers/` as Python (ast), so a key written over several
lines or through an alias (`t = d.text`) is found too.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content import Content, ContentError, load_content
from bot.content.keys import dynamic_keys, expand

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SOURCES = ("bot", "handlers")
NAMESPACES = tuple(sorted(p.stem for p in (CONTENT / "texts").glob("*.yaml")))
# A whole string constant that is a text key: a namespace, then dotted segments.
_KEY = re.compile(rf"(?:{'|'.join(NAMESPACES)})(?:\.[A-Za-z0-9_]+)+")
_KEY_START = re.compile(rf"(?:{'|'.join(NAMESPACES)})\.")
# Functions that take a text key first: Deps.text, its local alias t, Texts.get.
_TEXT_CALLS = frozenset({"text", "t"})


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _load_error(content_dir: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    assert "\n" not in str(caught.value)
    return caught.value


# --- the source scan ---------------------------------------------------------------------


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _shape(node: ast.JoinedStr) -> str:
    """The f-string with each `{...}` written `{}`: `f"a.{b}"` -> `"a.{}"`."""
    parts = node.values
    return "".join(str(p.value) if isinstance(p, ast.Constant) else "{}" for p in parts)


def _is_text_call(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in _TEXT_CALLS and bool(node.args)


def _key_uses() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(static keys, dynamic key shapes), each with the `file:line`s that use it."""
    static: dict[str, set[str]] = {}
    dynamic: dict[str, set[str]] = {}
    for path, tree in _modules():
        where = path.relative_to(ROOT).as_posix()
        in_fstrings: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                in_fstrings.update(id(part) for part in node.values)
        for node in ast.walk(tree):
            place = f"{where}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.JoinedStr):
                shape = _shape(node)
                if _KEY_START.match(shape):
                    dynamic.setdefault(shape, set()).add(place)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in in_fstrings
                and _KEY.fullmatch(node.value)
            ):
                static.setdefault(node.value, set()).add(place)
            if isinstance(node, ast.Call) and _is_text_call(node):
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) and not _KEY_START.match(_shape(first)):
                    # A key whose namespace is not written out cannot be checked at all.
                    dynamic.setdefault(_shape(first), set()).add(place)
    return static, dynamic


def test_the_scan_finds_keys() -> None:
    static, dynamic = _key_uses()
    assert "common.button_expired" in static
    assert "reminders.skip_reasons.{}" in dynamic


def test_every_dynamic_key_family_in_the_source_is_declared() -> None:
    _, dynamic = _key_uses()
    undeclared = {shape: sorted(places) for shape, places in dynamic.items()}
    for shape in dynamic_keys():
        undeclared.pop(shape, None)
    assert undeclared == {}, "declare these in bot/content/keys.py"


def test_every_declared_family_is_still_used() -> None:
    _, dynamic = _key_uses()
    assert sorted(set(dynamic_keys()) - set(dynamic)) == []


def test_every_static_key_in_the_source_exists(content: Content) -> None:
    static, _ = _key_uses()
    missing = {key: sorted(places) for key, places in static.items() if key not in content.texts}
    assert missing == {}


def test_every_declared_dynamic_key_exists(content: Content) -> None:
    for shape, values in dynamic_keys().items():
        assert values, shape
        for key in expand(shape, values):
            assert key in content.texts, key


# --- the real content --------------------------------------------------------------------


def test_the_real_content_loads(content: Content) -> None:
    assert len(content.texts.entries) > 100
    assert content.catalog.exercises and content.redflags.befast and content.common_zones


# --- broken content ----------------------------------------------------------------------


def test_a_mismatched_tag_fails_naming_the_key(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["zone_set"] = "<b>{zone}</i>"

    _edit(content_copy / "texts" / "reminders.yaml", change)
    error = _load_error(content_copy)
    assert (error.file, error.field) == ("content/texts/reminders.yaml", "reminders.zone_set")
    assert "</i>" in error.reason


@pytest.mark.parametrize(
    "text",
    ["a <blink>b</blink>", "a < b", "salt & pepper", "<b>never closed", "<i>x</b></i>"],
    ids=["unknown tag", "bare <", "bare &", "unclosed", "crossed"],
)
def test_bad_html_fails_naming_the_nested_key(content_copy: Path, text: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["buttons"]["detail"] = text

    _edit(content_copy / "texts" / "therapist.yaml", change)
    error = _load_error(content_copy)
    assert error.field == "therapist.buttons.detail"


@pytest.mark.parametrize(
    "text",
    ["at {Time}", "at {}", "at {0}", "at {time.hour}", "at {time:%H}", "at {time!r}", "at }"],
    ids=["capitals", "positional", "index", "attribute", "spec", "conversion", "lone brace"],
)
def test_a_badly_formed_placeholder_fails(content_copy: Path, text: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["snoozed"] = text

    _edit(content_copy / "texts" / "reminders.yaml", change)
    error = _load_error(content_copy)
    assert error.field == "reminders.snoozed"
    assert error.reason.startswith(("placeholder", "bad placeholder"))


def test_a_missing_dynamic_key_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["skip_answers"]["motivation"]

    _edit(content_copy / "texts" / "reminders.yaml", change)
    error = _load_error(content_copy)
    assert (error.file, error.field) == (
        "content/texts/reminders.yaml",
        "reminders.skip_answers.motivation",
    )


def test_an_unknown_field_in_a_programme_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["programmes"][0]["colour"] = "blue"

    _edit(content_copy / "programmes.yaml", change)
    error = _load_error(content_copy)
    assert (error.file, error.field) == ("content/programmes.yaml", "programmes.0.colour")


@pytest.mark.parametrize(
    ("file", "key", "value", "field"),
    [
        ("texts/drills.yaml", "none", "", "drills.none"),
        ("texts/drills.yaml", "none", "   ", "drills.none"),
        ("texts/drills.yaml", "none", 3, "drills.none"),
        ("texts/drills.yaml", "none", ["a"], "drills.none"),
        ("texts/drills.yaml", "Bad-Key", "x", "drills.Bad-Key"),
        ("redflags.yaml", "way_out", "", "way_out"),
        ("redflags.yaml", "colour", "red", "colour"),
        ("zones.yaml", "common", [], "common"),
    ],
    ids=["empty", "blank", "number", "list", "key", "empty advice", "unknown", "no zones"],
)
def test_wrong_types_and_empty_strings_fail(
    content_copy: Path, file: str, key: str, value: object, field: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        data[key] = value

    _edit(content_copy / file, change)
    error = _load_error(content_copy)
    assert (error.file, error.field) == (f"content/{file}", field)


def test_markup_in_a_button_label_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["buttons"]["start"] = "<b>Start</b>"

    _edit(content_copy / "texts" / "reminders.yaml", change)
    assert _load_error(content_copy).field == "reminders.buttons.start"


def test_an_echo_line_for_an_unknown_flag_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["echo"]["sore_knee"] = "You said <i>{words}</i>."

    _edit(content_copy / "redflags.yaml", change)
    error = _load_error(content_copy)
    assert (error.file, error.field) == ("content/redflags.yaml", "echo.sore_knee")


def test_an_echo_line_with_another_placeholder_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["echo"]["numbness"] = "You said <i>{word}</i>."

    _edit(content_copy / "redflags.yaml", change)
    assert _load_error(content_copy).field == "echo.numbness"


def test_missing_advice_for_a_level_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["advice"]["urgent"]

    _edit(content_copy / "redflags.yaml", change)
    assert _load_error(content_copy).field == "advice.urgent"


def test_an_unknown_time_zone_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["aliases"]["atlantis"] = "Atlantic/Atlantis"

    _edit(content_copy / "zones.yaml", change)
    assert _load_error(content_copy).field == "aliases.atlantis"


def test_an_exercise_entity_telegram_refuses_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["summary"] = "Towels &nbsp; toes"

    _edit(content_copy / "exercises" / "towel-scrunches.yaml", change)
    error = _load_error(content_copy)
    assert (error.file, error.field) == ("content/exercises/towel-scrunches.yaml", "summary")


def test_markup_in_an_exercise_title_fails(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["title"] = "Towels &amp; toes"

    _edit(content_copy / "exercises" / "towel-scrunches.yaml", change)
    assert _load_error(content_copy).field == "title"


def test_a_written_brace_renders_as_one(content: Content) -> None:
    texts = type(content.texts)({"x.y": "{{a}} {b}", "x.z": "{{plain}}"})
    assert texts.get("x.y", b="<1>") == "{a} &lt;1&gt;"
    assert texts.get("x.z") == "{plain}"
    with pytest.raises(KeyError, match=r"x\.y"):
        texts.get("x.y")


def _calls() -> Iterator[tuple[str, ast.Call]]:
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_text_call(node):
                yield f"{path.relative_to(ROOT).as_posix()}:{node.lineno}", node


def test_every_text_call_passes_the_values_its_text_needs(content: Content) -> None:
    from bot.content.checks import placeholders

    short: list[str] = []
    for place, call in _calls():
        given = {k.arg for k in call.keywords}
        if None in given:  # **values: not checkable here
            continue
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            keys = [first.value]
        elif isinstance(first, ast.JoinedStr) and _shape(first) in dynamic_keys():
            keys = expand(_shape(first), dynamic_keys()[_shape(first)])
        else:
            continue
        for key in keys:
            if key in content.texts.entries:
                needed = set(placeholders(content.texts.entries[key]))
                if needed - given:
                    short.append(f"{place} {key} {sorted(needed - given)}")
    assert short == []
