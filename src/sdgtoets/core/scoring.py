"""Scoring: answers + questionnaire + rubric -> verdict. Pure and deterministic.

The model (see docs/methodology.md): per SDG, positive and negative contributions are kept
apart and never netted; each contribution is direct or indirect with the rubric's weight;
"weet niet" and open questions become knowledge gaps; SDGs roll up to the 5 P's; the three LMB
fields get their own level, and only count when the project contributes to international
justice; the verdict level is the first rubric level whose condition holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import ABSENT, UNKNOWN, Missing, Value, evaluate, question_ids
from .goals import LMB_FIELDS, Goals, target_key
from .questionnaire import Question, Questionnaire, question_states
from .rubric import Level, Rubric, Rule
from .text import fill, pick
from .verdict import (
    AnswerRef,
    Contribution,
    KnowledgeGap,
    LmbResult,
    PillarResult,
    SdgResult,
    Suggestion,
    TradeOff,
    Verdict,
)


@dataclass(frozen=True)
class Words:
    """The few UI words the verdict itself needs, in the verdict language."""

    yes: str = "ja"
    no: str = "nee"
    unknown: str = "weet niet"
    none_selected: str = "geen"
    list_and: str = "en"


def number(x: float) -> float:
    """Round for stable output; whole numbers stay whole (``2`` not ``2.0``)."""
    if type(x) is int:
        return x
    r = round(float(x), 4)
    return int(r) if r == int(r) else r


def display_answer(question: Question, value: Any, lang: str, words: Words) -> str:
    if value is UNKNOWN or value == "unknown":
        return words.unknown
    if question.type == "boolean":
        return words.yes if value is True else words.no
    if question.type == "single_choice":
        choice = question.choice(str(value))
        return pick(choice.label, lang) if choice else str(value)
    if question.type == "multi_choice":
        if not value:
            return words.none_selected
        labels = []
        for v in value:
            choice = question.choice(v)
            labels.append(pick(choice.label, lang) if choice else str(v))
        return "; ".join(labels)
    if question.type == "number":
        shown = str(number(value))
        unit = pick(question.unit, lang)
        return f"{shown} {unit}".strip()
    return str(value)


def stored_value(value: Any) -> Any:
    return "unknown" if value is UNKNOWN else value


def score(
    questionnaire: Questionnaire,
    rubric: Rubric,
    goals: Goals,
    answers: Mapping[str, Any],
    *,
    project: Mapping[str, Any],
    depth: str = "quick",
    lang: str = "nl",
    words: Words | None = None,
    tool_version: str = "",
    explain: bool = True,
) -> Verdict:
    """Score one project. ``answers`` holds checked values (see ``core.answers``) or UNKNOWN.

    With ``explain=False`` the figures are the same but the texts that explain them (answers,
    reasons, rationales, suggestions, summary) are left empty: for portfolio summaries of
    thousands of projects, where nobody reads them.
    """
    words = words or Words()
    state, asked_ids = question_states(questionnaire, answers, depth)
    lookup = state_lookup(state)
    refs: dict[str, AnswerRef] = {}

    def answer_ref(q: Question, value: Any) -> AnswerRef:
        ref = refs.get(q.id)
        if ref is None:
            ref = AnswerRef(
                q.id, pick(q.label, lang), stored_value(value), display_answer(q, value, lang, words)
            )
            refs[q.id] = ref
        return ref

    def because(rule: Rule) -> tuple[AnswerRef, ...]:
        out = []
        for qid in question_ids(rule.when):
            q = questionnaire.get(qid)
            value = state.get(qid, ABSENT)
            if q is not None and not isinstance(value, Missing):
                out.append(answer_ref(q, value))
        return tuple(out)

    contributions: list[Contribution] = []
    undetermined: list[Rule] = []
    opportunities: list[Rule] = []
    for rule in rubric.rules:
        fired = evaluate(rule.when, lookup)
        if fired is None:
            undetermined.append(rule)
            continue
        if not fired:
            if rule.effect.sign == "positive" and rule.suggestion and _all_asked(rule, state):
                opportunities.append(rule)
            continue
        mitigated = False
        if rule.effect.sign == "negative" and rule.mitigated_if is not None:
            mitigated = evaluate(rule.mitigated_if, lookup) is True
        points = number(rubric.weights.get(rule.effect.kind, 1.0) * rule.effect.strength)
        rationale = pick(rule.rationale, lang) if explain else ""
        reasons = because(rule) if explain else ()
        source = rule.source or rubric.id
        for target in rule.targets:
            contributions.append(
                Contribution(
                    rule=rule.id,
                    target=target,
                    sign=rule.effect.sign,
                    kind=rule.effect.kind,
                    strength=rule.effect.strength,
                    points=points,
                    mitigated=mitigated,
                    rationale=rationale,
                    because=reasons,
                    source=source,
                )
            )
    by_target: dict[str, list[Contribution]] = {}
    for c in contributions:
        by_target.setdefault(_canonical(c.target), []).append(c)

    # Knowledge gaps: every asked, assessable question left at "weet niet" or open.
    gap_targets: dict[str, set[str]] = {}
    for rule in undetermined:
        for qid in question_ids(rule.when):
            if state.get(qid) is UNKNOWN:
                gap_targets.setdefault(qid, set()).update(rule.targets)
    gaps: list[KnowledgeGap] = []
    gaps_by_target: dict[str, list[str]] = {}
    for q in questionnaire.questions:
        if q.assessable and state.get(q.id) is UNKNOWN:
            reason = "unknown" if answers.get(q.id) is UNKNOWN else "unanswered"
            targets = _sorted_targets(gap_targets.get(q.id, ()))
            gaps.append(KnowledgeGap(q.id, pick(q.label, lang), reason, targets))
            for t in targets:
                gaps_by_target.setdefault(_canonical(t), []).append(q.id)

    # Per SDG. Most SDGs of a project have nothing on them: build those records the short way.
    sdg_results: list[SdgResult] = []
    members: dict[str, list[SdgResult]] = {p.id: [] for p in goals.pillars}
    for sdg in goals.sdgs:
        key = f"sdg:{sdg.number}"
        mine = by_target.get(key)
        gap_qs = tuple(gaps_by_target.get(key, ()))
        if not mine:
            result = SdgResult(
                sdg.number, pick(sdg.name, lang), sdg.pillar, 0, 0, 0, 0, 0, 0,
                len(gap_qs), gap_qs, "unknown" if gap_qs else "neutral", (),
            )  # fmt: skip
        else:
            pd: float = 0
            pi: float = 0
            nd: float = 0
            ni: float = 0
            for c in mine:
                if c.sign == "positive":
                    if c.kind == "direct":
                        pd += c.points
                    else:
                        pi += c.points
                elif c.kind == "direct":
                    nd += c.points
                else:
                    ni += c.points
            pos: float = pd + pi
            neg: float = nd + ni
            status = (
                "mixed"
                if pos and neg
                else "positive"
                if pos
                else "negative"
                if neg
                else "unknown"
                if gap_qs
                else "neutral"
            )
            result = SdgResult(
                number=sdg.number,
                name=pick(sdg.name, lang),
                pillar=sdg.pillar,
                positive=number(pos),
                negative=number(neg),
                positive_direct=number(pd),
                positive_indirect=number(pi),
                negative_direct=number(nd),
                negative_indirect=number(ni),
                knowledge_gaps=len(gap_qs),
                knowledge_gap_questions=gap_qs,
                status=status,
                contributions=tuple(dict.fromkeys(c.rule for c in mine)),
            )
        sdg_results.append(result)
        members[sdg.pillar].append(result)

    pillars: list[PillarResult] = []
    for pillar in goals.pillars:
        group = members[pillar.id]
        pillar_gaps = {q for s in group for q in s.knowledge_gap_questions}
        pillars.append(
            PillarResult(
                id=pillar.id,
                name=pick(pillar.name, lang),
                positive=number(sum(s.positive for s in group)),
                negative=number(sum(s.negative for s in group)),
                knowledge_gaps=len(pillar_gaps),
                sdgs_with_positive=tuple(s.number for s in group if s.positive),
                sdgs_with_negative=tuple(s.number for s in group if s.negative),
            )
        )

    # Trade-offs: a negative that stands next to positives elsewhere (or on the same SDG).
    positive_sdgs = tuple(s.number for s in sdg_results if s.positive)
    trade_offs: list[TradeOff] = []
    if positive_sdgs:
        for s in sdg_results:
            if not s.negative:
                continue
            neg_contribs = [c for c in by_target[f"sdg:{s.number}"] if c.sign == "negative"]
            trade_offs.append(
                TradeOff(
                    sdg=s.number,
                    name=s.name,
                    negative_rules=tuple(dict.fromkeys(c.rule for c in neg_contribs)),
                    against_sdgs=positive_sdgs,
                    mitigated=all(c.mitigated for c in neg_contribs),
                )
            )

    # LMB: its own levels, and only where the project serves international justice.
    justice = (
        evaluate(rubric.lmb.international_justice, lookup)
        if rubric.lmb.international_justice is not None
        else True
    )
    lmb_results: list[LmbResult] = []
    for field_def in goals.lmb_fields:
        mine = by_target.get(field_def.id, [])
        field_pos = number(sum(c.points for c in mine if c.sign == "positive"))
        field_neg = number(sum(c.points for c in mine if c.sign == "negative"))
        field_gaps = len(gaps_by_target.get(field_def.id, ()))
        if justice is False:
            level = rubric.lmb.not_lmb
        else:
            field_metrics = {"positive": field_pos, "negative": field_neg, "knowledge_gaps": field_gaps}
            level = _first_level(rubric.lmb.levels, field_metrics)
        lmb_results.append(
            LmbResult(
                field=field_def.id,
                name=pick(field_def.name, lang),
                level=level.id,
                level_label=pick(level.label, lang),
                positive=field_pos,
                negative=field_neg,
                knowledge_gaps=field_gaps,
                contributions=tuple(dict.fromkeys(c.rule for c in mine)),
            )
        )
    assert tuple(r.field for r in lmb_results) == LMB_FIELDS

    negatives = [c for c in contributions if c.sign == "negative"]
    unmitigated = [c for c in negatives if not c.mitigated]
    strong = [c for c in unmitigated if c.strength >= rubric.strong_negative_strength]
    lmb_positive = sum(1 for f in lmb_results if f.positive)
    metrics: dict[str, float] = {
        "positive_total": number(sum(s.positive for s in sdg_results)),
        "negative_total": number(sum(s.negative for s in sdg_results)),
        "sdgs_with_positive": len(positive_sdgs),
        "sdgs_with_negative": sum(1 for s in sdg_results if s.negative),
        "pillars_with_positive": sum(1 for p in pillars if p.positive),
        "negative_contributions": len(negatives),
        "unmitigated_negatives": len(unmitigated),
        "unmitigated_strong_negatives": len(strong),
        "trade_offs": len(trade_offs),
        "knowledge_gaps": len(gaps),
        "assessed_questions": len(asked_ids),
        "knowledge_gap_share": number(len(gaps) / len(asked_ids)) if asked_ids else 0,
        "lmb_fields_with_positive": lmb_positive,
        "is_lmb": 1 if justice is True and lmb_positive else 0,
    }
    level = _first_level(rubric.levels, metrics)

    pillar_names = [p.name for p in pillars if p.positive]
    summary = fill(
        pick(level.summary, lang),
        project=str(project.get("name", "")),
        positive_sdgs=len(positive_sdgs),
        negative_sdgs=int(metrics["sdgs_with_negative"]),
        pillars=_join(pillar_names, words) or "-",
        unmitigated=len(unmitigated),
        strong=len(strong),
        gaps=len(gaps),
        trade_offs=len(trade_offs),
    )

    suggestions = _suggestions(rubric, unmitigated, gaps, opportunities, lang) if explain else ()

    answered_refs: list[AnswerRef] = []
    ignored: list[AnswerRef] = []
    for q in questionnaire.questions if explain else ():
        if q.id in answers:
            ref = answer_ref(q, answers[q.id])
            (ignored if state.get(q.id) is ABSENT else answered_refs).append(ref)

    is_lmb: bool | None = None if justice is None else bool(justice and lmb_positive)
    return Verdict(
        project=dict(project),
        language=lang,
        depth=depth,
        level=level.id,
        level_label=pick(level.label, lang),
        summary=summary,
        is_lmb=is_lmb,
        metrics=metrics,
        sdgs=tuple(sdg_results),
        pillars=tuple(pillars),
        lmb=tuple(lmb_results),
        contributions=tuple(contributions),
        trade_offs=tuple(trade_offs),
        knowledge_gaps=tuple(gaps),
        suggestions=suggestions,
        answers=tuple(answered_refs),
        ignored_answers=tuple(ignored),
        versions={
            "tool": tool_version,
            "questionnaire": {
                "id": questionnaire.id,
                "version": questionnaire.version,
                "sha256": questionnaire.content_hash,
            },
            "rubric": {
                "id": rubric.id,
                "version": rubric.version,
                "sha256": rubric.content_hash,
                "overlays": [{"id": i, "version": v} for i, v in rubric.overlays],
            },
        },
        overlay_rules=tuple(
            dict.fromkeys(c.rule for c in contributions if c.source and c.source != rubric.id)
        ),
    )


def state_lookup(state: Mapping[str, Value | Missing]) -> Callable[[str], Value | Missing]:
    def lookup(qid: str) -> Value | Missing:
        return state.get(qid, ABSENT)

    return lookup


def _canonical(target: str) -> str:
    """``sdg:13`` stays; ``lmb:x`` and ``x`` both become the LMB field id ``x``."""
    kind, key = target_key(target)
    return f"sdg:{key}" if kind == "sdg" else key


def _all_asked(rule: Rule, state: Mapping[str, Value | Missing]) -> bool:
    return all(not isinstance(state.get(qid, ABSENT), Missing) for qid in question_ids(rule.when))


def _first_level(levels: tuple[Level, ...], metrics: Mapping[str, float]) -> Level:
    def lookup(name: str) -> Value | Missing:
        return metrics.get(name, ABSENT)

    for level in levels:
        if level.when is None or evaluate(level.when, lookup) is True:
            return level
    return levels[-1]  # validation guarantees a catch-all; this keeps scoring total anyway


def _sorted_targets(targets: Any) -> tuple[str, ...]:
    def key(t: str) -> tuple[int, int, str]:
        kind, k = target_key(t)
        return (0, int(k), "") if kind == "sdg" else (1, LMB_FIELDS.index(k) if k in LMB_FIELDS else 9, k)

    return tuple(sorted(set(targets), key=key))


def _join(items: list[str], words: Words) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {words.list_and} " + items[-1]


def _suggestions(
    rubric: Rubric,
    unmitigated: list[Contribution],
    gaps: list[KnowledgeGap],
    opportunities: list[Rule],
    lang: str,
) -> tuple[Suggestion, ...]:
    rules = {r.id: r for r in rubric.rules}
    out: list[Suggestion] = []

    def instrument(rule: Rule | None) -> dict[str, str] | None:
        if rule is None or not rule.instrument or rule.instrument not in rubric.instruments:
            return None
        inst = rubric.instruments[rule.instrument]
        data = {"id": inst.id, "name": pick(inst.name, lang)}
        if inst.description:
            data["description"] = pick(inst.description, lang)
        if inst.url:
            data["url"] = inst.url
        return data

    # 1. Negatives and trade-offs, strongest first.
    by_rule: dict[str, list[Contribution]] = {}
    for c in unmitigated:
        by_rule.setdefault(c.rule, []).append(c)
    ranked = sorted(by_rule.items(), key=lambda kv: (-kv[1][0].strength, -kv[1][0].points))
    for rule_id, contribs in ranked:
        rule = rules.get(rule_id)
        if rule is None or not rule.suggestion:
            continue
        out.append(
            Suggestion(
                rule_id,
                "negative",
                0,
                pick(rule.suggestion, lang),
                _sorted_targets(c.target for c in contribs),
                instrument(rule),
            )
        )
    # 2. Knowledge gaps that matter for at least one target first, then the rest.
    for gap in sorted(gaps, key=lambda g: 0 if g.targets else 1):
        template = rubric.gap_suggestions.get(gap.question) or rubric.default_gap_suggestion
        if not template:
            continue
        out.append(
            Suggestion(
                f"gap:{gap.question}",
                "knowledge_gap",
                0,
                fill(pick(template, lang), question=gap.label),
                gap.targets,
            )
        )
    # 3. Ways to strengthen: positive rules that did not fire, strongest first.
    ranked_opps = sorted(
        opportunities, key=lambda r: -rubric.weights.get(r.effect.kind, 1.0) * r.effect.strength
    )
    for rule in ranked_opps[: rubric.max_opportunities]:
        assert rule.suggestion is not None
        out.append(
            Suggestion(
                rule.id,
                "strengthen",
                0,
                pick(rule.suggestion, lang),
                _sorted_targets(rule.targets),
                instrument(rule),
            )
        )
    return tuple(
        Suggestion(s.id, s.category, i + 1, s.text, s.targets, s.instrument) for i, s in enumerate(out)
    )
