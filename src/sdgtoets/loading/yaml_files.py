"""Safe YAML/JSON reading with size limits, and mapping a data path back to a line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import yaml

from .errors import InputError, Location

MAX_DEFINITION_BYTES: Final = 4 * 1024 * 1024
MAX_ANSWERS_BYTES: Final = 1 * 1024 * 1024
DataPath = tuple[str | int, ...]


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases: user files have no need for them, and they are
    the door to 'billion laughs' blow-ups."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                "while reading", None, "aliases (*name) are not allowed here", event.start_mark
            )
        return super().compose_node(parent, index)


def file_size(path: Path, limit: int, too_large: str = "file.too_large") -> int:
    """The size of a readable file within ``limit``, or an InputError that says why not."""
    where = Location(str(path))
    try:
        if path.is_dir():
            raise InputError.one("file.is_dir", where, path=str(path))
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError.one("file.not_found", where, path=str(path)) from None
    except OSError as exc:
        raise InputError.one(
            "file.unreadable", where, path=str(path), reason=exc.strerror or str(exc)
        ) from None
    if size > limit:
        raise InputError.one(too_large, where, path=str(path), size=size, limit=limit)
    return size


def read_text(path: Path, limit: int = MAX_DEFINITION_BYTES) -> str:
    """The file's text (UTF-8, with or without BOM), or an InputError that says why not."""
    where = Location(str(path))
    file_size(path, limit)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.one(
            "file.unreadable", where, path=str(path), reason=exc.strerror or str(exc)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.one("file.not_utf8", Location(str(path), line), path=str(path)) from None


def parse_text(text: str, source: str, trusted: bool = False) -> Any:
    """Parse YAML (JSON is YAML too, but use json for .json so errors point right)."""
    if source.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError.one(
                "file.bad_json", Location(source, exc.lineno, exc.colno), reason=exc.msg
            ) from None
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if trusted else _NoAliasLoader
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "syntax error"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise InputError.one("file.bad_yaml", Location(source, line, col), reason=reason) from None
    except yaml.YAMLError as exc:
        raise InputError.one("file.bad_yaml", Location(source), reason=str(exc)) from None


def load_file(path: Path, limit: int = MAX_DEFINITION_BYTES, trusted: bool = False) -> tuple[Any, str]:
    text = read_text(path, limit)
    if trusted:
        prebuilt = _prebuilt(path)
        if prebuilt is not None:
            return prebuilt, text
    return parse_text(text, str(path), trusted), text


def _prebuilt(path: Path) -> Any:
    """The JSON twin the wheel build made of a bundled YAML file (see hatch_build.py), if it
    was made from exactly these bytes; else None, and the YAML is parsed."""
    twin = path.with_suffix(".json")
    if path.suffix != ".yaml" or not twin.is_file():
        return None
    import hashlib

    try:
        prebuilt = json.loads(twin.read_text(encoding="utf-8"))
        if prebuilt.get("source_sha256") == hashlib.sha256(path.read_bytes()).hexdigest():
            return prebuilt["data"]
    except (OSError, ValueError, AttributeError):
        pass
    return None


def locate(text: str, path: DataPath, source: str = "") -> tuple[int | None, int | None]:
    """Line and column (1-based) of the node at ``path`` in a YAML/JSON text, as near as it gets."""
    return _position(text, path, key=False)


def key_location(text: str, path: DataPath) -> tuple[int | None, int | None]:
    """Like ``locate`` but for the key itself (the last element of ``path``) in its mapping."""
    return _position(text, path, key=True)


def _position(text: str, path: DataPath, key: bool) -> tuple[int | None, int | None]:
    """Follow ``path`` through the composed node tree as far as it goes; the deepest node found
    (or, with ``key``, the key node of the last step) gives the position."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None, None
    if node is None:
        return None, None
    mark = node.start_mark
    for depth, part in enumerate(path):
        if isinstance(node, yaml.MappingNode):
            hit = next(
                ((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                None,
            )
            if hit is None:
                break
            node = hit[1]
            mark = hit[0].start_mark if key and depth == len(path) - 1 else node.start_mark
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1
