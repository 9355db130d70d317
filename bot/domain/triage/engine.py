"""Red-flag triage of a patient's free-text chat message: pure, rule based, standard library only.

A tiny clinical NLP pipeline, in the order `assess` runs it:

1. `normalising`: lower case, Unicode quotes and dashes, chat spellings ("r", "cant", "pins n
   needles"), runs of repeated letters ("sooo") cut to two. Offsets refer to this text.
2. `figurative`: figurative uses ("numb with boredom", "the towel is blue", "no pain no gain") are
   blanked out with spaces of the same length, so nothing else moves.
3. `document`: sentences (". ! ? ; newline") and clauses (those plus "but", "though", "except",
   "however", "yet" ...); a clause is the scope of a negation, a sentence the scope of a time cue.
4. `mentions`: the concept lexicons (`lexicon`, `body`) find symptom mentions.
5. `context`: negation (NegEx-style, forward scope to the clause end), history and resolution
   unless brought back ("still", "again", "today"), hypothetical, someone else as the experiencer,
   body location, onset ("suddenly", "overnight").
6. `rules`: SAFETY.md's pattern table turns the surviving mentions plus the diabetes answer into a
   level, one function per family; the highest rule wins. Under-triage is the dangerous error, so
   the rules lean upwards. A change no rule places gets the check-in (`rules.unclear`).

Uncertainty ("maybe", "a bit", "not sure") is deliberately not a context: it counts as present.

Choices where SAFETY.md leaves room, all towards the safe side:
- ``diabetes=None`` (not answered) is treated like ``True``, under its own flag
  ``diabetes_unknown``.
- Sudden weakness or paralysis of the toes with no other sign is "urgent at least, ask BE-FAST";
  a sudden onset or a complete loss of movement is graded emergency (clinicians accept it) and
  ``follow_up`` still asks the BE-FAST questions; partial weakness of recent onset is urgent.
- A face droop, paralysis or bladder trouble that "went away" still counts (a passing attack
  needs the same call); only a distant past ("years ago", "used to") switches it off.
- Chest pain, breathing trouble and collapse are not in the foot table, but are never left
  unanswered (``general_emergency``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Final

from bot.domain.triage.assessment import BEFAST, FLAG_RANK, FLAGS, Assessment, Evidence, Level
from bot.domain.triage.body import BOTH_RE, SMALL_TOE_RE
from bot.domain.triage.context import apply_context, other_person
from bot.domain.triage.cues import (
    BRUISE_RE,
    CHRONIC_RE,
    COLOUR_CAUSE_RE,
    EXERCISE_NAMED_RE,
    EXERCISE_RE,
    GOOD_FEELING_RE,
    GRADUAL_RE,
    IMPROVING_RE,
    ISOLATION_RE,
    LOSS_RE,
    OTHER_CONDITION_RE,
    PROGRESS_CONTEXT_RE,
    RECURRENT_RE,
    SUDDEN_STRONG_RE,
    SUDDEN_WEAK_RE,
    USUAL_RE,
    WEAKENING_RE,
    WORSENING_RE,
)
from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.fever import fever_numbers
from bot.domain.triage.figurative import FIGURATIVE_RE, blank
from bot.domain.triage.hypothetical import SIGNS_QUESTION_RE, hypothetical
from bot.domain.triage.lang import detect, gloss
from bot.domain.triage.lexicon import ALIASES, NEEDS_BODY
from bot.domain.triage.mentions import attached, find_mentions, locate
from bot.domain.triage.negation import negated
from bot.domain.triage.normalising import DIGIT_RE, normalise
from bot.domain.triage.people import diabetes_in_text, named_patient

__all__ = [
    "BEFAST",
    "FLAGS",
    "Assessment",
    "Evidence",
    "Level",
    "assess",
    "normalise",
]


@dataclass(slots=True)
class _Verdict:
    level: Level = Level.NONE
    flags: dict[str, Mention] = field(default_factory=dict)
    # The highest level reached by anything that is not a reason to ask BE-FAST, and whether
    # something is: the questions are asked only when no other sign already decides.
    other_level: Level = Level.NONE
    befast: bool = False

    def hit(self, flag: str, level: Level, m: Mention, *, befast: bool = False) -> None:
        self.level = max(self.level, level)
        self.flags.setdefault(flag, m)
        if befast:
            self.befast = True
        else:
            self.other_level = max(self.other_level, level)

    @property
    def follow_up(self) -> str | None:
        return BEFAST if self.befast and self.other_level < Level.EMERGENCY else None


_WEAK_CONCEPTS: Final = ("weak_total", "weak_train", "weak_partial")


# "my left hand is clumsy and my left foot feels like wood": one side of the body.
_SAME_SIDE_RE: Final = re.compile(
    r"\b(left|right) (?:hand|arm|fingers|face|side)\b.*\b\1 (?:foot|leg|toes?|side)\b"
    r"|\b(left|right) (?:foot|leg|toes?)\b.*\b\2 (?:hand|arm|fingers|face)\b"
    r"|\b(?:same side|one side|down one side|whole (?:left|right) side)\b"
)


_HAND_AND_FOOT_RE: Final = re.compile(r"\b(?:hand|arm)s?\b.*\b(?:foot|leg|toes?)\b")


_SPREAD_CUE_RE: Final = re.compile(
    r"\b(?:wider|bigger|larger|spreading|spreads|spread|growing|grown|grows|extending|creeping|"
    r"crept|(?:each|every) (?:day|time)|getting worse|worse (?:each|every|by the)|doubled|tripled|"
    r"twice the size)\b"
)


_STILL_RE: Final = re.compile(r"\bstill\b")


_STREAK_RE: Final = re.compile(r"\b(?:streaks?|lines?|tracks?|tracking)\b")


_CYANOSIS_RE: Final = re.compile(r"(?:blu|purpl|grey|gray|mottled|dusky|ashen)")


# Pain or tingling running from the buttock down one leg (sciatica) is not saddle numbness.
_RADIATING_RE: Final = re.compile(
    r"\b(?:from|in) (?:my |the )?(?:bum|buttocks?|bottom|butt|backside|hip|"
    r"lower back) (?:\w+ ){0,4}?"
    r"(?:down|into|to|through)\b"
)


# Forms of "no change" that only mean a stalled programme when weeks are named.
_WEAK_STALL_RE: Final = re.compile(r"nothing$|.*\bmove\b|.*baseline|(?:\w+ )*exactly the same$")


_NOT_FOOT_REGIONS: Final = frozenset({"elsewhere", "hand", "arm", "face"})


_GROWTH_RE: Final = re.compile(
    r"\b(?:getting (?:bigger|larger|worse)|grow(?:s|ing|n)?|bigger|larger|swelling up|"
    r"sticking out more)\b"
)


# Right after "bunion": "'s getting bigger", "is new", "has appeared".
_SHAPE_CHANGE_RE: Final = re.compile(
    r"(?:'s|s)? (?:is |are |has |have |seems to be |looks |has been )?(?:getting|grown|growing|"
    r"bigger|worse|new|forming|developing|appeared|changed|changing|started)\b"
)


_LIMB_REGIONS: Final = frozenset({"toe", "foot", "leg", "nail", None})


_CENTRAL_REGIONS: Final = frozenset({"arm", "face", "side"})


def _real_weakness(doc: Doc, ms: list[Mention]) -> list[Mention]:
    """Weakness mentions that are not the exercises' normal starting state."""
    out = []
    for m in ms:
        loss = (
            doc.cue(LOSS_RE, m.sentence)
            or doc.cue(SUDDEN_STRONG_RE, m.sentence)
            or doc.cue(SUDDEN_WEAK_RE, m.sentence)
        )
        if m.region is None and not doc.cue(SUDDEN_STRONG_RE, m.sentence):
            continue  # "I can't move my appointment", "I feel weak today": not a foot sign
        if m.region in _CENTRAL_REGIONS:
            out.append(m)
        elif m.concept == "weak_partial" and (
            doc.cue(CHRONIC_RE, m.sentence) or doc.cue(USUAL_RE, m.sentence)
        ):
            continue  # "legs a bit heavy, normal for me after a long one"
        elif m.concept == "weak_partial":
            # "I feel weak today", with no body part, is not a foot sign; "suddenly weak" is.
            # "The weak toes are getting stronger" is the training working.
            if doc.cue(IMPROVING_RE, m.sentence) and not doc.cue(SUDDEN_STRONG_RE, m.sentence):
                continue
            out.append(m)
        elif m.concept == "weak_train":
            # "can't lift my toes any more", not "can't lift my 4th toe alone"; the loss cue in
            # the same clause ("no difference at all, toes still won't spread" is no loss).
            cs, ce = doc.clauses[m.clause]
            # The stretch between commas around the mention, so "no difference at all, toes
            # still won't spread" does not lend its "at all" to the trained difficulty.
            left = doc.text.rfind(",", cs, m.start)
            right = doc.text.find(",", m.end, ce)
            clause = doc.text[left + 1 if left >= 0 else cs : right if right >= 0 else ce]
            sudden = SUDDEN_STRONG_RE.search(clause) or doc.cue(SUDDEN_WEAK_RE, m.sentence)
            if _STILL_RE.search(clause) and not sudden:
                continue  # "8 weeks and I still can't spread my toes at all": never could
            if LOSS_RE.search(clause) or sudden:
                out.append(m)
        else:
            small_toe = (
                m.body is not None
                and not m.body.plural
                and SMALL_TOE_RE.search(doc.text, m.body.start, m.body.end + 1) is not None
            )
            if loss or not (small_toe or doc.cue(ISOLATION_RE, m.sentence)):
                out.append(m)
    return out


def _decide(doc: Doc, live: list[Mention], diabetes: bool | None) -> _Verdict:
    v = _Verdict()
    if COLOUR_CAUSE_RE.search(doc.text):
        # A colour with a harmless cause named ("it's nail polish") is not a colour change.
        live = [m for m in live if m.concept not in {"pale", "black", "red"}]
    elif BRUISE_RE.search(doc.text):
        live = [m for m in live if m.concept not in {"pale", "red"}]
    by: dict[str, list[Mention]] = {}
    for m in live:
        by.setdefault(m.concept, []).append(m)

    def get(*concepts: str) -> list[Mention]:
        return [m for c in concepts if c in by for m in by[c]]

    def any_of(*concepts: str) -> bool:
        return any(c in by for c in concepts)

    def strong_sudden(m: Mention) -> bool:
        return doc.cue(SUDDEN_STRONG_RE, m.sentence)

    def any_sudden(m: Mention) -> bool:
        return strong_sudden(m) or doc.cue(SUDDEN_WEAK_RE, m.sentence)

    def both(m: Mention) -> bool:
        return (m.body is not None and m.body.plural) or bool(
            BOTH_RE.search(doc.clause_text(m.clause))
        )

    weakness = _real_weakness(doc, get(*_WEAK_CONCEPTS))
    # With a vision, speech or face sign, even "can't lift my toe" is a weakness sign.
    if any_of("vision", "speech", "face"):
        weakness += [
            m for m in get("weak_train") if m not in weakness and m.region in _LIMB_REGIONS
        ]
    sensory = get("numb", "abnormal") + [
        m for m in get("odd_sensation") if not doc.cue(GOOD_FEELING_RE, m.sentence)
    ]
    neuro = weakness + sensory

    # Stroke (BE-FAST): face, speech, one side -> emergency; an arm, vision or balance on its
    # own is urgent and the BE-FAST questions decide.
    for m in get("general_emergency"):
        v.hit("general_emergency", Level.EMERGENCY, m)
    for m in get("face", "speech", "stroke_word"):
        v.hit("stroke_signs", Level.EMERGENCY, m)
    for m in neuro:
        sentence_regions = doc.sentence_regions(m.sentence)
        if m.clause_regions & {"face", "side"}:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        elif (sentence_regions & {"hand", "arm"} or _HAND_AND_FOOT_RE.search(doc.text)) and (
            m.region in _LIMB_REGIONS
            and (strong_sudden(m) or "side" in sentence_regions or _SAME_SIDE_RE.search(doc.text))
        ):
            # "my foot feels like someone else's and so does my hand, same side": one side.
            v.hit("stroke_signs", Level.EMERGENCY, m)
        elif "arm" in m.clause_regions or (m.region == "hand" and strong_sudden(m)):
            # An arm with a leg ("my right arm and leg are numb") is one side of the body.
            if (
                any_sudden(m)
                or len({x.region for x in neuro}) > 1
                or m.clause_regions & _LIMB_REGIONS
            ):
                v.hit("stroke_signs", Level.EMERGENCY, m)
            else:
                v.hit("arm_symptoms", Level.URGENT, m, befast=True)
    for m in get("arm_weak"):
        # A hand that drops the cup or an arm that will not lift: with any other neurological
        # sign, or of sudden onset, one side of the body is failing.
        if neuro or "stroke_signs" in v.flags or any_sudden(m):
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("arm_symptoms", Level.URGENT, m, befast=True)
    for m in get("vision"):
        if strong_sudden(m) or neuro:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("vision_change", Level.URGENT, m, befast=True)
    for m in get("balance"):
        if doc.cue(EXERCISE_NAMED_RE, m.sentence) and not strong_sudden(m):
            continue  # a wobble in single-leg work is part of the training
        if strong_sudden(m) or neuro:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("balance", Level.ROUTINE, m)

    # Cauda equina: saddle numbness; bladder or bowel trouble with leg signs or back pain;
    # sudden inability to move both feet.
    for m in get("saddle") + [
        m for m in sensory if m.region == "groin" and not _RADIATING_RE.search(doc.text)
    ]:
        v.hit("cauda_equina", Level.EMERGENCY, m)
    leg_signs = [m for m in neuro if m.region in _LIMB_REGIONS]
    back_pain = [m for m in get("pain", "severe_pain") if m.region == "back"]
    for m in get("bladder"):
        if leg_signs or back_pain:
            v.hit("cauda_equina", Level.EMERGENCY, m)
        else:
            v.hit("bladder_bowel", Level.URGENT, m, befast=True)
    bilateral = [m for m in weakness if m.region in {"leg", "foot"} and both(m)]
    for m in bilateral:
        # Both legs weak: an emergency when total or of recent onset ("since this morning").
        if m.concept != "weak_partial" or any_sudden(m):
            v.hit("both_legs", Level.EMERGENCY, m)
        else:
            v.hit("both_legs", Level.URGENT, m, befast=True)
    for m in sensory:
        if m.region == "leg" and both(m):
            v.hit("both_legs", Level.URGENT, m, befast=True)

    # Circulation: cold, pale, blue or black with pain, numbness or weakness; black at any time.
    if any_of("no_pulse", "black", "pale", "cold"):
        for m in get("no_pulse"):
            v.hit("ischaemia", Level.EMERGENCY, m)
        for m in get("black"):
            if m.region == "nail":
                v.hit("colour_change", Level.ROUTINE, m)
            else:
                v.hit("gangrene", Level.EMERGENCY, m)
        partner = get("pain", "severe_pain", "numb", "abnormal") or [
            m for m in weakness if m.region in _LIMB_REGIONS
        ]
        # Cold and a pale, blue or grey colour together are two signs of a lost blood supply.
        pale_limb = [m for m in get("pale") if m.region != "nail"]
        if pale_limb and "cold" in by:
            partner = partner or pale_limb
        for m in get("pale", "cold"):
            if partner:
                v.hit("ischaemia", Level.EMERGENCY, m)
            elif (
                m.concept == "pale"
                and m.region != "nail"
                and _CYANOSIS_RE.match(doc.text, m.start)
                and not doc.cue(CHRONIC_RE, m.sentence)
            ):
                # Blue, purple, grey or mottled toes: the blood supply may be failing even
                # without pain; under-triage is the dangerous error.
                v.hit("ischaemia", Level.EMERGENCY, m)
            elif m.concept == "pale":
                # A nail, or a known lifelong pattern ("purple in winter since I was a kid,
                # diagnosed Raynaud's"), needs a look; a new colour change needs one today.
                known = m.region == "nail" or doc.cue(CHRONIC_RE, m.sentence)
                if m.region == "nail" and (
                    doc.cue(CHRONIC_RE, m.sentence) or doc.cue(OTHER_CONDITION_RE, m.sentence)
                ):
                    continue  # "yellow nails for years, GP said fungal": known and looked at
                v.hit("colour_change", Level.ROUTINE if known else Level.URGENT, m)

    # Infection: local signs with fever, shivering or confusion -> emergency; pus, spreading
    # redness, a wound getting worse, or two of red/hot/swollen -> urgent.
    local = get(
        "pus", "infected", "spreading", "wound_worse", "red", "hot", "swollen", "wound", "ulcer"
    )
    if local:
        if "fever" in by:
            v.hit("infection_systemic", Level.EMERGENCY, local[0])
        grows = [
            m for m in local if _SPREAD_CUE_RE.search(doc.sentence_text(m.sentence)) is not None
        ]
        if grows and "wound_worse" not in by and "spreading" not in by:
            # "a ring of red round the blister, wider each time I check": growing, in any words.
            v.hit("infection_local", Level.URGENT, grows[0])
        for m in get("pus", "infected", "spreading", "wound_worse"):
            # A red streak tracking up from a wound is infection on the move: emergency.
            streak = m.concept == "spreading" and _STREAK_RE.search(doc.text, m.start, m.end)
            v.hit("infection_local", Level.EMERGENCY if streak else Level.URGENT, m)
        signs = [
            m
            for m in get("red", "hot", "swollen")
            if not (m.region in _NOT_FOOT_REGIONS and m.body and abs(m.body.start - m.start) < 24)
        ]
        if len({m.concept for m in signs}) >= 2:
            v.hit("infection_local", Level.URGENT, signs[0])
        elif "infection_local" not in v.flags:
            # One sign alone needs a look; warmth alone (a walk, a bath) does not.
            for m in signs:
                if m.concept != "hot":
                    v.hit("inflammation", Level.ROUTINE, m)
        for m in get("ulcer"):
            v.hit("skin_wound", Level.ROUTINE, m)

    # Weakness of the toes, a foot or one leg. SAFETY.md: sudden weakness or paralysis with no
    # other sign is "urgent at least" and the BE-FAST questions decide; clinicians accept
    # emergency for it, and under-triage is the dangerous error, so a sudden onset or a complete
    # loss of movement is graded emergency (with the questions still asked). A recent onset of
    # partial weakness ("weak since yesterday") is urgent; worsening weakness urgent; plain
    # weakness routine.
    # An onset told in another sentence of the message: "started after my shower".
    onset = (
        SUDDEN_STRONG_RE.search(doc.text) is not None or SUDDEN_WEAK_RE.search(doc.text) is not None
    )
    for m in weakness:
        if m.region not in _LIMB_REGIONS or m in bilateral:
            continue
        gradual = doc.cue(GRADUAL_RE, m.sentence) or (
            doc.cue(RECURRENT_RE, m.sentence) and not any_sudden(m) and not onset
        )
        total = m.concept != "weak_partial"
        leg = m.region == "leg"
        sudden_flag = "leg_weakness_sudden" if leg else "toe_weakness_sudden"
        if strong_sudden(m) or (total and not gradual):
            v.hit(sudden_flag, Level.EMERGENCY, m, befast=True)
        elif not gradual and (any_sudden(m) or doc.cue(LOSS_RE, m.sentence)):
            v.hit(sudden_flag, Level.URGENT, m, befast=True)
        elif total or doc.cue(WEAKENING_RE, m.sentence) or doc.cue(LOSS_RE, m.sentence):
            # Weaker over weeks, or a lost ability ("can no longer rise onto my toes"): urgent.
            v.hit("leg_weakness" if leg else "toe_weakness", Level.URGENT, m)
        else:
            v.hit("leg_weakness" if leg else "toe_weakness", Level.ROUTINE, m)

    # Numbness, tingling, burning, electric sensations into the foot: routine at least.
    for m in sensory:
        if m.region not in _LIMB_REGIONS and not m.clause_regions & _LIMB_REGIONS:
            continue  # "tingling in my hands" alone is not a foot sign
        if (
            m.region in _NOT_FOOT_REGIONS
            and m.body is not None
            and abs(m.body.start - m.start) < 16
        ):
            continue  # "my brain went numb counting reps", "the burns on my hands": not the feet
        flag = "numbness" if m.concept == "numb" else "abnormal_sensation"
        if strong_sudden(m):
            v.hit(flag, Level.URGENT, m, befast=True)
        elif WORSENING_RE.search(doc.clause_text(m.clause)):
            v.hit(flag, Level.URGENT, m)
        else:
            v.hit(flag, Level.ROUTINE, m)

    # Visible new deformity; no improvement after 6-8 weeks.
    for m in get("deformity"):
        if not doc.cue(CHRONIC_RE, m.sentence):  # "always been crooked, born like that"
            v.hit("deformity", Level.ROUTINE, m)
    for m in get("bunion", "lump"):
        # A bunion or a lump that is growing; "my bunion aches more" is pain, not a new shape.
        if (
            _GROWTH_RE.search(doc.sentence_text(m.sentence))
            or _SHAPE_CHANGE_RE.match(doc.text, m.end)
            or doc.text.startswith(("new ", "growing "), m.start)
        ):
            v.hit("deformity", Level.ROUTINE, m)
    stalled = [m for m in get("no_improvement") if not doc.cue(USUAL_RE, m.sentence)]
    if "no_change" in by and PROGRESS_CONTEXT_RE.search(doc.text):
        stalled += [
            m
            for m in get("no_change")
            if not doc.cue(USUAL_RE, m.sentence) and not doc.cue(OTHER_CONDITION_RE, m.sentence)
        ]
    if "worse" in by and not get("pain", "severe_pain"):
        # "2 months in and my toes are worse at moving": function, not pain, over weeks.
        weeks_worse = doc.weeks()
        if weeks_worse and max(weeks_worse) >= 6:
            stalled += get("worse")
            del by["worse"]
    normal_state = [m for m in get(*_WEAK_CONCEPTS) if m not in weakness]
    if stalled or normal_state:
        weeks = doc.weeks()
        if weeks and max(weeks) >= 6:
            # "3 months and my toes still don't lift alone": the normal start state, months on.
            stalled += normal_state
        if not weeks:
            # Without a duration: "nothing." alone says little, and "no better" next to pain
            # is the pain (stop), not a stalled programme.
            stalled = [
                m
                for m in stalled
                if m.concept != "no_change"
                and not _WEAK_STALL_RE.match(doc.text[m.start : m.end])
                and not get("pain", "severe_pain")
            ]
        if stalled and (not weeks or max(weeks) >= 6):
            v.hit("no_improvement", Level.ROUTINE, stalled[0])

    # Pain during or after an exercise, symptoms worse than before -> stop.
    for m in get("severe_pain"):
        if doc.cue(EXERCISE_NAMED_RE, m.sentence):
            v.hit("exercise_pain", Level.STOP, m)
        else:
            v.hit("severe_pain", Level.URGENT, m)
    for m in get("pain"):
        # "the threading hurt my fingers": said of a hand, not a foot sign.
        if m.region in _NOT_FOOT_REGIONS and m.body is not None and abs(m.body.start - m.end) < 6:
            continue
        if m.region != "elsewhere":
            exercise = doc.cue(EXERCISE_RE, m.sentence)
            if not exercise and doc.cue(CHRONIC_RE, m.sentence):
                continue  # "cramp at night since I was pregnant 20 years ago, nothing new"
            v.hit("exercise_pain" if exercise else "pain", Level.STOP, m)
    for m in get("worse"):
        v.hit("worsening", Level.STOP, m)

    # Diabetes and any new foot symptom -> urgent (NICE NG19). Unknown status counts as yes.
    if diabetes is not False:
        flag = "diabetes_new_symptom" if diabetes else "diabetes_unknown"
        for m in live:
            if m.concept not in _FOOT_SYMPTOMS or m.region not in _FOOT_REGIONS:
                continue
            if m.concept in _WEAK_CONCEPTS and m not in weakness:
                continue
            if m.concept == "odd_sensation" and m not in sensory:
                continue
            if m.concept in {"bunion", "lump"} and "deformity" not in v.flags:
                continue
            if not doc.cue(CHRONIC_RE, m.sentence):
                v.hit(flag, Level.URGENT, m)
    return v


# Concepts that are a "new foot symptom" for a patient with diabetes (NICE NG19).
_FOOT_SYMPTOMS: Final = frozenset(
    {
        "numb",
        "abnormal",
        "odd_sensation",
        "weak_partial",
        "weak_total",
        "weak_train",
        "wound",
        "ulcer",
        "wound_worse",
        "red",
        "hot",
        "swollen",
        "pale",
        "cold",
        "black",
        "deformity",
        "bunion",
        "lump",
        "pain",
        "severe_pain",
        "worse",
        "pus",
        "infected",
        "spreading",
    }
)


_FOOT_REGIONS: Final = frozenset({"toe", "foot", "leg", "nail", "surface", None})


# Concepts whose evidence is the phrase itself, never widened to a nearby body word.
_OWN_WORDS: Final = frozenset(
    {
        "speech",
        "stroke_word",
        "bladder",
        "no_improvement",
        "no_change",
        "vision",
        "balance",
        "fever",
        "face",
        "saddle",
    }
)


def _evidence_words(doc: Doc, norm: str, m: Mention) -> str:
    start, end = m.start, m.end
    b = m.body
    if b is not None and m.concept not in _OWN_WORDS:
        lo, hi = min(start, b.start), max(end, b.end)
        gap = abs(doc.word_index(b.start) - doc.word_index(m.start))
        if gap <= 5 and " and " not in norm[lo:hi]:
            start, end = lo, hi
            if norm[max(0, start - 3) : start] == "my ":
                start -= 3
    return " ".join(norm[start:end].split())[:80]


def assess(text: str, *, diabetes: bool | None) -> Assessment:
    """Triage one chat message. ``diabetes`` None (unknown) is treated like True, flagged apart."""
    language, mixed = detect(text)
    if language != "en":
        return replace(_assess(gloss(text, language), diabetes), language=language)
    english = _assess(text, diabetes)
    if mixed is None or english.level is Level.EMERGENCY:
        return english
    # Code-mixed chat ("probably nothing pero siento toques eléctricos"): read it both ways and
    # keep the more serious reading; an English reply still fits.
    other = _assess(gloss(text, mixed), diabetes)
    return other if (other.level, other.ask) > (english.level, english.ask) else english


def _assess(text: str, diabetes: bool | None) -> Assessment:
    norm = normalise(text)
    blanked = FIGURATIVE_RE.sub(blank, norm)
    mentions = find_mentions(blanked)
    if DIGIT_RE.search(blanked):
        mentions += [Mention("fever", a, b) for a, b in fever_numbers(blanked)]
        mentions.sort(key=lambda m: m.start)
    signs_question = SIGNS_QUESTION_RE.search(norm) is not None
    if not mentions:
        ask = _unclear(blanked, []) if _UNCLEAR_RE.search(blanked) else False
        return Assessment(Level.NONE, (), (), None, signs_question and not ask, ask=ask)
    doc = Doc(blanked)
    if not doc.caregiver and named_patient(text):
        doc.caregiver = True
    if diabetes is not True and diabetes_in_text(norm, caregiver=doc.caregiver):
        diabetes = True
    for m in mentions:
        m.clause = doc.clause_of(m.start)
        m.sentence = doc.sentence_of(m.start)
        locate(doc, m)
        m.unattached = m.concept in NEEDS_BODY and not attached(doc, m)
        m.concept = ALIASES.get(m.concept, m.concept)
    apply_context(doc, mentions)
    verdict = _decide(doc, [m for m in mentions if m.live], diabetes)
    flags = tuple(sorted(verdict.flags, key=FLAG_RANK.__getitem__))
    evidence = tuple(
        Evidence(flag, _evidence_words(doc, norm, verdict.flags[flag])) for flag in flags
    )
    follow_up = verdict.follow_up
    ask = (
        verdict.level == Level.NONE
        and _UNCLEAR_RE.search(blanked) is not None
        and _unclear(blanked, mentions, doc)
    )
    info_only = not ask and (
        verdict.level == Level.NONE
        and (signs_question or any(m.hypothetical or m.other_person for m in mentions))
    )
    return Assessment(verdict.level, flags, evidence, follow_up, info_only, ask=ask)


# The patient's own foot, toes, legs or skin told as changed, looking or feeling wrong, in words
# no rule places ("my big toe looks weird", "something's not right with my foot", "the skin on
# my heel has gone shiny"): the bot asks with the check-in rather than guess or stay silent.
_UNCLEAR_RE: Final = re.compile(
    r"\b(?:(?:feel|feels|felt|feeling|look|looks|looked|looking|seem|seems|gone|went|turned|"
    r"turning|going|getting|got|is|are|'s)(?: \w+){0,2}? (?:weird|strange|funny|odd|off|wrong|"
    r"different|not right|not normal|unusual|horrible|awful|bad|worrying|shiny|waxy|hard|"
    r"tight|puffy|lumpy|bumpy|wrinkly|scaly|flaky|thin|a (?:funny|weird|strange|odd|different) "
    r"colou?r|not (?:the same|my own|itself|themselves))"
    r"|(?:something|summat|sth)(?:'s| is)? (?:(?:not|isn't|ain't) right|wrong|off|up|going on|"
    r"weird|strange)"
    r"|(?:not|isn't|aren't|ain't) (?:right|normal|itself|themselves)|(?:has|have|'s|'ve) changed|"
    r"changing|"
    r"(?:new|odd|weird|strange|funny) (?:feeling|sensation|mark|spot|patch|colou?r|thing|lump)|"
    r"worried about (?:my|the) (?:\w+ )?(?:toes?|foot|feet|legs?|skin|heels?|soles?|nails?))\b"
)


_UNCLEAR_BODY: Final = frozenset({"toe", "foot", "leg", "nail", "surface"})


# Good changes the patient reports ("feels different, looser", "in a good way") need no check.
_UNCLEAR_GOOD_RE: Final = re.compile(
    r"\b(?:in a good way|good|great|nice|lovely|better|looser|lighter|freer|relaxed|fine|"
    r"stronger|easier|amazing|brilliant|happy|progress|improv\w*|loosen\w*|warm and|alive)\b"
)


def _unclear(text: str, mentions: list[Mention], doc: Doc | None = None) -> bool:
    """Does an unplaced change or odd feeling of the patient's own foot stand in the text?"""
    doc = doc if doc is not None else Doc(text)
    if not doc.bodies:
        return False
    for cue in _UNCLEAR_RE.finditer(text):
        probe = Mention("unclear", cue.start(), cue.end())
        probe.clause = doc.clause_of(probe.start)
        probe.sentence = doc.sentence_of(probe.start)
        locate(doc, probe)
        sentence = doc.sentence_text(probe.sentence)
        regions = {
            b.region
            for b in doc.bodies
            if b.start >= doc.sentences[probe.sentence][0]
            and b.start < doc.sentences[probe.sentence][1]
        }
        if not regions & _UNCLEAR_BODY or _UNCLEAR_GOOD_RE.search(sentence):
            continue
        if COLOUR_CAUSE_RE.search(sentence):
            continue
        if negated(doc, probe, mentions) or hypothetical(doc, probe) or other_person(doc, probe):
            continue
        if doc.cue(CHRONIC_RE, probe.sentence) or doc.cue(USUAL_RE, probe.sentence):
            continue
        return True
    return False
