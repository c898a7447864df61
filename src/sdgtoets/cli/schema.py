"""``sdgtoets schema``: parse, call ``api.schema``, print the JSON Schema (editors, CI)."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import emit, input_errors, language


def schema(
    name: str = typer.Argument(...),
    output: Path | None = typer.Option(None, "--output", "-o"),
    force: bool = typer.Option(False, "--force"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
) -> None:
    """Print a JSON Schema. Help: cli.schema.*."""
    lng = language(lang)
    from ..api.schema import schema as text_of

    with input_errors(lng):
        emit(text_of(name), output, force)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
