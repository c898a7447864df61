"""The quick answers-file check never accepts what the published JSON Schema rejects."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgtoets.loading.answers_file import plainly_valid
from sdgtoets.loading.schemas import project_limits, schema

VALIDATOR = jsonschema.Draft202012Validator(schema("answers"))


LIMITS = project_limits()
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["", "x" * 301, "unknown"]),
)
answer_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=4),
)
# Well-formed files, as people write them: the fast check must accept these, and the schema too.
valid_projects = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=LIMITS["name"])},
    optional={
        "id": st.one_of(st.integers(0, 10**6), st.text(max_size=LIMITS["id"])),
        "municipality": st.text(max_size=30),
        "owner": st.text(max_size=30),
        "budget": st.one_of(st.integers(0, 10**9), st.floats(0, 1e9)),
        "year": st.integers(1990, 2100),
        "description": st.text(max_size=60),
    },
)
valid_documents = st.fixed_dictionaries(
    {
        "project": valid_projects,
        "answers": st.dictionaries(st.from_regex(r"[a-z_]{1,20}", fullmatch=True), answer_values, max_size=6),
    },
    optional={"depth": st.sampled_from(["quick", "full"]), "kind": st.just("answers")},
)
# Near misses: one part of a well-formed file replaced by something else.
PARTS = ("project", "answers", "depth", "kind", "questionnaire", "extra")
PROJECT_PARTS = ("name", "id", "municipality", "budget", "year", "owner", "description", "other")


@st.composite
def near_misses(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(valid_documents)
    where = draw(st.sampled_from(("top", "project", "answer")))
    if where == "top":
        doc[draw(st.sampled_from(PARTS))] = draw(scalars)
    elif where == "project":
        doc["project"][draw(st.sampled_from(PROJECT_PARTS))] = draw(
            st.one_of(scalars, st.text(min_size=190, max_size=320))
        )
    else:
        doc["answers"][draw(st.text(max_size=70))] = draw(
            st.one_of(
                scalars,
                st.lists(st.one_of(st.text(max_size=5), st.integers()), max_size=3),
                st.dictionaries(st.text(max_size=3), scalars, max_size=2),
            )
        )
    return doc


@settings(max_examples=150)
@given(valid_documents)
def test_quick_check_accepts_well_formed_files(doc: dict[str, Any]) -> None:
    assert VALIDATOR.is_valid(doc), doc
    assert plainly_valid(doc), doc


@settings(max_examples=300)
@given(near_misses())
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
