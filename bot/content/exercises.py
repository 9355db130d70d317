"""The exercise library: typed, validated content for the guided drills.

Everything a patient is walked through comes from `content/exercises/*.yaml`,
`content/programmes.yaml` and `content/library.yaml`. `load_catalog` reads them once at
start-up and refuses to start on any problem, with a one-line message naming the file, the
field path and the reason, so a content author can fix it without reading Python.

Pure: standard library, pydantic and PyYAML only (no Telegram, no database), so the
walk-through logic here is unit-testable and the handlers only render what it returns.

The models themselves live in `bot.content.exercise_models`; every public name is
re-exported here, so callers import from this module only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from bot.content.errors import ContentError
from bot.content.exercise_models import (
    Exercise,
    ExerciseCatalog,
    ExerciseVariant,
    FaqEntry,
    Foot,
    Frequency,
    Library,
    Programme,
    ProgrammeItem,
    Source,
    Step,
    UnlockCondition,
    VariantId,
    WeeklyTarget,
    _ProgrammesFile,  # private to the content package: only the loader reads that file
)
from bot.content.files import Problems, display, load_model, raise_first

__all__ = [
    "ContentError",
    "Exercise",
    "ExerciseCatalog",
    "ExerciseVariant",
    "FaqEntry",
    "Foot",
    "Frequency",
    "Library",
    "Programme",
    "ProgrammeItem",
    "Source",
    "Step",
    "UnlockCondition",
    "VariantId",
    "WalkStep",
    "WeeklyTarget",
    "default_content_dir",
    "load_catalog",
    "programme_for_day",
    "walk",
]


def default_content_dir() -> Path:
    """The `content/` folder shipped next to the `bot` package."""
    # This module is bot/content/exercises.py: three levels up is the project root.
    return Path(__file__).resolve().parents[2] / "content"


def _duplicates(ids: list[str], field: str, what: str) -> Problems:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            yield field.format(i=i), f"duplicate {what} id '{item_id}'"
        seen.add(item_id)


def _check_library(library: Library) -> Problems:
    yield from _duplicates([s.id for s in library.sources], "sources.{i}.id", "source")
    yield from _duplicates([f.id for f in library.faq], "faq.{i}.id", "FAQ")
    source_ids = {s.id for s in library.sources}
    for i, entry in enumerate(library.faq):
        if entry.source not in source_ids:
            yield f"faq.{i}.source", f"unknown source '{entry.source}'"


def _check_exercise(
    exercise: Exercise, stem: str, source_ids: set[str], condition_ids: set[str]
) -> Problems:
    # The id must match the file name so an id in an error or a log leads to the file.
    if exercise.id != stem:
        yield "id", f"must match the file name '{stem}', not '{exercise.id}'"
    if exercise.source not in source_ids:
        yield (
            "source",
            f"unknown source '{exercise.source}' (known: {', '.join(sorted(source_ids))})",
        )
    if exercise.unlock is not None and exercise.unlock not in condition_ids:
        yield "unlock", f"unknown unlock condition '{exercise.unlock}'"
    yield from _check_steps(exercise.steps, exercise.per_foot, "steps")
    for name, variant in exercise.variants.items():
        if variant.steps is None:
            continue
        where = f"variants.{name}.steps"
        yield from _check_steps(variant.steps, exercise.per_foot, where)
        if [s.kind for s in variant.steps] != [s.kind for s in exercise.steps]:
            yield where, "must have as many steps as the exercise, of the same kinds in order"


def _check_steps(steps: tuple[Step, ...], per_foot: bool, where: str) -> Problems:
    yield from _duplicates([s.id for s in steps], where + ".{i}.id", "step")
    last = len(steps) - 1
    for i, step in enumerate(steps):
        if (step.reps is None) != (step.reps_unit is None):
            yield f"{where}.{i}.reps_unit", "give reps and reps_unit together, or neither"
        if step.kind == "switch_feet":
            if not per_foot:
                yield f"{where}.{i}.kind", "a switch_feet step needs per_foot: true"
            elif i != last or i == 0:
                yield f"{where}.{i}.kind", "a switch_feet step must be the last of several steps"


def _check_programmes(
    file: _ProgrammesFile, exercise_ids: set[str], source_ids: set[str]
) -> Problems:
    if file.weekly_target.source not in source_ids:
        yield "weekly_target.source", f"unknown source '{file.weekly_target.source}'"
    yield from _duplicates(
        [c.id for c in file.unlock_conditions], "unlock_conditions.{i}.id", "unlock condition"
    )
    yield from _duplicates([p.id for p in file.programmes], "programmes.{i}.id", "programme")
    for p, programme in enumerate(file.programmes):
        used: set[str] = set()
        for i, item in enumerate(programme.items):
            key = "exercise" if item.exercise is not None else "rotate"
            for j, exercise_id in enumerate(item.choices):
                field = f"programmes.{p}.items.{i}.{key}" + (f".{j}" if key == "rotate" else "")
                if exercise_id not in exercise_ids:
                    yield field, f"unknown exercise '{exercise_id}'"
                elif exercise_id in used:
                    yield field, f"exercise '{exercise_id}' appears twice in this programme"
                used.add(exercise_id)


def load_catalog(content_dir: Path) -> ExerciseCatalog:
    """Read and validate all exercise content under `content_dir`; `ContentError` if bad."""
    library_path = content_dir / "library.yaml"
    library = load_model(library_path, Library, content_dir)
    raise_first(display(library_path, content_dir), _check_library(library))
    source_ids = {s.id for s in library.sources}

    programmes_path = content_dir / "programmes.yaml"
    programmes_file = load_model(programmes_path, _ProgrammesFile, content_dir)
    condition_ids = {c.id for c in programmes_file.unlock_conditions}

    folder = content_dir / "exercises"
    if not folder.is_dir():
        raise ContentError(display(folder, content_dir), "(root)", "folder is missing")
    for stray in sorted(folder.glob("*.yml")):
        # Only *.yaml is loaded; a .yml file would otherwise be silently ignored.
        raise ContentError(display(stray, content_dir), "(root)", "rename to .yaml to load it")
    exercises: dict[str, Exercise] = {}
    origin: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        name = display(path, content_dir)
        exercise = load_model(path, Exercise, content_dir)
        raise_first(name, _check_exercise(exercise, path.stem, source_ids, condition_ids))
        if exercise.id in exercises:  # unreachable while ids must match file names; kept as a guard
            raise ContentError(name, "id", f"duplicate exercise id (also in {origin[exercise.id]})")
        exercises[exercise.id] = exercise
        origin[exercise.id] = name
    if not exercises:
        raise ContentError(display(folder, content_dir), "(root)", "no exercise files (*.yaml)")

    raise_first(
        display(programmes_path, content_dir),
        _check_programmes(programmes_file, set(exercises), source_ids),
    )
    return ExerciseCatalog(
        exercises=exercises,
        programmes={p.id: p for p in programmes_file.programmes},
        unlock_conditions={c.id: c for c in programmes_file.unlock_conditions},
        weekly_target=programmes_file.weekly_target,
        library=library,
    )


# --- helpers for the walk-through --------------------------------------------------------


def programme_for_day(
    catalog: ExerciseCatalog,
    programme_id: str,
    day: datetime.date,
    unlocked: frozenset[str],
) -> list[Exercise]:
    """The exercises of a programme for one (local) day, in programme order.

    Locked exercises (an `unlock` condition not in `unlocked`) are left out. A rotation
    slot picks among its unlocked members by the day's ordinal, so consecutive days
    alternate and the choice is the same for everyone on the same date, across restarts.
    `KeyError` for an unknown programme.
    """
    programme = catalog.programme(programme_id)
    chosen: list[Exercise] = []
    for item in programme.items:
        candidates = [
            exercise
            for exercise in (catalog.exercise(eid) for eid in item.choices)
            if exercise.unlock is None or exercise.unlock in unlocked
        ]
        if candidates:
            chosen.append(candidates[day.toordinal() % len(candidates)])
    return chosen


@dataclass(frozen=True, slots=True)
class WalkStep:
    """One screen of a walk-through: which step, where it stands, and for which foot.

    `index` counts from 0 (show `index + 1` of `total`); `foot` is None for a screen that
    belongs to neither foot (an exercise done with both feet, or the switch between feet).
    """

    exercise_id: str
    step_id: str
    index: int
    total: int
    foot: Foot | None


def walk(exercise: Exercise) -> list[WalkStep]:
    """Expand an exercise into the screens shown one after another.

    A per-foot exercise runs all its steps for the left foot, then again for the right.
    Its "switch feet and repeat" step (kind `switch_feet`) is not a step done *on* a foot:
    it is the hand-over the repetition represents. So it is shown exactly once, between
    the feet (foot None), rather than after each foot, where the second showing would ask
    for a third round. For toe threading that is steps 1-5 left, the switch, 1-5 right.
    """
    order: list[tuple[str, Foot | None]]
    if exercise.per_foot:
        order = [(step.id, "left") for step in exercise.foot_steps]
        switch = exercise.switch_step
        if switch is not None:
            order.append((switch.id, None))
        order += [(step.id, "right") for step in exercise.foot_steps]
    else:
        order = [(step.id, None) for step in exercise.steps]
    total = len(order)
    return [
        WalkStep(exercise_id=exercise.id, step_id=step_id, index=i, total=total, foot=foot)
        for i, (step_id, foot) in enumerate(order)
    ]
