"""What an ordinary chat message is about, once triage has found nothing to act on.

`read(text, context=...)` returns one `Intent`: a greeting, thanks, a report of exercises
done, normal progress, normal difficulty, a symptom said to be absent ("no numbness today"),
a drill command typed during a drill or the self-test ("next", "repeat", "skip", "stop"), a
question about the exercises, or unknown. Rules, not a model: the messages are short and
the intents few, so word lists and a handful of patterns read them in microseconds and can
be explained line by line. Pure, standard library only.

Triage (`bot.domain.triage`) always reads a message first; this module never lowers what
triage said, it only chooses the friendly answer when triage said nothing. So a pattern
here may be generous ("stiff" is normal difficulty) because a stiff toe that is a warning
sign has already been caught upstream.

Precedence, most specific first: a drill command (only while a drill or self-test is
open, and only when the whole message is the command), a question, progress, difficulty,
a negated symptom, a done report, thanks, a greeting. A message that mixes two gets the
one that asks more of the reply: "done, that was easier today" is progress, "no pain, just
stiff" difficulty, "thanks, but how often?" a question. `tests/data/intents.jsonl` is the
labelled set these rules are measured on (`python -m bot.tools.intents_eval`).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

__all__ = ["Context", "DrillCommand", "Intent", "IntentKind", "read"]


class IntentKind(enum.StrEnum):
    """The intents this module tells apart; the value is the label in the test set."""

    GREETING = "greeting"
    THANKS = "thanks"
    DONE_REPORT = "done_report"
    PROGRESS_NORMAL = "progress_normal"
    DIFFICULTY_NORMAL = "difficulty_normal"
    NEGATED_SYMPTOM = "negated_symptom"
    DRILL_COMMAND = "drill_command"
    QUESTION = "question"
    UNKNOWN = "unknown"


class Context(enum.StrEnum):
    """What the patient has open: nothing, a guided drill, or the self-test."""

    IDLE = "idle"
    DRILL = "drill"
    SELFTEST = "selftest"


class DrillCommand(enum.StrEnum):
    """A typed drill command, meaning the button of the same name ("done" is next)."""

    NEXT = "next"
    REPEAT = "repeat"
    SKIP = "skip"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class Intent:
    """One message's intent; `command` is set exactly when the kind is DRILL_COMMAND."""

    kind: IntentKind
    command: DrillCommand | None = None


_UNKNOWN: Final = Intent(IntentKind.UNKNOWN)


def _set(words: str) -> frozenset[str]:
    # Word lists are written as prose-like strings: easier to read and extend than literals.
    return frozenset(words.split())


# --- normalising -------------------------------------------------------------------------

# Emoji that say a word; others are dropped. Variation selectors go with the rest.
_EMOJI_WORDS: Final = {
    "👋": " hello ",
    "🙏": " thanks ",
    "✅": " done ",
    "✔": " done ",
    "☑": " done ",
    "🆗": " ok ",
}
_EMOJI_RE: Final = re.compile("|".join(map(re.escape, _EMOJI_WORDS)))
_APOSTROPHES: Final = str.maketrans({"'": None, "’": None, "‘": None, "`": None, "´": None})
_WORD_RE: Final = re.compile(r"[a-z0-9]+")
# "thanksss", "hiiii", "soooo": three or more of a letter become two, so "good" survives.
_REPEATS_RE: Final = re.compile(r"([a-z])\1{2,}")


def _words(text: str) -> tuple[list[str], bool]:
    """The message's lower-case words (apostrophes dropped: "can't" is "cant") and "?"."""
    text = unicodedata.normalize("NFKC", text).lower()
    asked = "?" in text or "？" in text
    text = _EMOJI_RE.sub(lambda m: _EMOJI_WORDS[m.group()], text).translate(_APOSTROPHES)
    text = _REPEATS_RE.sub(r"\1\1", text)
    return _WORD_RE.findall(text), asked


# --- drill commands ----------------------------------------------------------------------

_COMMAND_WORDS: Final = {
    "next": DrillCommand.NEXT,
    "nxt": DrillCommand.NEXT,
    "nex": DrillCommand.NEXT,
    "done": DrillCommand.NEXT,
    "dun": DrillCommand.NEXT,
    "finished": DrillCommand.NEXT,
    "finish": DrillCommand.NEXT,
    "continue": DrillCommand.NEXT,
    "on": DrillCommand.NEXT,  # "go on", "move on", "carry on"
    "forward": DrillCommand.NEXT,
    "repeat": DrillCommand.REPEAT,
    "again": DrillCommand.REPEAT,
    "redo": DrillCommand.REPEAT,
    "more": DrillCommand.REPEAT,  # "once more", "one more time"
    "skip": DrillCommand.SKIP,
    "pass": DrillCommand.SKIP,
    "stop": DrillCommand.STOP,
    "pause": DrillCommand.STOP,
    "quit": DrillCommand.STOP,
    "enough": DrillCommand.STOP,
    "cancel": DrillCommand.STOP,
}
# Words that may surround a command without changing it ("ok next please", "can we skip
# this one"). Anything else makes the message more than a command, read as chat.
_COMMAND_FILLERS: Final = _set(
    "ok okay k please pls plz now lets let us go we can could i want to the this that one it "
    "step exercise a just im and then yes yep yeah right move carry once time all "
    "for today here"
)


def _command(words: list[str]) -> DrillCommand | None:
    found: set[DrillCommand] = set()
    for word in words:
        command = _COMMAND_WORDS.get(word)
        if command is not None:
            found.add(command)
        elif word not in _COMMAND_FILLERS:
            return None
    # "next, repeat" names two buttons: not one to press.
    return found.pop() if len(found) == 1 else None


# --- questions ---------------------------------------------------------------------------

_WH: Final = _set("why how what when where which who whats hows whys wat y")
_AUX: Final = _set("is are can could should do does will would shall may am was must isnt arent")
# An auxiliary opens a question only before its subject: "can I ..." asks, "can only get my
# fingertips in" tells.
_SUBJECTS: Final = _set(
    "i you u we it this that these those there my the they he she your toe toes any"
)
_GREETING_QUESTIONS: Final = re.compile(
    r"\b(?:how (?:are|r) (?:you|u|ya)|hows it going|how is it going|whats up|sup|wassup)\b"
)
_INDIRECT_QUESTION: Final = re.compile(
    r"\b(?:i wonder|i was wondering|wondering (?:if|whether|how|why)|not sure (?:if|whether|how)"
    r"|any tips|tell me (?:why|how|what|when)|(?:please )?explain)\b"
)


def _is_question(words: list[str], joined: str, asked: bool) -> bool:
    if asked:
        return True
    first = words[0]
    if first in _WH:
        return True
    if first in _AUX and len(words) > 1 and words[1] in _SUBJECTS:
        return True
    return _INDIRECT_QUESTION.search(joined) is not None


# --- negated symptoms --------------------------------------------------------------------

_SYMPTOM: Final = (
    r"(?:numb\w*|tingl\w*|pins and needles|pain\w*|hurt\w*|sore\w*|ach(?:e|es|ing|y)"
    r"|burn\w*|cramp\w*|swell\w*|swollen|zaps?|electric\w*|throb\w*|shooting|fizz\w*)"
)
_NEGATED_RE: Final = re.compile(
    r"\b(?:no|not|zero|without|nothing|none|never|didnt|dont|doesnt|wasnt|isnt|arent|werent"
    r"|havent|hasnt|cant feel any)\b(?: \w+){0,3}? " + _SYMPTOM + r"\b"
    r"|\bnothing (?:hurt\w*|ach\w*)\b"
    r"|\b" + _SYMPTOM + r" (?:\w+ )?(?:has |have |is |are )?(?:gone|went away|disappeared)\b"
    r"|\b(?:pain|numbness|tingling|symptom) free\b|\bpainless\b"
)


# --- progress, difficulty, done ----------------------------------------------------------

_LIFT: Final = r"(?:lift\w*|rais\w*|mov\w*|go(?:es)?|come\w* up|stay\w* (?:down|flat))"
_ALONE: Final = (
    r"(?:alone|by (?:it|them)sel(?:f|ves)|on (?:its|their) own|independently|separately)"
)
_NOT_ABLE: Final = r"(?:cant|cannot|couldnt|wont|doesnt|dont|unable|not able|never|still not)"
_PROGRESS_RE: Final = re.compile(
    r"\b(?:easier|easy|better|bettr|beter|improv\w*|progress\w*|feels? (?:good|great)"
    r"|looser|loosening|less stiff|more flexible|smoother|more smoothly|stronger|steadier"
    r"|more control|getting there|catching up|deeper|first time|finally|breakthrough"
    r"|(?:can|could) now|now (?:it |they )?(?:can|lifts?|moves?|stays?|goes)"
    r"|managed to (?:lift|keep|move|get)"
    r"|(?:could|can) (?!only)(?:now |finally |actually |even )?(?:keep|lift|hold|raise) (?:\w+ )?"
    r"(?:other|others|toes?|big|little|second|third|fourth|2nd|3rd|4th|5th|it|them))\b"
    r"|\b" + _LIFT + r" (?:\w+ ){0,2}?" + _ALONE + r"(?: \w+){0,2} now\b"
    r"|\bstay\w* down now\b"
)
_NO_PROGRESS_RE: Final = re.compile(
    r"\b(?:not|no|isnt|hardly|never) (?:\w+ )?(?:easier|easy|better|improv\w*|progress\w*)\b"
    r"|\b" + _NOT_ABLE + r"\b"
)
_DIFFICULTY_RE: Final = re.compile(
    r"\b(?:stiff\w*|tight|not (?:\w+ )?easy|hard(?! (?:day|week|time|work))|harder"
    r"|difficult\w*|tricky|struggl\w*"
    r"|clumsy|awkward|frustrat\w*|annoying|impossible|tough"
    r"|slipp\w*|rolling away|keeps? (?:slipping|rolling|falling)"
    r"|mind of (?:its|their) own|only (?:get|manage|fit|lift|move)\w*"
    r"|(?:always|still|keeps?) (?:\w+ )?(?:comes?|moves?|follows?|drags?|lifts?|go|goes|pops?) up"
    r"|(?:go|goes|move|moves|come|comes|lift|lifts)(?: up)? together"
    r"|(?:come|comes|move|moves|goes|go|drags?|lift|lifts) (?:up )?(?:\w+ )?with (?:it|them|the)"
    r"|drags?|others? follow)\b"
    r"|\b" + _NOT_ABLE + r" (?:seem to |quite |really |yet )?"
    r"(?:lift|isolate|keep|get|move|raise|separate|hold|do|manage|go|stay)\b"
)
_DONE_RE: Final = re.compile(
    r"\b(?:done|dun|finished|finish|completed|complete|did (?!not|nothing|none|you|u )\w+"
    r"|just did|managed (?:all|them|it|both|to do)|ticked off)\b"
)
_NOT_DONE_RE: Final = re.compile(
    r"\b(?:not|havent|hasnt|didnt|never|wasnt|werent|arent|isnt|almost|nearly|will|ill|gonna"
    r"|going to|later|tonight|tomorrow)\b(?: \w+){0,2}? ?"
    r"(?:done|dun|finished|finish|completed|complete|did|do)\b"
    r"|\b(?:not|none) (?:\w+ )?yet\b|\bdone with (?:you|this|it)\b"
    r"|\b(?:finished|done|completed) (?:reading|watching|work|eating|dinner|the (?:faq|article))\b"
    r"|\bdid(?:nt)? (?:not|nothing|none)\b"
)


# --- thanks and greetings ----------------------------------------------------------------

_THANKS: Final = _set(
    "thanks thank thankyou thx thnx tnx thanx ty tysm tyvm cheers ta appreciate appreciated "
    "thankss grateful merci"
)
_NOT_THANKS_RE: Final = re.compile(r"\bno thank(?:s|you| you)\b|\bthanks? (?:you )?for nothing\b")
_GREETINGS: Final = _set(
    "hi hii hello helo hallo hullo hey heya hiya yo howdy morning evening afternoon gm "
    "greetings hola sup"
)
# Stretched greetings ("helloo", "heyy", "hiii" after the repeats are cut to two).
_GREETING_WORD_RE: Final = re.compile(r"h+e+l+o+|hi+|he+y+|hiy+a+|yo+")
_GREETING_PHRASE_RE: Final = re.compile(r"\bgood (?:morning|afternoon|evening|day)\b")
_SHORT: Final = 8  # a greeting or thanks with more than this many words says something else


def read(text: str, *, context: Context | str = Context.IDLE) -> Intent:
    """The intent of one chat message that triage found nothing in.

    `context` says whether a drill or the self-test is open: only then can a message be a
    drill command ("done" typed with no drill open is a done report).
    """
    words, asked = _words(text)
    if not words:
        return _UNKNOWN
    if Context(context) is not Context.IDLE:
        command = _command(words)
        if command is not None:
            return Intent(IntentKind.DRILL_COMMAND, command)
    joined = " ".join(words)
    # "hey, how are you?" is a greeting, not a question about the exercises.
    plain = _GREETING_QUESTIONS.sub(" ", joined).split()
    greeted = len(plain) != len(words)
    if plain and _is_question(plain, " ".join(plain), asked and not greeted):
        return Intent(IntentKind.QUESTION)
    if _PROGRESS_RE.search(joined) and not _NO_PROGRESS_RE.search(joined):
        return Intent(IntentKind.PROGRESS_NORMAL)
    if _DIFFICULTY_RE.search(joined):
        return Intent(IntentKind.DIFFICULTY_NORMAL)
    if _NEGATED_RE.search(joined):
        return Intent(IntentKind.NEGATED_SYMPTOM)
    if _DONE_RE.search(joined) and not _NOT_DONE_RE.search(joined):
        return Intent(IntentKind.DONE_REPORT)
    if _THANKS.intersection(words) and not _NOT_THANKS_RE.search(joined):
        return Intent(IntentKind.THANKS)
    if len(words) <= _SHORT and (
        words[0] in _GREETINGS
        or _GREETING_WORD_RE.fullmatch(words[0])
        or greeted
        or _GREETING_PHRASE_RE.search(joined)
    ):
        return Intent(IntentKind.GREETING)
    return _UNKNOWN
