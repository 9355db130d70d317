"""The pydantic models of the exercise content: exercises, programmes and the library.

Split from `bot.content.exercises`, which loads and cross-checks them and keeps every
public name importable, so the shapes a content author writes can be read on their own.
Field-level rules (slugs, Telegram HTML, ranges) live here with the fields; rules that
need more than one file (unknown sources, duplicate ids) are the loader's.

Pure: standard library, pydantic and PyYAML only (no Telegram, no database).
"""

from __future__ import annotations

import re
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
from bot.content.html import EntityParseError, parse_html

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
