"""Weakness of the toes, a foot or a leg, told apart from the exercises' normal starting state
("can't lift my 4th toe alone yet"): sudden or total -> emergency, recent or worsening ->
urgent, plain -> routine.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.assessment import Level
from bot.domain.triage.body import SMALL_TOE_RE
from bot.domain.triage.cues import (
    CHRONIC_RE,
    GRADUAL_RE,
    IMPROVING_RE,
    ISOLATION_RE,
    LOSS_RE,
    RECURRENT_RE,
    SUDDEN_STRONG_RE,
    SUDDEN_WEAK_RE,
    USUAL_RE,
    WEAKENING_RE,
)
from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.rules.facts import LIMB_REGIONS, Facts, Verdict, any_sudden, strong_sudden

_STILL_RE: Final = re.compile(r"\bstill\b")


_CENTRAL_REGIONS: Final = frozenset({"arm", "face", "side"})


def real_weakness(doc: Doc, ms: list[Mention]) -> list[Mention]:
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
        gradual = doc.cue(GRADUAL_RE, m.sentence) or (
            doc.cue(RECURRENT_RE, m.sentence) and not any_sudden(doc, m) and not onset
        )
        total = m.concept != "weak_partial"
        leg = m.region == "leg"
        sudden_flag = "leg_weakness_sudden" if leg else "toe_weakness_sudden"
        if strong_sudden(doc, m) or (total and not gradual):
            v.hit(sudden_flag, Level.EMERGENCY, m, befast=True)
        elif not gradual and (any_sudden(doc, m) or doc.cue(LOSS_RE, m.sentence)):
            v.hit(sudden_flag, Level.URGENT, m, befast=True)
        elif total or doc.cue(WEAKENING_RE, m.sentence) or doc.cue(LOSS_RE, m.sentence):
            # Weaker over weeks, or a lost ability ("can no longer rise onto my toes"): urgent.
            v.hit("leg_weakness" if leg else "toe_weakness", Level.URGENT, m)
        else:
            v.hit("leg_weakness" if leg else "toe_weakness", Level.ROUTINE, m)
