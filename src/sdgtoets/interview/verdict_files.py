"""The end of an interview on a terminal: a short summary on screen, then the verdict saved as
HTML and Markdown under a name made of the project and the date, never over an existing file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..core.text import slug
from ..core.verdict import Verdict
from ..errors import InputError
from ..reports import render
from ..reports.document import Document, ItemList, Paragraph, Section, plain_text
from ..reports.formats import FORMATS
from ..writing import write_atomic

SAVED_FORMATS = ("html", "markdown")  # HTML to open, print or attach; Markdown to paste or diff
MAX_TRIES = 100


def file_stem(name: str, date: dt.date, limit: int = 60) -> str:
    """``ontharding-van-het-dorpsplein-2026-12-03``: safe on Windows, macOS and Linux."""
    return f"{slug(name, limit)}-{date.isoformat()}"


def save_verdict(verdict: Verdict, folder: Path, date: dt.date) -> list[Path]:
    """Write the verdict in every saved format, under one free file name (``-2``, ``-3``... when
    the name is taken); existing files are never replaced."""
    stem = file_stem(str(verdict.project.get("name", "")), date)
    outputs = {fmt: render(verdict, fmt, date) for fmt in SAVED_FORMATS}
    for n in range(1, MAX_TRIES + 1):
        name = stem if n == 1 else f"{stem}-{n}"
        paths = [folder / f"{name}.{FORMATS[fmt].extension}" for fmt in SAVED_FORMATS]
        if any(p.exists() for p in paths):
            continue
        written: list[Path] = []
        try:
            for fmt, path in zip(SAVED_FORMATS, paths, strict=True):
                write_atomic(path, outputs[fmt], force=False)
                written.append(path)
        except InputError:
            if written or not any(p.exists() for p in paths):
                raise  # a real write failure, not a name someone took meanwhile
            continue
        return written
    raise InputError.one("file.exists", None, path=str(folder / stem))


def summary_renderables(doc: Document) -> list[Any]:
    """Page one in short, for rich: the level and why, then the top findings of each list."""
    from rich.panel import Panel
    from rich.text import Text

    summary = doc.sections[0]
    lead = next((b for b in summary.blocks if isinstance(b, Paragraph) and b.role == "lead"), None)
    why = next((b for b in summary.blocks if isinstance(b, Paragraph) and b.role == "why"), None)
    body = Text()
    if why is not None:
        body.append(plain_text(why.content) + "\n")
    for sub in summary.subsections:
        _list_into(body, sub)
    title = plain_text(lead.content) if lead is not None else doc.title
    return [Panel(body, title=Text(title, style="bold"), title_align="left", expand=True)]


def _list_into(body: Any, section: Section) -> None:
    body.append("\n" + section.title + "\n", style="bold")
    for block in section.blocks:
        if isinstance(block, ItemList):
            for i, item in enumerate(block.items[:3]):
                mark = f"{i + 1}." if block.ordered else "•"
                body.append(f" {mark} {plain_text(item)}\n")
        elif isinstance(block, Paragraph) and block.role != "note":
            body.append(f" {plain_text(block.content)}\n")
