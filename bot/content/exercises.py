"""The exercise library: typed, validated content for the guided drills.

Everything a patient is walked through comes from `content/exercises/*.yaml`,
`content/programmes.yaml` and `content/library.yaml`. `load_catalog` reads them once at
start-up and refuses to start on any problem, with a one-line message naming the file, the
field path and the reason, so a content author can fix it without reading Python.

Pure: standard library, pydantic and PyYAML only (no Telegram, no database), so the
walk-through logic here is unit-testable and the handlers only render what it returns.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.content.checks import check_plain
from bot.content.errors import ContentError
from bot.content.files import Problems, display, load_model, raise_first
from bot.content.html import EntityParseError, parse_html

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

Foot = Literal["left", "right"]
# The patient groups an exercise can have its own version for. Only one so far: with
# diabetes, barefoot walking outdoors is not advised (NICE NG19, as SAFETY.md names it).
VariantId = Literal["diabetes"]

_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Condition ids are flags set by code (e.g. from the self-test), hence snake_case, not slugs.
_CONDITION_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# One token of interest for Telegram's HTML parse mode: a tag, a stray bracket or an entity.
_HTML_TOKEN_RE = re.compile(r"<[^<>]*>|[<>]|&[^\s&<>;]*;?")
_TAG_RE = re.compile(r"<(/?)([a-z]+)>")
_ENTITY_RE = re.compile(r"&(?:amp|lt|gt|quot|#[0-9]+|#x[0-9a-fA-F]+);")
# Bold and italic are all the content needs; anything richer is a rendering decision.
_ALLOWED_TAGS = frozenset({"b", "i"})


# --- field types -------------------------------------------------------------------------


def _slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):
        raise PydanticCustomError(
            "slug",
            "must be a lowercase slug like 'towel-scrunches', not '{value}'",
            {"value": value},
        )
    return value


def _condition_id(value: str) -> str:
    if not _CONDITION_RE.fullmatch(value):
        raise PydanticCustomError(
            "condition_id",
            "must be a snake_case condition id like 'selftest_improved', not '{value}'",
            {"value": value},
        )
    return value


def _telegram_html(value: str) -> str:
    """Accept only what Telegram's HTML mode parses and the house style allows: <b>, <i>."""
    open_tags: list[str] = []
    for match in _HTML_TOKEN_RE.finditer(value):
        token = match.group()
        if token.startswith("&"):
            if not _ENTITY_RE.fullmatch(token):
                raise PydanticCustomError("html", "bare '&': write &amp;")
            continue
        tag = _TAG_RE.fullmatch(token)
        if tag is None or tag.group(2) not in _ALLOWED_TAGS:
            raise PydanticCustomError(
                "html",
                "only <b> and <i> are allowed; write &lt; and &gt; for '{token}'",
                {"token": token},
            )
        closing, name = tag.group(1) == "/", tag.group(2)
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            raise PydanticCustomError(
                "html", "'</{name}>' does not close an open tag", {"name": name}
            )
    if open_tags:
        raise PydanticCustomError("html", "'<{name}>' is never closed", {"name": open_tags[-1]})
    # The house rules above give the friendlier message; Telegram's own parser has the last
    # word, so nothing it would refuse (e.g. an entity it does not know) gets through.
    try:
        parse_html(value)
    except EntityParseError as exc:
        raise PydanticCustomError(
            "html", "Telegram would refuse this HTML: {reason}", {"reason": exc.reason}
        ) from None
    return value


def _number_pair(value: object, error: str) -> tuple[float, float]:
    if not (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    ):
        raise PydanticCustomError(error, "must be two numbers low <= high")
    low, high = value
    return low, high


def _hold_range(value: object) -> tuple[int, int]:
    """Hold times are a range because the article gives one ("2-3 seconds")."""
    low, high = _number_pair(value, "hold_range")
    # Whole seconds only: a countdown on a phone screen cannot show fractions usefully.
    if low <= 0 or int(low) != low or int(high) != high:
        raise PydanticCustomError("hold_range", "must be whole seconds above 0")
    return int(low), int(high)


def _day_range(value: object) -> tuple[int, int]:
    """Days a week as a range because the article gives one ("5-7 days per week")."""
    low, high = _number_pair(value, "day_range")
    if int(low) != low or int(high) != high or not 1 <= low <= high <= 7:
        raise PydanticCustomError("day_range", "must be whole days from 1 to 7")
    return int(low), int(high)


Slug = Annotated[StrictStr, AfterValidator(_slug)]
ConditionId = Annotated[StrictStr, AfterValidator(_condition_id)]
# Length caps keep every text readable on a phone screen without scrolling.
# Titles are button labels and values filled into texts (escaped there), so plain text:
# markup or an entity would be shown as it is.
Title = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(check_plain),
]
Text = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=320),
    AfterValidator(_telegram_html),
]
LongText = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=700),
    AfterValidator(_telegram_html),
]
# A sentence filled into a text as a value (escaped there), so plain text like a title.
PlainText = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=160),
    AfterValidator(check_plain),
]
HoldRange = Annotated[tuple[int, int], BeforeValidator(_hold_range)]
DayRange = Annotated[tuple[int, int], BeforeValidator(_day_range)]
PositiveCount = Annotated[StrictInt, Field(gt=0)]
DaysPerWeek = Annotated[StrictInt, Field(ge=1, le=7)]


class _Model(BaseModel):
    # Unknown keys are typos until proven otherwise; frozen because content never changes
    # while the bot runs.
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- exercises ---------------------------------------------------------------------------


class Step(_Model):
    """One screen of a guided drill."""

    id: Slug
    title: Title
    instruction: Text
    # "switch_feet" marks the article's "switch feet and repeat" step of a per-foot
    # exercise; `walk` shows it once, between the two feet (see there).
    kind: Literal["action", "switch_feet"] = "action"
    hold_seconds: HoldRange | None = None
    reps: PositiveCount | None = None
    reps_unit: Title | None = None
    cue: Text | None = None
    safety: Text | None = None


class Frequency(_Model):
    """How often an exercise is done, as far as the articles say: each part is optional,
    because where they give no number the bot gives none either."""

    times_per_day: PositiveCount | None = None
    days_per_week: DayRange | None = None
    # Words for what the articles say without a number ("test regularly").
    note: PlainText | None = None

    @model_validator(mode="after")
    def _something(self) -> Frequency:
        if self.times_per_day is None and self.days_per_week is None and self.note is None:
            raise PydanticCustomError(
                "frequency", "give times_per_day, days_per_week or note (or no frequency)"
            )
        return self


class ExerciseVariant(_Model):
    """Another version of an exercise for one group of patients (e.g. with diabetes).

    What it gives replaces the exercise's own; what it leaves out is kept. Its steps must
    walk like the exercise's (same number, same kinds), so a drill's stored position means
    the same screen whichever version the patient sees.
    """

    summary: Text | None = None
    safety: tuple[Text, ...] | None = Field(default=None, min_length=1)
    cues: tuple[Text, ...] | None = None
    steps: tuple[Step, ...] | None = Field(default=None, min_length=1)


class Exercise(_Model):
    """One exercise of the library, with its steps in order."""

    id: Slug
    title: Title
    summary: Text
    source: Slug
    per_foot: StrictBool
    barefoot: StrictBool
    equipment: tuple[Title, ...]
    unlock: ConditionId | None = None
    # An extra the patient may leave out: not one of the articles' programme steps.
    optional: StrictBool = False
    frequency: Frequency | None = None
    safety: tuple[Text, ...] = Field(min_length=1)
    cues: tuple[Text, ...] = ()
    steps: tuple[Step, ...] = Field(min_length=1)
    variants: dict[VariantId, ExerciseVariant] = Field(default_factory=dict)

    def step(self, step_id: str) -> Step:
        """The step with this id; `KeyError` if there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"exercise {self.id!r} has no step {step_id!r}")

    @property
    def switch_step(self) -> Step | None:
        """The "switch feet and repeat" step, if this exercise has one."""
        return next((s for s in self.steps if s.kind == "switch_feet"), None)

    @property
    def foot_steps(self) -> tuple[Step, ...]:
        """The steps done on each foot (all but the switch step)."""
        return tuple(s for s in self.steps if s.kind == "action")


# --- programmes --------------------------------------------------------------------------


class ProgrammeItem(_Model):
    """One slot of a programme: a fixed exercise, or a rotation chosen by the day."""

    exercise: Slug | None = None
    rotate: tuple[Slug, ...] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ProgrammeItem:
        if (self.exercise is None) == (self.rotate is None):
            raise PydanticCustomError("item", "give exactly one of 'exercise' or 'rotate'")
        if self.rotate is not None and len(set(self.rotate)) < 2:
            raise PydanticCustomError("item", "'rotate' needs at least two different exercises")
        return self

    @property
    def choices(self) -> tuple[str, ...]:
        """Every exercise id this slot can stand for."""
        return self.rotate if self.rotate is not None else (self.exercise or "",)


class Programme(_Model):
    """A named daily selection of exercises."""

    id: Slug
    title: Title
    summary: Text
    items: tuple[ProgrammeItem, ...] = Field(min_length=1)


class WeeklyTarget(_Model):
    """How many days a week the exercises should be done."""

    min_days: DaysPerWeek
    max_days: DaysPerWeek
    text: Title
    source: Slug

    @model_validator(mode="after")
    def _ordered(self) -> WeeklyTarget:
        if self.min_days > self.max_days:
            raise PydanticCustomError("weekly_target", "min_days must not exceed max_days")
        return self


class UnlockCondition(_Model):
    """A flag the code sets (e.g. from the self-test) that makes locked exercises appear."""

    id: ConditionId
    description: Text


class _ProgrammesFile(_Model):
    weekly_target: WeeklyTarget
    unlock_conditions: tuple[UnlockCondition, ...] = ()
    programmes: tuple[Programme, ...] = Field(min_length=1)


# --- library -----------------------------------------------------------------------------


class Source(_Model):
    """One of the source articles all content is paraphrased from."""

    id: Slug
    title: Text
    seed: StrictStr


class FaqEntry(_Model):
    """A question and answer from a source article."""

    id: Slug
    question: Text
    answer: LongText
    source: Slug


class Library(_Model):
    """Background reading: sources, disclaimer, do's and don'ts, FAQ."""

    disclaimer: Text
    sources: tuple[Source, ...] = Field(min_length=1)
    dos: tuple[Text, ...] = Field(min_length=1)
    donts: tuple[Text, ...] = Field(min_length=1)
    faq: tuple[FaqEntry, ...] = ()

    def source(self, source_id: str) -> Source:
        """The source with this id; `KeyError` if there is none."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"no source {source_id!r}")


# --- the catalog -------------------------------------------------------------------------


class ExerciseCatalog(_Model):
    """Everything from the exercise content, cross-checked. Build it with `load_catalog`."""

    exercises: dict[str, Exercise]
    programmes: dict[str, Programme]
    unlock_conditions: dict[str, UnlockCondition]
    weekly_target: WeeklyTarget
    library: Library

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; `KeyError` if there is none."""
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise KeyError(f"no exercise {exercise_id!r}") from None

    def programme(self, programme_id: str) -> Programme:
        """The programme with this id; `KeyError` if there is none."""
        try:
            return self.programmes[programme_id]
        except KeyError:
            raise KeyError(f"no programme {programme_id!r}") from None


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
