"""Time: past episodes ("years ago", "used to") and resolutions ("it's gone now") switch a
symptom off, unless "still", "again", "today" bring it back; some signs stay on even when
they passed (a face that drooped and recovered).
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.cues import EXERCISE_NAMED_RE
from bot.domain.triage.document import WORD_RE, Doc, Mention
from bot.domain.triage.mentions import PRONOUN_RE

# Past episodes that are over. Plain "had" is not enough ("I had pain during the rotations"
# is today's report): a distant time or "used to" is needed.
_HISTORY_RE: Final = re.compile(
    r"\b(?:(?<!n't )(?<!never )(?<!not )used to(?! (?:be able|lift|move|wiggle|bend|spread|do|"
    r"manage|work|walk|grip|hold|"
    r"pick|curl|raise|feel|stand|balance|reach))|before i (?:started|began|joined)|years? ago|"
    r"(?:a |my )?history of|"
    r"months ago|long ago|a long time ago|ages ago|decades ago|"
    r"(?<!\bthan )(?<!\bto )(?<!\bsince )(?<!\bthe )(?<!\bthis )last (?:year|month|summer|winter|"
    r"spring|"
    r"autumn|fall)|"
    r"(?:in|during) (?:the past|my pregnancy|pregnancy|my twenties|my thirties|childhood)|"
    r"during (?:my )?pregnan\w*|"
    r"when i was (?:younger|a (?:kid|child|teen\w*|baby)|pregnant|young|little|at school)|"
    r"as a (?:kid|child|teen\w*|baby)|previously|in the past|once had|back then|back in \d{4}|"
    r"in (?:19|20)\d\d)\b"
)


# Over now. "gone" only when nothing follows that makes it "gone numb".
_RESOLVED_RE: Final = re.compile(
    r"\b(?:(?<!day )(?<!week )(?<!month )gone(?=\s*$|\s*[,.!?]|\s+(?:away|now|completely|totally|"
    r"for good|since|already|and|so|thank|thanks|today)\b)|went away|go(?:es)? away|going away|"
    r"disappeared|resolved|"
    r"cleared(?: up)?|settled(?: down)?|subsided|wore off|worn off|fad(?:ed|es|ing)(?: away)?|"
    r"healed"
    r"|(?:it|it's|they|they've|has|have|had|pain|numbness|tingling|burning|swelling|symptoms?)"
    r"\s+(?:has |have |had )?stopped(?! moving| working| responding)"
    r"|not any more|no (?:longer|more)|none (?:now|any more|today|since)"
    r"|(?<!yesterday )(?<!before )(?<!earlier )(?:fine|ok|okay|normal|back to normal|all good|"
    r"all gone) (?:now|again|today)"
    r"|now (?:it's |they're |it is |they are |all )?(?:fine|ok|okay|normal|gone)"
    r"|back to normal"
    r"|(?:went|passed|wore off|eased)(?: away| off)? (?:after|in|within) (?:a |an |about |"
    r"\d+ |a few |few |a couple of |like )?(?:minutes?|mins?|seconds?|secs?|moments?|bit|while)"
    r"|came back (?:as soon as|once|when|after|within|in (?:a|\d))"
    r"|(?:feeling|sensation|colou?r) (?:has |had )?(?:came|come|coming) back"
    r"|warmed (?:up|back up)|(?:pink|normal) again"
    r"|(?:today|now)(?: \w+)? (?:fine|ok|okay|good|great|normal|better|grand)"
    r"|(?:today|now) nothing|nothing (?:today|now)|(?:much |far |a lot |way )?(?:less|fewer|rarer|"
    r"better) (?:since|now|than before)|(?:fine|ok|okay|normal|gone) (?:again )?(?:a|an|one|\d+) "
    r"(?:minute|min|second|moment)s? later|shook it (?:out|off)|(?:gone|went|going) (?:right |"
    r"all the way )?down|(?:pain|it|soreness|swelling)(?:'s| is|"
    r" has)? "
    r"(?:gone |come )?down (?:from|to)|(?:pain|soreness|it) (?:is |has been )?(?:easing|improving|"
    r"reduced|less)"
    r"|gone (?:for )?(?:over |more than |about )?(?:a|an|one|two|\d+) (?:years?|months?|weeks?)"
    r"|(?:it's|they're|it is|they are) (?:\w+ )?(?:straight|fixed|sorted|corrected|fine|normal|"
    r"healed|better) (?:now|again))\b"
)


# A resolution that is itself negated is no resolution: "hasn't gone away", "won't go away".
_NEGATED_RESOLUTION_RE: Final = re.compile(r"(?:n't|\bnot|\bnever|\bno)\s+(?:\w+\s+)?(?:\w+\s+)?$")


# These words neutralise "now"/"today" as bring-back cues ("none now", "better today").
_NOT_BACK_RE: Final = re.compile(
    r"\b(?:none|gone|fine|ok|okay|better|good|great|normal|healed) (?:now|today|again)\b"
    r"|\bnow (?:it's |they're |it is |they are |i'm |all )?(?:fine|ok|okay|normal|gone|good|"
    r"better)\b"
    r"|\b(?:today|now|tonight|this (?:morning|week)) (?:was|is|has been|i'm|i am|i feel|feels?|"
    r"they're|it's|all) (?:\w+ )?(?:fine|ok|okay|good|great|normal|better|grand|perfect)\b"
    # "never since", "no problems since": the time word says it has not come back.
    r"|\b(?:never|not|none|nothing|no (?:problems?|issues?|trouble|bother)|fine|ok|okay|good|"
    r"clear) (?:ever )?since\b|\bnow nothing\b|\bnothing now\b"
    r"|\b(?:haven't|hasn't|not|never) (?:had|felt|noticed|got|seen) (?:it|them|that|any|one|a "
    r"thing)? ?since\b|\b(?:any more|no more|no longer) since\b"
    r"|\b(?:gone|disappeared|cleared|stopped|healed|settled|fine|better|"
    r"sorted)(?: \w+){0,2}? since\b"
    r"|\bgone (?:for )?(?:over |more than |about )?(?:a|an|one|two|\d+) (?:years?|months?|weeks?)\b"
    r"|\btoday,? (?:\w+ )?(?:totally |all |completely )?(?:fine|ok|okay|good|great|normal|better)\b"
    # A question about what to do now is not the symptom now: "can I start the bands now?"
    r"|\b(?:can|could|should|may|shall) i (?:\w+ ){1,5}?(?:now|today|again)\b"
)


# Brought back to the present: "still", "again", "since yesterday".
_BRING_BACK_RE: Final = re.compile(
    r"\b(?:still|again|since|today|tonight|now|keeps?|kept|came back|comes back|coming back|"
    r"returned|returning|is back|it's back|they're back|are back|recurr\w*|comes and goes|"
    r"on and off|every day|lately|recently|these days|this (?:week|morning|afternoon|evening)|"
    r"at the moment|currently|started again|starting again|started|began|begun|came on)\b"
)


# A comparison with the past is today's report: "curling more than they used to", "can't feel
# the marbles as well as I could last month". Blanked before history cues are looked for.
_COMPARISON_RE: Final = re.compile(
    r"\b(?:than|as|like)\b(?: [\w']+){0,4}? (?:used to|did|was|were|could|before|last (?:week|"
    r"month|year|time)|\w+ ago)\b(?: (?:last (?:week|month|year|summer|winter|spring|autumn)|"
    r"(?:a |\w+ )?(?:weeks?|months?|years?) ago|back then|before))?"
)


# Concepts that a resolution does not switch off: a face that drooped and recovered is still a
# warning (a transient attack needs the same call); history ("years ago") does switch them off.
_PERSISTENT: Final = frozenset(
    {
        "face",
        "speech",
        "vision",
        "stroke_word",
        "weak_total",
        "saddle",
        "bladder",
        "black",
        "no_pulse",
    }
)


# A clause about the sign just named, without naming it again: "back to normal colour".
_ABOUT_THEM_RE: Final = re.compile(
    r"\b(?:colou?r|feeling|sensation|skin|swelling|redness|normal|back to normal|fine|ok|okay)\b"
)


_SENSORY_CONCEPTS: Final = frozenset({"numb", "abnormal", "odd_sensation"})


# A sensation that comes with an action and passes each time is recurring, not over (redness
# that fades after an exercise is just that).
_HABITUAL_RE: Final = re.compile(r"\b(?:when(?:ever)?|every time|each time|always|often|after)\b")


_PASSES_RE: Final = re.compile(
    r"\b(?:goes|go|passes|wears off|settles|fades|disappears|stops|eases)(?: away| off| down)?\b"
)


def _resolution_in(text: str) -> bool:
    return any(
        not _NEGATED_RESOLUTION_RE.search(text[: r.start()][-24:])
        for r in _RESOLVED_RE.finditer(text)
    )


def _brought_back(text: str) -> bool:
    if _BRING_BACK_RE.search(text) is None:
        return False
    return _BRING_BACK_RE.search(_RESOLVED_RE.sub(" ", _NOT_BACK_RE.sub(" ", text))) is not None


def mark_time(doc: Doc, mentions: list[Mention]) -> None:
    """Mark mentions historical or resolved, clause by clause; a clause of its own about the
    last symptoms ("I had some tingling. It's gone now.") resolves or revives those."""
    by_clause: dict[int, list[Mention]] = {}
    for m in mentions:
        by_clause.setdefault(m.clause, []).append(m)
    previous: list[Mention] = []
    for ci in range(min(by_clause), len(doc.clauses)):
        here = by_clause.get(ci)
        if not here and not previous:
            continue
        text = doc.clause_text(ci)
        resolved = _resolution_in(text)
        back = _brought_back(text)
        if not here:
            if not _about_previous(doc, previous, text, resolved=resolved, back=back):
                previous = []  # something else was said in between: the link is lost
            continue
        _mark_clause(doc, here, text, resolved=resolved, back=back)
        previous = here


def _about_previous(
    doc: Doc, previous: list[Mention], text: str, *, resolved: bool, back: bool
) -> bool:
    """A clause without mentions that resolves or revives the previous ones ("it's gone now",
    "it went away, but now it's back"): mark them, and say whether it did."""
    about_them = (
        len(WORD_RE.findall(text)) <= 4
        # "- fades in a few minutes": a clause that opens on the resolution
        or (len(WORD_RE.findall(text)) <= 7 and _RESOLVED_RE.match(text.strip()) is not None)
        or PRONOUN_RE.search(text) is not None
        or _ABOUT_THEM_RE.search(text) is not None
    )
    if resolved and not back and about_them:
        for p in previous:
            # Pain in an exercise that then settled is still the signal to stop it.
            exercise_pain = (
                p.concept == "pain"
                and doc.cue(EXERCISE_NAMED_RE, p.sentence)
                and _NOT_BACK_RE.search(doc.text) is None
            )
            p.resolved = p.concept not in _PERSISTENT and not exercise_pain
        return True
    if back and not resolved:
        for p in previous:
            p.resolved = p.historical = False
        return True
    return False


def _mark_clause(doc: Doc, here: list[Mention], text: str, *, resolved: bool, back: bool) -> None:
    historical = not back and _HISTORY_RE.search(_COMPARISON_RE.sub(" ", text)) is not None
    if (
        resolved
        and _HABITUAL_RE.search(text)
        and _PASSES_RE.search(text)
        and any(m.concept in _SENSORY_CONCEPTS for m in here)
    ):
        # "tingling when I point my toes, goes away after 5 min": it comes back every time.
        resolved = False
    for m in here:
        m.historical = historical
        m.resolved = resolved and not back and m.concept not in _PERSISTENT
        if m.resolved and m.concept == "pain" and EXERCISE_NAMED_RE.search(text):
            # Pain that came with an exercise and settled is still the signal to stop it.
            m.resolved = historical or _NOT_BACK_RE.search(doc.text) is not None
