"""Comparing variants and rubric versions in the core, on the workshop fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdgtoets.core.compare import Snapshot, compare, snapshot, snapshot_from_dict
from sdgtoets.core.conditions import question_ids
from sdgtoets.instrument import Instrument, load_instrument, verdict_for
from sdgtoets.loading.answers_file import read_answers

DATA = Path(__file__).parent / "workshop_data"


@pytest.fixture(scope="module")
def v1() -> Instrument:
    return load_instrument(DATA / "questionnaire.yaml", DATA / "rubric.yaml")


@pytest.fixture(scope="module")
def v2() -> Instrument:
    return load_instrument(DATA / "questionnaire.yaml", DATA / "rubric_v2.yaml")


def snap(instrument: Instrument, name: str) -> Snapshot:
    given = read_answers(DATA / name, instrument.questionnaire)
    return snapshot(name, verdict_for(instrument, given.answers, given.project, "quick"))


def reads(instrument: Instrument) -> dict[str, tuple[str, ...]]:
    out = {}
    for rule in instrument.rubric.rules:
        qs = question_ids(rule.when) + (question_ids(rule.mitigated_if) if rule.mitigated_if else ())
        out[rule.id] = tuple(dict.fromkeys(qs))
    return out


def test_variants_what_changed_and_why(v1: Instrument) -> None:
    result = compare(
        [snap(v1, "sporthal.answers.yaml"), snap(v1, "variant_b.answers.yaml")], rule_questions=reads(v1)
    )
    (step,) = result.steps
    assert (result.snapshots[0].level, result.snapshots[1].level, step.level_cause) == (
        "adjust",
        "attention",
        "answers",
    )
    assert [(a.question, a.before, a.after) for a in step.answers] == [
        ("energy", "Het stijgt", "Het daalt"),
        ("compensated", "nee", "ja"),
    ]
    assert {(c.rule, c.target, c.change) for c in step.changes_by("energy")} == {
        ("energy_increases", "sdg:13", "removed"),
        ("energy_reduces", "sdg:7", "added"),
        ("energy_reduces", "sdg:13", "added"),
    }
    (paving,) = step.changes_by("compensated")
    assert (paving.rule, paving.change, paving.before_mitigated, paving.after_mitigated) == (
        "paving_loss",
        "changed",
        False,
        True,
    )
    assert not step.rubric_changed and not step.from_rubric and not step.unexplained
    assert result.sdg_rows() == (4, 7, 11, 13, 15)


def test_without_the_rubric_a_mitigation_change_is_said_to_be_unexplained(v1: Instrument) -> None:
    result = compare([snap(v1, "sporthal.answers.yaml"), snap(v1, "variant_b.answers.yaml")])
    assert [c.rule for c in result.steps[0].unexplained] == ["paving_loss"]


def test_same_answers_other_rubric_the_difference_is_the_rubrics(v1: Instrument, v2: Instrument) -> None:
    old, new = snap(v1, "variant_b.answers.yaml"), snap(v2, "variant_b.answers.yaml")
    result = compare([old, new], rule_questions=reads(v2), current_rubric=new.rubric)
    (step,) = result.steps
    assert step.rubric_changed and not step.answers
    assert (old.level, new.level, step.level_cause) == ("attention", "adjust", "rubric")
    assert [(c.rule, c.before, c.after, c.cause) for c in step.contributions] == [
        ("parking_added", 4, 6, "rubric")
    ]


def test_across_rubrics_rescoring_separates_project_from_rubric(v1: Instrument, v2: Instrument) -> None:
    # B was checked with the old rubric, the original plan later with the new one: the plan is
    # worse in both, but under one rubric both are "adjust": the level moved because of the rubric.
    b_old = snap(v1, "variant_b.answers.yaml")
    a_new = snap(v2, "sporthal.answers.yaml")
    b_again = snap(v2, "variant_b.answers.yaml")
    result = compare([b_old, a_new], rescored=[b_again, None], current_rubric=a_new.rubric)
    (step,) = result.steps
    assert step.same_rubric == ("adjust", "adjust")
    assert step.level_cause == "rubric"
    without = compare([b_old, a_new], current_rubric=a_new.rubric)
    assert without.steps[0].level_cause == "unknown"


def test_a_published_verdict_gives_the_same_snapshot(v1: Instrument) -> None:
    given = read_answers(DATA / "variant_b.answers.yaml", v1.questionnaire)
    verdict = verdict_for(v1, given.answers, given.project, "quick")
    from_json = snapshot_from_dict("b.json", json.loads(json.dumps(verdict.to_dict())))
    direct = snapshot("b.json", verdict)
    assert from_json.level == direct.level and from_json.sdgs == direct.sdgs and from_json.lmb == direct.lmb
    assert sorted(from_json.contributions, key=str) == sorted(direct.contributions, key=str)
    assert from_json.answers == direct.answers and from_json.rubric == direct.rubric


def test_three_items_are_compared_in_order(v1: Instrument) -> None:
    a, b = snap(v1, "sporthal.answers.yaml"), snap(v1, "variant_b.answers.yaml")
    result = compare([a, b, a])
    assert [(s.before, s.after, s.level_cause) for s in result.steps] == [
        (0, 1, "answers"),
        (1, 2, "answers"),
    ]
    data = result.to_dict()
    assert [i["level"]["id"] for i in data["items"]] == ["adjust", "attention", "adjust"]
    assert data["steps"][1]["level"] == {
        "from": "attention",
        "to": "adjust",
        "cause": "answers",
        "same_rubric": None,
    }
