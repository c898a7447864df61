"""The workshop merge in the core: three raters, a disagreement that changes the level and ones
that do not, and the merge rule per kind of question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sdgtoets.core.conditions import UNKNOWN
from sdgtoets.core.merge import Merge, Rater, merge
from sdgtoets.instrument import Instrument, load_instrument, verdict_for, words
from sdgtoets.loading.answers_file import read_answers

DATA = Path(__file__).parent / "workshop_data"
PEOPLE = ("an", "bert", "chris")


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument(DATA / "questionnaire.yaml", DATA / "rubric.yaml")


def raters(instrument: Instrument) -> list[Rater]:
    out = []
    for key in PEOPLE:
        given = read_answers(DATA / "workshop" / f"{key}.answers.yaml", instrument.questionnaire)
        out.append(Rater(key, str(given.project["department"]), given.answers))
    return out


def run(instrument: Instrument, people: list[Rater], policy: str = "cautious") -> Merge:
    def verdict_of(answers: Any) -> Any:
        return verdict_for(instrument, answers, {"name": "Sporthal"}, "quick", explain=False)

    return merge(
        instrument.questionnaire,
        instrument.rubric,
        people,
        "quick",
        verdict_of,
        policy=policy,
        words=words("nl"),
    )


def question(result: Merge, qid: str) -> Any:
    return next(q for q in result.questions if q.question == qid)


def test_who_said_what_and_which_disagreement_matters(instrument: Instrument) -> None:
    result = run(instrument, raters(instrument))
    energy = question(result, "energy")
    assert energy.status == "disputed" and energy.decisive
    assert [(p.value, p.raters) for p in energy.positions] == [
        ("increases", ("Sport", "Milieudienst")),
        ("reduces", ("Technische dienst",)),
    ]
    assert [p.level for p in energy.positions] == ["adjust", "attention"]
    # Disagreements that do not change the level.
    for qid in ("extras", "shared", "participation"):
        q = question(result, qid)
        assert q.status == "disputed" and not q.decisive, qid
    assert [q.question for q in result.decisive] == ["energy"]


def test_merge_rule_per_kind_of_question(instrument: Instrument) -> None:
    result = run(instrument, raters(instrument))
    assert question(result, "kind").rule == "agreement"
    renewable = question(result, "renewable")
    assert (renewable.status, renewable.rule, renewable.merged) == ("known_by_some", "known_by_some", False)
    assert renewable.unknown == ("Technische dienst",)
    # The most cautious answer, judged by the rubric: more energy, less nature, no shared parking.
    assert question(result, "energy").merged == "increases"
    assert question(result, "extras").merged == ["learning"]
    assert question(result, "shared").merged is False
    assert question(result, "energy").rule == "most_cautious"
    remark = question(result, "remark")
    assert remark.merged == "Let op de bomen langs de beek." and remark.open == ("Sport", "Technische dienst")
    assert result.level == "adjust"


def test_verdict_per_person_and_the_range(instrument: Instrument) -> None:
    result = run(instrument, raters(instrument))
    assert [(r.name, r.level) for r in result.raters] == [
        ("Sport", "adjust"),
        ("Technische dienst", "proof"),
        ("Milieudienst", "adjust"),
    ]
    span = result.range
    assert span is not None and (span[0].level, span[1].level) == ("adjust", "proof")


def test_gap_policy_turns_disagreements_into_knowledge_gaps(instrument: Instrument) -> None:
    result = run(instrument, raters(instrument), policy="gap")
    energy = question(result, "energy")
    assert energy.rule == "knowledge_gap" and result.answers["energy"] is UNKNOWN
    assert question(result, "kind").merged == "build"  # agreement still stays


def test_a_disagreement_only_on_a_hidden_question_never_matters(instrument: Instrument) -> None:
    people = raters(instrument)
    # Everyone agrees there is no extra paving; two disagree about its compensation anyway.
    people = [Rater(r.key, r.name, dict(r.answers) | {"paving": False}) for r in people]
    people[0] = Rater("an", "Sport", dict(people[0].answers) | {"compensated": False})
    result = run(instrument, people)
    compensated = question(result, "compensated")
    assert compensated.status == "disputed" and not compensated.applies and not compensated.decisive


def test_merge_is_deterministic(instrument: Instrument) -> None:
    assert run(instrument, raters(instrument)).to_dict() == run(instrument, raters(instrument)).to_dict()
