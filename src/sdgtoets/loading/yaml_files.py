"""Safe YAML/JSON reading with size limits, and mapping a data path back to a line and column."""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any, Final

import yaml

from ..errors import InputError, Location, Problem, field_path

MAX_DEFINITION_BYTES: Final = 4 * 1024 * 1024
MAX_ANSWERS_BYTES: Final = 1 * 1024 * 1024
MAX_DEPTH: Final = 64  # nesting of mappings and lists; real files stay under 15
MAX_NUMBER: Final = 1e15  # any number in a user file (a budget of a thousand billion euro fits)
MAX_REPORTED: Final = 20  # problems of one kind reported per file
DataPath = tuple[str | int, ...]
# control characters (tab, LF and CR are text), lone surrogates (JSON "\ud800") and the two
# noncharacters U+FFFE and U+FFFF, which no output file can hold (XML, so Word and Excel, refuses them)
CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class _TooDeep(yaml.MarkedYAMLError):
    pass


class _DepthLoader(yaml.SafeLoader):
    """SafeLoader that stops at nesting deeper than MAX_DEPTH, long before Python's recursion
    limit would turn bad input into what looks like a bug of ours."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event: Any = self.peek_event()  # type: ignore[no-untyped-call]
                raise _TooDeep(None, None, "too deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _NoAliasLoader(_DepthLoader):
    """Also refuses anchors/aliases: user files have no need for them, and they are the door to
    'billion laughs' blow-ups."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                "while reading", None, "aliases (*name) are not allowed here", event.start_mark
            )
        return super().compose_node(parent, index)


class _UniqueKeyLoader(_NoAliasLoader):
    """Also refuses a key given twice in one mapping (a plain loader keeps the last silently)."""

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        seen: dict[str, Any] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value in seen:
                raise _Duplicate(key.value, seen[key.value].line + 1, key.start_mark)
            seen[key.value] = key.start_mark
        return node


class _CollectingLoader(_NoAliasLoader):
    """Like _UniqueKeyLoader, but notes each key given twice (key, line, column, first line)
    and goes on: a project list reports the entry that has it and still scores the others."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int, int]] = []

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        seen: dict[str, Any] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    mark = key.start_mark
                    self.duplicates.append((key.value, mark.line + 1, mark.column + 1, seen[key.value] + 1))
                else:
                    seen[key.value] = key.start_mark.line
        return node


def parse_list_file(text: str, source: str) -> tuple[Any, list[Problem]]:
    """A YAML/JSON project list: the data (the last of duplicate keys wins) and one located
    problem per duplicate key, so that only the entries that have one are rejected."""
    if source.lower().endswith(".json"):
        data = _parse_json(text, source, user_file=False)
        if not _has_json_duplicates(text):
            return data, []
    else:
        data = _parse(text, source, trusted=False, user_file=False)
    loader = _CollectingLoader(text)
    try:
        loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError):
        return data, []
    finally:
        loader.dispose()
    return data, [
        Problem("file.duplicate_key", {"name": key, "first": first}, Location(source, line, col))
        for key, line, col, first in loader.duplicates
    ]


def _has_json_duplicates(text: str) -> bool:
    found = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        keys = [k for k, _ in items]
        found = found or len(set(keys)) != len(keys)
        return dict(items)

    try:
        json.loads(text, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return False
    return found


class _Duplicate(yaml.MarkedYAMLError):
    def __init__(self, key: str, first_line: int, mark: Any) -> None:
        super().__init__(None, None, "duplicate key", mark)
        self.key = key
        self.first_line = first_line


def file_size(path: Path, limit: int, too_large: str = "file.too_large") -> int:
    """The size of a readable regular file within ``limit``, or an InputError that says why not.

    Devices (``/dev/zero``), FIFOs and sockets are refused before anything is opened: they have
    no size to check, and reading one could take all memory or wait forever.
    """
    where = Location(str(path))
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError.one("file.is_dir", where, path=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise InputError.one("file.not_regular", where, path=str(path))
        size = info.st_size
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
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.one("file.not_utf8", Location(str(path), line), path=str(path)) from None


def read_bytes(path: Path, limit: int, too_large: str = "file.too_large") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (read at most that far, in case the
    file grows while it is read)."""
    where = Location(str(path))
    file_size(path, limit, too_large)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check
                raise InputError.one("file.not_regular", where, path=str(path))
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputError.one(
            "file.unreadable", where, path=str(path), reason=exc.strerror or str(exc)
        ) from None
    if len(raw) > limit:
        raise InputError.one(too_large, where, path=str(path), size=len(raw), limit=limit)
    return raw


def parse_text(text: str, source: str, trusted: bool = False, user_file: bool = False) -> Any:
    """Parse YAML (JSON is YAML too, but use json for .json so errors point right).

    Whatever the loader, the result is checked against the limits (nesting depth, numbers that
    are finite and not absurdly large); ``user_file`` (answers files, project lists) also refuses
    duplicate keys and control characters in text.
    """
    data = _parse(text, source, trusted, user_file)
    problems = limit_problems(data, text, source, user_file)
    if problems:
        raise InputError(problems)
    return data


def _parse(text: str, source: str, trusted: bool, user_file: bool) -> Any:
    if source.lower().endswith(".json"):
        return _parse_json(text, source, user_file)
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if trusted else _NoAliasLoader
    if user_file:
        loader = _UniqueKeyLoader
    try:
        return yaml.load(text, Loader=loader)
    except _Duplicate as exc:
        mark = exc.problem_mark
        raise InputError.one(
            "file.duplicate_key",
            Location(source, mark.line + 1, mark.column + 1) if mark else Location(source),
            name=exc.key,
            first=exc.first_line,
        ) from None
    except _TooDeep as exc:
        mark = exc.problem_mark
        raise InputError.one(
            "file.too_deep",
            Location(source, mark.line + 1, mark.column + 1) if mark else Location(source),
            limit=MAX_DEPTH,
        ) from None
    except RecursionError:
        raise InputError.one("file.too_deep", Location(source), limit=MAX_DEPTH) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError.one("file.bad_yaml", Location(source), reason=str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "syntax error"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise InputError.one("file.bad_yaml", Location(source, line, col), reason=reason) from None
    except yaml.YAMLError as exc:
        raise InputError.one("file.bad_yaml", Location(source), reason=str(exc)) from None


class _NotFinite(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _DuplicateJson(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _parse_json(text: str, source: str, user_file: bool) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out and user_file:
                raise _DuplicateJson(key)
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise _NotFinite(name)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise InputError.one(
            "file.bad_json", Location(source, exc.lineno, exc.colno), reason=exc.msg
        ) from None
    except _DuplicateJson as exc:
        line, col, first = _duplicate_position(text)
        raise InputError.one(
            "file.duplicate_key", Location(source, line, col), name=exc.key, first=first or "?"
        ) from None
    except _NotFinite as exc:
        offset = re.search(rf"[:\[,]\s*-?{exc.name}", text)
        at = offset.end() - len(exc.name) if offset else 0
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise InputError.one("file.not_finite", Location(source, line, col), value=exc.name) from None
    except RecursionError:
        raise InputError.one("file.too_deep", Location(source), limit=MAX_DEPTH) from None
    except ValueError as exc:  # integers of more than 4300 digits
        raise InputError.one("file.bad_json", Location(source), reason=str(exc)) from None


def _duplicate_position(text: str) -> tuple[int | None, int | None, int | None]:
    """Where a JSON key occurs the second time in its object, and the line of the first time
    (JSON is YAML: the composer knows)."""
    try:
        yaml.compose(text, Loader=_UniqueKeyLoader)
    except _Duplicate as exc:
        if exc.problem_mark is not None:
            return exc.problem_mark.line + 1, exc.problem_mark.column + 1, exc.first_line
    except (yaml.YAMLError, RecursionError, ValueError):
        pass
    return None, None, None


def limit_problems(
    data: Any, text: str, source: str, user_file: bool = False, base: DataPath = ()
) -> list[Problem]:
    """Nesting deeper than MAX_DEPTH, NaN/infinite or huge numbers, and (``user_file``) control
    characters, each located; checked without recursion, so any nesting is safe to walk.
    ``base`` is where ``data`` sits in the file (an entry of a project list)."""
    problems: list[Problem] = []
    stack: list[tuple[Any, DataPath]] = [(data, base)]
    while stack and len(problems) < MAX_REPORTED:
        value, path = stack.pop()
        key = ""
        params: dict[str, Any] = {}
        if isinstance(value, dict):
            if len(path) >= MAX_DEPTH:
                key, params = "file.too_deep", {"limit": MAX_DEPTH}
            else:
                for k, v in value.items():
                    if user_file and isinstance(k, str) and CONTROL.search(k):
                        problems.append(_located("file.control_char", text, source, (*path, k)))
                    stack.append((v, (*path, str(k))))
        elif isinstance(value, list):
            if len(path) >= MAX_DEPTH:
                key, params = "file.too_deep", {"limit": MAX_DEPTH}
            else:
                stack.extend((v, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            key, params = "file.not_finite", {"value": str(value)}
        elif isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            key, params = "file.number_too_large", {"limit": f"{int(MAX_NUMBER):,}".replace(",", " ")}
        elif user_file and isinstance(value, str) and CONTROL.search(value):
            key = "file.control_char"
        if key:
            problems.append(_located(key, text, source, path, **params))
    return problems


def _located(key: str, text: str, source: str, path: DataPath, **params: Any) -> Problem:
    if key == "file.too_deep":
        line, col = _deep_position(text)
        shown = field_path(path[:6]) + " …"
    else:
        line, col = locate(text, path) if text else (None, None)
        shown = field_path(path)
    return Problem(key, params, Location(source, line, col, shown or None))


def _deep_position(text: str) -> tuple[int | None, int | None]:
    try:
        yaml.compose(text, Loader=_DepthLoader)
    except _TooDeep as exc:
        if exc.problem_mark is not None:
            return exc.problem_mark.line + 1, exc.problem_mark.column + 1
    except (yaml.YAMLError, RecursionError, ValueError):
        pass
    return None, None


def load_file(
    path: Path, limit: int = MAX_DEFINITION_BYTES, trusted: bool = False, user_file: bool = False
) -> tuple[Any, str]:
    text = read_text(path, limit)
    if trusted and not user_file:
        prebuilt = _prebuilt(path)
        if prebuilt is not None:
            return prebuilt, text
    return parse_text(text, str(path), trusted, user_file), text


def load_tree(path: Path, limit: int = MAX_DEFINITION_BYTES) -> tuple[Any, str, Any]:
    """Data, text and the composed YAML node tree (None for JSON), composing the file only once
    with the fast C parser: what ``validate`` needs to load a definition and locate every finding
    in it, at the cost of a single pass even for a rubric of 10,000 rules. A file with aliases is
    handed to the loader that refuses them with a located message."""
    text = read_text(path, limit)
    source = str(path)
    if source.lower().endswith(".json") or not hasattr(yaml, "CSafeLoader"):
        return parse_text(text, source), text, None
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _has_alias(node):
            return parse_text(text, source), text, None
        data = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, ValueError, RecursionError):
        return parse_text(text, source), text, None  # says what is wrong, and where
    finally:
        loader.dispose()
    problems = limit_problems(data, text, source)
    if problems:
        raise InputError(problems)
    return data, text, node


def _has_alias(root: Any) -> bool:
    """Whether a composed tree shares a node (that is what an alias composes to)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return False


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
    try:
        node = yaml.compose(text, Loader=_DepthLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None, None
    return node_position(node, path, key)


def node_position(node: Any, path: DataPath, key: bool = False) -> tuple[int | None, int | None]:
    """Follow ``path`` through a composed node tree as far as it goes; the deepest node found
    (or, with ``key``, the key node of the last step) gives the position."""
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
