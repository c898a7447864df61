"""Scoring: answers + questionnaire + rubric -> verdict. Pure and deterministic.

The model (see docs/methodology.md): per SDG, positive and negative contributions are kept
apart and never netted; each contribution is direct or indirect with the rubric's weight;
"weet niet" and open questions become knowledge gaps; SDGs roll up to the 5 P's; the three LMB
fields get their own level, and only count when the project contributes to international
justice; the verdict level is the first rubric level whose condition holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import ABSENT, UNKNOWN, Missing, Value, evaluate, subjects
from .goals import LMB_FIELDS, Goals, target_key
from .questionnaire import Question, Questionnaire, answer_lookup, visible_questions
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
) -> Verdict:
    """Score one project. ``answers`` holds checked values (see ``core.answers``) or UNKNOWN."""
    words = words or Words()
    state = answer_lookup(questionnaire, answers, depth)

    def lookup(qid: str) -> Value | Missing:
        return state.get(qid, ABSENT)

    def because(rule: Rule) -> tuple[AnswerRef, ...]:
        refs = []
        seen: set[str] = set()
        for cmp in subjects(rule.when):
            q = questionnaire.get(cmp.subject)
            if q is None or q.id in seen or isinstance(state.get(q.id), Missing):
                continue
            seen.add(q.id)
            value = state[q.id]
            refs.append(
                AnswerRef(
                    q.id, pick(q.label, lang), stored_value(value), display_answer(q, value, lang, words)
                )
            )
        return tuple(refs)

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
        points = rubric.weights.get(rule.effect.kind, 1.0) * rule.effect.strength
        for target in rule.targets:
            contributions.append(
                Contribution(
                    rule=rule.id,
                    target=target,
                    sign=rule.effect.sign,
                    kind=rule.effect.kind,
                    strength=rule.effect.strength,
                    points=number(points),
                    mitigated=mitigated,
                    rationale=pick(rule.rationale, lang),
                    because=because(rule),
                    source=rule.source or rubric.id,
                )
            )

    # Knowledge gaps: every asked, assessable question left at "weet niet" or open.
    asked = [q for q in visible_questions(questionnaire, answers, depth) if q.assessable]
    asked_ids = {q.id for q in asked}
    for q in questionnaire.questions:  # answered beyond the chosen depth still counts as asked
        if q.assessable and q.id not in asked_ids and not isinstance(state.get(q.id), Missing):
            asked_ids.add(q.id)
    gap_targets: dict[str, set[str]] = {}
    for rule in undetermined:
        for cmp in subjects(rule.when):
            if state.get(cmp.subject) is UNKNOWN:
                gap_targets.setdefault(cmp.subject, set()).update(rule.targets)
    gaps: list[KnowledgeGap] = []
    for q in questionnaire.questions:
        if q.assessable and state.get(q.id) is UNKNOWN:
            reason = "unknown" if answers.get(q.id) is UNKNOWN else "unanswered"
            gaps.append(
                KnowledgeGap(q.id, pick(q.label, lang), reason, _sorted_targets(gap_targets.get(q.id, ())))
            )

    # Per SDG.
    sdg_results: list[SdgResult] = []
    for sdg in goals.sdgs:
        key = f"sdg:{sdg.number}"
        mine = [c for c in contributions if c.target == key]
        sums = {
            (sign, kind): sum(c.points for c in mine if c.sign == sign and c.kind == kind)
            for sign in ("positive", "negative")
            for kind in ("direct", "indirect")
        }
        pos = sums["positive", "direct"] + sums["positive", "indirect"]
        neg = sums["negative", "direct"] + sums["negative", "indirect"]
        gap_qs = tuple(g.question for g in gaps if key in g.targets)
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
        sdg_results.append(
            SdgResult(
                number=sdg.number,
                name=pick(sdg.name, lang),
                pillar=sdg.pillar,
                positive=number(pos),
                negative=number(neg),
                positive_direct=number(sums["positive", "direct"]),
                positive_indirect=number(sums["positive", "indirect"]),
                negative_direct=number(sums["negative", "direct"]),
                negative_indirect=number(sums["negative", "indirect"]),
                knowledge_gaps=len(gap_qs),
                knowledge_gap_questions=gap_qs,
                status=status,
                contributions=tuple(dict.fromkeys(c.rule for c in mine)),
            )
        )

    pillars: list[PillarResult] = []
    for pillar in goals.pillars:
        members = [s for s in sdg_results if s.pillar == pillar.id]
        pillar_gaps = {q for s in members for q in s.knowledge_gap_questions}
        pillars.append(
            PillarResult(
                id=pillar.id,
                name=pick(pillar.name, lang),
                positive=number(sum(s.positive for s in members)),
                negative=number(sum(s.negative for s in members)),
                knowledge_gaps=len(pillar_gaps),
                sdgs_with_positive=tuple(s.number for s in members if s.positive),
                sdgs_with_negative=tuple(s.number for s in members if s.negative),
            )
        )

    # Trade-offs: a negative that stands next to positives elsewhere (or on the same SDG).
    positive_sdgs = tuple(s.number for s in sdg_results if s.positive)
    trade_offs: list[TradeOff] = []
    for s in sdg_results:
        if not s.negative:
            continue
        against = tuple(n for n in positive_sdgs)
        if not against:
            continue
        neg_contribs = [c for c in contributions if c.target == f"sdg:{s.number}" and c.sign == "negative"]
        trade_offs.append(
            TradeOff(
                sdg=s.number,
                name=s.name,
                negative_rules=tuple(dict.fromkeys(c.rule for c in neg_contribs)),
                against_sdgs=against,
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
        mine = [c for c in contributions if target_key(c.target) == ("lmb", field_def.id)]
        pos = number(sum(c.points for c in mine if c.sign == "positive"))
        neg = number(sum(c.points for c in mine if c.sign == "negative"))
        field_gaps = [g for g in gaps if any(target_key(t) == ("lmb", field_def.id) for t in g.targets)]
        if justice is False:
            level = rubric.lmb.not_lmb
        else:
            field_metrics = {"positive": pos, "negative": neg, "knowledge_gaps": len(field_gaps)}
            level = _first_level(rubric.lmb.levels, field_metrics)
        lmb_results.append(
            LmbResult(
                field=field_def.id,
                name=pick(field_def.name, lang),
                level=level.id,
                level_label=pick(level.label, lang),
                positive=pos,
                negative=neg,
                knowledge_gaps=len(field_gaps),
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

    suggestions = _suggestions(rubric, unmitigated, gaps, opportunities, lang)

    answered_refs: list[AnswerRef] = []
    ignored: list[AnswerRef] = []
    for q in questionnaire.questions:
        if q.id not in answers:
            continue
        value = answers[q.id]
        ref = AnswerRef(q.id, pick(q.label, lang), stored_value(value), display_answer(q, value, lang, words))
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


def _all_asked(rule: Rule, state: Mapping[str, Value | Missing]) -> bool:
    return all(not isinstance(state.get(c.subject, ABSENT), Missing) for c in subjects(rule.when))


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
