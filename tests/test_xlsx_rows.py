"""summary.xlsx rows are written as text (batch/xlsx_rows.py), relying on XlsxWriter internals:
held here equal, byte for byte, to what XlsxWriter's public API writes, so that a new XlsxWriter
that writes cells otherwise (or moves its internals) fails this test, not a user's workbook.
And the fast summary row (``SummaryRows.line``) equal to the plain one, cell by cell."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgtoets.batch.summary import SummaryRows
from sdgtoets.batch.xlsx_rows import MAX_ROWS, append_row, cell_prefixes, number_cell, row_text, text_cell
from sdgtoets.core.plan import Figures
from sdgtoets.instrument import load_instrument

HOSTILE_TEXT = [
    "plain",
    " leading space",
    "trailing space ",
    "\ttab first",
    'quote " and & < > and\nline',
    "_x0041_ looks escaped",
    "_x004G_ does not",
    "control \x01 and \x1f and \x0b",
    "non-characters \ufffe \uffff",
    "<r>a rich string</r>",
    "<r>half rich",
    "'=1+1",
    "emoji 😀 and é",
    "",
]
# Beyond Excel's 32,767 characters a cell is cut: XlsxWriter counts UTF-16 units since 3.3.1
# (characters before). No summary cell comes near (project fields hold 500 characters at most).
LONG_TEXT = ["é" * 20_000, "😀" * 17_000, "x" * 40_000]
if tuple(int(p) for p in xlsxwriter.__version__.split(".")[:3]) >= (3, 3, 1):
    HOSTILE_TEXT += LONG_TEXT
NUMBERS = [0, -1, 1.5, 0.1 + 0.2, 1e20, 12_345_678_901_234_567, 1e-7, 2**53 + 1, -0.0, 2_000_000, 10.25]


def book(path: Path, tmp: Path) -> Any:
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "tmpdir": str(tmp),
        },
    )
    workbook.set_properties({"created": datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)})
    return workbook


def rows_of_values() -> list[list[Any]]:
    rows: list[list[Any]] = [[f"head {i}" for i in range(30)]]
    rows.append([*HOSTILE_TEXT, None, None])
    rows.append([None, *NUMBERS, None, "after numbers"])
    rows.append([None] * 27 + [1])  # the only cell far right
    return rows


def test_rows_as_text_are_the_bytes_xlsxwriter_writes(tmp_path: Path) -> None:
    rows = rows_of_values()
    by_api, by_text = tmp_path / "api.xlsx", tmp_path / "text.xlsx"

    workbook = book(by_api, tmp_path)
    sheet = workbook.add_worksheet("Projecten")
    sheet.freeze_panes(1, 3)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    sheet.write_number(MAX_ROWS, 0, 1)  # beyond the last row of a sheet: left out
    workbook.add_worksheet("Overzicht").write_string(0, 0, "written by the API after")
    workbook.close()

    workbook = book(by_text, tmp_path)
    sheet = workbook.add_worksheet("Projecten")
    sheet.freeze_panes(1, 3)
    prefixes = cell_prefixes([xlsxwriter.utility.xl_col_to_name(i) for i in range(40)])
    for r, values in enumerate(rows):
        cells = [
            text_cell(prefixes[c], v) if isinstance(v, str) else number_cell(prefixes[c], v)
            for c, v in enumerate(values)
            if v is not None
        ]
        last = max(c for c, v in enumerate(values) if v is not None)
        append_row(sheet, r, row_text(cells), last)
    append_row(sheet, MAX_ROWS, row_text([number_cell(prefixes[0], 1)]), 0)
    workbook.add_worksheet("Overzicht").write_string(0, 0, "written by the API after")
    workbook.close()

    assert by_text.read_bytes() == by_api.read_bytes()


def test_a_text_cell_never_holds_the_row_mark() -> None:
    for text in [*HOSTILE_TEXT, "\x00 a NUL"]:
        assert "\x00" not in text_cell('<c r="A', text).replace('<c r="A\x00"', "")


@pytest.fixture(scope="module")
def instrument() -> Any:
    return load_instrument(None, None, (), None)


PROJECT_TEXT = st.one_of(st.none(), st.sampled_from(HOSTILE_TEXT[:14]), st.text(max_size=30))
POINTS = st.one_of(st.integers(0, 40), st.floats(0, 40, allow_nan=False).map(lambda x: round(x, 2)))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_summary_row_is_the_plain_one(data: Any, instrument: Any) -> None:
    goals, rubric = instrument.goals, instrument.rubric
    lang = data.draw(st.sampled_from(["nl", "en"]))
    rows = SummaryRows(lang, goals, rubric)
    levels = [lvl.id for lvl in rubric.levels] + ["not_a_level"]
    lmb_levels = [rubric.lmb.not_lmb.id, *(lvl.id for lvl in rubric.lmb.levels), "other"]
    n = len(goals.sdgs)
    for _ in range(3):  # the columns remember values across rows
        figures = Figures(
            level=data.draw(st.sampled_from(levels)),
            is_lmb=data.draw(st.sampled_from([True, False, None])),
            lmb_levels=tuple(data.draw(st.sampled_from(lmb_levels)) for _ in goals.lmb_fields),
            knowledge_gaps=data.draw(st.integers(0, 60)),
            unmitigated_negatives=data.draw(st.integers(0, 60)),
            sdg_positive=tuple(data.draw(POINTS) for _ in range(n)),
            sdg_negative=tuple(data.draw(POINTS) for _ in range(n)),
            sdg_gaps=(False,) * n,
            pillar_positive=(),
            pillar_negative=(),
            unmitigated=0,
            unmitigated_sdgs=(),
            metrics={},
        )
        project = {
            "id": data.draw(st.one_of(PROJECT_TEXT, st.integers(-5, 10**12))),
            "name": data.draw(PROJECT_TEXT),
            "department": data.draw(PROJECT_TEXT),
            "policy_goal": data.draw(PROJECT_TEXT),
            "budget": data.draw(st.one_of(st.none(), st.integers(0, 10**9), st.floats(0, 1e9))),
            "year": data.draw(st.one_of(st.none(), st.integers(1990, 2100))),
        }
        row = data.draw(st.integers(2, 2_000_000))
        assert rows.line(row, project, figures) == rows.reference_line(row, project, figures)
