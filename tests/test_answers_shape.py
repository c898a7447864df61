"""The quick answers-file check never accepts what the published JSON Schema rejects."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgtoets.loading.answers_file import plainly_valid
from sdgtoets.loading.schemas import schema

VALIDATOR = jsonschema.Draft202012Validator(schema("answers"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["", "x" * 301, "unknown"]),
)
values = st.one_of(
    scalars,
    st.lists(st.one_of(st.text(max_size=5), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=3), scalars, max_size=2),
)
projects = st.dictionaries(
    st.sampled_from(["name", "id", "municipality", "budget", "year", "owner", "other"]), scalars, max_size=4
)
documents = st.fixed_dictionaries(
    {
        "project": st.one_of(projects, scalars),
        "answers": st.one_of(st.dictionaries(st.text(max_size=6), values, max_size=4), scalars),
    },
    optional={
        "depth": st.sampled_from(["quick", "full", "deep", None]),
        "kind": st.sampled_from(["answers", "rubric"]),
        "questionnaire": st.one_of(
            st.dictionaries(st.sampled_from(["id", "version", "x"]), scalars, max_size=2), scalars
        ),
        "extra": scalars,
    },
)


@settings(max_examples=400)
@given(documents)
def test_quick_check_implies_schema_validity(doc: dict[str, Any]) -> None:
    if plainly_valid(doc):
        assert VALIDATOR.is_valid(doc), doc


def test_quick_check_accepts_an_ordinary_file() -> None:
    doc = {
        "project": {"name": "Sporthal", "budget": 1200000, "year": 2026},
        "depth": "full",
        "answers": {"a": "ja", "b": ["x", "y"], "c": 12.5, "d": None, "e": True},
    }
    assert plainly_valid(doc) and VALIDATOR.is_valid(doc)
