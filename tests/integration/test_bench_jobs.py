"""`toebot bench jobs` runs end to end on a small population, so the command cannot rot:
every job is timed, statements are counted, and the last line is the JSON result."""

from __future__ import annotations

import json

import pytest

from bot.tools.bench import cli


def test_bench_jobs_runs_and_ends_with_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["jobs", "--patients", "200"]) == 0
    out = capsys.readouterr()
    result = json.loads(out.out.strip().splitlines()[-1])
    names = {
        "no_improvement",
        "digest",
        "selftest_prompt",
        "escalation_outbox",
        "escalation_reminders",
        "housekeeping",
        "retention",
    }
    assert result["patients"] == 200
    assert set(result["jobs"]) == names and set(result["statements"]) == names
    assert result["max_s"] == max(result["jobs"].values())
    # The seeded clock makes every sending job find work, and the table went to stderr.
    for name in ("digest", "selftest_prompt", "escalation_reminders"):
        assert result["sent"][name] > 0, name
    # The hourly rule judges one slot and the recent drills (at 200 patients it may fire for
    # nobody); judging every slot at once advises the rest, timed apart from the jobs.
    once = result["every_slot"]
    assert once["sent"] > 0 and once["statements"] > 0 and once["seconds"] > 0
    assert result["sent"]["no_improvement"] < once["sent"]
    assert "no_improvement" in out.err and "every slot" in out.err
