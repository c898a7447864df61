"""Helpers for the verdict-document tests: build verdicts from files, pull plain text from HTML,
Markdown and Word, and count words as people read them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

TESTS = Path(__file__).parent
ROOT = TESTS.parent
GOLDEN_DATA = TESTS / "golden_data"
DATE = dt.date(2026, 12, 3)


def verdict(answers: Path, lang: str = "nl", depth: str | None = None, fixtures: bool = False) -> Any:
    from sdgtoets.api import load_instrument, verdict_for
    from sdgtoets.loading.answers_file import read_answers

    if fixtures:
        inst = load_instrument(GOLDEN_DATA / "questionnaire.yaml", GOLDEN_DATA / "rubric.yaml")
    else:
        inst = load_instrument()
    given = read_answers(answers, inst.questionnaire)
    return verdict_for(
        inst, given.answers, given.project, depth or given.depth or "quick", lang, what_if=True
    )


def render(v: Any, fmt: str) -> Any:
    from sdgtoets.api import render as api_render

    return api_render(v, fmt, DATE)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("style", "title", "svg", "head"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "svg", "head"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def markdown_text(md: str) -> str:
    lines = []
    for line in md.splitlines():
        if re.fullmatch(r"\|( ?-+:? \|)+", line.strip()):
            continue
        line = re.sub(r"^#+ |^- |^\d+\. ", "", line)
        line = re.sub(r"(?<!\\)\[(.*?)(?<!\\)\]\([^)]*\)", r"\1", line)  # a link: its text
        line = re.sub(r"\\(.)", r"\1", line.replace("**", "").replace("|", " "))
        lines.append(line)
    return " ".join(lines)


def words(text: str) -> Counter[str]:
    """The words of a text, without markup punctuation: what a reader reads."""
    tokens = (t.strip("_*.,:;()[]") for t in text.split())
    return Counter(t for t in tokens if re.search(r"\w", t))


def word_count(md: str) -> int:
    return sum(words(markdown_text(md)).values())


def page_one(md: str) -> str:
    """The Markdown of page one: the summary section, up to the detail."""
    return md.split("\n## ")[1]


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of every paragraph, also those in table cells, in document order."""
    from io import BytesIO

    import docx

    document = docx.Document(BytesIO(data))
    out: list[tuple[str, str]] = []

    def walk(container: Any, element_root: Any = None) -> None:
        root = element_root if element_root is not None else container._element
        for element in root.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                from docx.text.paragraph import Paragraph

                p = Paragraph(element, container)
                out.append((p.style.name if p.style is not None else "", p.text))
            elif tag == "tbl":
                from docx.table import Table

                for row in Table(element, container).rows:
                    for cell in row.cells:
                        walk(cell)

    walk(document, document.element.body)
    return out
