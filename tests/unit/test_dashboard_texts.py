"""The dashboard's pages (bot/web/static/) against content/texts/dashboard.yaml, read as text:
every `dashboard.*` key the scripts and shells name exists, each text a script fills gets the
values it needs, every text is plain (the pages set textContent, so markup would show), the
shells carry no words of their own, the scripts never write HTML, and the DOM hooks the
browser tests rely on are in the shells."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest

from bot.content import Content
from bot.content.checks import placeholders
from bot.db.models.drills import DrillStatus
from bot.domain.selftest import TrendKind
from bot.domain.triage import Level
from bot.services.checkins import CHECKIN_ANSWERED, CHECKIN_OPEN
from bot.web.dashboard import pages

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "bot" / "web" / "static"
SCRIPTS = sorted(STATIC.glob("*.js"))
# The pages (the shared `_shell.html` is part of each, not a page).
SHELLS = sorted(p for p in STATIC.glob("*.html") if p.name != pages.SHELL)
PAGES = ("caseload", "alerts", "patient", "export")

# A string literal naming a text: a whole key, or a family's prefix ending in a dot.
_LITERAL = re.compile(r"""["'](dashboard(?:\.[a-z0-9_]+)+\.?)["']""")
_ATTRIBUTE = re.compile(r"""data-text(?:-[a-z-]+)?="([^"]*)\"""")
# `t("dashboard.x", {a: ..., b: ...})` and `t("dashboard.x")`: the values a call passes.
_CALL_WITH = re.compile(r"""\bt\(\s*"(dashboard\.[a-z0-9_.]+)",\s*\{([^{}]*)\}""", re.S)
_CALL_WITHOUT = re.compile(r"""\bt\(\s*"(dashboard\.[a-z0-9_.]+)"\s*\)""")
_VALUE_NAME = re.compile(r"([a-z_][a-z0-9_]*)\s*:")
# What the families built from a prefix are completed with (the server's values).
FAMILIES: dict[str, tuple[str, ...]] = {
    "dashboard.trend.": (*get_args(TrendKind), "none"),
    "dashboard.levels.": tuple(level.name_lower for level in Level if level is not Level.NONE),
    "dashboard.session_status.": tuple(s.value for s in DrillStatus),
    "dashboard.checkin_status.": (CHECKIN_OPEN, CHECKIN_ANSWERED),
    "dashboard.feet.": ("left", "right", "both"),
    "dashboard.end_reason.": ("pain",),
}


def _sources() -> dict[str, str]:
    scripts = {p.name: p.read_text(encoding="utf-8") for p in SCRIPTS}
    return scripts | {p.name: pages.page_text(p) for p in SHELLS}


def _used() -> tuple[set[str], set[str]]:
    """(whole keys, family prefixes) named in the scripts and shells."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    for name, source in _sources().items():
        found = _LITERAL.findall(source)
        if name.endswith(".html"):
            found += _ATTRIBUTE.findall(source)
        for key in found:
            (prefixes if key.endswith(".") else keys).add(key)
    return keys, prefixes


def test_the_pages_and_their_scripts_are_there() -> None:
    names = {p.name for p in (*SCRIPTS, *SHELLS)}
    for page in PAGES:
        assert f"{page}.html" in names and f"{page}.js" in names
    assert {"app.js", "app.css", "404.html"} <= names | {p.name for p in STATIC.glob("*.css")}


def test_the_scan_finds_keys() -> None:
    keys, prefixes = _used()
    assert "dashboard.caseload.title" in keys  # a shell's data-text
    assert "dashboard.errors.unauthorized" in keys  # a script's literal
    assert "dashboard.trend." in prefixes


def test_every_key_the_pages_use_exists(content: Content) -> None:
    keys, _ = _used()
    assert sorted(k for k in keys if k not in content.texts) == []


def test_every_family_the_pages_build_is_complete(content: Content) -> None:
    _, prefixes = _used()
    assert sorted(prefixes - set(FAMILIES)) == [], "declare the family's values in FAMILIES"
    missing = [
        prefix + value
        for prefix in prefixes
        for value in FAMILIES[prefix]
        if prefix + value not in content.texts
    ]
    assert missing == []


def test_every_call_passes_the_values_its_text_needs(content: Content) -> None:
    short = []
    checked = 0
    for name, source in _sources().items():
        checked += len(_CALL_WITH.findall(source)) + len(_CALL_WITHOUT.findall(source))
        for key, body in _CALL_WITH.findall(source):
            given = set(_VALUE_NAME.findall(body))
            needed = set(placeholders(content.texts.entries[key]))
            if needed - given:
                short.append(f"{name}: {key} {sorted(needed - given)}")
        for key in _CALL_WITHOUT.findall(source):
            if placeholders(content.texts.entries[key]):
                short.append(f"{name}: {key} needs {placeholders(content.texts.entries[key])}")
    assert checked > 20  # the scan still reads the scripts' calls
    assert short == []


def test_every_dashboard_text_is_plain(content: Content) -> None:
    texts = {k: v for k, v in content.texts.entries.items() if k.startswith("dashboard.")}
    assert texts
    # Set as textContent: `&amp;` or `<b>` would be shown as typed.
    assert sorted(k for k, v in texts.items() if re.search(r"[<>&]", v)) == []


class _Shell(HTMLParser):
    """The words a shell shows by itself, and its ids."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.ids: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        for key, value in attrs:
            if key == "id" and value:
                self.ids.add(value)
            # Words in attributes a person reads come from content too.
            if key in {"placeholder", "aria-label", "title", "alt"} and value:
                self.words.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.words.append(data.strip())


def _shell(path: Path) -> _Shell:
    parser = _Shell()
    parser.feed(pages.page_text(path))
    return parser


@pytest.mark.parametrize("path", SHELLS, ids=lambda p: p.name)
def test_every_page_is_served_in_the_one_shared_shell(path: Path) -> None:
    page = "notfound" if path.name == "404.html" else path.stem
    text = pages.page_text(path)
    assert text.startswith("<!doctype html>") and "{{" not in text
    assert f'<body data-page="{page}">' in text and f"/app/static/{page}.js" in text
    assert text.count("<head>") == 1 and text.count('id="main"') == 1


@pytest.mark.parametrize("path", SHELLS, ids=lambda p: p.name)
def test_shells_carry_no_words_of_their_own(path: Path) -> None:
    assert _shell(path).words == []


@pytest.mark.parametrize("path", SHELLS, ids=lambda p: p.name)
def test_every_shell_has_the_error_and_status_boxes(path: Path) -> None:
    assert {"error", "status", "main"} <= _shell(path).ids


def test_the_browser_tests_hooks_are_in_the_shells() -> None:
    caseload = pages.page_text(STATIC / "caseload.html")
    assert {"caseload", "search", "filter", "count"} <= _shell(STATIC / "caseload.html").ids
    sorts = set(re.findall(r'data-sort="([a-z0-9_]+)"', caseload))
    assert sorts == {"name", "alerts", "adherence_7", "adherence_28", "last_session", "score"}
    assert set(re.findall(r'<option value="([a-z]+)"', caseload)) == {"all", "alerts", "paused"}
    assert "alerts" in _shell(STATIC / "alerts.html").ids
    assert {
        "pause-toggle",
        "programme-select",
        "programme-save",
        "message-text",
        "message-send",
        "note-text",
        "note-save",
        "confirm-dialog",
        "confirm-yes",
        "confirm-no",
        "messages",
        "chart",
    } <= _shell(STATIC / "patient.html").ids
    patient = (STATIC / "patient.js").read_text(encoding="utf-8")
    assert "clear-pause" in patient and "escalationId" in patient
    alerts = (STATIC / "alerts.js").read_text(encoding="utf-8")
    assert '"acked"' in alerts and "ack primary" in alerts


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_scripts_never_write_html(path: Path) -> None:
    # Patients' words and names reach the page: only ever as text.
    source = path.read_text(encoding="utf-8")
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert unsafe not in source, unsafe


def test_only_telegrams_script_is_loaded_from_elsewhere() -> None:
    for name, source in _sources().items():
        for url in re.findall(r"https?://[^\s\"')]+", source):
            assert url.startswith(("https://telegram.org/js/", "https://web.telegram.org")), (
                name,
                url,
            )
