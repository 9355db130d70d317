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

from dataclasses import replace
from typing import Final

from bot.domain.triage.assessment import BEFAST, FLAG_RANK, FLAGS, Assessment, Evidence, Level
from bot.domain.triage.context import apply_context
from bot.domain.triage.document import Doc, Mention
from bot.domain.triage.fever import fever_numbers
from bot.domain.triage.figurative import FIGURATIVE_RE, blank
from bot.domain.triage.hypothetical import SIGNS_QUESTION_RE
from bot.domain.triage.lang import detect, gloss
from bot.domain.triage.lexicon import ALIASES, NEEDS_BODY
from bot.domain.triage.mentions import attached, find_mentions, locate
from bot.domain.triage.normalising import DIGIT_RE, normalise
from bot.domain.triage.people import diabetes_in_text, named_patient
from bot.domain.triage.rules import decide
from bot.domain.triage.rules.unclear import UNCLEAR_RE, unclear

__all__ = [
    "BEFAST",
    "FLAGS",
    "Assessment",
    "Evidence",
    "Level",
    "assess",
    "normalise",
]


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
        ask = unclear(blanked, []) if UNCLEAR_RE.search(blanked) else False
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
    verdict = decide(doc, [m for m in mentions if m.live], diabetes)
    flags = tuple(sorted(verdict.flags, key=FLAG_RANK.__getitem__))
    evidence = tuple(
        Evidence(flag, _evidence_words(doc, norm, verdict.flags[flag])) for flag in flags
    )
    follow_up = verdict.follow_up
    ask = (
        verdict.level == Level.NONE
        and UNCLEAR_RE.search(blanked) is not None
        and unclear(blanked, mentions, doc)
    )
    info_only = not ask and (
        verdict.level == Level.NONE
        and (signs_question or any(m.hypothetical or m.other_person for m in mentions))
    )
    return Assessment(verdict.level, flags, evidence, follow_up, info_only, ask=ask)
