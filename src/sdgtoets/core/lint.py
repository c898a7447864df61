"""Consistency checks on a questionnaire and a rubric (beyond what the JSON Schemas can say).

Each finding has a stable code (catalogued with its severity in ``sdgtoets.codes``, explained in
docs/errors.md) and a data path into the file it is about (``questionnaire``, ``rubric`` or
``overlay:<id>``); the shell turns the path into a line and column. Levels and thresholds are checked in ``lint_levels``, what can be
reached at all in ``lint_coverage``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .conditions import Compare, Condition
from .goals import is_valid_target
from .lint_coverage import never_visible, unanswerable, unreachable_targets, used_values
from .lint_levels import lint_levels
from .lint_paths import compares_in
from .questionnaire import Question, Questionnaire
from .rubric import Rubric
from .text import Text

Path = tuple[str | int, ...]
# A label longer than this needs a short name (``short``) for where the verdict names it in passing.
SHORT_WORDS = 4


@dataclass(frozen=True)
class Finding:
    code: str  # its severity and docs: sdgtoets.codes (the shell applies them)
    file: str  # questionnaire | rubric | overlay:<id>
    path: Path
    params: dict[str, Any] = field(default_factory=dict)


def finding(code: str, file: str, path: Path, **params: Any) -> Finding:
    return Finding(code, file, path, params)


@dataclass(frozen=True)
class Origins:
    """Which overlay added a question or section (absent: the questionnaire itself)."""

    questions: Mapping[str, str] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)

    def question(self, qid: str) -> str:
        ov = self.questions.get(qid)
        return f"overlay:{ov}" if ov else "questionnaire"

    def section(self, sid: str) -> str:
        ov = self.sections.get(sid)
        return f"overlay:{ov}" if ov else "questionnaire"


def _duplicates(items: list[tuple[str, str, Path]], what: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for ident, file, path in items:
        if ident in seen:
            yield finding("L001", file, path, id=ident, what=what)
        seen.add(ident)


def _check_compare(
    cmp: Compare,
    questionnaire: Questionnaire,
    file: str,
    path: Path,
    before: set[str] | None,
    never: set[str],
) -> Iterator[Finding]:
    q = questionnaire.get(cmp.subject)
    if q is None:
        yield finding("L101", file, path, question=cmp.subject)
        return
    if before is not None and cmp.subject not in before:
        yield finding("L103", file, path, question=cmp.subject)
    elif q.id in never:
        yield finding("L112", file, path, question=q.id)
    if q.type in ("single_choice", "multi_choice") and cmp.op not in ("answered", "unanswered"):
        values = cmp.value if isinstance(cmp.value, tuple) else (cmp.value,)
        allowed = [c.value for c in q.choices]
        for v in values:
            if v not in allowed:
                yield finding("L102", file, path, question=q.id, value=v, allowed=allowed)
    if q.type == "boolean" and cmp.op in ("eq", "ne") and not isinstance(cmp.value, bool):
        yield finding("L104", file, path, question=q.id, value=cmp.value)
    if (
        q.type == "number"
        and cmp.op in ("gt", "gte", "lt", "lte", "eq", "ne")
        and (isinstance(cmp.value, bool) or not isinstance(cmp.value, int | float))
    ):
        yield finding("L104", file, path, question=q.id, value=cmp.value)


def _missing(text: Text | None, languages: tuple[str, ...]) -> list[str]:
    return [] if text is None else [lang for lang in languages if lang not in text]


def lint_questionnaire(questionnaire: Questionnaire, origins: Origins | None = None) -> list[Finding]:
    """Duplicates, conditions, ranges and translations within one (possibly extended) questionnaire."""
    origins = origins or Origins()
    out: list[Finding] = []
    out += _duplicates([(s.id, origins.section(s.id), s.path) for s in questionnaire.sections], "section")
    out += _duplicates([(q.id, origins.question(q.id), q.path) for q in questionnaire.questions], "question")
    never = unanswerable(questionnaire)
    before: set[str] = set()
    section_first: dict[str, set[str]] = {}
    for q in questionnaire.questions:
        section_first.setdefault(q.section, set(before))
        file = origins.question(q.id)
        if q.visible_if is not None:
            for cmp, path in compares_in(q.visible_if, (*q.path, "visible_if")):
                out += _check_compare(cmp, questionnaire, file, path, before, never)
        out += _question_checks(q, questionnaire, file)
        before.add(q.id)
    for s in questionnaire.sections:
        file = origins.section(s.id)
        if s.visible_if is not None:
            for cmp, path in compares_in(s.visible_if, (*s.path, "visible_if")):
                out += _check_compare(cmp, questionnaire, file, path, section_first.get(s.id, set()), never)
        for name in ("title", "intro"):
            for lang in _missing(getattr(s, name), questionnaire.languages):
                out.append(finding("L302", file, (*s.path, name), what=f"{s.id}.{name}", language=lang))
    for name in ("title", "description"):
        for lang in _missing(getattr(questionnaire, name), questionnaire.languages):
            if not origins.questions:  # an overlay's findings are about the overlay only
                out.append(finding("L302", "questionnaire", (name,), what=name, language=lang))
    for qid in sorted(never_visible(questionnaire)):
        hidden = questionnaire.get(qid)
        assert hidden is not None
        out.append(finding("L113", origins.question(qid), (*hidden.path, "visible_if"), question=qid))
    return out


def _question_checks(q: Question, questionnaire: Questionnaire, file: str) -> Iterator[Finding]:
    values = [c.value for c in q.choices]
    for i, v in enumerate(values):
        if v in values[:i]:
            yield finding("L001", file, (*q.path, "choices", i), id=v, what="choice")
    if q.minimum is not None and q.maximum is not None and q.minimum > q.maximum:
        yield finding("L105", file, q.path, question=q.id, min=q.minimum, max=q.maximum)
    if q.answerable and q.short is None and any(len(text.split()) > SHORT_WORDS for text in q.label.values()):
        yield finding("L115", file, (*q.path, "label"), question=q.id, words=SHORT_WORDS)
    texts: list[tuple[str, Text | None, Path]] = [
        ("label", q.label, (*q.path, "label")),
        ("short", q.short, (*q.path, "short")),
        ("help", q.help, (*q.path, "help")),
        ("unit", q.unit, (*q.path, "unit")),
    ]
    texts += [
        (f"choices[{i}].label", c.label, (*q.path, "choices", i, "label")) for i, c in enumerate(q.choices)
    ]
    for name, text, path in texts:
        for lang in _missing(text, questionnaire.languages):
            yield finding("L301", file, path, question=q.id, field=name, language=lang)


def rule_file(rubric: Rubric, source: str) -> str:
    return "rubric" if not source or source == rubric.id else f"overlay:{source}"


def lint_rubric(rubric: Rubric, questionnaire: Questionnaire) -> list[Finding]:
    """References, levels and translations of a rubric (with any overlays merged) against a questionnaire."""
    out: list[Finding] = []
    if not rubric.fits(questionnaire.id, questionnaire.version):
        out.append(
            finding(
                "L201",
                "rubric",
                ("questionnaire",),
                questionnaire=f"{questionnaire.id} {questionnaire.version}",
                fits=f"{rubric.questionnaire_id} {', '.join(rubric.questionnaire_versions)}",
            )
        )
    out += _duplicates([(r.id, rule_file(rubric, r.source), r.path) for r in rubric.rules], "rule")
    out += _duplicates([(lv.id, "rubric", lv.path) for lv in rubric.levels], "level")
    out += _duplicates(
        [(lv.id, "rubric", lv.path) for lv in (rubric.lmb.not_lmb, *rubric.lmb.levels)], "LMB level"
    )
    never = unanswerable(questionnaire)
    languages = questionnaire.languages
    for rule in rubric.rules:
        file = rule_file(rubric, rule.source)
        for t in rule.targets:
            if not is_valid_target(t):
                out.append(finding("L106", file, (*rule.path, "target"), target=t))
        for cond_name in ("when", "mitigated_if"):
            cond: Condition | None = getattr(rule, cond_name)
            if cond is not None:
                for cmp, path in compares_in(cond, (*rule.path, cond_name)):
                    out += _check_compare(cmp, questionnaire, file, path, None, never)
        if rule.mitigated_if is not None and rule.effect.sign != "negative":
            out.append(finding("L107", file, (*rule.path, "mitigated_if"), rule=rule.id))
        if rule.instrument and rule.instrument not in rubric.instruments:
            out.append(finding("L108", file, (*rule.path, "instrument"), instrument=rule.instrument))
        if rule.effect.sign == "negative" and not rule.suggestion:
            out.append(finding("L109", file, rule.path, rule=rule.id))
        if rule.effect.sign == "negative" and rule.mitigated_if is not None and not rule.mitigation_rationale:
            out.append(finding("L114", file, (*rule.path, "mitigated_if"), rule=rule.id))
        for name in ("rationale", "suggestion"):
            for lang in _missing(getattr(rule, name), languages):
                out.append(finding("L303", file, (*rule.path, name), rule=rule.id, field=name, language=lang))
    if rubric.lmb.international_justice is not None:
        for cmp, path in compares_in(rubric.lmb.international_justice, ("lmb", "international_justice")):
            out += _check_compare(cmp, questionnaire, "rubric", path, None, never)
    for levels, base in ((rubric.levels, ("levels",)), (rubric.lmb.levels, ("lmb", "levels"))):
        if levels and levels[-1].when is not None:
            out.append(finding("L110", "rubric", (*base, len(levels) - 1), level=levels[-1].id))
        for i, level in enumerate(levels[:-1]):
            if level.when is None:
                out.append(finding("L111", "rubric", (*base, i), level=level.id))
    out += [finding(f.code, "rubric", f.path, **f.params) for f in lint_levels(rubric)]
    for level in (*rubric.levels, rubric.lmb.not_lmb, *rubric.lmb.levels):
        for name in ("label", "summary"):
            for lang in _missing(getattr(level, name), languages):
                out.append(
                    finding("L304", "rubric", (*level.path, name), level=level.id, field=name, language=lang)
                )
    others: list[tuple[str, Text | None, Path]] = [
        ("title", rubric.title, ("title",)),
        ("suggestions.knowledge_gap", rubric.default_gap_suggestion, ("suggestions", "knowledge_gap")),
    ]
    for iid, inst in rubric.instruments.items():
        others += [
            (f"instruments.{iid}.name", inst.name, ("instruments", iid, "name")),
            (f"instruments.{iid}.description", inst.description, ("instruments", iid, "description")),
        ]
    others += [(f"gap_suggestions.{k}", v, ("gap_suggestions", k)) for k, v in rubric.gap_suggestions.items()]
    for name, text, path in others:
        for lang in _missing(text, languages):
            out.append(finding("L305", "rubric", path, field=name, language=lang))
    for qid in rubric.gap_suggestions:
        if questionnaire.get(qid) is None:
            out.append(finding("L101", "rubric", ("gap_suggestions", qid), question=qid))
    for target in unreachable_targets(rubric, questionnaire):
        out.append(finding("L202", "rubric", ("rules",), target=target))
    return out


def lint_coverage(
    rubric: Rubric, questionnaire: Questionnaire, origins: Origins | None = None
) -> list[Finding]:
    """Questions that feed nothing (L203) and choices no condition names (L204)."""
    origins = origins or Origins()
    used = used_values(rubric, questionnaire)
    out: list[Finding] = []
    for q in questionnaire.questions:
        if q.type in ("note", "text"):
            continue
        file = origins.question(q.id)
        if q.id not in used:
            out.append(finding("L203", file, q.path, question=q.id))
            continue
        if q.choices and used[q.id]:
            for i, c in enumerate(q.choices):
                # "niet bekeken" (gap) and declared no-effect choices are unused on purpose
                if c.value not in used[q.id] and not (c.gap or c.no_effect):
                    out.append(finding("L204", file, (*q.path, "choices", i), question=q.id, value=c.value))
    return out


def lint_overlay_base(overlay: Mapping[str, Any], rubric: Rubric, overlay_id: str) -> list[Finding]:
    """L205 when an overlay says it extends another rubric (or other versions of it)."""
    from .overlay import fits_base, overlay_base

    if fits_base(overlay, rubric.id, rubric.version):
        return []
    base, versions = overlay_base(overlay)
    return [
        finding(
            "L205",
            f"overlay:{overlay_id}",
            ("extends",),
            extends=f"{base} {', '.join(versions)}",
            rubric=f"{rubric.id} {rubric.version}",
        )
    ]
