"""A small, plain document model that every report is built in and every renderer formats.

A view (``verdict_view``, the batch portfolio, merge and compare reports) decides *what* is said,
already worded in the reader's language; a renderer (``markdown``, ``html``, ``docx``) decides only
*how* it looks. So the formats say the same things, and a new format is one small module.

Text in the model is plain: renderers escape it for their format. Nothing here does I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from .drawing import Drawing


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text; ``href`` is a link (a relative file name or an http(s) address)."""

    text: str
    strong: bool = False
    em: bool = False
    href: str | None = None


Inlines = tuple[Span, ...]


# A plain span per text, shared (spans are immutable): a batch words the same texts for many projects.
_plain = functools.lru_cache(maxsize=2048, typed=True)(Span)


def inl(*parts: str | Span | Iterable[Span]) -> Inlines:
    """Inline content from strings, spans and other inline content, in order."""
    if len(parts) == 1:
        only = parts[0]
        if type(only) is str:  # the common case: one text
            return (_plain(only),) if only else ()
    out: list[Span] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(_plain(part))
        elif isinstance(part, Span):
            out.append(part)
        else:
            out.extend(part)
    return tuple(out)


def strong(text: str) -> Span:
    return Span(text, strong=True)


def em(text: str) -> Span:
    return Span(text, em=True)


def plain_text(content: Inlines) -> str:
    return "".join(s.text for s in content)


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inlines
    role: str = ""  # "" | "lead" (the verdict line) | "why" | "note" (small print)


@dataclass(frozen=True, slots=True)
class Fields:
    """Key-value rows: the project's facts, the versions used."""

    rows: tuple[tuple[str, Inlines], ...]


@dataclass(frozen=True, slots=True)
class Cell:
    content: Inlines
    # A semantic tone for heat maps: "pos1".."pos3", "neg1".."neg3", "mixed", "gap" or "".
    tone: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...] = ()  # per column: right-aligned figures
    caption: str = ""


@dataclass(frozen=True, slots=True)
class ItemList:
    items: tuple[Inlines, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture drawn by our own code, with a text alternative saying what it shows in words."""

    drawing: Drawing
    alt: str
    caption: str = ""
    width_mm: float = 80
    placement: str = "block"  # "block" | "side" (beside the text, on page one)


Block = Paragraph | Fields | Table | ItemList | Figure


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    id: str = ""  # a stable anchor, also used by the HTML for print layout
    new_page: bool = False  # printed formats start it on a new page


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    lang: str
    sections: tuple[Section, ...]
    head: tuple[Block, ...] = field(default=())  # under the title, before the first section
