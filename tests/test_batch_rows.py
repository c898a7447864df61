"""Row conversion and portfolio aggregation through their Python interfaces (open-ended input)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sdgtoets.api import load_instrument, verdict_for
from sdgtoets.batch.columns import column_letter, map_columns
from sdgtoets.batch.rows import convert_cells, project_field
from sdgtoets.batch.run import project_file, slug
from sdgtoets.core.answers import is_unknown_word
from sdgtoets.core.portfolio import Portfolio

DATA = Path(__file__).parent / "batch_data"
INSTRUMENT = load_instrument(DATA / "questionnaire.yaml", DATA / "rubric.yaml")
HEADER = ["naam", "budget", "energy", "groups", "health", "paving", "justice"]
COLUMNS = map_columns(HEADER, INSTRUMENT.questionnaire, "test.csv")


def belgian(cents: int) -> str:
    euros, rest = divmod(cents, 100)
    return f"{euros:,}".replace(",", ".") + f",{rest:02d}"


@given(st.integers(min_value=0, max_value=10**12))
def test_belgian_amounts_parse_exactly(cents: int) -> None:
    for text in (belgian(cents), "€ " + belgian(cents), belgian(cents) + " EUR"):
        value, key, _ = project_field("budget", text)
        assert key is None and round(value * 100) == cents, text


@given(st.text(max_size=40).filter(lambda s: s.strip() and not any(c.isdigit() for c in s)))
def test_words_are_not_amounts(text: str) -> None:
    value, key, params = project_field("budget", text)
    if is_unknown_word(text):  # "weet niet" leaves the budget open, like an empty cell
        assert (value, key) == (None, None)
    else:
        assert value is None and key == "batch.row.budget" and params == {"value": text}


@given(st.text(max_size=80))
def test_project_file_names_are_safe(name: str) -> None:
    file = project_file(12, name, "markdown")
    assert file.startswith("00012-") and file.endswith(".md")
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in file)
    assert len(slug(name)) <= 60


def test_column_letters_match_excel() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


answer = st.sampled_from(["", "weet niet", "ja", "nee"])
choice = st.sampled_from(["", "reduces", "Verhoogt het", "neutral", "unknown"])
groups = st.sampled_from(["", "youth", "Jongeren; kwetsbare groepen", "everyone|vulnerable"])
budget = st.sampled_from(["", "1.000", "€ 2 500,50", "0"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(budget, choice, groups, answer, answer, answer), min_size=1, max_size=15))
def test_portfolio_counts_add_up(rows: list[tuple[str, ...]]) -> None:
    portfolio = Portfolio(INSTRUMENT.rubric, INSTRUMENT.goals)
    total_budget = 0.0
    for number, row in enumerate(rows, start=2):
        converted = convert_cells(number, [f"P{number}", *row], COLUMNS, INSTRUMENT.questionnaire)
        assert converted is not None and not isinstance(converted, list)
        verdict = verdict_for(INSTRUMENT, converted.answers, converted.project)
        portfolio.add(verdict, number, converted.budget)
        total_budget += converted.budget or 0.0
    data = portfolio.to_dict()
    assert data["projects"] == len(rows)
    assert sum(lv["projects"] for lv in data["levels"]) == len(rows)
    for field in data["lmb"]["fields"]:
        assert sum(lv["projects"] for lv in field["levels"]) == len(rows)
    for sdg in data["sdgs"]:
        assert 0 <= sdg["projects_unmitigated_negative"] <= sdg["projects_negative"] <= len(rows)
        if data["budget"] is not None:
            assert sdg["budget_positive"] <= data["budget"]["total"] + 0.01
    assert abs((data["budget"] or {"total": 0})["total"] - total_budget) < 0.01
