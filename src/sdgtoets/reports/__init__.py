"""Verdict renderers, one module each, picked from a registry by format name."""

from __future__ import annotations

from collections.abc import Callable

from ..core.verdict import Verdict

Renderer = Callable[[Verdict], str]


def renderer(name: str) -> Renderer:
    """The renderer for ``name``; imported lazily so unused formats cost nothing at start-up."""
    if name == "markdown":
        from .markdown import render

        return render
    if name == "json":
        from .json_report import render

        return render
    raise KeyError(name)


def render(verdict: Verdict, fmt: str) -> str:
    """The verdict as text in format ``fmt`` (one of ``FORMATS``)."""
    return renderer(fmt)(verdict)


FORMATS = ("markdown", "json")
