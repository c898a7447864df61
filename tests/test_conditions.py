"""The condition evaluator: every operator, three-valued logic, and parse errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdgtoets.core.conditions import ABSENT, OPS, UNKNOWN, ConditionError, evaluate, parse


def run(cond: dict[str, Any], answers: dict[str, Any]) -> bool | None:
    return evaluate(parse(cond), lambda q: answers.get(q, ABSENT))


COMPARISONS = [
    ("eq", "bike", "bike", True),
    ("eq", "bike", "BIKE", True),
    ("eq", "bike", "car", False),
    ("eq", True, True, True),
    ("eq", True, False, False),
    ("eq", 3, 3.0, True),
    ("ne", "bike", "car", True),
    ("ne", "bike", "bike", False),
    ("in", ["a", "b"], "b", True),
    ("in", ["a", "b"], "c", False),
    ("in", ["a", "b"], ["c", "b"], True),
    ("not_in", ["a", "b"], "c", True),
    ("not_in", ["a", "b"], "a", False),
    ("gt", 10, 11, True),
    ("gt", 10, 10, False),
    ("gte", 10, 10, True),
    ("gte", 10, 9.5, False),
    ("lt", 10, 9, True),
    ("lt", 10, 10, False),
    ("lte", 10, 10, True),
    ("lte", 10, 10.5, False),
    ("gt", 10, "elf", False),
    ("gt", 0, True, False),
    ("contains", "poor", ["poor", "youth"], True),
    ("contains", "poor", ["youth"], False),
    ("contains", ["poor", "youth"], ["poor"], False),
    ("contains", ["poor", "youth"], ["youth", "poor"], True),
    ("contains", "fiets", "Met de Fiets naar school", True),
    ("contains_any", ["poor", "abroad"], ["abroad"], True),
    ("contains_any", ["poor", "abroad"], ["youth"], False),
    ("contains", "x", 5, False),
]


@pytest.mark.parametrize(("op", "value", "answer", "expected"), COMPARISONS)
def test_every_comparison_operator(op: str, value: Any, answer: Any, expected: bool) -> None:
    assert run({"question": "q", "op": op, "value": value}, {"q": answer}) is expected


def test_answered_and_unanswered() -> None:
    assert run({"question": "q", "op": "answered"}, {"q": "x"}) is True
    assert run({"question": "q", "op": "answered"}, {"q": UNKNOWN}) is False
    assert run({"question": "q", "op": "answered"}, {}) is False
    assert run({"question": "q", "op": "unanswered"}, {}) is True
    assert run({"question": "q", "op": "unanswered"}, {"q": UNKNOWN}) is True
    assert run({"question": "q", "op": "unanswered"}, {"q": False}) is False


def test_every_operator_is_covered() -> None:
    """The table above, with answered/unanswered (tested apart), covers every operator the
    evaluator knows: a new operator without a test fails here."""
    tested = {op for op, *_ in COMPARISONS} | {"answered", "unanswered"}
    assert tested == set(OPS), sorted(set(OPS) ^ tested)
    for op in OPS:  # and each one is a real operator: it parses
        parse(
            {"question": "q", "op": op, "value": 1}
            if op not in ("answered", "unanswered")
            else {"question": "q", "op": op}
        )


@pytest.mark.parametrize("op", [o for o in OPS if o not in ("answered", "unanswered")])
def test_unknown_answer_makes_a_comparison_unknown(op: str) -> None:
    assert run({"question": "q", "op": op, "value": 1}, {"q": UNKNOWN}) is None


@pytest.mark.parametrize("op", ["eq", "ne", "in", "not_in", "gt", "contains"])
def test_absent_answer_makes_a_comparison_false(op: str) -> None:
    assert run({"question": "q", "op": op, "value": 1}, {}) is False


def test_kleene_logic() -> None:
    unknown = {"question": "u", "op": "eq", "value": 1}
    true = {"question": "t", "op": "eq", "value": 1}
    false = {"question": "f", "op": "eq", "value": 1}
    answers = {"u": UNKNOWN, "t": 1, "f": 2}
    assert run({"all": [true, unknown]}, answers) is None
    assert run({"all": [false, unknown]}, answers) is False
    assert run({"all": [true, true]}, answers) is True
    assert run({"any": [true, unknown]}, answers) is True
    assert run({"any": [false, unknown]}, answers) is None
    assert run({"any": [false, false]}, answers) is False
    assert run({"not": unknown}, answers) is None
    assert run({"not": true}, answers) is False
    assert run({"not": {"not": false}}, answers) is False


def test_metric_conditions_use_the_same_evaluator() -> None:
    cond = parse({"metric": "knowledge_gap_share", "op": "gt", "value": 0.4})
    assert evaluate(cond, lambda m: {"knowledge_gap_share": 0.5}.get(m, ABSENT)) is True
    assert evaluate(cond, lambda m: {"knowledge_gap_share": 0.4}.get(m, ABSENT)) is False


@pytest.mark.parametrize(
    ("data", "fragment", "path"),
    [
        ("eq", "mapping", ()),
        ({"question": "q", "op": "equals", "value": 1}, "unknown operator", ("op",)),
        ({"question": "q", "op": "eq"}, "needs a 'value'", ()),
        ({"op": "eq", "value": 1}, "needs 'question'", ()),
        ({"all": []}, "non-empty list", ("all",)),
        ({"all": [{"question": "q", "op": "bad", "value": 1}]}, "unknown operator", ("all", 0, "op")),
        ({"question": "q", "op": "eq", "value": 1, "extra": 2}, "unexpected key", ()),
    ],
)
def test_malformed_conditions_are_rejected_with_a_path(
    data: Any, fragment: str, path: tuple[Any, ...]
) -> None:
    with pytest.raises(ConditionError) as info:
        parse(data)
    assert fragment in str(info.value)
    assert info.value.path == path


leaf = st.fixed_dictionaries(
    {
        "question": st.sampled_from(["a", "b", "c"]),
        "op": st.sampled_from([o for o in OPS if o not in ("answered", "unanswered")]),
        "value": st.one_of(st.integers(-3, 3), st.sampled_from(["x", "y"]), st.booleans()),
    }
)
conditions = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.fixed_dictionaries({"all": st.lists(inner, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"any": st.lists(inner, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"not": inner}),
    ),
    max_leaves=8,
)
answer_values = st.one_of(st.integers(-3, 3), st.sampled_from(["x", "y", UNKNOWN, ABSENT]), st.booleans())


@given(conditions, st.dictionaries(st.sampled_from(["a", "b", "c"]), answer_values))
def test_evaluation_is_total_and_monotone_in_knowledge(cond: dict[str, Any], answers: dict[str, Any]) -> None:
    """Replacing an unknown by any value never flips a definite result (Kleene monotonicity)."""
    parsed = parse(cond)
    result = evaluate(parsed, lambda q: answers.get(q, ABSENT))
    assert result in (True, False, None)
    if result is not None:
        for filler in (0, "x", True):
            known = {k: (filler if v is UNKNOWN else v) for k, v in answers.items()}
            assert evaluate(parsed, lambda q, known=known: known.get(q, ABSENT)) is result


list_answers = st.lists(st.sampled_from(["x", "y", "X", "z"]), max_size=3)
rich_leaf = st.fixed_dictionaries(
    {
        "question": st.sampled_from(["a", "b", "c"]),
        "op": st.sampled_from(OPS),
        "value": st.one_of(
            st.integers(-3, 3),
            st.sampled_from(["x", "Y", "z"]),
            st.booleans(),
            st.lists(st.sampled_from(["x", "y", 1, True]), min_size=1, max_size=3),
        ),
    }
).map(lambda d: {k: v for k, v in d.items() if not (k == "value" and d["op"] in ("answered", "unanswered"))})
rich_conditions = st.recursive(
    rich_leaf,
    lambda inner: st.one_of(
        st.fixed_dictionaries({"all": st.lists(inner, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"any": st.lists(inner, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"not": inner}),
    ),
    max_leaves=6,
)


@given(
    rich_conditions,
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.one_of(answer_values, list_answers, st.sampled_from(["x y", "Xylofoon"])),
    ),
)
def test_compiled_evaluation_agrees_with_the_reference(cond: dict[str, Any], answers: dict[str, Any]) -> None:
    from sdgtoets.core.conditions import evaluate_tree

    parsed = parse(cond)
    lookup = lambda q: answers.get(q, ABSENT)  # noqa: E731
    assert evaluate(parsed, lookup) is evaluate_tree(parsed, lookup)
