"""The compiled plan (core.plan) computes exactly what the reference scorer (core.scoring.score) does.

Hypothesis generates answer sets for the bundled content and every test questionnaire: "weet
niet", questions left open, "niet bekeken" choices, answers to questions that end up hidden,
municipality questions, numbers at and between the bounds. For each, every field of the verdict
must be equal (both languages, quick and full, explaining or not), and the figures a portfolio
summary reads must be those of the reference verdict. One plan is reused for all examples, so
its memos are exercised warm, as in a batch.
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdgtoets.core import plan as plan_module
from sdgtoets.core.conditions import UNKNOWN, parse
from sdgtoets.core.plan import Figures, Plan
from sdgtoets.core.questionnaire import Question, Questionnaire
from sdgtoets.core.scoring import score
from sdgtoets.instrument import Instrument, load_instrument, words

TESTS = Path(__file__).parent
INSTRUMENTS: dict[str, tuple[Path | None, Path | None, tuple[Path, ...]]] = {
    "bundled": (None, None, ()),
    "core": (TESTS / "core_data/questionnaire.yaml", TESTS / "core_data/rubric.yaml", ()),
    "aspects": (TESTS / "aspects_data/questionnaire.yaml", TESTS / "aspects_data/rubric.yaml", ()),
    "batch": (TESTS / "batch_data/questionnaire.yaml", TESTS / "batch_data/rubric.yaml", ()),
    "overlay": (
        TESTS / "maintenance_data/questionnaire.yaml",
        TESTS / "maintenance_data/rubric.yaml",
        (TESTS / "maintenance_data/overlay.yaml",),
    ),
}
_LOADED: dict[str, tuple[Instrument, Plan]] = {}


def loaded(name: str) -> tuple[Instrument, Plan]:
    if name not in _LOADED:
        q, r, overlays = INSTRUMENTS[name]
        instrument = load_instrument(q, r, overlays)
        _LOADED[name] = (instrument, Plan(instrument.questionnaire, instrument.rubric, instrument.goals))
    return _LOADED[name]


def value_for(question: Question) -> st.SearchStrategy[Any]:
    """A checked value (what core.answers.check_answers gives) or "weet niet"."""
    unknown = st.just(UNKNOWN)
    if question.type == "boolean":
        return st.one_of(unknown, st.booleans())
    if question.type == "single_choice":
        return st.one_of(unknown, st.sampled_from([c.value for c in question.choices]))
    if question.type == "multi_choice":
        values = [c.value for c in question.choices]
        return st.one_of(unknown, st.lists(st.sampled_from(values), unique=True, max_size=len(values)))
    if question.type == "number":
        low = question.minimum if question.minimum is not None else -1000
        high = question.maximum if question.maximum is not None else low + 10_000
        return st.one_of(
            unknown,
            st.sampled_from(sorted({low, high})),
            st.integers(int(low) + 1, max(int(low) + 1, int(high) - 1)),
            st.floats(low, high, allow_nan=False, allow_infinity=False),
        )
    return st.one_of(unknown, st.text(min_size=1, max_size=20))


@st.composite
def answer_sets(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, Any]:
    """Any subset of the answerable questions (hidden ones included), each with a value or unknown."""
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        if question.answerable and draw(st.booleans()):
            answers[question.id] = draw(value_for(question))
    return answers


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, Any], str, str, bool]:
    name = draw(st.sampled_from(sorted(INSTRUMENTS)))
    instrument, _ = loaded(name)
    return (
        name,
        draw(answer_sets(instrument.questionnaire)),
        draw(st.sampled_from(["quick", "full"])),
        draw(st.sampled_from(["nl", "en"])),
        draw(st.booleans()),
    )


def assert_same(name: str, answers: dict[str, Any], depth: str, lang: str, explain: bool) -> None:
    instrument, plan = loaded(name)
    project = {"name": "Project <x>", "budget": 1000}
    kwargs: dict[str, Any] = dict(
        project=project, depth=depth, lang=lang, words=words(lang), tool_version="9.9", explain=explain
    )
    reference = score(instrument.questionnaire, instrument.rubric, instrument.goals, answers, **kwargs)
    compiled = plan.verdict(answers, **kwargs)
    assert compiled == reference
    assert compiled.to_dict() == reference.to_dict()
    figures = plan.figures(answers, depth)
    assert figures == Figures.of(reference)
    # A batch sends figures from its worker processes: they must come back whole (Figures.__reduce__).
    again = pickle.loads(pickle.dumps(figures))
    assert again == figures and dataclasses.astuple(again) == dataclasses.astuple(figures)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_plan_equals_the_reference_scorer(case: tuple[str, dict[str, Any], str, str, bool]) -> None:
    assert_same(*case)


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_plan_equals_the_reference_on_the_extremes(name: str) -> None:
    """Nothing answered, everything unknown, and every "niet bekeken" choice taken."""
    instrument, _ = loaded(name)
    questions = [q for q in instrument.questionnaire.questions if q.answerable]
    gap_choices = {
        q.id: (next(c.value for c in q.choices if c.gap) if q.type == "single_choice" else
               [c.value for c in q.choices if c.gap])
        for q in questions
        if any(c.gap for c in q.choices)
    }  # fmt: skip
    for answers in ({}, {q.id: UNKNOWN for q in questions}, gap_choices):
        for depth in ("quick", "full"):
            for lang in ("nl", "en"):
                assert_same(name, answers, depth, lang, True)
                assert_same(name, answers, depth, lang, False)


def test_the_fixtures_exercise_gap_choices_and_municipal_questions() -> None:
    """The equality above covers "niet bekeken" and municipality scope only if some content has them."""
    questions = [q for name in INSTRUMENTS for q in loaded(name)[0].questionnaire.questions]
    assert any(q.gap_values for q in questions)
    assert any(q.scope == "municipality" for q in questions)
    assert any(q.visible_if is not None for q in questions)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_full_memo_changes_nothing(data: st.DataObject) -> None:
    """Memos stop growing at their limit (flat memory); past that the plan evaluates, same result."""
    instrument, _ = loaded("bundled")
    plan = Plan(instrument.questionnaire, instrument.rubric, instrument.goals, memo_limit=2)
    for _ in range(3):
        answers = data.draw(answer_sets(instrument.questionnaire))
        reference = score(instrument.questionnaire, instrument.rubric, instrument.goals, answers, project={})
        assert plan.verdict(answers, project={}) == reference
        assert plan.figures(answers) == Figures.of(reference)
    assert all(len(r.memo) <= 2 for r in plan._rules)
    assert all(len(v[5]) <= 2 for v in plan._visible_if)
    assert all(len(step.pair_memo) <= 2 for step in plan._walk)
    assert len(plan._level_memo) <= 2
    assert plan_module.MEMO_LIMIT >= 1000  # the default keeps enough for a real batch


@st.composite
def raw_cells(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, Any]:
    """Cells as a spreadsheet gives them: choice values and labels, words, numbers, junk, blanks."""
    cells: dict[str, Any] = {}
    for question in questionnaire.questions:
        if not question.answerable or not draw(st.booleans()):
            continue
        words = [c.value for c in question.choices] + [str(c.label.get("nl", "")) for c in question.choices]
        cells[question.id] = draw(
            st.one_of(
                st.sampled_from([*words, "ja", "Nee", "weet niet", " ", "", "12", "3,5", "x; y"]),
                st.lists(st.sampled_from(words or ["a"]), max_size=3).map("; ".join),
                st.text(max_size=8),
                st.none(),
                st.integers(-5, 5),
            )
        )
    return cells


_CELL_MEMO: dict[Any, Any] = {}


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_checking_cells_with_a_memo_changes_nothing(data: st.DataObject) -> None:
    """Batch checks cells through a memo kept across rows: the same values and errors as without."""
    from sdgtoets.core.answers import check_answers

    questionnaire = loaded("bundled")[0].questionnaire
    cells = data.draw(raw_cells(questionnaire))
    assert check_answers(questionnaire, cells, _CELL_MEMO) == check_answers(questionnaire, cells)


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_the_same_choices_in_another_order_score_the_same(name: str, data: st.DataObject) -> None:
    """Memo entries of a multiple choice are shared by its set of choices (not their order), and a
    choice given twice is not: the plan still gives what the reference gives for each."""
    instrument, _ = loaded(name)
    plan = Plan(instrument.questionnaire, instrument.rubric, instrument.goals)
    answers = data.draw(answer_sets(instrument.questionnaire))
    multi = [q.id for q in instrument.questionnaire.questions if q.type == "multi_choice" and q.id in answers]
    variants = [answers]
    for qid in multi:
        value = answers[qid]
        if isinstance(value, list) and value:
            variants.append({**answers, qid: list(reversed(value))})
            variants.append({**answers, qid: [*value, value[0]]})
    for variant in variants:
        for depth in ("quick", "full"):
            reference = score(
                instrument.questionnaire,
                instrument.rubric,
                instrument.goals,
                variant,
                project={},
                depth=depth,
            )
            assert plan.figures(variant, depth) == Figures.of(reference)


def test_a_choice_given_twice_is_not_the_same_answer_to_an_equality() -> None:
    """eq on a multiple choice counts the choices: [poor, youth, poor] is not [poor, youth], so the
    memo that shares the tokens of one set of choices must not share them then."""
    instrument, _ = loaded("core")
    base = instrument.rubric.rules[-1]
    exactly = dataclasses.replace(
        base, id="groups_exactly", when=parse({"question": "groups", "op": "eq", "value": ["poor", "youth"]})
    )
    rubric = dataclasses.replace(instrument.rubric, rules=(*instrument.rubric.rules, exactly))
    plan = Plan(instrument.questionnaire, rubric, instrument.goals)
    seen = set()
    for groups in (["poor", "youth"], ["youth", "poor"], ["poor", "youth", "poor"], ["poor"]):
        answers = {"kind": "event", "groups": groups}
        reference = score(instrument.questionnaire, rubric, instrument.goals, answers, project={})
        assert plan.figures(answers) == Figures.of(reference)
        seen.add(any(c.rule == "groups_exactly" for c in reference.contributions))
    assert seen == {True, False}  # the rule fires for some and not for others
