"""Failing safe: a message about the patient's own foot, toes, legs or skin changing or feeling
wrong that no rule places gets the structured check-in (``Assessment.ask``), never silence.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.context import other_person
from bot.domain.triage.cues import CHRONIC_RE, COLOUR_CAUSE_RE, USUAL_RE
from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.hypothetical import hypothetical
from bot.domain.triage.mentions import locate
from bot.domain.triage.negation import negated

# The patient's own foot, toes, legs or skin told as changed, looking or feeling wrong, in words
# no rule places ("my big toe looks weird", "something's not right with my foot", "the skin on
# my heel has gone shiny"): the bot asks with the check-in rather than guess or stay silent.
UNCLEAR_RE: Final = re.compile(
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


def unclear(text: str, mentions: list[Mention], doc: Doc | None = None) -> bool:
    """Does an unplaced change or odd feeling of the patient's own foot stand in the text?"""
    doc = doc if doc is not None else Doc(text)
    if not doc.bodies:
        return False
    for cue in UNCLEAR_RE.finditer(text):
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
