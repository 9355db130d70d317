"""`python -m bot.tools.bench ...`: how the benchmark starts its dispatcher processes (and the
same as `toebot bench ...`)."""

from __future__ import annotations

import sys

from bot.tools.bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
