"""Process-level tests: the real `python -m bot run --role ...` processes against the
sandbox Bot API and one database (kill -9, restart, two web and two worker processes)."""
