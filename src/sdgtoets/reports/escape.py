"""Neutralise user text before it goes into Markdown or a spreadsheet."""

from __future__ import annotations

import functools
import re
from typing import Final

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&!])")
_LINE_START = re.compile(r"^([#+\-=])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
# What GitHub-flavoured Markdown turns into a live link without any link syntax: a URL with a
# scheme, "www.", or an e-mail address (the last survives backslash escapes, so it is code).
_EMAIL: Final = re.compile(r"[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")
_SCHEME: Final = re.compile(r"(?i)(?<![A-Za-z0-9+.-])([a-z][a-z0-9+.-]{1,31})(:)(?=\S)")
_WWW: Final = re.compile(r"(?i)(?<![A-Za-z0-9])(www)(\.)")
# Something at least one of the escapes above may change: a special character, an e-mail
# address (@), a scheme (a colon before a non-space) or "www." (a quick test, then the real ones).
_ANY_INLINE: Final = re.compile(r"[\\`*_{}\[\]<>|~&!@]|:\S|(?i:www\.)")
_LINE_START_CHARS: Final = "#+-="
_FORMULA_START: Final = ("=", "+", "-", "@")
_SPREADSHEET_BLANK: Final = ("\t", "\r", "\n")


def _plain(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = _SCHEME.sub(r"\1\\\2", escaped)
    return _WWW.sub(r"\1\\\2", escaped)


def md(text: object) -> str:
    """Text that renders as itself in Markdown: no links (not even autolinks), HTML, headings,
    list items or broken tables."""
    return _md(str(text))


@functools.lru_cache(maxsize=2048)
def _md(text: str) -> str:
    """``md`` for a string, remembered: a batch escapes the same rubric texts for every project."""
    flat = " ".join(text.split())
    if _ANY_INLINE.search(flat) is None:  # most texts: nothing to escape inside the line
        escaped = flat
    else:
        parts: list[str] = []
        last = 0
        for match in _EMAIL.finditer(flat):
            parts.append(_plain(flat[last : match.start()]))
            parts.append(f"`{match.group(0)}`")
            last = match.end()
        parts.append(_plain(flat[last:]))
        escaped = "".join(parts)
    first = escaped[:1]
    if not first or not (first.isdigit() or first in _LINE_START_CHARS):
        return escaped  # neither a list number nor a line-start mark
    escaped = _LIST_NUMBER.sub(r"\1\\\2", escaped)
    return _LINE_START.sub(r"\\\1", escaped)


def cell(value: object) -> object:
    """A spreadsheet cell that cannot run as a formula (OWASP CSV injection guidance): text that
    starts with = + - @, or with a tab or CR, also after leading spaces (LibreOffice trims them
    on import), gets a leading apostrophe."""
    if isinstance(value, str) and (
        value.startswith(_SPREADSHEET_BLANK) or value.lstrip().startswith(_FORMULA_START)
    ):
        return "'" + value
    return value
