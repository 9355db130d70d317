"""The exercise library: the shipped content is complete and faithful, and bad content fails.

The step-by-step checks name each instruction of the two source articles
(`shared/seeds/`), so an edit that drops or distorts one fails with the article's wording.
Bad files are copies of the real content with one defect, written to `tmp_path`.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.exercises import (
    ContentError,
    Exercise,
    ExerciseCatalog,
    Step,
    WalkStep,
    default_content_dir,
    load_catalog,
    programme_for_day,
    walk,
)

CONTENT = default_content_dir()
ALL_UNLOCKED = frozenset({"selftest_improved"})
NOTHING_UNLOCKED: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def catalog() -> ExerciseCatalog:
    return load_catalog(CONTENT)


def _plain(text: str | None) -> str:
    """Lower-case text without markup, so checks are about the words."""
    return re.sub(r"<[^>]+>", "", text or "").lower()


def _step_text(step: Step) -> str:
    return " ".join(_plain(t) for t in (step.title, step.instruction, step.cue, step.safety))


def _exercise_text(exercise: Exercise) -> str:
    parts = [exercise.summary, *exercise.cues, *exercise.safety]
    return " ".join(_plain(t) for t in parts) + " " + " ".join(map(_step_text, exercise.steps))


# --- the shipped content ----------------------------------------------------------------


def test_every_content_file_loads(catalog: ExerciseCatalog) -> None:
    files = {p.stem for p in (CONTENT / "exercises").glob("*.yaml")}
    assert files == set(catalog.exercises)
    assert {
        "toe-threading",
        "isolation-assessment",
        "isolation-practice",
        "towel-scrunches",
        "marble-pickups",
        "barefoot-textures",
        "progressive-resistance",
        "resisted-spreading",
    } <= files
    assert {"default", "gentle"} <= set(catalog.programmes)


def test_every_exercise_names_its_source_and_safety(catalog: ExerciseCatalog) -> None:
    for exercise in catalog.exercises.values():
        assert catalog.library.source(exercise.source)
        assert any("stop if symptoms worsen or pain develops" in _plain(s) for s in exercise.safety)


Check = Callable[[ExerciseCatalog], bool]


def _step(catalog: ExerciseCatalog, exercise_id: str, step_id: str) -> Step:
    return catalog.exercise(exercise_id).step(step_id)


def _says(exercise_id: str, step_id: str, *needles: str) -> Check:
    return lambda c: all(n in _step_text(_step(c, exercise_id, step_id)) for n in needles)


# One row per instruction of the articles: (what the article says, how the content shows it).
ARTICLE_STEPS: list[tuple[str, Check]] = [
    # Toe threading mobilization.
    (
        "toe-threading: done barefoot, socks reduce the feedback",
        lambda c: (
            c.exercise("toe-threading").barefoot
            and any("socks" in _plain(t) for t in c.exercise("toe-threading").cues)
        ),
    ),
    ("toe-threading: per foot", lambda c: c.exercise("toe-threading").per_foot),
    (
        "toe-threading: six steps in the article's order",
        lambda c: len(c.exercise("toe-threading").steps) == 6,
    ),
    (
        "toe-threading: sit and cross the foot over the opposite knee, sole up",
        _says("toe-threading", "sit-and-cross", "opposite knee", "sole faces up", "chair", "floor"),
    ),
    (
        "toe-threading: stabilise the heel with the same-side hand",
        _says("toe-threading", "stabilise-heel", "heel", "same side"),
    ),
    (
        "toe-threading: thread fingers between toes, one per space",
        _says("toe-threading", "thread-fingers", "between your toes", "one finger per gap"),
    ),
    (
        "toe-threading: only as deep as comfortable, fingertips at first is fine",
        _says("toe-threading", "thread-fingers", "comfortable", "never force", "fingertips"),
    ),
    (
        "toe-threading: gently spread and gap the toes",
        _says("toe-threading", "spread-and-gap", "gently", "spread"),
    ),
    (
        "toe-threading: spread hold 2-3 s",
        lambda c: _step(c, "toe-threading", "spread-and-gap").hold_seconds == (2, 3),
    ),
    (
        "toe-threading: mild stretch, not pain",
        _says("toe-threading", "spread-and-gap", "mild stretch", "not pain"),
    ),
    (
        "toe-threading: light traction plus slow controlled circles",
        _says("toe-threading", "traction-and-circles", "pull very lightly", "slowly circle"),
    ),
    (
        "toe-threading: about 10 circles each way",
        lambda c: (
            _step(c, "toe-threading", "traction-and-circles").reps == 10
            and _step(c, "toe-threading", "traction-and-circles").reps_unit
            == "circles each direction"
            and "about 10" in _step_text(_step(c, "toe-threading", "traction-and-circles"))
        ),
    ),
    (
        "toe-threading: switch feet and repeat, one foot stiffer is normal",
        lambda c: (
            c.exercise("toe-threading").steps[-1].kind == "switch_feet"
            and all(
                n in _step_text(c.exercise("toe-threading").steps[-1])
                for n in ("switch", "repeat", "stiffer", "normal")
            )
        ),
    ),
    # Toe isolation: the article's six-step guide, in order.
    (
        "isolation assessment: sit barefoot, feet flat",
        _says("isolation-assessment", "sit-barefoot", "barefoot", "flat"),
    ),
    (
        "isolation assessment: lift each toe alone, the others stay down",
        _says("isolation-assessment", "lift-each-toe", "one toe at a time", "others stay down"),
    ),
    (
        "isolation assessment: note toes that cannot move alone or lift neighbours",
        _says("isolation-assessment", "note-results", "on its own", "neighbours"),
    ),
    (
        "isolation practice: fingers hold down the non-target toes",
        _says("isolation-practice", "hold-others-down", "fingers", "hold down"),
    ),
    (
        "isolation practice: 10 reps per toe twice daily",
        lambda c: (
            _step(c, "isolation-practice", "lift-one-toe").reps == 10
            and _step(c, "isolation-practice", "lift-one-toe").reps_unit == "lifts per toe"
            and (f := c.exercise("isolation-practice").frequency) is not None
            and f.times_per_day == 2
        ),
    ),
    (
        "towel: small towel on the floor, scrunch it towards you with toes only",
        lambda c: (
            _says("towel-scrunches", "place-towel", "small towel", "floor")(c)
            and _says("towel-scrunches", "scrunch", "only your toes", "towards you")(c)
        ),
    ),
    (
        "marbles: into a cup",
        _says("marble-pickups", "pick-up", "marble", "cup"),
    ),
    (
        "marbles: alternate big toe and smaller toes",
        _says("marble-pickups", "alternate-toes", "alternating", "big toe", "smaller toes"),
    ),
    (
        "barefoot stimulation: grass, sand, pebbles",
        _says("barefoot-textures", "choose-texture", "grass", "sand", "pebbles"),
    ),
    (
        "progressive resistance: bands around the toes, only once control improves",
        lambda c: (
            c.exercise("progressive-resistance").unlock == "selftest_improved"
            and _says("progressive-resistance", "band-on", "band around your toes")(c)
        ),
    ),
    (
        "resisted spreading (case example): rubber bands, only once control improves",
        lambda c: (
            c.exercise("resisted-spreading").unlock == "selftest_improved"
            and "rubber band" in _exercise_text(c.exercise("resisted-spreading"))
            and _says("resisted-spreading", "spread-against-band", "spread")(c)
        ),
    ),
    (
        "programme: 5-7 days a week",
        lambda c: (c.weekly_target.min_days, c.weekly_target.max_days) == (5, 7),
    ),
    (
        "library: do's and don'ts, five each",
        lambda c: len(c.library.dos) == 5 and len(c.library.donts) == 5,
    ),
    (
        "library: FAQ on tight shoes, the little toe and devices",
        lambda c: [f.id for f in c.library.faq] == ["tight-shoes", "little-toe", "devices"],
    ),
    (
        "library: educational, not medical advice; stop if worse or painful",
        lambda c: (
            "not medical advice" in _plain(c.library.disclaimer)
            and "stop if symptoms worsen or pain develops" in _plain(c.library.disclaimer)
        ),
    ),
]


@pytest.mark.parametrize(
    ("article_says", "check"), ARTICLE_STEPS, ids=[r[0] for r in ARTICLE_STEPS]
)
def test_article_content_is_present(
    catalog: ExerciseCatalog, article_says: str, check: Check
) -> None:
    assert check(catalog), article_says


def test_no_numbers_the_articles_do_not_give(catalog: ExerciseCatalog) -> None:
    # Only three numbers come from the articles: hold 2-3 s, about 10 circles, 10 lifts.
    numbered = {
        (exercise.id, step.id)
        for exercise in catalog.exercises.values()
        for step in exercise.steps
        if step.hold_seconds is not None or step.reps is not None
    }
    assert numbered == {
        ("toe-threading", "spread-and-gap"),
        ("toe-threading", "traction-and-circles"),
        ("isolation-practice", "lift-one-toe"),
    }


def test_texts_use_only_bold_and_italic(catalog: ExerciseCatalog) -> None:
    dumped = catalog.model_dump_json()
    assert set(re.findall(r"</?([a-z]+)>", dumped)) <= {"b", "i"}


def test_module_is_pure() -> None:
    code = (
        "import sys, bot.content.exercises; "
        "bad = [m for m in ('telegram', 'sqlalchemy', 'sqlmodel') if m in sys.modules]; "
        "sys.exit(str(bad) if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --- programmes and the walk-through ----------------------------------------------------


def test_default_programme_rotates_towel_and_marbles_by_day(catalog: ExerciseCatalog) -> None:
    day = datetime.date(2025, 3, 10)
    first = [e.id for e in programme_for_day(catalog, "default", day, NOTHING_UNLOCKED)]
    second = [
        e.id
        for e in programme_for_day(
            catalog, "default", day + datetime.timedelta(days=1), NOTHING_UNLOCKED
        )
    ]
    assert first[:2] == second[:2] == ["toe-threading", "isolation-practice"]
    assert {first[2], second[2]} == {"towel-scrunches", "marble-pickups"}
    # Deterministic: the same date always gives the same choice.
    again = [e.id for e in programme_for_day(catalog, "default", day, NOTHING_UNLOCKED)]
    assert again == first


def test_default_programme_adds_band_work_only_when_unlocked(catalog: ExerciseCatalog) -> None:
    day = datetime.date(2025, 3, 10)
    gentle = [e.id for e in programme_for_day(catalog, "gentle", day, ALL_UNLOCKED)]
    locked = [e.id for e in programme_for_day(catalog, "default", day, NOTHING_UNLOCKED)]
    unlocked = [e.id for e in programme_for_day(catalog, "default", day, ALL_UNLOCKED)]
    assert locked == gentle
    assert unlocked == [*gentle, "progressive-resistance", "resisted-spreading"]
    # An unrelated flag unlocks nothing.
    other = [e.id for e in programme_for_day(catalog, "default", day, frozenset({"other_flag"}))]
    assert other == gentle


def test_unknown_programme_is_a_key_error(catalog: ExerciseCatalog) -> None:
    with pytest.raises(KeyError, match="nope"):
        programme_for_day(catalog, "nope", datetime.date(2025, 1, 1), NOTHING_UNLOCKED)


def test_walk_expands_per_foot_exercise_left_switch_right(catalog: ExerciseCatalog) -> None:
    steps = walk(catalog.exercise("toe-threading"))
    foot_steps = [
        "sit-and-cross",
        "stabilise-heel",
        "thread-fingers",
        "spread-and-gap",
        "traction-and-circles",
    ]
    assert [s.step_id for s in steps] == [*foot_steps, "switch-feet", *foot_steps]
    assert [s.foot for s in steps] == ["left"] * 5 + [None] + ["right"] * 5
    assert [s.index for s in steps] == list(range(11))
    assert {s.total for s in steps} == {11}
    assert {s.exercise_id for s in steps} == {"toe-threading"}


def test_walk_per_foot_without_switch_step_repeats_for_each_foot(catalog: ExerciseCatalog) -> None:
    steps = walk(catalog.exercise("isolation-practice"))
    ids = [s.id for s in catalog.exercise("isolation-practice").steps]
    assert [s.step_id for s in steps] == ids + ids
    assert [s.foot for s in steps] == ["left"] * len(ids) + ["right"] * len(ids)


def test_walk_both_feet_exercise_has_no_foot(catalog: ExerciseCatalog) -> None:
    assert walk(catalog.exercise("towel-scrunches")) == [
        WalkStep("towel-scrunches", "place-towel", 0, 2, None),
        WalkStep("towel-scrunches", "scrunch", 1, 2, None),
    ]


# --- bad content ------------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("texts", "zones.yaml"))
    return target


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _add_key(data: dict[str, Any]) -> None:
    data["steps"][1]["colour"] = "red"


def _drop_title(data: dict[str, Any]) -> None:
    del data["title"]


def _bad_hold(data: dict[str, Any]) -> None:
    data["steps"][1]["hold_seconds"] = [5, 2]


def _bad_hold_shape(data: dict[str, Any]) -> None:
    data["steps"][1]["hold_seconds"] = [2]


def _duplicate_step(data: dict[str, Any]) -> None:
    data["steps"][1]["id"] = data["steps"][0]["id"]


def _bad_markup(data: dict[str, Any]) -> None:
    data["steps"][0]["instruction"] = "Towel <u>here</u>"


def _bare_ampersand(data: dict[str, Any]) -> None:
    data["summary"] = "Towels & toes"


def _reps_without_unit(data: dict[str, Any]) -> None:
    data["steps"][1]["reps"] = 10


def _unknown_unlock(data: dict[str, Any]) -> None:
    data["unlock"] = "never_happens"


BAD_EXERCISES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("unknown key", _add_key, "steps.1.colour", "Extra inputs are not permitted"),
    ("missing field", _drop_title, "title", "Field required"),
    ("bad hold range", _bad_hold, "steps.1.hold_seconds", "must be two numbers low <= high"),
    ("one-number hold", _bad_hold_shape, "steps.1.hold_seconds", "must be two numbers low <= high"),
    ("duplicate step id", _duplicate_step, "steps.1.id", "duplicate step id 'place-towel'"),
    ("markup Telegram rejects", _bad_markup, "steps.0.instruction", "only <b> and <i> are allowed"),
    ("bare ampersand", _bare_ampersand, "summary", "bare '&'"),
    ("reps without unit", _reps_without_unit, "steps.1.reps_unit", "give reps and reps_unit"),
    ("unknown unlock", _unknown_unlock, "unlock", "unknown unlock condition 'never_happens'"),
]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [row[1:] for row in BAD_EXERCISES],
    ids=[row[0] for row in BAD_EXERCISES],
)
def test_bad_exercise_file_names_file_field_and_reason(
    content_copy: Path, change: Callable[[dict[str, Any]], None], field: str, reason: str
) -> None:
    _edit(content_copy / "exercises" / "towel-scrunches.yaml", change)
    with pytest.raises(ContentError) as caught:
        load_catalog(content_copy)
    error = caught.value
    assert error.file == "content/exercises/towel-scrunches.yaml"
    assert error.field == field
    assert reason in error.reason
    message = str(error)
    assert message.startswith(f"content/exercises/towel-scrunches.yaml: {field}: ")
    assert "\n" not in message


def test_bad_hold_range_message_is_one_line(content_copy: Path) -> None:
    _edit(content_copy / "exercises" / "towel-scrunches.yaml", _bad_hold)
    with pytest.raises(
        ContentError,
        match="^content/exercises/towel-scrunches.yaml: "
        r"steps\.1\.hold_seconds: must be two numbers low <= high$",
    ):
        load_catalog(content_copy)


def test_programme_referencing_unknown_exercise(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["programmes"][0]["items"][1] = {"exercise": "toe-yoga"}

    _edit(content_copy / "programmes.yaml", change)
    with pytest.raises(ContentError) as caught:
        load_catalog(content_copy)
    assert str(caught.value) == (
        "content/programmes.yaml: programmes.0.items.1.exercise: unknown exercise 'toe-yoga'"
    )


def test_programme_rotation_referencing_unknown_exercise(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["programmes"][1]["items"][2] = {"rotate": ["towel-scrunches", "toe-yoga"]}

    _edit(content_copy / "programmes.yaml", change)
    with pytest.raises(ContentError, match=r"programmes\.1\.items\.2\.rotate\.1: unknown exercise"):
        load_catalog(content_copy)


def test_programme_item_needs_exactly_one_kind(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["programmes"][0]["items"][0] = {
            "exercise": "toe-threading",
            "rotate": ["towel-scrunches", "marble-pickups"],
        }

    _edit(content_copy / "programmes.yaml", change)
    with pytest.raises(ContentError, match=r"programmes\.0\.items\.0: give exactly one"):
        load_catalog(content_copy)


def test_duplicate_programme_id(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["programmes"][1]["id"] = "default"

    _edit(content_copy / "programmes.yaml", change)
    with pytest.raises(ContentError, match=r"programmes\.1\.id: duplicate programme id 'default'"):
        load_catalog(content_copy)


def test_exercise_id_must_match_file_name(content_copy: Path) -> None:
    # Ids are unique because each must equal its (unique) file name.
    shutil.copy(
        content_copy / "exercises" / "towel-scrunches.yaml",
        content_copy / "exercises" / "towel-2.yaml",
    )
    with pytest.raises(ContentError) as caught:
        load_catalog(content_copy)
    assert str(caught.value) == (
        "content/exercises/towel-2.yaml: id: "
        "must match the file name 'towel-2', not 'towel-scrunches'"
    )


def test_switch_step_must_be_last(content_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["steps"].insert(0, data["steps"].pop())

    _edit(content_copy / "exercises" / "toe-threading.yaml", change)
    with pytest.raises(
        ContentError, match=r"toe-threading\.yaml: steps\.0\.kind: .*must be the last"
    ):
        load_catalog(content_copy)


def test_duplicate_yaml_key(content_copy: Path) -> None:
    path = content_copy / "exercises" / "towel-scrunches.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "title: Again\n", encoding="utf-8")
    with pytest.raises(
        ContentError, match=r"towel-scrunches\.yaml: line \d+: .*duplicate key 'title'"
    ):
        load_catalog(content_copy)


def test_missing_file(content_copy: Path) -> None:
    (content_copy / "library.yaml").unlink()
    with pytest.raises(ContentError, match=r"^content/library\.yaml: \(root\): file is missing$"):
        load_catalog(content_copy)


# --- frequency, the optional extra, the diabetes variant (issue 13) ----------------------


def test_frequency_is_data_as_the_articles_give_it(catalog: ExerciseCatalog) -> None:
    # "Repeat 10 times per toe, twice daily"; "Perform foot exercises 5–7 days per week";
    # "Test your toe independence regularly" (no number).
    frequencies = {e.id: e.frequency for e in catalog.exercises.values()}
    practice = frequencies.pop("isolation-practice")
    assert practice is not None
    assert (practice.times_per_day, practice.days_per_week) == (2, (5, 7))
    check = frequencies.pop("isolation-assessment")
    assert check is not None
    assert (check.times_per_day, check.days_per_week) == (None, None)
    assert check.note is not None and "regularly" in check.note.lower()
    for exercise_id, frequency in frequencies.items():
        assert frequency is not None, exercise_id
        assert (frequency.times_per_day, frequency.days_per_week) == (None, (5, 7)), exercise_id
    week = (catalog.weekly_target.min_days, catalog.weekly_target.max_days)
    assert week == (5, 7)


def test_resisted_spreading_is_an_optional_extra(catalog: ExerciseCatalog) -> None:
    optional = {e.id for e in catalog.exercises.values() if e.optional}
    assert optional == {"resisted-spreading"}
    spreading = catalog.exercise("resisted-spreading")
    assert "optional" in spreading.title.lower()
    assert "optional" in _plain(spreading.summary)


def test_no_exercise_text_names_an_article(catalog: ExerciseCatalog) -> None:
    # The patient never saw the articles; "the article's example" means nothing to them.
    for exercise in catalog.exercises.values():
        texts = [_exercise_text(exercise)]
        for variant in exercise.variants.values():
            texts.append(variant.model_dump_json().lower())
        assert all("article" not in text for text in texts), exercise.id


def test_the_hold_is_said_once(catalog: ExerciseCatalog) -> None:
    # The drill screen renders hold_seconds as its own line; the instruction must not repeat
    # the seconds (it said "Hold for 2–3 seconds" twice).
    for exercise in catalog.exercises.values():
        for step in exercise.steps:
            if step.hold_seconds is not None:
                assert "second" not in _step_text(step), (exercise.id, step.id)


def test_barefoot_textures_has_an_indoor_diabetes_variant(catalog: ExerciseCatalog) -> None:
    exercise = catalog.exercise("barefoot-textures")
    assert set(exercise.variants) == {"diabetes"}
    variant = exercise.variants["diabetes"]
    assert variant.steps is not None and variant.safety is not None
    words = " ".join(map(_step_text, variant.steps)) + " " + " ".join(map(_plain, variant.safety))
    assert "indoors" in words and "foot team" in words and "every day" in words
    # The outdoor textures appear only to say they are not advised.
    assert "grass" not in words and "sand" not in words
    assert any("pebbles" in _plain(s) and "not advised" in _plain(s) for s in variant.safety)
    assert any("stop if symptoms worsen or pain develops" in _plain(s) for s in variant.safety)
    # Only this exercise walks outdoors, so only it needs a variant.
    assert {e.id for e in catalog.exercises.values() if e.variants} == {"barefoot-textures"}


def _variant_wrong_kinds(data: dict[str, Any]) -> None:
    data["variants"] = {"diabetes": {"steps": data["steps"][:1]}}


def _variant_unknown_group(data: dict[str, Any]) -> None:
    data["variants"] = {"pregnancy": {"summary": "Another version."}}


def _variant_unknown_key(data: dict[str, Any]) -> None:
    data["variants"] = {"diabetes": {"title": "Another title"}}


def _frequency_empty(data: dict[str, Any]) -> None:
    data["frequency"] = {}


def _frequency_eight_days(data: dict[str, Any]) -> None:
    data["frequency"] = {"days_per_week": [5, 8]}


def _frequency_as_words(data: dict[str, Any]) -> None:
    data["frequency"] = "Twice a day"


BAD_VARIANTS_AND_FREQUENCIES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("variant steps walk differently", _variant_wrong_kinds, "variants.diabetes.steps", "as many"),
    ("unknown variant group", _variant_unknown_group, "variants.pregnancy", "'diabetes'"),
    ("unknown variant field", _variant_unknown_key, "variants.diabetes.title", "Extra inputs"),
    ("empty frequency", _frequency_empty, "frequency", "give times_per_day"),
    ("eight days a week", _frequency_eight_days, "frequency.days_per_week", "from 1 to 7"),
    ("frequency as words", _frequency_as_words, "frequency", "valid dictionary"),
]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [row[1:] for row in BAD_VARIANTS_AND_FREQUENCIES],
    ids=[row[0] for row in BAD_VARIANTS_AND_FREQUENCIES],
)
def test_bad_variant_or_frequency_names_the_field(
    content_copy: Path, change: Callable[[dict[str, Any]], None], field: str, reason: str
) -> None:
    _edit(content_copy / "exercises" / "towel-scrunches.yaml", change)
    with pytest.raises(ContentError) as caught:
        load_catalog(content_copy)
    assert caught.value.field == field
    assert reason in caught.value.reason
