"""The one registry of output formats: name, renderer, file extension, media type, binary or text.

``--format`` choices, batch file names and help texts all come from here. Renderers are imported
only when used, so a format nobody asks for costs nothing at start-up.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.verdict import Verdict
    from .document import Document


@dataclass(frozen=True)
class Format:
    name: str
    extension: str  # without the dot
    media_type: str
    binary: bool
    module: str  # reports.<module> with render_document(Document) (or render(Verdict) for json)
    from_document: bool = True  # False: rendered from the verdict's data, not from a document
    draws: bool = True  # False: shows a figure's words only (its drawing is not made)

    def render_document(self, doc: Document) -> str | bytes:
        if not self.from_document:
            raise ValueError(f"{self.name} renders verdicts only")
        module = importlib.import_module(f"{__package__}.{self.module}")
        out: str | bytes = module.render_document(doc)
        return out

    def render(self, verdict: Verdict, date: dt.date | None = None) -> str | bytes:
        """The verdict in this format; ``date`` (the day it was made) is shown in documents."""
        if not self.from_document:
            module = importlib.import_module(f"{__package__}.{self.module}")
            out: str | bytes = module.render(verdict)
            return out
        from .verdict_view import verdict_document

        return self.render_document(verdict_document(verdict, date, drawings=self.draws))


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("markdown", "md", "text/markdown; charset=utf-8", False, "markdown", draws=False),
        Format("html", "html", "text/html; charset=utf-8", False, "html"),
        Format(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            True,
            "docx",
        ),
        Format("json", "json", "application/json", False, "json_report", from_document=False),
    )
}
NAMES: tuple[str, ...] = tuple(FORMATS)


def today() -> dt.date:
    """The date a verdict document shows: today, or ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention) so that a rerun gives the same bytes."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def get(name: str) -> Format:
    return FORMATS[name]
