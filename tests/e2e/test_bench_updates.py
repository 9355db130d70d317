"""`toebot bench updates` runs end to end on a small scale, so the command cannot rot: the
sandbox in this process, the real application and both bare PTB bots in child processes,
on loopback, the burst arriving all at once (no real time slept)."""

from __future__ import annotations

import json

import pytest

from bot.tools.bench.cli import main

SCENARIOS = {"echo_texts", "app_texts", "edit_presses", "app_presses", "app_burst"}


def test_bench_updates_answers_every_user_and_ends_with_its_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["updates", "--users", "20", "--burst-users", "50", "--burst-seconds", "0"]
    code = main([*args, "--rounds", "2", "--presses", "3", "--timeout", "30"])
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert code == 0 and result["lost"] == 0
    assert result["unexpected_messages"] == 0  # one answer per text, one edit per press
    assert set(result["scenarios"]) == SCENARIOS
    counts = {name: row["handled"] for name, row in result["scenarios"].items()}
    assert counts == {
        "echo_texts": 40,
        "app_texts": 40,
        "edit_presses": 60,
        "app_presses": 60,
        "app_burst": 50,
    }
    for key in ("texts_ratio", "presses_ratio", "burst_p99_s"):
        assert isinstance(result[key], float) and result[key] > 0
    for key in ("app_texts_per_s", "echo_texts_per_s", "app_presses_per_s", "edit_presses_per_s"):
        assert result[key] > 0
    # One line per scenario (rate and latencies) before the JSON line.
    assert len(lines) == len(SCENARIOS) + 1
