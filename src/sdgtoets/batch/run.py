"""The batch loop: read rows lazily, score each through ``api.verdict_for``, write as we go.

Memory stays flat in ``summary_only`` mode: rows are read one at a time, the portfolio keeps
running totals, and per-project summary rows are streamed to temporary files.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.portfolio import Portfolio
from ..errors import InputError, Location, Problem
from ..i18n import t
from ..instrument import Instrument, verdict_for
from ..reports import render
from ..reports.formats import FORMATS as _FORMATS
from ..writing import write_atomic
from ..writing.lock import Lock, acquire
from .columns import is_label_row, map_columns
from .readers import kind_of, open_table, read_entries
from .rows import ProjectRow, RowError, convert_cells, convert_entry
from .summary import SUMMARY_FILES, ErrorsWriter, ProjectTable, RunInfo, write_summaries

EXTENSIONS = {name: f.extension for name, f in _FORMATS.items()}


@dataclass(frozen=True)
class Options:
    source: Path
    output_dir: Path
    fmt: str = "markdown"
    depth: str | None = None
    lang: str = "nl"
    force: bool = False
    summary_only: bool = False
    ignore_columns: Sequence[str] = ()


@dataclass
class Result:
    scored: int = 0
    rejected_rows: int = 0
    row_errors: int = 0
    notes: list[Problem] = field(default_factory=list)


def slug(name: str, limit: int = 60) -> str:
    flat = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", flat).strip("-")[:limit].rstrip("-")
    return text or "project"


def project_file(row: int, name: str, fmt: str) -> str:
    return f"{row:05d}-{slug(name)}.{EXTENSIONS[fmt]}"


LOCK_FILE = ".sdgtoets-batch.lock"
INCOMPLETE_FILES = ("ONVOLLEDIG.txt", "INCOMPLETE.txt")  # the marker of a run not (yet) finished
_RUN_FILE = re.compile(r"^\d{5}-[a-z0-9-]+\.(md|json|html|docx)$")


def prepare_output(directory: Path, force: bool, lang: str = "nl") -> tuple[Lock, list[Problem]]:
    """Lock the output folder and make it ready: new or empty, unless --force, and then without
    the files of an earlier run (its summaries and verdicts), so nothing stale is left beside the
    new run. Until the run has finished, a marker file says it is incomplete."""
    where = Location(str(directory))
    if directory.exists() and not directory.is_dir():
        raise InputError.one("batch.output.not_dir", where, path=str(directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_failed(directory, exc) from None
    lock = acquire(directory / LOCK_FILE, "batch.output.busy", folder=str(directory))
    notes: list[Problem] = []
    if lock.stale is not None:
        notes.append(
            Problem(
                "batch.output.stale_lock",
                {"pid": lock.stale.pid or "?", "since": lock.stale.when or "?"},
                where,
                severity="warning",
            )
        )
    try:
        taken = sorted(p.name for p in directory.iterdir() if not p.name.startswith("."))
        if taken and not force:
            raise InputError.one(
                "batch.output.not_empty",
                where,
                path=str(directory),
                files=", ".join(taken[:5]) + (" …" if len(taken) > 5 else ""),
            )
        for name in taken:
            if name in SUMMARY_FILES or name in INCOMPLETE_FILES or _RUN_FILE.match(name):
                (directory / name).unlink()
        marker = INCOMPLETE_FILES[0] if lang == "nl" else INCOMPLETE_FILES[1]
        write_atomic(directory / marker, t("batch.output.incomplete", lang) + "\n", force=True)
    except OSError as exc:
        lock.release()
        raise write_failed(directory, exc) from None
    except BaseException:
        lock.release()
        raise
    return lock, notes


def write_failed(path: Path, exc: OSError) -> InputError:
    """A read-only folder, a full disk, a file in the way: bad luck, not a bug (exit 2)."""
    where = Location(str(exc.filename or path))
    return InputError.one("file.write_failed", where, path=str(path), reason=exc.strerror or str(exc))


def finish_output(directory: Path) -> None:
    for name in INCOMPLETE_FILES:
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()


def rows_of(
    options: Options, instrument: Instrument, notes: list[Problem]
) -> Iterator[ProjectRow | list[RowError]]:
    """Projects (or row errors) from the source, lazily. File-level problems raise before the first row."""
    questionnaire = instrument.questionnaire
    source = str(options.source)
    if kind_of(options.source) == "list":
        entries, _ = read_entries(options.source)

        def from_list() -> Iterator[ProjectRow | list[RowError]]:
            for entry in entries:
                yield convert_entry(entry.number, entry.data, questionnaire, source, entry.problems)

        return from_list()
    table = open_table(options.source)
    notes.extend(table.notes)
    try:
        columns = map_columns(table.header, questionnaire, source, options.ignore_columns)
    except InputError:
        table.rows.close()  # type: ignore[attr-defined]
        raise

    def from_table() -> Iterator[ProjectRow | list[RowError]]:
        first = True
        for number, cells in table.rows:
            if first:
                first = False
                if is_label_row(cells, columns, questionnaire):
                    continue
            converted = convert_cells(number, cells, columns, questionnaire)
            if converted is not None:
                yield converted

    return from_table()


def run_batch(
    instrument: Instrument,
    options: Options,
    on_error: Callable[[RowError, str], None],
    on_project: Callable[[int], None] | None = None,
    on_notes: Callable[[list[Problem]], None] | None = None,
) -> tuple[Result, dict[str, Any]]:
    """Score every project of ``options.source``; returns the result and the portfolio figures."""
    result = Result()
    rows = rows_of(options, instrument, result.notes)  # file-level errors surface here, before any writing
    if on_notes and result.notes:
        on_notes(result.notes)
    out = options.output_dir
    lang = options.lang
    lock, notes = prepare_output(out, options.force, lang)
    if notes:
        result.notes.extend(notes)
        if on_notes:
            on_notes(notes)
    errors: ErrorsWriter | None = None
    table: ProjectTable | None = None
    try:
        portfolio = Portfolio(instrument.rubric, instrument.goals, lang)
        errors = ErrorsWriter(out, lang)
        table = ProjectTable(out, lang, instrument.goals, instrument.rubric)
        depth_default = options.depth or "quick"
        last_rejected = -1
        for item in rows:
            if isinstance(item, list):
                for err in item:
                    message = t(err.key, lang, **err.params)
                    errors.add(err, message)
                    result.row_errors += 1
                    on_error(err, message)
                if item and item[0].row != last_rejected:
                    result.rejected_rows += 1
                    last_rejected = item[0].row
                continue
            depth = options.depth or item.depth or depth_default
            verdict = verdict_for(
                instrument, item.answers, item.project, depth, lang, explain=not options.summary_only
            )
            if not options.summary_only:
                name = project_file(item.row, str(item.project.get("name", "")), options.fmt)
                write_atomic(out / name, render(verdict, options.fmt), force=options.force)
            portfolio.add(verdict, item.row, item.budget)
            table.add(item, verdict)
            result.scored += 1
            if on_project:
                on_project(result.scored)
        portfolio.rejected = result.rejected_rows
        data = portfolio.to_dict()
        q, r = instrument.questionnaire, instrument.rubric
        info = RunInfo(
            options.source.name, f"{q.id} {q.version}", f"{r.id} {r.version}", depth_default, __version__
        )
        table.finish(data, options.force)
        errors.finish(options.force)
        write_summaries(out, data, info, lang, options.force)
        finish_output(out)
    except BaseException as exc:
        if table is not None:
            table.abort()
        if errors is not None:
            errors.abort()
        if isinstance(exc, OSError):
            raise write_failed(out, exc) from None
        raise
    finally:
        lock.release()
    return result, data


__all__ = ["SUMMARY_FILES", "Options", "Result", "run_batch"]
