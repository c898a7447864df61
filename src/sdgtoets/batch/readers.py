"""Read a project list lazily: CSV (any Excel flavour), Excel .xlsx, or a YAML/JSON list.

Every reader yields ``(row_number, cells)`` where ``row_number`` is the row as the spreadsheet
shows it (the header is row 1) or the entry number in a YAML/JSON list.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final

from ..errors import InputError, Location, Problem
from ..loading.yaml_files import file_size

MAX_CSV_BYTES: Final = 64 * 1024 * 1024
MAX_XLSX_BYTES: Final = 32 * 1024 * 1024
MAX_LIST_BYTES: Final = 16 * 1024 * 1024
MAX_CELL_CHARS: Final = 100_000
MAX_COLUMNS: Final = 1000
CHUNK: Final = 1024 * 1024
CSV_SUFFIXES: Final = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
LIST_SUFFIXES: Final = (".yaml", ".yml", ".json")
PROJECT_SHEETS: Final = ("projecten", "projects")

Cells = list[Any]


@dataclass
class Table:
    """A header and a lazy stream of rows; ``notes`` are warnings found while opening."""

    kind: str  # csv | xlsx
    header: list[str]
    rows: Iterator[tuple[int, Cells]]
    notes: list[Problem] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in LIST_SUFFIXES:
        return "list"
    if suffix == ".xls":
        raise InputError.one("batch.file.xls", Location(str(path)), path=str(path))
    raise InputError.one("batch.file.kind", Location(str(path)), path=str(path), suffix=suffix or "-")


def check_size(path: Path, limit: int) -> None:
    if file_size(path, limit, too_large="batch.file.too_large") == 0:
        raise InputError.one("batch.file.empty", Location(str(path)), path=str(path))


# --- CSV -------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> tuple[str, list[Problem]]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (with a note); else an error.

    Reads the file once in chunks, so a big file costs no memory.
    """
    source = str(path)
    with path.open("rb") as handle:
        head = handle.read(CHUNK)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", []
        if head.startswith(b"PK\x03\x04"):
            raise InputError.one("batch.file.xlsx_as_csv", Location(source), path=source)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError.one("batch.file.xls", Location(source), path=source)
        if b"\x00" in head:
            raise InputError.one("batch.file.binary", Location(source), path=source)
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(CHUNK)
            decoder.decode(b"", final=True)
            return "utf-8-sig", []
        except UnicodeDecodeError:
            pass
    # Not UTF-8. Windows-1252 (what Excel writes as "CSV (gescheiden door lijstscheidingsteken)")
    # decodes almost any byte; its five undefined bytes make it fail on other binary junk.
    with path.open("rb") as handle:
        legacy = codecs.getincrementaldecoder("cp1252")()
        line = 1
        try:
            while chunk := handle.read(CHUNK):
                legacy.decode(chunk)
                line += chunk.count(b"\n")
        except UnicodeDecodeError as exc:
            line += exc.object[: exc.start].count(b"\n")
            raise InputError.one("batch.file.encoding", Location(source, line), path=source) from None
    return "cp1252", [Problem("batch.file.cp1252", {"path": source}, Location(source), severity="warning")]


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_csv(path: Path) -> Table:
    check_size(path, MAX_CSV_BYTES)
    encoding, notes = detect_encoding(path)
    csv.field_size_limit(MAX_CELL_CHARS)
    handle = path.open("r", encoding=encoding, newline="")
    first = handle.readline()
    handle.seek(0)
    delimiter = sniff_delimiter(first.lstrip("\ufeff"))
    reader = csv.reader(handle, delimiter=delimiter)
    source = str(path)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        handle.close()
        raise InputError.one("batch.file.bad_csv", Location(source, 1), reason=str(exc)) from None
    if header is None:
        handle.close()
        raise InputError.one("batch.file.empty", Location(source), path=source)
    header = [h.lstrip("\ufeff").strip() for h in header]
    if len(header) > MAX_COLUMNS:
        handle.close()
        raise InputError.one(
            "batch.file.too_many_columns", Location(source, 1), count=len(header), limit=MAX_COLUMNS
        )

    def rows() -> Iterator[tuple[int, Cells]]:
        number = 1
        try:
            for record in reader:
                number += 1
                yield number, [cell.strip() for cell in record]
        except csv.Error as exc:
            raise InputError.one(
                "batch.file.bad_csv", Location(source, number + 1), reason=str(exc)
            ) from None
        finally:
            handle.close()

    return Table("csv", header, rows(), notes, encoding, delimiter)


# --- XLSX ------------------------------------------------------------------------------------


def excel_value(value: Any) -> Any:
    """A cell as the rest of the tool expects it: text stripped, whole floats as int, dates as ISO."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def open_xlsx(path: Path) -> Table:
    check_size(path, MAX_XLSX_BYTES)
    source = str(path)
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise InputError.one(
            "batch.file.bad_xlsx", Location(source), path=source, reason=str(exc) or "?"
        ) from None
    names = {name.casefold(): name for name in book.sheetnames}
    chosen = next((names[n] for n in PROJECT_SHEETS if n in names), book.sheetnames[0])
    sheet = book[chosen]
    iterator = sheet.iter_rows(min_row=1, values_only=True)
    first = next(iterator, None)
    if first is None:
        book.close()
        raise InputError.one("batch.file.empty", Location(source), path=source)
    header = ["" if v is None else str(excel_value(v)) for v in first]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        book.close()
        raise InputError.one(
            "batch.file.too_many_columns", Location(source, 1), count=len(header), limit=MAX_COLUMNS
        )

    def rows() -> Iterator[tuple[int, Cells]]:
        try:
            for number, values in enumerate(iterator, start=2):
                yield number, [excel_value(v) for v in values]
        finally:
            book.close()

    notes = []
    if len(book.sheetnames) > 1 and chosen == book.sheetnames[0] and chosen.casefold() not in PROJECT_SHEETS:
        notes.append(
            Problem("batch.file.first_sheet", {"sheet": chosen}, Location(source), severity="warning")
        )
    return Table("xlsx", header, rows(), notes)


def open_table(path: Path) -> Table:
    kind = kind_of(path)
    return open_xlsx(path) if kind == "xlsx" else open_csv(path)


# --- YAML/JSON lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    number: int  # 1-based position in the list
    line: int | None
    data: Any


def read_entries(path: Path) -> tuple[list[Entry], str]:
    """The entries of a list of answers files: a top-level list, or a mapping with ``projects:``."""
    import yaml

    from ..loading.yaml_files import load_file

    check_size(path, MAX_LIST_BYTES)
    data, text = load_file(path, MAX_LIST_BYTES, user_file=True)
    source = str(path)
    base: tuple[str | int, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("projects"), list):
        items, base = data["projects"], ("projects",)
    elif isinstance(data, list):
        items = data
    else:
        raise InputError.one("batch.file.not_list", Location(source, 1), path=source)
    lines: list[int | None] = [None] * len(items)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if base and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == "projects"), None)
        if isinstance(node, yaml.SequenceNode):
            lines = [n.start_mark.line + 1 for n in node.value]
    except yaml.YAMLError:
        pass
    return [Entry(i + 1, lines[i] if i < len(lines) else None, item) for i, item in enumerate(items)], text
