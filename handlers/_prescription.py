"""Prescription bits shared by handler features: the words for a prescribed dose (the
therapist's flow in `handlers.prescriptions`, the patient's drill screens in
`handlers._drill`) and the button that opens the flow from the patient's detail
(`handlers.caseload`)."""

from __future__ import annotations

from bot.callbacks import PrescribePress
from bot.deps import Deps
from bot.domain.prescription import Dose, Feet

FEET_KEYS: dict[Feet, str] = {
    "left": "prescriptions.feet.left",
    "right": "prescriptions.feet.right",
    "both": "prescriptions.feet.both",
}
PER_DAY_KEYS: dict[int, str] = {
    1: "prescriptions.per_day.one",
    2: "prescriptions.per_day.two",
    3: "prescriptions.per_day.three",
}


def open_button(d: Deps, patient_id: int) -> tuple[str, str]:
    """The button on a patient's detail view that opens their prescription."""
    return d.text("prescriptions.buttons.open"), PrescribePress(patient_id, "l").pack()


def reps_text(d: Deps, n: int) -> str:
    """ "8 repetitions" (or "1 repetition")."""
    return d.text("prescriptions.reps_one") if n == 1 else d.text("prescriptions.reps", n=n)


def days_text(d: Deps, n: int) -> str:
    """ "3 days a week", "1 day a week" or "every day"."""
    if n == 7:
        return d.text("prescriptions.days_all")
    return d.text("prescriptions.days_one") if n == 1 else d.text("prescriptions.days", n=n)


def dose_text(d: Deps, dose: Dose, *, has_sides: bool = True) -> str:
    """ "8 repetitions, left foot only, twice a day, 3 days a week" (no feet named for an
    exercise done with both feet together: there is no side to choose)."""
    feet = d.text(FEET_KEYS[dose.feet]) if has_sides else d.text(FEET_KEYS["both"])
    return d.text(
        "prescriptions.dose",
        reps=reps_text(d, dose.repetitions),
        feet=feet,
        per_day=d.text(PER_DAY_KEYS[dose.times_per_day]),
        days=days_text(d, dose.days_per_week),
    )
