"""Rubric test cases: what a maintainer expects a verdict to say, and how it differs from what came out.

Pure: plain (schema-checked) data and a ``Verdict`` in, mismatches out. ``api/rubric_test.py``
reads the files and runs the scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .numbers import decimal_text
from .rubric import Rubric
from .verdict import Verdict

UNSET: Any = object()  # is_lmb not stated (None is a real expectation: "unknown")


@dataclass(frozen=True)
class Expectation:
    level: str  # "" when only ``level_in`` is given
    sdgs: dict[int, str] = field(default_factory=dict)
    lmb: dict[str, str] = field(default_factory=dict)
    is_lmb: Any = UNSET  # bool | None | UNSET
    suggestions: tuple[str, ...] = ()
    level_in: tuple[str, ...] = ()  # any of these levels is right (e.g. for a quick scan)


@dataclass(frozen=True)
class Mismatch:
    """One expectation that did not hold. ``what`` is ``level``, ``sdg:13``, ``lmb:<field>``,
    ``is_lmb`` or ``suggestion``."""

    what: str
    expected: str
    actual: str


@dataclass(frozen=True)
class BadExpectation:
    """An expectation that can never hold because it names something the rubric does not have."""

    path: tuple[str | int, ...]
    what: str
    value: str
    allowed: tuple[str, ...]


def expectation_from_data(data: Mapping[str, Any], key: str = "expect") -> Expectation:
    """The expectation under ``key``: ``expect`` (at the test's depth) or ``expect_quick``."""
    expect = data.get(key) or {}
    return Expectation(
        level=str(expect.get("level", "")),
        sdgs={int(k): str(v) for k, v in (expect.get("sdgs") or {}).items()},
        lmb={str(k): str(v) for k, v in (expect.get("lmb") or {}).items()},
        is_lmb=expect.get("is_lmb", UNSET),
        suggestions=tuple(str(s) for s in expect.get("suggestions") or ()),
        level_in=tuple(str(v) for v in expect.get("level_in") or ()),
    )


def check_expectation(expect: Expectation, rubric: Rubric, key: str = "expect") -> list[BadExpectation]:
    """Level ids that the rubric does not have (typos would otherwise just fail forever)."""
    out: list[BadExpectation] = []
    levels = tuple(lv.id for lv in rubric.levels)
    if (expect.level or not expect.level_in) and expect.level not in levels:
        out.append(BadExpectation((key, "level"), "level", expect.level, levels))
    for i, level in enumerate(expect.level_in):
        if level not in levels:
            out.append(BadExpectation((key, "level_in", i), "level", level, levels))
    lmb = rubric.lmb
    lmb_levels = tuple(dict.fromkeys(lv.id for lv in (*lmb.levels, lmb.not_lmb, lmb.undetermined)))
    for fld, level in expect.lmb.items():
        if level not in lmb_levels:
            out.append(BadExpectation((key, "lmb", fld), "lmb", level, lmb_levels))
    return out


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def compare(expect: Expectation, verdict: Verdict) -> list[Mismatch]:
    """Every expectation that the verdict does not meet, in a fixed order."""
    out: list[Mismatch] = []
    if expect.level and verdict.level != expect.level:
        out.append(Mismatch("level", expect.level, verdict.level))
    if expect.level_in and verdict.level not in expect.level_in:
        out.append(Mismatch("level", " | ".join(expect.level_in), verdict.level))
    statuses = {s.number: s for s in verdict.sdgs}
    for number in sorted(expect.sdgs):
        sdg = statuses.get(number)
        actual = sdg.status if sdg else "-"
        if actual != expect.sdgs[number]:
            detail = f"{actual} (+{_points(sdg.positive)}/-{_points(sdg.negative)})" if sdg else actual
            out.append(Mismatch(f"sdg:{number}", expect.sdgs[number], detail))
    fields = {f.field: f for f in verdict.lmb}
    for fld in sorted(expect.lmb):
        result = fields.get(fld)
        actual = result.level if result else "-"
        if actual != expect.lmb[fld]:
            out.append(Mismatch(f"lmb:{fld}", expect.lmb[fld], actual))
    if expect.is_lmb is not UNSET and verdict.is_lmb != expect.is_lmb:
        out.append(Mismatch("is_lmb", _show(expect.is_lmb), _show(verdict.is_lmb)))
    given = [s.id for s in verdict.suggestions]
    for sid in expect.suggestions:
        if sid not in given:
            out.append(Mismatch("suggestion", sid, ", ".join(given) or "-"))
    return out


def _points(x: float) -> str:
    return decimal_text(x, "en", places=None)
