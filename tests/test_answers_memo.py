"""A memo (what a batch keeps across its rows) never changes what checking gives: the answers (their
order, the order of a multiple choice's values, their types), the errors (codes, parameters, which
cell) and what is left open are those of checking each row on its own, for awkward cells too:
multiple choices in any order, twice, by label, with a label that holds a separator, "geen van
deze", a "not looked at" choice among others, numbers, booleans and dates from a workbook, too long
or unreadable cells, unknown question ids."""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sdgtoets.batch.columns import map_columns
from sdgtoets.batch.readers import Unreadable
from sdgtoets.batch.rows import convert_cells
from sdgtoets.core.answers import MEMO_LIMIT, check_answers
from sdgtoets.core.text import pick
from sdgtoets.loading.definitions import load_questionnaire

AWKWARD = load_questionnaire(Path(__file__).parent / "memo_data" / "questionnaire.yaml")
BUNDLED = load_questionnaire(None)


def words_of(question: Any) -> list[str]:
    words = [c.value for c in question.choices]
    words += [pick(c.label, lang) for c in question.choices for lang in ("nl", "en")]
    return [*words, *(w.upper() for w in words), *(f" {w}\u00a0" for w in words[:3])]


SEPARATORS = [";", "|", " ; ", "; ", " |", ";;", "\u00a0;\t", "; ;"]
ALONE = ["geen van deze", "None", " niets ", "0", "weet niet", "?", "", "  ", "x", ";", "|"]


@st.composite
def multi_text(draw: Any, question: Any) -> str:
    if draw(st.booleans()):
        return str(draw(st.sampled_from(ALONE + words_of(question))))
    parts = draw(st.lists(st.sampled_from([*words_of(question), "", "x", "geen"]), min_size=1, max_size=6))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    return str(text)


OTHER = st.one_of(
    st.none(),
    st.sampled_from(
        ["ja", "Nee", "1", "0", "true", "onbekend", "build", "Evenement", "bouw ", "12", "1.250,5"]
    ),
    st.sampled_from(["1e20", "-3", "nan", "inf", "x" * 5001, "\u00a0", "250k"]),
    st.integers(-5, 200_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
    st.datetimes(min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 1, 1)),
    st.text(max_size=8),
)


def cell(questionnaire: Any, qid: str) -> st.SearchStrategy[Any]:
    question = questionnaire.get(qid)
    if question is not None and question.type == "multi_choice":
        return st.one_of(
            multi_text(question), OTHER, st.lists(st.sampled_from(words_of(question)), max_size=3)
        )
    return OTHER


@st.composite
def rows(draw: Any, questionnaire: Any) -> list[dict[Any, Any]]:
    ids = [q.id for q in questionnaire.questions if q.answerable]
    multi = [q.id for q in questionnaire.questions if q.type == "multi_choice"]
    keys = st.sampled_from([*ids, *multi, *multi, "groep", "onbekend", 3])
    out = []
    for _ in range(draw(st.integers(1, 8))):
        row: dict[Any, Any] = {}
        for key in draw(st.lists(keys, max_size=12)):
            row[key] = draw(cell(questionnaire, str(key)))
        out.append(row)
    return out


def same(got: Any, expected: Any) -> None:
    assert got == expected
    assert repr(got) == repr(expected)  # the order of the answers, and 1 / 1.0 / True apart


def with_and_without(questionnaire: Any, batch: list[dict[Any, Any]], memo: dict[Any, Any]) -> None:
    for raw in batch:
        checked = check_answers(questionnaire, raw, memo)
        same(checked, check_answers(questionnaire, raw))
        for value in checked.values.values():  # an answer is the caller's: changing it changes
            if isinstance(value, list):  # nothing the memo gives later
                value.append("changed")


SHARED: dict[str, dict[Any, Any]] = {}  # per questionnaire, kept across examples as across rows


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_memo_changes_nothing(data: Any) -> None:
    questionnaire = data.draw(st.sampled_from([AWKWARD, BUNDLED]))
    batch = data.draw(rows(questionnaire))
    with_and_without(questionnaire, batch, {})
    with_and_without(questionnaire, batch, SHARED.setdefault(questionnaire.id, {}))
    with_and_without(questionnaire, batch, dict.fromkeys(range(MEMO_LIMIT)))  # a full memo


def test_many_orders_of_many_choices() -> None:
    """More combinations of one multiple choice than any memo holds, each in two orders."""
    question = BUNDLED.get("policy_domain")
    assert question is not None
    values = [c.value for c in question.choices]
    memo: dict[Any, Any] = {}
    for n in range(3 * MEMO_LIMIT // 2):
        picked = [v for i, v in enumerate(values) if (n * 2654435761) >> i & 1] or values[:1]
        for text in ("; ".join(picked), " | ".join(reversed(picked)) + ";"):
            got = check_answers(BUNDLED, {"policy_domain": text}, memo)
            assert got.values == {"policy_domain": [v for v in values if v in picked]}
            same(got, check_answers(BUNDLED, {"policy_domain": text}))


HEADER = ["naam", "bedrag", "jaar", "groups", "places", "kind", "green", "visitors", "remark", "# notitie"]
COLUMNS = map_columns(HEADER, AWKWARD, "lijst.xlsx")
UNREADABLE = st.builds(
    Unreadable,
    st.sampled_from(["batch.cell.control", "batch.cell.too_long"]),
    st.just({}),
    st.text(max_size=5),
)


@st.composite
def sheet_rows(draw: Any) -> list[list[Any]]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        cells: list[Any] = [draw(st.sampled_from(["Project", "", None, "  ", 12]))]
        cells += [draw(st.one_of(OTHER, UNREADABLE)) for _ in range(2)]
        for key in HEADER[3:9]:
            cells.append(draw(st.one_of(cell(AWKWARD, key), UNREADABLE)))
        cells.append(draw(st.one_of(OTHER, UNREADABLE)))
        out.append(cells[: draw(st.integers(0, len(cells)))] if draw(st.booleans()) else cells)
    return out


@settings(max_examples=300, deadline=None)
@given(sheet_rows())
def test_a_memo_changes_no_row_of_a_sheet(batch: list[list[Any]]) -> None:
    memo: dict[Any, Any] = {}
    for number, cells in enumerate(batch, start=2):
        same(
            convert_cells(number, cells, COLUMNS, AWKWARD, memo),
            convert_cells(number, cells, COLUMNS, AWKWARD),
        )


def test_nan_is_not_remembered_as_another_value() -> None:
    memo: dict[Any, Any] = {}
    for value in (1, 1.0, True, "1", math.nan, 0, False, "0"):
        same(check_answers(AWKWARD, {"visitors": value, "green": value}, memo),
             check_answers(AWKWARD, {"visitors": value, "green": value}))  # fmt: skip
