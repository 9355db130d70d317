"""The architecture of DESIGN.md, checked: the import-linter contracts in pyproject.toml hold,
and they are not vacuous. (Text keys used in code are checked in test_content_validation.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    """DESIGN.md's layers and purity rules, as import-linter contracts in pyproject.toml."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_import_contracts_catch_a_violation(tmp_path: Path) -> None:
    """The contracts are not vacuous: a domain module importing the database breaks them."""
    for name in ("bot", "handlers"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    zones = tmp_path / "bot" / "domain" / "zones.py"
    zones.write_text(zones.read_text(encoding="utf-8") + "\nimport bot.db.store\n")
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    assert "bot.domain.zones -> bot.db.store" in out.stdout
