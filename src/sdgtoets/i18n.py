"""User-facing words, in Dutch and English, from ``locales/*.yaml`` (one file per area).

Every message a municipal user reads goes through ``t``. Loaded once, lazily.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from .core.text import fill

LANGUAGES = ("nl", "en")


@functools.cache
def catalog() -> dict[str, dict[str, str]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, dict[str, str]] = {}
    folder = resources.files("sdgtoets").joinpath("locales")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data.update(yaml.load(entry.read_text(encoding="utf-8"), Loader=loader) or {})
    return data


def t(key: str, lang: str = "nl", **params: Any) -> str:
    """The message ``key`` in ``lang`` (Dutch when missing), with ``{name}`` filled in."""
    entry = catalog().get(key)
    if entry is None:
        return key + (" " + repr(params) if params else "")
    template = entry.get(lang) or entry.get("nl") or key
    return fill(template, **{k: _show(v) for k, v in params.items()})


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
