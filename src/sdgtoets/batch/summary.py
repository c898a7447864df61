"""The portfolio files: summary.csv and summary.xlsx (a row per project, streamed while scoring),
summary.md (for a council annex) and summary.json, plus errors.csv for rejected rows."""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import json
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..core.goals import Goals
from ..core.numbers import decimal_text, euro_text
from ..core.plan import Figures
from ..core.portfolio import lmb_counts
from ..core.rubric import Rubric
from ..core.text import pick
from ..errors import InputError, Location
from ..i18n import t
from ..reports.escape import cell, md
from ..reports.formats import FORMATS
from ..reports.portfolio_view import MAX_HEAT_ROWS, PortfolioRow, portfolio_document
from ..writing import ensure_writable, move_into_place
from .rows import RowError
from .xlsx_rows import append_row, cell_prefixes, number_cell, row_text, text_cell

SUMMARY_FILES = ("summary.csv", "summary.xlsx", "summary.md", "summary.html", "summary.json", "errors.csv")


@dataclass(frozen=True)
class RunInfo:
    source: str
    questionnaire: str
    rubric: str
    depth: str
    tool: str
    cells_left_out: int = 0  # unreadable metadata cells (a budget): the project was scored without


def csv_dialect(lang: str) -> tuple[str, str]:
    """(delimiter, decimal mark): what Excel expects in a Dutch-language (Belgian) or English setup."""
    return (";", ",") if lang == "nl" else (",", ".")


def number_text(value: Any, decimal: str) -> Any:
    """A float as text for a CSV cell with this decimal separator; anything else as it is."""
    return decimal_text(value, "nl" if decimal == "," else "en") if isinstance(value, float) else value


def _temp(directory: Path, name: str, mode: str) -> tuple[Any, Path]:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    if "b" in mode:
        return os.fdopen(fd, mode), Path(tmp)
    return os.fdopen(fd, mode, encoding="utf-8-sig", newline=""), Path(tmp)


Finished = list[tuple[Path, Path]]  # (temporary file, final name): written, not yet in place


def commit_all(finished: Finished, force: bool) -> None:
    """Move finished temporary files into place, one quick rename each (atomic; never over a
    file without force). Every final name is checked first, so a refusal moves none of them."""
    for _tmp, final in finished:
        ensure_writable(final, force)
    for tmp, final in finished:
        move_into_place(tmp, final, force)


def discard(finished: Finished) -> None:
    for tmp, _final in finished:
        with contextlib.suppress(OSError):
            tmp.unlink()


class ErrorsWriter:
    """errors.csv, written as rows are rejected."""

    def __init__(self, directory: Path, lang: str) -> None:
        self.directory = directory
        self.lang = lang
        self.handle, self.tmp = _temp(directory, "errors.csv", "w")
        delimiter, _ = csv_dialect(lang)
        self.writer = csv.writer(self.handle, delimiter=delimiter, lineterminator="\r\n")
        self.writer.writerow([t(f"batch.errors.{k}", lang) for k in ("row", "column", "value", "message")])
        self.count = 0

    def add(self, error: RowError, message: str) -> None:
        self.count += 1
        column = f"{error.letter} ({error.column})" if error.letter else error.column
        value = "" if error.value is None else str(error.value)
        self.writer.writerow([error.row, cell(column), cell(value), cell(message)])

    def close(self) -> Finished:
        self.handle.close()
        return [(self.tmp, self.directory / "errors.csv")]

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the last flush too
            self.handle.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()


# XlsxWriter stamps the workbook with its creation time unless told otherwise; a fixed date keeps
# summary.xlsx the same bytes for the same inputs (as every other file we write).
_CREATED: Final = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

# The project sheet is nearly all of summary.xlsx (some 1.3 kB of XML per row) and packing it is
# the one step of a batch that runs after all scoring, in one process. zlib level 2 packs it about
# four times as fast as the default level 6 (100,000 rows: 0.5 s instead of 2.0 s), for a file
# about 28% larger; what the sheet holds is the same. The other parts keep XlsxWriter's level.
SHEET_LEVEL: Final = 2
_PROJECT_SHEET: Final = "xl/worksheets/sheet1.xml"
_PACKING = threading.Lock()


class _SheetZip(zipfile.ZipFile):
    """XlsxWriter's ZipFile while it packs summary.xlsx: the project sheet at ``SHEET_LEVEL``."""

    def write(
        self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        if arcname == _PROJECT_SHEET and compresslevel is None:
            compresslevel = SHEET_LEVEL
        super().write(filename, arcname, compress_type, compresslevel)


def _close_book(book: Any) -> None:
    """``book.close()`` with the project sheet packed at ``SHEET_LEVEL``. XlsxWriter makes its
    ZipFile in ``Workbook._store_workbook`` (an internal, pinned in pyproject.toml) and has no
    option for the level: its module's ZipFile is ours while it packs (under a lock, so that two
    runs in threads restore it right)."""
    import xlsxwriter.workbook as workbook

    with _PACKING:
        plain = workbook.ZipFile
        workbook.ZipFile = _SheetZip
        try:
            book.close()
        finally:
            workbook.ZipFile = plain


@dataclass(frozen=True)
class SummaryLine:
    """One project's row of summary.csv (the line, with its end) and of summary.xlsx (its XML
    text, ``xlsx_rows.row_text``): made where the project is scored, written by the main process."""

    row: int
    csv: str
    xlsx: str


class _Echo:
    """A file for csv.writer whose ``write`` gives the text back: ``writerow`` then returns the line."""

    @staticmethod
    def write(text: str) -> str:
        return text


@functools.cache
def _line_writer(delimiter: str) -> Any:
    return csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")


class SummaryRows:
    """How a project becomes its row of summary.csv and summary.xlsx: made once per run and sent
    to the worker processes with the job, so that each row is turned into text where it is scored
    and the main process (which writes every row while the workers score) only writes text."""

    def __init__(self, lang: str, goals: Goals, rubric: Rubric) -> None:
        from xlsxwriter.utility import xl_col_to_name

        self.lang = lang
        self.delimiter, self.decimal = csv_dialect(lang)
        self.words = {k: t(k, lang) for k in ("word.yes", "word.no", "word.unknown")}
        self.level_labels = {lvl.id: pick(lvl.label, lang) for lvl in rubric.levels}
        self.lmb_labels = {
            lvl.id: pick(lvl.label, lang)
            for lvl in (
                rubric.lmb.not_lmb,
                *rubric.lmb.levels,
                *((rubric.lmb.unknown,) if rubric.lmb.unknown else ()),
            )
        }
        self.header = self._header(goals)
        self.last_column = len(self.header) - 1
        self.prefixes = cell_prefixes([xl_col_to_name(i) for i in range(len(self.header))])
        kinds = ["level_label", "level", "lmb_word", *(["lmb"] * len(goals.lmb_fields)), "count", "count"]
        kinds += ["sdg"] * (2 * len(goals.sdgs))
        own = 1 + len(_PROJECT_COLUMNS)
        self._memos = [_Memo(p, k) for p, k in zip(self.prefixes[own:], kinds, strict=True)]

    def _header(self, goals: Goals) -> list[str]:
        lang = self.lang
        cols = [
            t(f"batch.col.{k}", lang)
            for k in (
                "row",
                "id",
                "name",
                "department",
                "policy_goal",
                "budget",
                "year",
                "verdict",
                "level",
                "lmb",
            )
        ]
        cols += [pick(f.name, lang) for f in goals.lmb_fields]
        cols += [t("batch.col.knowledge_gaps", lang), t("batch.col.unmitigated", lang)]
        for s in goals.sdgs:
            cols += [
                t("batch.col.sdg_positive", lang, n=s.number),
                t("batch.col.sdg_negative", lang, n=s.number),
            ]
        return cols

    def values(self, row: int, project: Mapping[str, Any], figures: Figures) -> list[Any]:
        """The row's cells; empty (None) where there is nothing, which also keeps the sheet small and fast."""
        values: list[Any] = [row, *(project.get(k) for k in _PROJECT_COLUMNS)]
        values += [self._shown(m.kind, v) for m, v in zip(self._memos, _figure_cells(figures), strict=True)]
        return values

    def _shown(self, kind: str, value: Any) -> Any:
        """How a figure is shown in its column (``kind``: see ``__init__``)."""
        if kind == "level_label":
            return self.level_labels.get(value, value)
        if kind == "lmb_word":
            return self.words[{True: "word.yes", False: "word.no", None: "word.unknown"}[value]]
        if kind == "lmb":
            return self.lmb_labels.get(value, value)
        if kind == "sdg":
            return value or None
        return value  # the level id, a count

    def header_line(self) -> SummaryLine:
        return self._generic_line(1, self.header)

    def reference_line(self, row: int, project: Mapping[str, Any], figures: Figures) -> SummaryLine:
        """``line`` the plain way, cell by cell from ``values`` (the reference it is held to)."""
        return self._generic_line(row, self.values(row, project, figures))

    def _generic_line(self, row: int, values: Sequence[Any]) -> SummaryLine:
        decimal = self.decimal
        done = [_cells(prefix, v, decimal) for prefix, v in zip(self.prefixes, values, strict=True)]
        csv_line = _line_writer(self.delimiter).writerow([d[0] for d in done])
        return SummaryLine(row, csv_line, row_text([d[1] for d in done]))

    def line(self, row: int, project: Mapping[str, Any], figures: Figures) -> SummaryLine:
        """The row of ``values`` as text. The cells after the project's own repeat from row to row
        (labels, small counts): each column remembers what its values became."""
        decimal = self.decimal
        texts: list[Any] = []
        cells: list[str] = []
        own = (row, *(project.get(k) for k in _PROJECT_COLUMNS))
        for prefix, value in zip(self.prefixes, own, strict=False):
            text, xml = _cells(prefix, value, decimal)
            texts.append(text)
            cells.append(xml)
        raw = _figure_cells(figures)
        for memo, value in zip(self._memos, raw, strict=True):
            done = memo.get(value)
            if done is None:
                done = self._remember(memo, value)
            texts.append(done[0])
            cells.append(done[1])
        return SummaryLine(row, _line_writer(self.delimiter).writerow(texts), row_text(cells))

    def _remember(self, memo: _Memo, value: Any) -> tuple[Any, str]:
        shown = self._shown(memo.kind, value)
        done = _cells(memo.prefix, shown, self.decimal)
        if len(memo) < _MEMO_LIMIT:
            memo[value] = done
        return done


def _figure_cells(figures: Figures) -> tuple[Any, ...]:
    """The figures of a row in column order, as they come (``SummaryRows._shown`` shows them)."""
    sdgs: list[Any] = [None] * (2 * len(figures.sdg_positive))
    sdgs[0::2] = figures.sdg_positive
    sdgs[1::2] = figures.sdg_negative
    return (
        figures.level,
        figures.level,
        figures.is_lmb,
        *figures.lmb_levels,
        figures.knowledge_gaps,
        figures.unmitigated_negatives,
        *sdgs,
    )


class _Memo(dict[Any, tuple[Any, str]]):
    """What each value of one column became (CSV text, sheet XML); ``kind`` says how a value is
    shown. Keyed by the value: equal numbers (2 and 2.0) are written alike, and the one column
    holding booleans (the LMB answer: True, False or None) holds no number."""

    def __init__(self, prefix: str, kind: str) -> None:
        super().__init__()
        self.prefix = prefix
        self.kind = kind

    def __reduce__(self) -> Any:  # to a worker process: empty, it fills again there
        return (_Memo, (self.prefix, self.kind))


_MEMO_LIMIT: Final = 1024  # values per column (labels and counts: a few dozen)
_PROJECT_COLUMNS: Final = ("id", "name", "department", "policy_goal", "budget", "year")


def _cells(prefix: str, value: Any, decimal: str) -> tuple[Any, str]:
    """One value, neutralised (``cell``), as a CSV cell (numbers with the language's decimal
    mark) and as sheet XML (text as text, never a formula or link; numbers as numbers; nothing
    for an empty cell)."""
    if value is None:
        return "", ""
    value = cell(value)
    if type(value) is str:
        return value, text_cell(prefix, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value, decimal), number_cell(prefix, value)
    return value, text_cell(prefix, str(value))


class ProjectTable:
    """summary.csv and summary.xlsx, one row per project, streamed to temporary files.

    The workbook is written with XlsxWriter in ``constant_memory`` mode: each row goes to disk as it
    is added, so memory stays flat in the rows (measured against openpyxl's write-only mode in
    benchmarks/README.md: faster, smaller, and reproducible bytes). The rows of the project sheet
    come as text (``SummaryRows``, ``xlsx_rows``), made where each project is scored.
    """

    def __init__(
        self, directory: Path, lang: str, goals: Goals, rubric: Rubric, rows: SummaryRows | None = None
    ) -> None:
        import xlsxwriter

        self.directory = directory
        self.lang = lang
        self.format = rows or SummaryRows(lang, goals, rubric)
        self.csv_handle, self.csv_tmp = _temp(directory, "summary.csv", "w")
        handle, self.xlsx_tmp = _temp(directory, "summary.xlsx", "wb")
        handle.close()
        # XlsxWriter keeps each sheet's rows in a temporary file until it packs the workbook: in a
        # folder of our own beside the output, so an interrupted run can remove them all.
        self.xlsx_work = Path(tempfile.mkdtemp(prefix=".summary.xlsx.", dir=directory))
        self.book = xlsxwriter.Workbook(
            str(self.xlsx_tmp),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "tmpdir": str(self.xlsx_work),
            },
        )
        self.book.set_properties({"created": _CREATED})
        self.sheet = self.book.add_worksheet(t("batch.sheet.projects", lang))
        self.sheet.freeze_panes(1, 3)
        self.rows = 0
        self.level_labels = self.format.level_labels
        self.heat: list[PortfolioRow] = []  # the heat map of summary.html (first MAX_HEAT_ROWS + 1)
        self.header = self.format.header
        self._write(self.format.header_line())

    def add(self, line: SummaryLine, project: Mapping[str, Any], figures: Figures) -> None:
        """A project's row (``SummaryRows.line``), written as it comes."""
        if len(self.heat) <= MAX_HEAT_ROWS:
            self.heat.append(
                PortfolioRow(
                    line.row,
                    str(project.get("name", "")),
                    self.level_labels.get(figures.level, figures.level),
                    tuple(figures.sdg_positive),
                    tuple(figures.sdg_negative),
                    tuple(int(g) for g in figures.sdg_gaps),
                )
            )
        self._write(line)

    def _write(self, line: SummaryLine) -> None:
        self.csv_handle.write(line.csv)
        append_row(self.sheet, self.rows, line.xlsx, self.format.last_column)
        self.rows += 1

    def close(self, data: dict[str, Any]) -> Finished:
        """Finish summary.csv and summary.xlsx as temporary files (``commit_all`` puts them in place)."""
        self.csv_handle.close()
        self._overview(data)
        try:
            _close_book(self.book)
        except OSError as exc:
            with contextlib.suppress(OSError):
                self.xlsx_tmp.unlink()
            raise InputError.one(
                "file.write_failed",
                Location(str(self.xlsx_tmp)),
                path=str(self.xlsx_tmp),
                reason=exc.strerror,
            ) from None
        shutil.rmtree(self.xlsx_work, ignore_errors=True)
        return [
            (self.csv_tmp, self.directory / "summary.csv"),
            (self.xlsx_tmp, self.directory / "summary.xlsx"),
        ]

    def _overview(self, data: dict[str, Any]) -> None:
        lang = self.lang
        sheet = self.book.add_worksheet(t("batch.sheet.overview", lang))
        budget = data["budget"] is not None
        head = [
            t(f"batch.md.{k}", lang)
            for k in (
                "sdg",
                "projects_positive",
                "projects_negative",
                "unmitigated",
                "points_positive",
                "points_negative",
            )
        ]
        if budget:
            head += [t("batch.md.budget_positive", lang), t("batch.md.budget_negative", lang)]
        _write_row(sheet, 0, head)
        for i, s in enumerate(data["sdgs"], 1):
            line = [
                f"SDG {s['number']} {s['name']}",
                s["projects_positive"],
                s["projects_negative"],
                s["projects_unmitigated_negative"],
                s["points_positive"],
                s["points_negative"],
            ]
            if budget:
                line += [s["budget_positive"], s["budget_negative"]]
            _write_row(sheet, i, [cell(v) for v in line])

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the last flush too
            self.csv_handle.close()
        self.book.fileclosed = True  # nothing to save: XlsxWriter must not pack it when collected
        for sheet in self.book.worksheets():
            handle = getattr(sheet, "row_data_fh", None)  # open files cannot be removed on Windows
            if handle is not None:
                with contextlib.suppress(OSError):
                    handle.close()
        shutil.rmtree(self.xlsx_work, ignore_errors=True)
        for tmp in (self.csv_tmp, self.xlsx_tmp):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _write_row(sheet: Any, row: int, values: Sequence[Any]) -> None:
    """One row into a worksheet: text as text (never a formula or link), numbers as numbers."""
    write_string, write_number = sheet.write_string, sheet.write_number
    for column, value in enumerate(values):
        if value is None:
            continue
        if type(value) is str:
            write_string(row, column, value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            write_number(row, column, value)
        else:
            write_string(row, column, str(value))


# --- summary.md -------------------------------------------------------------------------------


def money(value: float, lang: str) -> str:
    whole = euro_text(round(value), lang)
    return f"€ {whole}" if lang == "nl" else f"€{whole}"


def percent(share: float, lang: str) -> str:
    text = f"{share * 100:.0f}%"
    return text if lang != "nl" else text.replace("%", " %")


def code(text: str) -> str:
    """A file name or id as inline code (readable raw and rendered), or escaped text."""
    return f"`{text}`" if "`" not in text and "\n" not in text else md(text)


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]], right: int = 1) -> list[str]:
    align = ["---"] * right + ["--:"] * (len(head) - right)
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(str(v) for v in r) + " |" for r in rows]
    return out


def summary_markdown(data: dict[str, Any], info: RunInfo, lang: str) -> str:
    def w(key: str, **params: Any) -> str:
        return t(f"batch.md.{key}", lang, **params)

    n = data["projects"]
    lines = [f"# {w('title')}", ""]
    lines.append(w("intro", projects=n, source=code(info.source), depth=t(f"batch.depth.{info.depth}", lang)))
    if data["rejected_rows"]:
        lines += ["", w("rejected", rows=data["rejected_rows"])]
    if info.cells_left_out:
        lines += ["", w("cells_left_out", cells=info.cells_left_out)]
    lines += [
        "",
        w("based_on", questionnaire=code(info.questionnaire), rubric=code(info.rubric), tool=info.tool),
    ]
    if n == 0:
        lines += ["", w("nothing_scored")]
        return "\n".join(lines) + "\n"

    lines += ["", f"## {w('levels_title')}", ""]
    lines += _table(
        [w("verdict"), w("projects"), w("share")],
        [[md(lv["label"]), lv["projects"], percent(lv["share"], lang)] for lv in data["levels"]],
    )

    lines += ["", f"## {w('sdgs_title')}", "", w("sdgs_intro"), ""]
    lines += _table(
        [w("sdg"), w("projects_positive"), w("projects_negative"), w("unmitigated")],
        [
            [
                f"{s['number']}. {md(s['name'])}",
                s["projects_positive"],
                s["projects_negative"],
                s["projects_unmitigated_negative"],
            ]
            for s in data["sdgs"]
        ],
    )
    uncovered = [str(s["number"]) for s in data["sdgs"] if not s["projects_positive"]]
    if uncovered:
        lines += ["", w("sdgs_uncovered", sdgs=", ".join(uncovered))]

    lines += ["", f"## {w('pillars_title')}", ""]
    lines += _table(
        [w("pillar"), w("projects_positive"), w("projects_negative")],
        [[md(p["name"]), p["projects_positive"], p["projects_negative"]] for p in data["pillars"]],
    )

    lmb = data["lmb"]
    lines += [
        "",
        f"## {w('lmb_title')}",
        "",
        w("lmb_intro", lmb=lmb["projects_lmb"], projects=n, unknown=lmb["projects_lmb_unknown"]),
        "",
    ]
    counts = lmb_counts(lmb)
    level_ids: list[str] = []
    labels: dict[str, str] = {}
    for f in lmb["fields"]:
        for lv in f["levels"]:
            if lv["level"] not in labels:
                level_ids.append(lv["level"])
                labels[lv["level"]] = lv["label"]
    lines += _table(
        [w("lmb_field"), *(md(labels[i]) for i in level_ids)],
        [[md(f["name"]), *(counts[f["field"]].get(i, 0) for i in level_ids)] for f in lmb["fields"]],
    )

    flagged = data["unmitigated_negatives"]
    lines += ["", f"## {w('flagged_title')}", ""]
    if not flagged["projects"]:
        if data["rejected_rows"]:
            lines.append(w("flagged_none_rejected", projects=n, rows=data["rejected_rows"]))
        else:
            lines.append(w("flagged_none"))
    else:
        lines += [w("flagged_intro", projects=flagged["projects"]), ""]
        lines += _table(
            [w("row"), w("project"), w("department"), w("negatives"), w("sdg")],
            [
                [
                    f["row"],
                    md(f["name"]),
                    md(f["department"]) or "-",
                    f["count"],
                    ", ".join(str(s) for s in f["sdgs"]) or "-",
                ]
                for f in flagged["listed"]
            ],
            right=3,
        )
        if flagged["projects"] > len(flagged["listed"]):
            lines += ["", w("flagged_more", more=flagged["projects"] - len(flagged["listed"]))]

    budget = data["budget"]
    if budget is not None:
        lines += [
            "",
            f"## {w('budget_title')}",
            "",
            w("budget_intro", total=money(budget["total"], lang), projects=budget["projects_with_budget"]),
        ]
        if budget["projects_without_budget"]:
            lines += ["", w("budget_missing", projects=budget["projects_without_budget"])]
        lines += [""]
        lines += _table(
            [w("sdg"), w("budget_positive"), w("share"), w("budget_negative"), w("share")],
            [
                [
                    f"{s['number']}. {md(s['name'])}",
                    money(s["budget_positive"], lang),
                    percent(s["budget_positive_share"], lang),
                    money(s["budget_negative"], lang),
                    percent(s["budget_negative_share"], lang),
                ]
                for s in data["sdgs"]
            ],
        )
        lines += ["", w("budget_note")]

    gaps = data["knowledge_gaps"]
    lines += [
        "",
        f"## {w('gaps_title')}",
        "",
        w(
            "gaps_text",
            total=gaps["total"],
            projects=gaps["projects_with_gaps"],
            average=str(gaps["average"]).replace(".", "," if lang == "nl" else "."),
        ),
    ]
    lines += ["", f"## {w('files_title')}", "", w("files_text")]
    return "\n".join(lines) + "\n"


def summary_texts(
    directory: Path,
    data: dict[str, Any],
    info: RunInfo,
    lang: str,
    heat: Sequence[PortfolioRow] = (),
) -> Finished:
    """summary.md, summary.html and summary.json as temporary files (``commit_all`` puts them in
    place); summary.json last, the file a program waits for."""
    body = {
        "schema": "sdgtoets-portfolio/1",
        "source": info.source,
        "depth": info.depth,
        "language": lang,
        "versions": {"tool": info.tool, "questionnaire": info.questionnaire, "rubric": info.rubric},
        **data,
    }
    texts: dict[str, str | bytes] = {
        "summary.md": summary_markdown(data, info, lang),
        "summary.html": FORMATS["html"].render_document(portfolio_document(data, heat, lang)),
        "summary.json": json.dumps(body, ensure_ascii=False, indent=2) + "\n",
    }
    finished: Finished = []
    try:
        for name, text in texts.items():
            handle, tmp = _temp(directory, name, "wb")
            finished.append((tmp, directory / name))
            with handle:
                handle.write(text.encode("utf-8") if isinstance(text, str) else text)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        discard(finished)
        raise
    return finished


def csv_bytes(rows: Sequence[Sequence[Any]], lang: str) -> str:
    """A small CSV text (used by the template), Excel-friendly, with every cell neutralised."""
    delimiter, _ = csv_dialect(lang)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        writer.writerow([cell(v) for v in r])
    return "\ufeff" + buf.getvalue()
