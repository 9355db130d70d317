"""Bot API request parameters and error answers, as the sandbox server reads and refuses them.

A request reaches a method as :class:`Params` whatever its encoding (query string, JSON, form or
multipart), and every refusal is an :class:`ApiError` carrying Telegram's own description string,
so the client library sees exactly the errors the real server would give it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ApiError", "Params", "Upload", "bad_request"]


class ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(slots=True)
class Upload:
    """A file part received in a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


class Params:
    """Request parameters from a JSON body, a form or a multipart body.

    Form and multipart bodies carry every value as a string (python-telegram-bot JSON-encodes
    nested objects and numbers), so each accessor converts according to the field's type.
    """

    __slots__ = ("_data", "_files")

    def __init__(self, data: Mapping[str, Any], files: Mapping[str, Upload] | None = None) -> None:
        self._data = data
        self._files: Mapping[str, Upload] = files or {}

    def __contains__(self, name: str) -> bool:
        return name in self._data or name in self._files

    def raw(self, name: str) -> Any:
        return self._data.get(name)

    def str_(self, name: str) -> str | None:
        value = self._data.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        raise bad_request(f'field "{name}" must be of type String')

    def int_(self, name: str) -> int | None:
        value = self._data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Integer')
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise bad_request(f'field "{name}" must be of type Integer')

    def float_(self, name: str) -> float | None:
        value = self._data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Number')
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        raise bad_request(f'field "{name}" must be of type Number')

    def bool_(self, name: str) -> bool:
        value = self._data.get(name)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
        raise bad_request(f'field "{name}" must be of type Boolean')

    def json_(self, name: str, error: str | None = None) -> Any:
        value = self._data.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(error or f"can't parse {name} JSON object") from None
        return value

    def file(self, name: str) -> Upload | str | None:
        upload = self._files.get(name)
        if upload is not None:
            return upload
        value = self._data.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            attached = self._files.get(value[len("attach://") :])
            if attached is None:
                raise bad_request(f"file {value} not found in the request")
            return attached
        if value is None or isinstance(value, str):
            return value
        raise bad_request(f'field "{name}" must be of type String or InputFile')
