"""Step 5 of triage: each mention marked negated, historical, resolved, hypothetical or someone
else's, from the cues in `negation`, `history`, `hypothetical` and `people`.
"""

from __future__ import annotations

from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.history import mark_time
from bot.domain.triage.hypothetical import MINE_TOO_RE, hypothetical
from bot.domain.triage.negation import NO_NEGATION, POST_NEG_RE, excepted, negated
from bot.domain.triage.people import (
    AGENT_RE,
    ASKED_OF_RE,
    OTHER_PERSON_RE,
    REPORTED_SELF_RE,
    REPORTER_RE,
    SELF_RE,
)


def apply_context(doc: Doc, mentions: list[Mention]) -> None:
    """Mark every mention: historical or resolved, negated, hypothetical, someone else's."""
    mark_time(doc, mentions)
    for m in mentions:
        if m.concept not in NO_NEGATION:
            m.negated = negated(doc, m, mentions) or POST_NEG_RE.match(doc.text, m.end) is not None
            if m.negated and excepted(doc, m, mentions):
                m.negated = False
        m.hypothetical = hypothetical(doc, m)
        m.other_person = other_person(doc, m)
    if MINE_TOO_RE.search(doc.text):
        # "would someone's toes go numb during the circles? cos mine kinda do": it is theirs.
        for m in mentions:
            m.hypothetical = m.other_person = False


def other_person(doc: Doc, m: Mention) -> bool:
    """Is the nearest experiencer before the mention someone else ("my mum", "her toes")?"""
    if doc.caregiver:
        return False  # someone writing for the patient: "he" and "she" are the patient
    prefix = doc.text[doc.sentences[m.sentence][0] : m.start]
    others = [
        (o.start(), o.end())
        for o in OTHER_PERSON_RE.finditer(prefix)
        if not (REPORTER_RE.match(prefix, o.end()) and REPORTED_SELF_RE.search(prefix, o.end()))
        and not ASKED_OF_RE.search(prefix, 0, o.start())
        and not AGENT_RE.search(prefix, 0, o.start())
    ]
    if not others:
        return False
    last_self = -1
    for s in SELF_RE.finditer(prefix):
        if not any(a <= s.start() < b for a, b in others):
            last_self = s.start()
    return others[-1][0] > last_self
