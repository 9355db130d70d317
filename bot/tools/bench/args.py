"""Argument types shared by the `toebot bench` actions: one wording for a bad number."""

from __future__ import annotations

import argparse


def positive_rate(raw: str) -> float:
    """A rate above zero (messages/s)."""
    value = float(raw)
    if value <= 0:
        raise argparse.ArgumentTypeError("the rate must be positive")
    return value


def positive_int(raw: str) -> int:
    """A count of at least 1."""
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def not_negative(raw: str) -> float:
    """Seconds, zero or more."""
    value = float(raw)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value
