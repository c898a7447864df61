"""The batch run: read rows lazily, score them through the instrument's compiled plan, write as we go.

Memory stays flat in the number of rows: rows are read one at a time, the portfolio keeps running
totals, summary rows stream to temporary files, and per-project files go to a hidden staging folder
that is moved into place only when the run is complete (an interrupted run leaves nothing that
looks finished). A long list is scored in chunks across processes (``--jobs``); results come back
in input order and every file is the same, byte for byte, as with one process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import itertools
import os
import re
import shutil
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .. import __version__
from ..core.plan import Figures
from ..core.portfolio import Portfolio
from ..core.text import slug
from ..errors import InputError, Location, Problem
from ..i18n import t
from ..instrument import Instrument, figures_for, load_instrument, verdict_for
from ..reports import render
from ..reports.formats import FORMATS as _FORMATS
from ..reports.formats import today
from ..writing import write_atomic
from ..writing.lock import Lock, acquire
from .columns import ColumnMap, is_label_row, map_columns
from .readers import kind_of, open_table, read_entries
from .rows import ProjectRow, RowError, convert_cells, convert_entry
from .summary import (
    SUMMARY_FILES,
    ErrorsWriter,
    Finished,
    ProjectTable,
    RunInfo,
    SummaryLine,
    SummaryRows,
    commit_all,
    discard,
    summary_texts,
)

EXTENSIONS = {name: f.extension for name, f in _FORMATS.items()}
# Below this many rows one process is as fast as starting workers (benchmarks/threshold.py: with
# fork two workers gain from about 300 rows, with spawn, as on Windows, from about 1,000).
PARALLEL_FROM: Final = 1000
CHUNK: Final = 200  # rows per task sent to a worker
STAGING_PREFIX: Final = ".sdgtoets-onvolledig-"


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
    jobs: int | None = None  # processes; None: one per core
    # How to load the instrument again in a worker process that cannot inherit it (Windows, macOS):
    # (questionnaire, rubric, overlays, profile) as given to ``load_instrument``; None: score in one process there.
    definitions: tuple[Path | None, Path | None, tuple[Path, ...], Path | None] | None = None


@dataclass
class Result:
    scored: int = 0
    rejected_rows: int = 0
    cells_left_out: int = 0  # unreadable metadata cells (a budget): the project was scored without
    notes: list[Problem] = field(default_factory=list)


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
        # The marker first: a run cut off from here on, even while the old files go, says so.
        marker = INCOMPLETE_FILES[0] if lang == "nl" else INCOMPLETE_FILES[1]
        write_atomic(directory / marker, t("batch.output.incomplete", lang) + "\n", force=True)
        for name in taken:
            if name != marker and (
                name in SUMMARY_FILES or name in INCOMPLETE_FILES or _RUN_FILE.match(name)
            ):
                (directory / name).unlink()
        remove_leftovers(directory)
    except OSError as exc:
        lock.release()
        raise write_failed(directory, exc) from None
    except BaseException:
        lock.release()
        raise
    return lock, notes


_OUR_NAMES = [f".{name}" for name in (*SUMMARY_FILES, *INCOMPLETE_FILES)] + [LOCK_FILE]
_OUR_TEMPORARY = re.compile(r"^(?:" + "|".join(map(re.escape, _OUR_NAMES)) + r")\.[^/\\]+\.tmp$")


def remove_leftovers(directory: Path) -> None:
    """What runs that were killed left in the folder (we hold its lock: no run of ours is
    writing there now): staging folders, XlsxWriter's work folders, temporary files."""
    for leftover in directory.glob(".*"):
        name = leftover.name
        if name.startswith((STAGING_PREFIX, ".summary.xlsx.")) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        elif _OUR_TEMPORARY.match(name) and leftover.is_file():
            with contextlib.suppress(OSError):
                leftover.unlink()


def write_failed(path: Path, exc: OSError) -> InputError:
    """A read-only folder, a full disk, a file in the way: bad luck, not a bug (exit 2)."""
    where = Location(str(exc.filename or path))
    return InputError.one("file.write_failed", where, path=str(path), reason=exc.strerror or str(exc))


def finish_output(directory: Path) -> None:
    for name in INCOMPLETE_FILES:
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()


Item = tuple[Any, ...]  # ("cells", number, cells) or ("entry", number, data, problems): one raw row


def items_of(
    options: Options, instrument: Instrument, notes: list[Problem]
) -> tuple[Iterator[Item], ColumnMap | None]:
    """The raw rows of the source, lazily, and how its columns map (None for a YAML/JSON list).
    File-level problems raise here, before the first row and before anything is written."""
    questionnaire = instrument.questionnaire
    if kind_of(options.source) == "list":
        entries, _ = read_entries(options.source)
        return (("entry", e.number, e.data, e.problems) for e in entries), None
    table = open_table(options.source)
    notes.extend(table.notes)
    try:
        columns = map_columns(table.header, questionnaire, str(options.source), options.ignore_columns)
    except InputError:
        table.rows.close()  # type: ignore[attr-defined]
        raise

    def from_table() -> Iterator[Item]:
        first = True
        for number, cells in table.rows:
            if first:
                first = False
                if is_label_row(cells, columns, questionnaire):
                    continue
            yield ("cells", number, cells)

    return from_table(), columns


def rows_of(
    options: Options, instrument: Instrument, notes: list[Problem]
) -> Iterator[ProjectRow | list[RowError]]:
    """Projects (or row errors) from the source, lazily. File-level problems raise before the first row."""
    items, columns = items_of(options, instrument, notes)
    source = str(options.source)
    for item in items:
        converted = _convert(item, columns, instrument, source)
        if converted is not None:
            yield converted


def _convert(
    item: Item,
    columns: ColumnMap | None,
    instrument: Instrument,
    source: str,
    memo: dict[Any, Any] | None = None,
) -> ProjectRow | list[RowError] | None:
    if item[0] == "entry":
        return convert_entry(item[1], item[2], instrument.questionnaire, source, item[3])
    assert columns is not None
    return convert_cells(item[1], item[2], columns, instrument.questionnaire, memo)


# --------------------------------------------------------------------------- scoring one row


@dataclass(frozen=True)
class Scored:
    """One project scored: what the summaries need (the verdict itself is not kept), its row of
    summary.csv and summary.xlsx as text already (made where it is scored: the main process,
    which writes every row, only writes it)."""

    row: int
    project: dict[str, Any]
    budget: float | None
    figures: Figures
    line: SummaryLine
    notes: tuple[RowError, ...] = ()  # cells left out, reported as warnings


Outcome = Scored | list[RowError] | None


@dataclass(frozen=True)
class _Job:
    """Everything scoring a row needs; a worker process gets it once."""

    options: Options
    columns: ColumnMap | None
    staging: Path | None  # where per-project files go until the run is complete
    summary: SummaryRows  # how a project becomes its row of summary.csv and summary.xlsx
    date: datetime.date | None = None  # the date every verdict document of the run shows
    # What each cell text of each question became (core.answers.check_answers), per process.
    checked: dict[Any, Any] = field(default_factory=dict)


_INSTRUMENT: Instrument | None = None  # in a worker: the instrument (inherited, or loaded again)
_JOB: _Job | None = None


def _score(item: Item, job: _Job, instrument: Instrument) -> Outcome:
    options = job.options
    converted = _convert(item, job.columns, instrument, str(options.source), job.checked)
    if converted is None or isinstance(converted, list):
        return converted
    depth = options.depth or converted.depth or "quick"
    if job.staging is None:
        figures = figures_for(instrument, converted.answers, depth)
    else:
        verdict = verdict_for(instrument, converted.answers, converted.project, depth, options.lang)
        figures = Figures.of(verdict)
        name = project_file(converted.row, str(converted.project.get("name", "")), options.fmt)
        data = render(verdict, options.fmt, job.date)
        with open(job.staging / name, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    line = job.summary.line(converted.row, converted.project, figures)
    # The metrics are not summarised: not sent back to the main process either (a third of the pickle).
    figures = dataclasses.replace(figures, metrics={})
    return Scored(converted.row, converted.project, converted.budget, figures, line, converted.notes)


def _init_worker(job: _Job) -> None:
    """In a worker: Ctrl-C is for the main process (it stops the workers); load what is not inherited."""
    global _INSTRUMENT, _JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _JOB = job
    if _INSTRUMENT is None:
        definitions = job.options.definitions
        assert definitions is not None
        _INSTRUMENT = load_instrument(*definitions)


def _score_chunk(chunk: list[Item]) -> list[Outcome]:
    assert _JOB is not None and _INSTRUMENT is not None
    return [_score(item, _JOB, _INSTRUMENT) for item in chunk]


def default_jobs() -> int:
    return os.cpu_count() or 1


def _context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork shares the loaded instrument for free; elsewhere (Windows, macOS) workers load it again.
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else "spawn")


def scored(job: _Job, instrument: Instrument, items: Iterator[Item]) -> Iterator[Outcome]:
    """Every row's outcome, in input order: in this process for a short list (or ``jobs=1``), else
    in chunks across worker processes, at most a few chunks ahead (memory stays flat)."""
    global _INSTRUMENT
    jobs = job.options.jobs or default_jobs()
    head = list(itertools.islice(items, PARALLEL_FROM))
    context = _context() if jobs > 1 and len(head) >= PARALLEL_FROM else None
    if context is not None and context.get_start_method() != "fork" and job.options.definitions is None:
        context = None  # a worker could not load this instrument again
    rest = itertools.chain(head, items)
    if context is None:
        for item in rest:
            yield _score(item, job, instrument)
        return
    if context.get_start_method() == "fork":
        _INSTRUMENT = instrument  # inherited by the workers; the plan's memos start warm
    pool = context.Pool(jobs, initializer=_init_worker, initargs=(job,))
    try:
        pending: deque[Any] = deque()
        for chunk in _chunks(rest, CHUNK):
            pending.append(pool.apply_async(_score_chunk, (chunk,)))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()  # also on Ctrl-C or an error: no worker outlives the run
        pool.join()
        _INSTRUMENT = None


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# --------------------------------------------------------------------------- the run


def run_batch(
    instrument: Instrument,
    options: Options,
    on_error: Callable[[RowError, str], None],
    on_project: Callable[[int], None] | None = None,
    on_notes: Callable[[list[Problem]], None] | None = None,
) -> tuple[Result, dict[str, Any]]:
    """Score every project of ``options.source``; returns the result and the portfolio figures."""
    result = Result()
    items, columns = items_of(options, instrument, result.notes)  # file-level errors surface here
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
    staging: Path | None = None
    finished: Finished = []  # summaries written in full, not yet in place
    depth_default = options.depth or "quick"
    try:
        portfolio = Portfolio(instrument.rubric, instrument.goals, lang)
        errors = ErrorsWriter(out, lang)
        table = ProjectTable(out, lang, instrument.goals, instrument.rubric)
        if not options.summary_only:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        job = _Job(options, columns, staging, table.format, today())
        last_rejected = -1
        for outcome in scored(job, instrument, items):
            if outcome is None:
                continue
            if isinstance(outcome, list):
                for err in outcome:
                    message = t(err.key, lang, **err.params)
                    errors.add(err, message)
                    on_error(err, message)
                if outcome and outcome[0].row != last_rejected:
                    result.rejected_rows += 1
                    last_rejected = outcome[0].row
                continue
            for note in outcome.notes:  # a cell left out: reported, and the project is still scored
                message = t(note.key, lang, **note.params)
                errors.add(note, message)
                result.cells_left_out += 1
                on_error(note, message)
            portfolio.add_figures(outcome.figures, outcome.project, outcome.row, outcome.budget)
            table.add(outcome.line, outcome.project, outcome.figures)
            result.scored += 1
            if on_project:
                on_project(result.scored)
        portfolio.rejected = result.rejected_rows
        data = portfolio.to_dict()
        q, r = instrument.questionnaire, instrument.rubric
        info = RunInfo(
            options.source.name,
            f"{q.id} {q.version}",
            f"{r.id} {r.version}",
            depth_default,
            __version__,
            result.cells_left_out,
        )
        heat = table.heat
        if not options.summary_only:  # link each project to its verdict file
            heat = [dataclasses.replace(h, file=project_file(h.row, h.name, options.fmt)) for h in heat]
        # Every summary is written in full before the first one is put in place, after every
        # verdict; then the marker of an unfinished run goes. A run cut off at any moment leaves
        # the marker, or everything.
        finished += table.close(data)
        finished += errors.close()
        finished += summary_texts(out, data, info, lang, heat)
        if staging is not None:
            _move_into_place(staging, out, options.force)
        commit_all(finished, options.force)
        finished = []
        finish_output(out)
    except BaseException as exc:
        discard(finished)
        if table is not None:
            table.abort()
        if errors is not None:
            errors.abort()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise write_failed(out, exc) from None
        raise
    finally:
        lock.release()
    return result, data


def _move_into_place(staging: Path, out: Path, force: bool) -> None:
    """The per-project files of a complete run, from the staging folder into the output folder."""
    try:
        with os.scandir(staging) as entries:
            for entry in entries:
                target = out / entry.name
                if not force and target.exists():
                    raise InputError.one("file.exists", Location(str(target)), path=str(target))
                os.replace(entry.path, target)
        staging.rmdir()
    except OSError as exc:
        raise InputError.one(
            "file.write_failed", Location(str(out)), path=str(out), reason=exc.strerror
        ) from None


def estimate_rows(source: Path) -> int | None:
    """About how many rows the source has (for the time left on a terminal); None if unknown cheaply."""
    with contextlib.suppress(OSError):
        if kind_of(source) == "csv":
            count = 0
            with open(source, "rb") as handle:
                while block := handle.read(1 << 20):
                    count += block.count(b"\n")
            return max(count - 1, 0)
    return None


__all__ = ["PARALLEL_FROM", "SUMMARY_FILES", "Options", "Result", "estimate_rows", "run_batch"]
