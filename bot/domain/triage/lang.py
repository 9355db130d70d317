"""Messages not written in English: which language, and an English gloss the triage rules read.

Pure, standard library only. ``language_of`` tells English (any variety, chat spelling
included) from the languages patients most often write in; ``gloss`` rewrites such a message
phrase by phrase into the plain English the concept lexicons of ``triage.lexicon`` understand,
keeping negation, contrast, time, history and "someone else" cues, so the same rules give the
same level in every language. The phrase tables live in ``bot.domain.triage.lang_data``.

Detection is a cheap count, because nearly every message is English and the whole of
``assess`` must stay well under a millisecond: a script count for Cyrillic, Devanagari and
Arabic letters, otherwise one pass over the words with set look-ups (distinctive function and
symptom words per language against common English words). A message counts as foreign only
when its foreign words clearly outweigh its English ones, so "my toes hurt, mi dedo" and
"good morning po, my toes are numb" stay English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from bot.domain.triage.lang_data import (
    COMMON_ENGLISH,
    ENGLISH_WORDS,
    FOREIGN_WORDS,
    LATIN_LANGUAGES,
    TABLES,
)
from bot.domain.triage.regex import FirstCharAlternation

__all__ = ["LANGUAGES", "detect", "gloss", "language_of", "mixed_language"]

LANGUAGES: Final = ("es", "pt", "fr", "de", "ru", "hi", "tl", "ar", "it", "pl", "tr", "nl")

_WORD_RE: Final = re.compile(r"[a-z0-9']+")
_NON_ASCII_RE: Final = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTER_RE: Final = re.compile(r"[a-z]")
_ARABIC_RE: Final = re.compile(r"[\u0600-\u06ff]")
# Arabizi writes Arabic sounds with digits (3 = ain, 7 = haa, 2 = hamza, 5 = khaa) inside or at
# the end of words: "3andi", "7arrko", "azra2". English chat uses digits too, but as numbers
# with units or ordinals ("3rd", "2day", "10am", "5min"), which are excluded.
_ARABIZI_RE: Final = re.compile(r"(?:[a-z]+[2357][a-z]*|[2357][a-z]{2,})")
# Words of a covered language that are also everyday English chat: Polish "stop" (of the feet)
# is the typed drill command "stop", Turkish "dun" (yesterday) is "done". Alone they are the
# English word; with any other foreign word they count for their language as before. French
# "est" and German "ist" are also the time-zone abbreviations EST and IST typed as a zone.
_ENGLISH_TOO: Final = frozenset({"stop", "dun", "est", "ist"})
_ENGLISH_DIGIT_WORD_RE: Final = re.compile(
    r"\d+(?:st|nd|rd|th|x|k|am|pm|min|mins|hr|hrs|h|s|kg|cm|mm|km|day|days|nite|morrow|"
    r"moro|mrw|wks?|g|ml|lbs?|ft|in|f|c|yo|yrs?)|[a-z]+\d+|b4|gr8|l8r|h8|m8"
)


def language_of(text: str) -> str:
    """ "en" for English (any variety, chat spelling, emoji, numbers), else a language code:
    "es", "pt", "fr", "de", "ru", "hi", "tl", "ar", "it", "pl", "tr", "nl", or "other" for text
    not covered."""
    language, _ = _detect(text)
    return language


def detect(text: str) -> tuple[str, str | None]:
    """The language, and for English a language it mixes in (see `mixed_language`): one pass."""
    return _detect(text)


def mixed_language(text: str) -> str | None:
    """For an English message that also carries a clear phrase of another language ("probably
    nothing pero siento como toques eléctricos"), that language; else None."""
    language, runner_up = _detect(text)
    return runner_up if language == "en" else None


def _detect(text: str) -> tuple[str, str | None]:
    """The language, and for English the foreign language with a distinctive word or more."""
    low = text.lower()
    if not text.isascii():
        special = _NON_ASCII_RE.findall(low)
        script = _script_language(low, special)
        if script is not None:
            return script, None
        # Turkish "İ" lowers to "i" and a combining dot above.
        if any("\u00c0" <= c <= "\u024f" or c == "\u0307" for c in special):
            low = _fold(low)  # accented Latin letters: "está" is looked up as "esta"
    words = _WORD_RE.findall(low)
    # Set operations run in C: most English messages leave here without a loop in Python.
    # Each foreign word counts once ("la la la" is a song, not French).
    candidates = set(words).difference(ENGLISH_WORDS)
    scores: dict[str, int] = {}
    foreign = candidates.intersection(FOREIGN_WORDS)
    if foreign <= _ENGLISH_TOO:
        foreign = set()
    for w in foreign:
        for lang, points in FOREIGN_WORDS[w]:
            scores[lang] = scores.get(lang, 0) + points
    for w in candidates:
        if not w.isalpha() and _ARABIZI_RE.fullmatch(w) and not _ENGLISH_DIGIT_WORD_RE.fullmatch(w):
            scores["ar"] = scores.get("ar", 0) + 1
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    if not scores:
        return ("other" if _unknown_language(words, english) else "en"), None
    best = max(scores, key=lambda lang: (scores[lang], -LANGUAGES.index(lang)))
    # Two points at least (one distinctive word) and more than the English words: a single
    # Spanish word in an English sentence, or a Filipino "po", does not make it foreign.
    if scores[best] >= 2 and scores[best] > english:
        return best, None
    if _unknown_language(words, english):
        return "other", None
    # Code-mixed chat: two distinctive words or more of one language inside English.
    return "en", best if scores[best] >= 4 else None


def _unknown_language(words: list[str], english: int) -> bool:
    """A message of five words or more, almost none of them English and none of the words of
    feet and exercise, in a language not covered (Italian, Polish, Turkish, Dutch...): "other",
    so it gets the warning signs and the English-only line rather than a blank."""
    alpha = [w for w in words if w.isalpha()]
    if len(alpha) < 5 or english >= 0.25 * len(alpha):
        return False
    return sum(1 for w in alpha if w in COMMON_ENGLISH) < 0.25 * len(alpha)


def _script_language(text: str, special: list[str]) -> str | None:
    """The language a non-Latin script gives, when its letters are at least a third of all."""
    counts = {"ru": 0, "hi": 0, "ar": 0, "other": 0}
    for c in special:
        o = ord(c)
        if 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif 0x0900 <= o <= 0x097F:
            counts["hi"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["ar"] += 1
        elif c.isalpha() and not 0x00C0 <= o <= 0x024F:
            counts["other"] += 1
    lang = max(counts, key=counts.__getitem__)
    n = counts[lang]
    if n and n >= len(_ASCII_LETTER_RE.findall(text)) / 2:
        return lang
    return None


# Letters NFKD does not take apart: Polish "ł" and Turkish dotless "ı" are typed "l" and "i"
# without their keyboards (and Python lowers Turkish "I" to "i", "İ" to "i" and a dot).
_UNDECOMPOSED: Final = str.maketrans(
    {"ß": "ss", "œ": "oe", "æ": "ae", "ł": "l", "ı": "i", "đ": "d", "ø": "o"}
)


def _fold(text: str) -> str:
    """Accents off (patients type them or not), "ñ" kept apart from "n" ("uña" is not "una")."""
    s = text.replace("ñ", "\x01").translate(_UNDECOMPOSED)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("\x01", "ñ")


# Arabic: short vowels and tatweel off, alef and final forms unified, so one spelling per word.
_ARABIC_MAP: Final = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ـ": None}
    | {chr(c): None for c in range(0x064B, 0x0653)}
)
_QUOTES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def _prepare(text: str, language: str) -> str:
    s = unicodedata.normalize("NFC", text).translate(_QUOTES).lower()
    if language == "it":
        s = s.replace("è", "e'")  # "è" (is) apart from "e" (and) once accents are off
    if language in LATIN_LANGUAGES:
        s = _fold(s)
    elif language == "ru":
        s = s.replace("ё", "е")
    elif language == "ar":
        s = s.translate(_ARABIC_MAP)
    # Romanised Hindi, Tagalog and Arabizi are typed in Latin letters, often with accents.
    if language in {"hi", "tl", "ar"}:
        s = _fold(s)
    return re.sub(r"[ \t\r\f\v]+", " ", s)


# Word characters for the phrase boundaries: Devanagari vowel signs are not "\w" in Python, so
# "\b" would cut Hindi words in the middle.
_W: Final = r"[\w\u0900-\u097f]"


def _compile(
    entries: tuple[tuple[str, str], ...],
) -> tuple[FirstCharAlternation, tuple[str, ...]]:
    # Multi-word phrases first, then longer patterns: at one position the first alternative that
    # matches wins, so "no puedo mover" must be tried before "no".
    ordered = sorted(entries, key=lambda e: (-e[0].count(" "), -len(e[0])))
    named = [
        (f"g{i}", _arabic_prefix(p).replace(chr(92) + "w", _W)) for i, (p, _) in enumerate(ordered)
    ]
    return FirstCharAlternation(named, _phrase_regex), tuple(e for _, e in ordered)


def _phrase_regex(subset: Sequence[tuple[str, str]]) -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<{name}>{pattern})" for name, pattern in subset)
    # A phrase ending in an apostrophe ("d'") or a space may touch the next word.
    return re.compile(rf"(?:{alternatives})(?:(?<=['\s])|(?!{_W}))")


def _arabic_prefix(pattern: str) -> str:
    """Arabic writes "and", "so", "with" and "the" onto the word ("وبارد", "بالرجل")."""
    if _ARABIC_RE.search(pattern) is None:
        return pattern
    return f"(?:[وفب]|لل)?(?:ال)?(?:{pattern})"


_COMPILED: dict[str, tuple[FirstCharAlternation, tuple[str, ...]]] = {}
# Where a phrase may begin: any position not inside a word (as the tables' own `(?<!\w)`).
_PHRASE_START_RE: Final = re.compile(rf"(?<!{_W})")

# Fever told as a number: with decimals (38,5) it is a temperature, never an age; a whole
# number needs a degree sign or word.
_FEVER_NUMBER_RE: Final = re.compile(
    r"(?<![\d.,])(3[89]|4[0-2])(?:[.,](\d))?\s*(?:°|º|grad\w*|degr\w*|градус\w*|c\b)?"
)
_UNKNOWN_WORD_RE: Final = re.compile(rf"{_W}+")
# Languages typed mixed with English ("threading karte waqt", "tapos na po ako sa exercises"):
# words the table does not know are kept, as they are often the English ones. Elsewhere they
# are dropped, so a foreign word that happens to be spelt like an English one ("son", "red")
# does not reach the English rules.
_KEEP_UNKNOWN: Final = frozenset({"hi", "tl", "ar"})


def gloss(text: str, language: str) -> str:
    """The message rewritten in the English the triage lexicons read.

    Phrases of the language's table are replaced left to right, longest first; words it does
    not know are kept (languages mixed with English) or dropped; numbers, punctuation and
    emoji are kept. English text and unknown languages come back unchanged.
    """
    if language not in TABLES:
        return text
    compiled = _COMPILED.get(language)
    if compiled is None:
        compiled = _COMPILED[language] = _compile(TABLES[language])
    rx, replacements = compiled
    s = _prepare(text, language)
    s = _FEVER_NUMBER_RE.sub(_fever, s)
    owner = _OWNER_AFTER.get(language)
    if owner is not None and owner[0].search(s):
        s = _SENTENCE_RE.sub(lambda m: _owner_first(m.group(0), *owner), s)
    keep = language in _KEEP_UNKNOWN
    out: list[str] = []
    pos = 0
    for start in _PHRASE_START_RE.finditer(s):
        at = start.start()
        if at < pos or at >= len(s):
            continue
        m = rx.match(s, at)
        if m is None:
            continue
        out.append(_unknown(s[pos : m.start()], keep=keep))
        index = int((m.lastgroup or "g0")[1:])
        out.append(f" {replacements[index]} ")
        pos = m.end()
    out.append(_unknown(s[pos:], keep=keep))
    s = re.sub(r" {2,}", " ", re.sub(r" +([,.!?;:])", r"\1", "".join(out))).strip()
    return _DANGLING_SEMICOLON_RE.sub("", s)


# Tagalog and Russian often name the symptom first and its owner after ("namamaga ang paa ng
# kapatid ko", "болит нога у соседки"); the English rules look for the other person before the
# symptom. When a sentence names someone else after a symptom and says nothing of the writer
# (no "ko", "ako", "я", "меня" outside that phrase), the owner is repeated at its start.
_SENTENCE_RE: Final = re.compile(r"[^.!?;\n]+")
_OWNER_AFTER: Final[dict[str, tuple[re.Pattern[str], re.Pattern[str]]]] = {
    "tl": (
        re.compile(
            r"\b(?:ng|kay|sa|ni) (?:aking |aming )?(?:nanay|tatay|ina|ama|inay|itay|mama|papa|"
            r"asawa|anak|kapatid|ate|kuya|lola|lolo|apo|kaibigan|kapitbahay|katrabaho|tita|tito|"
            r"pinsan|amiga|amigo|barkada|biyenan|pamangkin)(?: (?:ko|namin|niya|nya))?\b"
        ),
        re.compile(r"\b(?:ko|ako|akin|akong|aking|kami|namin)\b"),
    ),
    "ru": (
        re.compile(
            r"(?<!\w)(?:у )?(?:моей |моего |моих |нашей |нашего )?(?:мам[ыеу]|матери|пап[ыеу]|"
            r"отца|мужа|жены|сестр[ыеу]|брата|бабушк[иеу]|дедушк[иеу]|соседк[иеу]|соседа|"
            r"подруг[иеу]|друга|коллег[иеу]|сына|дочер[иеь]|внук[аеу]|внучк[иеу])(?!\w)"
        ),
        re.compile(r"(?<!\w)(?:я|меня|мне|мой|моя|мое|мои|мою|моей|моего|моих|мной)(?!\w)"),
    ),
}


def _owner_first(sentence: str, owner_rx: re.Pattern[str], self_rx: re.Pattern[str]) -> str:
    m = owner_rx.search(sentence)
    if m is None or m.start() <= 1 or self_rx.search(owner_rx.sub(" ", sentence)):
        return sentence
    return f" {m.group(0)} , {sentence}"


# "no fever;" (a denial made a clause of its own) before other punctuation or at the end.
_DANGLING_SEMICOLON_RE: Final = re.compile(r";(?=\s*[,.!?;:]|\s*$)")


def _fever(m: re.Match[str]) -> str:
    whole = m.group(0)
    if m.group(2) is None and whole.strip() == m.group(1):
        return whole  # a bare whole number: an age, a count, a page
    return f" fever {m.group(1)} "


def _unknown(chunk: str, *, keep: bool) -> str:
    """Text between known phrases: keep numbers and punctuation; unknown words as the language
    wants, except the ASCII ones ("ok", "marbles") which are kept everywhere they are English."""
    if keep:
        return chunk

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        return w if w.isdigit() or w in ENGLISH_WORDS or w == "fever" else " "

    return _UNKNOWN_WORD_RE.sub(word, chunk)
