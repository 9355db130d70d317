"""Step 1 of triage: the text every rule reads (lower case, ASCII punctuation, canonical chat
spellings, typing slips and sound-alikes of the symptom words put right).

Offsets in every later step refer to this normalised text. The tables are in `spellings`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from bot.domain.triage.spellings import CHAR_MAP, CHAT_SPELLINGS, REAL_WORD_LIST, TYPO_WORDS

_CHAT_RE: Final = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(
        re.escape(k).replace(r"\ ", r"\s+") for k in sorted(CHAT_SPELLINGS, key=len, reverse=True)
    )
    + r")(?!\w|'(?!s\b))"
)


# A quote mark around words ("toes 'go to sleep'") is not an apostrophe: a space, so the
# quoted words are read as words.
_QUOTE_RE: Final = re.compile(r"(?<![a-z])'|'(?![a-z])|\"")


_REPEAT_RE: Final = re.compile(r"([a-z])\1{2,}")  # "sooo", "numbbb": three or more -> two


_SPACE_RE: Final = re.compile(r"[ \t\r\f\v]+")


def _chat_word(m: re.Match[str]) -> str:
    return CHAT_SPELLINGS[re.sub(r"\s+", " ", m.group(0))]


_TYPO_VOCABULARY: Final = frozenset(TYPO_WORDS.split())


_REAL_WORDS: Final = frozenset(REAL_WORD_LIST.split())


def _slips(word: str) -> set[str]:
    out = {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in _LETTERS}
    out |= {word[:i] + word[i + 1 :] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    out |= {word[:i] + word[i] + word[i:] for i in range(len(word))}
    return out


_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"


_TYPOS: Final[dict[str, str]] = {
    slip: word
    for word in _TYPO_VOCABULARY
    if len(word) >= 6
    for slip in _slips(word)
    if slip not in _REAL_WORDS and slip not in _TYPO_VOCABULARY
}


# Short words, where generated slips would hit real words: the common slips, one by one.
_TYPOS.update(
    {
        "nmb": "numb",
        "numm": "numb",
        "nunb": "numb",
        "mumb": "numb",
        "numbe": "numb",
        "nuumb": "numb",
        "nimb": "numb",
        "sweling": "swelling",
        "swolen": "swollen",
        "swolled": "swollen",
        "swolllen": "swollen",
        "pian": "pain",
        "painn": "pain",
        "blistr": "blister",
        "bistre": "blister",
        "brused": "bruised",
        "tinglin": "tingling",
        "blak": "black",
        "blck": "black",
        "balck": "black",
        "bluee": "blue",
        "tinglee": "tingly",
        "tinglign": "tingling",
    }
)


DIGIT_RE: Final = re.compile(r"\d")


_TYPO_RE: Final = re.compile(r"\b[a-z]{3,}\b")


# Dictation and typing slips that are real words elsewhere, so they are read as the symptom only
# where the symptom fits: "my tow" (toe), "is swallow and red" (swollen), "can't fill my toes"
# (feel), "tinkling" (a foot does not ring: tingling).
_SOUND_ALIKES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (
        re.compile(
            r"\b(my|big|little|small|baby|pinky|the|a|his|her|your|their|second|third|fourth|"
            r"fifth|middle|\d(?:st|nd|rd|th)|left|right|each|other|both|all|two|three|of) "
            r"tow(e?s)?\b"
        ),
        r"\1 toe\2",
    ),
    (re.compile(r"\btow ?nails?\b"), "toenail"),
    (re.compile(r"\btows\b(?= (?:are|is|feel|look|went|have|hurt|tingle))"), "toes"),
    (re.compile(r"\btinkl(e|es|ed|ing|y)\b"), r"tingl\1"),
    (
        re.compile(
            r"\b(is|are|looks?|feels?|got|gone|went|very|so|all|bit|and|really|still|getting|lil|"
            r"little|abit|slightly|kinda|kind of|quite) "
            r"swall?ow(?:ed|en|ing)?\b"
        ),
        r"\1 swollen",
    ),
    (re.compile(r"\b(can't|couldn't|don't|didn't|cannot|hardly|barely) fill\b"), r"\1 feel"),
    (re.compile(r"\bfeal(s|ing)?\b"), r"feel\1"),
    (re.compile(r"\b(?:towel|tow|toe) scratch(?:es|ing)\b"), "towel scrunches"),
    (re.compile(r"\b(making|makes|made) my (\w+) her\b"), r"\1 my \2 hurt"),
    (re.compile(r"\b(my|left|right|his|her|baith|both) fit(s|'s)?\b"), r"\1 foot\2"),
    (re.compile(r"\b(my|left|right|his|her) feet's\b"), r"\1 feet are"),
    # Scots and Caribbean "an" for "and" (never the article, which comes before a vowel) and
    # "wi" for "with" (never wi-fi).
    (re.compile(r"\ban (?=[^aeiouh\s])"), "and "),
    (re.compile(r"\bwi\b(?!-)"), "with"),
    (re.compile(r"\b(it|they|feel like it|feels like it) a sleep\b"), r"\1 asleep"),
)


# One cheap scan decides whether any sound-alike can apply, so most messages skip them all.
_SOUND_ALIKE_HINT_RE: Final = re.compile(
    r"tow|tinkl|swall?ow|fill|feal|scratch|a sleep|fit|feet's|\ban [^aeiou\s]|\bwi\b| her\b"
)


def _typo(m: re.Match[str]) -> str:
    return _TYPOS.get(m.group(0), m.group(0))


def normalise(text: str) -> str:
    """Lower-case, ASCII punctuation, canonical chat spellings: the text every rule reads."""
    s = text if text.isascii() else unicodedata.normalize("NFKC", text)
    s = s.translate(CHAR_MAP).lower()
    s = _REPEAT_RE.sub(r"\1\1", s)
    if "'" in s or '"' in s:
        s = _QUOTE_RE.sub(" ", s)
    s = _SPACE_RE.sub(" ", s)
    s = _CHAT_RE.sub(_chat_word, s)
    s = _TYPO_RE.sub(_typo, s)
    if _SOUND_ALIKE_HINT_RE.search(s):
        for rx, repl in _SOUND_ALIKES:
            s = rx.sub(repl, s)
    return s
