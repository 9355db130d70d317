"""What makes two warnings on one message "the same" for the edit check."""

from __future__ import annotations

from bot.domain.triage.engine import Assessment, Level
from bot.services.triaged import outcome_of


def test_outcome_is_level_flags_and_ask_only() -> None:
    base = Assessment(Level.ROUTINE, ("numbness",), ())
    assert outcome_of(base) == outcome_of(Assessment(Level.ROUTINE, ("numbness",), (), None))
    assert outcome_of(base) != outcome_of(Assessment(Level.URGENT, ("numbness",), ()))
    assert outcome_of(base) != outcome_of(Assessment(Level.ROUTINE, ("numbness", "deformity"), ()))
    assert outcome_of(base) != outcome_of(Assessment(Level.ROUTINE, ("numbness",), (), ask=True))
    # The language and the words quoted do not make a warning new.
    assert outcome_of(base) == outcome_of(
        Assessment(Level.ROUTINE, ("numbness",), (), language="es")
    )
