"""``batch``: score a whole list of projects (CSV, Excel or YAML/JSON) and write the portfolio."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..batch.rows import RowError
from ..batch.run import Options, run_batch
from ..errors import Problem
from ..instrument import Instrument, load_instrument


@dataclass(frozen=True)
class BatchResult:
    scored: int
    rejected: int  # rows (projects) rejected; each is reported to ``on_error`` and in errors.csv
    notes: tuple[Problem, ...] = ()  # file-level remarks (e.g. a Windows-1252 file)
    portfolio: dict[str, Any] = field(default_factory=dict)  # the figures of summary.json


def batch(
    source: Path,
    output_dir: Path,
    *,
    fmt: str = "markdown",
    depth: str | None = None,
    lang: str = "nl",
    questionnaire: Path | None = None,
    rubric: Path | None = None,
    overlays: Sequence[Path] = (),
    profile: Path | None = None,
    force: bool = False,
    summary_only: bool = False,
    ignore_columns: Sequence[str] = (),
    on_error: Callable[[RowError, str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_notes: Callable[[list[Problem]], None] | None = None,
    instrument: Instrument | None = None,
    jobs: int | None = None,
) -> BatchResult:
    """Score every row of ``source`` and write one verdict per project (in ``fmt``) and the
    portfolio summaries into ``output_dir``. A bad row is reported to ``on_error`` (the row error
    and its message in ``lang``) and the other rows are still scored. Raises InputError for
    problems with the file as a whole (before anything is written). ``jobs``: processes to score a
    long list with (default: one per core; short lists always use one)."""
    definitions = None if instrument is not None else (questionnaire, rubric, tuple(overlays), profile)
    instrument = instrument or load_instrument(questionnaire, rubric, overlays, profile)
    options = Options(
        source, output_dir, fmt, depth, lang, force, summary_only, tuple(ignore_columns), jobs, definitions
    )
    result, data = run_batch(instrument, options, on_error or _ignore, on_progress, on_notes)
    return BatchResult(result.scored, result.rejected_rows, tuple(result.notes), data)


def _ignore(err: RowError, message: str) -> None:
    """Row errors are in errors.csv anyway."""
