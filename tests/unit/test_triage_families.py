"""The families of warning signs the detector must recognise however people write them (issue:
"recognise meaning, not phrases"), each with sentences written for this file, none copied from
the evaluation sets. Each sentence lists the levels a clinician would accept."""

from __future__ import annotations

import pytest

from bot.domain.triage.engine import Level, assess, normalise

N, S, R, U, E = Level.NONE, Level.STOP, Level.ROUTINE, Level.URGENT, Level.EMERGENCY


def check(text: str, accept: tuple[Level, ...], diabetes: bool | None = False) -> None:
    result = assess(text, diabetes=diabetes)
    assert result.level in accept, (
        f"{text!r} (diabetes={diabetes}) -> {result.level} {result.flags} ask={result.ask}, "
        f"accepted {[str(a) for a in accept]}"
    )


# --- word forms, typing slips and dictation ------------------------------------------------


@pytest.mark.parametrize(
    ("slip", "word"),
    [
        ("tinglng", "tingling"),
        ("numbnes", "numbness"),
        ("blsiter", "blister"),
        ("swolen", "swollen"),
        ("bleedingg", "bleeding"),
        ("nmb", "numb"),
        ("infetced", "infected"),
    ],
)
def test_typing_slips_of_symptom_words_are_read_as_the_word(slip: str, word: str) -> None:
    assert normalise(f"my foot is {slip}") == f"my foot is {word}"


@pytest.mark.parametrize("word", ["selling", "singing", "curing", "turning", "ladder"])
def test_real_words_near_a_symptom_word_are_left_alone(word: str) -> None:
    assert normalise(f"i was {word} it") == f"i was {word} it"


@pytest.mark.parametrize(
    ("text", "accept", "diabetes"),
    [
        ("the end of my tow has turned black", (E,), False),
        ("left tow nail is lifting off", (U,), True),
        ("my heel is swallow and hot", (U,), True),
        ("toes tinkly after the pebbles", (R, U), False),
        ("i cant fill the floor under my left foot", (R, U), False),
        ("pins-n-needles in the arch every evening", (R, U), False),
        ("my foot is swolen since the weekend", (U,), True),
    ],
)
def test_dictation_and_typos(text: str, accept: tuple[Level, ...], diabetes: bool) -> None:
    check(text, accept, diabetes)


def test_a_swallowed_marble_is_not_a_swollen_foot() -> None:
    check("the dog swallowed one of the marbles, is that dangerous?", (N,), True)


# --- indirect descriptions ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "since tea time my right foot feels like it is wrapped in bubble wrap",
        "walking feels like stepping on sponges, both soles",
        "it's as if I've got thick woolly socks on but I'm barefoot",
        "I can't tell hot from cold water with my left sole any more",
        "my toes feel like they aren't mine",
        "found blood on my sock tonight and never felt a thing",
    ],
)
def test_numbness_told_indirectly(text: str) -> None:
    check(text, (R, U))
    check(text, (U, E), diabetes=True)


# --- a process instead of a name -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my third toe is leaning towards the fourth a bit more every week",
        "the second toe has begun to ride up over the big one",
        "the bony lump at the side of my big toe keeps growing",
        "little toe tucking under the next one lately",
        "the shape of my left toes has changed since the summer",
    ],
)
def test_a_deformity_that_is_forming(text: str) -> None:
    check(text, (R,))
    check(text, (U,), diabetes=True)


def test_a_shape_they_were_born_with_is_not_new() -> None:
    check("my second toe has always been a bit bent, I was born with it", (N,))


@pytest.mark.parametrize(
    "text",
    [
        "the graze on my heel is getting bigger every day and the edges are red",
        "the redness around the nail has crept further up my toe since yesterday",
        "the blister burst and the red patch round it keeps spreading",
    ],
)
def test_a_wound_or_redness_that_grows(text: str) -> None:
    check(text, (U, E))


@pytest.mark.parametrize(
    "text",
    [
        "my slippers suddenly feel too tight on the right foot",
        "I can't get my left shoe on this morning",
        "my trainers have been digging in since Sunday",
    ],
)
def test_swelling_told_through_footwear_with_diabetes(text: str) -> None:
    check(text, (U,), diabetes=True)


# --- no improvement in any wording ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ten weeks of daily practice and not a jot of difference",
        "started in February, it's May now, my toes are no looser",
        "two months on and it's the same as the first day",
        "I've done every session for 7 weeks and nothing has budged",
        "nine weeks. still no change in how my toes lift",
    ],
)
def test_no_improvement_after_weeks(text: str) -> None:
    check(text, (R,))


def test_no_improvement_too_early_is_normal() -> None:
    check("two weeks in and nothing has changed yet, is that ok?", (N,))


# --- body-wide signs in plain words --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I've wet myself twice today and my legs feel strange",
        "can't feel the loo roll when I wipe and my feet are tingly",
        "both my legs feel like lead and I had a bowel accident this morning",
        "everything went blurry and my right foot dragged when I walked",
        "my words came out all muddled on the phone and my toes won't move",
        "my husband says my smile is lopsided and my left foot is numb",
        "thermometer says 39.1 and the toe with the cut is hot and swollen",
        "temp of 101.8 F and the blister on my heel is red",
        "I'm shivering like mad and my foot is red and puffy",
        "she's talking nonsense today and her heel is red and hot, this is her son writing",
    ],
)
def test_body_wide_signs_are_emergencies(text: str) -> None:
    check(text, (E,))


@pytest.mark.parametrize(
    ("text", "accept"),
    [
        ("temperature 37.3 and the cut on my toe looks red and hot", (U,)),
        ("size 39 shoes feel fine but my foot is swollen", (R, U)),
        ("my sugar was 39 mmol and my heel is red", (U,)),
    ],
)
def test_numbers_below_fever_or_not_temperatures(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)


# --- weakness that starts during a session -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "halfway through the circles my toes just stopped obeying me",
        "during the towel scrunches my foot stopped doing what I tell it",
        "front of my right foot slaps on the floor since lunch",
    ],
)
def test_weakness_that_starts_now_is_an_emergency(text: str) -> None:
    check(text, (E,))


def test_the_trained_difficulty_is_not_weakness() -> None:
    check("still can't lift my fourth toe on its own, the others come too", (N,))


# --- diabetes named in the text --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "as a diabetic I wanted to mention a small blister on my little toe",
        "my blood sugar has been high and there's a cut on my sole",
        "type 1 here, noticed a crack in my heel",
    ],
)
def test_diabetes_in_the_text_counts(text: str) -> None:
    check(text, (U,), diabetes=False)


def test_diabetes_denied_in_the_text_does_not_count() -> None:
    check("I'm not diabetic, just a tiny blister from the band", (N, S))


# --- someone writing for the patient -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "accept"),
    [
        ("this is her grandson typing, she can't feel her toes since this morning", (R, U, E)),
        ("I'm his carer. His big toe has gone black", (E,)),
        ("typing for my dad: he says his foot went cold and white an hour ago", (E,)),
    ],
)
def test_a_carer_writing_for_the_patient(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)


@pytest.mark.parametrize(
    "text",
    [
        "my brother's toes went numb at football, can he do these too?",
        "not me, my aunt has neuropathy in her feet",
    ],
)
def test_another_persons_foot_is_not_the_patients(text: str) -> None:
    check(text, (N,))


# --- over-triage traps ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "legs are dead after leg day at the gym",
        "after the spin class my legs were like jelly",
        "my head is numb from all the spreadsheets at work",
        "toes went white in the snow but they warmed up and are fine again",
        "painted my toenails dark blue for the wedding",
        "used to get burning in my soles, never since the new insoles",
        "had a sore heel last week after the pebbles but today it's totally fine",
    ],
)
def test_over_triage_traps(text: str) -> None:
    check(text, (N, S))


# --- failing safe: a change the rules cannot place -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my big toe looks a bit odd today",
        "something is not right with my left foot",
        "the skin on my heel has gone shiny",
    ],
)
def test_an_unplaced_change_asks(text: str) -> None:
    result = assess(text, diabetes=False)
    assert result.ask and result.level is Level.NONE, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "my toes feel different, in a good way, looser",
        "the towel feels weird on the tiles",
        "my mum's foot looks funny",
        "what if my toe looks strange one day?",
        "done, nothing feels wrong",
    ],
)
def test_no_ask_where_nothing_is_wrong(text: str) -> None:
    assert not assess(text, diabetes=False).ask


# --- dialects, carers by name, clinical words, code-mixed chat -----------------------------


@pytest.mark.parametrize(
    ("text", "accept"),
    [
        # Scots
        ("ma left fit's gone cauld an white an it's awfy sair", (E,)),
        ("cannae feel ma toes the day, they're deid", (R, U, E)),
        ("ah wet masel an baith legs are like jelly", (E,)),
        # Caribbean and West African English
        ("mi toe dem tun black an it nuh hurt", (E,)),
        ("my foot dey tingle me since two days", (R, U)),
    ],
)
def test_dialect_spellings(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)


@pytest.mark.parametrize(
    ("text", "accept"),
    [
        ("Amira says her right foot went floppy an hour ago", (E,)),
        ("Leo did his self-test tonight and his big toe joint hurt a lot", (S, R)),
        ("writing for my gran, her heel wound is hot and oozing", (U, E)),
    ],
)
def test_a_carer_naming_the_patient(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)


@pytest.mark.parametrize(
    ("text", "accept", "diabetes"),
    [
        ("paraesthesia in both forefeet for a fortnight", (R, U), False),
        ("erythema and fluctuance round the nail fold", (U,), False),
        ("stocking distribution numbness, not diabetic", (R, U), False),
        ("diagnosed type 2 last month and there's a graze on my heel", (U,), False),
    ],
)
def test_clinical_words(text: str, accept: tuple[Level, ...], diabetes: bool) -> None:
    check(text, accept, diabetes)


def test_a_bruise_never_explains_a_black_toe() -> None:
    check("the end of my toe is black, probably just a bruise", (E,))
    check("my shin is purple where I bruised it on the bed", (N, R))


@pytest.mark.parametrize(
    ("text", "accept"),
    [
        ("probably nada pero siento hormigueo en los dedos todo el día", (R, U)),
        ("my toes feel weird y tengo los dedos morados y fríos desde esta mañana", (E,)),
    ],
)
def test_code_mixed_chat_is_read_both_ways(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)
