"""`python -m tests.processes.launch run --role worker`: the real `bot` command line, with
only the periodic jobs' first runs brought forward.

`bot.app.schedule_jobs` starts the hourly jobs 2-6 minutes after start-up (so a fleet of
restarting processes does not run them all at once); a test that wants every job to run in
a minute cannot wait that long and must not change the bot's code. Here each job's `first`
delay becomes 1 + first/60 s, which keeps their order (dispatch, outbox, escalation
reminders, no-improvement, digest, self-test, housekeeping, retention) and their intervals;
everything else is the unmodified entry point.
"""

from __future__ import annotations

import sys
from typing import Any

from telegram.ext import JobQueue

from bot.__main__ import main

_run_repeating = JobQueue.run_repeating


def _soon(self: JobQueue[Any], *args: Any, **kwargs: Any) -> Any:
    first = kwargs.get("first")
    if isinstance(first, int | float):
        kwargs["first"] = 1 + first / 60
    return _run_repeating(self, *args, **kwargs)


if __name__ == "__main__":
    JobQueue.run_repeating = _soon  # type: ignore[method-assign]
    sys.exit(main())
