"""Answering questions from the library: BM25 over the content's passages."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.content.passages import LibraryIndex, library_index, passages, plain
from bot.domain.retrieval import THRESHOLD, Ask, Passage, asks, build_index, tokens


@pytest.fixture(scope="module")
def library(content: Content) -> LibraryIndex:
    return library_index(content)


def test_an_answerable_question_gets_its_passage_and_source(library: LibraryIndex) -> None:
    hit = library.answer("why can't I move my pinky toe by itself?", diabetes=False)
    assert hit is not None
    assert hit.passage.id == "faq:little-toe"
    assert hit.passage.source == "Trouble Moving Toes Individually: Reasons and What To Do"
    assert hit.score >= THRESHOLD


def test_how_often_finds_the_frequency(library: LibraryIndex) -> None:
    hit = library.answer("how often should I do the isolation exercise?", diabetes=False)
    assert hit is not None and hit.passage.id == "exercise:isolation-practice"
    assert "Twice daily" in hit.passage.text


def test_the_hold_comes_from_the_step_data(library: LibraryIndex) -> None:
    hit = library.answer("how long do I hold the spread?", diabetes=False)
    assert hit is not None and hit.passage.id == "exercise:toe-threading:steps"
    assert "2–3 seconds" in hit.passage.text
    assert hit.passage.source.startswith("Toe Threading Mobilization")


@pytest.mark.parametrize(
    "question",
    ["what's the weather tomorrow?", "can I do it standing?", "who made you?", "why?", ""],
)
def test_an_unanswerable_question_gets_none(library: LibraryIndex, question: str) -> None:
    assert library.answer(question, diabetes=False) is None


def test_the_exercise_on_screen_answers_this(library: LibraryIndex) -> None:
    assert library.answer("why does this help?", diabetes=False) is None
    hit = library.answer("why does this help?", diabetes=False, focus="toe-threading")
    assert hit is not None and hit.passage.id == "exercise:toe-threading"


@pytest.mark.parametrize("diabetes", [True, None])
def test_with_diabetes_or_unsure_barefoot_answers_are_the_indoor_version(
    library: LibraryIndex, diabetes: bool | None
) -> None:
    hit = library.answer("why walk barefoot on grass?", diabetes=diabetes)
    assert hit is not None and hit.passage.id == "exercise:barefoot-textures"
    assert "indoors" in hit.passage.text and "pebbles" not in hit.passage.text


def test_without_diabetes_the_outdoor_version(library: LibraryIndex) -> None:
    hit = library.answer("why walk barefoot on grass?", diabetes=False)
    assert hit is not None and "pebbles" in hit.passage.text


def test_passages_are_plain_text_with_unique_ids(content: Content) -> None:
    found = passages(content.catalog, content.texts.get, diabetes=False)
    assert len({p.id for p in found}) == len(found)
    for passage in found:
        assert "<" not in passage.text and "&amp;" not in passage.text, passage.id
        assert passage.text and passage.source
    assert {p.id for p in found} >= {"faq:devices", "library:dos-1", "exercise:marble-pickups:tips"}


def test_the_answer_text_fills_in_escaped(library: LibraryIndex, content: Content) -> None:
    hit = library.answer("how long do I hold the spread?", diabetes=False)
    assert hit is not None
    # The threading article's title has an "&": escaped once, by the text lookup.
    text = content.texts.get("chat.answer", answer=hit.passage.text, source=hit.passage.source)
    assert "Mobilization for Foot Mobility &amp; Activation" in text


def test_plain_drops_tags_and_decodes_entities() -> None:
    assert plain("Hold <b>2–3 s</b> &amp;  relax") == "Hold 2–3 s & relax"


def test_tokens_stem_and_join_synonyms() -> None:
    assert tokens("Scrunches with my pinky toes") == tokens("scrunch little toe")
    assert len(tokens("Scrunches with my pinky toes")) == 3
    assert tokens("lifting") == tokens("lift")


def test_the_kind_of_question() -> None:
    assert asks("how often should I?") == {Ask.OFTEN}
    assert Ask.LONG in asks("how long do I hold it")
    # "How many times a day" asks how often, not how many reps.
    assert Ask.OFTEN in asks("how many times a day?")
    assert Ask.MANY not in asks("how many times a day?")
    assert asks("lovely weather") == frozenset()


def test_bm25_prefers_the_passage_with_the_rarer_word() -> None:
    index = build_index(
        [
            Passage("a", "S", "toes and towels and toes"),
            Passage("b", "S", "toes and marbles"),
            Passage("c", "S", "toes"),
        ],
        threshold=0.1,
    )
    hit = index.answer("marbles for my toes")
    assert hit is not None and hit.passage.id == "b"
    assert index.answer("nothing shared") is None


def test_duplicate_ids_and_no_passages_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        build_index([Passage("a", "S", "x"), Passage("a", "S", "y")])
    with pytest.raises(ValueError, match="no passages"):
        build_index([])
