"""Who the message is about: someone else as the experiencer ("my mum", "her toes"), someone
writing for the patient (a carer, a daughter: then "he" and "she" are the patient), and
diabetes named in the message itself.
"""

from __future__ import annotations

import re
from typing import Final

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
REPORTER_RE: Final = re.compile(
    r"\s+(?:\w+\s+)?(?:says?|said|saying|noticed|notices|pointed|points|told|tells|thinks?|thought|"
    r"saw|sees|spotted|spots|asked|asks|reckons|mentioned|wants|made|helped|helps|checked|"
    r"looked|found|is worried|was worried|keeps saying)\b"
)


REPORTED_SELF_RE: Final = re.compile(r"\b(?:my|i|i'm|i've|me|there's|there is|there are)\b")


OTHER_PERSON_RE: Final = re.compile(
    r"\b(?:(?:my|our|his|her|their|a|the)\s+(?:(?:best|old|little|older|younger|elderly|late|"
    rf"\w+'s)\s+)?{_RELATIONS}|(?:^|(?<=[.!?] ))(?:mum|mom|dad|grandma|gran|nan|grandad|"
    rf"grandpa)(?:'s|s)?|"
    r"he|she|him|her|his|hers|he's|she's|someone|somebody|"
    r"anyone|anybody|people|others)\b"
)


# "me" in a comparison or as an object ("diabetic like me", "she told me") is not the experiencer.
# "a scratch from the dog's claw", "kicked by my son": a cause, not the one with the sign.
AGENT_RE: Final = re.compile(r"\b(?:from|by|off) (?:the |my |a |our |his |her )?$")


# "tell someone", "ask anyone": a person named as the one to tell, not the experiencer.
ASKED_OF_RE: Final = re.compile(r"\b(?:tell|told|ask|asked|call|contact|see|show|showed) $")


SELF_RE: Final = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|(?<!like )(?<!than )(?<!as )(?<!with )(?<!told )(?<!tell )"
    r"(?<!asked )(?<!for )(?<!to )me|myself|mine|my)\b"
)


# Someone writing for the patient: "this is his daughter", "I'm mum's carer", "typing for her".
# Then "he", "she" and "dad" are the patient, and their symptoms are triaged as the patient's.
_CARER: Final = (
    rf"(?:{_RELATIONS}|carer|caregiver|care giver|nurse|helper|support worker|home help|pa)"
)


CAREGIVER_RE: Final = re.compile(
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
THIRD_PERSON_PROGRAMME_RE: Final = re.compile(
    r"\b(?:he|she|they|[a-z]{3,}) (?:did|does|do|was doing|is doing|tried|has done|has been doing|"
    r"had|finished|started) (?:the |his |her |their |today's |tonight's )?(?:self-?test|exercis\w*|"
    r"threading|marbles|towel|drills?|programme|program|session|pebble walk|sand walk|circles|"
    r"bands?|toe lifts?)\b(?![^.!?]*\b(?:with me|me too|like me|i did|we did)\b)"
)


PATIENT_NAMED_RE: Final = re.compile(
    r"\((?:the |she's the |he's the |she is the |he is the )?patient\)|\bpatient is (?:my|her|"
    r"his)\b"
    rf"|\((?:(?:his|her|their|the) )?{_CARER}\)"
)


# "Dad did the marbles and now his toes hurt. Kindly advise": a relative doing the programme,
# and the writer not doing it with them, is the patient.
RELATIVE_DOES_PROGRAMME_RE: Final = re.compile(
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


def named_patient(text: str) -> bool:
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


def diabetes_in_text(text: str, *, caregiver: bool) -> bool:
    """Does the message say the patient has diabetes? Negated mentions do not count."""
    if not _DIABETES_HINT_RE.search(text):
        return False
    rxs = (_DIABETES_SELF_RE, _DIABETES_CARED_RE) if caregiver else (_DIABETES_SELF_RE,)
    for rx in rxs:
        for m in rx.finditer(text):
            if not _DIABETES_NEGATED_RE.search(text[max(0, m.start() - 30) : m.start()]):
                return True
    return False
