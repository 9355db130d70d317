"""Red-flag triage of a patient's free-text chat message: pure, rule based, standard library only.

A tiny clinical NLP pipeline, in the order the code runs it:

1. ``normalise``: lower case, Unicode quotes and dashes, chat spellings ("r", "cant", "pins n
   needles"), runs of repeated letters ("sooo") cut to two. Offsets refer to this text.
2. Figurative uses ("numb with boredom", "the towel is blue", "no pain no gain") are blanked out
   with spaces of the same length, so nothing else moves.
3. Sentences (". ! ? ; newline") and clauses (those plus "but", "though", "except", "however",
   "yet" ...) are cut; a clause is the scope of a negation, a sentence the scope of a time cue.
4. Concept lexicons (regexes per concept, module-level, compiled once) find symptom mentions.
5. Context per mention: negation (NegEx-style, forward scope to the clause end), history and
   resolution unless brought back ("still", "again", "today"), hypothetical, someone else as the
   experiencer, body location, onset ("suddenly", "overnight").
6. SAFETY.md's pattern table turns the surviving mentions plus the diabetes answer into a level;
   the highest rule wins. Under-triage is the dangerous error, so the rules lean upwards.

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

import bisect
import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from bot.domain.triage.lang import detect, gloss
from bot.domain.triage.regex import FirstCharAlternation

__all__ = [
    "BEFAST",
    "FLAGS",
    "Assessment",
    "Evidence",
    "Level",
    "assess",
    "normalise",
]


class Level(enum.IntEnum):
    """Escalation level, ordered so that ``max`` gives the most urgent."""

    NONE = 0
    STOP = 1
    ROUTINE = 2
    URGENT = 3
    EMERGENCY = 4

    @property
    def name_lower(self) -> str:
        """The level's name as used in data files and content keys: "none" ... "emergency"."""
        return self.name.lower()

    def __str__(self) -> str:
        return self.name_lower

    def __format__(self, format_spec: str) -> str:
        return format(self.name_lower, format_spec)

    @classmethod
    def parse(cls, value: str | int) -> Level:
        """Read a level from its name (any case) or its number; ValueError otherwise."""
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown level: {value!r}") from None


@dataclass(frozen=True)
class Evidence:
    """One flag and the words that raised it (normalised text), for echoing back."""

    flag: str
    words: str


@dataclass(frozen=True)
class Assessment:
    """What triage found in one message."""

    level: Level
    flags: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    follow_up: str | None = None
    info_only: bool = False
    # The detector could not place a message about the patient's own foot, toes, legs or skin
    # changing or feeling wrong: the bot asks with the structured check-in instead of guessing.
    ask: bool = False
    # "en", or the code of the language the message is written in ("es", "pt", "fr", "de",
    # "ru", "hi", "tl", "ar", ...; "other" when it is not English but not recognised).
    language: str = "en"


BEFAST: Final = "befast"

# Every flag ``assess`` can return, most serious first; the order of ``Assessment.flags``.
FLAGS: Final[tuple[str, ...]] = (
    "general_emergency",
    "stroke_signs",
    "cauda_equina",
    "both_legs",
    "ischaemia",
    "gangrene",
    "infection_systemic",
    "toe_weakness_sudden",
    "leg_weakness_sudden",
    "arm_symptoms",
    "vision_change",
    "bladder_bowel",
    "diabetes_new_symptom",
    "diabetes_unknown",
    "infection_local",
    "colour_change",
    "severe_pain",
    "toe_weakness",
    "leg_weakness",
    "numbness",
    "abnormal_sensation",
    "inflammation",
    "skin_wound",
    "deformity",
    "no_improvement",
    "balance",
    "exercise_pain",
    "pain",
    "worsening",
)
_FLAG_RANK: Final = {flag: i for i, flag in enumerate(FLAGS)}


# --------------------------------------------------------------------------------------------
# 1. Normalisation
# --------------------------------------------------------------------------------------------

# Phones and keyboards send typographic quotes and dashes; the lexicons expect ASCII.
_CHAR_MAP: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u200b": "",
    }
)

# Chat spellings and missing apostrophes -> one canonical form, so each lexicon entry is written
# once. Negated auxiliaries are joined ("can not" -> "can't") because both the negation cues and
# the weakness/numbness phrases ("can't move", "can't feel") are written with the contraction.
_CHAT_SPELLINGS: Final[dict[str, str]] = {
    "r": "are",
    "u": "you",
    "ur": "your",
    "im": "i'm",
    "ive": "i've",
    "cant": "can't",
    "cannot": "can't",
    "can not": "can't",
    "couldnt": "couldn't",
    "could not": "couldn't",
    "dont": "don't",
    "do not": "don't",
    "doesnt": "doesn't",
    "does not": "doesn't",
    "didnt": "didn't",
    "did not": "didn't",
    "isnt": "isn't",
    "is not": "isn't",
    "arent": "aren't",
    "are not": "aren't",
    "wasnt": "wasn't",
    "was not": "wasn't",
    "werent": "weren't",
    "were not": "weren't",
    "havent": "haven't",
    "have not": "haven't",
    "hasnt": "hasn't",
    "has not": "hasn't",
    "hadnt": "hadn't",
    "had not": "hadn't",
    "wont": "won't",
    "will not": "won't",
    "wouldnt": "wouldn't",
    "would not": "wouldn't",
    "shouldnt": "shouldn't",
    "aint": "ain't",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "theyre": "they're",
    "n": "and",
    "&": "and",
    "w/": "with",
    "w/o": "without",
    "tho": "though",
    "altho": "although",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "kinda": "kind of",
    "sorta": "sort of",
    "dunno": "don't know",
    "idk": "i don't know",
    "rn": "right now",
    "atm": "at the moment",
    "2day": "today",
    "tday": "today",
    "yday": "yesterday",
    "yest": "yesterday",
    "ystrdy": "yesterday",
    "tmrw": "tomorrow",
    "abt": "about",
    "bout": "about",
    "ppl": "people",
    "hubby": "husband",
    "anymore": "any more",
    # Dropped g ("tinglin'"): only words the lexicons and cues care about.
    "tinglin": "tingling",
    "burnin": "burning",
    "hurtin": "hurting",
    "achin": "aching",
    "throbbin": "throbbing",
    "killin": "killing",
    "swellin": "swelling",
    "bleedin": "bleeding",
    "stingin": "stinging",
    "shootin": "shooting",
    "stabbin": "stabbing",
    "crampin": "cramping",
    "feelin": "feeling",
    "nothin": "nothing",
    "mornin": "morning",
    "numbish": "numb",
    # Scots and Caribbean or West African English, as patients type them.
    "cannae": "can't",
    "canny": "can't",
    "cant'": "can't",
    "dinnae": "don't",
    "didnae": "didn't",
    "willnae": "won't",
    "wullnae": "won't",
    "wisnae": "wasn't",
    "isnae": "isn't",
    "wis": "was",
    "tae": "to",
    "at aw": "at all",
    "the noo": "right now",
    "workin": "working",
    "walkin": "walking",
    "comin": "coming",
    "goin": "going",
    "no fit": "can't",
    "mi": "my",
    "di": "the",
    "nuh": "not",
    "neva": "never",
    "seh": "say",
    "tun": "turn",
    "likkle": "little",
    "yuh": "your",
    "han": "hand",
    "mout": "mouth",
    "ma": "my",
    "masel": "myself",
    "hissel": "himself",
    "hersel": "herself",
    "baith": "both",
    "ah": "i",
    "ah'm": "i'm",
    "ah've": "i've",
    "ah'll": "i'll",
    "cauld": "cold",
    "sair": "sore",
    "efter": "after",
    "nae": "no",
    "dae": "do",
    "wance": "once",
    "roond": "round",
    "mair": "more",
    "telt": "told",
    "wean": "child",
    "weans": "children",
    "grandwean": "grandchild",
    "cludgie": "toilet",
    "pished": "wet",
    "aw of a sudden": "all of a sudden",
    "aw day": "all day",
    "o'": "of",
    "nothin's": "nothing's",
    "catchin": "catching",
    "gettin": "getting",
    "swimmin": "swimming",
    "diggin": "digging",
    "mornin's": "morning's",
    # Words of another language that patients mix into English ("a small sugat on my heel").
    "sugat": "wound",
    "masakit": "painful",
    "chhala": "blister",
    "feets": "feet",
    "toez": "toes",
}
_CHAT_RE: Final = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(
        re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_CHAT_SPELLINGS, key=len, reverse=True)
    )
    + r")(?!\w|'(?!s\b))"
)
# A quote mark around words ("toes 'go to sleep'") is not an apostrophe: a space, so the
# quoted words are read as words.
_QUOTE_RE: Final = re.compile(r"(?<![a-z])'|'(?![a-z])|\"")
_REPEAT_RE: Final = re.compile(r"([a-z])\1{2,}")  # "sooo", "numbbb": three or more -> two
_SPACE_RE: Final = re.compile(r"[ \t\r\f\v]+")


def _chat_word(m: re.Match[str]) -> str:
    return _CHAT_SPELLINGS[re.sub(r"\s+", " ", m.group(0))]


# Typing slips of the symptom words: one letter dropped, swapped, doubled or mistyped ("tinglng",
# "swolen", "blsiter", "numbnness", "swelking"). The variants are generated from the words the
# lexicons are written in, so the family is covered rather than each slip seen. Variants that
# are other English words ("selling" from "swelling", "turning" from "burning") are left alone:
# the list below was made from simplemma's English dictionary at development time, so the bot
# needs neither the dictionary (18 MB) nor a fuzzy matcher at run time. Measured on 1,096 random
# one-edit slips of these words: rapidfuzz (ratio >= 85) recovered 91% but turned 60 of 20,000
# real English words into symptom words at 13.7 us a word; this table recovers 97% and turns
# none, at 0.3 us a word (tools/typo_bench in the README).
_TYPO_WORDS: Final = (
    "numbness numbing tingling tingly tingle tingles tingled burning swollen swelling blister "
    "blisters bleeding throbbing infected infection weakness paralysed paralyzed paralysis "
    "stinging shooting prickling prickly bruised bruising discoloured discolored redness "
    "inflamed cracked oozing discharge feverish shivering confused confusion dizzy dizziness "
    "blurry blurred slurred slurring drooping droopy incontinence clawing overlapping purple "
    "mottled painful aching excruciating unbearable sensation feeling toenail"
)
_TYPO_VOCABULARY: Final = frozenset(_TYPO_WORDS.split())
_REAL_WORD_LIST: Final = (
    "aahing acing acting ahhing ashing barning bingle blaster blasters bleeping bleezing "
    "blending blistery blurbed blurring blurted bluster blusters borning bottled braised "
    "braising breeding bruise bruiser bruises bruited bruiting bunning burking burling "
    "burping burred burring burying cacked cawing chacked chawing ching clacked claying "
    "clewing confuse confuses confuted contused contusion cracker craked cranked crawing "
    "crawked cricked crocked cruised cruising dingle dingles dozing drooling droop droops "
    "dropping dumbing dumbness dwelling eching eeling enflamed fealing feeding feeing feezing "
    "felling flawing flurry fracked fueling gainful gingle gingled gingles gingling glister "
    "glisters grooping gurning heeling hooting infamed infested inflame inflames inflated "
    "ingle ingled ingles ingling injected injection invected jingle jingled jingles jingling "
    "jingly keeling kingly lawing lister listers lurry mingle mingled mingles mingling "
    "mischarge miscolored miscoloured mottle mottles nubbing nurning oohing ooping pailful "
    "paralyse paralyses paralyze paralyzes peeling pickling plawing pozing pricily pricking "
    "prickle purfle racked redress reeling rooping scooting scurred scurring seeling selling "
    "shelling shooing shooking shooling shorting shotting shouting singing single singled "
    "singles singling singly sivering skelling skivering slinging slivering slurped slurping "
    "slurry smelling snelling sooting spelling spurred spurring stanging stelling stinking "
    "stinting sturred sturring swealing swelting swilling swinging tangle tangled tangles "
    "tangling tinge tinged tingeing tinges tinging tinily torobbing tottled tozing tracked "
    "trickling trickly trooping tumbing turning unbearably unbeatable unwearable veeling "
    "welling whooting wracked"
)
_REAL_WORDS: Final = frozenset(_REAL_WORD_LIST.split())


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
_DIGIT_RE: Final = re.compile(r"\d")
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
    s = s.translate(_CHAR_MAP).lower()
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


# --------------------------------------------------------------------------------------------
# 2. Figurative uses: blanked before any concept is looked for
# --------------------------------------------------------------------------------------------

_COLOURS: Final = r"(?:blue|black|red|white|green|yellow|pink|purple|grey|gray|orange|dark)"
# Things in the exercises that have colours, so "the blue towel" is not a blue toe.
_THINGS: Final = (
    r"(?:towels?|marbles?|bands?|theraband|resistance bands?|balls?|mat|yoga mat|socks?|"
    r"shoes?|slippers?|cloth|sheet|cups?|bowls?|pens?|stickers?|ones?|light|tape|"
    r"box|button|carpet|rug|floor|tiles?|chair|pillow|cushion|wine|bread|noise|paper)"
)
# Sport and the words for legs it leaves spent: tiredness, not weakness.
_SPORT: Final = (
    r"(?:the |my |a |an |that |this |today's |yesterday's )?(?:gym|workout|work ?out|squats?|"
    r"leg day|lunges|run|running|jog|jogging|hike|hiking|cycle|cycling|bike ride|spin class|"
    r"spinning|football|match|game|tennis|class|dance class|dancing|training|marathon|half "
    r"marathon|parkrun|climb|swim|zumba|crossfit|pilates|bootcamp|digging|gardening|"
    r"(?:the )?allotment|"
    r"(?:a |my )?(?:\d+ ?(?:hr|hrs|hour|h) )?(?:long |double |night |day )?shift|moving house|"
    r"(?:[\w-]+ ){0,3}?(?:walk|hike|"
    r"ramble|stroll|trek)|long one|walking on (?:soft |the )?sand)"
)
_SPENT: Final = (
    r"(?:dead|like jelly|jelly|jelly-like|heavy|wobbly|shaky|tired|knackered|destroyed|wrecked|"
    r"done in|like lead|numb|burning|aching|achy)"
)
_FIGURATIVE: Final[tuple[str, ...]] = (
    # Emotions and boredom, not sensation.
    r"numb(?:ed)? (?:with|from) (?:boredom|fear|shock|grief|sadness|the news|it all)",
    r"bored (?:numb|stiff|to death|to tears|out of my (?:mind|skull))",
    r"mind[- ]?numb\w*",
    r"numbingly",
    r"emotionally (?:numb|dead|drained)",
    r"numb (?:inside|to (?:it|the news|all of))",
    r"dead (?:tired|beat|easy|simple|serious|set|good|funny|boring|slow|on time|right|"
    r"certain|sure|quiet|bored|keen|chuffed|proud|stiff|tight|hard|lucky|pleased|happy|busy|"
    r"excited|nice|cute|useful|handy|jealous|against|ugly|pretty|lovely|clever|smart|rude|posh|"
    r"common|cheap|expensive|proud|chuffed)",
    # Tired legs after sport: "legs are dead after leg day", "after the gym my legs are jelly".
    rf"(?:legs?|thighs?|calves|quads|hamstrings) (?:\w+ ){{0,3}}?{_SPENT}"
    rf"(?= (?:\w+ ){{0,4}}?(?:after|from) {_SPORT})",
    rf"(?:after|from) {_SPORT},? (?:\w+ ){{0,5}}?{_SPENT}",
    r"dead ?(?:lines?|lifts?|battery|phone)",
    r"drop[- ]dead",
    # Doing well.
    r"(?:killing|killed|smashing|smashed|crushing|crushed|nailing|nailed|rocking|rocked) it",
    r"(?:i'm|i am|i was|you're|you are|we're|we are|been) on fire",
    r"(?:on fire|burning|buzzing|tingl\w*)(?= [^.!?]{0,40}?\b(?:in a good way|good burn|nice burn|"
    r"nailed|smashed|lol))",
    # Colours of things, moods and idioms.
    rf"{_COLOURS} {_THINGS}",
    rf"{_THINGS} (?:is|are|was|were|looks?) (?:\w+ )?{_COLOURS}",
    r"feeling (?:a bit |so |very |really )?blue",
    r"(?:tingl\w*|dizzy|giddy) (?:with )?(?:excitement|anticipation|joy|happiness)",
    r"out of the blue",
    r"red flags?",
    r"in the red",
    r"black ?friday",
    r"blue ?tooth",
    r"(?:dark|black) (?:outside|out|in here)",
    r"(?:it's|it is|it was|it gets|getting) dark\b",
    # Pain idioms.
    r"no pain,? no gain",
    r"(?:a |such a |real )?pain in the (?:neck|butt|bum|arse|ass|backside)",
    r"(?:a|such a|real|bit of a) pain to (?:buy|find|get|fit|put on|do|organi[sz]e)",
    r"growing pains?",
    r"(?:wouldn't|won't|doesn't|can't) hurt to (?:ask|try|check)",
    r"hurt(?:s|ing)? (?:my|your|his|her) feelings",
    r"burn(?:ing|ed|t)? (?:calories|fat|energy|the candle|through|out)",
    r"burning (?:question|desire|issue|ambition)",
    r"feel(?:ing)? the burn",
    r"(?:i'm|i am|i was|been|i've been|we're|we are) on pins and needles",
    r"pins[- ]and[- ]needles (?:of|with|from) (?:excitement|anticipation|joy|nerves)",
    r"(?:the )?(?:burning|scorching|blazing) (?:sun|heat|weather|day|afternoon)",
    r"pins and needles (?:waiting|about|over)",
    # Weather, baths and the common cold.
    r"cold feet (?:about|over)",
    r"(?:from|in|out in|because of|due to|with) the cold\b",  # the weather, not a cold foot
    r"(?:it's|its|it is|maybe|probably|blame|must be) (?:just )?the (?:cold|weather|heat)\b",
    r"(?:it's|its|it is|so|very|really|freezing|bitterly) cold (?:in|out|outside|here|today|at|"
    r"this)\b",
    rf"{_SPORT}\b[^.!?]{{0,60}}?(?:legs?|thighs?|calves|quads) (?:\w+ ){{0,3}}?{_SPENT}",
    r"(?:catch|catching|caught|have|having|got|with) a (?:bad |head |chest |nasty |"
    r"stinking )?cold\b",
    r"(?:common|head|chest) cold",
    r"(?:hot|cold|warm|icy|freezing|boiling|chilly) (?:water|bath|shower|tub|drink|tea|coffee|"
    r"packs?|compress|towel|weather|days?|nights?|morning|outside|out there|room|house|office|"
    r"floor|tiles|climate|summer|winter|spell|snap|in here)",
    r"warm(?:ing|ed)?[- ]?ups?",
    r"(?:warm|hot|cold|icy) (?:foot )?(?:soaks?|baths?|spa|wash|compress|packs?)",
    r"(?:crack|click|pop|creak|clunk)\w*(?: and (?:crack|click|pop|creak)\w*)? when",
    r"(?:period|menstrual|stomach|tummy) (?:cramps?|pains?)",
    r"(?:hands?|fingers?|face|nose|ears?) (?:\w+ ){0,2}?(?:numb|frozen|dead) (?:with|"
    r"from) (?:the )?"
    r"cold",
    r"(?:asks?|asking|asked|question|questions) about (?:the )?(?:pain|numbness|tingling|swelling)",
    r"(?:goes|go|turns?|went) (?:white|pale)\w* when (?:i |you )?(?:press|push|"
    r"squeeze)\w*[^.!?]{0,60}",
    r"(?:in|from) the heat\b|heat ?wave|hot weather",
    r"(?:shoes?|boots?|trainers|slippers?)[^.!?]{0,30}?(?:tight|pinch\w*)[^.!?]{0,40}?(?:new|"
    r"breaking "
    r"(?:them )?in|break (?:them )?in|wrong size|half a size)",
    # Healthy colour and warmth ("feet warm and pink"), unless told as a change ("went pink").
    r"(?<!went )(?<!gone )(?<!turned )(?<!going )(?<!a bit )(?<!quite )(?:warm and pink|pink and "
    r"warm|nice and warm|lovely and warm|warm and toasty|warm and alive)",
    r"warm (?:up|down)",
    r"keep (?:them|it|my feet|my toes|your feet|your toes) warm",
    # Tiredness and annoyance.
    r"sick (?:of|and tired)",
    r"tired of",
    r"weak (?:signal|wifi|wi-fi|connection|coffee|tea|joke|excuse|point|spot for|moment)",
    # Skill and the usual left-right difference, not a new weakness.
    r"weak(?:er|est)? (?:side|sides|one|ones|point|spot|link|at|in (?:lifting|spreading))\b",
    r"(?:control|coordination|technique) (?:is |was |still )*weak\w*",
    r"weak(?:er)? (?:control|coordination|technique)",
    r"(?:the )?pain of (?:waiting|\w+ing)\b",
    r"painfully (?:slow|obvious|aware|shy|honest|boring)",
    r"fever pitch",
    r"(?:cabin|spring|football|world cup|gold) fever",
    r"confus\w* (?:about|by|with|on|over|as to|which|what|how|if|whether)",
    # Strokes that are not strokes: massage instructions, sports, luck.
    r"stroke of (?:luck|genius|midnight)",
    r"(?:brush|swim\w*|breast|key|golf|pen) ?strokes?",
    r"stroke (?:the|your|my|gently|along) ",
    r"(?:could|can) be worse",
    r"worse things",
    r"(?:for )?better or (?:for )?worse",
    r"cut(?:ting)? (?:down|back|out)\b",
    r"cut(?:ting)? (?:my |the |his |her )?(?:toe ?)?nails",
    r"(?:should|can|do|shall) i cut (?:them|it|my \w+)|cut(?:ting)? (?:them|it) (?:short|back|"
    r"straight|"
    r"before|after)",
    r"break a leg",
    r"pull(?:ing)? (?:my|your) leg",
    r"leg (?:day|press|raises?|workout)",
    r"blood (?:sugars?|glucose|levels?|pressure|tests?|flow|circulation|results?)",
    r"shoot(?:ing)? (?:a|the|me|you) (?:video|photo|picture|message|text|email|line)",
    r"can't (?:wait|believe|complain|stand (?:it|this|the|that))",
    r"flip[- ]?flops?",
    # The person bending ("I bend down to pick up the marbles"), not a toe bending down.
    r"(?:(?<=\bi )|(?<=\bi'm )|(?<=\bwhen i )|(?<=\bfrom )|(?<=\bby )|(?<=\bafter )|(?<=can't )|"
    r"(?<=\band ))bend(?:ing)? "
    r"(?:down|over|forward|forwards)",
)
# "(?<!\w)(?=\w)" rather than "\b": tried at word starts only, which is faster.
_FIGURATIVE_RE: Final = re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(_FIGURATIVE) + r")")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


# --------------------------------------------------------------------------------------------
# 3. Sentences and clauses
# --------------------------------------------------------------------------------------------

_SENTENCE_END_RE: Final = re.compile(r"[.!?;\n]+")
# Contrast words end a negation's scope ("no pain, but tingling"); "except" and "other than"
# even invert it ("nothing except tingling"). A lone " - " often joins two reports in chat.
_CLAUSE_END_RE: Final = re.compile(
    r"[.!?;\n]+|\s-\s|\b(?:but|though|although|except|however|yet|whereas|apart from|"
    r"other than|aside from|besides)\b"
    # "diagnosed last month and there's a graze": a new report, with its own time.
    r"|\band (?=(?:now|there's|there is|there are|today|this morning|since)\b)"
)


def _spans(text: str, sep: re.Pattern[str], *, keep_end: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in sep.finditer(text):
        spans.append((pos, m.end() if keep_end else m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


# --------------------------------------------------------------------------------------------
# 4. Body locations and concept lexicons
# --------------------------------------------------------------------------------------------

# Where a symptom is matters: numbness of the toes is routine, of the face an emergency, of the
# groin ("saddle") an emergency too. Order matters: "inner thighs" is groin before "thighs" is leg.
_BODY_PARTS: Final[tuple[tuple[str, str], ...]] = (
    (
        "groin",
        r"groin|genitals?|genital area|privates|private parts|"
        r"(?<!foot )(?<!feet )(?<!toe )bottom(?! of)|"
        r"buttocks?|bum|butt|"
        r"backside|anus|saddle(?: area)?|perineum|crotch|inner thighs?|down below|down there|"
        r"between my legs",
    ),
    (
        "side",
        # Half of the body, not the side of a shoe or a toe: "my whole left side", "down one
        # side", "the right side of my face".
        r"(?:(?:my|his|her|their) (?:whole |entire )?(?:left|right)|(?:whole|entire)(?: left|"
        r" right)?|"
        r"one) side(?! of (?:my|the|his|her|your) (?:foot|feet|toes?|big|little|heel|sole|ankle|"
        r"leg|"
        r"calf|knee|nail|shoe|slipper))(?: of (?:my|the|his|her) (?:body|face))?|(?:the )?(?:left|"
        r"right) side of (?:my|his|her|the) (?:body|face)|half (?:of )?my (?:body|face)|"
        r"(?:on )?the same side|on one side",
    ),
    ("nail", r"(?:toe ?)?nails?"),
    (
        "toe",
        r"(?:(?:big|little|small|baby|middle|second|third|fourth|fifth|\d(?:st|nd|rd|th)|lesser|"
        r"other|pinky|pinkie) )?toe(?:s|'s)?|pink(?:y|ie)s?|hallux",
    ),
    ("foot", r"foot|feet|soles?|heels?|arch(?:es)?|insteps?|ankles?|forefoot"),
    ("leg", r"legs?|calf|calves|shins?|thighs?|knees?"),
    ("arm", r"arms?|shoulders?|elbows?"),
    ("hand", r"hands?|fingers?|wrists?"),
    ("face", r"face|mouth|lips?|cheeks?|eyelids?|jaw"),
    # Elsewhere: pain here is not a foot sign ("my neck hurts").
    (
        "elsewhere",
        r"neck|head(?! of)|brains?|mind|throat|stomach|tummy|belly|teeth|tooth|ears?|eyes?|nose|"
        r"chest",
    ),
    (
        "back",
        r"(?:lower |low |my |the |bad )back(?! (?:again|to|of|then|now|home|in|on|up|down))|spine|"
        r"lumbar|back(?= ?(?:pain|ache))|backache",
    ),
    # Not locations of their own, but they anchor "red", "hot", "cold" to the body.
    ("surface", r"skin|area|patch|spot|mark|joints?|wound|cut|blister|sore|bump|lump|bunion|ulcer"),
)
_BODY_RE: Final = re.compile(
    r"(?<!\w)(?=\w)(?:" + "|".join(f"(?P<{name}>{rx})" for name, rx in _BODY_PARTS) + r")\b"
)
# Lesser toes on their own: not moving them alone is the normal state the exercises train.
_SMALL_TOE_RE: Final = re.compile(
    r"\b(?:(?:little|small|baby|middle|second|third|fourth|fifth|\d(?:st|nd|rd|th)|lesser|"
    r"pinky|pinkie) toe\b|pink(?:y|ie)\b|(?:second|third|fourth|fifth|\dth|middle) one)"
)
_BOTH_RE: Final = re.compile(
    r"\b(?:both|each (?:leg|foot)|(?:n?either) (?:leg|foot)|left and right|right and left)\b"
)

# Concept lexicons. Each concept is a tuple of alternatives, joined and compiled once below.
# A concept is what the rules reason about; the flags the patient sees are derived from them.
# A toe's position, and words that make it a change rather than the shape it always had.
_SHAPE_VERB: Final = (
    r"(?:curl\w*|bend\w*|bent|lean\w*|drift\w*|tuck\w*|turn\w* (?:in|out|under|over|sideways)|"
    r"twist\w*|tilt\w*|angl\w*|cross\w*|rid(?:e|es|ing) (?:up|over)|climb\w*|overlap\w*|"
    r"claw\w*|crook\w*|point\w*|splay\w*|push\w* (?:over|into|against)|mov(?:es|ing) (?:over|"
    r"across|under|towards?))"
)
_SHAPE_PROCESS: Final = (
    r"(?:more (?:and more|than (?:it|they|before|usual|ever|last)|each|every|now|lately|"
    r"recently)|(?<!any )(?<!no )more\b(?! (?:easily|freely|smoothly))|further|start(?:ed|"
    r"ing)?(?: to)?|"
    r"begun(?: to)?|beginning(?: to)?|began(?: to)?|(?:each|every|with each|with every) (?:week|"
    r"month|day)|week by week|"
    r"gradually|slowly|getting (?:worse|more)|worse|than (?:before|it used to|they used to|"
    r"last)|never used to|didn't use to|wasn't like (?:that|this)|lately|recently|these days|"
    r"progressively|over (?:the )?(?:last |past )?(?:few |couple of |\d+ )?(?:weeks|months)|"
    r"since (?:last|the|a|i|about|early|mid|late|\w+uary|march|april|may|june|july|august|"
    r"september|october|november|december))"
)
# What a numb foot feels wrapped in or walks on.
_PADDING: Final = (
    r"(?:cotton(?: wool)?|wool|cling ?film|plastic(?: wrap)?|bubble ?wrap|cardboard|rubber|"
    r"sponges?|pillows?|cushions?|clouds?|marshmallows?|wood|a sock|(?:folded |bunched |"
    r"rolled(?:[- ]up)? )?sock|(?:thick |wool(?:ly|"
    r"en) )?socks|"
    r"gloves|bandages?|tape|glue|felt|foam|polystyrene|styrofoam|novocaine|anaesthetic|"
    r"anesthetic|at the dentist|after the dentist)"
)
_LEXICON: Final[dict[str, tuple[str, ...]]] = {
    # "I can't feel or move my toes": both numbness and paralysis (see _SPLITS).
    "numb_weak": (
        r"(?:can't|couldn't|unable to|not able to) (?:feel|sense) (?:or|and|nor) (?:move|wiggle|"
        r"bend)",
        r"(?:can't|couldn't|unable to|not able to) (?:move|wiggle|bend) (?:or|and|nor) (?:feel|"
        r"sense)",
    ),
    # Cauda equina: saddle numbness and new bladder or bowel trouble.
    "saddle": (
        r"saddle (?:numbness|anaesthesia|anesthesia)",
        r"(?:can't|don't|didn't|couldn't|hardly|barely) feel (?:\w+ ){0,3}?(?:when|while|as) i "
        r"(?:wipe|pee|wee|go to the (?:toilet|loo|bathroom))",
        r"(?:can't|couldn't|don't|didn't|hardly|barely) feel (?:the )?(?:toilet (?:paper|roll|"
        r"tissue)|loo (?:paper|roll)|tissue|paper|wipes?)",
        r"numb (?:\w+ ){0,2}?when i (?:wipe|pee|wee|sit on the (?:toilet|loo))",
        r"(?:can't|couldn't|don't|didn't|hardly|barely) feel (?:\w+ ){0,3}?(?:when|while|as) (?:i|"
        r"she|he) "
        r"sits? (?:on|down on) (?:the )?(?:loo|toilet|seat|chair)",
        r"(?:numb\w*|no feeling|can't feel (?:anything|a thing|it)) (?:\w+ ){0,3}?(?:in )?(?:the )?"
        r"saddle(?: area| region)?",
        r"(?:can't|couldn't) feel (?:my |her |his |their )?(?:bum|bottom|backside|butt|privates|"
        r"genitals|groin)",
    ),
    "bladder": (
        r"(?:can't|couldn't|unable to|not able to|trouble|difficulty|problems?|struggl\w*|hard to)"
        r" (?:to )?(?:control|hold|empty|feel)(?: my)? (?:bladder|bowels?|pee|wee|urine|poo|stool)",
        r"(?:can't|couldn't|unable to|trouble|difficulty|struggl\w* to|(?:hasn't|haven't|hadn't|"
        r"not) "
        r"been able to|been unable to)(?: \w+ly)? (?:pee|wee|"
        r"urinate|pass urine|pass water|go to the toilet|poo)",
        r"(?:lost|losing|loss of|no) (?:control (?:of|over) )?(?:my |his |her |their )?(?:bladder|"
        r"bowels?)",
        r"(?:wet|peed|pooed|pooped|soiled|wetting|weeing|peeing|pooing) (?:myself|herself|himself|"
        r"themselves|my (?:pants|trousers|knickers|underwear|self)|the bed)",
        r"(?:can't|couldn't|unable to|trouble|hard to|struggl\w* to) (?:\w+ )?(?:hold|control) "
        r"(?:my |the |it |on to my )?(?:water|wee|pee|urine|bladder|bowels?|poo|it in|"
        r"number (?:one|"
        r"two))",
        r"accidents? (?:with|in) (?:my |the )?(?:bowels?|bladder|pants|trousers|underwear|bed)|"
        r"(?:bowel|bladder|toilet) accidents?|didn't make it to the (?:toilet|loo|bathroom)",
        r"(?:can't|couldn't|don't|didn't) (?:tell|feel|know) (?:when|if|whether) (?:i|she|he) "
        r"(?:need|needs|have|has|want|wants) (?:to |a )(?:pee|wee|go|poo|urinate)",
        r"(?:urine|pee|wee|water) (?:is |isn't |not |won't |doesn't )?(?:\w+ )?(?:not )?(?:passing|"
        r"coming|flowing|starting)(?: properly| at all| out)?|(?:can't|couldn't|not) pass(?:ing)? "
        r"(?:urine|water|any urine)|peeing (?:feels|is) (?:different|strange|weird|odd)",
        r"(?:pee|wee|urine|poo) (?:just )?(?:came out|comes out|leaked|leaks|leaking|dribbl\w*)",
        r"incontinen\w*",
        r"(?:bladder|bowel)s? (?:problems?|trouble|issues?|accidents?|control|leak\w*)",
        r"leak(?:ing|ed|s)? (?:a bit of |some |a little |a drop of )?(?:urine|pee|wee)",
    ),
    # A missing pulse: the blood supply.
    "no_pulse": (r"no pulse|(?:can't|couldn't) (?:find|feel) (?:a |the |my |any )?pulse",),
    # Stroke (BE-FAST): speech, face, vision; arm and balance come later.
    "speech": (
        r"slurr\w*",
        r"(?:can't|couldn't|unable to|not able to|struggl\w* to|hard to|trouble|difficulty)"
        r" (?:speak|talk)(?:ing)? (?:properly|clearly|right|normally|straight|well|at all)",
        r"(?:can't|couldn't) speak(?! (?:now|right now|at the moment|for|about|to|with|english))",
        r"(?:can't|couldn't|unable to|trouble|difficulty|struggl\w* to) (?:get|getting|find|"
        r"finding|"
        r"form|forming|say|saying) (?:my |the |her |his |their |any )?words",
        r"(?:letters|words|writing|typing|texts?|messages?) (?:\w+ ){0,2}?(?:coming out|come out|"
        r"came out|comes out|look|looks|are|is|went) (?:all )?(?:wrong|jumbled|weird|funny|garbled|"
        r"backwards|nonsense|muddled|mixed up)|(?:can't|couldn't) (?:write|type|spell) "
        r"(?:properly|straight|right|at all|anything)",
        r"(?:words|speech|talking|it) (?:\w+ ){0,2}?(?:like|sounds like) (?:porridge|mush|jelly|"
        r"cotton wool|marbles|i'm drunk|i was drunk|a drunk)|(?:like|as if) (?:i'm|i am|i was|"
        r"she's|"
        r"he's|she was|he was) drunk|kept saying (?:the same|'the thing|the thing)",
        r"(?:trouble|difficulty|problems?) (?:with )?(?:speaking|talking|speech)",
        r"speech (?:is |sounds |seems |went |was )?(?:\w+ )?(?:slurred|strange|weird|funny|garbled|"
        r"off|wrong|slow|thick)",
        r"(?:words|speech) (?:are |is |keep |keeps )?(?:(?:come|came|coming|comes) out )?(?:all )?"
        r"(?:jumbled|garbled|mixed up|muddled|wrong|weird|strange|funny|slurred)",
        r"garbled|aphasia",
        r"(?:jumbl\w*|mix\w* up|muddl\w*|mangl\w*|scrambl\w*) (?:(?:up )?my |the |all my |of )?"
        r"(?:words|speech|sentences)",
        r"(?:words|speech|sentences|talking|voice) (?:\w+ ){0,3}?(?:came out|coming out|comes out|"
        r"sounds?|sounded|is|was|went|are|were) (?:all )?(?:wrong|jumbled|weird|funny|slurred|"
        r"garbled|strange|muddled|nonsense|mixed up|gibberish|drunk)",
        r"(?:talk\w*|speak\w*|spoke|sound\w*) (?:\w+ )?(?:funn\w*|strange\w*|weird\w*|odd\w*|drunk|"
        r"slurred|"
        r"nonsense|gibberish|like i'm drunk|like i was drunk|wrong|bizarre\w*)",
    ),
    "arm_weak": (
        r"(?:hand|arm|fingers)s? (?:\w+ ){0,3}?(?:dropped|drops|dropping|(?:won't|can't|couldn't|"
        r"doesn't|isn't|not) (?:\w+ )?(?:grip|hold|work|lift|move|grasp)|clumsy|useless|weak\w*|"
        r"heavy|limp|numb\w*|dead|gone funny)",
        r"(?:dropped|dropping|drop) (?:my |her |his |the )?(?:cup|mug|glass|phone|fork|spoon|keys|"
        r"pen|"
        r"tea|coffee|things)",
        r"(?:can't|couldn't|unable to) (?:lift|raise|hold up|move) (?:my |her |his )?(?:\w+ )?"
        r"(?:arm|hand)",
    ),
    "face": (
        r"(?:face|mouth|smile|lips?|eyelid|cheek)s? (?:\w+ ){0,3}?(?:slipp\w*|slid\w*|melt\w*|"
        r"droop\w*|drop(?:ping|ped|s)?|"
        r"sag\w*|lopsided|crooked|uneven|slack|twisted|fall(?:en|ing)|paraly\w*|frozen)",
        r"(?:droop\w*|lopsided|crooked|sagging|uneven|twisted) (?:face|mouth|smile|lip)",
        r"facial (?:droop\w*|weakness|numbness|palsy)|bell'?s palsy",
        r"(?:face|mouth|smile|lips?|eyelid|cheek)s? (?:\w+ ){0,4}?(?:on |to |at )?(?:one|the "
        r"(?:left|right)) side",
        r"(?:mouth|face|lips?|tongue) (?:\w+ )?(?:feels?|felt|is|went|gone) (?:\w+ )?(?:heavy|numb|"
        r"thick|dead|funny|weird|strange|slack)",
        r"(?:wonky|crooked|lopsided|droopy|funny|odd|twisted|uneven|one[- ]sided|half) "
        r"(?:face|smile|mouth|grin)",
    ),
    "vision": (
        r"(?:lost|losing|loss of) (?:my |the )?(?:vision|sight|eyesight)",
        r"(?:can't|couldn't) see (?:properly|clearly|straight|out of|anything|with)",
        r"blurr(?:ed|y) (?:vision|eyesight|sight)|(?:vision|eyesight|sight|everything|my eyes?) "
        r"(?:is |are |went |has gone |have gone |gone |going |goes |looks? )?(?:all )?(?:blurr\w*|"
        r"double|dark|dim|funny|weird|strange|black|fuzzy|hazy)",
        r"double vision|seeing double|see(?:ing)? two of everything|blind in|vision loss|"
        r"blindness|went blind",
        r"(?:blurr\w*|fuzzy|hazy|dim|double|dark|black) (?:\w+ ){0,2}?(?:in|from|out of|with) "
        r"(?:one|my (?:left|right)|my|both|the (?:left|right)) eyes?",
        r"eyes? (?:\w+ ){0,3}?(?:blurr\w*|fuzzy|hazy|double|dim|went dark|gone dark|funny)",
        r"everything(?:'s| is| went| was| looks| looked| got| gone)? (?:all |really |so |a bit )?"
        r"(?:blurr\w*|fuzzy|hazy|double|dark|dim)",
        r"(?:can't|couldn't) (?:see|focus) (?:properly|clearly|straight|right|out of)",
    ),
    "stroke_word": (
        r"(?:having|had|have|think|thinking|worried|scared|afraid|fear|signs? of|symptoms? of|like|"
        r"maybe|is this|could this be|possible) (?:i'm having |i am having |it's |it is |it was |"
        r"of |"
        r"i had |i've had )?(?:a )?(?:mini[- ])?stroke\b",
        r"\btia\b|transient isch(?:a)?emic",
    ),
    # Outside the foot table but never to be left unanswered: chest, breathing, collapse.
    "general_emergency": (
        r"chest (?:pain|tightness|pressure)|pain in (?:my|the) chest|tight chest",
        r"(?:can't|couldn't|struggling to|hard to|trouble|difficulty) (?:breathe|breathing|"
        r"catch my breath)|short(?:ness)? of breath|breathless",
        r"i (?:just |nearly |almost )?(?:collapsed|blacked out)|pass(?:ed|ing)? out|"
        r"faint(?:ed|ing)|seizures?|unconscious",
    ),
    # Infection getting worse: spreading redness, a wound that grows or does not heal.
    "spreading": (
        r"(?:spreading|spreads?|spread) (?:of )?(?:the )?red\w*",
        r"red\w* (?:\w+ ){1,8}?(?:keeps |is |has |'s )?(?:spread\w*|getting bigger|growing|grown|"
        r"tracking|creeping|crept|moving up|moved up|going up|gone up|travel\w* up|extending)",
        r"red\w* (?:is |has |that's |keeps )?(?:spread\w*|getting bigger|growing|tracking|"
        r"moving up|going up|extending)",
        r"red (?:streaks?|lines?|tracks?)|streaks? (?:going |running )?up",
    ),
    "wound_worse": (
        r"(?:wound|cut|sore|blister|ulcer|graze|scrape|crack|scab|redness|swelling|rash|"
        r"red (?:patch|area|bit|mark))s?\b(?:\s+[\w']+){0,6}?\s+"
        r"(?:worse|bigger|deeper|wider|larger|nastier|spread\w*|grow\w*|extend\w*|creep\w*|"
        r"track\w*)",
        r"(?:not|won't|isn't|hasn't|doesn't|never|aren't|haven't|didn't) (?:\w+ )?heal\w*|"
        r"non[- ]?healing|slow to heal",
    ),
    "ulcer": (r"ulcer\w*",),
    # Skin: any break or mark matters with diabetes (NICE NG19); bruises and callus included.
    "wound": (
        r"blister\w*|cuts?\b|sores\b|ulcers?|wounds?|grazed?|grazes|scrapes?|scraped|bleed\w*",
        r"(?:a|an|the|open|pressure|new|little|small|big|this|that|bed) sore\b(?!\s*(?:toes?|foot|"
        r"feet|heels?|soles?|ankles?|legs?|knees?|joints?|muscles?|back|calf|arch|spot|feeling|bit|"
        r"after|from|when|and|today|now))",
        r"cracked (?:skin|heels?|soles?)|(?:skin|heels?|soles?) (?:is |are )?(?:cracked|cracking|"
        r"split\w*)|cracks? (?:in|on|between)|split skin",
        r"blood (?:on|in) (?:my )?(?:socks?|toes?|foot|feet|shoes?|nail|skin)",
        r"callus\w*|callous\w*|corns?\b|splinters?|puncture\w*|stepped on (?:a|some|something)",
        r"(?<!like a )bruis\w*|black and blue|broken skin|skin (?:is |has )?broken|ingrown|"
        r"ingrow\w*|raw\b|"
        r"peel\w*|"
        r"rash\w*|scabs?|(?:hole|gash|nick) (?:in|on)",
        r"burn(?:ed|t) (?:my |the )?(?:\w+ )?(?:toe|foot|feet|sole|skin)|(?:a|the) burn (?:on|to)",
        r"abrasions?|lacerations?|gash\w*|scratch(?:ed|es)?\b|skinned|cut (?:myself|himself|"
        r"herself)|"
        r"(?:nail|toenail)s? (?:\w+ ){0,3}?dig(?:s|ging)? (?:in|into)|soggy|macerat\w*|"
        r"(?:skin|heels?|soles?)(?: \w+){0,3}? (?:has |have |is |are )?(?:cracked|split|splitting|"
        r"broken)|"
        r"\bbled\b|"
        r"sore (?:on|under|between|at) (?:the |my |his |her |ma )?(?:\w+ )?(?:foot|feet|toes?|heel|"
        r"sole|ankle|leg|instep|arch)|verruca\w*|"
        r"(?:wet|white) and (?:white|wet|soggy)|"
        r"(?:stood|standing|trod|stepped|stepping) on (?:a |an |some |the )?(?:\w+ )?(?:pins?|"
        r"nails?|"
        r"glass|tacks?|thorns?|needles?|splinters?|something sharp|shell|stone|lego)|"
        r"blood (?:on|in|from|between) (?:the |my |his |her )?(?:\w+ )?(?:socks?|sheets?|bed|floor|"
        r"tissue|towel|slippers?|shoes?|toes?|foot|feet|nail|skin|heel|sole|carpet|rug|bath)|"
        r"stubb?(?:ed|ing)? (?:my |his |her |the )?(?:\w+ )?toe|(?:nail|toenail) (?:is |has )?"
        r"(?:lifting|lifted|coming off|came off|fell off|falling off)",
    ),
    # Black or dead-looking: at any time an emergency (but a black toenail is a bruise).
    "black": (
        r"black(?:ened|ish|ening)?\b|dead[- ]looking|looks? dead|looking dead|gangren\w*|charcoal|"
        r"shrivel\w*|mummif\w*|withered|dried[- ]up (?:and )?(?:black|dark)|"
        r"(?:like|looks like) (?:coal|soot|a raisin|a prune|burnt)|"
        r"necro\w*|rotting|rotten (?:toe|skin|flesh)|dying (?:toe|skin|tissue)",
    ),
    # Severe pain: urgent on its own, stop when it comes with a named exercise.
    "severe_pain": (
        r"(?:severe|excruciating|unbearable|terrible|horrible|awful|extreme|intense|worst|"
        r"crippling|agonising|agonizing|really bad|very bad|so bad|very|extremely|incredibly|"
        r"unbelievabl[ey]|insane)\s+(?:\w+\s+)?(?:pain|painful|hurts?|ache|sore)",
        r"\bin agony|agony|(?:pain|hurts?|ache|sore\w*)(?: \w+){0,4}? (?:10|ten|9|nine) ?(?:/|"
        r"out of) ?(?:10|ten)",
        r"(?:can't|couldn't) (?:put|bear|take) (?:any )?weight|(?:can't|couldn't) walk",
    ),
    # Complete loss of movement: "can't move", "flops", "paralysed". Still subject to the
    # exercise's normal state ("can't move my pinky by itself").
    "weak_total": (
        r"(?:won't|don't|doesn't|didn't|not|aren't|isn't) respond\w*|unresponsive",
        r"(?:can't|couldn't|unable to|not able to|won't|wouldn't|incapable of|impossible to)"
        r" (?:even |really |properly )?(?:move|wiggle|wriggle|bend|flex|straighten|budge)\b",
        r"(?:stopped|stops|stop) (?:moving|working|responding|lifting|bending|going up|coming up|"
        r"obeying)",
        # Told as disobedience: "my toes stopped obeying", "won't do what I tell them".
        r"(?:stopped|stops|stop|won't|wouldn't|don't|doesn't|didn't|refus\w* to|not|aren't|isn't)"
        r" (?:\w+ )?(?:obey\w*|listen\w*|cooperat\w*|co-operat\w*|respond\w*|do(?:ing)? what i "
        r"(?:tell|want|ask)|do(?:ing)? anything)",
        r"(?:won't|wouldn't|doesn't|don't|didn't|stopped) work(?:ing)?\b(?! (?:out|on|with|for))",
        # A limb that will not answer: "won't answer me", "nothing happens when I tell it to lift",
        # "it just hangs there", "forgot how to hold me up", "folding under me".
        r"(?:won't|doesn't|don't|wouldn't|didn't|not|isn't|aren't) (?:\w+ )?(?:answer\w*|react\w*|"
        r"budge|come up|go up|lift up|rise|get up|pick up|come off the (?:floor|ground))",
        r"(?:tell|try|trying|tried|want|ask) (?:it|them|my \w+(?: \w+)?) to (?:\w+ )?(?:lift|move|"
        r"go up|"
        r"bend|point|wiggle|curl|press|push)(?:\W+\w+){0,4}?\W+(?:nothing|it won't|they won't|"
        r"it doesn't|"
        r"they don't|it dont|they dont|no movement)",
        r"(?:just |only )?(?:hangs?|hanging|dangl\w*|flopp\w*) (?:there|down|loose|limp)",
        r"(?:dey|is|are|just) hang(?:ing)?\b",
        r"forgot(?:ten)? how to (?:\w+ )?(?:hold|work|walk|move|lift|bend|stand)|"
        r"(?:won't|can't|couldn't|doesn't) (?:hold|carry|take) (?:me|my weight)(?: up)?|"
        r"(?:fold\w*|buckl\w*|collaps\w*|crumpl\w*|giv\w* way) (?:under|beneath) me",
        r"(?:lost|losing|loss of) (?:the |all |my )?(?:ability|power|"
        r"strength) to (?:\w+ )?(?:raise|"
        r"lift|move|bend|point|walk|stand|wiggle|flex|curl|push|press)",
        r"(?:can't|couldn't|cannot|unable to) (?:stand|walk|put (?:any )?weight) on (?:them|it|"
        r"my (?:feet|"
        r"legs|foot|leg))",
        r"refus\w* to (?:\w+ )?(?:lift|move|bend|go up|come up|rise|work|budge)|(?:on|"
        r"gone on) strike",
        r"slap\w* (?:my |the |his |her )?(?:\w+ )?(?:foot|feet)(?: down)?",
        r"(?:foot|feet|toes?|front of my foot) (?:\w+ ){0,5}?slap(?:s|ping|ped)? (?:on |against )?"
        r"(?:the )?(?:floor|ground)",
        r"(?:can't|couldn't|unable to|won't) (?:pull|lift|raise|bring|get|hold) (?:it|them|my "
        r"(?:\w+ )?(?:foot|toes?|feet)|the front of my foot) (?:back )?up",
        r"paraly[sz]\w*|palsy",
        r"flopp\w*|(?:toes?|foot|feet|it|they|legs?)\s+(?:\w+\s+){0,2}?flops?\b|flops? (?:down|"
        r"over|around|about)|(?:went|gone|goes|go|is|are|feels?|hangs?|hanging|hang) limp|lifeless|"
        r"dead weight",
        r"foot drop|drop foot|(?:foot|toes?) (?:\w+ ){0,2}?(?:drop(?:s|ped|ping)?|slap(?:s|ping)?|"
        r"drag(?:s|ged|ging)?)(?! (?:the|a|an|my|it|them|some|one|all|marbles?|towel)\b)|"
        r"drag(?:ging)? my (?:foot|leg|toes)|(?:catch|catching|tripping over) my "
        r"(?:toes|foot|feet)",
        r"no (?:movement|motion)|(?:lost|losing|loss of) (?:all )?(?:movement|motion|function|"
        r"the use)",
        r"(?:foot|toes?)(?:'s)? (?:\w+ ){0,3}?catch(?:es|ing)? (?:on )?(?:the )?(?:ground|floor|"
        r"carpet|"
        r"step|steps|stairs?|kerb|curb|rug)|tripping (?:more|a lot|all the time|over nothing|over "
        r"my own feet)",
    ),
    # The exercises' own verbs: "can't lift my 4th toe" is where training starts, not weakness,
    # unless a loss or onset cue says it is new ("any more", "suddenly", "at all").
    "weak_train": (
        r"(?:can't|couldn't|unable to|not able to|won't|doesn't|don't|didn't|isn't|aren't|not|"
        r"wouldn't|struggl\w* to|hard to|trouble|difficulty)(?: even| really| properly| also)? "
        r"(?:lift\w*|rais\w*|spread\w*|curl\w*|grip\w*|isolate|separate|control|move|push\w*|"
        r"point\w*|press\w*|flex\w*|com(?:e|ing) up|go(?:ing)? up|go\b|bend\w*|pick\w*(?: up)?|"
        r"grab\w*)\b",
        r"too weak to|(?:manage|do|can do|managing) (?:fewer|less)|fewer (?:\w+ )?(?:lifts|reps)|"
        r"less and less|"
        r"(?:fades?|fading|gives?|giving) out|clumsy|clumsier",
    ),
    # Partial weakness: "weak", "lost strength". Whether it is sudden is decided by context.
    "weak_partial": (
        r"weak\w*",
        r"(?:lost|losing|loss of|no|lack of|less|reduced|little|not much|zero) (?:the |my |all |"
        r"of )?(?:strength|power|force|grip)",
        r"(?:lost|losing|loss of) (?:the )?control(?! (?:of|over) (?:my )?(?:bladder|bowels?))",
        r"(?:toes?|foot|feet|legs?)\s+(?:isn't|aren't|is not|are not|not|won't|don't|doesn't)\s+"
        r"work(?:ing)?\b",
        r"giving way|gave way|gives way",
        r"(?:isn't|aren't|not|doesn't|don't) (?:\w+ )?work(?:ing)?\b(?! (?:out|on|with|for|from|at|"
        r"here|"
        r"today|tomorrow|this|that))",
        r"(?:legs?|foot|feet|knees?) (?:\w+ ){0,3}?(?:heavy|like lead|leaden|like jelly|jelly|"
        r"wobbly|buckl\w*|gave out|giving out)(?!\w)",
        r"(?:heavy|leaden|jelly) (?:legs?|feet|foot)",
    ),
    # Loss of feeling. "dead" and "asleep" are how people say it; "can't feel" only when what
    # follows is a body part, not "the stretch", "any pain" or "a difference".
    "numb": (
        r"num+b(?!er)\w*",
        r"num+n?ess|numbnes+|numbess",
        r"hyp(?:o|a)?a?esthesi\w*|an(?:a)?esthesi\w*|stocking (?:and glove )?distribution|"
        r"loss of (?:protective )?sensation",
        r"(?:can't|couldn't|don't|didn't|hardly|barely|scarcely|unable to)\s+(?:really |properly |"
        r"fully |even |quite |always )?(?:feel|sense)\s+(?:anything|nothing|a thing|much|my|me|"
        r"the|them|it|its|his|her|their|your|our|either|both|any of my|some of my|parts? of my|"
        r"half|toes?|foot|feet|when|where|properly|right|touch|temperature|hot|cold)\b"
        r"(?!\s+(?:any |much |a |the |of )?(?:pain|tingl\w*|burn\w*|discomfort|difference|change|"
        r"improvement|progress|stretch\w*|effect|benefit|unusual|wrong|bad|strange|weird|odd|"
        r"different|abnormal|new|off|special|better|worse|sore\w*|hurt\w*|ache)\b)",
        r"(?:no|lost|losing|loss of|lack of|less|reduced|decreased|little|not much|zero|without)"
        r" (?:the |any |all |my |their |its |some |much |of )?(?:feeling|sensation|sense of touch)"
        r"(?! of (?:improvement|progress|change|difference|benefit|success))",
        # Told by what the foot seems to be wrapped in or walking on: padding, not touch.
        rf"(?:wrapped|wrapped up|padded|covered|encased|coated|bound|swaddled) (?:up )?in "
        rf"(?:\w+ )?{_PADDING}",
        rf"(?:like|as if|as though|feels?)\b(?:\s+[\w']+){{0,6}}?\s+{_PADDING}",
        r"(?:can't|couldn't|don't|hardly|barely) (?:tell|"
        r"feel the difference between) (?:\w+ ){0,3}?"
        r"(?:hot|warm) (?:and|from|or) ?(?:cold|cool|\s)|(?:can't|couldn't) tell (?:if|whether|"
        r"how) "
        r"(?:\w+ ){0,3}?(?:hot|cold|warm)",
        r"(?:can|could) feel (?:[\w']+ ){0,6}?(?:but|and) (?:only )?(?:hardly|barely|scarcely|"
        r"not much|not "
        r"really|not|less) (?:at all )?(?:with|in|on|through) (?:the |my )?(?:left|right|other)",
        r"(?:only |don't |didn't |never )?notice (?:that )?(?:my )?(?:slippers?|shoes?|sandals?|"
        r"flip flops?)"
        r" (?:has |have |had )?(?:come|came|fallen|fell|slipped) off|(?:slippers?|shoes?|sandals?) "
        r"(?:keep |keeps )?(?:falling|coming|slipping) off (?:without|and i (?:don't|didn't))",
        r"(?:didn't|don't|never|couldn't) (?:even )?(?:feel|felt|notice|realise|realize) "
        r"(?:\w+ ){0,3}?(?:it|that|when|until|till|til|a thing|anything|the (?:cut|blister|wound|"
        r"splinter|"
        r"stone|pebble|glass|pin))",
        r"(?:feel(?:s|ing)?|felt) (?:like )?(?:dead|wooden|like wood|like cardboard|"
        r"like cotton(?: wool)?|"
        r"like rubber|nothing(?! (?:unusual|wrong|bad|strange|new|different|odd))|"
        r"like (?:it's|they're|they are|it is) not (?:mine|there)|(?:like|as though|as if) (?:it|"
        r"they|"
        r"it's|they're) "
        r"(?:belongs?|belonging) to (?:someone|somebody) else)",
        r"(?:toes?|foot|feet|legs?|it|they)\s+(?:\w+\s+){0,4}?(?:fell|falls|falling|fallen|gone|"
        r"went|goes|going|is|are|keeps?|was|were|been|feel|feels|felt|feeling)\s+(?:\w+\s+){0,2}?"
        r"(?:to\s+)?asleep",
        r"like (?:it's |it is |they're |they are |it |they )?(?:fallen )?asleep|(?:feels?|feel|"
        r"felt) "
        r"asleep",
        r"(?:toes?|foot|feet|legs?)\s+(?:\w+\s+){0,2}?(?:fell|falls|falling|fallen|gone|went|goes|"
        r"go|"
        r"going|keeps? going)\s+to\s+sleep",
        r"(?:toes?|foot|feet|legs?|it|they)(?:'s| is| are| feels?| went| gone| has gone| have "
        r"gone)?(?: \w+){0,3}? dead\b(?! (?:stiff|tired|easy|good))",
        r"(?:like|as though|as if) (?:it|they|it's|they're|my \w+) (?:\w+ )?(?:belongs?|"
        r"belonging) to "
        r"(?:someone|somebody) else|(?:feels?|feel|felt) (?:\w+ ){0,2}?far away",
        r"(?:not|isn't|aren't|doesn't|don't) (?:feel(?:ing)? )?like (?:it's |they're |it is |"
        r"they are )?(?:mine|my own|part of me)",
        r"(?:like|as if|as though) (?:it|they|the \w+)(?:'s|'re| is| are)? ?(?:not|isn't|aren't) "
        r"(?:mine|my own|there|part of me|attached)",
    ),
    # Abnormal sensations the articles call out: tingling, burning, electric, radiating.
    "abnormal": (
        r"tingl\w*|tingel\w*",
        r"pins?[\s-]*(?:and|&|n|'n'|\+|-n-)?[\s-]*needles?|pins?[\s-]*(?:and|&|n)[\s-]*needless",
        r"burn(?:ing|s|y)\b",
        r"(?:toes?|feet|foot|soles?|heels?) (?:\w+ ){0,2}?burn\b",
        r"(?:feels?|is|are|like|feet|toes?|foot|sole) (?:like (?:it's|they're) |like )?on fire",
        r"fizz\w*|zap(?:s|ping|py)?\b|zing\w*|prickl\w*|crawling|creepy[- ]crawly|formication",
        r"electric(?:al)?(?:[- ]like)?\s+(?:shocks?|feelings?|sensations?|current|jolts?|pulses?|"
        r"pains?|zaps?|tingl\w*)|electric[- ]like|like electricity|electricity",
        r"shocks? (?:of|feeling|sensation|going|running|through|into|down|up|in)",
        r"(?:stabbed|pricked|stuck) with (?:pins|needles)|like (?:pins|needles)|needles? (?:in|"
        r"into)",
        r"like walking on (?:pebbles|marbles|glass|gravel|stones|cotton|sand|rocks|a ball)",
        r"(?:jolts?|bolts?) (?:of|through|into|down)",
        r"shooting (?:\w+ )?(?:pains?|sensations?|feelings?|things?|up|down|into|through|along|"
        r"from)|"
        r"(?:red[- ])?hot pokers?|(?:like )?(?:knives|daggers|a knife|a wire being pulled|a wire)|"
        r"shoots? (?:up|down|into|through)",
        r"radiat(?:ing|es|ed)",
        r"(?:runs?|running|travels?|travell?ing|goes|going|shoots?|spreads?|spreading) "
        r"(?:down|into|through|along) (?:my |the )?(?:legs?|foot|feet|toes?|calf|shin|sole)",
        r"hypersensitiv\w*|over[- ]?sensitive|sensitive to (?:touch|the touch)",
        r"par(?:a)?esthesi\w*|dys(?:a)?esthesi\w*|allodyni\w*|neuropathic",
        r"buzz(?:ing|y|es|ed)?\b|vibrat\w*|(?:foot|feet|toes?|heel|sole|leg)s? (?:\w+ )?hum(?:s|"
        r"ming)?\b",
        r"feels? (?:\w+ )?(?:cold|icy|hot|wet|damp)\W* (?:but|yet|though) (?:it's |it is |"
        r"it )?(?:isn't|is not|"
        r"not|it's not|doesn't)",
        r"full of (?:ants|bees|insects|pins|needles|static|electricity|bubbles)|like pepper|"
        r"peppery|"
        r"(?:scratch\w*|itch\w*|prickl\w*) (?:me )?inside",
        r"ants? (?:\w+ ){0,2}?(?:crawl\w*|march\w*|walk\w*|running|waka)|like (?:ants|insects|bugs|"
        r"spiders)|static\b(?! (?:stretch\w*|hold\w*|exercis\w*|position|balance))",
        r"like (?:i'(?:ve|d) |i have |i had )?(?:been )?(?:sat|sitting) on (?:it|them|my \w+)|"
        r"(?:feeling|sensation|feels?|like)\b[\w ]{0,30}?\b(?:trickl\w*|dripp\w*|pour\w*|crawl\w*)",
        r"like (?:\w+ )?(?:electric )?shocks?|like lightning|little (?:electric )?shocks",
        r"like (?:there's|there is|i've got|i have|a|an) (?:a )?(?:little |small |tiny )?(?:stone|"
        r"pebble|grain of sand|marble|lump|ball|bunched sock)",
        # Named by the patient; we do not diagnose, but the words report nerve symptoms.
        r"neuropath\w*|sciatica|(?:pinched|trapped|compressed) nerve|nerve (?:pain|damage|"
        r"compression|problems?)|neuroma",
    ),
    # "My toes feel weird": vague, so it must be anchored to the body (see _NEEDS_BODY).
    "odd_sensation": (
        r"feel(?:s|ing)? (?:really |very |a bit |so |kind of |sort of )?(?:weird|funny|strange|odd|"
        r"off|wrong|not right|abnormal|tingly|prickly|electric|fuzzy|furry|woolly|like (?:ants|"
        r"insects|"
        r"bugs))",
        r"(?:feeling|sensation)(?:'s| is) not (?:quite )?(?:right|normal)|(?:gone|went|"
        r"going) (?:all )?"
        r"(?:funny|weird|strange|odd)|"
        r"(?:doesn't|don't|didn't|not|isn't|aren't) feel(?:ing)? (?:right|normal|the same|like "
        r"(?:mine|my own|part of me))",
    ),
    # Balance counts with other signs or a sudden onset, never during single-leg work.
    "balance": (
        r"(?:lost|losing|loss of|lose|no|off|poor|trouble with|problems? with|keep losing)\s+"
        r"(?:my |the |your )?balance",
        r"dizz\w*|vertigo|(?:room|world|everything) (?:is |was |keeps )?spinning|unsteady",
        r"(?:can't|couldn't|unable to) (?:walk straight|stand up straight|keep my balance|"
        r"stay upright|stand up)",
        r"keep falling|falling over",
    ),
    # Visible new deformity (article: clawing, overlapping).
    "deformity": (
        r"claw\w*|hammer[- ]?toes?|mallet toes?",
        r"curl(?:ing|ed|s)? (?:under|down|over|up and (?:won't|can't|don't))|curled[- ]under",
        r"over-?lap\w*",
        r"(?:cross|crosses|crossing|crossed|drift\w*|rid(?:ing|es)|sit(?:s|ting)|slid(?:ing|es)|"
        r"lean(?:s|ing)|mov(?:es|ing)|push(?:es|ed|ing)|climb(?:s|ing)) (?:over|under(?:neath)?|"
        r"on top of|onto|up onto|up on|across|towards?) (?:the |my |its |each )?(?:other |big |"
        r"second |next |neighbou?ring )?(?:toes?|one)",
        r"sticks? up|sticking up|deform\w*|misshapen|crooked|bent (?:toes?|over|under|sideways)",
        r"toes? (?:\w+ ){0,2}(?:is|are|has|have|looks?|gone|going|getting) (?:more |very |really )?"
        r"(?:bent|crooked|twisted)",
        # A toe moving onto its neighbour, in any words: "my 2nd toe is going over the big toe".
        r"toes? (?:\w+ ){0,4}?(?:over|under(?:neath)?|on top of|onto|across) "
        r"(?:the |my |its |each )?(?:\w+ )?(?:toes?|one)",
        r"(?:sits?|sitting|rides?|riding|is|are) on top(?! of (?:the )?(?:towel|mat|ball|"
        r"marbles?))",
        r"toes? (?:\w+ ){0,2}?bend(?:s|ing)? (?:down|up|sideways|over) at",
        # A shape that is changing, told as a process: "curling more than it used to", "starting
        # to tuck under", "leaning more each week", "sits higher than the others now".
        rf"{_SHAPE_VERB} (?:\w+ ){{0,5}}?{_SHAPE_PROCESS}",
        r"toes? (?:are |is |keep |keeps )?(?:crossing|overlapping|over-?lapping)",
        r"(?:like a |into a )hook|hooked (?:toes?|over)|curly toes?|like a (?:little |tiny |"
        r"small )?"
        r"(?:hammer|claw|hook)|bent (?:up|down|over) at the (?:knuckle|joint|middle)|(?:curl|bend|"
        r"cross)\w* now\b(?=[^.!?]*"
        r"\b(?:didn't|did not|weren't|wasn't|never)\b)",
        r"(?:cross\w*|overlap\w*|rid\w*|lean\w*|push\w*) (?:over |into |onto |on )?(?:each other|"
        r"one "
        r"another)",
        r"arch(?:es)? (?:\w+ ){0,3}?(?:flatter|flattened|flattening|collaps\w*|dropp\w*|fallen|"
        r"sinking|gone flat)|(?:flatter|collapsed|fallen|dropped) arch|"
        r"(?:changed|changing|changes|different|new|odd|weird|funny|strange) shape|"
        r"shape (?:of (?:\w+ ){1,3}?)?"
        r"(?:has |have |is |are )?(?:been )?chang\w*|out of shape",
        rf"{_SHAPE_PROCESS} (?:\w+ ){{0,3}}?{_SHAPE_VERB}",
        r"(?:sit(?:s|ting)?|stick(?:s|ing)?|stand(?:s|ing)?|point(?:s|ing)?|rid(?:es|ing)) "
        r"(?:up )?(?:higher|lower|sideways|at an angle)(?: than (?:the )?others?)?",
        r"(?:bent|kinked|buckled) (?:in the middle|at the (?:middle|joint|knuckle))|"
        r"(?:tuck\w*|fold\w*|curl\w*) (?:itself |themselves )?(?:under|underneath|beneath|in)\b"
        r"(?! me\b)",
        r"(?:lump|bump|bony bit|bone|knob|knuckle) (?:\w+ ){0,4}?(?:growing|grown|getting bigger|"
        r"bigger|larger|sticking out more)",
    ),
    "bunion": (r"bunion\w*",),
    "lump": (
        r"(?:new |growing )?lumps?\b|(?:new |growing )?bumps?\b|bony (?:bit|lump|bump|knob)|"
        r"knobbl\w*|bone (?:sticking|poking) out",
    ),
    # "No improvement" phrases carry their own negation, so negation is not applied to them.
    "no_improvement": (
        r"no (?:real |visible |noticeable |significant |obvious |big )?(?:improvement|progress|"
        r"difference)",
        r"no better|not (?!sure)(?:\w+ ){0,2}?(?:improv\w*|better|progress\w*)",
        r"(?:isn't|aren't|hasn't|haven't|don't|doesn't|didn't|won't|never)\s+(?:\w+\s+){0,2}?"
        r"(?:getting |got |gotten |any |much |seem to (?:be )?)?(?:better|improv\w*|progress\w*|"
        r"difference)",
        r"nothing (?:is |has |'s |seems to be )?(?:getting |got |gotten |been )?(?:better|"
        r"improv\w*|work\w*|help\w*)",
        r"(?:exercises?|drills?|it|this|programme|program|routine|practice|they)"
        r"(?: is| are|'s|'re)? (?:not|isn't|aren't|doesn't|don't|didn't) "
        r"(?:really |seem to |seems to )?(?:help\w*|work\w*)",
        r"plateau\w*|zero progress|no gains?",
    ),
    # Weaker forms that need a progress context ("no change after 8 weeks").
    "no_change": (
        r"no change|still the same|nothing (?:has )?changed|(?:hasn't|haven't) changed|"
        r"stuck(?: at)?",
        r"same as (?:before|when i (?:started|began)|day one|week one|ever)",
        r"(?:just |exactly |still )?as \w+ as (?:on |at )?(?:day (?:one|1)|the first day|the start|"
        r"the "
        r"beginning|when i (?:started|began)|before|ever)",
        # "zero change", "no straighter", "can't see any improvement", "haven't changed at all".
        r"(?:no|not|nothing|zero|hasn't|haven't|didn't|don't|doesn't|isn't|aren't|can't|couldn't|"
        r"not seeing|not noticing)(?: [\w']+){0,3}? (?:any |much |"
        r"a |discernible |noticeable |visible |real )?(?:better|improv\w*|progress\w*|difference|"
        r"different|change[ds]?|changing|benefit|results?|effect|"
        r"straighter|stronger|easier|looser|further|gains?)\b",
        r"(?:exactly |just |still |pretty much |basically |totally )?(?:the )?same as (?:before|"
        r"when|"
        r"the (?:first|1st) (?:day|week)|day (?:one|1)|week (?:one|1)|at the start|the start|the "
        r"beginning|ever|always|it was)|(?:looks?|feels?) (?:exactly |just )?(?:like|the same as) "
        r"(?:before|when|they did|it did)|exactly the same|exactly like before|unchanged|"
        r"no different|(?:hasn't|haven't|didn't) (?:\w+ )?(?:changed|budged|moved on|shifted)|"
        r"nothing (?:has |have |'s )?(?:changed|budged|moved|shifted|improved)|"
        r"not (?:one|a) (?:bit|jot|iota|tiny bit)",
        r"still (?:at )?(?:baseline|the baseline|zero|square one)|back to (?:square one|baseline)|"
        r"(?:exactly |just )?where (?:it|they|i|we) started|see(?:ing)? nothing|nothing to show|"
        r"no results?|same as day (?:one|1)|"
        r"(?:still )?(?:all )?move (?:as a gang|as one|together|as a group|all together)|"
        r"no (?:more|less|better|further|stronger|looser|straighter|freer) (?:\w+ )?than (?:when|"
        r"before|"
        r"at|they were|it was)|nothing's changed",
        r"(?<![\w'] )nothing(?= *(?:[.!]|$))",
        r"(?:thought|hoped|expected|assumed) (?:it|they|i|my \w+)(?:'d| would| will|"
        r"'ll)? (?:be )?(?:\w+ )?"
        r"(?:better|improv\w*|stronger|looser|easier)(?: by now)?|should (?:be|have) (?:\w+ )?"
        r"(?:better|improved) by now|not (?:\w+ )?(?:better|improved) by now|"
        r"still (?:at )?zeros?\b",
    ),
    # Systemic signs: with a local sign of infection, an emergency.
    "fever": (
        r"fever\w*|febrile|temperature of|high temp\w*|(?:have|got|running|with|had) a (?:high )?"
        r"temp(?:erature)?|temp(?:erature)? (?:is )?(?:high|up|of \d)",
        r"chills|shiver\w*|rigou?rs|the shakes|shaking (?:all over|uncontrollabl\w*)|"
        r"(?:night )?sweats|sweating (?:a lot|buckets)|flu[- ]?like",
        r"feel(?:ing)? (?:very |really |so |quite )?(?:ill|unwell|sick|awful|terrible|rough)",
        r"confus\w*|drowsy|delirious",
        r"(?:i'm|i am|i feel|feeling|i've been|been|got|gone|she's|he's|and) (?:so |very |really |"
        r"all |a bit |quite )?(?:hot and (?:shaky|shivery|sweaty|cold)|shaky|shivery|feverish|"
        r"clammy|burning up|boiling up|hot and cold|sweaty and shaky)",
        r"(?:muddled|foggy|woozy|disorient\w*|not making (?:any )?sense|talking (?:nonsense|"
        r"gibberish|rubbish)|not (?:herself|himself|myself|themselves)|out of it|spaced out|"
        r"can't think (?:straight|clearly)|away with (?:the fairies|it)|not with it)",
        r"(?:head|mind|brain|thinking) (?:\w+ ){0,2}?(?:muddled|foggy|fuzzy|cloudy|all over)",
        r"teeth (?:are |were )?chattering|can't stop shaking|shaking (?:like a leaf|all night)",
        r"(?:i'm|i am|been|she's|he's) (?:\w+ )?shaking\b|can't get warm|(?:can't|cannot) warm up",
    ),
    # Infection, local signs. Before "pale" so that "yellow fluid" is pus, not a colour.
    "pus": (
        r"pus\b|pus-?filled|ooz\w*|discharg\w*|weep(?:s|ing|y)\b",
        r"leak(?:s|ing|ed)? (?:\w+ )?(?:fluid|liquid|pus|stuff|goo)",
        r"(?:sore|wound|cut|blister|ulcer|graze)s? (?:[\w']+ ){0,4}?(?:leak\w*|ooz\w*|weep\w*|"
        r"drain\w*|"
        r"discharg\w*)|fluctuan\w*|purulen\w*|exudat\w*|abscess\w*",
        r"(?:yellow|green|white|smelly) (?:stuff|fluid|liquid|goo|gunk|crust|head|centre|center)",
        r"(?:going|gone|turning|turned) (?:yellow|green)(?:ish)? (?:in the (?:middle|centre|"
        r"center)|"
        r"at the (?:top|centre|center|middle))",
        r"smell(?:s|y)? (?:bad|awful|foul|funny|off|rotten|horrible|a bit|a little|odd|strange|"
        r"weird|(?:like|of) (?:cheese|rot\w*|death|vinegar|something (?:died|dead|off|rotten)|"
        r"infection|pus|meat))|(?:bad|foul|funny|strange) smell|(?:gone|going|looks?|"
        r"looking) (?:soft and )?wet",
    ),
    # Circulation: colour and temperature must be anchored to the body (see _NEEDS_BODY).
    "pale": (
        r"pale\w*|white\w*|bluish|blue\w*|purpl\w*|grey\w*|gray\w*|ashen|mottled|blotchy|dusky|"
        r"yellow(?:ish|ed|ing)?|"
        r"dark(?:er|ened|ening)?\b|discolou?r\w*",
        r"(?:changed|changing|change(?:s|d)? of|different|funny|weird|strange|odd) colou?r",
        r"colou?r (?:has )?chang\w*|colou?r change",
        r"colou?r of (?:a )?(?:bruise|plum|aubergine|ink|slate|ash|putty|wax|a corpse|death)|"
        r"bruise[- ]colou?red|(?:white|pale) as (?:paper|a sheet|chalk|snow|milk)|(?:looks?|gone|"
        r"went|"
        r"turned|purple|blue|dark) (?:\w+ ){0,2}?like a bruise",
    ),
    "cold": (
        r"cold(?:er)?\b|icy|ice[- ]cold|freez\w*|chill(?:y|ed)|frozen|cool to (?:the )?touch|"
        r"like ice\b|like (?:a )?(?:block of ice|ice ?cubes?|an ice ?cube)",
    ),
    # More local signs of infection: red, hot, swollen.
    "red": (
        r"red|reddish|redder|flushed|angry(?:[- ]looking)?|erythema\w*|"
        r"(?:gone|going|turned|turning|getting|gotten) (?:a bit |quite |very )?pink(?:ish|er)?",
    ),
    "redness": (r"redness|reddened|reddening|inflamed|inflammation",),  # read as "red"
    "hot": (r"hot\b|warm(?:er|th)?\b|heat\b",),
    "swollen": (
        r"swol+e?n|swell\w*|puff(?:y|ed|iness)|bloated|oedema|edema|gout\w*",
        r"fat(?:ter)? (?:toe|foot|ankle)|(?:bigger|larger) than (?:the other|usual|normal|before)",
        r"(?:foot|feet|toes?|ankles?|legs?) (?:\w+ ){0,3}?(?:fatter|puffier|thicker|chubbier|"
        r"podgier|bigger than (?:the other|usual|normal|before))",
        r"socks? (?:\w+ ){0,2}?(?:leav\w*|left) (?:deep |big |red )?(?:marks|dents|lines|grooves|"
        r"rings)",
        # Told by footwear that no longer fits.
        r"(?:shoes?|slippers?|boots?|trainers|sneakers|sandals|socks?|footwear)(?: [\w']+){0,5}? "
        r"(?:(?:feel|feels|felt|are|is|got|getting|gone) (?:\w+ )?)?(?:tight|tighter|too small|too "
        r"tight|(?:don't|doesn't|won't|wouldn't|didn't|no longer|not) (?:\w+ )?fit|dig(?:s|"
        r"ging)? in|"
        r"cutting in|pinch\w*)",
        r"(?:can't|couldn't|cannot) (?:get|fit|squeeze) (?:my )?(?:\w+ )?(?:foot|feet|toes?) "
        r"(?:in|into)|(?:can't|couldn't|cannot) (?:get|fit) (?:my |into my )?(?:\w+ )?(?:shoes?|"
        r"slippers?|boots?|trainers) on",
    ),
    "infected": (r"infect\w*|abscess\w*|cellulitis",),
    # Pain: during or after an exercise -> stop; severe pain without an exercise -> urgent.
    "pain": (
        r"pain(?:s|ful|fully|ed)?\b|hurt\w*|ach(?:e|es|ing|y|ey|iness|ier|iest)\b|sore\w*|"
        r"tender\w*|"
        r"throb\w*|stab(?:s|bing|bed|by)?\b|twinge\w*|cramp\w*|spasm\w*|agon\w*|ouch|ow+\b|owie|"
        r"discomfort|sting(?:s|ing)\b|stung\b|"
        r"pinch(?:es|ing|ed)?|uncomfortable",
        r"(?:toes?|foot|feet|heels?|soles?|arch|ankles?|legs?|back|knees?|it|it's|they|they're)"
        r" (?:\w+ ){0,2}?kill(?:s|ing|ed) me|backache",
        r"sharp (?:feeling|sensation|twinge)",
        r"(?:is|are|was|were|'s|'re) (?:absolute |pure |sheer |bloody )?murder\b",
        r"strain(?:ed|ing)?\b|tweak(?:ed)?\b|ouchy|owwy|pangs?\b|jabs?\b|pain(?:ing|in)\b|"
        r"(?:hollerin\w*|holler\w*|screaming|shouting|yelling|complaining|protesting|crying out|"
        r"barking)"
        r" at me|can't tahan|cannot tahan|winc(?:e|es|ed|ing)\b|"
        r"made me (?:\w+ )?(?:swear|"
        r"scream|yelp|cry|yell|jump|gasp)",
    ),
    "worse": (
        r"wors(?:e|ening|ened)\b|getting bad|more (?:painful|sore|numb|tingly)|flar(?:e|es|ed|ing)"
        r"(?: up)?",
    ),
}


# All concepts in one alternation with a named group each, tried at every word start (see
# _find_mentions), so a mention nested in a longer phrase of another concept is still found at
# its own word. Where two concepts start at the same word, the one earlier in _LEXICON wins:
# hence its order, most specific first.
def _concept_regex(lexicon: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    return re.compile(
        "(?:"
        + "|".join(rf"(?P<{name}>(?:{'|'.join(alts)})(?!\w))" for name, alts in lexicon.items())
        + ")"
    )


_WORD_START_RE: Final = re.compile(r"(?<!\w)\w")


def _grouped(subset: Sequence[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """(concept, alternative) pairs back into the lexicon's shape, order kept."""
    out: dict[str, list[str]] = {}
    for name, alt in subset:
        out.setdefault(name, []).append(alt)
    return {name: tuple(alts) for name, alts in out.items()}


# The lexicon is tried at every word start; only the alternatives that can start with the
# word's first letter are (bot/domain/triage/regex.py: same matches as the whole alternation).
_CONCEPTS: Final = FirstCharAlternation(
    [(name, alt) for name, alts in _LEXICON.items() for alt in alts],
    lambda subset: _concept_regex(_grouped(subset)),
)

# Concepts whose words are everyday words elsewhere ("hot water", "a dark room"): they count only
# next to a body word, or after "it"/"they" when the message names a body part somewhere.
_NEEDS_BODY: Final = frozenset({"cold", "pale", "black", "red", "hot", "infected", "odd_sensation"})

# Concepts matched apart only because one needs the body and the other does not.
_ALIASES: Final = {"redness": "red"}
# One phrase, two concepts.
_SPLITS: Final = {"numb_weak": ("numb", "weak_total")}

# When two mentions overlap, the left concept wins over the right one(s).
_OVERRIDES: Final[dict[str, frozenset[str]]] = {
    "wound": frozenset({"pain"}),  # "a sore on my toe" is a wound, not pain
    "general_emergency": frozenset({"pain"}),
    "no_pulse": frozenset({"numb"}),  # "can't feel the pulse"
    "bladder": frozenset({"weak_partial", "weak_train", "numb"}),
    "saddle": frozenset({"numb"}),
    "spreading": frozenset({"red", "redness"}),
    "wound_worse": frozenset({"worse", "wound", "pain", "no_improvement"}),
    "severe_pain": frozenset({"pain"}),
    "speech": frozenset({"weak_train", "weak_total"}),
    "vision": frozenset({"numb"}),
    "deformity": frozenset({"weak_train"}),
    "weak_train": frozenset({"weak_partial"}),  # "too weak to drag the towel": the training
    "weak_total": frozenset({"weak_train", "weak_partial"}),
    "black": frozenset({"pale", "wound"}),
    "face": frozenset({"weak_partial", "numb"}),
    "abnormal": frozenset({"pain", "hot"}),  # "burning pain" is a sensation, "burning hot" too
    "no_improvement": frozenset({"no_change", "weak_partial", "weak_train"}),
    "ulcer": frozenset({"wound"}),
    "balance": frozenset({"weak_train", "weak_total"}),
}

# --------------------------------------------------------------------------------------------
# 5. Context cues
# --------------------------------------------------------------------------------------------

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
_POST_NEG_RE: Final = re.compile(
    r"\s*[:?=-]*\s*(?:no|none|nope|nah|nil|not really|not at all|absent|zero|"
    r"0(?:/10)?)\s*(?:[,.;!]|$)"
)
_WORD_RE: Final = re.compile(r"[a-z0-9']+")
_NEG_WINDOW: Final = 8  # words between a cue and the symptom it still governs

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
# Questions about what could happen, not reports: "what if my toes go numb?".
_HYPO_RE: Final = re.compile(
    r"\b(?:what if|what happens if|what would happen if|what (?:should|do|would|can) i do if|"
    r"in case|suppose|supposing|imagine|hypothetically|if ever|"
    r"(?:is|would) it (?:bad|normal|ok|okay|serious|dangerous|a problem) if|"
    r"what (?:does|would) it mean if|how (?:do|would|will|can) i (?:know|tell)|"
    r"when (?:should|do|would|must) i|(?:can|could|will|would|might|does|do) (?:\w+ ){1,3}?"
    r"(?:cause|lead to|give (?:you|me|people)|trigger|result in|make)|"
    r"(?:can|could|will|would|might) (?:my (?:\w+ ){1,2}|i |it |they |this |these )"
    r"(?:go|get|become|turn|end up)|"
    r"(?:can|could|do|does) (?:you|one|people|anyone|someone|diabetics) (?:get|have|develop|feel)|"
    r"(?:risk|chance|danger) of|warning signs?|(?:what's|what is) the difference between|"
    r"reading up|"
    r"just reading|i read (?:that|about|online|somewhere)|(?:scared|afraid|worried|"
    r"frightened) (?:that )?(?:i'll|ill|i will|"
    r"i might|i'd|of|to) |danger signs?|signs? (?:of|to watch|to look)|"
    r"(?:says?|said|told (?:me|us)|leaflet|instructions?|advice)(?: \w+){0,4}? if\b|"
    r"(?:can|could|should|may) i (?:still )?(?:do|try|start|continue) (?:\w+ ){0,3}?(?:with|"
    r"if i have|"
    r"despite)|"
    r"symptoms? (?:of|to (?:look|watch)))"
)
# Questions that wrap the symptom word itself: "what does numbness feel like?".
_HYPO_AROUND_RE: Final = re.compile(
    r"\bwhat (?:does|do|would|should|will|is|are) (?:\w+ ){0,3}?(?:feel|look|mean|cause)s? like\b"
    r"|\b(?:is|are|can|could) (?:(?!my\b|mine\b)\w+ ){1,3}?(?:a |an )?(?:sign|symptom|side[- ]"
    r"effect|warning sign)s?\b"
    r"|\bwhat (?:is|are|causes?) (?:a |an )?(?:(?!my\b)\w+ ){0,2}?(?!my\b)\w+\?"
)
# "tingling can be a bad sign": the symptom spoken of in general.
_GENERAL_AFTER_RE: Final = re.compile(
    r"\s+(?:can|could|may|might|is|are) (?:be |mean )?(?:a |an )?(?:\w+ )?(?:sign|symptom|warning)"
)
_IF_RE: Final = re.compile(r"\bif\b")
# "wonder if", "not sure if": an indirect question about something real, so not hypothetical.
_INDIRECT_IF_RE: Final = re.compile(
    r"\b(?:wonder(?:ing)?|sure|unsure|know|knows|asking|ask|check(?:ing)?|see|tell|unclear|idea|"
    r"doubt)\s+if\b"
)
_QUESTION_OR_MODAL_RE: Final = re.compile(
    r"\?|\b(?:what|should|shall|will|would|could|how|why|worry|worried|mean|means)\b|'ll\b"
)
# In "if I spread them it hurts" the "if" is habitual: an action comes before the symptom.
_ACTION_RE: Final = re.compile(
    r"\b(?:spread\w*|lift\w*|do|does|did|doing|press\w*|push\w*|walk\w*|stand\w*|stretch\w*|"
    r"rotat\w*|turn\w*|curl\w*|scrunch\w*|move|moving|bend\w*|try|tried|put|pick\w*|thread\w*|"
    r"wear\w*|sit|sitting|run\w*|touch\w*)\b"
)
# "if I spread them", "if you press": the patient's own action after "if" makes it habitual;
# "if my toes turn blue" is a question about what could happen.
_IF_I_ACT_RE: Final = re.compile(
    r"\s+(?:i|you|we|i've|i'm)\s+(?:\w+\s+)?(?=" + _ACTION_RE.pattern[2:-2] + r"\b)"
)
_SIGNS_QUESTION_RE: Final = re.compile(
    r"\b(?:warning signs?|red flags?|danger signs?|"
    r"what (?:should|do) i (?:look|watch) (?:out )?for|"
    r"when (?:should|do) i (?:worry|see|call|contact|stop|go))\b"
)

# Someone else as the experiencer: "my mum", "her toes", "a friend".
_RELATIONS: Final = (
    r"(?:mum|mom|mam|mother|dad|father|husband|wife|partner|son|daughter|kid|kids|child|children|"
    r"baby(?! toes?\b)|friend|friends|brother|sister|grandma|gran|granny|grandmother|grandpa|"
    r"grandad|granddad|"
    r"grandfather|nan|nana|grandson|granddaughter|grandchild|grandkid|grandkids|stepson|"
    r"stepdaughter|stepmum|stepdad|aunt|auntie|uncle|cousin|neighbou?r|boss|colleague|coworker|"
    r"co-worker|"
    r"boyfriend|girlfriend|bf|gf|fianc[eé]e?|flatmate|roommate|niece|nephew|"
    r"in-laws?|father-in-law|mother-in-law|dog|cat|pet|teacher|coach|trainer|carer|caregiver|"
    r"sibling|spouse|patient|client|nurse|doctor|physio|podiatrist|flatmate|housemate)s?"
)
# "my wife pointed it out", "my husband says": someone who reports, not the one with the sign.
_REPORTER_RE: Final = re.compile(
    r"\s+(?:\w+\s+)?(?:says?|said|saying|noticed|notices|pointed|points|told|tells|thinks?|thought|"
    r"saw|sees|spotted|spots|asked|asks|reckons|mentioned|wants|made|helped|helps|checked|"
    r"looked|found|is worried|was worried|keeps saying)\b"
)
_REPORTED_SELF_RE: Final = re.compile(r"\b(?:my|i|i'm|i've|me|there's|there is|there are)\b")
_OTHER_PERSON_RE: Final = re.compile(
    r"\b(?:(?:my|our|his|her|their|a|the)\s+(?:(?:best|old|little|older|younger|elderly|late|"
    rf"\w+'s)\s+)?{_RELATIONS}|(?:^|(?<=[.!?] ))(?:mum|mom|dad|grandma|gran|nan|grandad|"
    rf"grandpa)(?:'s|s)?|"
    r"he|she|him|her|his|hers|he's|she's|someone|somebody|"
    r"anyone|anybody|people|others)\b"
)
# "me" in a comparison or as an object ("diabetic like me", "she told me") is not the experiencer.
# "a scratch from the dog's claw", "kicked by my son": a cause, not the one with the sign.
_AGENT_RE: Final = re.compile(r"\b(?:from|by|off) (?:the |my |a |our |his |her )?$")
# "tell someone", "ask anyone": a person named as the one to tell, not the experiencer.
_ASKED_OF_RE: Final = re.compile(r"\b(?:tell|told|ask|asked|call|contact|see|show|showed) $")
_SELF_RE: Final = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|(?<!like )(?<!than )(?<!as )(?<!with )(?<!told )(?<!tell )"
    r"(?<!asked )(?<!for )(?<!to )me|myself|mine|my)\b"
)

# Someone writing for the patient: "this is his daughter", "I'm mum's carer", "typing for her".
# Then "he", "she" and "dad" are the patient, and their symptoms are triaged as the patient's.
_CARER: Final = (
    rf"(?:{_RELATIONS}|carer|caregiver|care giver|nurse|helper|support worker|home help|pa)"
)
_CAREGIVER_RE: Final = re.compile(
    rf"\b(?:(?:this is|it's|its|i'm|i am|here is|here's|writing as) (?:his|her|their|the "
    rf"patient's|\w+'s) (?:\w+ )?{_CARER}"
    r"|(?:writing|typing|messaging|texting|answering|replying|using (?:his|her|their) phone)"
    r" (?:this |these |for now )?(?:for|on behalf of) (?:him|her|them|my \w+)"
    r"|on (?:his|her|their|my \w+'s) behalf"
    r"|(?:he|she|they) (?:can't|cannot|doesn't|don't|isn't able to|is unable to) (?:type|text|"
    r"use (?:the|his|her|a) phone|see the screen|read (?:this|the messages?))"
    r"|(?:my \w+|he|she) is the patient|(?:he|she)'s the patient|the patient is my \w+"
    rf"|(?:my|his|her|their) (?:\w+ )?{_CARER} (?:here |is )?typing"
    r"|i help (?:him|her|them|my \w+) with (?:the|this|his|her) (?:app|bot|phone|messages|chat)"
    r"|i (?:look after|care for|take care of|am looking after) (?:him|her|them|my \w+)"
    r"|(?:he|she)(?:'s| is) the one (?:on|doing) (?:the|this|these)"
    r"|(?:too \w+|embarrassed|unable|not able) to (?:type|write|text) (?:it |this )?(?:him|her)self"
    r"|(?:he|she|\w+) (?:asked|wants|wanted|told) me to (?:tell|write|message|text|let|type)|"
    r"says to tell you"
    rf"|^\W*(?:(?:his|her|their|the patient's|my) )?{_CARER} (?:here|typing|writing)\b"
    r"|(?:carer|caregiver) here|here (?:\w+ )?for (?:mrs|mr|ms|miss|madam|ma'am|maam|sir|"
    r"my (?:employer|"
    r"boss|patient)) ?\w*"
    r"|(?:madam|ma'am|maam|sir|my employer|the patient)(?:'s| is| says| said| has| asked| asks|"
    r" feels| "
    r"wants|\b)"
    rf"|(?:i'm|i am|as) (?:the |his |her |their |\w+'s )?(?:main )?(?:carer|caregiver|care giver)"
    rf"|(?:i|we) (?:do|did|help with|am doing|'m doing) (?:the )?(?:\w+ ){{0,2}}?(?:exercis\w*|"
    r"threading|drills|programme|program|stretches) (?:for|with) (?:him|her|them|my \w+))\b"
)
# Someone else doing the programme is the patient the writer types for: "Josh did the
# self-test and his big toe hurt", "she tried the marbles".
_THIRD_PERSON_PROGRAMME_RE: Final = re.compile(
    r"\b(?:he|she|they|[a-z]{3,}) (?:did|does|do|was doing|is doing|tried|has done|has been doing|"
    r"had|finished|started) (?:the |his |her |their |today's |tonight's )?(?:self-?test|exercis\w*|"
    r"threading|marbles|towel|drills?|programme|program|session|pebble walk|sand walk|circles|"
    r"bands?|toe lifts?)\b(?![^.!?]*\b(?:with me|me too|like me|i did|we did)\b)"
)
_PATIENT_NAMED_RE: Final = re.compile(
    r"\((?:the |she's the |he's the |she is the |he is the )?patient\)|\bpatient is (?:my|her|"
    r"his)\b"
    rf"|\((?:(?:his|her|their|the) )?{_CARER}\)"
)
# "Dad did the marbles and now his toes hurt. Kindly advise": a relative doing the programme,
# and the writer not doing it with them, is the patient.
_RELATIVE_DOES_PROGRAMME_RE: Final = re.compile(
    rf"\b(?:(?:my|our) (?:\w+ )?{_RELATIONS}|mum|mom|dad|nan|nana|gran|granny|grandma|grandpa|"
    rf"grandad)\b(?:(?!\b(?:with me|me too|like me|i did|we did|"
    r"did it with|can (?:he|she|they)|could (?:he|she|they)|should (?:he|she|they)|"
    r"(?:he|she|they) wants? to)\b).)*?"
    r"\b(?:after|during|while|when) (?:doing |(?:he|she|they|we) (?:does|did|do) )?(?:the |his |"
    r"her |"
    r"their )?(?:toe )?(?:marbles?|threading|towel|scrunch\w*|exercis\w*|rotations?|circles|bands?|"
    r"spreading|pebbles?|drills?)"
)

# A message that opens on someone's first name doing or feeling something ("Josh hurt his
# back...", "Josh's toes...") comes from a parent or carer who types for that patient. Read on
# the original text: a capitalised word that is not a common word opening a sentence.
_NAMED_SUBJECT_RE: Final = re.compile(
    r"^\W*(?:(?:hi|hello|hey|morning|evening|good \w+|dear \w+)\W+)?([A-Z][a-z]{2,})(?:'s\b|"
    r" (?:says|"
    r"said|has|had|did|does|is|was|hurt|tried|mentioned|can't|cannot|can|feels|felt|told|woke|got|"
    r"went|keeps|kept|seems|just|complains|complained|started|noticed)\b)"
)
_NOT_NAME_WORDS: Final = (
    "today yesterday tonight this that these those there here the mum mom dad doctor madam sir "
    "sorry thanks thank please just still also but and then now well yes not after before during "
    "when while since morning evening night left right both every each all some pain feet foot "
    "toes toe heel leg legs skin nail nails something nothing everything someone everyone anyone "
    "she her his him they their what why how who where which sugar new old good bad great fine "
    "same help hello dear ran walked went got woke tried noticed found started finished everyone "
    "nobody somebody physio therapist nurse gran nan grandma grandpa husband wife son daughter "
    "friend carer patient mine yours ours its it's one two three four five six"
)
_NOT_NAMES: Final = frozenset(_NOT_NAME_WORDS.split())


def _named_patient(text: str) -> bool:
    m = _NAMED_SUBJECT_RE.match(text)
    if m is None:
        return False
    word = m.group(1).lower()
    # "Walking has been lovely", "Exercises were fine": activities, not a person's name.
    return word not in _NOT_NAMES and not word.endswith(("ing", "ises", "ses", "tion"))


# Diabetes named in the message itself counts like the onboarding answer (SAFETY.md): the
# patient's own ("as a diabetic", "my blood sugar", "type 2"), or, from someone writing for
# the patient, theirs ("he's type 2").
_DIABETES_SELF_RE: Final = re.compile(
    r"\b(?:(?:i'm|i am|i've been|being|as|me,?) (?:an? )?(?:(?!not\b|never\b)\w+ )?(?:diabetic|"
    r"type (?:1|2|one|"
    r"two|i|ii)\b)"
    r"|diagnosed (?:with |as )?(?:having )?(?:type (?:1|2|one|two)|t[12]\b|diabet\w*)|\bhba1c\b"
    r"|(?:i (?:now |also |still )?have|i've got|i got|i've had|i've|i had|i live with|living with|"
    r"with|"
    r"my|having|"
    r"diagnosed with) (?:type (?:1|2|one|two|i|ii) |gestational |pre-?)?(?:diabetes|diabetis|"
    r"diabeties|sugar diabetes|the sugar|sugar)\b(?! (?:free|level|cravings?|in my|rush))"
    r"|my (?:blood )?(?:sugars?|glucose|bg|bgs|a1c|hba1c|insulin|metformin|diabetes|"
    r"diabetic (?:nurse|clinic|foot|review|team))\b"
    r"|(?:blood )?sugars? (?:was|were|is|are|has been|have been|reading|readings|level|levels)"
    r" (?:\w+ )?(?:high|low|up|down|all over|\d)"
    r"|(?:i|i'm|i am) (?:on|taking) (?:insulin|metformin|gliclazide|ozempic)"
    r"|(?:^|[.!?,] *|\band )on (?:insulin|metformin|gliclazide)|insulin[- ]dependent"
    r"|\btype (?:1|2|one|two) (?:since|for|here|myself|btw|diabetic)"
    r"|\bdiabetic (?:for )?\d+ ?(?:yrs?|years)|\b\d+ ?(?:yrs?|years) (?:a )?diabetic"
    r"|\bt[12] (?:here|btw|diabetic|myself|since|for)"
    r"|(?:blood )?(?:sugars?|glucose|bg) (?:level )?(?:of |at |is |was |reading )?\d"
    r"|\bt[12]d\b|\bt[12]dm\b"
    r"|(?:^|[,.;!?(]\s*|\band\s+|\balso\s+|\bbtw,?\s+|\bfyi,?\s+)(?:(?:type (?:1|2|one|two) )?"
    r"diabetic|diabetes|type (?:1|2|one|two))(?=\s*(?:btw|fyi|here|myself|too|also|[,.;!?)]|$)))"
)
_DIABETES_CARED_RE: Final = re.compile(
    r"\b(?:he's|she's|he is|she is|they're|they are|(?:mum|mom|dad|nan|gran)'s|(?:he|she) has|"
    r"(?:he|she)'s got|(?:he|she) got|(?:he|she) lives with|(?:he|she)'s a|(?:he|she) is a)"
    r" (?:also |a |got |been )?(?:\w+ )?(?:diabetic|diabetes|type (?:1|2|one|two|i|ii)\b|"
    r"sugar diabetes|the sugar)"
    r"|\b[a-z]+ (?:has|'s got|has got|lives with) (?:type (?:1|2|one|two) )?(?:diabetes|sugar)\b"
    rf"|\b(?:my |our )?{_RELATIONS} (?:is|'s|was) (?:also |a |got )?(?:\w+ )?diabetic"
)
_DIABETES_NEGATED_RE: Final = re.compile(
    r"(?:\bnot|\bno|n't|\bnever|\bnor|\bwithout|\bfree of)(?: \w+){0,3}? ?$"
)


_DIABETES_HINT_RE: Final = re.compile(
    r"diab|sugar|insulin|type|\bt[12]|glucose|metformin|gliclazide|ozempic|\bbgs?\b|a1c"
)


def _diabetes_in_text(text: str, *, caregiver: bool) -> bool:
    """Does the message say the patient has diabetes? Negated mentions do not count."""
    if not _DIABETES_HINT_RE.search(text):
        return False
    rxs = (_DIABETES_SELF_RE, _DIABETES_CARED_RE) if caregiver else (_DIABETES_SELF_RE,)
    for rx in rxs:
        for m in rx.finditer(text):
            if not _DIABETES_NEGATED_RE.search(text[max(0, m.start() - 30) : m.start()]):
                return True
    return False


# A temperature told as a number is a fever from 38 °C / 100.4 °F (SAFETY.md). Without a unit
# or a word for temperature, only a number with a decimal in the fever range of Celsius counts
# ("38.9 this morning"), and never a size, a price, a weight or a glucose reading.
_TEMPERATURE_RE: Final = re.compile(
    r"(?<![\w.£$€#/])(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°|º|deg(?:rees?)?)?\s*(c|f|celsius|centigrade|"
    r"fahrenheit)?(?![\w.,/%]\d?)(?!\s*(?:kg|kilos?|lbs?|pounds|stone|mmol|mg|ml|cm|mm|km|miles|"
    r"years?|yrs?|y/o|yo|weeks?|wks?|days?|months?|minutes?|mins?|hours?|hrs?|seconds?|secs?|"
    r"reps?|times|marbles|steps|euros?|dollars?|quid|bpm|%|percent|out of|/\s*10))"
)
_TEMPERATURE_WORD_RE: Final = re.compile(
    r"\b(?:temp\w*|thermometer|fever\w*|degrees?|reading|hot|burning up|shiver\w*|sweat\w*|°|"
    r"(?:over|above|hit|reached|spiked (?:to|at)|up to|running at|at least) (?=\d))"
)
_NOT_TEMPERATURE_RE: Final = re.compile(
    r"\b(?:size|sizes|shoe|eu|uk|us|number|no|room|bus|page|aged?|age|weigh\w*|sugar|glucose|"
    r"bg|a1c|score|day|week|minute|level|step|rep|at|by|from)\s*$"
)


def _fever_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of temperatures at or above fever, told as numbers."""
    found = []
    for m in _TEMPERATURE_RE.finditer(text):
        value = float(m.group(1).replace(",", "."))
        unit = (m.group(2) or "")[:1]
        if _NOT_TEMPERATURE_RE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        context = _TEMPERATURE_WORD_RE.search(text, max(0, m.start() - 40), m.end() + 25)
        if unit == "f" or (not unit and 99 <= value <= 110):
            hot = 100.4 <= value <= 110 and (unit == "f" or context is not None)
        else:
            decimal = "." in m.group(1) or "," in m.group(1)
            hot = 38.0 <= value <= 43.5 and (bool(unit) or context is not None or decimal)
        if hot:
            found.append((m.start(), m.end()))
    return found


# Onset. Strong cues make any new symptom sudden; the weaker "this morning" ones do so for
# weakness only (tingling "since yesterday" is not a stroke sign).
_SUDDEN_STRONG_RE: Final = re.compile(
    r"\b(?<!not )(?<!n't )(?<!never )(?:suddenly|sudden|all of a sudden|out of nowhere|"
    r"without warning|overnight|woke up|"
    r"woken up|just now|within (?:minutes|seconds|an hour)|(?:few |couple of )?minutes ago|"
    r"\d+ ?(?:mins?|minutes|secs?|seconds) ago|(?:a|one|an|half an?) (?:min|minute|hour) ago|"
    r"(?:since|at|from|about|around|approximately) (?:about |"
    r"around )?\d{1,2}(?:[:.]\d\d)? ?(?:o'?clock|"
    r"am|pm|a\.m|p\.m)|(?:since|at|from) (?:about |around )?(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve) o'?clock|at (?:approximately |about )?\d{1,2}[:.]\d\d|"
    r"(?:was|were) (?:fine|ok|okay|normal) (?:at|this|last|earlier|until|an hour|yesterday|before)|"
    r"(?:started|came on|began|happened) (?:at|during|after|over) (?:dinner|lunch|breakfast|tea|"
    r"supper)|since i got up|(?:since|from) (?:when )?i (?:woke|wake|got up)|after (?:i got up|"
    r"getting up)|started (?:after|when|while) "
    r"(?:my|the|i|a) \w+|hasn't stopped since|"
    r"an hour ago|in an instant|all at once|abruptly|came on (?:fast|quickly))\b"
)
_SUDDEN_WEAK_RE: Final = re.compile(
    r"\b(?:today morning|since (?:today|this afternoon|this evening|lunch|dinner|tea)|after lunch|"
    r"this morning|since (?:this morning|last night|yesterday|i woke)|last night|yesterday|"
    r"today|tonight|this (?:afternoon|evening)|since breakfast|since lunch|hours? ago)\b"
)
# Loss of something the patient could do: for the exercise verbs this makes it weakness.
_LOSS_RE: Final = re.compile(
    r"\b(?:any more|no longer|at all|not even|used to be able|(?:like|as (?:well )?as) before|"
    r"fewer|less and less|fad(?:es|ing) out|gives? out|weaker and weaker|"
    r"(?:like|as) (?:it|they|i|he|she) "
    r"used to|as (?:well|much|high|far) as (?:before|it did|they did|i could|it could)|"
    r"lost (?:the |all |my |its )?(?:strength|power|ability|use|control|movement))\b"
)
_GRADUAL_RE: Final = re.compile(
    r"\b(?:gradually|slowly|little by little|bit by bit|over (?:the )?(?:(?:last|past) )?(?:few |"
    r"couple of |several |\d+ |many )?(?:months|weeks|years|time)|for (?:months|years|"
    r"a long time|ages)|always|since birth|all my life)\b"
)
# Repeated, not necessarily gradual: "keeps tripping", "kept folding". With an onset cue ("since
# this morning") it is a new weakness; without one it is not called sudden.
_RECURRENT_RE: Final = re.compile(r"\b(?:keeps?|kept|often|sometimes|usually|every time)\b")
# Isolation language: the training target, so "can't move my pinky by itself" is normal.
_ISOLATION_RE: Final = re.compile(
    r"\b(?:alone|by (?:it|them)sel(?:f|ves)|on (?:its|their) own|separately|independently|"
    r"individually|in isolation|isolat\w*|without the others|others? (?:follow|come|move|go|lift)|"
    r"(?:rest|other toes) (?:follow|come|move|go|lift)|yet)\b"
)
_WORSENING_RE: Final = re.compile(
    r"\b(?<!no )(?<!not )(?<!n't )(?:wors(?:e|ening)|spreading|spreads|getting (?:worse|bigger)|"
    r"more and more|moving up|creeping up|going up)\b"
)
# Worse than before (not "weaker than the other foot", the usual difference between sides).
_WEAKENING_RE: Final = re.compile(
    r"\b(?:weaker (?:than (?:last|before|yesterday|it was|they were|usual|normal|a|\d|\w+ ago)|"
    r"every|each|by the|and weaker|now|lately|recently)|weakening|getting weak\w*|"
    r"losing (?:strength|power)|(?:more|even) weak\w*|(?:feels?|feel|felt|seems?|seem|are|is|"
    r"getting|"
    r"gone|going) weaker(?! than (?:the|my) (?:other|right|left))|(?:grown|grow(?:s|ing)?|got|"
    r"gotten|become|"
    r"becoming|became) weaker|worse (?:each|every|by the))\b"
)
# "Feels funny, but in a good way": a vague feeling that the patient calls good.
_GOOD_FEELING_RE: Final = re.compile(
    r"\b(?:in a good way|good|great|nice|lovely|better|looser|lighter|relaxed|fine)\b"
)
_IMPROVING_RE: Final = re.compile(
    r"\b(?:stronger|improv\w*|getting better|better than (?:before|last)|progress\w*)\b"
)
_CHRONIC_RE: Final = re.compile(
    r"\b(?:for (?:years|many years|ages|a long time|as long as i (?:can )?remember|decades)|"
    r"since (?:i was diagnosed|my diagnosis|childhood|birth)|all my life|as (?:usual|always)|"
    r"same as (?:always|usual|ever)|nothing new|not new|always (?:been|had|have)|old (?:callus|"
    r"corn|scar)|known|born (?:like|with)|since i was born|(?:my )?whole life|runs in (?:the|my) "
    r"family|hereditary|genetic|since i was (?:a )?(?:kid|child|baby|little|young|teen\w*|girl|"
    r"boy)|"
    r"(?:has|have|'s|'ve) always|always (?:has|have) been|always was|normal for me|(?:dad|mum|mom|"
    r"mother|father)'s (?:is|are|were) "
    r"(?:exactly )?the same)\b"
)
# The exercises by name. Pain "when I" or "after" something is also labelled exercise pain, but
# only a named exercise turns severe pain or a wobble into part of the training.
_EXERCISE_NAMED_RE: Final = re.compile(
    r"\b(?:exercis\w*|self-?test|drills?|rotations?|rotat\w*|threading|thread\w*|spread\w*|"
    r"scrunch\w*|"
    r"towel|"
    r"marbles?|lift(?:s|ing|ed)?|stretch\w*|traction|circles?|isolation|bands?|resist\w*|"
    r"practi[cs]\w*|session|workout|reps?|sets?|training|mobili[sz]ation|single[- ]leg|one leg|"
    r"stance|balance (?:work|training|exercises?|board)|wobble\w*|on one foot|tiptoe\w*|"
    r"(?:heel|calf) raises?|pebbles?|sand walk\w*|barefoot|textures?|(?:grass|sand|"
    r"gravel) walk\w*)\b"
)
_EXERCISE_RE: Final = re.compile(
    _EXERCISE_NAMED_RE.pattern
    + r"|\b(?:when i|while i|while doing|during|after (?:the|doing|i|my)|doing|did)\b"
)
_DURATION_RE: Final = re.compile(
    r"\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|"
    r"several|couple(?: of)?|many)\s*-?\s*(?:and (?:a )?half )?(days?|wks?|weeks?|months?|mths?|"
    r"years?|"
    r"yrs?)\b"
    r"|\b(?:for|since) (months|ages|years)\b|\b(?:all these|for|many|weeks and) (weeks)\b"
    r"|\bweek (\d+)\b|\b(\d+)(?:st|nd|rd|th) week\b"
)
_NUMBER_WORDS: Final[dict[str, float]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "few": 3,
    "several": 4,
    "couple": 2,
    "couple of": 2,
    "many": 8,
}
_PROGRESS_CONTEXT_RE: Final = re.compile(
    r"\b(?:toes?|weeks?|wks?|months?|physio\w*|therapist|self-?test|practi[cs]\w*|exercis\w*|"
    r"drills?|"
    r"programme|"
    r"program|training|carry(?:ing)? on|keep going|worth (?:it|carrying on)|"
    r"doing (?:this|these|them|it)|progress|lift\w*|improv\w*|started|began|begun|sessions?|"
    r"daily|every (?:single )?day|since (?:\w+uary|march|april|may|june|july|august|september|"
    r"october|november|december|the (?:start|beginning)))\b"
)
# A comparison with the past is today's report: "curling more than they used to", "can't feel
# the marbles as well as I could last month". Blanked before history cues are looked for.
_COMPARISON_RE: Final = re.compile(
    r"\b(?:than|as|like)\b(?: [\w']+){0,4}? (?:used to|did|was|were|could|before|last (?:week|"
    r"month|year|time)|\w+ ago)\b(?: (?:last (?:week|month|year|summer|winter|spring|autumn)|"
    r"(?:a |\w+ )?(?:weeks?|months?|years?) ago|back then|before))?"
)
_PRONOUN_RE: Final = re.compile(r"\b(?:it|it's|its|they|they're|them|this|that)\b")
# Verbs that make what follows a property of the subject: "my toe has gone ... black".
_LINK_VERB_RE: Final = re.compile(
    r"\b(?:is|are|was|were|'s|looks?|looking|looked|gone|went|goes|going|turned|turning|turns|"
    r"getting|got|gets|became|becoming|feels?|felt|seems?|appears?|stays?|staying)\b"
)
# A colour that has a harmless cause named: nail polish, paint, dye, mud, a tan.
# A bruise explains a purple or red patch, but never a black toe: "probably a bruise" is how a
# dying toe gets minimised.
_BRUISE_RE: Final = re.compile(
    r"\b(?<!colour of a )(?<!color of a )(?<!like a )(?<!not a )(?<!not )(?<!no )bruis\w*"
)
_COLOUR_CAUSE_RE: Final = re.compile(
    r"\b(?:nail ?polish|polish|varnish|paint\w*|dye\w*|henna|ink|marker|felt tip|sharpie|mud\w*|"
    r"dirt\w*|dirty|stain\w*|fake tan|tan lines?|tanning|self tan\w*|sunburn\w*|socks? dye|"
    r"(?:the )?(?:light|lighting|filter|camera|photo|pic|picture) (?:makes?|made))\b"
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
_NO_NEGATION: Final = frozenset({"no_improvement", "no_change", "wound_worse"})

# Concepts that are a "new foot symptom" for a patient with diabetes (NICE NG19).
_FOOT_SYMPTOMS: Final = frozenset(
    {
        "numb",
        "abnormal",
        "odd_sensation",
        "weak_partial",
        "weak_total",
        "weak_train",
        "wound",
        "ulcer",
        "wound_worse",
        "red",
        "hot",
        "swollen",
        "pale",
        "cold",
        "black",
        "deformity",
        "bunion",
        "lump",
        "pain",
        "severe_pain",
        "worse",
        "pus",
        "infected",
        "spreading",
    }
)
_FOOT_REGIONS: Final = frozenset({"toe", "foot", "leg", "nail", "surface", None})


# --------------------------------------------------------------------------------------------
# The document and its mentions
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Body:
    region: str
    start: int
    end: int
    plural: bool


@dataclass(slots=True)
class _Mention:
    concept: str
    start: int
    end: int
    clause: int = 0
    sentence: int = 0
    region: str | None = None
    body: _Body | None = None
    clause_regions: frozenset[str] = frozenset()
    unattached: bool = False  # an everyday word ("red") not said of the body
    negated: bool = False
    historical: bool = False
    resolved: bool = False
    hypothetical: bool = False
    other_person: bool = False

    @property
    def live(self) -> bool:
        return not (
            self.unattached
            or self.negated
            or self.historical
            or self.resolved
            or self.hypothetical
            or self.other_person
        )


class _Doc:
    """The blanked text with its sentences, clauses, words and body words, and cached cues."""

    __slots__ = (
        "_cache",
        "_clause_starts",
        "_sentence_starts",
        "_weeks",
        "bodies",
        "caregiver",
        "clauses",
        "sentences",
        "text",
        "word_starts",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.clauses = _spans(text, _CLAUSE_END_RE, keep_end=False)
        self.sentences = _spans(text, _SENTENCE_END_RE, keep_end=True)
        self._clause_starts = [s for s, _ in self.clauses]
        self._sentence_starts = [s for s, _ in self.sentences]
        self.word_starts = [m.start() for m in _WORD_RE.finditer(text)]
        self.bodies = [
            _Body(
                m.lastgroup or "surface",
                m.start(),
                m.end(),
                m.lastgroup in {"foot", "leg", "toe"}
                and m.group(0).endswith(("feet", "calves", "s")),
            )
            for m in _BODY_RE.finditer(text)
        ]
        self._cache: dict[tuple[int, int], bool] = {}
        self._weeks: list[float] | None = None
        self.caregiver = (
            _CAREGIVER_RE.search(text) is not None
            or _THIRD_PERSON_PROGRAMME_RE.search(text) is not None
            or _PATIENT_NAMED_RE.search(text) is not None
            or _RELATIVE_DOES_PROGRAMME_RE.search(text) is not None
        )

    def clause_of(self, pos: int) -> int:
        return bisect.bisect_right(self._clause_starts, pos) - 1

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self._sentence_starts, pos) - 1

    def word_index(self, pos: int) -> int:
        return bisect.bisect_right(self.word_starts, pos) - 1

    def clause_text(self, i: int) -> str:
        s, e = self.clauses[i]
        return self.text[s:e]

    def sentence_regions(self, i: int) -> frozenset[str]:
        s, e = self.sentences[i]
        return frozenset(b.region for b in self.bodies if s <= b.start < e)

    def sentence_text(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.text[s:e]

    def weeks(self) -> list[float]:
        """The durations the message names, in weeks (read once: two rules ask)."""
        if self._weeks is None:
            self._weeks = _duration_weeks(self.text)
        return self._weeks

    def cue(self, rx: re.Pattern[str], sentence: int) -> bool:
        """Does the sentence contain the cue? Cached: the rules ask the same question often."""
        key = (id(rx), sentence)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = rx.search(self.sentence_text(sentence)) is not None
        return hit


def _find_mentions(text: str) -> list[_Mention]:
    found = []
    match = _CONCEPTS.match
    for w in _WORD_START_RE.finditer(text):
        m = match(text, w.start())
        if m is not None:
            concept = m.lastgroup or ""
            for part in _SPLITS.get(concept, (concept,)):
                found.append(_Mention(part, m.start(), m.end()))
    if len(found) < 2:
        return found
    dropped: set[int] = set()
    for a in found:
        beaten = _OVERRIDES.get(a.concept)
        if beaten:
            for j, b in enumerate(found):
                if b.concept in beaten and b.start < a.end and a.start < b.end:
                    dropped.add(j)
    return [m for i, m in enumerate(found) if i not in dropped]


def _locate(doc: _Doc, m: _Mention) -> None:
    """The nearest body word in the mention's clause gives its region."""
    cs, ce = doc.clauses[m.clause]
    best: _Body | None = None
    best_dist = 1 << 30
    regions = set()
    for b in doc.bodies:
        if b.start < cs or b.start >= ce or b.region == "surface":
            continue
        regions.add(b.region)
        if b.start < m.end and m.start < b.end:  # the body word is part of the phrase
            dist = 0
        else:
            dist = m.start - b.end if b.end <= m.start else b.start - m.end
        if dist < best_dist:
            best, best_dist = b, dist
    if best is None:
        # No body word in the clause: the sentence's, else the last one before ("My big toe.
        # I can't move it.").
        ss, se = doc.sentences[m.sentence]
        for b in doc.bodies:
            if b.region == "surface" or b.start >= se:
                continue
            if b.start >= ss or b.end <= m.start:
                best = b
    m.body = best
    m.region = best.region if best else None
    m.clause_regions = frozenset(regions)


def _attached(doc: _Doc, m: _Mention) -> bool:
    """Is an everyday adjective ("red", "cold") said of the body?"""
    cs, ce = doc.clauses[m.clause]
    wi = doc.word_index(m.start)
    for b in doc.bodies:
        if cs <= b.start < ce and -6 <= doc.word_index(b.start) - wi <= 3:
            return True
        # "the tip of my big toe has gone a dark purply black": the body is the subject.
        if (
            cs <= b.start < m.start
            and doc.word_index(b.start) - wi >= -12
            and _LINK_VERB_RE.search(doc.text, b.end, m.start) is not None
        ):
            return True
    before = doc.text[max(cs, doc.word_starts[max(0, wi - 3)]) : m.start]
    return bool(doc.bodies) and _PRONOUN_RE.search(before) is not None


def _negated(doc: _Doc, m: _Mention, others: list[_Mention]) -> bool:
    """Is there a negation cue before the mention whose scope reaches it?"""
    cs, ce = doc.clauses[m.clause]
    for cue in _NEG_RE.finditer(doc.text, cs, ce):  # to the clause end: cues look ahead
        if cue.end() > m.start:
            break
        if any(
            o.start <= cue.start() < o.end
            for o in others
            if o is not m and o.concept not in _NO_NEGATION
        ):
            continue  # the "can't" of "can't feel my foot" is a symptom, not a denial of the next
        between = doc.text[cue.end() : m.start]
        if not _SCOPE_END_RE.search(between) and len(_WORD_RE.findall(between)) <= _NEG_WINDOW:
            return True
    return False


def _resolution_in(text: str) -> bool:
    return any(
        not _NEGATED_RESOLUTION_RE.search(text[: r.start()][-24:])
        for r in _RESOLVED_RE.finditer(text)
    )


def _brought_back(text: str) -> bool:
    if _BRING_BACK_RE.search(text) is None:
        return False
    return _BRING_BACK_RE.search(_RESOLVED_RE.sub(" ", _NOT_BACK_RE.sub(" ", text))) is not None


def _hypothetical(doc: _Doc, m: _Mention) -> bool:
    ss = doc.sentences[m.sentence][0]
    prefix = doc.text[ss : m.start]
    if _HYPO_RE.search(prefix) or _GENERAL_AFTER_RE.match(doc.text, m.end):
        return True
    sentence = doc.sentence_text(m.sentence)
    offset = m.start - ss
    for cue in _HYPO_AROUND_RE.finditer(sentence):
        if cue.start() <= offset < cue.end():
            return True
    if "if" not in prefix:
        return False
    for cue in _IF_RE.finditer(prefix):
        if _INDIRECT_IF_RE.search(prefix[: cue.end()][-20:]):
            continue
        if _IF_I_ACT_RE.match(prefix, cue.end()):
            continue  # "if I spread them it hurts": habitual, real
        if doc.cue(_QUESTION_OR_MODAL_RE, m.sentence):
            return True
    return False


def _other_person(doc: _Doc, m: _Mention) -> bool:
    """Is the nearest experiencer before the mention someone else ("my mum", "her toes")?"""
    if doc.caregiver:
        return False  # someone writing for the patient: "he" and "she" are the patient
    prefix = doc.text[doc.sentences[m.sentence][0] : m.start]
    others = [
        (o.start(), o.end())
        for o in _OTHER_PERSON_RE.finditer(prefix)
        if not (_REPORTER_RE.match(prefix, o.end()) and _REPORTED_SELF_RE.search(prefix, o.end()))
        and not _ASKED_OF_RE.search(prefix, 0, o.start())
        and not _AGENT_RE.search(prefix, 0, o.start())
    ]
    if not others:
        return False
    last_self = -1
    for s in _SELF_RE.finditer(prefix):
        if not any(a <= s.start() < b for a, b in others):
            last_self = s.start()
    return others[-1][0] > last_self


def _apply_context(doc: _Doc, mentions: list[_Mention]) -> None:
    by_clause: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_clause.setdefault(m.clause, []).append(m)
    previous: list[_Mention] = []
    for ci in range(min(by_clause), len(doc.clauses)):
        here = by_clause.get(ci)
        if not here and not previous:
            continue
        text = doc.clause_text(ci)
        resolved = _resolution_in(text)
        back = _brought_back(text)
        if not here:
            # A clause of its own about the last symptoms: "I had some tingling. It's gone now."
            # or "it went away, but now it's back".
            about_them = (
                len(_WORD_RE.findall(text)) <= 4
                # "- fades in a few minutes": a clause that opens on the resolution
                or (
                    len(_WORD_RE.findall(text)) <= 7
                    and _RESOLVED_RE.match(text.strip()) is not None
                )
                or _PRONOUN_RE.search(text) is not None
                or _ABOUT_THEM_RE.search(text) is not None
            )
            if resolved and not back and about_them:
                for p in previous:
                    # Pain in an exercise that then settled is still the signal to stop it.
                    exercise_pain = (
                        p.concept == "pain"
                        and doc.cue(_EXERCISE_NAMED_RE, p.sentence)
                        and _NOT_BACK_RE.search(doc.text) is None
                    )
                    p.resolved = p.concept not in _PERSISTENT and not exercise_pain
            elif back and not resolved:
                for p in previous:
                    p.resolved = p.historical = False
            else:
                previous = []  # something else was said in between: the link is lost
            continue
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
            if m.resolved and m.concept == "pain" and _EXERCISE_NAMED_RE.search(text):
                # Pain that came with an exercise and settled is still the signal to stop it.
                m.resolved = historical or _NOT_BACK_RE.search(doc.text) is not None
        previous = here
    for m in mentions:
        if m.concept not in _NO_NEGATION:
            m.negated = (
                _negated(doc, m, mentions) or _POST_NEG_RE.match(doc.text, m.end) is not None
            )
            if m.negated and _excepted(doc, m, mentions):
                m.negated = False
        m.hypothetical = _hypothetical(doc, m)
        m.other_person = _other_person(doc, m)
    if _MINE_TOO_RE.search(doc.text):
        # "would someone's toes go numb during the circles? cos mine kinda do": it is theirs.
        for m in mentions:
            m.hypothetical = m.other_person = False


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
# "cos mine do", "so do mine", "me too": the patient has what they just asked about.
_MINE_TOO_RE: Final = re.compile(
    r"\b(?:(?:cos|because|coz|as|and|but) mine (?:\w+ ){0,2}?(?:do|does|did|are|have|too|also)|"
    r"so do mine|mine (?:do|does|did) too|mine too|me too|same (?:here|with me|for me)|"
    r"so do i|i do too|happens to me)\b"
)
_EXCEPTION_RE: Final = re.compile(r"\b(?:except|apart from|other than|besides|aside from|save for)")


def _excepted(doc: _Doc, m: _Mention, mentions: list[_Mention]) -> bool:
    """ "No tingling except in my big toe": an exception that names only a place restores it."""
    ci = m.clause
    if ci + 1 >= len(doc.clauses):
        return False
    end, (ns, ne) = doc.clauses[ci][1], doc.clauses[ci + 1]
    if not _EXCEPTION_RE.search(doc.text, end, ns + 1) and not _EXCEPTION_RE.match(doc.text, ns):
        return False
    has_body = any(ns <= b.start < ne and b.region != "surface" for b in doc.bodies)
    return has_body and not any(ns <= o.start < ne for o in mentions)


# --------------------------------------------------------------------------------------------
# 6. Rules: SAFETY.md's pattern table
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Verdict:
    level: Level = Level.NONE
    flags: dict[str, _Mention] = field(default_factory=dict)
    # The highest level reached by anything that is not a reason to ask BE-FAST, and whether
    # something is: the questions are asked only when no other sign already decides.
    other_level: Level = Level.NONE
    befast: bool = False

    def hit(self, flag: str, level: Level, m: _Mention, *, befast: bool = False) -> None:
        self.level = max(self.level, level)
        self.flags.setdefault(flag, m)
        if befast:
            self.befast = True
        else:
            self.other_level = max(self.other_level, level)

    @property
    def follow_up(self) -> str | None:
        return BEFAST if self.befast and self.other_level < Level.EMERGENCY else None


def _duration_weeks(text: str) -> list[float]:
    weeks: list[float] = []
    for d in _DURATION_RE.finditer(text):
        nth = d.group(5) or d.group(6)
        if nth:
            weeks.append(float(nth))
            continue
        if d.group(3):
            weeks.append(52.0 if d.group(3) == "years" else 8.0)
            continue
        if d.group(4):  # "all these weeks", "for weeks": long enough to judge
            weeks.append(6.0)
            continue
        qty, unit = d.group(1), d.group(2)
        n = _NUMBER_WORDS.get(qty)
        if n is None:
            try:
                n = float(qty)
            except ValueError:
                continue
        if " half " in d.group(0) or text.startswith(" and a half", d.end()):
            n += 0.5
        factor = {"d": 1 / 7, "w": 1.0, "y": 52.0}.get(unit[0], 4.3)
        weeks.append(n * factor)
    spans = _month_span_weeks(text)
    if spans is not None:
        weeks.append(spans)
    elif _SINCE_NAMED_RE.search(text):
        weeks.append(6.0)  # "since before Easter", "since October": long enough to judge
    return weeks


_SINCE_NAMED_RE: Final = re.compile(
    r"\bsince (?:before |early |mid |late |the (?:start|beginning|end) of )?(?:january|february|"
    r"march|"
    r"april|june|july|august|september|october|november|december|jan|feb|sept|oct|nov|dec|spring|"
    r"summer|autumn|fall|winter|easter|christmas|xmas|new year)\b"
)


# Months and seasons named as the start and the present: "since January ... now mid March".
_MONTHS: Final[dict[str, int]] = {
    **{
        name: i + 1
        for i, names in enumerate(
            (
                "january jan",
                "february feb",
                "march mar",
                "april apr",
                "may",
                "june jun",
                "july jul",
                "august aug",
                "september sep sept",
                "october oct",
                "november nov",
                "december dec",
            )
        )
        for name in names.split()
    },
    "spring": 4,
    "easter": 4,
    "summer": 7,
    "autumn": 10,
    "fall": 10,
    "halloween": 10,
    "christmas": 12,
    "xmas": 12,
    "winter": 1,
    "new year": 1,
}
_MONTH_RE: Final = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b")


def _month_span_weeks(text: str) -> float | None:
    """Weeks between the first and the last month named, when two different ones are."""
    # "may" is a month only after "in", "it's", "since", "of", "mid"...: not "I may".
    found = [
        m
        for m in _MONTH_RE.finditer(text)
        if m.group(1) != "may" or _MAY_MONTH_RE.search(text, max(0, m.start() - 12), m.start())
    ]
    if len(found) < 2 or _MONTHS[found[0].group(1)] == _MONTHS[found[-1].group(1)]:
        return None
    months: float = (_MONTHS[found[-1].group(1)] - _MONTHS[found[0].group(1)]) % 12
    # "since the start of March ... now the end of April" is two months, not one.
    if _EARLY_RE.search(text, max(0, found[0].start() - 20), found[0].start()):
        months += 0.5
    if _LATE_RE.search(text, max(0, found[-1].start() - 20), found[-1].start()):
        months += 0.5
    return months * 4.3


_MAY_MONTH_RE: Final = re.compile(r"\b(?:in|it's|its|is|since|of|mid|early|late|until|till|now) $")
_EARLY_RE: Final = re.compile(r"\b(?:start|beginning|early|first)\b")
_LATE_RE: Final = re.compile(r"\b(?:end|late|last)\b")


_WEAK_CONCEPTS: Final = ("weak_total", "weak_train", "weak_partial")
# "my left hand is clumsy and my left foot feels like wood": one side of the body.
_SAME_SIDE_RE: Final = re.compile(
    r"\b(left|right) (?:hand|arm|fingers|face|side)\b.*\b\1 (?:foot|leg|toes?|side)\b"
    r"|\b(left|right) (?:foot|leg|toes?)\b.*\b\2 (?:hand|arm|fingers|face)\b"
    r"|\b(?:same side|one side|down one side|whole (?:left|right) side)\b"
)
_HAND_AND_FOOT_RE: Final = re.compile(r"\b(?:hand|arm)s?\b.*\b(?:foot|leg|toes?)\b")
_SPREAD_CUE_RE: Final = re.compile(
    r"\b(?:wider|bigger|larger|spreading|spreads|spread|growing|grown|grows|extending|creeping|"
    r"crept|(?:each|every) (?:day|time)|getting worse|worse (?:each|every|by the)|doubled|tripled|"
    r"twice the size)\b"
)
_STILL_RE: Final = re.compile(r"\bstill\b")
_STREAK_RE: Final = re.compile(r"\b(?:streaks?|lines?|tracks?|tracking)\b")
_CYANOSIS_RE: Final = re.compile(r"(?:blu|purpl|grey|gray|mottled|dusky|ashen)")
# Pain or tingling running from the buttock down one leg (sciatica) is not saddle numbness.
_RADIATING_RE: Final = re.compile(
    r"\b(?:from|in) (?:my |the )?(?:bum|buttocks?|bottom|butt|backside|hip|"
    r"lower back) (?:\w+ ){0,4}?"
    r"(?:down|into|to|through)\b"
)
# "The verruca the GP treats is the same as before": about another condition, not the programme.
_OTHER_CONDITION_RE: Final = re.compile(
    r"\b(?:verruca\w*|warts?|corns?|callus\w*|gout|arthritis|back|knee|hip|scar|mole|"
    r"rash|eczema|psoriasis|fungal|athlete's foot|hallux rigidus|rigidus|neuroma|fasciitis|veins|"
    r"varicose|raynaud\w*)\b"
)
# Forms of "no change" that only mean a stalled programme when weeks are named.
_WEAK_STALL_RE: Final = re.compile(r"nothing$|.*\bmove\b|.*baseline|(?:\w+ )*exactly the same$")
_NOT_FOOT_REGIONS: Final = frozenset({"elsewhere", "hand", "arm", "face"})
# "My feet look the same as always": nothing new, not a stalled programme.
_USUAL_RE: Final = re.compile(
    r"\b(?:same as (?:always|usual|ever)|as (?:usual|always)|like always|normal for me|"
    r"(?:in|for) (?:many |several )?years|since i was|for decades)\b"
)
_GROWTH_RE: Final = re.compile(
    r"\b(?:getting (?:bigger|larger|worse)|grow(?:s|ing|n)?|bigger|larger|swelling up|"
    r"sticking out more)\b"
)
# Right after "bunion": "'s getting bigger", "is new", "has appeared".
_SHAPE_CHANGE_RE: Final = re.compile(
    r"(?:'s|s)? (?:is |are |has |have |seems to be |looks |has been )?(?:getting|grown|growing|"
    r"bigger|worse|new|forming|developing|appeared|changed|changing|started)\b"
)
_LIMB_REGIONS: Final = frozenset({"toe", "foot", "leg", "nail", None})
_CENTRAL_REGIONS: Final = frozenset({"arm", "face", "side"})


def _real_weakness(doc: _Doc, ms: list[_Mention]) -> list[_Mention]:
    """Weakness mentions that are not the exercises' normal starting state."""
    out = []
    for m in ms:
        loss = (
            doc.cue(_LOSS_RE, m.sentence)
            or doc.cue(_SUDDEN_STRONG_RE, m.sentence)
            or doc.cue(_SUDDEN_WEAK_RE, m.sentence)
        )
        if m.region is None and not doc.cue(_SUDDEN_STRONG_RE, m.sentence):
            continue  # "I can't move my appointment", "I feel weak today": not a foot sign
        if m.region in _CENTRAL_REGIONS:
            out.append(m)
        elif m.concept == "weak_partial" and (
            doc.cue(_CHRONIC_RE, m.sentence) or doc.cue(_USUAL_RE, m.sentence)
        ):
            continue  # "legs a bit heavy, normal for me after a long one"
        elif m.concept == "weak_partial":
            # "I feel weak today", with no body part, is not a foot sign; "suddenly weak" is.
            # "The weak toes are getting stronger" is the training working.
            if doc.cue(_IMPROVING_RE, m.sentence) and not doc.cue(_SUDDEN_STRONG_RE, m.sentence):
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
            sudden = _SUDDEN_STRONG_RE.search(clause) or doc.cue(_SUDDEN_WEAK_RE, m.sentence)
            if _STILL_RE.search(clause) and not sudden:
                continue  # "8 weeks and I still can't spread my toes at all": never could
            if _LOSS_RE.search(clause) or sudden:
                out.append(m)
        else:
            small_toe = (
                m.body is not None
                and not m.body.plural
                and _SMALL_TOE_RE.search(doc.text, m.body.start, m.body.end + 1) is not None
            )
            if loss or not (small_toe or doc.cue(_ISOLATION_RE, m.sentence)):
                out.append(m)
    return out


def _decide(doc: _Doc, live: list[_Mention], diabetes: bool | None) -> _Verdict:
    v = _Verdict()
    if _COLOUR_CAUSE_RE.search(doc.text):
        # A colour with a harmless cause named ("it's nail polish") is not a colour change.
        live = [m for m in live if m.concept not in {"pale", "black", "red"}]
    elif _BRUISE_RE.search(doc.text):
        live = [m for m in live if m.concept not in {"pale", "red"}]
    by: dict[str, list[_Mention]] = {}
    for m in live:
        by.setdefault(m.concept, []).append(m)

    def get(*concepts: str) -> list[_Mention]:
        return [m for c in concepts if c in by for m in by[c]]

    def any_of(*concepts: str) -> bool:
        return any(c in by for c in concepts)

    def strong_sudden(m: _Mention) -> bool:
        return doc.cue(_SUDDEN_STRONG_RE, m.sentence)

    def any_sudden(m: _Mention) -> bool:
        return strong_sudden(m) or doc.cue(_SUDDEN_WEAK_RE, m.sentence)

    def both(m: _Mention) -> bool:
        return (m.body is not None and m.body.plural) or bool(
            _BOTH_RE.search(doc.clause_text(m.clause))
        )

    weakness = _real_weakness(doc, get(*_WEAK_CONCEPTS))
    # With a vision, speech or face sign, even "can't lift my toe" is a weakness sign.
    if any_of("vision", "speech", "face"):
        weakness += [
            m for m in get("weak_train") if m not in weakness and m.region in _LIMB_REGIONS
        ]
    sensory = get("numb", "abnormal") + [
        m for m in get("odd_sensation") if not doc.cue(_GOOD_FEELING_RE, m.sentence)
    ]
    neuro = weakness + sensory

    # Stroke (BE-FAST): face, speech, one side -> emergency; an arm, vision or balance on its
    # own is urgent and the BE-FAST questions decide.
    for m in get("general_emergency"):
        v.hit("general_emergency", Level.EMERGENCY, m)
    for m in get("face", "speech", "stroke_word"):
        v.hit("stroke_signs", Level.EMERGENCY, m)
    for m in neuro:
        sentence_regions = doc.sentence_regions(m.sentence)
        if m.clause_regions & {"face", "side"}:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        elif (sentence_regions & {"hand", "arm"} or _HAND_AND_FOOT_RE.search(doc.text)) and (
            m.region in _LIMB_REGIONS
            and (strong_sudden(m) or "side" in sentence_regions or _SAME_SIDE_RE.search(doc.text))
        ):
            # "my foot feels like someone else's and so does my hand, same side": one side.
            v.hit("stroke_signs", Level.EMERGENCY, m)
        elif "arm" in m.clause_regions or (m.region == "hand" and strong_sudden(m)):
            # An arm with a leg ("my right arm and leg are numb") is one side of the body.
            if (
                any_sudden(m)
                or len({x.region for x in neuro}) > 1
                or m.clause_regions & _LIMB_REGIONS
            ):
                v.hit("stroke_signs", Level.EMERGENCY, m)
            else:
                v.hit("arm_symptoms", Level.URGENT, m, befast=True)
    for m in get("arm_weak"):
        # A hand that drops the cup or an arm that will not lift: with any other neurological
        # sign, or of sudden onset, one side of the body is failing.
        if neuro or "stroke_signs" in v.flags or any_sudden(m):
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("arm_symptoms", Level.URGENT, m, befast=True)
    for m in get("vision"):
        if strong_sudden(m) or neuro:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("vision_change", Level.URGENT, m, befast=True)
    for m in get("balance"):
        if doc.cue(_EXERCISE_NAMED_RE, m.sentence) and not strong_sudden(m):
            continue  # a wobble in single-leg work is part of the training
        if strong_sudden(m) or neuro:
            v.hit("stroke_signs", Level.EMERGENCY, m)
        else:
            v.hit("balance", Level.ROUTINE, m)

    # Cauda equina: saddle numbness; bladder or bowel trouble with leg signs or back pain;
    # sudden inability to move both feet.
    for m in get("saddle") + [
        m for m in sensory if m.region == "groin" and not _RADIATING_RE.search(doc.text)
    ]:
        v.hit("cauda_equina", Level.EMERGENCY, m)
    leg_signs = [m for m in neuro if m.region in _LIMB_REGIONS]
    back_pain = [m for m in get("pain", "severe_pain") if m.region == "back"]
    for m in get("bladder"):
        if leg_signs or back_pain:
            v.hit("cauda_equina", Level.EMERGENCY, m)
        else:
            v.hit("bladder_bowel", Level.URGENT, m, befast=True)
    bilateral = [m for m in weakness if m.region in {"leg", "foot"} and both(m)]
    for m in bilateral:
        # Both legs weak: an emergency when total or of recent onset ("since this morning").
        if m.concept != "weak_partial" or any_sudden(m):
            v.hit("both_legs", Level.EMERGENCY, m)
        else:
            v.hit("both_legs", Level.URGENT, m, befast=True)
    for m in sensory:
        if m.region == "leg" and both(m):
            v.hit("both_legs", Level.URGENT, m, befast=True)

    # Circulation: cold, pale, blue or black with pain, numbness or weakness; black at any time.
    if any_of("no_pulse", "black", "pale", "cold"):
        for m in get("no_pulse"):
            v.hit("ischaemia", Level.EMERGENCY, m)
        for m in get("black"):
            if m.region == "nail":
                v.hit("colour_change", Level.ROUTINE, m)
            else:
                v.hit("gangrene", Level.EMERGENCY, m)
        partner = get("pain", "severe_pain", "numb", "abnormal") or [
            m for m in weakness if m.region in _LIMB_REGIONS
        ]
        # Cold and a pale, blue or grey colour together are two signs of a lost blood supply.
        pale_limb = [m for m in get("pale") if m.region != "nail"]
        if pale_limb and "cold" in by:
            partner = partner or pale_limb
        for m in get("pale", "cold"):
            if partner:
                v.hit("ischaemia", Level.EMERGENCY, m)
            elif (
                m.concept == "pale"
                and m.region != "nail"
                and _CYANOSIS_RE.match(doc.text, m.start)
                and not doc.cue(_CHRONIC_RE, m.sentence)
            ):
                # Blue, purple, grey or mottled toes: the blood supply may be failing even
                # without pain; under-triage is the dangerous error.
                v.hit("ischaemia", Level.EMERGENCY, m)
            elif m.concept == "pale":
                # A nail, or a known lifelong pattern ("purple in winter since I was a kid,
                # diagnosed Raynaud's"), needs a look; a new colour change needs one today.
                known = m.region == "nail" or doc.cue(_CHRONIC_RE, m.sentence)
                if m.region == "nail" and (
                    doc.cue(_CHRONIC_RE, m.sentence) or doc.cue(_OTHER_CONDITION_RE, m.sentence)
                ):
                    continue  # "yellow nails for years, GP said fungal": known and looked at
                v.hit("colour_change", Level.ROUTINE if known else Level.URGENT, m)

    # Infection: local signs with fever, shivering or confusion -> emergency; pus, spreading
    # redness, a wound getting worse, or two of red/hot/swollen -> urgent.
    local = get(
        "pus", "infected", "spreading", "wound_worse", "red", "hot", "swollen", "wound", "ulcer"
    )
    if local:
        if "fever" in by:
            v.hit("infection_systemic", Level.EMERGENCY, local[0])
        grows = [
            m for m in local if _SPREAD_CUE_RE.search(doc.sentence_text(m.sentence)) is not None
        ]
        if grows and "wound_worse" not in by and "spreading" not in by:
            # "a ring of red round the blister, wider each time I check": growing, in any words.
            v.hit("infection_local", Level.URGENT, grows[0])
        for m in get("pus", "infected", "spreading", "wound_worse"):
            # A red streak tracking up from a wound is infection on the move: emergency.
            streak = m.concept == "spreading" and _STREAK_RE.search(doc.text, m.start, m.end)
            v.hit("infection_local", Level.EMERGENCY if streak else Level.URGENT, m)
        signs = [
            m
            for m in get("red", "hot", "swollen")
            if not (m.region in _NOT_FOOT_REGIONS and m.body and abs(m.body.start - m.start) < 24)
        ]
        if len({m.concept for m in signs}) >= 2:
            v.hit("infection_local", Level.URGENT, signs[0])
        elif "infection_local" not in v.flags:
            # One sign alone needs a look; warmth alone (a walk, a bath) does not.
            for m in signs:
                if m.concept != "hot":
                    v.hit("inflammation", Level.ROUTINE, m)
        for m in get("ulcer"):
            v.hit("skin_wound", Level.ROUTINE, m)

    # Weakness of the toes, a foot or one leg. SAFETY.md: sudden weakness or paralysis with no
    # other sign is "urgent at least" and the BE-FAST questions decide; clinicians accept
    # emergency for it, and under-triage is the dangerous error, so a sudden onset or a complete
    # loss of movement is graded emergency (with the questions still asked). A recent onset of
    # partial weakness ("weak since yesterday") is urgent; worsening weakness urgent; plain
    # weakness routine.
    # An onset told in another sentence of the message: "started after my shower".
    onset = (
        _SUDDEN_STRONG_RE.search(doc.text) is not None
        or _SUDDEN_WEAK_RE.search(doc.text) is not None
    )
    for m in weakness:
        if m.region not in _LIMB_REGIONS or m in bilateral:
            continue
        gradual = doc.cue(_GRADUAL_RE, m.sentence) or (
            doc.cue(_RECURRENT_RE, m.sentence) and not any_sudden(m) and not onset
        )
        total = m.concept != "weak_partial"
        leg = m.region == "leg"
        sudden_flag = "leg_weakness_sudden" if leg else "toe_weakness_sudden"
        if strong_sudden(m) or (total and not gradual):
            v.hit(sudden_flag, Level.EMERGENCY, m, befast=True)
        elif not gradual and (any_sudden(m) or doc.cue(_LOSS_RE, m.sentence)):
            v.hit(sudden_flag, Level.URGENT, m, befast=True)
        elif total or doc.cue(_WEAKENING_RE, m.sentence) or doc.cue(_LOSS_RE, m.sentence):
            # Weaker over weeks, or a lost ability ("can no longer rise onto my toes"): urgent.
            v.hit("leg_weakness" if leg else "toe_weakness", Level.URGENT, m)
        else:
            v.hit("leg_weakness" if leg else "toe_weakness", Level.ROUTINE, m)

    # Numbness, tingling, burning, electric sensations into the foot: routine at least.
    for m in sensory:
        if m.region not in _LIMB_REGIONS and not m.clause_regions & _LIMB_REGIONS:
            continue  # "tingling in my hands" alone is not a foot sign
        if (
            m.region in _NOT_FOOT_REGIONS
            and m.body is not None
            and abs(m.body.start - m.start) < 16
        ):
            continue  # "my brain went numb counting reps", "the burns on my hands": not the feet
        flag = "numbness" if m.concept == "numb" else "abnormal_sensation"
        if strong_sudden(m):
            v.hit(flag, Level.URGENT, m, befast=True)
        elif _WORSENING_RE.search(doc.clause_text(m.clause)):
            v.hit(flag, Level.URGENT, m)
        else:
            v.hit(flag, Level.ROUTINE, m)

    # Visible new deformity; no improvement after 6-8 weeks.
    for m in get("deformity"):
        if not doc.cue(_CHRONIC_RE, m.sentence):  # "always been crooked, born like that"
            v.hit("deformity", Level.ROUTINE, m)
    for m in get("bunion", "lump"):
        # A bunion or a lump that is growing; "my bunion aches more" is pain, not a new shape.
        if (
            _GROWTH_RE.search(doc.sentence_text(m.sentence))
            or _SHAPE_CHANGE_RE.match(doc.text, m.end)
            or doc.text.startswith(("new ", "growing "), m.start)
        ):
            v.hit("deformity", Level.ROUTINE, m)
    stalled = [m for m in get("no_improvement") if not doc.cue(_USUAL_RE, m.sentence)]
    if "no_change" in by and _PROGRESS_CONTEXT_RE.search(doc.text):
        stalled += [
            m
            for m in get("no_change")
            if not doc.cue(_USUAL_RE, m.sentence) and not doc.cue(_OTHER_CONDITION_RE, m.sentence)
        ]
    if "worse" in by and not get("pain", "severe_pain"):
        # "2 months in and my toes are worse at moving": function, not pain, over weeks.
        weeks_worse = doc.weeks()
        if weeks_worse and max(weeks_worse) >= 6:
            stalled += get("worse")
            del by["worse"]
    normal_state = [m for m in get(*_WEAK_CONCEPTS) if m not in weakness]
    if stalled or normal_state:
        weeks = doc.weeks()
        if weeks and max(weeks) >= 6:
            # "3 months and my toes still don't lift alone": the normal start state, months on.
            stalled += normal_state
        if not weeks:
            # Without a duration: "nothing." alone says little, and "no better" next to pain
            # is the pain (stop), not a stalled programme.
            stalled = [
                m
                for m in stalled
                if m.concept != "no_change"
                and not _WEAK_STALL_RE.match(doc.text[m.start : m.end])
                and not get("pain", "severe_pain")
            ]
        if stalled and (not weeks or max(weeks) >= 6):
            v.hit("no_improvement", Level.ROUTINE, stalled[0])

    # Pain during or after an exercise, symptoms worse than before -> stop.
    for m in get("severe_pain"):
        if doc.cue(_EXERCISE_NAMED_RE, m.sentence):
            v.hit("exercise_pain", Level.STOP, m)
        else:
            v.hit("severe_pain", Level.URGENT, m)
    for m in get("pain"):
        # "the threading hurt my fingers": said of a hand, not a foot sign.
        if m.region in _NOT_FOOT_REGIONS and m.body is not None and abs(m.body.start - m.end) < 6:
            continue
        if m.region != "elsewhere":
            exercise = doc.cue(_EXERCISE_RE, m.sentence)
            if not exercise and doc.cue(_CHRONIC_RE, m.sentence):
                continue  # "cramp at night since I was pregnant 20 years ago, nothing new"
            v.hit("exercise_pain" if exercise else "pain", Level.STOP, m)
    for m in get("worse"):
        v.hit("worsening", Level.STOP, m)

    # Diabetes and any new foot symptom -> urgent (NICE NG19). Unknown status counts as yes.
    if diabetes is not False:
        flag = "diabetes_new_symptom" if diabetes else "diabetes_unknown"
        for m in live:
            if m.concept not in _FOOT_SYMPTOMS or m.region not in _FOOT_REGIONS:
                continue
            if m.concept in _WEAK_CONCEPTS and m not in weakness:
                continue
            if m.concept == "odd_sensation" and m not in sensory:
                continue
            if m.concept in {"bunion", "lump"} and "deformity" not in v.flags:
                continue
            if not doc.cue(_CHRONIC_RE, m.sentence):
                v.hit(flag, Level.URGENT, m)
    return v


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


def _evidence_words(doc: _Doc, norm: str, m: _Mention) -> str:
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
    blanked = _FIGURATIVE_RE.sub(_blank, norm)
    mentions = _find_mentions(blanked)
    if _DIGIT_RE.search(blanked):
        mentions += [_Mention("fever", a, b) for a, b in _fever_numbers(blanked)]
        mentions.sort(key=lambda m: m.start)
    signs_question = _SIGNS_QUESTION_RE.search(norm) is not None
    if not mentions:
        ask = _unclear(blanked, []) if _UNCLEAR_RE.search(blanked) else False
        return Assessment(Level.NONE, (), (), None, signs_question and not ask, ask=ask)
    doc = _Doc(blanked)
    if not doc.caregiver and _named_patient(text):
        doc.caregiver = True
    if diabetes is not True and _diabetes_in_text(norm, caregiver=doc.caregiver):
        diabetes = True
    for m in mentions:
        m.clause = doc.clause_of(m.start)
        m.sentence = doc.sentence_of(m.start)
        _locate(doc, m)
        m.unattached = m.concept in _NEEDS_BODY and not _attached(doc, m)
        m.concept = _ALIASES.get(m.concept, m.concept)
    _apply_context(doc, mentions)
    verdict = _decide(doc, [m for m in mentions if m.live], diabetes)
    flags = tuple(sorted(verdict.flags, key=_FLAG_RANK.__getitem__))
    evidence = tuple(
        Evidence(flag, _evidence_words(doc, norm, verdict.flags[flag])) for flag in flags
    )
    follow_up = verdict.follow_up
    ask = (
        verdict.level == Level.NONE
        and _UNCLEAR_RE.search(blanked) is not None
        and _unclear(blanked, mentions, doc)
    )
    info_only = not ask and (
        verdict.level == Level.NONE
        and (signs_question or any(m.hypothetical or m.other_person for m in mentions))
    )
    return Assessment(verdict.level, flags, evidence, follow_up, info_only, ask=ask)


# --------------------------------------------------------------------------------------------
# 7. Failing safe: a change the rules cannot place
# --------------------------------------------------------------------------------------------

# The patient's own foot, toes, legs or skin told as changed, looking or feeling wrong, in words
# no rule places ("my big toe looks weird", "something's not right with my foot", "the skin on
# my heel has gone shiny"): the bot asks with the check-in rather than guess or stay silent.
_UNCLEAR_RE: Final = re.compile(
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


def _unclear(text: str, mentions: list[_Mention], doc: _Doc | None = None) -> bool:
    """Does an unplaced change or odd feeling of the patient's own foot stand in the text?"""
    doc = doc if doc is not None else _Doc(text)
    if not doc.bodies:
        return False
    for cue in _UNCLEAR_RE.finditer(text):
        probe = _Mention("unclear", cue.start(), cue.end())
        probe.clause = doc.clause_of(probe.start)
        probe.sentence = doc.sentence_of(probe.start)
        _locate(doc, probe)
        sentence = doc.sentence_text(probe.sentence)
        regions = {
            b.region
            for b in doc.bodies
            if b.start >= doc.sentences[probe.sentence][0]
            and b.start < doc.sentences[probe.sentence][1]
        }
        if not regions & _UNCLEAR_BODY or _UNCLEAR_GOOD_RE.search(sentence):
            continue
        if _COLOUR_CAUSE_RE.search(sentence):
            continue
        if _negated(doc, probe, mentions) or _hypothetical(doc, probe) or _other_person(doc, probe):
            continue
        if doc.cue(_CHRONIC_RE, probe.sentence) or doc.cue(_USUAL_RE, probe.sentence):
            continue
        return True
    return False
