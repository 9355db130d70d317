"""House rules checked by tests: pure modules stay pure; every text key used exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content import load_content

ROOT = Path(__file__).resolve().parents[2]
PURE_MODULES = [
    "bot.domain.scheduling",
    "bot.domain.zones",
    "bot.clock",
    "bot.content.exercises",
    "bot.domain.walkthrough",
    "bot.domain.selftest",
    "bot.render.charts",
    "bot.domain.triage.engine",
    "bot.tools.triage_eval",
    "bot.domain.invites",
    "bot.domain.checkin",
    "bot.domain.privacy",
]
FORBIDDEN = ("telegram", "sqlalchemy", "sqlmodel", "aiosqlite", "asyncpg", "alembic", "aiohttp")


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_neither_telegram_nor_the_database(module: str) -> None:
    code = (
        f"import sys, {module}; "
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"


KEY_CALL = re.compile(r"""\b(?:text|t)\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def test_every_text_key_used_in_code_exists() -> None:
    texts = load_content(ROOT / "content").texts
    used: set[str] = set()
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            used.update(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    assert used, "the key scan found nothing: the pattern is broken"
    missing = sorted(k for k in used if k not in texts)
    assert missing == []


def test_command_descriptions_exist() -> None:
    from bot.app import COMMANDS

    texts = load_content(ROOT / "content").texts
    assert all(f"common.commands.{c}" in texts for c in COMMANDS)
