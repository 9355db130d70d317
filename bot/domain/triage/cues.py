"""Cue patterns several steps share: sudden onset, chronic and usual states, the exercises by
name, other conditions, harmless causes of a colour.

Kept in one data module because the context step and several rule families ask the same cues
(and `Doc.cue` caches the answers by pattern).
"""

from __future__ import annotations

import re
from typing import Final

# Onset. Strong cues make any new symptom sudden; the weaker "this morning" ones do so for
# weakness only (tingling "since yesterday" is not a stroke sign).
SUDDEN_STRONG_RE: Final = re.compile(
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


SUDDEN_WEAK_RE: Final = re.compile(
    r"\b(?:today morning|since (?:today|this afternoon|this evening|lunch|dinner|tea)|after lunch|"
    r"this morning|since (?:this morning|last night|yesterday|i woke)|last night|yesterday|"
    r"today|tonight|this (?:afternoon|evening)|since breakfast|since lunch|hours? ago)\b"
)


CHRONIC_RE: Final = re.compile(
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
EXERCISE_NAMED_RE: Final = re.compile(
    r"\b(?:exercis\w*|self-?test|drills?|rotations?|rotat\w*|threading|thread\w*|spread\w*|"
    r"scrunch\w*|"
    r"towel|"
    r"marbles?|lift(?:s|ing|ed)?|stretch\w*|traction|circles?|isolation|bands?|resist\w*|"
    r"practi[cs]\w*|session|workout|reps?|sets?|training|mobili[sz]ation|single[- ]leg|one leg|"
    r"stance|balance (?:work|training|exercises?|board)|wobble\w*|on one foot|tiptoe\w*|"
    r"(?:heel|calf) raises?|pebbles?|sand walk\w*|barefoot|textures?|(?:grass|sand|"
    r"gravel) walk\w*)\b"
)


# A colour that has a harmless cause named: nail polish, paint, dye, mud, a tan.
# A bruise explains a purple or red patch, but never a black toe: "probably a bruise" is how a
# dying toe gets minimised.
BRUISE_RE: Final = re.compile(
    r"\b(?<!colour of a )(?<!color of a )(?<!like a )(?<!not a )(?<!not )(?<!no )bruis\w*"
)


COLOUR_CAUSE_RE: Final = re.compile(
    r"\b(?:nail ?polish|polish|varnish|paint\w*|dye\w*|henna|ink|marker|felt tip|sharpie|mud\w*|"
    r"dirt\w*|dirty|stain\w*|fake tan|tan lines?|tanning|self tan\w*|sunburn\w*|socks? dye|"
    r"(?:the )?(?:light|lighting|filter|camera|photo|pic|picture) (?:makes?|made))\b"
)


# "The verruca the GP treats is the same as before": about another condition, not the programme.
OTHER_CONDITION_RE: Final = re.compile(
    r"\b(?:verruca\w*|warts?|corns?|callus\w*|gout|arthritis|back|knee|hip|scar|mole|"
    r"rash|eczema|psoriasis|fungal|athlete's foot|hallux rigidus|rigidus|neuroma|fasciitis|veins|"
    r"varicose|raynaud\w*)\b"
)


# "My feet look the same as always": nothing new, not a stalled programme.
USUAL_RE: Final = re.compile(
    r"\b(?:same as (?:always|usual|ever)|as (?:usual|always)|like always|normal for me|"
    r"(?:in|for) (?:many |several )?years|since i was|for decades)\b"
)
