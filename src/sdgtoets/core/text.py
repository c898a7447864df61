"""Translated texts: ``{nl: ..., en: ...}`` mappings, Dutch required, other languages optional."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

Text = Mapping[str, str]
DEFAULT_LANGUAGE = "nl"


def pick(text: Text | None, lang: str) -> str:
    """The text in ``lang``, falling back to Dutch, then to any language present."""
    if not text:
        return ""
    if text.get(lang):
        return text[lang]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    return next(iter(text.values()), "")


_PLACEHOLDER = re.compile(r"\{(\w+)(?:\|([^|{}]*)\|([^|{}]*)(?:\|([^|{}]*))?)?\}")


def fill(template: str, **params: object) -> str:
    """Fill ``{name}`` placeholders in one pass, without ``str.format`` attribute access, so
    user text filled in (a project name) is never itself read as a placeholder.

    ``{name|one|many}`` writes a count with the right noun: ``{gaps|kennishiaat|kennishiaten}``
    gives "1 kennishiaat" or "3 kennishiaten". ``{name|zero|one|many}`` also has a text for none,
    written as it is ("geen kennishiaten", or nothing at all). A ``#`` in a word puts the count
    there instead of in front: ``{strong||, waarvan # sterk|, waarvan # sterk}``.
    """

    def replace(match: re.Match[str]) -> str:
        key, first, second, third = match.groups()
        if key not in params:
            return match.group(0)
        value = params[key]
        if first is None:
            return str(value)
        if third is not None:
            if value == 0:
                return first
            first = second
            second = third
        word = first if value == 1 else second
        if "#" in word:
            return word.replace("#", str(value))
        return f"{value} {word}" if word else str(value)

    return _PLACEHOLDER.sub(replace, template)


def slug(text: str, limit: int = 60) -> str:
    """A file-name part from a project name: plain ASCII letters and digits joined by hyphens,
    at most ``limit`` characters ("Schoolstraat & fietsroute" -> "schoolstraat-fietsroute")."""
    flat = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", flat).strip("-")[:limit].strip("-") or "project"
