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
# A template cut at its placeholders: the text before each one, the placeholder (name, its words,
# as written), and the text after the last. Templates are few (the catalogue, the rubric's), so
# each is cut once; the bound keeps memory flat whatever is filled in.
_Piece = tuple[str, str, str | None, str | None, str | None, str]
_Pieces = tuple[tuple[_Piece, ...], str]
_PIECES: dict[str, _Pieces] = {}
_PIECES_LIMIT = 4096


def _pieces(template: str) -> _Pieces:
    found = _PIECES.get(template)
    if found is None:
        parts = []
        last = 0
        for match in _PLACEHOLDER.finditer(template):
            key, first, second, third = match.groups()
            parts.append((template[last : match.start()], key, first, second, third, match.group(0)))
            last = match.end()
        found = (tuple(parts), template[last:])
        if len(_PIECES) < _PIECES_LIMIT:
            _PIECES[template] = found
    return found


def fill(template: str, **params: object) -> str:
    """Fill ``{name}`` placeholders in one pass, without ``str.format`` attribute access, so
    user text filled in (a project name) is never itself read as a placeholder.

    ``{name|one|many}`` writes a count with the right noun: ``{gaps|kennishiaat|kennishiaten}``
    gives "1 kennishiaat" or "3 kennishiaten". ``{name|zero|one|many}`` also has a text for none,
    written as it is ("geen kennishiaten", or nothing at all). A ``#`` in a word puts the count
    there instead of in front: ``{strong||, waarvan # sterk|, waarvan # sterk}``.
    """
    if "{" not in template:
        return template
    parts, tail = _pieces(template)
    out: list[str] = []
    for before, key, first, second, third, written in parts:
        out.append(before)
        if key not in params:
            out.append(written)
            continue
        value = params[key]
        if first is None:
            out.append(str(value))
            continue
        if third is not None:
            if value == 0:
                out.append(first)
                continue
            first, second = second, third
        word = first if value == 1 else second
        assert word is not None
        if "#" in word:
            out.append(word.replace("#", str(value)))
        else:
            out.append(f"{value} {word}" if word else str(value))
    out.append(tail)
    return "".join(out)


def slug(text: str, limit: int = 60) -> str:
    """A file-name part from a project name: plain ASCII letters and digits joined by hyphens,
    at most ``limit`` characters ("Schoolstraat & fietsroute" -> "schoolstraat-fietsroute")."""
    flat = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", flat).strip("-")[:limit].strip("-") or "project"
