"""``sdgtoets diff``: parse, call ``api.diff``, report the changes in Markdown or JSON. Exit 0 (2 on bad input)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..i18n import t
from .common import choose, emit, input_errors, language, say_content


def diff(
    old_rubric: Path = typer.Argument(...),
    new_rubric: Path = typer.Argument(...),
    answers: list[Path] = typer.Option(
        ...,
        "--answers",
        "-a",
    ),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
    old_questionnaire: Path | None = typer.Option(
        None,
        "--old-questionnaire",
    ),
    overlay: list[Path] = typer.Option([], "--overlay"),
    fmt: str = typer.Option("markdown", "--format", "-f"),
    output: Path | None = typer.Option(None, "--output", "-o"),
    force: bool = typer.Option(False, "--force"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
) -> None:
    """The impact of a rubric change. Help: cli.diff.*."""
    lng = language(lang)
    fmt = choose(fmt, ("markdown", "json"), "usage.bad_format", lng)
    with input_errors(lng):
        if output is not None and str(output) != "-":
            from ..writing import ensure_writable

            ensure_writable(output, force, named=True)
        from ..api.diff import diff as run
        from ..loading.definitions import find_content

        content = find_content()
        if questionnaire is None:  # say where the questionnaire comes from
            say_content(content, lng)
            sys.stderr.write(t("content.questionnaire", lng, questionnaire=str(content.questionnaire)) + "\n")
        result = run(
            old_rubric,
            new_rubric,
            list(answers),
            questionnaire=questionnaire,
            old_questionnaire=old_questionnaire,
            overlays=overlay,
            lang=lng,
            content=content,
        )
        if fmt == "json":
            text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            from ..reports.diff import render_markdown

            text = render_markdown(result, lng)
        emit(text, output, force)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
