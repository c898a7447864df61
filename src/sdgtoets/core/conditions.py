"""Structured conditions and their evaluator (three-valued, no eval).

A condition is data::

    {question: q1, op: eq, value: yes}          # a comparison on an answer
    {metric: knowledge_gap_share, op: gte, value: 0.4}   # a comparison on a verdict metric
    {all: [...]}, {any: [...]}, {not: {...}}

Answers can be *unknown* ("weet niet", or a visible question left open). A comparison on an
unknown answer is itself unknown (``None``), and ``all``/``any``/``not`` follow Kleene logic, so
a rule that depends on an unknown answer is neither fired nor silently dropped: it becomes a
knowledge gap. A question that was never asked (hidden, or outside the chosen depth) is *absent*:
comparisons on it are false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, TypeAlias


class Missing(Enum):
    """Answer states that are not values."""

    UNKNOWN = "unknown"  # "weet niet", or visible but not answered
    ABSENT = "absent"  # not asked: hidden by a condition or outside the depth


UNKNOWN: Final = Missing.UNKNOWN
ABSENT: Final = Missing.ABSENT

Value: TypeAlias = str | bool | int | float | list[str]
Lookup = Callable[[str], "Value | Missing"]

OPS: Final = (
    "eq",
    "ne",
    "in",
    "not_in",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "contains_any",
    "answered",
    "unanswered",
)
UNARY_OPS: Final = frozenset({"answered", "unanswered"})


@dataclass(frozen=True)
class Compare:
    """``subject`` is a question id (kind ``question``) or a metric name (kind ``metric``)."""

    kind: str
    subject: str
    op: str
    value: Any = None


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition: TypeAlias = Compare | All | AnyOf | Not


class ConditionError(ValueError):
    """A condition that is not well formed; ``path`` points into the source data."""

    def __init__(self, message: str, path: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.path = path


def parse(data: Any, path: tuple[str | int, ...] = ()) -> Condition:
    """Build a condition from plain data (already schema-checked, but be strict anyway)."""
    if not isinstance(data, Mapping):
        raise ConditionError("a condition must be a mapping", path)
    keys = set(data)
    if keys == {"all"} or keys == {"any"}:
        key = "all" if "all" in data else "any"
        items = data[key]
        if not isinstance(items, Sequence) or isinstance(items, str) or not items:
            raise ConditionError(f"'{key}' needs a non-empty list of conditions", (*path, key))
        parsed = tuple(parse(item, (*path, key, i)) for i, item in enumerate(items))
        return All(parsed) if key == "all" else AnyOf(parsed)
    if keys == {"not"}:
        return Not(parse(data["not"], (*path, "not")))
    kind = "question" if "question" in data else "metric" if "metric" in data else ""
    if not kind:
        raise ConditionError("a condition needs 'question' (or 'metric'), or all/any/not", path)
    op = data.get("op")
    if op not in OPS:
        raise ConditionError(f"unknown operator {op!r}; use one of: {', '.join(OPS)}", (*path, "op"))
    extra = keys - {kind, "op", "value"}
    if extra:
        raise ConditionError(f"unexpected key(s): {', '.join(sorted(map(str, extra)))}", path)
    if op not in UNARY_OPS and "value" not in data:
        raise ConditionError(f"operator {op!r} needs a 'value'", path)
    value = data.get("value")
    if isinstance(value, list):
        value = tuple(value)
    return Compare(kind, str(data[kind]), str(op), value)


def subjects(cond: Condition, kind: str = "question") -> Iterator[Compare]:
    """Every comparison in ``cond`` on the given kind of subject, in order."""
    if isinstance(cond, Compare):
        if cond.kind == kind:
            yield cond
    elif isinstance(cond, Not):
        yield from subjects(cond.item, kind)
    else:
        for item in cond.items:
            yield from subjects(item, kind)


def evaluate(cond: Condition, lookup: Lookup) -> bool | None:
    """True, False, or None for unknown."""
    if isinstance(cond, Compare):
        return _compare(cond, lookup(cond.subject))
    if isinstance(cond, Not):
        inner = evaluate(cond.item, lookup)
        return None if inner is None else not inner
    results = [evaluate(item, lookup) for item in cond.items]
    if isinstance(cond, All):
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if any(r is True for r in results):
        return True
    return None if any(r is None for r in results) else False


def _norm(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _compare(cond: Compare, answer: Value | Missing) -> bool | None:
    op = cond.op
    if op == "answered":
        return not isinstance(answer, Missing)
    if op == "unanswered":
        return isinstance(answer, Missing)
    if answer is ABSENT:
        return False
    if answer is UNKNOWN:
        return None
    assert not isinstance(answer, Missing)
    expected = cond.value
    if op in ("eq", "ne"):
        equal = _equal(answer, expected)
        return equal if op == "eq" else not equal
    if op in ("in", "not_in"):
        options = expected if isinstance(expected, tuple) else (expected,)
        if isinstance(answer, list):
            hit = any(_equal(a, o) for a in answer for o in options)
        else:
            hit = any(_equal(answer, o) for o in options)
        return hit if op == "in" else not hit
    if op in ("contains", "contains_any"):
        wanted = expected if isinstance(expected, tuple) else (expected,)
        if isinstance(answer, list):
            have = [_norm(a) for a in answer]
            found = [_norm(w) in have for w in wanted]
        elif isinstance(answer, str):
            found = [str(w).casefold() in answer.casefold() for w in wanted]
        else:
            return False
        return all(found) if op == "contains" else any(found)
    # ordering: numbers only; anything else is simply false
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return False
    if isinstance(expected, bool) or not isinstance(expected, int | float):
        return False
    if op == "gt":
        return answer > expected
    if op == "gte":
        return answer >= expected
    if op == "lt":
        return answer < expected
    return answer <= expected  # lte


def _equal(answer: Any, expected: Any) -> bool:
    if isinstance(answer, list):
        exp = expected if isinstance(expected, tuple | list) else (expected,)
        return sorted(map(_norm, answer)) == sorted(map(_norm, exp))
    if isinstance(answer, bool) or isinstance(expected, bool):
        return answer is expected
    if isinstance(answer, int | float) and isinstance(expected, int | float):
        return float(answer) == float(expected)
    return bool(_norm(answer) == _norm(expected))
