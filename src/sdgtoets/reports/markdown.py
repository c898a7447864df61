"""Markdown from a document: the shortest form, same structure and same words as the HTML.

Every text is escaped (``escape.md``), so a project name cannot become a heading, a link, HTML
or a broken table. Figures become their text alternative.
"""

from __future__ import annotations

import functools

from .document import Block, Cell, Document, Fields, Figure, Inlines, ItemList, Paragraph, Section, Table
from .escape import md


def render_document(doc: Document) -> str:
    out: list[str] = [f"# {md(doc.title)}", ""]
    for block in doc.head:
        out.extend(_block(block))
    for section in doc.sections:
        _section(section, 2, out)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


@functools.lru_cache(maxsize=2048)  # a batch writes the same texts for many projects
def _escape(text: str, at_line_start: bool) -> str:
    """``escape.md`` for a run of text, keeping one outer space where the run has one; line-start
    escapes (``1.``, ``#``) only where the run really starts a line."""
    core = md(text) if at_line_start else md("x " + text.strip())[2:]  # "x " keeps line-start rules off
    if not core:
        return " " if text[:1].isspace() else ""
    lead = " " if text[:1].isspace() and not at_line_start else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + core + trail


def inline(content: Inlines, at_line_start: bool = False) -> str:
    if len(content) == 1:  # most runs are one plain span: its escaped text as it is
        only = content[0]
        if not (only.href or only.strong or only.em):
            return _escape(only.text, at_line_start)
    parts: list[str] = []
    for i, span in enumerate(content):
        text = _escape(span.text, at_line_start and i == 0)
        if not (span.href or span.strong or span.em) or not text.strip():
            parts.append(text)  # nothing around it: the escaped text as it is
            continue
        lead, core, trail = text[: len(text) - len(text.lstrip())], text.strip(), text[len(text.rstrip()) :]
        if span.href:
            core = f"[{core}]({_url(span.href)})"
        if span.strong:
            core = f"**{core}**"
        if span.em:
            core = f"_{core}_"
        parts.append(lead + core + trail)
    return "".join(parts)


@functools.lru_cache(maxsize=256)  # the rubric's instrument links, for every project
def _url(href: str) -> str:
    """A link target that cannot end the link early or start a new construct."""
    return "".join(c if c.isalnum() or c in "-._~:/?#@!$&'*+,;=%" else f"%{ord(c):02X}" for c in href)


def _section(section: Section, level: int, out: list[str]) -> None:
    out.extend([f"{'#' * min(level, 6)} {md(section.title)}", ""])
    for block in section.blocks:
        out.extend(_block(block))
    for sub in section.subsections:
        _section(sub, level + 1, out)


def _cell(cell: Cell) -> str:
    return inline(cell.content) or "-"


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [inline(block.content, at_line_start=True), ""]
    if isinstance(block, Fields):
        return [*(f"- {md(key)}: {inline(value)}" for key, value in block.rows), ""]
    if isinstance(block, ItemList):
        lines = [
            f"{i + 1}. {inline(item)}" if block.ordered else f"- {inline(item)}"
            for i, item in enumerate(block.items)
        ]
        return [*lines, ""]
    if isinstance(block, Table):
        numeric = block.numeric or tuple(False for _ in block.header)
        lines = []
        if block.caption:
            lines.extend([md(block.caption), ""])
        lines.append("| " + " | ".join(md(h) for h in block.header) + " |")
        lines.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
        lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows)
        return [*lines, ""]
    assert isinstance(block, Figure)
    lines = [f"_{md(block.alt)}_", ""]  # no picture in Markdown: its text alternative
    if block.caption:
        lines[0:0] = [md(block.caption), ""]
    return lines
