"""``sdgtoets batch``: score a list of projects (CSV, Excel or YAML/JSON) and write a portfolio report."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from ..core.questionnaire import DEPTHS
from ..errors import Location, Problem
from ..i18n import t
from .common import EXIT_INPUT, choose, chosen_profile, input_errors, language, print_problems


@contextmanager
def progress_bar(show: bool, lang: str, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress line on stderr (count, rows per second, time left); nothing when not a terminal
    or --quiet. Refreshed from the scoring loop itself: no background thread (workers are forked)."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn(t("batch.progress", lang)),
        TextColumn("{task.completed}"),
        BarColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("{task.fields[left]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    )
    task = progress.add_task("batch", total=total, rate="", left="")
    started = time.monotonic()
    shown = [started]

    def update(done: int) -> None:
        now = time.monotonic()
        if now - shown[0] < 0.25:
            return
        shown[0] = now
        elapsed = now - started
        rate = done / elapsed if elapsed else 0.0
        left = ""
        if total and rate and total > done:
            left = t("batch.time_left", lang, time=_duration(int((total - done) / rate)))
        progress.update(task, completed=done, rate=t("batch.rate", lang, rate=f"{rate:.0f}"), left=left)
        progress.refresh()

    with progress:
        yield update


def _duration(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, show_default=False),
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
            if err.severity == "warning":  # a cell left out; the project is still scored
                problem = Problem("batch.row.left_out", {"message": message}, where, severity="warning")
            else:
                problem = Problem("batch.row.rejected", {"message": message}, where)
            print_problems([problem], lng)

        def on_notes(notes: list[Problem]) -> None:
            print_problems(notes, lng)

        show = not quiet and sys.stderr.isatty()
        total = None
        if show:
            from ..batch.run import estimate_rows

            total = estimate_rows(source)
        with progress_bar(show, lng, total) as update:
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
                jobs=jobs,
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
