"""What the rule families share: the `Verdict` they add their hits to, the `Facts` of one
message they read (live mentions by concept, real weakness, abnormal sensation), onset helpers
and the body regions the families group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from bot.domain.triage.assessment import BEFAST, Level
from bot.domain.triage.body import BOTH_RE
from bot.domain.triage.cues import SUDDEN_STRONG_RE, SUDDEN_WEAK_RE
from bot.domain.triage.document import Doc, Mention


@dataclass(slots=True)
class Verdict:
    """The level so far, each flag with the mention that first raised it, and whether BE-FAST
    questions follow."""

    level: Level = Level.NONE
    flags: dict[str, Mention] = field(default_factory=dict)
    # The highest level reached by anything that is not a reason to ask BE-FAST, and whether
    # something is: the questions are asked only when no other sign already decides.
    other_level: Level = Level.NONE
    befast: bool = False

    def hit(self, flag: str, level: Level, m: Mention, *, befast: bool = False) -> None:
        self.level = max(self.level, level)
        self.flags.setdefault(flag, m)
        if befast:
            self.befast = True
        else:
            self.other_level = max(self.other_level, level)

    @property
    def follow_up(self) -> str | None:
        return BEFAST if self.befast and self.other_level < Level.EMERGENCY else None


WEAK_CONCEPTS: Final = ("weak_total", "weak_train", "weak_partial")


LIMB_REGIONS: Final = frozenset({"toe", "foot", "leg", "nail", None})


NOT_FOOT_REGIONS: Final = frozenset({"elsewhere", "hand", "arm", "face"})


@dataclass(slots=True)
class Facts:
    """The live mentions of one message, sorted by concept, and the signs several rule families
    read: real weakness (not the exercises' normal starting state), abnormal sensation, both."""

    doc: Doc
    live: list[Mention]
    by: dict[str, list[Mention]]
    weakness: list[Mention] = field(default_factory=list)
    sensory: list[Mention] = field(default_factory=list)
    neuro: list[Mention] = field(default_factory=list)  # weakness + sensory
    bilateral: list[Mention] = field(default_factory=list)  # weakness of both legs or feet

    def get(self, *concepts: str) -> list[Mention]:
        return [m for c in concepts if c in self.by for m in self.by[c]]

    def any_of(self, *concepts: str) -> bool:
        return any(c in self.by for c in concepts)


def strong_sudden(doc: Doc, m: Mention) -> bool:
    return doc.cue(SUDDEN_STRONG_RE, m.sentence)


def any_sudden(doc: Doc, m: Mention) -> bool:
    return strong_sudden(doc, m) or doc.cue(SUDDEN_WEAK_RE, m.sentence)


def both(doc: Doc, m: Mention) -> bool:
    return (m.body is not None and m.body.plural) or bool(BOTH_RE.search(doc.clause_text(m.clause)))
