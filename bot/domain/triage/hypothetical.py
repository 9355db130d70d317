"""Hypotheticals and general questions ("what if my toes go numb?", "is tingling a sign of
...?"): they do not escalate; the patient gets the warning-sign list instead.
"""

from __future__ import annotations

import re
from typing import Final

from bot.domain.triage.document import Doc, Mention

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


SIGNS_QUESTION_RE: Final = re.compile(
    r"\b(?:warning signs?|red flags?|danger signs?|"
    r"what (?:should|do) i (?:look|watch) (?:out )?for|"
    r"when (?:should|do) i (?:worry|see|call|contact|stop|go))\b"
)


# "cos mine do", "so do mine", "me too": the patient has what they just asked about.
MINE_TOO_RE: Final = re.compile(
    r"\b(?:(?:cos|because|coz|as|and|but) mine (?:\w+ ){0,2}?(?:do|does|did|are|have|too|also)|"
    r"so do mine|mine (?:do|does|did) too|mine too|me too|same (?:here|with me|for me)|"
    r"so do i|i do too|happens to me)\b"
)


def hypothetical(doc: Doc, m: Mention) -> bool:
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
