"""Scoring: answers + questionnaire + rubric -> verdict. Pure and deterministic.

The model (see docs/methodology.md): per SDG, positive and negative contributions are kept
apart and never netted; each contribution is direct or indirect with the rubric's weight, and
substantive (an effect on people, planet, prosperity, peace, partnership), a process quality
(participation, transparency, monitoring) or context (a fact of the municipality); only
substance decides the level. "Weet niet", open questions and "niet bekeken" become knowledge
gaps; SDGs roll up to the 5 P's; the three LMB fields get their own level, with positive credit
only where the project contributes to international justice (negatives always count); a quick
scan says what it did not look at; the verdict level is the first rubric level whose condition
holds on the metrics (``core.metrics``).

``score`` runs the stages in order; each stage is a function of what the earlier ones found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .conditions import ABSENT, UNKNOWN, Missing, Value, evaluate, question_ids
from .goals import LMB_FIELDS, Goals, target_key
from .numbers import tidy
from .questionnaire import Question, Questionnaire, not_covered, question_states
from .rubric import Level, Rubric, Rule
from .text import fill, pick
from .verdict import (
    AnswerRef,
    Contribution,
    Coverage,
    CoverageTopic,
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


# Entries of a run's shared memo (``_Run.shared``): answers as shown and short names; a batch
# meets its few thousand distinct answers in the first rows, and memory stays flat after that.
SHARED_LIMIT = 2048

number = tidy  # rounded for stable output; whole numbers stay whole (``2`` not ``2.0``)


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


@dataclass
class _Run:
    """What the stages share: the inputs and the answer states."""

    questionnaire: Questionnaire
    rubric: Rubric
    goals: Goals
    answers: Mapping[str, Any]
    depth: str
    lang: str
    words: Words
    explain: bool
    state: dict[str, Value | Missing]
    asked: set[str]
    lookup: Callable[[str], Value | Missing]
    refs: dict[str, AnswerRef]
    # What many projects share, for this language and these words (the compiled plan keeps one
    # per language): answers as shown, by question and value; short names. None: not shared.
    shared: dict[Any, Any] | None = None

    def answer_ref(self, q: Question, value: Any) -> AnswerRef:
        ref = self.refs.get(q.id)
        if ref is None:
            # Show what was chosen ("niet bekeken"), not the state it leads to (unknown).
            shown = self.answers.get(q.id, value) if q.is_gap_answer(self.answers.get(q.id)) else value
            shared = self.shared
            if shared is None:
                ref = self._new_ref(q, shown)
            else:
                key = (q.id, type(shown), tuple(shown) if type(shown) is list else shown)
                try:
                    ref = shared.get(key)
                except TypeError:  # not a checked answer (not hashable): shown, not remembered
                    ref = self._new_ref(q, shown)
                if ref is None:
                    ref = self._new_ref(q, shown)
                    if len(shared) < SHARED_LIMIT:
                        shared[key] = ref
            self.refs[q.id] = ref
        return ref

    def _new_ref(self, q: Question, shown: Any) -> AnswerRef:
        return AnswerRef(
            q.id,
            pick(q.label, self.lang),
            stored_value(shown),
            display_answer(q, shown, self.lang, self.words),
        )

    def short_label(self, q: Question) -> str:
        shared = self.shared
        if shared is None:
            return pick(q.short_label, self.lang)
        key = ("short", q.id)
        found: str | None = shared.get(key)
        if found is None:
            found = pick(q.short_label, self.lang)
            if len(shared) < SHARED_LIMIT:
                shared[key] = found
        return found

    def because(self, rule: Rule) -> tuple[AnswerRef, ...]:
        out = []
        for qid in question_ids(rule.when):
            q = self.questionnaire.get(qid)
            value = self.state.get(qid, ABSENT)
            if q is not None and not isinstance(value, Missing):
                out.append(self.answer_ref(q, value))
        return tuple(out)


@dataclass
class _Fired:
    contributions: list[Contribution]
    undetermined: list[Rule]
    opportunities: list[Rule]


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
    profile: Mapping[str, Any] | None = None,
) -> Verdict:
    """Score one project. ``answers`` holds checked values (see ``core.answers``) or UNKNOWN, the
    municipal profile's answers included (the shell merges them; ``profile`` describes it).

    With ``explain=False`` the figures are the same but the texts that explain them (answers,
    reasons, rationales, suggestions, summary) are left empty: for portfolio summaries of
    thousands of projects, where nobody reads them.
    """
    state, asked = question_states(questionnaire, answers, depth)
    run = _Run(
        questionnaire,
        rubric,
        goals,
        answers,
        depth,
        lang,
        words or Words(),
        explain,
        state,
        asked,
        state_lookup(state),
        {},
    )
    fired = _apply_rules(run)
    justice = (
        evaluate(rubric.lmb.international_justice, run.lookup)
        if rubric.lmb.international_justice is not None
        else True
    )
    return _assemble(run, fired, justice, _coverage(run), project, tool_version, profile)


def _assemble(
    run: _Run,
    fired: _Fired,
    justice: bool | None,
    coverage: Coverage,
    project: Mapping[str, Any],
    tool_version: str,
    profile: Mapping[str, Any] | None,
) -> Verdict:
    """The stages after the rules have fired: per SDG, per P, LMB, metrics, level, texts. Shared
    by ``score()`` and the compiled plan, which differ only in how they fire the rules."""
    rubric = run.rubric
    contributions = fired.contributions
    by_target = _by_target(c for c in contributions if c.aspect == "substance")
    gaps = _knowledge_gaps(run, fired.undetermined)
    gaps_by_target: dict[str, list[str]] = {}
    for g in gaps:
        if g.scope == "project":
            for t in g.targets:
                gaps_by_target.setdefault(_canonical(t), []).append(g.question)
    sdgs = _per_sdg(run, contributions, by_target, gaps_by_target)
    pillars = _pillars(run, sdgs)
    trade_offs = _trade_offs(sdgs, by_target)
    lmb = _lmb(run, by_target, gaps_by_target, justice)
    metrics = _metrics(run, contributions, sdgs, pillars, trade_offs, gaps, lmb, justice, coverage)
    level = _first_level(rubric.levels, metrics)
    explain = run.explain
    summary = _summary(run, level, metrics, pillars, project) if explain else ""
    suggestions = _suggestions(rubric, contributions, gaps, fired.opportunities, run.lang) if explain else ()
    answered, ignored = _answer_lists(run)
    lmb_positive = int(metrics["lmb_fields_with_positive"])
    return Verdict(
        project=dict(project),
        language=run.lang,
        depth=run.depth,
        level=level.id,
        level_label=pick(level.label, run.lang),
        summary=summary,
        is_lmb=None if justice is None else bool(justice and lmb_positive),
        metrics=metrics,
        sdgs=tuple(sdgs),
        pillars=tuple(pillars),
        lmb=tuple(lmb),
        contributions=tuple(contributions),
        trade_offs=tuple(trade_offs),
        knowledge_gaps=tuple(gaps),
        suggestions=suggestions,
        answers=tuple(answered),
        ignored_answers=tuple(ignored),
        versions=_versions(run.questionnaire, rubric, tool_version),
        overlay_rules=tuple(
            dict.fromkeys(c.rule for c in contributions if c.source and c.source != rubric.id)
        ),
        coverage=coverage,
        profile=dict(profile) if profile is not None else None,
        short_labels=_short_labels(run, gaps),
    )


# --------------------------------------------------------------------------- stages


def _apply_rules(run: _Run) -> _Fired:
    """Every rule that applies becomes one contribution per target; rules that depend on an
    unknown answer are kept to become knowledge gaps, positive rules that did not apply (and
    fit the project) to become suggestions."""
    rubric = run.rubric
    out = _Fired([], [], [])
    for rule in rubric.rules:
        fired = evaluate(rule.when, run.lookup)
        if fired is None:
            out.undetermined.append(rule)
            continue
        if not fired:
            if (
                rule.effect.sign == "positive"
                and rule.suggestion
                and _all_asked(rule, run.state)
                and (rule.suggest_if is None or evaluate(rule.suggest_if, run.lookup) is True)
            ):
                out.opportunities.append(rule)
            continue
        mitigated = False
        if rule.effect.sign == "negative" and rule.mitigated_if is not None:
            mitigated = evaluate(rule.mitigated_if, run.lookup) is True
        points = number(rubric.weights.get(rule.effect.kind, 1.0) * rule.effect.strength)
        rationale = pick(rule.rationale, run.lang) if run.explain else ""
        reasons = run.because(rule) if run.explain else ()
        source = rule.source or rubric.id
        for target in rule.targets:
            out.contributions.append(
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
                    aspect=rule.aspect,
                )
            )
    return out


def _by_target(contributions: Iterable[Contribution]) -> dict[str, list[Contribution]]:
    out: dict[str, list[Contribution]] = {}
    for c in contributions:
        out.setdefault(_canonical(c.target), []).append(c)
    return out


def _knowledge_gaps(run: _Run, undetermined: list[Rule]) -> list[KnowledgeGap]:
    """Every asked, assessable question left at "weet niet", open, or "niet bekeken"."""
    gap_targets: dict[str, set[str]] = {}
    for rule in undetermined:
        for qid in question_ids(rule.when):
            if run.state.get(qid) is UNKNOWN:
                gap_targets.setdefault(qid, set()).update(rule.targets)
    gaps: list[KnowledgeGap] = []
    for q in run.questionnaire.questions:
        if not q.assessable or run.state.get(q.id) is not UNKNOWN:
            continue
        given = run.answers.get(q.id, ABSENT)
        if given is UNKNOWN:
            reason = "unknown"
        elif given is not ABSENT and q.is_gap_answer(given):
            reason = "not_examined"
        else:
            reason = "unanswered"
        targets = _sorted_targets(gap_targets.get(q.id, ()))
        gaps.append(KnowledgeGap(q.id, pick(q.label, run.lang), reason, targets, q.scope))
    return gaps


def _per_sdg(
    run: _Run,
    contributions: list[Contribution],
    by_target: Mapping[str, list[Contribution]],
    gaps_by_target: Mapping[str, list[str]],
) -> list[SdgResult]:
    process: dict[str, list[Contribution]] = _by_target(c for c in contributions if c.aspect == "process")
    out: list[SdgResult] = []
    for sdg in run.goals.sdgs:
        key = f"sdg:{sdg.number}"
        mine = by_target.get(key)
        gap_qs = tuple(gaps_by_target.get(key, ()))
        proc = process.get(key, ())
        proc_pos = number(sum(c.points for c in proc if c.sign == "positive"))
        proc_neg = number(sum(c.points for c in proc if c.sign == "negative"))
        if not mine:
            # Most SDGs of a project have nothing on them: build those records the short way.
            empty = SdgResult(
                sdg.number, pick(sdg.name, run.lang), sdg.pillar, 0, 0, 0, 0, 0, 0,
                len(gap_qs), gap_qs, "unknown" if gap_qs else "neutral", (), proc_pos, proc_neg,
            )  # fmt: skip
            out.append(empty)
            continue
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
        if pos and neg:
            status = "mixed"
        elif pos:
            status = "positive"
        elif neg:
            status = "negative"
        else:
            status = "unknown" if gap_qs else "neutral"
        out.append(
            SdgResult(
                number=sdg.number,
                name=pick(sdg.name, run.lang),
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
                process_positive=proc_pos,
                process_negative=proc_neg,
            )
        )
    return out


def _pillars(run: _Run, sdgs: list[SdgResult]) -> list[PillarResult]:
    members: dict[str, list[SdgResult]] = {p.id: [] for p in run.goals.pillars}
    for s in sdgs:
        members[s.pillar].append(s)
    out: list[PillarResult] = []
    for pillar in run.goals.pillars:
        group = members[pillar.id]
        pillar_gaps = {q for s in group for q in s.knowledge_gap_questions}
        out.append(
            PillarResult(
                id=pillar.id,
                name=pick(pillar.name, run.lang),
                positive=number(sum(s.positive for s in group)),
                negative=number(sum(s.negative for s in group)),
                knowledge_gaps=len(pillar_gaps),
                sdgs_with_positive=tuple(s.number for s in group if s.positive),
                sdgs_with_negative=tuple(s.number for s in group if s.negative),
            )
        )
    return out


def _trade_offs(sdgs: list[SdgResult], by_target: Mapping[str, list[Contribution]]) -> list[TradeOff]:
    """A negative that stands next to positives elsewhere (or on the same SDG)."""
    positive_sdgs = tuple(s.number for s in sdgs if s.positive)
    if not positive_sdgs:
        return []
    out: list[TradeOff] = []
    for s in sdgs:
        if not s.negative:
            continue
        neg = [c for c in by_target[f"sdg:{s.number}"] if c.sign == "negative"]
        out.append(
            TradeOff(
                sdg=s.number,
                name=s.name,
                negative_rules=tuple(dict.fromkeys(c.rule for c in neg)),
                against_sdgs=positive_sdgs,
                mitigated=all(c.mitigated for c in neg),
            )
        )
    return out


def _lmb(
    run: _Run,
    by_target: Mapping[str, list[Contribution]],
    gaps_by_target: Mapping[str, list[str]],
    justice: bool | None,
) -> list[LmbResult]:
    """Each LMB field's level. Positive credit only behind the international-justice gate;
    negative effects elsewhere in the world always count and always show."""
    settings = run.rubric.lmb
    out: list[LmbResult] = []
    for field_def in run.goals.lmb_fields:
        mine = by_target.get(field_def.id, [])
        raw_pos = number(sum(c.points for c in mine if c.sign == "positive"))
        neg = number(sum(c.points for c in mine if c.sign == "negative"))
        gaps = len(gaps_by_target.get(field_def.id, ()))
        pos = raw_pos if justice is True else 0
        if justice is not True and not neg:
            level = settings.not_lmb if justice is False else settings.undetermined
        else:
            level = _first_level(settings.levels, {"positive": pos, "negative": neg, "knowledge_gaps": gaps})
        out.append(
            LmbResult(
                field=field_def.id,
                name=pick(field_def.name, run.lang),
                level=level.id,
                level_label=pick(level.label, run.lang),
                positive=pos,
                negative=neg,
                knowledge_gaps=gaps,
                contributions=tuple(dict.fromkeys(c.rule for c in mine)),
                excluded_positive=number(raw_pos - pos),
            )
        )
    assert tuple(r.field for r in out) == LMB_FIELDS
    return out


def _coverage(run: _Run) -> Coverage:
    """What a quick scan left out that the full check would ask, by section; provisional when
    something left out can reveal a material harm."""
    left_out = not_covered(run.questionnaire, run.answers, run.depth)
    if not left_out:
        return Coverage(False)
    risky = run.rubric.risk_questions
    topics: dict[str, list[Question]] = {}
    for q in left_out:
        topics.setdefault(q.section, []).append(q)
    out = []
    for section_id, questions in topics.items():
        section = run.questionnaire.section(section_id)
        title = pick(section.title, run.lang) if section else section_id
        risk = any(q.id in risky for q in questions)
        out.append(CoverageTopic(section_id, title, tuple(q.id for q in questions), risk))
    return Coverage(any(t.risk for t in out), tuple(out))


def _metrics(
    run: _Run,
    contributions: list[Contribution],
    sdgs: list[SdgResult],
    pillars: list[PillarResult],
    trade_offs: list[TradeOff],
    gaps: list[KnowledgeGap],
    lmb: list[LmbResult],
    justice: bool | None,
    coverage: Coverage,
) -> dict[str, float]:
    """The figures the levels are decided on (declared in ``core.metrics``)."""
    rubric = run.rubric
    substance = [c for c in contributions if c.aspect == "substance"]
    negatives = [c for c in substance if c.sign == "negative"]
    unmitigated = [c for c in negatives if not c.mitigated]
    positive_rules = _first_per_rule(c for c in substance if c.sign == "positive")
    unmitigated_rules = _first_per_rule(unmitigated)
    strong = [c for c in unmitigated_rules if c.strength >= rubric.strong_negative_strength]
    process_rules = _first_per_rule(c for c in contributions if c.aspect == "process")
    project_gaps = [g for g in gaps if g.scope == "project"]
    asked = len(run.asked)
    risky = run.rubric.risk_questions
    unexamined = sum(1 for t in coverage.not_covered for q in t.questions if q in risky)
    unknown = sum(1 for g in project_gaps if g.question in risky)
    lmb_positive = sum(1 for f in lmb if f.positive)
    return {
        "substantive_positive_effects": len(positive_rules),
        "clear_direct_positive_effects": sum(
            1 for c in positive_rules if c.kind == "direct" and c.strength >= rubric.material_strength
        ),
        "substantive_positive_points": number(sum(c.points for c in positive_rules)),
        "substantive_sdgs_with_positive": sum(1 for s in sdgs if s.positive),
        "substantive_pillars_with_positive": sum(1 for p in pillars if p.positive),
        "unmitigated_negative_effects": len(unmitigated_rules),
        "material_unmitigated_negatives": sum(
            1 for c in unmitigated_rules if c.strength >= rubric.material_strength
        ),
        "unmitigated_strong_negatives": len(strong),
        "process_positive_effects": sum(1 for c in process_rules if c.sign == "positive"),
        "process_negative_effects": sum(1 for c in process_rules if c.sign == "negative"),
        "positive_total": number(sum(s.positive for s in sdgs)),
        "negative_total": number(sum(s.negative for s in sdgs)),
        "sdgs_with_positive": sum(1 for s in sdgs if s.positive),
        "sdgs_with_negative": sum(1 for s in sdgs if s.negative),
        "pillars_with_positive": sum(1 for p in pillars if p.positive),
        "negative_contributions": len(negatives),
        "unmitigated_negatives": len(unmitigated),
        "trade_offs": len(trade_offs),
        "knowledge_gaps": len(project_gaps),
        "assessed_questions": asked,
        "knowledge_gap_share": number(len(project_gaps) / asked) if asked else 0,
        "municipal_knowledge_gaps": len(gaps) - len(project_gaps),
        "unexamined_risks": unexamined,
        "unknown_risks": unknown,
        "lmb_fields_with_positive": lmb_positive,
        "is_lmb": 1 if justice is True and lmb_positive else 0,
    }


def _summary(
    run: _Run,
    level: Level,
    metrics: Mapping[str, float],
    pillars: list[PillarResult],
    project: Mapping[str, Any],
) -> str:
    pillar_names = [p.name for p in pillars if p.positive]
    text = fill(
        pick(level.summary, run.lang),
        project=str(project.get("name", "")),
        positive_sdgs=int(metrics["substantive_sdgs_with_positive"]),
        negative_sdgs=int(metrics["sdgs_with_negative"]),
        pillars=_join(pillar_names, run.words) or "-",
        pillar_count=len(pillar_names),
        effects=int(metrics["substantive_positive_effects"]),
        unmitigated=int(metrics["unmitigated_negative_effects"]),
        material=int(metrics["material_unmitigated_negatives"]),
        strong=int(metrics["unmitigated_strong_negatives"]),
        gaps=int(metrics["knowledge_gaps"]),
        trade_offs=int(metrics["trade_offs"]),
        process=int(metrics["process_positive_effects"]),
        unexamined=int(metrics["unexamined_risks"]),
        unknown=int(metrics["unknown_risks"]),
    )
    note = run.rubric.provisional_note
    if note and metrics["unexamined_risks"] and text:
        text += " " + pick(note, run.lang)
    return text


def _answer_lists(run: _Run) -> tuple[list[AnswerRef], list[AnswerRef]]:
    answered: list[AnswerRef] = []
    ignored: list[AnswerRef] = []
    for q in run.questionnaire.questions if run.explain else ():
        if q.id in run.answers:
            ref = run.answer_ref(q, run.answers[q.id])
            (ignored if run.state.get(q.id) is ABSENT else answered).append(ref)
    return answered, ignored


def _short_labels(run: _Run, gaps: Sequence[KnowledgeGap]) -> dict[str, str]:
    """The short name of every question the verdict names (its answers, the answers behind its
    contributions, its knowledge gaps), in the verdict's language."""
    if not run.explain:
        return {}
    out: dict[str, str] = {}
    for qid in (*run.refs, *(g.question for g in gaps)):
        q = run.questionnaire.get(qid)
        if q is not None and qid not in out:
            out[qid] = run.short_label(q)
    return out


def _versions(questionnaire: Questionnaire, rubric: Rubric, tool_version: str) -> dict[str, Any]:
    return {
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
    }


# --------------------------------------------------------------------------- helpers


def state_lookup(state: Mapping[str, Value | Missing]) -> Callable[[str], Value | Missing]:
    def lookup(qid: str) -> Value | Missing:
        return state.get(qid, ABSENT)

    return lookup


def _first_per_rule(contributions: Iterable[Contribution]) -> list[Contribution]:
    """One contribution per rule: an effect counts once, however many goals it touches."""
    seen: dict[str, Contribution] = {}
    for c in contributions:
        seen.setdefault(c.rule, c)
    return list(seen.values())


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
    contributions: list[Contribution],
    gaps: list[KnowledgeGap],
    opportunities: list[Rule],
    lang: str,
) -> tuple[Suggestion, ...]:
    """Negatives first (strongest first), then knowledge gaps, then ways to strengthen; one
    suggestion per topic, and none to strengthen a topic a negative already speaks to."""
    rules = rubric.rule_of
    out: list[Suggestion] = []
    topics: set[str] = set()

    def instrument(rule: Rule | None) -> dict[str, str] | None:
        if rule is None or not rule.instrument or rule.instrument not in rubric.instruments:
            return None
        inst = rubric.instruments[rule.instrument]
        data = {"id": inst.id, "name": pick(inst.name, lang)}
        if inst.description:
            data["description"] = pick(inst.description, lang)
        if inst.url:
            data["url"] = inst.url
        if inst.owner:
            data["owner"] = inst.owner
        if inst.checked:
            data["checked"] = inst.checked
        return data

    # 1. Unmitigated negatives, strongest first (substance before process; context never).
    by_rule: dict[str, list[Contribution]] = {}
    for c in contributions:
        if c.sign == "negative" and not c.mitigated and c.aspect != "context":
            by_rule.setdefault(c.rule, []).append(c)
    ranked = sorted(
        by_rule.items(),
        key=lambda kv: (kv[1][0].aspect != "substance", -kv[1][0].strength, -kv[1][0].points),
    )
    for rule_id, contribs in ranked:
        rule = rules.get(rule_id)
        if rule is None or not rule.suggestion:
            continue
        if rule.topic:
            topics.add(rule.topic)
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
    # 2. The project's knowledge gaps that matter for at least one target first, then the rest;
    #    the municipality's gaps last (they are for the profile, not the project).
    for gap in sorted(gaps, key=lambda g: (g.scope != "project", 0 if g.targets else 1)):
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
    # 3. Ways to strengthen: positive rules that did not apply but fit the project, strongest
    #    first, substance before process, one per topic.
    ranked_opps = sorted(
        opportunities,
        key=lambda r: (r.aspect != "substance", -rubric.weights.get(r.effect.kind, 1.0) * r.effect.strength),
    )
    strengthen = 0
    for rule in ranked_opps:
        if strengthen >= rubric.max_opportunities:
            break
        if rule.topic and rule.topic in topics:
            continue
        if rule.topic:
            topics.add(rule.topic)
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
        strengthen += 1
    return tuple(
        Suggestion(s.id, s.category, i + 1, s.text, s.targets, s.instrument) for i, s in enumerate(out)
    )
