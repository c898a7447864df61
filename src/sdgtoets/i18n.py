"""User-facing words, in Dutch and English, from ``locales/*.yaml`` (one file per area).

Every message a municipal user reads goes through ``t``. Loaded once, lazily.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .core.text import fill, pick
from .paths import PACKAGE

LANGUAGES = ("nl", "en")


@functools.cache
def catalog() -> dict[str, dict[str, str]]:
    folder = PACKAGE / "locales"
    sources = sorted((e for e in folder.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name)
    prebuilt = _prebuilt(folder, sources)
    if prebuilt is not None:
        return prebuilt
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, dict[str, str]] = {}
    for entry in sources:
        data.update(yaml.load(entry.read_text(encoding="utf-8"), Loader=loader) or {})
    return data


def _prebuilt(folder: Path, sources: list[Path]) -> dict[str, dict[str, str]] | None:
    """The merged catalogue the wheel build wrote (hatch_build.py), if made from these very files."""
    import hashlib
    import json

    entry = folder.joinpath("catalog.json")
    if not entry.is_file():
        return None
    try:
        built = json.loads(entry.read_text(encoding="utf-8"))
        current = {e.name: hashlib.sha256(e.read_bytes()).hexdigest() for e in sources}
        if built.get("sources") == current:
            messages: dict[str, dict[str, str]] = built["messages"]
            return messages
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    return None


def t(key: str, lang: str = "nl", **params: Any) -> str:
    """The message ``key`` in ``lang`` (Dutch when missing), with ``{name}`` filled in."""
    if not params:
        return _remembered(key, lang, ())
    items = tuple(params.items())
    for _, value in items:
        if type(value) is not str and type(value) is not int:
            return _message(key, lang, params)
    return _remembered(key, lang, items)


@functools.lru_cache(maxsize=2048)
def _remembered(key: str, lang: str, items: tuple[tuple[str, str | int], ...]) -> str:
    """A message with text and count parameters, remembered: a batch writes the same ones for
    many projects (the catalogue does not change while running)."""
    return _message(key, lang, dict(items))


def _message(key: str, lang: str, params: Mapping[str, Any]) -> str:
    entry = catalog().get(key)
    if entry is None:
        return key + (" " + repr(params) if params else "")
    template = entry.get(lang) or entry.get("nl") or key
    if not params:
        return fill(template)
    return fill(template, **{k: v if type(v) is str else _show(v, lang) for k, v in params.items()})


class Word(str):
    """A parameter that is itself a message key, worded in the language of the message."""


def _show(value: Any, lang: str) -> Any:
    """A parameter as it is written into a message; counts stay numbers, so that
    ``{count|singular|plural}`` can choose the noun."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Word):
        return t(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(_show(v, lang) for v in value)
    if isinstance(value, Mapping) and value and all(isinstance(v, str) for v in value.values()):
        return pick(value, lang)  # a translated text, e.g. a choice label: in the message's language
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value)
