"""Walk a condition together with the data path of each part (for lint findings)."""

from __future__ import annotations

from collections.abc import Iterator

from .conditions import All, AnyOf, Compare, Condition, Not

Path = tuple[str | int, ...]


def compares_in(cond: Condition, base: Path) -> Iterator[tuple[Compare, Path]]:
    """Each comparison with its data path (mirrors the structure of ``conditions.parse``)."""
    if isinstance(cond, Compare):
        yield cond, base
    elif isinstance(cond, Not):
        yield from compares_in(cond.item, (*base, "not"))
    else:
        key = "all" if isinstance(cond, All) else "any"
        assert isinstance(cond, All | AnyOf)
        for i, item in enumerate(cond.items):
            yield from compares_in(item, (*base, key, i))
