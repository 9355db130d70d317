"""Red-flag triage of a patient's chat message: pure, rule based, standard library only.

`assess` reads one message and returns one `Assessment` (level, flags, evidence). The modules,
in the order `engine.assess` runs them: `normalising` (with the `spellings` tables),
`figurative`, `document`, `mentions` (with the `lexicon` and `body` data), `context` (from
`negation`, `history`, `hypothetical`, `people`, and the shared `cues`), then `rules/` with one
module per SAFETY family; `durations` and `fever` read numbers. `lang` and `lang_data` read
messages not in English, `regex` dispatches large alternations by first characters.
"""

from bot.domain.triage.engine import BEFAST, FLAGS, Assessment, Evidence, Level, assess, normalise

__all__ = ["BEFAST", "FLAGS", "Assessment", "Evidence", "Level", "assess", "normalise"]
