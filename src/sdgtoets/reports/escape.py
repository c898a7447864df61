"""Neutralise user text before it goes into Markdown or a spreadsheet."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")
_LINE_START = re.compile(r"^([#+\-=])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md(text: object) -> str:
    """Text that renders as itself in Markdown: no links, HTML, headings or broken tables."""
    flat = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    escaped = _LIST_NUMBER.sub(r"\1\\\2", escaped)
    return _LINE_START.sub(r"\\\1", escaped)


def cell(value: object) -> object:
    """A spreadsheet cell that cannot run as a formula (OWASP CSV injection guidance)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
