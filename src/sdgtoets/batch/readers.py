"""Read a project list lazily: CSV (any Excel flavour), Excel .xlsx, or a YAML/JSON list.

Every reader yields ``(row_number, cells)`` where ``row_number`` is the row as the spreadsheet
shows it (the header is row 1) or the entry number in a YAML/JSON list.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final, NamedTuple

from ..errors import InputError, Location, Problem
from ..loading.yaml_files import CONTROL, file_size

# A CSV is read row by row, so its size costs time, not memory: room for a full Excel sheet of
# the bundled questionnaire (1,048,575 rows of about 1.2 kB), e.g. every action of every municipality.
MAX_CSV_BYTES: Final = 2 * 1024 * 1024 * 1024
MAX_CSV_FIELD: Final = 64 * 1024 * 1024  # what one record may hold (a stray quote swallows lines)
MAX_XLSX_BYTES: Final = 32 * 1024 * 1024
MAX_LIST_BYTES: Final = 16 * 1024 * 1024
MAX_CELL_CHARS: Final = 100_000
MAX_COLUMNS: Final = 1000
# what an .xlsx may unpack to: real sheets compress 5-20x; a zip bomb compresses 1000x
MAX_XLSX_UNPACKED: Final = 512 * 1024 * 1024
MAX_XLSX_PART: Final = 256 * 1024 * 1024
MAX_SHARED_STRINGS: Final = 64 * 1024 * 1024
MAX_XLSX_RATIO: Final = 200  # uncompressed : compressed, for a part larger than XLSX_RATIO_FROM
XLSX_RATIO_FROM: Final = 8 * 1024 * 1024
MAX_XLSX_PARTS: Final = 10_000
CHUNK: Final = 1024 * 1024
CSV_SUFFIXES: Final = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
LIST_SUFFIXES: Final = (".yaml", ".yml", ".json")
PROJECT_SHEETS: Final = ("projecten", "projects")

Cells = list[Any]


@dataclass(frozen=True)
class Unreadable:
    """A cell the reader could not take as it is: the row that holds it is reported (message key
    and parameters), and the other rows are still scored."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    value: str = ""


def checked_cell(value: Any) -> Any:
    """A text cell stripped, or Unreadable when no output could hold it (control characters, NUL)
    or it is absurdly long."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) > MAX_CELL_CHARS:
        return Unreadable("batch.row.cell_too_long", {"max": MAX_CELL_CHARS, "length": len(text)}, "")
    if CONTROL.search(text):
        return Unreadable("batch.row.control_char", {}, CONTROL.sub("?", text)[:80])
    return text


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
        # Binary (or UTF-16 without BOM): NUL bytes everywhere. A few NULs in a cell of a small file
        # are row errors (control characters), and the other rows are still scored.
        if head.count(b"\x00") * 10 > len(head):
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


_SEP_LINE: Final = re.compile(r"(?i)sep=([;,\t|])[ \t]*(?:\r\n|\r|\n)?")


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_csv(path: Path) -> Table:
    check_size(path, MAX_CSV_BYTES)
    encoding, notes = detect_encoding(path)
    # Not the csv module's small field limit: a stray quote can make one huge field, and a long
    # cell is a row error (checked_cell), never the end of the whole run. MAX_CSV_FIELD bounds the
    # memory a swallowed stretch of lines takes; beyond it the file is refused at that row.
    csv.field_size_limit(MAX_CSV_FIELD)
    handle = path.open("r", encoding=encoding, newline="")
    first = handle.readline()
    hint = _SEP_LINE.fullmatch(first.lstrip("\ufeff"))
    if hint:  # "sep=;": Excel's own hint line, which Excel hides (the header is row 1 there too)
        delimiter = hint[1]
    else:
        handle.seek(0)
        delimiter = sniff_delimiter(first.lstrip("\ufeff"))
    lines = _Lines(handle)
    consumed = lines.consumed  # the physical lines of the record just read

    reader = csv.reader(lines, delimiter=delimiter)
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
    consumed.clear()
    width = len(header)

    def rows() -> Iterator[tuple[int, Cells]]:
        number = 1
        strays: list[tuple[int, str]] = []  # cells of the record being read again: their stray quote
        try:
            for record in reader:
                span = consumed[:]
                consumed.clear()
                stray = stray_quote(span, record, delimiter, width)
                if stray is not None:
                    # A quote in the record belongs to no real quoted cell: it swallowed
                    # delimiters or the following rows. Read the record again with that quote as
                    # a plain character, and report its cell.
                    line, at = 0, stray.at
                    while at >= len(span[line]):
                        at -= len(span[line])
                        line += 1
                    bad = span[line]
                    lines.push_back([*span[:line], bad[:at] + bad[at + 1 :], *span[line + 1 :]])
                    strays.append((stray.column, bad[at : at + 80].rstrip("\r\n")))
                    continue
                number += 1
                whole = span[0] if len(span) == 1 else "".join(span)
                if len(whole) <= MAX_CELL_CHARS and not CONTROL.search(whole):
                    # No cell can be too long or hold a control character: checked_cell would
                    # only strip them (looked at once for the whole record, not per cell).
                    cells: Cells = list(map(str.strip, record))
                else:
                    cells = [checked_cell(cell) for cell in record]
                for index, text in strays:
                    cells += [None] * (index + 1 - len(cells))
                    cells[index] = Unreadable("batch.row.stray_quote", {}, text)
                strays.clear()
                yield number, cells
        except csv.Error as exc:
            raise InputError.one(
                "batch.file.bad_csv", Location(source, number + 1), reason=str(exc)
            ) from None
        finally:
            handle.close()

    return Table("csv", header, rows(), notes, encoding, delimiter)


class _Lines:
    """The physical lines of a CSV file for csv.reader, remembering those of the record being
    read (``consumed``); lines pushed back are read again first."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.consumed: list[str] = []
        self.pending: list[str] = []  # pushed back, in reverse order

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.pending.pop() if self.pending else self.handle.readline()
        if not line:
            raise StopIteration
        self.consumed.append(line)
        return line

    def push_back(self, lines: Sequence[str]) -> None:
        self.pending.extend(reversed(lines))


class _Quoted(NamedTuple):
    """A cell of one record that starts with a quote (a named tuple: made for every quoted cell)."""

    column: int  # which cell of the record
    at: int  # where its quote is in the record's text
    closed: bool  # the quote is closed
    clean: bool  # closed, and followed by a delimiter or the end of the record (as CSV writers do)
    text: str  # what the quotes hold


# What a quote at the start of a cell holds: everything up to the quote that closes it ("" is a
# quote inside), or up to the end of the text if none does. Possessive: never backs off a "".
_QUOTED_BODY: Final = re.compile(r'"((?:[^"]|"")*+)')


def quoted_cells(text: str, delimiter: str) -> list[_Quoted]:
    """The cells of a record's text that start with a quote, as csv.reader reads them. Jumps from
    quote to quote (counting the delimiters between them), not from character to character: a
    batch asks this of every record that holds a quote."""
    found: list[_Quoted] = []
    n = len(text)
    index = pos = 0  # which cell, and where the text not yet looked at starts (outside quotes)
    find, count = text.find, text.count
    while (at := find('"', pos)) >= 0:
        index += count(delimiter, pos, at)
        if at and text[at - 1] != delimiter:
            pos = at + 1  # a quote inside a cell is a plain character
            continue
        match = _QUOTED_BODY.match(text, at)
        end = match.end() if match else at + 1  # the closing quote, or the end of the text
        closed = end < n
        clean = closed and (end + 1 == n or text[end + 1] in (delimiter, "\r", "\n"))
        found.append(_Quoted(index, at, closed, clean, match.group(1) if match else ""))
        if not closed:
            break
        pos = end + 1  # the rest of the cell after its closing quote holds no quoted cell
    return found


@functools.cache
def _well_formed(delimiter: str) -> re.Pattern[str]:
    """A record of one line whose quoted cells are each quoted whole (nothing after the closing
    quote but a delimiter or the line end) and hold no line break, the other cells no quote:
    ``stray_quote`` finds nothing in it (the common case, checked in one go)."""
    d = re.escape(delimiter)
    cell = f'(?:"[^"\\r\\n]*+(?:""[^"\\r\\n]*+)*+"|[^"{d}\\r\\n]*+)'
    return re.compile(f"{cell}(?:{d}{cell})*+(?:\\r\\n|\\n|\\r)?")


def stray_quote(span: Sequence[str], record: Sequence[str], delimiter: str, width: int) -> _Quoted | None:
    """The cell of the record read from the lines ``span`` whose quote opens no real quoted
    cell, or None. A stray quote is never closed (and swallows the rest of the file),
    or swallows delimiters or line breaks and is then 'closed' by the quote of a later cell, or
    holds lines that look like rows of their own. A real quoted cell (an address, a remark over
    several lines with Alt+Enter) is well-formed CSV, holds no line that looks like a row, and
    leaves the row with as many cells as the header."""
    text = "".join(span)
    if '"' not in text:
        return None
    if len(span) == 1 and len(record) >= width and _well_formed(delimiter).fullmatch(text):
        return None  # one line, every quote opens and closes a whole cell: as CSV writers write it
    cells = quoted_cells(text, delimiter)
    enough = max(1, width - 2)
    for cell in cells:
        if not cell.closed:
            return cell
        if not cell.clean and (delimiter in cell.text or "\n" in cell.text or "\r" in cell.text):
            return cell
        if any(line.count(delimiter) >= enough for line in cell.text.splitlines()[1:]):
            return cell  # a line inside the cell looks like a whole row: rows were swallowed
    if len(record) < width:
        for cell in cells:
            if delimiter in cell.text:
                plain = text[: cell.at] + text[cell.at + 1 :]
                if len(next(csv.reader(io.StringIO(plain, newline=""), delimiter=delimiter), [])) == width:
                    return cell
    return None


# --- XLSX ------------------------------------------------------------------------------------


def excel_value(value: Any) -> Any:
    """A cell as the rest of the tool expects it: text stripped, whole floats as int, dates as ISO."""
    if isinstance(value, str):
        return checked_cell(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def check_unpacked(path: Path) -> None:
    """Refuse a zip bomb before anything is unpacked: the sizes the archive declares (which bound
    what zipfile will inflate) against fixed limits and a plausible compression ratio."""
    import zipfile

    source = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError.one(
            "batch.file.bad_xlsx", Location(source), path=source, reason=str(exc) or "?"
        ) from None
    if len(parts) > MAX_XLSX_PARTS:
        raise InputError.one(
            "batch.file.xlsx_bomb", Location(source), path=source, part=f"{len(parts)} parts"
        )
    total = 0
    for part in parts:
        total += part.file_size
        limit = MAX_SHARED_STRINGS if part.filename.endswith("sharedStrings.xml") else MAX_XLSX_PART
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > limit or (part.file_size > XLSX_RATIO_FROM and ratio > MAX_XLSX_RATIO):
            raise InputError.one("batch.file.xlsx_bomb", Location(source), path=source, part=part.filename)
    if total > MAX_XLSX_UNPACKED:
        raise InputError.one("batch.file.xlsx_bomb", Location(source), path=source, part="*")


def formulas_without_values(archive: Any, part: str) -> set[tuple[int, int]]:
    """(row, column) of every formula cell that has no computed value stored: a file written by
    a script (not saved by Excel or LibreOffice) keeps only the formula, and reading it as empty
    would silently turn an answer into a knowledge gap. Only parsed when the sheet has formulas."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    try:
        with archive.open(part) as raw:
            tail = b""
            found = False
            while chunk := raw.read(CHUNK):
                if b"<f" in tail + chunk or b":f" in tail + chunk:
                    found = True
                    break
                tail = chunk[-8:]
        if not found:
            return set()
        missing: set[tuple[int, int]] = set()
        with archive.open(part) as raw:
            for _event, element in iterparse(raw, events=("end",)):
                if not element.tag.endswith("}c") and element.tag != "c":
                    continue
                has_formula = has_value = False
                for child in element:
                    name = child.tag.rsplit("}", 1)[-1]
                    if name == "f":
                        has_formula = True
                    elif name in ("v", "is") and (child.text or len(child)):
                        has_value = True
                if has_formula and not has_value and element.get("r"):
                    letters, row = coordinate_from_string(element.get("r", ""))
                    missing.add((row, column_index_from_string(letters)))
                element.clear()
        return missing
    except Exception:  # the scan is a safety net; openpyxl itself reports a broken sheet
        return set()


def open_xlsx(path: Path) -> Table:
    check_size(path, MAX_XLSX_BYTES)
    source = str(path)
    check_unpacked(path)
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise InputError.one(
            "batch.file.bad_xlsx", Location(source), path=source, reason=str(exc) or "?"
        ) from None
    if not book.sheetnames:
        book.close()
        raise InputError.one("batch.file.empty", Location(source), path=source)
    names = {name.casefold(): name for name in book.sheetnames}
    chosen = next((names[n] for n in PROJECT_SHEETS if n in names), book.sheetnames[0])
    sheet: Any = book[chosen]
    if hasattr(sheet, "reset_dimensions"):
        # A <dimension> claiming A1:XFD1048576 would make openpyxl pad every row to 16,384 cells
        # and add empty rows up to a million: read only the cells that are really there.
        sheet.reset_dimensions()
    archive = getattr(book, "_archive", None)
    part = getattr(sheet, "_worksheet_path", None)
    missing = formulas_without_values(archive, part) if archive is not None and part else set()
    iterator = sheet.iter_rows(min_row=1, values_only=True)
    try:
        first = next(iterator, None)
    except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
        book.close()
        raise InputError.one(
            "batch.file.bad_xlsx", Location(source), path=source, reason=str(exc) or "?"
        ) from None
    if first is None:
        book.close()
        raise InputError.one("batch.file.empty", Location(source), path=source)
    header = ["" if v is None else str(excel_value(v)) for v in first[: MAX_COLUMNS + 1]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        book.close()
        raise InputError.one(
            "batch.file.too_many_columns", Location(source, 1), count=len(header), limit=MAX_COLUMNS
        )
    width = len(header)

    def rows() -> Iterator[tuple[int, Cells]]:
        try:
            for number, values in enumerate(iterator, start=2):
                cells = [excel_value(v) for v in values[:width]]
                for index in range(len(cells)):
                    if (number, index + 1) in missing:
                        cells[index] = Unreadable("batch.row.formula_without_value")
                yield number, cells
        except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
            raise InputError.one(
                "batch.file.bad_xlsx", Location(source), path=source, reason=str(exc) or "?"
            ) from None
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
    data: Any
    problems: tuple[Problem, ...] = ()  # duplicate keys, control characters, NaN: reject this entry


def read_entries(path: Path) -> tuple[list[Entry], str]:
    """The entries of a list of answers files: a top-level list, or a mapping with ``projects:``."""
    import yaml

    from ..loading.yaml_files import limit_problems, parse_list_file, read_text

    check_size(path, MAX_LIST_BYTES)
    text = read_text(path, MAX_LIST_BYTES)
    source = str(path)
    data, duplicates = parse_list_file(text, source)
    base: tuple[str | int, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("projects"), list):
        items, base = data["projects"], ("projects",)
    elif isinstance(data, list):
        items = data
    else:
        raise InputError.one("batch.file.not_list", Location(source, 1), path=source)
    lines: list[int | None] = [None] * len(items)
    try:
        node = yaml.compose(
            text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
        )
        if base and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == "projects"), None)
        if isinstance(node, yaml.SequenceNode):
            lines = [n.start_mark.line + 1 for n in node.value]
    except (yaml.YAMLError, RecursionError, ValueError):
        pass

    def entry_of(problem: Problem) -> int | None:
        """The index of the entry whose lines hold the problem (None: outside every entry)."""
        line = problem.location.line if problem.location else None
        if line is None:
            return None
        inside = [i for i, start in enumerate(lines) if start is not None and start <= line]
        return inside[-1] if inside else None

    placed: dict[int, list[Problem]] = {}
    outside = []
    for duplicate in duplicates:
        index = entry_of(duplicate)
        if index is None:
            outside.append(duplicate)
        else:
            placed.setdefault(index, []).append(duplicate)
    if outside:  # e.g. 'projects:' twice: the list itself is in doubt
        raise InputError(outside)
    entries = []
    for i, item in enumerate(items):
        found = limit_problems(item, text, source, user_file=True, base=(*base, i)) + placed.get(i, [])
        entries.append(Entry(i + 1, item, tuple(found)))
    return entries, text
