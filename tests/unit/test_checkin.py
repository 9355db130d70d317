"""The structured check-in maps ticks straight to levels (SAFETY.md's table)."""

from __future__ import annotations

import pytest

from bot.domain.checkin import ITEMS, assess_checkin
from bot.domain.triage.engine import BEFAST, Level

LABELS = {k: k for k in ITEMS}


@pytest.mark.parametrize(
    ("items", "diabetes", "level"),
    [
        ([], False, Level.NONE),
        (["none"], False, Level.NONE),
        (["pain"], False, Level.STOP),
        (["numb"], False, Level.ROUTINE),
        (["burn"], False, Level.ROUTINE),
        (["shape"], False, Level.ROUTINE),
        # A blister, cut or sore without diabetes is no warning sign, as typed.
        (["wound"], False, Level.NONE),
        (["wound"], True, Level.URGENT),
        (["red"], False, Level.URGENT),
        # A tick stored before the skin button was split still counts.
        (["skin"], False, Level.URGENT),
        # Sudden weakness is an emergency on its own (SAFETY.md), as it is typed.
        (["weak"], False, Level.EMERGENCY),
        (["pain", "numb"], False, Level.ROUTINE),
        # Diabetes: any new foot symptom is urgent, pain included.
        (["pain"], True, Level.URGENT),
        (["numb"], True, Level.URGENT),
        (["shape"], True, Level.URGENT),
        # Diabetes not known: treated as diabetes (never under-triage).
        (["burn"], None, Level.URGENT),
        (["none"], True, Level.NONE),
    ],
)
def test_levels(items: list[str], diabetes: bool | None, level: Level) -> None:
    assert assess_checkin(items, diabetes=diabetes, labels=LABELS).level is level


def test_weakness_asks_befast_and_flags_carry_the_words() -> None:
    result = assess_checkin(["weak", "numb"], diabetes=True, labels={"weak": "Sudden weakness"})
    assert result.follow_up == BEFAST
    assert "toe_weakness_sudden" in result.flags and "diabetes_new_symptom" in result.flags
    assert any(e.words == "Sudden weakness" for e in result.evidence)


def test_unknown_items_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        assess_checkin(["zzz"], diabetes=False, labels=LABELS)
