"""Body locations as regexes: where a symptom is decides its meaning (numb toes are routine,
a numb face or groin an emergency), plus the lesser toes and "both" sides.
"""

from __future__ import annotations

import re
from typing import Final

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


BODY_RE: Final = re.compile(
    r"(?<!\w)(?=\w)(?:" + "|".join(f"(?P<{name}>{rx})" for name, rx in _BODY_PARTS) + r")\b"
)


# Lesser toes on their own: not moving them alone is the normal state the exercises train.
SMALL_TOE_RE: Final = re.compile(
    r"\b(?:(?:little|small|baby|middle|second|third|fourth|fifth|\d(?:st|nd|rd|th)|lesser|"
    r"pinky|pinkie) toe\b|pink(?:y|ie)\b|(?:second|third|fourth|fifth|\dth|middle) one)"
)


BOTH_RE: Final = re.compile(
    r"\b(?:both|each (?:leg|foot)|(?:n?either) (?:leg|foot)|left and right|right and left)\b"
)
