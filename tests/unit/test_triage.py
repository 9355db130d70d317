"""Red-flag triage, one family of SAFETY.md patterns at a time, in sentences written for these
tests (not the dev set's). Each sentence lists the levels a clinician would accept."""

from __future__ import annotations

import pytest

from bot.domain.triage.engine import BEFAST, FLAGS, Assessment, Evidence, Level, assess, normalise

N, S, R, U, E = Level.NONE, Level.STOP, Level.ROUTINE, Level.URGENT, Level.EMERGENCY
Case = tuple[str, tuple[Level, ...]]


def check(text: str, accept: tuple[Level, ...], *, diabetes: bool | None = False) -> Assessment:
    result = assess(text, diabetes=diabetes)
    assert result.level in accept, (
        f"{text!r} (diabetes={diabetes}) -> {result.level} {result.flags}, "
        f"accepted {[str(a) for a in accept]}"
    )
    return result


# --- nothing of concern --------------------------------------------------------------------

EVERYDAY: list[Case] = [
    ("done for today", (N,)),
    ("did all ten rotations on each foot", (N,)),
    ("the threading felt easier this time", (N,)),
    ("my left foot is stiffer than the right one", (N,)),
    ("toes feel loose and warm after the session", (N,)),
    ("felt a mild stretch between the toes, nothing more", (N,)),
    ("can you remind me at 7 tomorrow?", (N,)),
    ("how long should I hold the spread?", (N,)),
    ("picked up 15 marbles with my big toe", (N,)),
    ("walked barefoot on the grass for ten minutes", (N,)),
    ("my feet were cold after walking on the tiles", (N,)),
    ("it's cold outside so I practised indoors", (N,)),
    ("I'm a bit confused about which exercise comes next", (N,)),
    ("warm up done, starting the drill", (N,)),
    ("not sure I'm doing the threading right", (N,)),
    ("thanks, that was helpful", (N,)),
    ("can't make it today, too busy", (N,)),
    ("can't talk now, I'll do it later", (N,)),
    ("I lost my balance a couple of times during the single leg stance", (N,)),
    ("my big toe lifts on its own now!", (N,)),
    ("my toes spread wider than last week", (N,)),
    ("the resistance band snapped lol", (N,)),
    ("I have bunions, that's why my podiatrist sent me here", (N,)),
    ("I wore flip flops on the walk", (N,)),
    ("the exercise was a flop", (N,)),
    ("I can't bend down to reach my feet", (N,)),
    ("I can't move my appointment, can we do 8pm?", (N,)),
    ("my toes dropped the marble twice", (N,)),
    ("my left foot is my weaker side", (N, R)),
    ("I'm weak at lifting the 4th toe", (N,)),
    ("this app is killing me with reminders", (N,)),
    ("painfully slow progress", (N,)),
    ("I have a sore throat, skip today?", (N,)),
    ("my neck hurts from looking down", (N, S)),
    ("my toes crack when I rotate them", (N,)),
    ("I put ice on my foot after the walk", (N,)),
    ("hot weather today, feet sweaty", (N,)),
    ("stroke the sole gently, right?", (N,)),
    ("I read about strokes online, scary", (N,)),
    ("I feel weak and shaky today", (N,)),
    ("my toes feel tired", (N,)),
    ("I'm walking with a limp since I stubbed my toe", (N, S)),
    ("I have athlete's foot", (N,)),
    ("my toenails need cutting", (N,)),
    ("a gentle stretch, no pain at all", (N,)),
    ("I have a headache", (N,)),
    ("I put my toes on top of the towel", (N,)),
    ("I moved my toes over the marbles", (N,)),
    ("I did the exercise with my toes over a rolled towel", (N,)),
    ("my feet are warm after the exercise, feels nice", (N,)),
    ("I'm not responding to every reminder, sorry", (N,)),
    ("my toes respond better now", (N,)),
    ("the band is yellow", (N,)),
    ("my foot feels funny but in a good way", (N,)),
    ("my toes felt like jelly at first", (N,)),
    ("needles? no thanks, I hate injections", (N,)),
    ("my physio says my toes look fine", (N,)),
    ("I'm 8 weeks in and it's going great", (N,)),
    ("stuck at work, will do it later", (N,)),
    ("I'm dizzy with excitement", (N,)),
    ("I lost my balance on the wobble board", (N,)),
]

NORMAL_TRAINING_STATE: list[Case] = [
    # Not yet isolating a toe is where the exercises start, not weakness.
    ("I can't lift my big toe on its own yet", (N,)),
    ("my 4th toe won't lift without the others", (N,)),
    ("can't raise my little toe separately, the others follow", (N,)),
    ("my pinky toe doesn't move when I try to lift it", (N,)),
    ("I can't move my pinky by itself", (N,)),
    ("I can't spread my toes very wide", (N,)),
    ("still struggling to isolate the middle toes", (N,)),
    ("the other toes come up too when I lift the big one", (N,)),
    ("the second toe only moves together with the third", (N,)),
    ("can't get my little toe to lift alone", (N,)),
    ("I can't lift my 3rd toe on its own but my big toe lifts now", (N,)),
    ("can't wiggle my pinky alone", (N,)),
    ("my 4th and 5th toes still move together", (N,)),
    ("my second toe won't move independently yet", (N,)),
    ("the 4th toe lifts only with the 3rd", (N,)),
]

NEGATED: list[Case] = [
    ("no numbness or tingling at all", (N,)),
    ("no pain, no tingling, nothing", (N,)),
    ("I don't have any numbness or weakness", (N,)),
    ("I haven't had any pins and needles since I started", (N,)),
    ("nothing hurts", (N,)),
    ("the exercise doesn't hurt any more", (N,)),
    ("without any pain this time", (N,)),
    ("not really numb", (N,)),
    ("no swelling and no redness", (N,)),
    ("never had any burning in my feet", (N,)),
    ("tingling? no", (N,)),
    ("numbness: none", (N,)),
    ("my toes are not weak", (N,)),
    ("I didn't feel any sharp pain during the rotations", (N,)),
]

HISTORY_AND_RESOLVED: list[Case] = [
    ("I used to get pins and needles but that's gone", (N, R)),
    ("had a numb toe last year, it's fine now", (N, R)),
    ("years ago I had burning feet", (N, R)),
    ("my toes were numb yesterday, it's gone now", (N, R)),
    ("I had some tingling this morning. It went away after an hour.", (N, R)),
    ("feet ok. no pain. tingling gone.", (N,)),
    ("the tingling went away completely", (N, R)),
    ("as a kid I had clawed toes but they were fixed", (N, R)),
    ("I used to have pain here, not any more", (N, S)),
]

FIGURATIVE: list[Case] = [
    ("the towel is blue and soft", (N,)),
    ("I picked up 20 blue marbles", (N,)),
    ("I used the red band today", (N,)),
    ("I'm dead tired after work", (N,)),
    ("you're killing it, thanks bot", (N,)),
    ("bored numb by the towel scrunches haha", (N,)),
    ("this drill is mind-numbing", (N,)),
    ("no pain no gain right", (N,)),
    ("the marble one is a pain in the neck", (N, S)),
    ("I'm on pins and needles waiting for my scan results", (N,)),
    ("feeling blue today, but I did the drill", (N,)),
    ("burning calories with these exercises lol", (N,)),
    ("I'm getting cold feet about the resistance band", (N,)),
    ("out of the blue my toe control got better", (N,)),
    ("I can't wait for the next level", (N,)),
    ("the mat is black and slippery", (N,)),
    ("could be worse, could be raining", (N,)),
]


@pytest.mark.parametrize(
    ("text", "accept"),
    EVERYDAY + NORMAL_TRAINING_STATE + NEGATED + HISTORY_AND_RESOLVED + FIGURATIVE,
)
def test_nothing_of_concern(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)


# --- stop: pain during or after an exercise, symptoms worse than before --------------------

STOP_CASES: list[Case] = [
    ("ouch, that hurt during the threading", (S,)),
    ("my toes cramp when I scrunch the towel", (S,)),
    ("the rotations are really painful", (S,)),
    ("it aches after the marble pick ups", (S,)),
    ("my big toe joint is sore", (S,)),
    ("it hurts if I spread my toes too wide", (S,)),
    ("when I spread them it hurts", (S,)),
    ("sharp twinge when I lift my big toe", (S,)),
    ("the stiffness is worse today", (S,)),
    ("it's not that bad, just a dull ache", (S,)),
    ("there's some discomfort in my forefoot after the traction", (S,)),
    ("the threading pinches a little", (S,)),
    ("stopped halfway, my toe joints were throbbing", (S,)),
    ("the pain isn't going away", (S,)),
    ("my toes are killing me after the drill", (S,)),
    ("my arch hurts more than yesterday after the band work", (S,)),
]


@pytest.mark.parametrize(("text", "accept"), STOP_CASES)
def test_pain_or_worsening_means_stop(text: str, accept: tuple[Level, ...]) -> None:
    result = check(text, accept)
    assert {"exercise_pain", "pain", "worsening"} & set(result.flags)


# --- routine: sensations, deformity, no improvement ----------------------------------------

SENSATION_CASES: list[Case] = [
    ("my big toe feels kind of numb", (R, U)),
    ("there's no feeling in my big toe", (R, U)),
    ("lost all feeling in my foot", (R, U)),
    ("reduced sensation in my toes", (R, U)),
    ("the sole of my foot feels like cotton wool", (R, U)),
    ("my foot has gone to sleep again", (R, U)),
    ("my toes feel like they belong to someone else", (R, U)),
    ("i cant feel my toes", (R, U)),
    ("toes r sooo numbbb", (R, U)),
    ("my toez r numbish rn", (R, U)),
    ("feels like ants crawling on my feet", (R, U)),
    ("it's like electricity shooting through my toes", (R, U)),
    ("random zaps in my toes", (R, U)),
    ("my heel is on fire at night", (R, U)),
    ("a burning sensation between my toes", (R, U)),
    ("pins n needles in my feet", (R, U)),
    ("feet tinglin all day", (R, U)),
    ("my toes feel weird and fizzy", (R, U)),
    ("shooting pain from my back down into my foot", (R, U)),
    ("my feet tingle when I walk", (R, U)),
    ("I think there might be a bit of numbness in my little toe", (R, U)),
    ("not sure, maybe some tingling in my toes?", (R, U)),
    ("my toes go numb during the threading", (R, U)),
    ("I have numbness and tingling in my hands and feet", (R, U)),
    ("the doctor said I have neuropathy in my feet", (R, U)),
    ("my foot doesn't feel right", (R, U)),
    ("numb no, tingly yes", (R, U)),
    ("my toes have lost their feeling", (R, U)),
    ("I can barely feel the floor under my foot", (R, U)),
    ("there's a numb patch on the top of my foot", (R, U)),
    ("my toes prickle", (R, U)),
    ("I get shocks in my toes at night", (R, U)),
    ("toes feel like they're being stabbed with needles", (R, U)),
    ("my feet feel like they're wrapped in cotton", (R, U)),
    ("it's like walking on pebbles but there's nothing there", (R, U)),
]

DEFORMITY_CASES: list[Case] = [
    ("my 2nd toe is starting to overlap my big toe", (R,)),
    ("my little toe curls under the 4th", (R,)),
    ("my toes are starting to claw", (R,)),
    ("my toes look more bent than before", (R,)),
    ("I think I'm getting a hammer toe", (R,)),
    ("there's a new bunion forming on my left foot", (R,)),
    ("my second toe now crosses over the big one", (R,)),
    ("my middle toe is sticking up", (R,)),
    ("my second toe is slowly going over my big toe", (R,)),
    ("toes overlap more than last month", (R,)),
    ("the 2nd toe sits on top now", (R,)),
    ("my toes bend down at the middle joint", (R,)),
]

NO_IMPROVEMENT_CASES: list[Case] = [
    ("been doing this 2 months and no progress at all", (R,)),
    ("two months of exercises and still the same", (R,)),
    ("12 weeks in and nothing has changed", (R,)),
    ("the exercises don't seem to help after seven weeks", (R,)),
    ("3 months of practice and my toes still don't lift alone", (N, R)),
    ("it's been two months and I'm not getting any better", (R,)),
]


@pytest.mark.parametrize(
    ("text", "accept"), SENSATION_CASES + DEFORMITY_CASES + NO_IMPROVEMENT_CASES
)
def test_routine_patterns(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)


def test_no_improvement_needs_six_weeks_when_a_duration_is_given() -> None:
    assert assess("it's been 3 weeks and no improvement", diabetes=False).level == N
    assert assess("it's been 6 weeks and no improvement", diabetes=False).level == R
    assert assess("no improvement at all", diabetes=False).level == R  # no duration: escalate


# --- urgent ------------------------------------------------------------------------------

SUDDEN_WEAKNESS_CASES: list[Case] = [
    ("my toes suddenly flop when I lift my foot", (U, E)),
    ("my big toe won't move since this morning", (U, E)),
    ("I lost strength in my big toe overnight", (U, E)),
    ("woke up and couldn't wiggle my toes", (U, E)),
    ("my foot drags when I walk since yesterday", (U, E)),
    ("I can't lift my big toe at all any more", (U, E)),
    ("my big toe suddenly stopped working", (U, E)),
    ("my toes have stopped moving", (U, E)),
    ("I can't move my toes", (U, E)),
    ("my toes don't move at all", (U, E)),
    ("my foot is floppy", (U, E)),
    ("my toes are paralysed", (U, E)),
    ("I can't bend my toes today", (U, E)),
    ("all of a sudden my toes went weak", (U, E)),
    ("my leg went limp", (U, E)),
    ("My big toe. I can't move it at all.", (U, E)),
    ("my big toe has felt weak since yesterday", (U, E)),
]


@pytest.mark.parametrize(("text", "accept"), SUDDEN_WEAKNESS_CASES)
def test_sudden_toe_weakness_is_urgent_at_least_and_asks_befast(
    text: str, accept: tuple[Level, ...]
) -> None:
    result = check(text, accept)
    assert result.follow_up == BEFAST


URGENT_CASES: list[Case] = [
    ("my toe is red, hot and puffy", (U, E)),
    ("there's pus coming out of the side of my nail", (U,)),
    ("the redness is spreading up my foot", (U,)),
    ("the wound on my heel is getting bigger", (U,)),
    ("my toe is swollen and warm", (U,)),
    ("my ingrown toenail is red and oozing", (U,)),
    ("my toe is infected I think", (U,)),
    ("my toes look pale and bluish", (U, E)),
    ("my toes feel weaker every week", (R, U)),
    ("big toe seems weaker than the other side", (R, U)),
    ("unbearable pain in my foot, can't put weight on it", (U, E)),
    ("the numbness is spreading up my leg", (U, E)),
    ("the tingling is getting worse", (R, U)),
    ("my toes went numb suddenly", (U, E)),
    ("my arm feels weak", (U, E)),
    ("I can't control my bladder", (U, E)),
    ("my legs are weak", (U, E)),
    ("my foot is swollen, red and warm to touch", (U, E)),
    ("a red line going up my leg from the cut", (U, E)),
    ("my toe is leaking yellow fluid", (U,)),
    ("my toes won't respond", (U, E)),
    ("I can't feel or move my toes", (U, E)),
]


@pytest.mark.parametrize(("text", "accept"), URGENT_CASES)
def test_urgent_patterns(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept)


# --- emergency ---------------------------------------------------------------------------

EMERGENCY_CASES: list[Case] = [
    # Stroke (BE-FAST)
    ("my face feels droopy on one side and my toes are weak", (E,)),
    ("I can't get my words out and my right foot went numb", (E,)),
    ("suddenly my whole left side went numb", (E,)),
    ("my left arm and leg went weak all of a sudden", (E,)),
    ("I think I'm having a stroke", (E,)),
    ("my smile looks lopsided and my foot won't move", (E,)),
    ("my speech is slurred and my toes feel weak", (E,)),
    ("my vision went blurry and my toes are tingling", (E,)),
    ("I feel dizzy and suddenly my foot is numb", (E,)),
    ("my face drooped for a few minutes earlier but it's fine now", (E,)),
    ("my mouth is drooping on one side", (E,)),
    ("half my face is numb", (E,)),
    ("my right arm is numb and so is my right leg", (E,)),
    ("my words are coming out wrong", (E,)),
    ("everything went blurry and my foot went numb", (E,)),
    # Spinal cord / cauda equina
    ("numbness between my legs and both legs feel weak", (E,)),
    ("I peed myself and my legs are numb", (E,)),
    ("I can't feel it when I wipe and my back hurts", (E,)),
    ("lost control of my bowels, my feet feel weird", (E,)),
    ("both feet suddenly won't move", (E,)),
    ("I suddenly can't move either foot", (E,)),
    ("my bottom feels numb and my legs are weak", (E,)),
    ("I'm numb in my saddle area", (E,)),
    ("I have bad back pain and I wet myself", (E,)),
    # Blood supply
    ("my big toe is ice cold and I can't feel it", (E,)),
    ("my toes went white and numb and they hurt", (E,)),
    ("my foot is blue and really painful", (E,)),
    ("my foot is cold and pale and I can't move my toes", (E,)),
    ("toes look dead and dark", (E,)),
    ("there's a black patch on my toe", (E,)),
    ("my foot is grey and cold and numb", (E,)),
    ("my toes turned dark blue and they're agony", (E,)),
    ("black skin on my heel", (E,)),
    ("the tip of my second toe has turned black", (E,)),
    # Infection with fever
    ("my foot is red and swollen and I'm shivering", (E,)),
    ("the cut on my toe is oozing and I have a high temperature", (E,)),
    ("my toe is swollen and hot and I feel really unwell and feverish", (E,)),
    ("the wound is red and I have chills", (E,)),
    # Never to be left unanswered
    ("I have chest pain and my feet are swollen", (E,)),
    ("I have no feeling in my legs and I can't pee", (E,)),
    ("tingling around my anus and I've wet myself", (E,)),
    ("my foot went cold and white suddenly and it hurts like hell", (E,)),
    ("my toes are pale and feel cold and tingly", (E,)),
    ("sudden confusion and my arm is weak", (E,)),
    ("my leg is weak and my face is numb", (E,)),
]


@pytest.mark.parametrize(("text", "accept"), EMERGENCY_CASES)
def test_emergency_patterns(text: str, accept: tuple[Level, ...]) -> None:
    result = check(text, accept)
    assert result.follow_up is None  # another sign decides: no BE-FAST questions


# --- diabetes: any new foot symptom is urgent ----------------------------------------------

DIABETES_NEW: list[Case] = [
    ("small cut on my big toe", (U,)),
    ("my feet are tingling", (U,)),
    ("noticed a callus under my foot", (U,)),
    # Blue, purple or grey toes may be a failing blood supply: emergency even without pain.
    ("my toe looks a bit purple", (U, E)),
    ("my heel hurts after the towel exercise", (U,)),
    ("ankle is a bit puffy today", (U,)),
    ("my toes feel cold", (U,)),
    ("I stubbed my toe and it's bruised", (U,)),
    ("the skin is cracked on my heel", (U,)),
    ("my foot feels a little warm", (U,)),
    ("a blister came up after barefoot walking", (U,)),
    ("my toes feel weaker than they did last week", (U,)),
    ("my second toe is starting to curl under", (U,)),
    ("my big toe nail looks black", (U, E)),
    ("a small cut from cutting my nails", (U,)),
    ("I noticed a crack between my toes", (U,)),
    ("my toes are a bit numb again", (U,)),
]

DIABETES_NOTHING_NEW: list[Case] = [
    ("checked my feet this morning, all fine", (N,)),
    ("no new cuts or sores", (N,)),
    ("the exercises went fine", (N,)),
    ("my toes are stiff", (N,)),
    ("I can't lift my 4th toe alone yet", (N,)),
    ("no change in my feet today", (N,)),
    ("my feet have been numb for years, nothing new", (R, U)),
]


@pytest.mark.parametrize(("text", "accept"), DIABETES_NEW)
def test_diabetes_and_a_new_foot_symptom_is_urgent(text: str, accept: tuple[Level, ...]) -> None:
    result = check(text, accept, diabetes=True)
    assert "diabetes_new_symptom" in result.flags


@pytest.mark.parametrize(("text", "accept"), DIABETES_NOTHING_NEW)
def test_diabetes_without_a_new_symptom(text: str, accept: tuple[Level, ...]) -> None:
    check(text, accept, diabetes=True)


@pytest.mark.parametrize(
    "text", ["my feet are tingling", "small cut on my big toe", "my toe looks a bit pale"]
)
def test_unknown_diabetes_status_escalates_like_diabetes(text: str) -> None:
    result = assess(text, diabetes=None)
    assert result.level == U
    assert "diabetes_unknown" in result.flags


def test_the_same_sentence_is_graded_by_diabetes() -> None:
    assert assess("my toes feel numb", diabetes=False).level == R
    assert assess("my toes feel numb", diabetes=True).level == U
    assert assess("slight ache after the towel work", diabetes=False).level == S
    assert assess("slight ache after the towel work", diabetes=True).level == U


# --- the API -----------------------------------------------------------------------------


def test_level_names_and_parsing() -> None:
    assert [lv.name_lower for lv in Level] == ["none", "stop", "routine", "urgent", "emergency"]
    assert str(Level.URGENT) == "urgent"
    assert f"{Level.STOP}" == "stop"
    assert Level.parse("Emergency") is Level.EMERGENCY
    assert Level.parse(" routine ") is Level.ROUTINE
    assert Level.parse(2) is Level.ROUTINE
    assert max(Level.STOP, Level.URGENT) is Level.URGENT
    with pytest.raises(ValueError, match="unknown level"):
        Level.parse("critical")


def test_assessment_shape() -> None:
    result = assess("my toes feel numb and my big toe is sore", diabetes=False)
    assert isinstance(result, Assessment)
    assert result.level == R
    assert result.flags == ("numbness", "pain")
    assert result.evidence == (
        Evidence("numbness", "my toes feel numb"),
        Evidence("pain", "my big toe is sore"),
    )
    assert result.follow_up is None
    assert result.info_only is False


def test_flags_are_known_and_ordered_by_seriousness() -> None:
    result = assess("my face is drooping, my toes are numb and my heel hurts", diabetes=True)
    assert set(result.flags) <= set(FLAGS)
    assert list(result.flags) == sorted(result.flags, key=FLAGS.index)
    assert result.flags[0] == "stroke_signs"
    assert [e.flag for e in result.evidence] == list(result.flags)


def test_empty_and_odd_input() -> None:
    for text in ["", "   ", "\n\n", "?!", "👍", "12345", "<b>hi</b>", "a" * 5000]:
        result = assess(text, diabetes=False)
        assert result.level == N
        assert result.flags == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("My Toes R Numb", "my toes are numb"),
        ("I cant feel it", "i can't feel it"),
        ("I can not feel it", "i can't feel it"),
        ("I cannot move", "i can't move"),
        ("don\u2019t", "don't"),
        ("pins n needles", "pins and needles"),
        ("sooooo numbbbb", "soo numbb"),
        ("toes   feel\tnumb", "toes feel numb"),
        ("feet tinglin", "feet tingling"),
        ("idk", "i don't know"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected
