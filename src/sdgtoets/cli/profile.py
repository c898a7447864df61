"""``sdgtoets profile``: record the municipality's facts once, for every check and batch."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import input_errors, language


def profile(
    output: Path | None = typer.Option(None, "--output", "-o"),
    ask_all: bool = typer.Option(False, "--all"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
) -> None:
    """Interview the municipality's questions into a profile file. Help: cli.profile.*."""
    lng = language(lang)
    with input_errors(lng):
        from ..api.profile import default_profile_path
        from ..instrument import load_instrument
        from ..interview.profile import run_profile_interview

        instrument = load_instrument(questionnaire)
        path = output or default_profile_path()
        result = run_profile_interview(instrument.questionnaire, path, lang=lng, ask_all=ask_all)
    if result is None:
        raise SystemExit(0)


def register(app: typer.Typer) -> None:
    app.command("profile")(profile)
