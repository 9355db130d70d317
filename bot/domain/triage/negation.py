"""Negation, NegEx-style: a cue ("no", "not", "don't have") governs the symptoms after it up to
the clause end, a new subject or a contrast; "except" with only a place restores the symptom.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.document import WORD_RE, Doc, Mention

# Negation cues (NegEx-style). "no" is not a cue when it is an answer ("no, my toes are numb") or
# an idiom ("no idea"); "not" is not one in "not sure" (uncertainty counts as present) or
# "not too bad" (there is pain, it is mild). Auxiliary negations govern a symptom only through a
# verb of having or feeling: "I don't have any numbness", but not "I can't sleep for the pain".
_NEG_RE: Final = re.compile(
    r"\b(?:"
    r"no(?!\s*[,.!?:])(?!\s+(?:idea|problem|problems|worries|worry|matter|doubt|wonder|way|joke|"
    r"kidding|clue|rush)\b)"
    r"|not(?!\s+(?:sure|certain|only|just|quite|too|that|so|convinced|100|much|a lot|entirely|"
    r"always|until)\b)"
    r"|never|without|nor|neither|none|nothing|zero|free of|absence of|denies|deny"
    r"|(?:isn't|aren't|wasn't|weren't|ain't)"
    r"|(?:don't|doesn't|didn't|haven't|hasn't|hadn't|won't|can't|couldn't|wouldn't)"
    r"(?=(?:\s+(?:really|even|actually|ever|yet|currently|seem to|think i))?"
    r"\s+(?:have|has|had|feel|felt|get|got|notice|noticed|experience\w*|see|seen|suffer\w*|been|be|"
    r"seem|seems|appear|appears|look|looks|hurt\w*|ache|aching|tingl\w*|burn\w*|sting\w*|"
    r"throb\w*|swell\w*|bleed\w*|go numb|cramp\w*)\b)"
    r")\b"
)


# What ends a negation's scope inside a clause: a new subject, a contrast or a rewording.
# Chat often has no comma: in "no pain my toes are numb" the new subject ends the scope.
_SCOPE_END_RE: Final = re.compile(
    r"\b(?:my|the|his|her|both|all) (?:\w+ ){0,2}?(?:is|are|was|were|feels?|felt|looks?|went|"
    r"goes|go|keeps?|seems?|got|gets|has|have|tingles?|hurts?|burns?)\b"
    r"|\b(?:i|i'm|it|it's|they|they're)\b|"
    r"\b(?:and\s+(?:i|i'm|i've|my|it|it's|its|the|they|they're|there|now|then|also|this|that|"
    r"he|she|we)|which|who|because|since|so|then|just|only|rather|instead|more like|still|now)\b"
    r"|,\s*(?:and\s+)?(?:i|i'm|my|it|it's|the|they|there|now|then|also|this|just|only|more|rather|"
    r"still|toes?|foot|feet|legs?|heels?|soles?|ankles?|arms?|hands?|face|mouth)\b"
)


# A negative answer right after the symptom: "tingling? no", "numbness: none".
POST_NEG_RE: Final = re.compile(
    r"\s*[:?=-]*\s*(?:no|none|nope|nah|nil|not really|not at all|absent|zero|"
    r"0(?:/10)?)\s*(?:[,.;!]|$)"
)


_NEG_WINDOW: Final = 8  # words between a cue and the symptom it still governs


NO_NEGATION: Final = frozenset({"no_improvement", "no_change", "wound_worse"})


def negated(doc: Doc, m: Mention, others: list[Mention]) -> bool:
    """Is there a negation cue before the mention whose scope reaches it?"""
    cs, ce = doc.clauses[m.clause]
    for cue in _NEG_RE.finditer(doc.text, cs, ce):  # to the clause end: cues look ahead
        if cue.end() > m.start:
            break
        if any(
            o.start <= cue.start() < o.end
            for o in others
            if o is not m and o.concept not in NO_NEGATION
        ):
            continue  # the "can't" of "can't feel my foot" is a symptom, not a denial of the next
        between = doc.text[cue.end() : m.start]
        if not _SCOPE_END_RE.search(between) and len(WORD_RE.findall(between)) <= _NEG_WINDOW:
            return True
    return False


_EXCEPTION_RE: Final = re.compile(r"\b(?:except|apart from|other than|besides|aside from|save for)")


def excepted(doc: Doc, m: Mention, mentions: list[Mention]) -> bool:
    """ "No tingling except in my big toe": an exception that names only a place restores it."""
    ci = m.clause
    if ci + 1 >= len(doc.clauses):
        return False
    end, (ns, ne) = doc.clauses[ci][1], doc.clauses[ci + 1]
    if not _EXCEPTION_RE.search(doc.text, end, ns + 1) and not _EXCEPTION_RE.match(doc.text, ns):
        return False
    has_body = any(ns <= b.start < ne and b.region != "surface" for b in doc.bodies)
    return has_body and not any(ns <= o.start < ne for o in mentions)
