"""Translated texts: ``{nl: ..., en: ...}`` mappings, Dutch required, other languages optional."""

from __future__ import annotations

from collections.abc import Mapping

Text = Mapping[str, str]
DEFAULT_LANGUAGE = "nl"
LANGUAGES = ("nl", "en")


def pick(text: Text | None, lang: str) -> str:
    """The text in ``lang``, falling back to Dutch, then to any language present."""
    if not text:
        return ""
    if text.get(lang):
        return text[lang]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    return next(iter(text.values()), "")


def fill(template: str, **params: object) -> str:
    """Fill ``{name}`` placeholders without ``str.format`` attribute access (safe on user text)."""
    out = template
    for key, value in params.items():
        out = out.replace("{" + key + "}", str(value))
    return out
