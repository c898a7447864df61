"""Scoring on hand-computed cases (tests/core_data): separate signs, gaps, levels, LMB, suggestions.

Weights in the test rubric: direct 2, indirect 1; points = weight x strength.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sdgtoets.api import Instrument, load_instrument, verdict_for
from sdgtoets.core.answers import check_answers
from sdgtoets.core.verdict import Verdict

CORE_DATA = Path(__file__).parent / "core_data"


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument(CORE_DATA / "questionnaire.yaml", CORE_DATA / "rubric.yaml")


def verdict(instrument: Instrument, raw: dict[str, Any], depth: str = "quick", lang: str = "nl") -> Verdict:
    checked = check_answers(instrument.questionnaire, raw)
    assert not checked.errors
    return verdict_for(instrument, checked.values, {"name": "Testproject"}, depth, lang)


def sdg(v: Verdict, n: int) -> Any:
    return v.sdgs[n - 1]


TRADE_OFF = {
    "kind": "build",
    "climate": "better",
    "green": "nee",
    "paving": "ja",
    "groups": ["poor"],
    "visitors": 100,
    "justice": False,
}


def test_trade_off_stays_visible_and_is_not_netted(instrument: Instrument) -> None:
    v = verdict(instrument, TRADE_OFF)
    # climate_better: direct x2 -> 4 on SDG 13 and 7; paving_loss: direct x3 -> 6 negative on SDG 15;
    # poverty: indirect x2 -> 2 on SDG 1 and 10.
    assert (sdg(v, 13).positive, sdg(v, 13).negative) == (4, 0)
    assert (sdg(v, 7).positive, sdg(v, 7).positive_direct) == (4, 4)
    assert (sdg(v, 15).positive, sdg(v, 15).negative, sdg(v, 15).status) == (0, 6, "negative")
    assert (sdg(v, 1).positive, sdg(v, 1).positive_indirect, sdg(v, 1).positive_direct) == (2, 2, 0)
    assert sdg(v, 10).positive == 2
    assert [s.number for s in v.sdgs if s.positive or s.negative] == [1, 7, 10, 13, 15]
    pillars = {p.id: (p.positive, p.negative) for p in v.pillars}
    assert pillars == {
        "people": (2, 0),
        "planet": (4, 6),
        "prosperity": (6, 0),
        "peace": (0, 0),
        "partnership": (0, 0),
    }
    assert len(v.trade_offs) == 1
    assert v.trade_offs[0].sdg == 15
    assert v.trade_offs[0].against_sdgs == (1, 7, 10, 13)
    assert v.trade_offs[0].mitigated is False
    assert v.metrics["unmitigated_strong_negatives"] == 1
    assert v.level == "adjust"
    assert v.knowledge_gaps == ()


def test_every_contribution_is_traceable(instrument: Instrument) -> None:
    v = verdict(instrument, TRADE_OFF)
    paving = next(c for c in v.contributions if c.rule == "paving_loss")
    assert paving.target == "sdg:15"
    assert paving.sign == "negative" and paving.kind == "direct" and paving.points == 6
    assert [(a.question, a.value, a.display) for a in paving.because] == [("paving", True, "ja")]
    assert paving.rationale == "Verharding."
    assert paving.source == "test_r"


def test_mitigation_moves_the_level_but_keeps_the_trade_off(instrument: Instrument) -> None:
    v = verdict(instrument, {**TRADE_OFF, "compensated": "ja"}, depth="full")
    assert sdg(v, 15).negative == 6  # still counted, never netted away
    assert v.trade_offs[0].mitigated is True
    assert v.metrics["unmitigated_negatives"] == 0
    assert v.level == "proof"


def test_suggestions_are_prioritised(instrument: Instrument) -> None:
    v = verdict(instrument, TRADE_OFF)
    # negatives first, then gaps (none), then strengthen by points: abroad_coop (4) before green_gain (2);
    # max_strengthen is 2 in the rubric.
    assert [(s.id, s.category, s.priority) for s in v.suggestions] == [
        ("paving_loss", "negative", 1),
        ("abroad_coop", "strengthen", 2),
        ("green_gain", "strengthen", 3),
    ]
    assert v.suggestions[1].instrument == {"id": "schatkist", "name": "Schatkist"}


UNKNOWNS = {"kind": "event", "climate": "weet niet", "green": "unknown", "groups": [], "visitors": "?"}


def test_unknowns_become_knowledge_gaps_per_sdg(instrument: Instrument) -> None:
    v = verdict(instrument, UNKNOWNS)
    gaps = {g.question: (g.reason, g.targets) for g in v.knowledge_gaps}
    assert gaps == {
        "climate": ("unknown", ("sdg:7", "sdg:13")),
        "green": ("unknown", ("sdg:15",)),
        "visitors": ("unknown", ("sdg:12",)),
        "justice": ("unanswered", ()),
    }
    assert (sdg(v, 13).knowledge_gaps, sdg(v, 13).status) == (1, "unknown")
    assert sdg(v, 12).knowledge_gap_questions == ("visitors",)
    # asked: kind, climate, green, groups, visitors, justice (paving hidden for an event) -> 4 of 6
    assert v.metrics["assessed_questions"] == 6
    assert v.metrics["knowledge_gap_share"] == pytest.approx(0.6667)
    assert v.level == "insufficient"
    assert v.is_lmb is None
    gap_texts = [s.text for s in v.suggestions if s.category == "knowledge_gap"]
    assert gap_texts[0] == "Vraag de klimaatambtenaar."
    assert gap_texts[-1] == "Zoek uit: Internationale rechtvaardigheid?"


def test_hidden_question_answers_are_ignored_not_errors(instrument: Instrument) -> None:
    v = verdict(instrument, {**UNKNOWNS, "paving": "ja"})
    assert [a.question for a in v.ignored_answers] == ["paving"]
    assert all(c.rule != "paving_loss" for c in v.contributions)


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        # 3 of 6 unknown: share 0.5 is not > 0.5, so not insufficient; no positives -> weak
        (
            {
                "kind": "event",
                "climate": "unknown",
                "green": "unknown",
                "groups": [],
                "visitors": "unknown",
                "justice": False,
            },
            "weak",
        ),
        # 4 of 6 unknown: 0.667 > 0.5
        (
            {
                "kind": "event",
                "climate": "unknown",
                "green": "unknown",
                "groups": [],
                "visitors": "unknown",
                "justice": "unknown",
            },
            "insufficient",
        ),
        # one pillar positive (planet: green), no negatives -> attention (proof needs two pillars)
        (
            {
                "kind": "event",
                "climate": "unknown",
                "green": True,
                "groups": [],
                "visitors": 10,
                "justice": False,
            },
            "attention",
        ),
        # two pillars positive, no negatives -> proof
        (
            {
                "kind": "event",
                "climate": "better",
                "green": False,
                "groups": [],
                "visitors": 10,
                "justice": False,
            },
            "proof",
        ),
        # a weak negative (strength 1) unmitigated: not proof, not adjust -> attention
        (
            {
                "kind": "event",
                "climate": "better",
                "green": False,
                "groups": [],
                "visitors": 5001,
                "justice": False,
            },
            "attention",
        ),
        # visitors exactly at the threshold (gt 5000) does not fire
        (
            {
                "kind": "event",
                "climate": "better",
                "green": False,
                "groups": [],
                "visitors": 5000,
                "justice": False,
            },
            "proof",
        ),
        # a strong negative wins over everything but insufficient information
        (
            {
                "kind": "event",
                "climate": "worse",
                "green": True,
                "groups": ["poor"],
                "visitors": 1,
                "justice": False,
            },
            "adjust",
        ),
    ],
)
def test_levels_at_their_thresholds(instrument: Instrument, answers: dict[str, Any], level: str) -> None:
    assert verdict(instrument, answers).level == level


def test_lmb_levels_and_the_justice_condition(instrument: Instrument) -> None:
    base = {"kind": "event", "climate": "better", "green": True, "groups": ["abroad"], "visitors": 10}
    v = verdict(instrument, {**base, "justice": True})
    fields = {f.field: (f.level, f.positive) for f in v.lmb}
    assert fields == {
        "mondiaal_burgerschap": ("absent", 0),
        "mondiale_beleidskeuzes": ("absent", 0),
        "mondiale_samenwerking": ("strong", 4),
    }
    assert v.is_lmb is True
    not_lmb = verdict(instrument, {**base, "justice": False})
    assert {f.level for f in not_lmb.lmb} == {"not_lmb"}
    assert not_lmb.is_lmb is False
    assert sdg(not_lmb, 17).positive == 4  # the SDG contribution stays, only LMB status changes


def test_english_verdict(instrument: Instrument) -> None:
    v = verdict(instrument, TRADE_OFF, lang="en")
    assert v.level_label == "Adjustment needed"
    assert sdg(v, 13).name == "Climate action"
    assert v.summary == "Testproject: 1 strong negative."


def test_dutch_sdg_names_and_pillars(instrument: Instrument) -> None:
    v = verdict(instrument, TRADE_OFF)
    assert [s.name for s in v.sdgs][:3] == ["Geen armoede", "Geen honger", "Goede gezondheid en welzijn"]
    assert sdg(v, 16).name == "Vrede, justitie en sterke publieke diensten"
    assert [s.pillar for s in v.sdgs].count("planet") == 5
    assert len(v.sdgs) == 17 and len(v.lmb) == 3 and len(v.pillars) == 5


def test_scoring_is_deterministic(instrument: Instrument) -> None:
    assert (
        verdict(instrument, TRADE_OFF).to_dict()
        == verdict(instrument, dict(reversed(TRADE_OFF.items()))).to_dict()
    )
