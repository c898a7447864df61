"""Consistency checks on a questionnaire and a rubric (beyond what the JSON Schemas can say).

Each finding has a stable code (documented in docs/errors.md), a severity and a data path into
the file it is about; the shell turns the path into a line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .conditions import Compare, Condition, subjects
from .goals import is_valid_target
from .questionnaire import Question, Questionnaire
from .rubric import Rubric

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # error | warning
    file: str  # questionnaire | rubric
    path: Path
    params: dict[str, Any] = field(default_factory=dict)


def _duplicates(items: list[tuple[str, Path]], code: str, file: str, what: str) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    for ident, path in items:
        if ident in seen:
            yield Finding(code, "error", file, path, {"id": ident, "what": what})
        else:
            seen[ident] = path


def _check_compare(
    cmp: Compare, questionnaire: Questionnaire, file: str, path: Path, before: set[str] | None
) -> Iterator[Finding]:
    q = questionnaire.get(cmp.subject)
    if q is None:
        yield Finding("L101", "error", file, path, {"question": cmp.subject})
        return
    if before is not None and cmp.subject not in before:
        yield Finding("L103", "error", file, path, {"question": cmp.subject})
    if q.type in ("single_choice", "multi_choice") and cmp.op not in ("answered", "unanswered"):
        values = cmp.value if isinstance(cmp.value, tuple) else (cmp.value,)
        allowed = {c.value for c in q.choices}
        for v in values:
            if v not in allowed:
                yield Finding("L102", "error", file, path, {"question": q.id, "value": v, "allowed": sorted(allowed)})
    if q.type == "boolean" and cmp.op in ("eq", "ne") and not isinstance(cmp.value, bool):
        yield Finding("L104", "error", file, path, {"question": q.id, "value": cmp.value})
    if q.type == "number" and cmp.op in ("gt", "gte", "lt", "lte") and (
        isinstance(cmp.value, bool) or not isinstance(cmp.value, int | float)
    ):
        yield Finding("L104", "error", file, path, {"question": q.id, "value": cmp.value})


def _conditions_in(cond: Condition, base: Path) -> Iterator[tuple[Compare, Path]]:
    """Each comparison with its data path (mirrors the structure of ``conditions.parse``)."""
    from .conditions import All, AnyOf, Not

    if isinstance(cond, Compare):
        yield cond, base
    elif isinstance(cond, Not):
        yield from _conditions_in(cond.item, (*base, "not"))
    else:
        key = "all" if isinstance(cond, All) else "any"
        assert isinstance(cond, All | AnyOf)
        for i, item in enumerate(cond.items):
            yield from _conditions_in(item, (*base, key, i))


def lint_questionnaire(questionnaire: Questionnaire) -> list[Finding]:
    out: list[Finding] = []
    file = "questionnaire"
    out += _duplicates([(s.id, s.path) for s in questionnaire.sections], "L001", file, "section")
    out += _duplicates([(q.id, q.path) for q in questionnaire.questions], "L001", file, "question")
    before: set[str] = set()
    section_first: dict[str, set[str]] = {}
    for q in questionnaire.questions:
        section_first.setdefault(q.section, set(before))
        if q.visible_if is not None:
            for cmp, path in _conditions_in(q.visible_if, (*q.path, "visible_if")):
                out += _check_compare(cmp, questionnaire, file, path, before)
        out += _question_checks(q, questionnaire)
        before.add(q.id)
    for s in questionnaire.sections:
        if s.visible_if is not None:
            for cmp, path in _conditions_in(s.visible_if, (*s.path, "visible_if")):
                out += _check_compare(cmp, questionnaire, file, path, section_first.get(s.id, set()))
    return out


def _question_checks(q: Question, questionnaire: Questionnaire) -> Iterator[Finding]:
    file = "questionnaire"
    values = [c.value for c in q.choices]
    for i, v in enumerate(values):
        if v in values[:i]:
            yield Finding("L001", "error", file, (*q.path, "choices", i), {"id": v, "what": "choice"})
    if q.minimum is not None and q.maximum is not None and q.minimum > q.maximum:
        yield Finding("L105", "error", file, q.path, {"question": q.id, "min": q.minimum, "max": q.maximum})
    for lang in questionnaire.languages:
        texts = [("label", q.label), ("help", q.help)] + [
            (f"choices[{i}].label", c.label) for i, c in enumerate(q.choices)
        ]
        for name, text in texts:
            if text is not None and lang not in text:
                yield Finding("L301", "warning", file, q.path, {"question": q.id, "field": name, "lang": lang})


def lint_rubric(rubric: Rubric, questionnaire: Questionnaire) -> list[Finding]:
    out: list[Finding] = []
    file = "rubric"
    if not rubric.fits(questionnaire.id, questionnaire.version):
        out.append(
            Finding(
                "L201",
                "error",
                file,
                ("questionnaire",),
                {"questionnaire": f"{questionnaire.id} {questionnaire.version}",
                 "fits": f"{rubric.questionnaire_id} {', '.join(rubric.questionnaire_versions)}"},
            )
        )
    out += _duplicates([(r.id, r.path) for r in rubric.rules], "L001", file, "rule")
    for rule in rubric.rules:
        for t in rule.targets:
            if not is_valid_target(t):
                out.append(Finding("L106", "error", file, (*rule.path, "target"), {"target": t}))
        for cond_name in ("when", "mitigated_if"):
            cond = getattr(rule, cond_name)
            if cond is not None:
                for cmp, path in _conditions_in(cond, (*rule.path, cond_name)):
                    out += _check_compare(cmp, questionnaire, file, path, None)
        if rule.mitigated_if is not None and rule.effect.sign != "negative":
            out.append(Finding("L107", "warning", file, (*rule.path, "mitigated_if"), {"rule": rule.id}))
        if rule.instrument and rule.instrument not in rubric.instruments:
            out.append(Finding("L108", "error", file, (*rule.path, "instrument"), {"instrument": rule.instrument}))
        if rule.effect.sign == "negative" and not rule.suggestion:
            out.append(Finding("L109", "warning", file, rule.path, {"rule": rule.id}))
    if rubric.lmb.international_justice is not None:
        for cmp, path in _conditions_in(rubric.lmb.international_justice, ("lmb", "international_justice")):
            out += _check_compare(cmp, questionnaire, file, path, None)
    for levels, base in ((rubric.levels, ("levels",)), (rubric.lmb.levels, ("lmb", "levels"))):
        if levels and levels[-1].when is not None:
            out.append(Finding("L110", "error", file, (*base, len(levels) - 1), {"level": levels[-1].id}))
        for i, level in enumerate(levels[:-1]):
            if level.when is None:
                out.append(Finding("L111", "error", file, (*base, i), {"level": level.id}))
    for qid in rubric.gap_suggestions:
        if questionnaire.get(qid) is None:
            out.append(Finding("L101", "error", file, ("gap_suggestions", qid), {"question": qid}))
    return out


def conditions_of(rubric: Rubric) -> Iterator[Condition]:
    for rule in rubric.rules:
        yield rule.when
        if rule.mitigated_if is not None:
            yield rule.mitigated_if


def questions_used(rubric: Rubric, questionnaire: Questionnaire) -> set[str]:
    used = {c.subject for cond in conditions_of(rubric) for c in subjects(cond)}
    if rubric.lmb.international_justice is not None:
        used |= {c.subject for c in subjects(rubric.lmb.international_justice)}
    for q in questionnaire.questions:
        for cond in (q.visible_if,):
            if cond is not None:
                used |= {c.subject for c in subjects(cond)}
    for s in questionnaire.sections:
        if s.visible_if is not None:
            used |= {c.subject for c in subjects(s.visible_if)}
    return used
