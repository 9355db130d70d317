"""Reading one content file into one pydantic model, with errors that name file and key.

Shared by the text, red-flag and zone loader (`loader`) and the exercise library
(`exercises`): YAML with duplicate keys refused, and a validation error turned into one
`ContentError` line, `<file>: <key path>: <reason>`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.content.errors import ContentError
from bot.content.models import GROUP_TAG, TEXT_TAG

__all__ = [
    "Problems",
    "display",
    "field_path",
    "load_model",
    "load_typed",
    "raise_first",
    "read_yaml",
]

# libyaml's parser when it is installed: several times faster, and content is read at start-up.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_Base):  # type: ignore[misc]
    """A safe loader that rejects duplicate keys, which plain YAML silently overwrites."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {mark.line + 1})", mark
            )
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")
# Semantic checks yield (key path, reason); the loader raises on the first.
Problems = Iterator[tuple[str, str]]
# Parts of a pydantic error path that are not keys of the file.
_NOT_KEYS = frozenset({TEXT_TAG, GROUP_TAG, "[key]"})


def display(path: Path, content_dir: Path) -> str:
    """The path as a content author reads it: `content/exercises/x.yaml`."""
    try:
        return path.relative_to(content_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


def field_path(loc: tuple[int | str, ...], prefix: str = "") -> str:
    """A pydantic error location as a dotted key path, `prefix` first."""
    parts = [prefix] if prefix else []
    parts += [str(part) for part in loc if part not in _NOT_KEYS]
    return ".".join(parts) or "(root)"


def read_yaml(path: Path, name: str) -> Any:
    """The YAML document at `path`; `ContentError` if missing, unreadable or not YAML."""
    if not path.is_file():
        raise ContentError(name, "(root)", "file is missing")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark is not None else "(root)"
        reason = " ".join(str(exc.problem or exc).split())
        raise ContentError(name, where, f"not valid YAML: {reason}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(name, "(root)", " ".join(str(exc).split())) from exc


def _validate(name: str, prefix: str, check: Callable[[], _T]) -> _T:
    try:
        return check()
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        raise ContentError(
            name, field_path(first["loc"], prefix), first["msg"], more=len(errors) - 1
        ) from exc


def load_model(path: Path, model: type[_M], content_dir: Path) -> _M:
    """Read `path` into `model`; `ContentError` naming the file and the first bad key."""
    name = display(path, content_dir)
    data = read_yaml(path, name)
    if not isinstance(data, Mapping):
        raise ContentError(name, "(root)", "must be a mapping of field names to values")
    return _validate(name, "", lambda: model.model_validate(data))


def load_typed(path: Path, adapter: TypeAdapter[_T], content_dir: Path, *, prefix: str = "") -> _T:
    """Like `load_model` for a plain type (a mapping of texts); paths start with `prefix`."""
    name = display(path, content_dir)
    data = read_yaml(path, name)
    if not isinstance(data, Mapping):
        raise ContentError(name, prefix or "(root)", "must be a mapping of keys to texts")
    return _validate(name, prefix, lambda: adapter.validate_python(data))


def raise_first(name: str, problems: Problems) -> None:
    """Raise the first problem as a `ContentError`, counting the rest."""
    found = list(problems)
    if found:
        field, reason = found[0]
        raise ContentError(name, field, reason, more=len(found) - 1)
