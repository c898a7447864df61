"""``sdgtoets template``: parse, call ``api.template``, write the template (file or screen)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..core.questionnaire import DEPTHS
from ..errors import InputError
from .common import choose, emit, input_errors, language


def template(
    fmt: str = typer.Option("yaml", "--format", "-f"),
    depth: str = typer.Option("full", "--depth", "-d"),
    output: Path | None = typer.Option(None, "--output", "-o"),
    force: bool = typer.Option(False, "--force"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
) -> None:
    """An answers file, project list or question list to fill in. Help: cli.template.*."""
    lng = language(lang)
    from ..api.template import FORMATS
    from ..api.template import template as make

    fmt = choose(fmt, FORMATS, "usage.bad_format", lng)
    depth = choose(depth, DEPTHS, "usage.bad_depth", lng)
    to_screen = output is None or str(output) == "-"
    with input_errors(lng):
        if fmt == "xlsx" and to_screen:
            raise InputError.one("batch.template.need_output")
        result = make(fmt, depth=depth, lang=lng, questionnaire=questionnaire)
        if isinstance(result.content, bytes):
            assert output is not None
            from ..writing import write_atomic

            write_atomic(output, result.content, force=force, named=True)
        else:  # a CSV shown on screen needs no byte-order mark (a file does, for Excel)
            emit(result.content.lstrip("\ufeff") if to_screen else result.content, output, force)


def register(app: typer.Typer) -> None:
    app.command("template")(template)
