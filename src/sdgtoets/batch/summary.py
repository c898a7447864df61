"""The portfolio files: summary.csv and summary.xlsx (a row per project, streamed while scoring),
summary.md (for a council annex) and summary.json, plus errors.csv for rejected rows."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.goals import Goals
from ..core.portfolio import lmb_counts
from ..core.rubric import Rubric
from ..core.text import pick
from ..core.verdict import Verdict
from ..errors import InputError, Location
from ..i18n import t
from ..reports.escape import cell, md
from ..writing import ensure_writable, move_into_place, write_atomic
from .rows import ProjectRow, RowError

SUMMARY_FILES = ("summary.csv", "summary.xlsx", "summary.md", "summary.json", "errors.csv")


@dataclass(frozen=True)
class RunInfo:
    source: str
    questionnaire: str
    rubric: str
    depth: str
    tool: str


def csv_dialect(lang: str) -> tuple[str, str]:
    """(delimiter, decimal mark): what Excel expects in a Dutch-language (Belgian) or English setup."""
    return (";", ",") if lang == "nl" else (",", ".")


def number_text(value: Any, decimal: str) -> Any:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 2)).replace(".", decimal)
    return value


def _temp(directory: Path, name: str, mode: str) -> tuple[Any, Path]:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    if "b" in mode:
        return os.fdopen(fd, mode), Path(tmp)
    return os.fdopen(fd, mode, encoding="utf-8-sig", newline=""), Path(tmp)


def commit(tmp: Path, final: Path, force: bool) -> None:
    """Move a finished temporary file into place (atomic rename; refuses to overwrite without force)."""
    ensure_writable(final, force)
    move_into_place(tmp, final, force)


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

    def finish(self, force: bool) -> None:
        self.handle.close()
        commit(self.tmp, self.directory / "errors.csv", force)

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the last flush too
            self.handle.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()


class ProjectTable:
    """summary.csv and summary.xlsx, one row per project, streamed to temporary files."""

    def __init__(self, directory: Path, lang: str, goals: Goals, rubric: Rubric) -> None:
        from openpyxl import Workbook

        self.directory = directory
        self.lang = lang
        self.goals = goals
        self.delimiter, self.decimal = csv_dialect(lang)
        self.csv_handle, self.csv_tmp = _temp(directory, "summary.csv", "w")
        self.csv = csv.writer(self.csv_handle, delimiter=self.delimiter, lineterminator="\r\n")
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(t("batch.sheet.projects", lang))
        self.words = {k: t(k, lang) for k in ("word.yes", "word.no", "word.unknown")}
        self.header = self._header()
        self.csv.writerow([cell(h) for h in self.header])
        self.sheet.append([cell(h) for h in self.header])
        self.sheet.freeze_panes = "D2"

    def _header(self) -> list[str]:
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
        cols += [pick(f.name, lang) for f in self.goals.lmb_fields]
        cols += [t("batch.col.knowledge_gaps", lang), t("batch.col.unmitigated", lang)]
        for s in self.goals.sdgs:
            cols += [
                t("batch.col.sdg_positive", lang, n=s.number),
                t("batch.col.sdg_negative", lang, n=s.number),
            ]
        return cols

    def values(self, row: ProjectRow, verdict: Verdict) -> list[Any]:
        """The row's cells; empty (None) where there is nothing, which also keeps the sheet small and fast."""
        p = row.project
        lmb_word = {True: "word.yes", False: "word.no", None: "word.unknown"}[verdict.is_lmb]
        values: list[Any] = [
            row.row,
            *(p.get(k) for k in ("id", "name", "department", "policy_goal", "budget", "year")),
        ]
        values += [verdict.level_label, verdict.level, self.words[lmb_word]]
        values += [f.level_label for f in verdict.lmb]
        values += [len(verdict.knowledge_gaps), int(verdict.metrics.get("unmitigated_negatives", 0))]
        for s in verdict.sdgs:
            values += [s.positive or None, s.negative or None]
        return values

    def add(self, row: ProjectRow, verdict: Verdict) -> None:
        values = [cell(v) for v in self.values(row, verdict)]
        self.csv.writerow(["" if v is None else number_text(v, self.decimal) for v in values])
        self.sheet.append(values)

    def finish(self, data: dict[str, Any], force: bool) -> None:
        self.csv_handle.close()
        self._overview(data)
        handle, tmp = _temp(self.directory, "summary.xlsx", "wb")
        handle.close()
        try:
            self.book.save(tmp)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise InputError.one(
                "file.write_failed", Location(str(tmp)), path=str(tmp), reason=exc.strerror
            ) from None
        commit(self.csv_tmp, self.directory / "summary.csv", force)
        commit(tmp, self.directory / "summary.xlsx", force)

    def _overview(self, data: dict[str, Any]) -> None:
        lang = self.lang
        sheet = self.book.create_sheet(t("batch.sheet.overview", lang))
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
        sheet.append(head)
        for s in data["sdgs"]:
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
            sheet.append([cell(v) for v in line])

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the last flush too
            self.csv_handle.close()
        with contextlib.suppress(OSError):
            self.csv_tmp.unlink()
        # openpyxl streams the sheet to a temporary file of its own: close it and remove it
        writer: Any = getattr(self.sheet, "_writer", None)
        with contextlib.suppress(Exception):
            self.sheet.close()
        with contextlib.suppress(Exception):
            os.unlink(writer.out)


# --- summary.md -------------------------------------------------------------------------------


def money(value: float, lang: str) -> str:
    whole = f"{round(value):,}"
    return f"€ {whole.replace(',', '.')}" if lang == "nl" else f"€{whole}"


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


def write_summaries(directory: Path, data: dict[str, Any], info: RunInfo, lang: str, force: bool) -> None:
    body = {
        "schema": "sdgtoets-portfolio/1",
        "source": info.source,
        "depth": info.depth,
        "language": lang,
        "versions": {"tool": info.tool, "questionnaire": info.questionnaire, "rubric": info.rubric},
        **data,
    }
    write_atomic(
        directory / "summary.json", json.dumps(body, ensure_ascii=False, indent=2) + "\n", force=force
    )
    write_atomic(directory / "summary.md", summary_markdown(data, info, lang), force=force)


def csv_bytes(rows: Sequence[Sequence[Any]], lang: str) -> str:
    """A small CSV text (used by the template), Excel-friendly, with every cell neutralised."""
    delimiter, _ = csv_dialect(lang)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        writer.writerow([cell(v) for v in r])
    return "\ufeff" + buf.getvalue()
