"""Counts in sentences (core.text.fill): the right noun, a text for none, the count where it reads."""

from __future__ import annotations

import pytest

from sdgtoets.core.text import fill


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 kennishiaten"), (1, "1 kennishiaat"), (3, "3 kennishiaten")],
)
def test_one_or_many(n: int, expected: str) -> None:
    assert fill("{gaps|kennishiaat|kennishiaten}", gaps=n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "geen kennishiaten"), (1, "1 kennishiaat"), (2, "2 kennishiaten")],
)
def test_a_text_for_none(n: int, expected: str) -> None:
    assert fill("{gaps|geen kennishiaten|kennishiaat|kennishiaten}", gaps=n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "9 effecten."), (1, "9 effecten, waarvan 1 sterk."), (2, "9 effecten, waarvan 2 sterk.")],
)
def test_the_count_where_the_hash_is(n: int, expected: str) -> None:
    assert fill("9 effecten{strong||, waarvan # sterk|, waarvan # sterk}.", strong=n) == expected


def test_a_project_name_is_never_read_as_a_placeholder() -> None:
    assert fill("{project}: {n|x|y}", project="{n|a|b} #", n=2) == "{n|a|b} #: 2 y"
