"""The library cut into passages for question answering (`bot.domain.retrieval`).

Content is Telegram HTML; a passage is plain text, because the answer is filled into
`chat.answer` as a value and values are HTML-escaped there (`Texts.get`). So tags are
dropped and entities decoded here, once, at start-up.

Per exercise, three passages, each answering one kind of question: what it is and how
often (its summary, frequency and what you need), how to do it (the steps with their
cues), and tips (the cues and safety lines). The FAQ gives one passage per entry, the do's
and don'ts one per line, so "what shoes should I wear?" gets the one line about shoes.
The exercises are the versions the patient sees (`bot.domain.variants.for_patient`): a
patient with diabetes, or unsure, is never told to walk barefoot on pebbles by an answer
when the drill itself tells them not to. So there are two indexes, `LibraryIndex` holds
both and picks by the diabetes answer. Ids are stable strings (`faq:<id>`,
`exercise:<id>`, `exercise:<id>:steps`, `exercise:<id>:tips`, `library:dos-<n>`,
`library:donts-<n>`) that the labelled questions in `tests/data/intents.jsonl` name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Final

from bot.content.exercises import Exercise, ExerciseCatalog, Library, Step
from bot.content.loader import Content
from bot.domain.retrieval import Ask, Hit, Index, Passage, build_index
from bot.domain.variants import TextLookup, for_patient, frequency_line

__all__ = ["LibraryIndex", "library_index", "passages", "plain"]

_TAG_RE: Final = re.compile(r"<[^<>]*>")
_SPACE_RE: Final = re.compile(r"\s+")
# library.yaml's do's and don'ts are the toe-isolation article's table (its header comment
# says so); they carry no source field of their own.
_DOS_SOURCE: Final = "toe-isolation"


def plain(text: str) -> str:
    """Telegram HTML as plain text: tags dropped, entities decoded, spaces collapsed."""
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub("", text))).strip()


def _sentence(text: str) -> str:
    text = plain(text)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _unmarked(text: str) -> str:
    # The drill screen's lines start with an emoji marker (⏱, 🔁, 🗓); an answer reads as
    # prose, so the marker goes.
    text = plain(text)
    first, _, rest = text.partition(" ")
    return rest if rest and not any(c.isalnum() for c in first) else text


def _source_name(library: Library, source_id: str) -> str:
    return plain(library.source(source_id).title)


def _exercise_passages(exercise: Exercise, source: str, t: TextLookup) -> list[Passage]:
    title = plain(exercise.title)
    about = [f"{title}: {plain(exercise.summary)}"]
    how_often = frequency_line(t, exercise.frequency)
    if how_often is not None:
        about.append(f"How often: {_sentence(_unmarked(how_often))}")
    if exercise.equipment:
        about.append(f"You need: {', '.join(plain(e) for e in exercise.equipment)}.")
    if exercise.unlock is not None:
        # The lock's wording is the exercise's own first safety line ("Only start this
        # once ..."), so it is said here too, where "when can I start" looks.
        about.append(_sentence(exercise.safety[0]))
    steps = [f"{title}, step by step:"]
    steps += [_step_line(n, step, t) for n, step in enumerate(exercise.steps, start=1)]
    tips = [f"{title}, tips:"]
    tips += [_sentence(cue) for cue in exercise.cues]
    tips += [_sentence(line) for line in exercise.safety]
    keywords = plain(exercise.title)
    about_answers = {Ask.WHY}
    if how_often is not None:
        about_answers.add(Ask.OFTEN)
    if exercise.equipment:
        about_answers.add(Ask.NEED)
    return [
        Passage(
            id=f"exercise:{exercise.id}",
            source=source,
            text=" ".join(about),
            keywords=keywords,
            topic=exercise.id,
            answers=frozenset(about_answers),
        ),
        Passage(
            id=f"exercise:{exercise.id}:steps",
            source=source,
            text="\n".join(steps),
            keywords=keywords,
            topic=exercise.id,
            answers=frozenset(_step_answers(exercise)),
        ),
        Passage(
            id=f"exercise:{exercise.id}:tips",
            source=source,
            text=" ".join(tips),
            keywords=keywords,
            topic=exercise.id,
            answers=frozenset({Ask.SAFE}),
        ),
    ]


def _step_line(number: int, step: Step, t: TextLookup) -> str:
    """Step `number` of the "step by step" passage, on one line."""
    line = f"{number}. {_sentence(step.title)} {plain(step.instruction)}"
    # The hold and the reps are data the drill screen renders; said the same way here.
    if step.hold_seconds is not None:
        low, high = step.hold_seconds
        hold = (
            t("drills.hold_one", seconds=low)
            if low == high
            else t("drills.hold", low=low, high=high)
        )
        line += f" {_unmarked(hold)}"
    if step.reps is not None and step.reps_unit is not None:
        line += f" {_unmarked(t('drills.reps', reps=step.reps, unit=step.reps_unit))}"
    if step.cue is not None:
        line += f" {plain(step.cue)}"
    if step.safety is not None:
        line += f" {plain(step.safety)}"
    return line


def _step_answers(exercise: Exercise) -> set[Ask]:
    found = {Ask.HOW}
    if any(step.hold_seconds is not None for step in exercise.steps):
        found.add(Ask.LONG)
    if any(step.reps is not None for step in exercise.steps):
        found.add(Ask.MANY)
    return found


def passages(
    catalog: ExerciseCatalog, t: TextLookup, *, diabetes: bool | None
) -> tuple[Passage, ...]:
    """Every passage of the FAQ, the exercises (as a patient with this diabetes answer sees
    them) and the do's and don'ts, in a stable order; `t` looks up the frequency words."""
    library = catalog.library
    found: list[Passage] = [
        Passage(
            id=f"faq:{entry.id}",
            source=_source_name(library, entry.source),
            text=plain(entry.answer),
            keywords=plain(entry.question),
        )
        for entry in library.faq
    ]
    for exercise in catalog.exercises.values():
        shown = for_patient(exercise, diabetes)
        found += _exercise_passages(shown, _source_name(library, exercise.source), t)
    dos_source = _source_name(library, _DOS_SOURCE)
    found += [
        Passage(id=f"library:dos-{n}", source=dos_source, text=f"Do: {_sentence(line)}")
        for n, line in enumerate(library.dos, start=1)
    ]
    found += [
        Passage(id=f"library:donts-{n}", source=dos_source, text=f"Don't: {_sentence(line)}")
        for n, line in enumerate(library.donts, start=1)
    ]
    return tuple(found)


@dataclass(frozen=True)
class LibraryIndex:
    """The question-answering indexes: one without diabetes, one with (or unsure)."""

    without_diabetes: Index
    with_diabetes: Index

    def index(self, *, diabetes: bool | None) -> Index:
        """The index of the exercises as this patient sees them (unsure counts as yes)."""
        return self.without_diabetes if diabetes is False else self.with_diabetes

    def answer(
        self, question: str, *, diabetes: bool | None, focus: str | None = None
    ) -> Hit | None:
        """The passage that answers `question`, or None when the library has no answer.

        `focus` is the id of the exercise on screen, if any (see `bot.domain.retrieval`).
        """
        return self.index(diabetes=diabetes).answer(question, focus=focus)


def library_index(content: Content) -> LibraryIndex:
    """Both indexes over the whole library; build them once, at start-up."""
    return LibraryIndex(
        without_diabetes=build_index(passages(content.catalog, content.texts.get, diabetes=False)),
        with_diabetes=build_index(passages(content.catalog, content.texts.get, diabetes=True)),
    )
