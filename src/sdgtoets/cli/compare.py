"""``sdgtoets compare``: variants side by side. Parse, call ``api.compare``, report (Markdown,
HTML, Word or JSON). Exit 0, or 2 on bad input."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import chosen_profile, emit, input_errors, language, report_format


def compare(
    files: list[Path] = typer.Argument(...),
    output: Path | None = typer.Option(None, "--output", "-o"),
    fmt: str = typer.Option("markdown", "--format", "-f"),
    force: bool = typer.Option(False, "--force"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
    rubric: Path | None = typer.Option(None, "--rubric"),
    overlay: list[Path] = typer.Option([], "--overlay"),
    profile: Path | None = typer.Option(None, "--profile"),
    no_profile: bool = typer.Option(False, "--no-profile"),
) -> None:
    """Variants or stages of a project side by side. Help: cli.compare.*."""
    lng = language(lang)
    fmt = report_format(fmt, lng)
    with input_errors(lng):
        if output is not None and str(output) != "-":
            from ..writing import ensure_writable

            ensure_writable(output, force, named=True)
        from ..api.compare import compare as run
        from ..reports.compare_view import Item, compare_document

        result = run(
            list(files),
            lang=lng,
            questionnaire=questionnaire,
            rubric=rubric,
            overlays=overlay,
            profile=chosen_profile(profile, no_profile, lng),
        )
        if fmt == "json":
            import json

            out: str | bytes = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            from ..reports.formats import get

            items = [Item(i.key, i.kind) for i in result.items]
            doc = compare_document(result.comparison, items, lng, result.level_labels)
            out = get(fmt).render_document(doc)
        emit(out, output, force, lng)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
