"""Hostile and unlucky project lists through `sdgtoets batch`: a bad cell rejects its row (named by
row and column), every good row is scored and in the summary, and a bad file as a whole is refused
before anything is written; never a traceback or an internal error."""

from __future__ import annotations

import csv
import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

HOSTILE = Path(__file__).parent / "hostile_data"
BATCH = Path(__file__).parent / "batch_data"
DEFS = ["--questionnaire", str(BATCH / "questionnaire.yaml"), "--rubric", str(BATCH / "rubric.yaml")]
INTERNAL = ("Er ging iets mis in sdgtoets zelf", "Traceback")
HEADER = ["naam", "energy", "groups", "health"]


def run_batch(runner: CliRunner, app: Any, source: Path, out: Path, *extra: str) -> Any:
    result = runner.invoke(app, ["batch", *DEFS, str(source), "-o", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not any(w in result.output for w in INTERNAL), result.output
    return result


def scored_names(out: Path) -> list[str]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return [r[2] for r in rows[1:]]


def error_rows(out: Path) -> list[tuple[str, str]]:
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return [(r[0], r[1]) for r in rows[1:]]


# (file, good rows that must be scored, (row, column) of each rejected cell, words in the message)
CSV_CASES = [
    (
        "control_chars.csv",
        ["Goed een", "Goed twee"],
        [("3", "A (naam)"), ("5", "A (naam)"), ("6", "C (groups)")],
        "stuurteken",
    ),
    (
        "stray_quote.csv",
        ["Goed een", "Goed twee", "Goed drie", "Goed vier"],
        [("2", "A (naam)")],
        "aanhalingsteken",
    ),
    ("stray_quote_last.csv", ["Goed een", "Goed twee"], [("4", "A (naam)")], "aanhalingsteken"),
    (  # a stray quote before a row whose quoted cell really spans two lines
        "stray_quote_multiline.csv",
        ["Goed een", "Twee regels", "Goed drie", 'Vier, met "aanhalingstekens"', "Goed negen"],
        [
            ("3", "B (energy)"),
            ("5", "C (groups)"),
            ("7", "B (energy)"),
            ("7", "D (health)"),
            ("9", "B (energy)"),
        ],
        "aanhalingsteken",
    ),
    ("multiline_ok.csv", ["Renovatie sporthal", "Goed twee"], [], ""),
]


@pytest.mark.parametrize(("name", "good", "rejected", "words"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_a_bad_cell_rejects_its_row_and_every_good_row_is_scored(
    runner: CliRunner,
    app: Any,
    tmp_path: Path,
    name: str,
    good: list[str],
    rejected: list[tuple[str, str]],
    words: str,
) -> None:
    out = tmp_path / "out"
    result = run_batch(runner, app, HOSTILE / name, out)
    assert result.exit_code == (2 if rejected else 0), result.output
    assert [" ".join(n.split()) for n in scored_names(out)] == good
    assert error_rows(out) == rejected
    for row, column in rejected:
        assert f"rij {row}, kolom {column.split()[0]} " in result.output
    assert words in result.output


def test_a_cell_of_200000_characters_is_a_row_error(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    source = tmp_path / "lang.csv"
    lines = [";".join(HEADER), "Goed een;reduces;youth;ja", "Lang " + "x" * 200_000 + ";reduces;youth;ja"]
    lines += ["Goed twee;increases;everyone;nee", "Opmerking;reduces;" + "y" * 200_000 + ";ja"]
    source.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(runner, app, source, out)
    assert result.exit_code == 2, result.output
    assert scored_names(out) == ["Goed een", "Goed twee"]
    assert error_rows(out) == [("3", "A (naam)"), ("5", "C (groups)")]
    assert "te lang" in result.output


def test_yaml_and_json_lists_reject_only_the_entries_with_bad_keys_or_values(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    out = tmp_path / "yaml"
    result = run_batch(runner, app, HOSTILE / "bad_entries.yaml", out)
    assert result.exit_code == 2, result.output
    assert scored_names(out) == ["Goed een", "Goed twee", "Goed drie"]
    assert [r for r, _ in error_rows(out)] == ["2", "4", "5"]
    assert "'energy' staat hier een tweede keer (de eerste keer op regel 6)" in result.output
    assert "projects[3].project.budget" in result.output and "projects[4].project.name" in result.output
    out = tmp_path / "json"
    result = run_batch(runner, app, HOSTILE / "bad_entries.json", out)
    assert result.exit_code == 2, result.output
    assert scored_names(out) == ["Goed een", "Goed twee"]
    assert [r for r, _ in error_rows(out)] == ["2", "3"]


# --- Excel files written by scripts, and zip bombs ---------------------------------------------


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Projecten"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def rewrite(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == part else data)
    return target


GOOD_ROWS = [HEADER, ["Goed een", "reduces", "youth", "ja"], ["Goed twee", "increases", "everyone", "nee"]]


def test_a_formula_without_a_cached_value_is_reported_not_read_as_empty(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    rows = [
        *GOOD_ROWS,
        ["Formule", '=IF(1,"reduces","x")', "youth", "ja"],
        ["Drie", "reduces", "youth", "ja"],
    ]
    source = workbook(tmp_path / "script.xlsx", rows)
    out = tmp_path / "out"
    result = run_batch(runner, app, source, out)
    assert result.exit_code == 2, result.output
    assert scored_names(out) == ["Goed een", "Goed twee", "Drie"]
    assert error_rows(out) == [("4", "B (energy)")]
    assert "formule zonder berekende waarde" in result.output


def test_a_claimed_dimension_of_the_whole_sheet_reads_only_the_real_cells(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    rows = [*GOOD_ROWS, *([f"Project {i}", "reduces", "youth", "ja"] for i in range(300))]
    plain = workbook(tmp_path / "plain.xlsx", rows)

    def claim(xml: bytes) -> bytes:
        start = xml.index(b"<dimension")
        return xml[:start] + b'<dimension ref="A1:XFD1048576"/>' + xml[xml.index(b">", start) + 1 :]

    source = rewrite(plain, tmp_path / "claim.xlsx", "xl/worksheets/sheet1.xml", claim)
    out = tmp_path / "out"
    began = time.monotonic()
    result = run_batch(runner, app, source, out, "--summary-only")
    assert time.monotonic() - began < 60  # a guard against the hang, not a timing test
    assert result.exit_code == 0, result.output
    assert len(scored_names(out)) == 302


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(
    runner: CliRunner, app: Any, tmp_path: Path, part: str
) -> None:
    plain = workbook(tmp_path / "plain.xlsx", GOOD_ROWS)
    padding = b" " * (40 * 1024 * 1024)

    def inflate(xml: bytes) -> bytes:
        return xml.replace(b"<sheetData>", b"<sheetData>" + padding, 1)

    def strings(xml: bytes) -> bytes:
        return xml.replace(b"<si><t>", b"<si><t>" + padding, 1)

    if part.endswith("sharedStrings.xml"):
        with zipfile.ZipFile(plain) as z:
            if part not in z.namelist():  # openpyxl writes inline strings only without a shared table
                with zipfile.ZipFile(plain, "a") as add:
                    add.writestr(part, b"<sst><si><t>x</t></si></sst>")
    source = rewrite(plain, tmp_path / "bomb.xlsx", part, strings if "shared" in part else inflate)
    assert source.stat().st_size < 1024 * 1024
    out = tmp_path / "out"
    result = run_batch(runner, app, source, out)
    assert result.exit_code == 2, result.output
    assert "bomb.xlsx" in result.output and "veel te groot" in result.output
    assert not out.exists()


def test_an_xlsx_that_is_no_zip_or_a_broken_sheet_is_bad_input(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    result = run_batch(runner, app, broken, tmp_path / "out")
    assert result.exit_code == 2 and "kapot.xlsx" in result.output, result.output
    plain = workbook(tmp_path / "plain.xlsx", GOOD_ROWS)
    bad = rewrite(plain, tmp_path / "xml.xlsx", "xl/worksheets/sheet1.xml", lambda x: x[: len(x) // 2])
    result = run_batch(runner, app, bad, tmp_path / "out2")
    assert result.exit_code == 2 and "xml.xlsx" in result.output, result.output


def test_summary_json_stays_valid_json(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch(runner, app, HOSTILE / "control_chars.csv", out)
    json.loads((out / "summary.json").read_text(encoding="utf-8"))
