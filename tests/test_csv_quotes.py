"""The CSV reader looks for stray quotes in one go for a well-formed line (readers._well_formed):
held equal to the cell-by-cell search (quoted_cells) on generated lines."""

from __future__ import annotations

import csv
import io
import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from sdgtoets.batch import readers

PIECES = ["a", "b", '"', '""', ";", ",", "\t", " ", 'x"y', "é"]


@settings(max_examples=3000, deadline=None)
@given(
    delimiter=st.sampled_from([";", ",", "\t"]),
    cells=st.lists(st.lists(st.sampled_from(PIECES), max_size=4).map("".join), min_size=1, max_size=6),
    end=st.sampled_from(["\r\n", "\n", "\r", ""]),
    width=st.integers(1, 7),
)
def test_the_one_go_check_finds_what_the_cell_by_cell_search_finds(
    delimiter: str, cells: list[str], end: str, width: int
) -> None:
    line = delimiter.join(cells) + end
    try:
        record = next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return
    fast = readers.stray_quote([line], record, delimiter, width)
    with mock.patch.object(readers, "_well_formed", lambda _delimiter: re.compile(r"(?!)")):
        slow = readers.stray_quote([line], record, delimiter, width)
    assert fast == slow
