"""Red-flag triage of a patient's chat message: pure, rule based, standard library only.

`assess` reads one message and returns one `Assessment` (level, flags, evidence); the rest of
the package is how: `engine` (the rules), `lang` and `lang_data` (messages not in English),
`regex` (large alternations dispatched by first characters).
"""

from bot.domain.triage.engine import BEFAST, FLAGS, Assessment, Evidence, Level, assess, normalise

__all__ = ["BEFAST", "FLAGS", "Assessment", "Evidence", "Level", "assess", "normalise"]
