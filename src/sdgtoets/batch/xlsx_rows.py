"""Rows of a worksheet as the XML text XlsxWriter writes for them in ``constant_memory`` mode.

Through XlsxWriter's public API every cell costs some forty Python calls (checks, a cell tuple,
then its XML when the row is flushed): for summary.xlsx that was most of the main process's work
in a batch, while the workers score. Here a summary row is turned into that same XML text once,
where the project is scored (a worker process), with ``ROW_MARK`` where the row number goes; the
main process only puts the number in and appends the text to the worksheet's row file.

This relies on XlsxWriter internals: the cell XML of ``Worksheet._write_cell`` (inline strings),
the temporary row file ``row_data_fh`` and the dimension bookkeeping ``_check_dimensions``.
pyproject.toml pins the versions it was checked with, and tests/test_xlsx_rows.py holds the text
equal, byte for byte, to what the public API writes for hostile values.
"""

from __future__ import annotations

import re
from typing import Any, Final

# Where a row's number goes in its text: a control character, which XlsxWriter (and ``text_cell``)
# writes as an _xHHHH_ escape, so it is never part of the escaped text of a cell.
ROW_MARK: Final = "\x00"
MAX_ROWS: Final = 1_048_576  # rows of a worksheet: XlsxWriter leaves out any row beyond
MAX_STRING: Final = 32_767  # UTF-16 units of a cell's text: XlsxWriter cuts a longer text

_ESCAPED_ESCAPE: Final = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL: Final = re.compile(r"([\x00-\x08\x0b-\x1f])")
_XML_SPECIAL: Final = re.compile('["&<>\n]')
_EDGE_SPACE: Final = re.compile(r"^\s|\s$")


def cell_prefixes(names: list[str]) -> list[str]:
    """The opening of each column's cells, up to the row number: ``<c r="B``."""
    return [f'<c r="{name}' for name in names]


def number_cell(prefix: str, value: float) -> str:
    """A number cell (``Worksheet.write_number``), of a finite value (XlsxWriter refuses NaN and infinity)."""
    return f'{prefix}{ROW_MARK}"><v>{value:.16G}</v></c>'


def text_cell(prefix: str, value: str) -> str:
    """A text cell (``Worksheet.write_string`` in constant_memory mode: an inline string)."""
    if len(value) > MAX_STRING // 2 and len(value.encode("utf-16-le")) // 2 > MAX_STRING:
        value = _utf16_cut(value)
    if "_x" in value:
        value = _ESCAPED_ESCAPE.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    if value.startswith("<r>") and value.endswith("</r>"):  # XlsxWriter's rich string: as it is
        return f'{prefix}{ROW_MARK}" t="inlineStr"><is>{value}</is></c>'
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    if _XML_SPECIAL.search(value):
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'{prefix}{ROW_MARK}" t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _utf16_cut(value: str) -> str:
    length = 0
    for index, char in enumerate(value):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > MAX_STRING:
            return value[:index]
    return value


def row_text(cells: list[str]) -> str:
    """A whole row from its cells' text; empty cells are simply not there."""
    return f'<row r="{ROW_MARK}">' + "".join(cells) + "</row>"


def append_row(sheet: Any, index: int, text: str, last_column: int) -> None:
    """Row ``index`` (0-based) of a constant_memory worksheet from ``row_text``: rows must come in
    order, after any written through the API has been flushed. Beyond the last row of a worksheet
    it is left out, as XlsxWriter does."""
    if sheet._check_dimensions(index, 0) or sheet._check_dimensions(index, last_column):
        return
    sheet.row_data_fh.write(text.replace(ROW_MARK, str(index + 1)))


__all__ = ["ROW_MARK", "append_row", "cell_prefixes", "number_cell", "row_text", "text_cell"]
