"""How summary.xlsx is packed: the project sheet at a faster zlib level, everything else as
XlsxWriter packs it, the same bytes run after run, and a workbook any reader opens."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

import xlsxwriter.workbook
from openpyxl import load_workbook
from typer.testing import CliRunner

from sdgtoets.batch.summary import SHEET_LEVEL
from test_batch_jobs import project_list


def deflated(data: bytes, level: int) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def batch(runner: CliRunner, app: Any, out: Path) -> Path:
    source = out.parent / "projecten.csv"
    if not source.exists():
        project_list(source, 60)
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--summary-only"])
    assert result.exit_code == 2, result.output  # one broken row (errors.csv)
    return out / "summary.xlsx"


def test_the_project_sheet_is_packed_faster_and_nothing_else_changes(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    book = batch(runner, app, tmp_path / "a")
    with zipfile.ZipFile(book) as archive, book.open("rb") as raw:
        for info in archive.infolist():
            raw.seek(info.header_offset + 26)
            skip = int.from_bytes(raw.read(2), "little") + int.from_bytes(raw.read(2), "little")
            raw.seek(skip, 1)
            stored = raw.read(info.compress_size)
            level = SHEET_LEVEL if info.filename == "xl/worksheets/sheet1.xml" else 6
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert stored == deflated(archive.read(info.filename), level), info.filename
    assert SHEET_LEVEL < 6
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # XlsxWriter's own again after the run


def test_summary_xlsx_is_the_same_bytes_run_after_run_and_opens(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    first = batch(runner, app, tmp_path / "a").read_bytes()
    second = batch(runner, app, tmp_path / "b")
    assert second.read_bytes() == first
    rows = list(load_workbook(second, read_only=True).worksheets[0].iter_rows(values_only=True))
    csv_rows = (tmp_path / "b" / "summary.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == len(csv_rows) > 1
    assert [str(r[0]) for r in rows[1:]] == [line.split(";")[0] for line in csv_rows[1:]]
