"""``sdgtoets schema``: parse, call ``api.schema``, print the JSON Schema (editors, CI)."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import emit, input_errors, language


def schema(
    name: str = typer.Argument(
        ..., help="Welk schema: questionnaire, rubric (ook overlay), answers, verdict of test."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Schrijf naar dit bestand (anders naar het scherm)."
    ),
    force: bool = typer.Option(False, "--force", help="Overschrijf een bestaand uitvoerbestand."),
    lang: str | None = typer.Option(
        None, "--lang", "-l", help="Taal van de meldingen: nl (standaard) of en."
    ),
) -> None:
    """Toon het JSON Schema van een vragenlijst, rubriek, antwoordenbestand, oordeel of rubriektest.

    NAME: questionnaire, rubric (ook overlay), answers, verdict of test.
    """
    lng = language(lang)
    from ..api.schema import schema as text_of

    with input_errors(lng):
        emit(text_of(name), output, force)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
