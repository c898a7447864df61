"""``sdgtoets check``: the interview (or an answers file) and the verdict."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import Problem
from ..reports import FORMATS, render
from .common import choose, emit, fail, input_errors, language

DEPTHS = ("quick", "full")


def check(
    answers: Path | None = typer.Option(
        None, "--answers", "-a", help="Antwoordenbestand (YAML of JSON) in plaats van de vragen te stellen."
    ),
    resume: Path | None = typer.Option(
        None, "--resume", help="Ga verder met een bewaarde, onafgewerkte toets."
    ),
    depth: str | None = typer.Option(
        None, "--depth", "-d", help="quick (snelle scan, standaard) of full (volledige toets)."
    ),
    fmt: str = typer.Option("markdown", "--format", "-f", help="Formaat van het oordeel: markdown of json."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Schrijf het oordeel naar dit bestand (anders naar het scherm)."
    ),
    force: bool = typer.Option(False, "--force", help="Overschrijf een bestaand uitvoerbestand."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Taal: nl (standaard) of en."),
    questionnaire: Path | None = typer.Option(None, "--questionnaire", help="Een andere vragenlijst (YAML)."),
    rubric: Path | None = typer.Option(None, "--rubric", help="Een andere rubriek (YAML)."),
    overlay: list[Path] = typer.Option(
        [], "--overlay", help="Lokale aanvulling op de rubriek (mag herhaald)."
    ),
    session: Path | None = typer.Option(
        None,
        "--session",
        help="Bestand waarin je antwoorden na elke vraag bewaard worden (standaard een map per gebruiker; "
        "SDGTOETS_HOME verandert die map).",
    ),
) -> None:
    """Toets een project: beantwoord de vragen en krijg een oordeel met sterktes, zwaktes en suggesties."""
    lng = language(lang)
    fmt = choose(fmt, FORMATS, "usage.bad_format", lng)
    if depth is not None:
        depth = choose(depth, DEPTHS, "usage.bad_depth", lng)
    if answers is not None and resume is not None:
        fail([Problem("usage.answers_and_resume", {})], lng)
    with input_errors(lng):
        if output is not None and str(output) != "-":
            from ..writing import ensure_writable

            ensure_writable(output, force)  # say so before the interview, not after
        from ..api.check import check as score_file
        from ..instrument import load_instrument, verdict_for

        instrument = load_instrument(questionnaire, rubric, overlay)
        if answers is not None:
            verdict = score_file(answers, depth=depth, lang=lng, instrument=instrument)
        else:
            from ..interview import run_interview

            result = run_interview(
                instrument.questionnaire, lang=lng, depth=depth, resume=resume, session=session
            )
            if result is None:  # stopped; progress is saved and the user was told where
                raise SystemExit(0)
            verdict = verdict_for(instrument, result.answers, result.project, result.depth, lng)
        emit(render(verdict, fmt), output, force)
        if output is not None and str(output) != "-" and sys.stderr.isatty():
            from ..i18n import t

            sys.stderr.write(t("interview.verdict_written", lng, path=str(output)) + "\n")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
