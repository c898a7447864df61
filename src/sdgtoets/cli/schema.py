"""``sdgtoets schema``: print a JSON Schema, for editors (yaml-language-server) and CI."""

from __future__ import annotations

from pathlib import Path

import typer

from ..loading.errors import Problem
from .common import emit, fail, input_errors, language

NAMES = ("questionnaire", "rubric", "answers", "verdict", "test")


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
    key = name.strip().lower()
    if key not in NAMES:
        fail([Problem("maintenance.bad_schema", {"value": name, "allowed": ", ".join(NAMES)})], lng)
    from ..loading.schemas import schema_text

    with input_errors(lng):
        emit(schema_text(key), output, force)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
