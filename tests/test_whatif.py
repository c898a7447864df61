"""What would lift the verdict: pinned on a small fixture, properties on the bundled examples."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from sdgtoets.core.conditions import UNKNOWN
from sdgtoets.core.whatif import WhatIf, apply_edits, candidates, what_if
from sdgtoets.instrument import Instrument, load_instrument, verdict_for, words
from sdgtoets.loading.answers_file import read_answers

DATA = Path(__file__).parent / "workshop_data"
EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.answers.yaml"))


@pytest.fixture(scope="module")
def fixture() -> Instrument:
    return load_instrument(DATA / "questionnaire.yaml", DATA / "rubric.yaml")


@pytest.fixture(scope="module")
def bundled() -> Instrument:
    return load_instrument()


def run(instrument: Instrument, answers: dict[str, Any], depth: str, **options: Any) -> WhatIf:
    def level_of(candidate: Any) -> tuple[str, Any]:
        v = verdict_for(instrument, candidate, {"name": "x"}, depth, explain=False)
        return v.level, v.metrics

    return what_if(
        instrument.questionnaire, instrument.rubric, answers, depth, level_of, words=words("nl"), **options
    )


def level(instrument: Instrument, answers: dict[str, Any], depth: str) -> str:
    return verdict_for(instrument, answers, {"name": "x"}, depth, explain=False).level


def sets(what: WhatIf, level_id: str) -> list[set[tuple[str, Any]]]:
    target = next(t for t in what.targets if t.level == level_id)
    return [{(c.question, _plain(c.value)) for c in p.changes} for p in target.proposals]


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def sporthal(instrument: Instrument) -> dict[str, Any]:
    return read_answers(DATA / "sporthal.answers.yaml", instrument.questionnaire).answers


def test_fixture_smallest_sets_per_level(fixture: Instrument) -> None:
    what = run(fixture, sporthal(fixture), "quick")
    assert (what.level, what.rank) == ("adjust", 1)
    assert [(t.level, t.size, t.smallest) for t in what.targets] == [
        ("weak", 2, True),
        ("attention", 2, True),
        ("proof", 3, True),
    ]
    # Limited contribution: deal with the energy and the paving, in any of the ways that work.
    assert {("energy", "reduces"), ("paving", False)} in sets(what, "weak")
    # SDG-proof with points of attention also needs the energy use to fall (two more SDGs).
    assert sets(what, "attention") == [
        {("energy", "reduces"), ("paving", False)},
        {("energy", "reduces"), ("compensated", True)},
    ]
    # SDG-proof: the parking too, removed or shared.
    proof = sets(what, "proof")
    assert {("energy", "reduces"), ("paving", False), ("parking", False)} in proof
    assert all(len(s) == 3 and ("energy", "reduces") in s for s in proof)
    assert what.complete


def test_fixture_facts_are_never_changed(fixture: Instrument) -> None:
    what = run(fixture, sporthal(fixture), "quick")
    changed = {c.question for t in what.targets for p in t.proposals for c in p.changes}
    assert not changed & {"kind", "groups"}
    assert set(what.fixed) == {"kind", "groups"}
    slots = candidates(fixture.questionnaire, fixture.rubric, sporthal(fixture), "quick")
    assert {s.key[0] for s in slots}.isdisjoint({"kind", "groups", "remark"})


def test_fixture_proposal_names_answers_and_suggestions(fixture: Instrument) -> None:
    what = run(fixture, sporthal(fixture), "quick")
    best = next(t for t in what.targets if t.level == "proof").proposals[0]
    assert best.level_label == "SDG-proof"
    shown = {c.question: (c.old_display, c.display) for c in best.changes}
    assert shown["energy"] == ("Het stijgt", "Het daalt")
    assert shown["parking"] == ("ja", "nee")
    assert ("paving_loss", "Compenseer de verharding elders.") in best.suggestions


def test_fixture_unknown_answer_can_become_a_decision(fixture: Instrument) -> None:
    answers = sporthal(fixture) | {"renewable": UNKNOWN}
    what = run(fixture, answers, "quick", max_proposals=10)
    ways = sets(what, "weak")
    assert {("renewable", True), ("paving", False)} in ways


def test_fixture_already_best_has_nothing_to_propose(fixture: Instrument) -> None:
    answers = sporthal(fixture) | {"energy": "reduces", "paving": False, "parking": False}
    assert level(fixture, answers, "quick") == "proof"
    what = run(fixture, answers, "quick")
    assert what.targets == () and what.candidates == 0 and what.scorings == 1


def test_fixture_budget_makes_the_search_stop_and_say_so(fixture: Instrument) -> None:
    what = run(fixture, sporthal(fixture), "quick", budget=5)
    assert not what.complete
    assert what.scorings <= 5 + 2 * 20 + 2


def test_fixture_json_shape(fixture: Instrument) -> None:
    data = run(fixture, sporthal(fixture), "quick").to_dict()
    assert data["level"] == {"id": "adjust", "label": "Bijsturing nodig", "rank": 1}
    first = data["targets"][0]
    assert first["changes_needed"] == 2 and first["smallest"] is True
    change = first["proposals"][0]["changes"][0]
    assert set(change) >= {"question", "label", "from", "to", "from_display", "to_display"}
    assert data["search"]["complete"] is True and data["search"]["fixed_questions"] == ["kind", "groups"]


# --------------------------------------------------------------------------- bundled examples


def _applied(answers: dict[str, Any], changes: Any) -> dict[str, Any]:
    out = dict(answers)
    for c in changes:
        out[c.question] = c.value
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_proposal_reaches_its_level_and_no_smaller_set_does(bundled: Instrument, path: Path) -> None:
    given = read_answers(path, bundled.questionnaire)
    depth = given.depth or "quick"
    what = run(bundled, given.answers, depth)
    assert what == run(bundled, given.answers, depth)  # deterministic
    ranks = {lv.id: lv.rank for lv in bundled.rubric.levels}
    slots = candidates(bundled.questionnaire, bundled.rubric, given.answers, depth)
    for target in what.targets:
        for proposal in target.proposals:
            applied = _applied(given.answers, proposal.changes)
            reached = level(bundled, applied, depth)
            assert reached == proposal.level
            assert (ranks[reached] or 0) >= target.rank
            for c in proposal.changes:
                q = bundled.questionnaire.get(c.question)
                assert q is not None and q.changeable and c.value is not UNKNOWN
            # Nothing in it is superfluous.
            for i in range(len(proposal.changes)):
                fewer = proposal.changes[:i] + proposal.changes[i + 1 :]
                if fewer:
                    assert (ranks[level(bundled, _applied(given.answers, fewer), depth)] or 0) < target.rank
        # No smaller set of candidates reaches the level (checked exhaustively where affordable).
        if target.smallest and target.size is not None and target.size <= 3:
            for k in range(1, target.size):
                for combo in combinations(slots, k):
                    for edits in _choices(combo):
                        candidate = apply_edits(given.answers, edits, bundled.questionnaire)
                        assert (ranks[level(bundled, candidate, depth)] or 0) < target.rank, edits


def _choices(slots: Any) -> Any:
    if not slots:
        yield ()
        return
    for edit in slots[0].edits:
        for rest in _choices(slots[1:]):
            yield (edit, *rest)
