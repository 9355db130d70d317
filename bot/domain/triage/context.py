"""Step 5 of triage: each mention marked negated, historical, resolved, hypothetical or someone
else's, from the cues in `negation`, `history`, `hypothetical` and `people`.
"""

from __future__ import annotations

from bot.domain.triage.cues import EXERCISE_NAMED_RE
from bot.domain.triage.document import WORD_RE, Doc, Mention
from bot.domain.triage.history import (
    ABOUT_THEM_RE,
    COMPARISON_RE,
    HABITUAL_RE,
    HISTORY_RE,
    NOT_BACK_RE,
    PASSES_RE,
    PERSISTENT,
    RESOLVED_RE,
    SENSORY_CONCEPTS,
    brought_back,
    resolution_in,
)
from bot.domain.triage.hypothetical import MINE_TOO_RE, hypothetical
from bot.domain.triage.mentions import PRONOUN_RE
from bot.domain.triage.negation import NO_NEGATION, POST_NEG_RE, excepted, negated
from bot.domain.triage.people import (
    AGENT_RE,
    ASKED_OF_RE,
    OTHER_PERSON_RE,
    REPORTED_SELF_RE,
    REPORTER_RE,
    SELF_RE,
)


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


def apply_context(doc: Doc, mentions: list[Mention]) -> None:
    by_clause: dict[int, list[Mention]] = {}
    for m in mentions:
        by_clause.setdefault(m.clause, []).append(m)
    previous: list[Mention] = []
    for ci in range(min(by_clause), len(doc.clauses)):
        here = by_clause.get(ci)
        if not here and not previous:
            continue
        text = doc.clause_text(ci)
        resolved = resolution_in(text)
        back = brought_back(text)
        if not here:
            # A clause of its own about the last symptoms: "I had some tingling. It's gone now."
            # or "it went away, but now it's back".
            about_them = (
                len(WORD_RE.findall(text)) <= 4
                # "- fades in a few minutes": a clause that opens on the resolution
                or (len(WORD_RE.findall(text)) <= 7 and RESOLVED_RE.match(text.strip()) is not None)
                or PRONOUN_RE.search(text) is not None
                or ABOUT_THEM_RE.search(text) is not None
            )
            if resolved and not back and about_them:
                for p in previous:
                    # Pain in an exercise that then settled is still the signal to stop it.
                    exercise_pain = (
                        p.concept == "pain"
                        and doc.cue(EXERCISE_NAMED_RE, p.sentence)
                        and NOT_BACK_RE.search(doc.text) is None
                    )
                    p.resolved = p.concept not in PERSISTENT and not exercise_pain
            elif back and not resolved:
                for p in previous:
                    p.resolved = p.historical = False
            else:
                previous = []  # something else was said in between: the link is lost
            continue
        historical = not back and HISTORY_RE.search(COMPARISON_RE.sub(" ", text)) is not None
        if (
            resolved
            and HABITUAL_RE.search(text)
            and PASSES_RE.search(text)
            and any(m.concept in SENSORY_CONCEPTS for m in here)
        ):
            # "tingling when I point my toes, goes away after 5 min": it comes back every time.
            resolved = False
        for m in here:
            m.historical = historical
            m.resolved = resolved and not back and m.concept not in PERSISTENT
            if m.resolved and m.concept == "pain" and EXERCISE_NAMED_RE.search(text):
                # Pain that came with an exercise and settled is still the signal to stop it.
                m.resolved = historical or NOT_BACK_RE.search(doc.text) is not None
        previous = here
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
