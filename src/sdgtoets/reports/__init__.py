"""Everything a reader sees of a verdict: a document model, the verdict view, renderers in one
format registry (``formats``), and the SDG wheel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..core.verdict import Verdict
from .formats import FORMATS as _REGISTRY
from .formats import NAMES, get, today

Renderer = Callable[[Verdict], str | bytes]
FORMATS = NAMES  # the format names, in the order help texts list them


def renderer(name: str) -> Renderer:
    """The renderer for ``name`` (a KeyError for an unknown one); documents show today's date."""
    fmt = _REGISTRY[name]
    return lambda verdict: fmt.render(verdict, today())


def render(verdict: Verdict, fmt: str, date: dt.date | None = None) -> str | bytes:
    """The verdict in format ``fmt``: text, or bytes for binary formats (Word). Documents show
    ``date``, by default ``today()``."""
    return get(fmt).render(verdict, date or today())
