"""Substance before process, "niet bekeken" as a gap, the justice gate, municipal facts and
quick-scan coverage (tests/aspects_data: a small questionnaire and rubric made for these rules)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sdgtoets.api import Instrument, load_instrument, verdict_for
from sdgtoets.core.answers import check_answers
from sdgtoets.core.verdict import Verdict

DATA = Path(__file__).parent / "aspects_data"
BASE = {
    "kind": "desk",
    "climate": "none",
    "social": "nee",
    "voices": [],
    "participation": "nee",
    "transparent": "nee",
    "monitored": "nee",
    "purchase": "nee",
    "justice": "nee",
}


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument(DATA / "questionnaire.yaml", DATA / "rubric.yaml")


def verdict(instrument: Instrument, depth: str = "quick", **changes: Any) -> Verdict:
    checked = check_answers(instrument.questionnaire, {**BASE, **changes})
    assert not checked.errors
    return verdict_for(instrument, checked.values, {"name": "Project"}, depth)


def test_process_alone_is_never_sdg_proof(instrument: Instrument) -> None:
    v = verdict(instrument, participation="ja", transparent="ja", monitored="ja")
    assert v.level == "beperkte_bijdrage"
    assert v.metrics["process_positive_effects"] == 3
    assert v.metrics["substantive_positive_effects"] == 0
    # Process is shown apart: not in the SDG profile, but on the SDG record and in the list.
    assert v.sdgs[15].positive == 0 and v.sdgs[15].process_positive == 6
    assert v.sdgs[15].status == "neutral"
    assert {c.rule for c in v.process} == {"co_decide", "open_books", "indicators"}


def test_substance_in_two_pillars_is_sdg_proof(instrument: Instrument) -> None:
    v = verdict(instrument, climate="better", social="ja")
    assert v.level == "sdg_proof"
    assert v.metrics["substantive_pillars_with_positive"] == 2
    assert v.summary == "Project: 2 effecten, 0 kennishiaten."


def test_an_effect_on_several_goals_counts_once(instrument: Instrument) -> None:
    v = verdict(instrument, voices=["own_voice"], justice="ja")
    assert v.metrics["substantive_positive_effects"] == 2  # own_voice and justice_work
    assert v.metrics["substantive_sdgs_with_positive"] == 1  # SDG 10 only


def test_not_examined_is_a_knowledge_gap_not_no_effect(instrument: Instrument) -> None:
    v = verdict(instrument, voices=["not_examined"])
    gap = next(g for g in v.knowledge_gaps if g.question == "voices")
    assert gap.reason == "not_examined"
    assert "mondiaal_burgerschap" in gap.targets
    shown = next(a for a in v.answers if a.question == "voices")
    assert shown.display == "Niet bekeken"


def test_not_examined_cannot_be_combined(instrument: Instrument) -> None:
    checked = check_answers(instrument.questionnaire, {**BASE, "voices": ["own_voice", "not_examined"]})
    assert [e.code for e in checked.errors] == ["answer.gap_alone"]


def test_justice_gate_holds_back_positive_credit_only(instrument: Instrument) -> None:
    v = verdict(instrument, voices=["own_voice"], purchase="ja")
    fields = {f.field: f for f in v.lmb}
    # No justice marker: the own-voice credit is not counted as LMB ...
    assert fields["mondiaal_burgerschap"].level == "geen_lmb"
    assert fields["mondiaal_burgerschap"].excluded_positive == 2
    # ... but the exploitative supply chain always shows.
    assert fields["mondiale_beleidskeuzes"].level == "negatief"
    assert v.is_lmb is False
    with_justice = verdict(instrument, voices=["own_voice"], justice="ja")
    assert {f.field: f.level for f in with_justice.lmb}["mondiaal_burgerschap"] == "aanwezig"
    assert with_justice.is_lmb is True


def test_municipal_facts_are_context_and_their_gaps_are_the_municipality_s(instrument: Instrument) -> None:
    without = verdict(instrument, climate="better", social="ja")
    gap = next(g for g in without.knowledge_gaps if g.question == "fair_municipality")
    assert gap.scope == "municipality"
    assert without.metrics["knowledge_gaps"] == 0
    assert without.metrics["municipal_knowledge_gaps"] == 1
    with_profile = verdict(instrument, climate="better", social="ja", fair_municipality="ja")
    assert [c.rule for c in with_profile.context] == ["fair_context"]
    beleid = {f.field: f for f in with_profile.lmb}["mondiale_beleidskeuzes"]
    assert beleid.positive == 0  # context earns no points
    assert with_profile.metrics == {**without.metrics, "municipal_knowledge_gaps": 0}


def test_quick_scan_says_what_it_did_not_cover(instrument: Instrument) -> None:
    quick = verdict(instrument, kind="build", climate="better", social="ja")
    assert quick.coverage.provisional is True
    assert [(t.section, t.questions, t.risk) for t in quick.coverage.not_covered] == [
        ("basics", ("trees",), True)
    ]
    assert quick.metrics["unexamined_risks"] == 1
    assert quick.level == "beperkte_bijdrage"  # never SDG-proof while a material risk is unexamined
    full = verdict(instrument, "full", kind="build", climate="better", social="ja", trees="nee")
    assert full.coverage.provisional is False and full.coverage.not_covered == ()
    assert full.level == "sdg_proof"


def test_strengthen_suggestions_only_where_they_fit(instrument: Instrument) -> None:
    desk = verdict(instrument, social="ja")
    assert "climate_better" not in [s.id for s in desk.suggestions]
    build = verdict(instrument, "full", kind="build", social="ja", trees="nee")
    assert "climate_better" in [s.id for s in build.suggestions]


def test_json_carries_the_new_fields(instrument: Instrument) -> None:
    data = verdict(instrument, kind="build", participation="ja").to_dict()
    assert data["schema_version"] == "1.1"
    assert data["verdict"]["provisional"] is True
    assert data["coverage"]["not_covered"][0]["questions"] == ["trees"]
    assert data["strengths"][0]["aspect"] == "process"
    assert data["profile"] is None
