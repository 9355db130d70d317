"""Weakness of the toes, a foot or a leg, told apart from the exercises' normal starting state
("can't lift my 4th toe alone yet"): sudden or total -> emergency, recent or worsening ->
urgent, plain -> routine.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.body import SMALL_TOE_RE
from bot.domain.triage.cues import CHRONIC_RE, SUDDEN_STRONG_RE, SUDDEN_WEAK_RE, USUAL_RE
from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.rules.facts import LIMB_REGIONS, Facts, Verdict, any_sudden, strong_sudden

# Loss of something the patient could do: for the exercise verbs this makes it weakness.
_LOSS_RE: Final = re.compile(
    r"\b(?:any more|no longer|at all|not even|used to be able|(?:like|as (?:well )?as) before|"
    r"fewer|less and less|fad(?:es|ing) out|gives? out|weaker and weaker|"
    r"(?:like|as) (?:it|they|i|he|she) "
    r"used to|as (?:well|much|high|far) as (?:before|it did|they did|i could|it could)|"
    r"lost (?:the |all |my |its )?(?:strength|power|ability|use|control|movement))\b"
)


_GRADUAL_RE: Final = re.compile(
    r"\b(?:gradually|slowly|little by little|bit by bit|over (?:the )?(?:(?:last|past) )?(?:few |"
    r"couple of |several |\d+ |many )?(?:months|weeks|years|time)|for (?:months|years|"
    r"a long time|ages)|always|since birth|all my life)\b"
)


# Repeated, not necessarily gradual: "keeps tripping", "kept folding". With an onset cue ("since
# this morning") it is a new weakness; without one it is not called sudden.
_RECURRENT_RE: Final = re.compile(r"\b(?:keeps?|kept|often|sometimes|usually|every time)\b")


# Isolation language: the training target, so "can't move my pinky by itself" is normal.
_ISOLATION_RE: Final = re.compile(
    r"\b(?:alone|by (?:it|them)sel(?:f|ves)|on (?:its|their) own|separately|independently|"
    r"individually|in isolation|isolat\w*|without the others|others? (?:follow|come|move|go|lift)|"
    r"(?:rest|other toes) (?:follow|come|move|go|lift)|yet)\b"
)


# Worse than before (not "weaker than the other foot", the usual difference between sides).
_WEAKENING_RE: Final = re.compile(
    r"\b(?:weaker (?:than (?:last|before|yesterday|it was|they were|usual|normal|a|\d|\w+ ago)|"
    r"every|each|by the|and weaker|now|lately|recently)|weakening|getting weak\w*|"
    r"losing (?:strength|power)|(?:more|even) weak\w*|(?:feels?|feel|felt|seems?|seem|are|is|"
    r"getting|"
    r"gone|going) weaker(?! than (?:the|my) (?:other|right|left))|(?:grown|grow(?:s|ing)?|got|"
    r"gotten|become|"
    r"becoming|became) weaker|worse (?:each|every|by the))\b"
)


_IMPROVING_RE: Final = re.compile(
    r"\b(?:stronger|improv\w*|getting better|better than (?:before|last)|progress\w*)\b"
)


_STILL_RE: Final = re.compile(r"\bstill\b")


_CENTRAL_REGIONS: Final = frozenset({"arm", "face", "side"})


def real_weakness(doc: Doc, ms: list[Mention]) -> list[Mention]:
    """Weakness mentions that are not the exercises' normal starting state."""
    out = []
    for m in ms:
        loss = (
            doc.cue(_LOSS_RE, m.sentence)
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
            if doc.cue(_IMPROVING_RE, m.sentence) and not doc.cue(SUDDEN_STRONG_RE, m.sentence):
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
            if _LOSS_RE.search(clause) or sudden:
                out.append(m)
        else:
            small_toe = (
                m.body is not None
                and not m.body.plural
                and SMALL_TOE_RE.search(doc.text, m.body.start, m.body.end + 1) is not None
            )
            if loss or not (small_toe or doc.cue(_ISOLATION_RE, m.sentence)):
                out.append(m)
    return out


def weakness_signs(facts: Facts, v: Verdict) -> None:
    """Weakness of the toes, a foot or one leg.

    SAFETY.md: sudden weakness or paralysis with no other sign is "urgent at least" and the
    BE-FAST questions decide; clinicians accept emergency for it, and under-triage is the
    dangerous error, so a sudden onset or a complete loss of movement is graded emergency (with
    the questions still asked). A recent onset of partial weakness ("weak since yesterday") is
    urgent; worsening weakness urgent; plain weakness routine.
    """
    doc = facts.doc
    # An onset told in another sentence of the message: "started after my shower".
    onset = (
        SUDDEN_STRONG_RE.search(doc.text) is not None or SUDDEN_WEAK_RE.search(doc.text) is not None
    )
    for m in facts.weakness:
        if m.region not in LIMB_REGIONS or m in facts.bilateral:
            continue
        gradual = doc.cue(_GRADUAL_RE, m.sentence) or (
            doc.cue(_RECURRENT_RE, m.sentence) and not any_sudden(doc, m) and not onset
        )
        total = m.concept != "weak_partial"
        leg = m.region == "leg"
        sudden_flag = "leg_weakness_sudden" if leg else "toe_weakness_sudden"
        if strong_sudden(doc, m) or (total and not gradual):
            v.hit(sudden_flag, Level.EMERGENCY, m, befast=True)
        elif not gradual and (any_sudden(doc, m) or doc.cue(_LOSS_RE, m.sentence)):
            v.hit(sudden_flag, Level.URGENT, m, befast=True)
        elif total or doc.cue(_WEAKENING_RE, m.sentence) or doc.cue(_LOSS_RE, m.sentence):
            # Weaker over weeks, or a lost ability ("can no longer rise onto my toes"): urgent.
            v.hit("leg_weakness" if leg else "toe_weakness", Level.URGENT, m)
        else:
            v.hit("leg_weakness" if leg else "toe_weakness", Level.ROUTINE, m)
