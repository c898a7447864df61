"""``sdgtoets batch``: score a list of projects (CSV, Excel or YAML/JSON) and write a portfolio report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from ..errors import Location, Problem
from ..i18n import t
from .common import EXIT_INPUT, choose, chosen_profile, input_errors, language, print_problems

DEPTHS = ("quick", "full")


@contextmanager
def progress_bar(show: bool, lang: str) -> Iterator[Callable[[int], None] | None]:
    """A rich progress line on stderr (count and rate); nothing when not a terminal or --quiet."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn(t("batch.progress", lang)),
        TextColumn("{task.completed}"),
        TextColumn("({task.fields[rate]})"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("batch", total=None, rate="")

    def update(done: int) -> None:
        if done % 25 == 0:
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = t("batch.rate", lang, rate=f"{done / elapsed:.0f}") if elapsed else ""
            progress.update(task, completed=done, rate=rate)

    with progress:
        yield update


def batch(
    source: Path = typer.Argument(..., show_default=False),
    output_dir: Path = typer.Option(..., "--output-dir", "-o"),
    fmt: str = typer.Option("markdown", "--format", "-f"),
    depth: str | None = typer.Option(None, "--depth", "-d"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
    rubric: Path | None = typer.Option(None, "--rubric"),
    overlay: list[Path] = typer.Option([], "--overlay"),
    force: bool = typer.Option(False, "--force"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    summary_only: bool = typer.Option(False, "--summary-only"),
    ignore_column: list[str] = typer.Option([], "--ignore-column"),
    profile: Path | None = typer.Option(None, "--profile"),
    no_profile: bool = typer.Option(False, "--no-profile"),
) -> None:
    """Score a project list and write the portfolio. Help: cli.batch.*."""
    lng = language(lang)
    from ..reports import FORMATS

    fmt = choose(fmt, FORMATS, "usage.bad_format", lng)
    if depth is not None:
        depth = choose(depth, DEPTHS, "usage.bad_depth", lng)
    with input_errors(lng):
        from ..api.batch import batch as run
        from ..batch.rows import RowError

        def on_error(err: RowError, message: str) -> None:
            if err.letter:
                field = t("batch.where.cell", lng, row=err.row, letter=err.letter, column=err.column)
            else:
                field = t("batch.where.entry", lng, row=err.row, column=err.column or "-")
            where = Location(str(source), None, None, field)
            print_problems([Problem("batch.row.rejected", {"message": message}, where)], lng)

        def on_notes(notes: list[Problem]) -> None:
            print_problems(notes, lng)

        show = not quiet and sys.stderr.isatty()
        with progress_bar(show, lng) as update:
            result = run(
                source,
                output_dir,
                fmt=fmt,
                depth=depth,
                lang=lng,
                questionnaire=questionnaire,
                rubric=rubric,
                overlays=overlay,
                profile=chosen_profile(profile, no_profile, lng),
                force=force,
                summary_only=summary_only,
                ignore_columns=ignore_column,
                on_error=on_error,
                on_progress=update,
                on_notes=on_notes,
            )
    if not quiet:
        key = "batch.done_rejected" if result.rejected else "batch.done"
        sys.stderr.write(
            t(key, lng, scored=result.scored, rejected=result.rejected, path=str(output_dir)) + "\n"
        )
    if result.rejected:
        raise SystemExit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
