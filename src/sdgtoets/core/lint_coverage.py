"""What can happen at all: questions that are never shown, SDGs and LMB fields no rule can reach,
questions and choices nothing uses.

A static, three-valued look at conditions: for each condition, which outcomes (true, false,
unknown) are possible for *some* answers. Parts are treated as independent, so a "never" found
here holds for every set of answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from .conditions import ABSENT, All, AnyOf, Compare, Condition, Not, evaluate, subjects
from .goals import LMB_FIELDS, SDG_NUMBERS, target_key
from .questionnaire import Questionnaire
from .rubric import Rubric

Outcomes = frozenset[bool | None]
ANY_OUTCOME: Final[Outcomes] = frozenset({True, False, None})


def possible(cond: Condition, questionnaire: Questionnaire, never: set[str]) -> Outcomes:
    """The outcomes ``cond`` can have, given the questions that are never answered."""
    if isinstance(cond, Compare):
        if cond.kind != "question":
            return ANY_OUTCOME
        q = questionnaire.get(cond.subject)
        if q is None or q.id in never or not q.answerable:
            return frozenset({evaluate(cond, lambda _: ABSENT)})
        return ANY_OUTCOME
    if isinstance(cond, Not):
        return frozenset(None if o is None else not o for o in possible(cond.item, questionnaire, never))
    parts = [possible(item, questionnaire, never) for item in cond.items]
    out: set[bool | None] = set()
    if isinstance(cond, All):
        if all(True in p for p in parts):
            out.add(True)
        if any(False in p for p in parts):
            out.add(False)
        if any(None in p for p in parts) and all(p & {True, None} for p in parts):
            out.add(None)
    else:
        assert isinstance(cond, AnyOf)
        if any(True in p for p in parts):
            out.add(True)
        if all(False in p for p in parts):
            out.add(False)
        if any(None in p for p in parts) and all(p & {False, None} for p in parts):
            out.add(None)
    return frozenset(out)


def never_visible(questionnaire: Questionnaire) -> set[str]:
    """Questions that no set of answers shows (even in the full check)."""
    never: set[str] = set()
    sections = {s.id: s for s in questionnaire.sections}
    for q in questionnaire.questions:
        section = sections.get(q.section)
        conds = [c for c in (section.visible_if if section else None, q.visible_if) if c is not None]
        if any(possible(c, questionnaire, never) <= {False} for c in conds):
            never.add(q.id)
    return never


def unanswerable(questionnaire: Questionnaire) -> set[str]:
    """Questions that never carry an answer: never shown, or notes."""
    return never_visible(questionnaire) | {q.id for q in questionnaire.questions if not q.answerable}


def unreachable_targets(rubric: Rubric, questionnaire: Questionnaire) -> list[str]:
    """SDGs (``sdg:N``) and LMB fields no rule can ever contribute to, in frame order."""
    never = unanswerable(questionnaire)
    reached: set[tuple[str, str]] = set()
    for rule in rubric.rules:
        if True in possible(rule.when, questionnaire, never):
            reached |= {target_key(t) for t in rule.targets}
    justice = rubric.lmb.international_justice
    lmb_possible = justice is None or True in possible(justice, questionnaire, never)
    out = [f"sdg:{n}" for n in SDG_NUMBERS if ("sdg", str(n)) not in reached]
    out += [f for f in LMB_FIELDS if not lmb_possible or ("lmb", f) not in reached]
    return out


def all_conditions(rubric: Rubric | None, questionnaire: Questionnaire) -> Iterable[Condition]:
    if rubric is not None:
        for rule in rubric.rules:
            yield rule.when
            if rule.mitigated_if is not None:
                yield rule.mitigated_if
        if rubric.lmb.international_justice is not None:
            yield rubric.lmb.international_justice
    for s in questionnaire.sections:
        if s.visible_if is not None:
            yield s.visible_if
    for q in questionnaire.questions:
        if q.visible_if is not None:
            yield q.visible_if


def used_values(rubric: Rubric | None, questionnaire: Questionnaire) -> dict[str, set[str]]:
    """Per question used in any condition: the answer values those conditions name."""
    out: dict[str, set[str]] = {}
    for cond in all_conditions(rubric, questionnaire):
        for cmp in subjects(cond):
            values = out.setdefault(cmp.subject, set())
            given = cmp.value if isinstance(cmp.value, tuple) else (cmp.value,)
            values |= {str(v) for v in given if isinstance(v, str)}
    return out
