"""Prescriptions: a patient's own programme, built by their therapist from the exercise library.

`replace` stores the whole list at once (validated by `bot.domain.prescription.check`,
audited) and makes the patient's reminders follow it: as many daily times as its most
frequent exercise, on as many weekdays as its most frequent days a week. The drill follows
it through `drill_plan`, read by `bot.services.drills` when a drill starts. Who may change a
patient's prescription is the caller's check (`bot.services.access.can_view`), as for every
other action on a patient.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.content.exercises import ExerciseCatalog, default_content_dir, load_catalog
from bot.content.loader import Content
from bot.db import store
from bot.db.models import DrillSession, DrillStatus, Prescription, User
from bot.domain import prescription, scheduling
from bot.domain.prescription import Dose, PrescriptionError, PrescriptionItem
from bot.domain.privacy import AuditAction
from bot.services import audit

__all__ = [
    "AwaitedReps",
    "DrillPlan",
    "LibraryExercise",
    "PrescriptionError",
    "PrescriptionItem",
    "await_reps",
    "awaited_reps",
    "drill_plan",
    "item_of",
    "library",
    "of",
    "parse_reps",
    "put",
    "remove",
    "replace",
    "stop_awaiting",
]


@dataclass(frozen=True, slots=True)
class LibraryExercise:
    """One exercise a therapist can prescribe."""

    id: str
    name: str
    has_sides: bool  # done one foot at a time, so left, right or both can be prescribed


def _catalog(content: Content | ExerciseCatalog) -> ExerciseCatalog:
    return content if isinstance(content, ExerciseCatalog) else content.catalog


def library(content: Content | ExerciseCatalog) -> list[LibraryExercise]:
    """Every exercise of the library, in its file order (content/exercises/*.yaml)."""
    return [
        LibraryExercise(id=e.id, name=e.title, has_sides=e.per_foot)
        for e in _catalog(content).exercises.values()
    ]


async def of(session: AsyncSession, *, patient_id: int) -> list[Prescription]:
    """The patient's prescription, in the therapist's order (empty: none, the named
    programme applies)."""
    rows = await session.scalars(
        select(Prescription)
        .where(col(Prescription.patient_id) == patient_id)
        .order_by(col(Prescription.position), col(Prescription.id))
    )
    return list(rows.all())


def item_of(row: Prescription) -> PrescriptionItem:
    """A stored row as the domain's item (feet as stored, checked when it was written)."""
    feet: prescription.Feet = next((f for f in prescription.FEET if f == row.feet), "both")
    return PrescriptionItem(
        exercise_id=row.exercise_id,
        feet=feet,
        repetitions=row.repetitions,
        times_per_day=row.times_per_day,
        days_per_week=row.days_per_week,
    )


async def replace(
    session: AsyncSession,
    *,
    patient_id: int,
    items: Sequence[PrescriptionItem],
    by: int,
    now: dt.datetime,
    content: Content | ExerciseCatalog | None = None,
) -> list[Prescription]:
    """The patient's whole prescription becomes `items`, in that order; an empty list
    removes it (the named programme applies again).

    `PrescriptionError` (a ValueError whose `field` names the bad field) for an unknown or
    repeated exercise, feet other than left/right/both (or a side for an exercise done with
    both feet), repetitions outside 1-50, times a day outside 1-3, days a week outside 1-7;
    nothing is changed then. `content` is the library to check against (the shipped one
    when None). The reminders follow a non-empty prescription (`_follow`). Audited.
    """
    catalog = _catalog(content) if content is not None else _shipped()
    sides = {e.id: e.has_sides for e in library(catalog)}
    checked = prescription.check(items, sides)
    patient = await session.get(User, patient_id)
    if patient is None:
        raise PrescriptionError("patient_id")
    await session.execute(delete(Prescription).where(col(Prescription.patient_id) == patient_id))
    # The old rows leave first: the table is unique per patient and exercise.
    await session.flush()
    rows = [
        Prescription(
            patient_id=patient_id,
            exercise_id=item.exercise_id,
            feet=item.feet,
            repetitions=item.repetitions,
            times_per_day=item.times_per_day,
            days_per_week=item.days_per_week,
            position=position,
            created_by=by,
            created_at=now,
        )
        for position, item in enumerate(checked)
    ]
    session.add_all(rows)
    await session.flush()
    if checked:
        await _follow(session, patient=patient, items=checked, now=now)
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.PRESCRIPTION_SET,
        now=now,
        target_user_id=patient_id,
        # Ids and numbers only: which exercises, how many of them.
        detail=",".join(item.exercise_id for item in checked) or "none",
    )
    return rows


async def _follow(
    session: AsyncSession, *, patient: User, items: Sequence[PrescriptionItem], now: dt.datetime
) -> None:
    """The reminders follow the prescription: `times_wanted` daily times (the patient's own
    kept, `prescription.reminder_times`) on `drill_weekdays`, and the next due instant
    recomputed as `bot.services.schedules` does. No schedule yet (the patient has not chosen
    a time): nothing to follow until they do. A stopped schedule stays stopped and a pause
    stays paused: those are the patient's choices."""
    # Not through `bot.services.schedules`: it imports the drill service, which reads the
    # prescription (`drill_plan`), so that import would go round in a circle.
    schedule = await store.get_schedule(session, user_id=patient.id)
    if schedule is None:
        return
    times = prescription.reminder_times(
        scheduling.parse_times(schedule.times), prescription.times_wanted(items)
    )
    days = max(item.days_per_week for item in items)
    schedule.times = scheduling.format_times(times)
    schedule.weekdays = prescription.drill_weekdays(days, schedule.weekdays)
    schedule.updated_at = now
    if not schedule.stopped:  # no due instant while stopped (`schedules.stop`)
        schedule.next_due_at = scheduling.next_due(
            times=times,
            weekdays=schedule.weekdays,
            zone=ZoneInfo(patient.timezone or "UTC"),
            after=now,
        )


async def put(
    session: AsyncSession,
    *,
    patient_id: int,
    item: PrescriptionItem,
    by: int,
    now: dt.datetime,
    content: Content | ExerciseCatalog | None = None,
) -> list[Prescription]:
    """One exercise added to the patient's prescription (at the end), or changed in place;
    validated and audited as `replace`."""
    items = [item_of(r) for r in await of(session, patient_id=patient_id)]
    at = next((i for i, old in enumerate(items) if old.exercise_id == item.exercise_id), None)
    if at is None:
        items.append(item)
    else:
        items[at] = item
    return await replace(
        session, patient_id=patient_id, items=items, by=by, now=now, content=content
    )


async def remove(
    session: AsyncSession,
    *,
    patient_id: int,
    exercise_id: str,
    by: int,
    now: dt.datetime,
    content: Content | ExerciseCatalog | None = None,
) -> list[Prescription]:
    """One exercise taken out of the patient's prescription (nothing else changes)."""
    items = [item_of(r) for r in await of(session, patient_id=patient_id)]
    kept = [i for i in items if i.exercise_id != exercise_id]
    return await replace(
        session, patient_id=patient_id, items=kept, by=by, now=now, content=content
    )


# A therapist typing a number of repetitions: `User.awaiting` holds which exercise and feet,
# `User.awaiting_ref` the patient, so a restart in the middle loses nothing.
AWAIT_PREFIX = "rx:"
_FEET_CODES: dict[str, prescription.Feet] = {"L": "left", "R": "right", "B": "both"}


def awaiting_reps(exercise_id: str, feet: prescription.Feet) -> str | None:
    """The `User.awaiting` value for typed repetitions, or None when it would not fit the
    column (an exercise id that long is only offered the number buttons)."""
    value = f"{AWAIT_PREFIX}{feet[0].upper()}:{exercise_id}"
    return value if len(value) <= AWAITING_CHARS else None


AWAITING_CHARS = 32  # `User.awaiting`'s length
_REPS_RE = re.compile(r"[0-9]{1,2}")


@dataclass(frozen=True, slots=True)
class AwaitedReps:
    """Which patient, exercise and feet typed repetitions are for."""

    patient_id: int
    exercise_id: str
    feet: prescription.Feet


def awaited_reps(user: User) -> AwaitedReps | None:
    """What a therapist's typed number of repetitions is for, if one is awaited."""
    awaiting, ref = user.awaiting or "", user.awaiting_ref
    if not awaiting.startswith(AWAIT_PREFIX) or ref is None:
        return None
    code, _, exercise_id = awaiting.removeprefix(AWAIT_PREFIX).partition(":")
    feet = _FEET_CODES.get(code)
    return AwaitedReps(ref, exercise_id, feet) if feet is not None and exercise_id else None


async def await_reps(
    session: AsyncSession,
    *,
    therapist_id: int,
    patient_id: int,
    exercise_id: str,
    feet: prescription.Feet,
) -> bool:
    """Wait for the therapist to type a number of repetitions (False: only buttons)."""
    value = awaiting_reps(exercise_id, feet)
    if value is not None:
        await store.set_awaiting(session, user_id=therapist_id, awaiting=value, ref=patient_id)
    return value is not None


async def stop_awaiting(session: AsyncSession, *, therapist_id: int) -> None:
    """No typed repetitions awaited any more (a number button was tapped, or one typed),
    unless the therapist is waited on for something else since."""
    user = await session.get(User, therapist_id)
    if user is not None and (user.awaiting or "").startswith(AWAIT_PREFIX):
        await store.set_awaiting(session, user_id=therapist_id, awaiting=None)


def parse_reps(text: str) -> int | None:
    """A typed number of repetitions, 1 to 50 ("8", " 12 "), or None."""
    value = text.strip()
    if not _REPS_RE.fullmatch(value):
        return None
    low, high = prescription.REPS_RANGE
    return int(value) if low <= int(value) <= high else None


@dataclass(frozen=True, slots=True)
class DrillPlan:
    """The exercises of one prescribed drill and how each is done (parallel lists)."""

    exercise_ids: list[str]
    doses: list[Dose]

    @property
    def programme(self) -> str:
        """What the drill's programme column keeps (`prescription.encode`)."""
        return prescription.encode(self.doses)


async def drill_plan(
    session: AsyncSession, *, user: User, catalog: ExerciseCatalog, day: dt.date
) -> DrillPlan | None:
    """Today's prescribed drill for this patient (`prescription.plan_for`), or None when
    they have no prescription (their named programme applies). Exercises no longer in the
    library are left out; locks (band work waits for better control) do not apply: the
    therapist who prescribed it has judged that."""
    rows = [r for r in await of(session, patient_id=user.id) if r.exercise_id in catalog.exercises]
    if not rows:
        return None
    schedule = await store.get_schedule(session, user_id=user.id)
    drill_days = schedule.weekdays if schedule is not None else scheduling.EVERY_DAY
    done = await session.scalar(
        select(func.count())
        .select_from(DrillSession)
        .where(
            col(DrillSession.user_id) == user.id,
            col(DrillSession.local_day) == day,
            col(DrillSession.status) == DrillStatus.FINISHED.value,
        )
    )
    chosen = prescription.plan_for(
        [item_of(r) for r in rows], day=day, drill_days=drill_days, session=int(done or 0) + 1
    )
    return DrillPlan([i.exercise_id for i in chosen], [Dose.of(i) for i in chosen])


@functools.cache
def _shipped() -> ExerciseCatalog:
    """The library shipped in content/, read once (for callers that pass none)."""
    return load_catalog(default_content_dir())
