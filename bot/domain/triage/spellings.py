"""Data for `normalising`: typographic characters, chat spellings, and the symptom words whose
typing slips are recovered (with the real English words those slips would otherwise hit).

Tables only, kept apart from the code that applies them so each reads on its own.
"""

from __future__ import annotations

from typing import Final

# Phones and keyboards send typographic quotes and dashes; the lexicons expect ASCII.
CHAR_MAP: Final = str.maketrans(
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
CHAT_SPELLINGS: Final[dict[str, str]] = {
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


# Typing slips of the symptom words: one letter dropped, swapped, doubled or mistyped ("tinglng",
# "swolen", "blsiter", "numbnness", "swelking"). The variants are generated from the words the
# lexicons are written in, so the family is covered rather than each slip seen. Variants that
# are other English words ("selling" from "swelling", "turning" from "burning") are left alone:
# the list below was made from simplemma's English dictionary at development time, so the bot
# needs neither the dictionary (18 MB) nor a fuzzy matcher at run time. Measured on 1,096 random
# one-edit slips of these words: rapidfuzz (ratio >= 85) recovered 91% but turned 60 of 20,000
# real English words into symptom words at 13.7 us a word; this table recovers 97% and turns
# none, at 0.3 us a word (tools/typo_bench in the README).
TYPO_WORDS: Final = (
    "numbness numbing tingling tingly tingle tingles tingled burning swollen swelling blister "
    "blisters bleeding throbbing infected infection weakness paralysed paralyzed paralysis "
    "stinging shooting prickling prickly bruised bruising discoloured discolored redness "
    "inflamed cracked oozing discharge feverish shivering confused confusion dizzy dizziness "
    "blurry blurred slurred slurring drooping droopy incontinence clawing overlapping purple "
    "mottled painful aching excruciating unbearable sensation feeling toenail"
)


REAL_WORD_LIST: Final = (
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
