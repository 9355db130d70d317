"""The one error every part of content loading raises: file, key path and reason."""

from __future__ import annotations

__all__ = ["ContentError"]


class ContentError(Exception):
    """A content file is missing, malformed or inconsistent.

    `str(error)` is one line, `<file>: <field path>: <reason>`; the parts are also kept as
    attributes so a test or a CLI can show them separately. For texts the field path is the
    full text key as code uses it (`reminders.buttons.start`), so a grep finds both ends.
    """

    def __init__(self, file: str, field: str, reason: str, *, more: int = 0) -> None:
        self.file = file
        self.field = field
        self.reason = reason
        self.more = more
        suffix = (
            f" (and {more} more problem{'s' if more != 1 else ''} in this file)" if more else ""
        )
        super().__init__(f"{file}: {field}: {reason}{suffix}")
