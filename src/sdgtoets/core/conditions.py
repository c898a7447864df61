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

from collections import Counter
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


def to_data(cond: Condition) -> Any:
    """The condition as plain data again, in the form ``parse`` reads."""
    if isinstance(cond, Compare):
        out: dict[str, Any] = {cond.kind: cond.subject, "op": cond.op}
        if cond.op not in UNARY_OPS:
            out["value"] = list(cond.value) if isinstance(cond.value, tuple) else cond.value
        return out
    if isinstance(cond, Not):
        return {"not": to_data(cond.item)}
    return {("all" if isinstance(cond, All) else "any"): [to_data(c) for c in cond.items]}


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


def question_ids(cond: Condition) -> tuple[str, ...]:
    """The distinct question ids a condition reads, in order (cached per condition)."""
    cached = _QUESTION_IDS.get(id(cond))
    if cached is None or cached[0] is not cond:
        cached = (cond, tuple(dict.fromkeys(c.subject for c in subjects(cond))))
        _QUESTION_IDS[id(cond)] = cached
    return cached[1]


_QUESTION_IDS: dict[int, tuple[Condition, tuple[str, ...]]] = {}


def evaluate(cond: Condition, lookup: Lookup) -> bool | None:
    """True, False, or None for unknown.

    Runs a closure compiled once per condition (scoring evaluates the same rules for every
    project of a batch); ``evaluate_tree`` is the plain reference it must always agree with.
    """
    return compiled(cond)(lookup)


Compiled = Callable[[Lookup], "bool | None"]


def compiled(cond: Condition) -> Compiled:
    """The evaluator closure for ``cond``, built once and cached."""
    entry = _COMPILED.get(id(cond))
    if entry is None or entry[0] is not cond:
        entry = (cond, _compile(cond))
        _COMPILED[id(cond)] = entry  # keeps cond alive, so its id cannot be reused
    return entry[1]


_COMPILED: dict[int, tuple[Condition, Compiled]] = {}


def _compile(cond: Condition) -> Compiled:
    if isinstance(cond, Compare):
        return _compile_compare(cond)
    if isinstance(cond, Not):
        inner = _compile(cond.item)

        def negate(lookup: Lookup) -> bool | None:
            r = inner(lookup)
            return None if r is None else not r

        return negate
    parts = tuple(_compile(item) for item in cond.items)
    if isinstance(cond, All):

        def all_of(lookup: Lookup) -> bool | None:
            unknown = False
            for part in parts:
                r = part(lookup)
                if r is False:
                    return False
                if r is None:
                    unknown = True
            return None if unknown else True

        return all_of

    def any_of(lookup: Lookup) -> bool | None:
        unknown = False
        for part in parts:
            r = part(lookup)
            if r is True:
                return True
            if r is None:
                unknown = True
        return None if unknown else False

    return any_of


def _compile_compare(cond: Compare) -> Compiled:
    subject, op, expected = cond.subject, cond.op, cond.value
    if op in ("eq", "ne") and isinstance(expected, str):
        folded = expected.casefold()
        want = op == "eq"

        def eq_text(lookup: Lookup) -> bool | None:
            answer = lookup(subject)
            if type(answer) is str:
                return (answer.casefold() == folded) is want
            return _compare(cond, answer)

        return eq_text
    if op in ("contains", "contains_any") and isinstance(expected, str | tuple):
        wanted = tuple(_norm(w) for w in (expected if isinstance(expected, tuple) else (expected,)))
        need_all = op == "contains"

        def contains(lookup: Lookup) -> bool | None:
            answer = lookup(subject)
            if type(answer) is list:
                have = {_norm(a) for a in answer}
                found = (w in have for w in wanted)
                return all(found) if need_all else any(found)
            return _compare(cond, answer)

        return contains

    def generic(lookup: Lookup) -> bool | None:
        return _compare(cond, lookup(subject))

    return generic


def evaluate_tree(cond: Condition, lookup: Lookup) -> bool | None:
    """The reference semantics, walking the tree on every call."""
    if isinstance(cond, Compare):
        return _compare(cond, lookup(cond.subject))
    if isinstance(cond, Not):
        inner = evaluate_tree(cond.item, lookup)
        return None if inner is None else not inner
    results = [evaluate_tree(item, lookup) for item in cond.items]
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
        # the same values in any order; counted, not sorted: the values need not be orderable
        try:
            return Counter(map(_norm, answer)) == Counter(map(_norm, exp))
        except TypeError:  # an unhashable value (a nested list) equals no answer
            return False
    if isinstance(answer, bool) or isinstance(expected, bool):
        return answer is expected
    if isinstance(answer, int | float) and isinstance(expected, int | float):
        return float(answer) == float(expected)
    return bool(_norm(answer) == _norm(expected))
