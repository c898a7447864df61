"""A compiled scoring plan: ``score()`` made fast for lists of thousands of projects.

Built once per (questionnaire, rubric, overlays) and pure, the plan computes exactly what
``core.scoring.score`` computes (the reference, held equal by a property test in
``tests/test_plan.py``): the full ``Verdict`` when explaining, or only the ``Figures`` a
portfolio summary needs. It is faster because it

- decides visibility for the chosen depth and for the full check in one pass (the reference
  walks the questionnaire up to four times);
- evaluates each rule once per distinct combination of the states of the questions it reads
  (a bounded memo: a list of 100,000 projects has few distinct combinations per rule), and a
  condition over many questions comparison by comparison, each with its own memo;
- computes each answer's memo tokens once, for both depths and the states;
- for figures, keeps running sums in lists and builds no per-contribution records at all.

The explaining stages (knowledge gaps, suggestions, summary, answers) are the reference's own
stage functions, fed with the plan's states and rule results, so the texts cannot drift.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import add, attrgetter, itemgetter
from typing import Any, Final, NamedTuple

from .conditions import (
    ABSENT,
    UNKNOWN,
    All,
    AnyOf,
    Compare,
    Compiled,
    Condition,
    Missing,
    Not,
    Value,
    compiled,
    question_ids,
    subjects,
)
from .goals import LMB_FIELDS, Goals
from .questionnaire import Question, Questionnaire
from .rubric import Level, Rubric, Rule
from .scoring import (
    Words,
    _assemble,
    _canonical,
    _Fired,
    _first_level,
    _Run,
    number,
)
from .text import pick
from .verdict import Contribution, Coverage, CoverageTopic, Verdict

# Entries per memo (each rule's, each question's visibility, the levels'). Rules on a few choice
# questions have a handful of combinations; a gate on several multiple choices can have
# thousands, met once each, so the memo stops growing here: it is full after the first
# thousand rows or so, and memory stays flat in the rows (benchmarks/README.md). The bundled
# rules have at most ~530 combinations over 50,000 generated projects.
MEMO_LIMIT: Final = 1024

# A rule's outcome for one combination of states: fired (True/False/None for unknown), whether a
# fired negative is mitigated, and whether a positive that did not fire is an opportunity.
Outcome = tuple["bool | None", bool, bool]


class _State(dict[str, "Value | Missing"]):
    """Answer states; a question the questionnaire does not have is absent (as in the reference)."""

    def __missing__(self, key: str) -> Missing:
        return ABSENT


class _Tokens(dict[str, Any]):
    """Hashable stand-ins for states, keying the rule memos."""

    def __missing__(self, key: str) -> Any:
        return _ABSENT_TOKEN


def _gate_conditions(question: Question, questionnaire: Questionnaire) -> list[Condition]:
    """The conditions a question's visibility depends on (its section's and its own)."""
    section = next((s for s in questionnaire.sections if s.id == question.section), None)
    return [c for c in (section.visible_if if section else None, question.visible_if) if c is not None]


def _rule_conditions(rule: Rule) -> list[Condition]:
    """What a rule's outcome reads: its condition, its mitigation and its suggestion's condition."""
    return [c for c in (rule.when, rule.mitigated_if, rule.suggest_if) if c is not None]


def _reads(conditions: Sequence[Condition]) -> tuple[str, ...]:
    """The questions the conditions read, each once, in the order they first appear."""
    return tuple(dict.fromkeys(qid for c in conditions for qid in question_ids(c)))


View = tuple[frozenset[str], bool]  # the values the conditions test; whether one tests the whole set


def _literals(conditions: Sequence[Condition], qid: str) -> View:
    """The text values the conditions compare answers to question ``qid`` with (casefolded), and
    whether any of them compares the whole answer (eq/ne, which also see values they do not name)."""
    found: set[str] = set()
    whole = False
    for cond in conditions:
        for compare in subjects(cond):
            if compare.subject != qid:
                continue
            whole = whole or compare.op in ("eq", "ne")
            values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
            found.update(v.casefold() for v in values if isinstance(v, str))
    return frozenset(found), whole


def _fill_views(tokens: dict[str, Any], value: Any, views: tuple[tuple[str, View], ...]) -> None:
    """Put a multiple choice into ``tokens`` as each view sees it: which of the view's values it
    holds (and, when a view compares the whole answer with eq/ne, exactly which values and how
    many). Every operator on a list answer is decided by that (eq/ne by the counted values,
    in/contains by membership, the rest by it being a list), so answers with the same projection
    get the same result, and the memos stay small however many choices a question has."""
    if type(value) is not list:
        token = _token(value)
        for name, _ in views:
            tokens[name] = token
        return
    try:
        held = frozenset(map(str.casefold, value))
    except TypeError:  # not all text: no sharing
        raw = ("raw", *map(_token, value))
        for name, _ in views:
            tokens[name] = raw
        return
    for name, (literals, whole) in views:
        if whole:
            tokens[name] = (tuple(sorted(x for x in map(str.casefold, value) if x in literals)), len(value))
        else:
            tokens[name] = held & literals


def _view_pairs(
    qid: str,
    value: Any,
    views: tuple[tuple[str, View], ...],
    memo: dict[Any, list[tuple[str, Any]]],
    limit: int,
) -> list[tuple[str, Any]]:
    """The tokens ``_fill_views`` puts in for a question and its views, as (name, token) pairs
    (computed once per question, then put into every track that shows it). Memoised for a list
    of distinct texts by its set: the tokens do not depend on the order (a set of texts never
    equals one holding a number, so only lists of texts share an entry)."""
    key = None
    if type(value) is list:
        try:
            key = frozenset(value)
        except TypeError:  # not hashable: no sharing
            key = None
        if key is not None:
            if len(key) != len(value):  # a value twice: the counted views see it
                key = None
            else:
                found = memo.get(key)
                if found is not None:
                    return found
    filled: dict[str, Any] = {}
    _fill_views(filled, value, views)
    pairs = [(qid, _token(value)), *filled.items()]
    if key is not None and len(memo) < limit and all(type(x) is str for x in value):
        memo[key] = pairs
    return pairs


Split = Callable[[Mapping[str, Any], Callable[[str], Any]], "bool | None"]
_MISS: Final = object()


def _reader(qids: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    """tokens -> the memo key of a condition reading ``qids``."""
    if not qids:
        return lambda tokens: ()
    return itemgetter(*qids)


# Plain objects stand in for UNKNOWN and ABSENT in memo keys (hashed in C, unlike an Enum member).
_UNKNOWN_TOKEN: Final = object()
_ABSENT_TOKEN: Final = object()
# What ``_token`` gives for yes and no, made once (the walk of ``Plan._visibility`` uses them inline).
_TRUE_TOKEN: Final = (bool, True)
_FALSE_TOKEN: Final = (bool, False)


def _token(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value
    if kind is Missing:
        return _UNKNOWN_TOKEN if value is UNKNOWN else _ABSENT_TOKEN
    if kind is list:
        # No condition depends on the order of a multiple choice (equality counts, contains and
        # in look for members), so orders of the same choices share one memo entry.
        try:
            return tuple(sorted(value))
        except TypeError:
            return tuple(value)
    return (kind, value)  # True, 1 and 1.0 are equal as keys; keep them apart


@dataclass(frozen=True, slots=True)
class Figures:
    """What a portfolio summary reads of one verdict (language-neutral: ids, not labels)."""

    level: str
    is_lmb: bool | None
    lmb_levels: tuple[str, ...]  # per LMB field, in the goals' order
    knowledge_gaps: int  # every gap listed in the verdict (the municipality's too)
    unmitigated_negatives: int  # the metric of that name
    sdg_positive: tuple[float, ...]  # per SDG 1..17
    sdg_negative: tuple[float, ...]
    sdg_gaps: tuple[bool, ...]  # the SDG has a knowledge gap
    pillar_positive: tuple[bool, ...]  # per pillar, in the goals' order
    pillar_negative: tuple[bool, ...]
    unmitigated: int  # negative contributions (any aspect, any target) not mitigated
    unmitigated_sdgs: tuple[int, ...]  # sorted SDG numbers they touch
    metrics: dict[str, float]  # every metric of the verdict (``core.metrics``), as score() has them

    def __reduce__(self) -> tuple[Any, ...]:
        # A batch sends the figures of every project from a worker process: pickled as the
        # arguments of the constructor, not by the dataclass's state functions (which look up the
        # fields every time: five times slower both ways).
        return (Figures, _FIGURE_FIELDS(self))

    @classmethod
    def of(cls, verdict: Verdict) -> Figures:
        """The figures of a verdict from ``score`` (the reference the plan is held to)."""
        unmitigated = [c for c in verdict.contributions if c.sign == "negative" and not c.mitigated]
        return cls(
            level=verdict.level,
            is_lmb=verdict.is_lmb,
            lmb_levels=tuple(f.level for f in verdict.lmb),
            knowledge_gaps=len(verdict.knowledge_gaps),
            unmitigated_negatives=int(verdict.metrics.get("unmitigated_negatives", 0)),
            sdg_positive=tuple(s.positive for s in verdict.sdgs),
            sdg_negative=tuple(s.negative for s in verdict.sdgs),
            sdg_gaps=tuple(bool(s.knowledge_gaps) for s in verdict.sdgs),
            pillar_positive=tuple(p.positive > 0 for p in verdict.pillars),
            pillar_negative=tuple(p.negative > 0 for p in verdict.pillars),
            unmitigated=len(unmitigated),
            unmitigated_sdgs=tuple(
                sorted({int(c.target[4:]) for c in unmitigated if c.target.startswith("sdg:")})
            ),
            metrics=verdict.metrics,
        )


# Every field of Figures, in order: the constructor's arguments (``Figures.__reduce__``).
_FIGURE_FIELDS: Final = attrgetter(*(f.name for f in fields(Figures)))


class _RulePlan:
    """One rule, compiled: what it reads, how it evaluates, what it adds (a plain slotted class:
    a dataclass costs start-up time for nothing here)."""

    __slots__ = (
        "aspect",
        "canonical",
        "index",
        "kind",
        "lmb_index",
        "memo",
        "mitigated_if",
        "names",
        "negative",
        "opportunity",
        "points",
        "qids",
        "read",
        "rule",
        "sdg_index",
        "strength",
        "suggest_if",
        "targets",
        "when",
    )

    rule: Rule
    index: int
    read: Callable[[Mapping[str, Any]], Any]  # tokens -> memo key
    when: Compiled
    mitigated_if: Compiled | None
    suggest_if: Compiled | None
    negative: bool
    opportunity: bool  # a positive rule with a suggestion: may become a way to strengthen
    qids: tuple[str, ...]
    points: float
    aspect: str
    kind: str
    strength: int
    targets: tuple[str, ...]  # as written
    canonical: tuple[str, ...]  # sdg:N or the LMB field id, per target
    sdg_index: tuple[int, ...]  # per target: 0..16, or -1 for an LMB field
    lmb_index: tuple[int, ...]  # per target: 0..2, or -1 for an SDG
    memo: dict[Any, Outcome]
    names: tuple[str, ...]  # the tokens ``read`` takes (``Plan._read_names``)

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


class _Step(NamedTuple):
    """One question in the walk of ``Plan._visibility``."""

    question: Question
    qid: str
    full_only: bool  # a quick scan skips it
    read: Callable[[Mapping[str, Any]], Any] | None  # tokens -> its gates' memo key (None: no gates)
    gates: tuple[Compiled, ...]
    memo: dict[Any, bool]
    views: tuple[tuple[str, View], ...] | None  # a multiple choice's projections
    answerable: bool
    counts: bool  # counted as asked: a project question that is assessed
    project: bool
    unknown: list[tuple[str, Any]]  # its tokens (and its views') when unknown
    pair_memo: dict[Any, list[tuple[str, Any]]]
    split: tuple[Split, ...]  # its gates, comparison by comparison (``Plan._split``)
    read_by_gates: bool  # a gate reads it: the tracks must hold it (they need not hold the rest)
    # A quick scan shows it exactly when the full check does (not full-only, and its gates read
    # only such questions): its gates need not be decided twice.
    invariant: bool


class _Effect(NamedTuple):
    """What a fired rule adds to the figures (``Plan._effects``)."""

    targets: int
    sdgs: tuple[int, ...]  # the SDG numbers it targets
    aspect: int  # 0 substance, 1 process, 2 context (counted in neither)
    slots: tuple[int, ...]  # where its points go in the running sums
    material: bool
    strong: bool
    clear_direct: bool  # direct and at least material: a clear direct effect when positive


class _Visibility:
    __slots__ = ("asked", "depth", "full", "left_out", "state")

    def __init__(
        self,
        state: _State,
        asked: set[str],
        left_out: list[Question],
        full: _State | None,
        depth: _State | None,
    ) -> None:
        self.state = state
        self.asked = asked
        self.left_out = left_out  # project questions the full check would ask that this depth did not
        # What later conditions see of each question shown, per track: the full check, and the
        # chosen depth (the same object for the full check). Their keys are the questions shown.
        # None when they hold only what gates read (``Plan._visibility(complete=False)``).
        self.full = full
        self.depth = depth


class Look:
    """One set of answers as the plan sees it: ``state`` (as ``question_states`` gives it),
    ``outcomes`` (per rule of the rubric, in order: fired, mitigated, opportunity) and, on
    demand, ``figures()``."""

    __slots__ = ("_figures", "_plan", "_seen", "_tokens", "depth", "outcomes", "state")

    def __init__(
        self, plan: Plan, seen: _Visibility, tokens: _Tokens, outcomes: list[Outcome], depth: str
    ) -> None:
        self._plan = plan
        self._seen = seen
        self._tokens = tokens
        self._figures: Figures | None = None
        self.state: Mapping[str, Value | Missing] = seen.state
        self.outcomes = outcomes
        self.depth = depth

    def figures(self) -> Figures:
        if self._figures is None:
            live = [(i, o[0], o[1]) for i, o in enumerate(self.outcomes) if o[0] is not False]
            self._figures = self._plan._figures(self._seen, self._tokens, live)
        return self._figures


class Plan:
    """The compiled plan for one instrument. Cheap to build (no row is scored until asked)."""

    def __init__(
        self, questionnaire: Questionnaire, rubric: Rubric, goals: Goals, memo_limit: int = MEMO_LIMIT
    ) -> None:
        self.memo_limit = memo_limit
        self.questionnaire = questionnaire
        self.rubric = rubric
        self.goals = goals
        q = questionnaire
        self._multi = frozenset(x.id for x in q.questions if x.type == "multi_choice")
        # Per multiple-choice question, the projections ("views", see _fill_views) memo keys use.
        self._views: dict[str, dict[str, View]] = {}
        # Per question: whether a quick scan skips it, and its gates (section's and own) with a
        # memo keyed by what they read.
        self._visible_if: tuple[
            tuple[
                Question,
                str,
                bool,
                Callable[[Mapping[str, Any]], Any] | None,
                tuple[Compiled, ...],
                dict[Any, bool],
            ],
            ...,
        ] = tuple(
            (
                question,
                question.id,
                question.scope == "project" and question.depth != "quick",
                self._reader(_gate_conditions(question, q)) if gates else None,
                gates,
                {},
            )
            for question, gates in q._gates
        )
        self._answerable = tuple(x for x in q.questions if x.answerable)
        self._gap_questions = q._gap_questions
        sdg_numbers = [s.number for s in goals.sdgs]
        self._sdg_pos = {n: i for i, n in enumerate(sdg_numbers)}
        self._lmb_pos = {f.id: i for i, f in enumerate(goals.lmb_fields)}
        self._pillar_of = tuple(
            next(i for i, p in enumerate(goals.pillars) if p.id == s.pillar) for s in goals.sdgs
        )
        self._pillar_members = tuple(
            tuple(i for i, s in enumerate(goals.sdgs) if s.pillar == p.id) for p in goals.pillars
        )
        self._rules = tuple(self._compile_rule(i, r) for i, r in enumerate(rubric.rules))
        # For figures alone: the rules grouped by the questions they read, each group looked up in
        # one memo per row, which holds just the rules that fired or are unknown (most rules of a
        # row do neither). A group's key holds the tokens its rules' own keys hold (no new views:
        # a verdict's tokens stay as they are), so it decides each of them as its own key does.
        grouped: dict[tuple[str, ...], list[_RulePlan]] = {}
        for r in self._rules:
            grouped.setdefault(tuple(sorted(_reads(_rule_conditions(r.rule)))), []).append(r)
        self._rule_groups: tuple[
            tuple[
                Callable[[Mapping[str, Any]], Any],
                dict[Any, tuple[tuple[int, bool | None, bool], ...]],
                tuple[_RulePlan, ...],
            ],
            ...,
        ] = tuple(
            (
                _reader(tuple(dict.fromkeys(name for r in rules for name in r.names))),
                {},
                tuple(rules),
            )
            for rules in grouped.values()
        )
        # Gates as memoised comparisons, for combinations their memo does not hold (before the
        # views are collected below: each comparison adds the view it reads).
        splits = [tuple(self._split(c) for c in _gate_conditions(e[0], q)) for e in self._visible_if]
        self._effect_of = self._effects()
        # Each target as written -> (SDG position or -1, LMB field position or -1).
        self._target_index = {
            t: (si, li)
            for r in self._rules
            for t, si, li in zip(r.targets, r.sdg_index, r.lmb_index, strict=True)
        }
        justice = rubric.lmb.international_justice
        self._justice = compiled(justice) if justice is not None else None
        self._justice_read = self._reader([justice] if justice is not None else [])
        self._view_of = {qid: tuple(views.items()) for qid, views in self._views.items()}
        self._justice_memo: dict[Any, bool | None] = {}
        # The walk of ``_visibility``: per question its gate entry, its views, whether it is
        # answerable, counted as asked (a project question that is assessed), a project
        # question, and its tokens when unknown.
        gate_read = {x for e in self._visible_if for c in _gate_conditions(e[0], q) for x in question_ids(c)}
        invariant: dict[str, bool] = {}
        for e in self._visible_if:
            invariant[e[1]] = not e[2] and all(
                invariant.get(x, True) for c in _gate_conditions(e[0], q) for x in question_ids(c)
            )
        self._walk = tuple(
            _Step(
                *entry,
                self._view_of.get(entry[1]),
                entry[0].answerable,
                entry[0].scope == "project" and entry[0].assessable,
                entry[0].scope == "project",
                [
                    (entry[1], _UNKNOWN_TOKEN),
                    *((name, _UNKNOWN_TOKEN) for name in self._views.get(entry[1], ())),
                ],
                {},
                split,
                entry[1] in gate_read,
                invariant[entry[1]],
            )
            for entry, split in zip(self._visible_if, splits, strict=True)
        )
        self._risky = rubric.risk_questions
        # For knowledge gaps: the assessable questions (in order), and per question the rules reading it.
        self._assessable = tuple(x for x in q.questions if x.assessable)
        self._assessable_ids = tuple((x.id, x.scope == "project") for x in self._assessable)
        # The level is decided on the metrics its conditions read: they key its memo.
        self._level_reads = tuple(
            dict.fromkeys(
                c.subject
                for level in rubric.levels
                if level.when is not None
                for c in subjects(level.when, "metric")
            )
        )
        self._level_memo: dict[tuple[float | None, ...], Level] = {}
        # For looking again after a few answers changed (``look(base=...)``): the questions' order,
        # per question the questions whose visibility reads it, and the rules whose conditions do.
        self._position = {entry[1]: i for i, entry in enumerate(self._visible_if)}
        gated_by: dict[str, list[int]] = {}
        for i, entry in enumerate(self._visible_if):
            for qid in _reads(_gate_conditions(entry[0], q)):
                gated_by.setdefault(qid, []).append(i)
        self._gated_by = {qid: tuple(ix) for qid, ix in gated_by.items()}
        reading: dict[str, list[int]] = {}
        for r in self._rules:
            for qid in _reads(_rule_conditions(r.rule)):
                reading.setdefault(qid, []).append(r.index)
        self._reading = {qid: tuple(ix) for qid, ix in reading.items()}
        self._lmb_memo: dict[tuple[Any, ...], Level] = {}
        self._shared: dict[tuple[str, Words | None], dict[Any, Any]] = {}

    def _reader(self, conditions: Sequence[Condition]) -> Callable[[Mapping[str, Any]], Any]:
        """tokens -> the memo key of these conditions (``_read_names``)."""
        return _reader(self._read_names(conditions))

    def _read_names(self, conditions: Sequence[Condition]) -> tuple[str, ...]:
        """The tokens that key these conditions: the token of each question they read, and for a
        multiple choice the view of it that holds just the values they test (added to the views)."""
        names = []
        for qid in _reads(conditions):
            if qid in self._multi:
                literals, whole = _literals(conditions, qid)
                view = "\x1f".join((qid, "=" if whole else "", *sorted(literals)))
                self._views.setdefault(qid, {})[view] = (literals, whole)
                names.append(view)
            else:
                names.append(qid)
        return tuple(names)

    def _split(self, cond: Condition) -> Split:
        """(tokens, lookup) -> ``compiled(cond)(lookup)``, each comparison memoised by the token of
        the question it reads, and all/any/not combined in Kleene logic as ``compiled`` does. For
        a condition over several questions (a section shown for any of five reasons) the
        combinations of their answers outnumber any memo, but each comparison has a handful."""
        if isinstance(cond, Compare):
            read = self._reader([cond])
            evaluate = compiled(cond)
            memo: dict[Any, bool | None] = {}
            plan = self

            def leaf(tokens: Mapping[str, Any], lookup: Callable[[str], Any]) -> bool | None:
                key = read(tokens)
                found = memo.get(key, _MISS)
                if found is _MISS:
                    found = evaluate(lookup)
                    if len(memo) < plan.memo_limit:
                        memo[key] = found
                return found  # type: ignore[return-value]

            return leaf
        if isinstance(cond, Not):
            inner = self._split(cond.item)

            def negate(tokens: Mapping[str, Any], lookup: Callable[[str], Any]) -> bool | None:
                r = inner(tokens, lookup)
                return None if r is None else not r

            return negate
        assert isinstance(cond, All | AnyOf)
        parts = tuple(self._split(item) for item in cond.items)
        stop = isinstance(cond, AnyOf)  # any stops at the first True, all at the first False

        def combine(tokens: Mapping[str, Any], lookup: Callable[[str], Any]) -> bool | None:
            unknown = False
            for part in parts:
                r = part(tokens, lookup)
                if r is stop:
                    return stop
                if r is None:
                    unknown = True
            return None if unknown else not stop

        return combine

    def _compile_rule(self, index: int, rule: Rule) -> _RulePlan:
        rubric = self.rubric
        qids = question_ids(rule.when)
        # The memo key: what the rule's conditions read (mitigation and suggestion too).
        conditions = _rule_conditions(rule)
        canonical = tuple(_canonical(t) for t in rule.targets)
        sdg_index = tuple(
            self._sdg_pos.get(int(c[4:]), -1) if c.startswith("sdg:") else -1 for c in canonical
        )
        lmb_index = tuple(-1 if c.startswith("sdg:") else self._lmb_pos.get(c, -1) for c in canonical)
        names = self._read_names(conditions)
        return _RulePlan(
            rule=rule,
            index=index,
            read=_reader(names),
            names=names,
            when=compiled(rule.when),
            mitigated_if=compiled(rule.mitigated_if) if rule.mitigated_if is not None else None,
            suggest_if=compiled(rule.suggest_if) if rule.suggest_if is not None else None,
            negative=rule.effect.sign == "negative",
            opportunity=rule.effect.sign == "positive" and bool(rule.suggestion),
            qids=qids,
            points=number(rubric.weights.get(rule.effect.kind, 1.0) * rule.effect.strength),
            aspect=rule.aspect,
            kind=rule.effect.kind,
            strength=rule.effect.strength,
            targets=rule.targets,
            canonical=canonical,
            sdg_index=sdg_index,
            lmb_index=lmb_index,
            memo={},
        )

    # ------------------------------------------------------------------ states

    def _visibility(
        self, answers: Mapping[str, Any], depth: str, complete: bool = True
    ) -> tuple[_Visibility, _Tokens]:
        """``question_states`` and ``not_covered`` of the reference in one walk over the questions,
        with the memo tokens of the states (what ``_tokens`` would give). Each question's tokens
        are computed once and shared by the two tracks and the states: they all see the same
        value of a question, or none.

        ``complete``: the tracks hold every question shown, as a ``Look`` needs to look again;
        else only the questions gates read (a verdict and figures need no more), and the
        ``_Visibility`` has no tracks."""
        gap_answers = self._gap_answers(answers) if self._gap_questions else ()
        full = depth == "full"
        # What a later condition sees of each question shown (ABSENT when not shown), per track:
        # the full check, and the chosen depth (the same track when that is the full check).
        seen_full = _State()
        seen_depth = seen_full if full else _State()
        tokens_full = _Tokens()
        tokens_depth = tokens_full if full else _Tokens()
        lookup_full = seen_full.__getitem__
        lookup_depth = seen_depth.__getitem__
        state = _State()
        tokens = _Tokens()
        asked: set[str] = set()
        left_out: list[Question] = []
        limit = self.memo_limit
        token: Any  # a question's memo token (``_token``)
        for (
            question, qid, full_only, read, _gates, memo, views, answerable, counts, project, unknown, pair_memo, split,
            read_by_gates, invariant,
        ) in self._walk:  # fmt: skip
            answered = qid in answers
            seen: Value | Missing = answers[qid] if answered and qid not in gap_answers else UNKNOWN
            if views is None:
                # The common answers inline (as ``_token`` gives them): a call per answer costs more.
                if type(seen) is str:
                    token = seen
                elif seen is True:
                    token = _TRUE_TOKEN
                elif seen is False:
                    token = _FALSE_TOKEN
                elif seen is UNKNOWN:
                    token = _UNKNOWN_TOKEN
                else:
                    token = _token(seen)
                pairs = None
            else:
                pairs = _view_pairs(qid, seen, views, pair_memo, limit)
            if read is None:
                shown = True
            else:
                key = read(tokens_full)
                shown = memo.get(key)  # type: ignore[assignment]
                if shown is None:
                    shown = all(gate(tokens_full, lookup_full) is not False for gate in split)
                    if len(memo) < limit:
                        memo[key] = shown
            keep = complete or read_by_gates
            if shown and keep:
                seen_full[qid] = seen
                if pairs is None:
                    tokens_full[qid] = token
                else:
                    tokens_full.update(pairs)
            if full:
                shown_depth = shown
            elif full_only:
                shown_depth = False
            else:
                if invariant:
                    shown_depth = shown
                else:
                    assert read is not None  # a question without gates is invariant (or full-only)
                    key = read(tokens_depth)
                    shown_depth = memo.get(key)  # type: ignore[assignment]
                    if shown_depth is None:
                        shown_depth = all(gate(tokens_depth, lookup_depth) is not False for gate in split)
                        if len(memo) < limit:
                            memo[key] = shown_depth
                if shown_depth and keep:
                    seen_depth[qid] = seen
                    if pairs is None:
                        tokens_depth[qid] = token
                    else:
                        tokens_depth.update(pairs)
            if not answerable:
                continue
            if answered and shown:
                state[qid] = seen
                if pairs is None:
                    tokens[qid] = token
                else:
                    tokens.update(pairs)
            elif shown_depth:
                state[qid] = UNKNOWN
                tokens.update(unknown)
            else:
                state[qid] = ABSENT  # its tokens: absent (_Tokens.__missing__)
                if shown and project and not answered:
                    left_out.append(question)  # the full check asks it, this depth did not
                continue
            if counts:
                asked.add(qid)
        if not complete:
            return _Visibility(state, asked, left_out, None, None), tokens
        return _Visibility(state, asked, left_out, seen_full, seen_depth), tokens

    def _gap_answers(self, answers: Mapping[str, Any]) -> set[str]:
        return (
            {x.id for x in self._gap_questions if x.id in answers and x.is_gap_answer(answers[x.id])}
            if self._gap_questions
            else set()
        )

    def _states(
        self,
        answers: Mapping[str, Any],
        gap_answers: set[str],
        seen_full: _State,
        seen_depth: _State,
        shown_full: Sequence[Question],
        shown_depth: set[str],
        full: bool,
    ) -> _Visibility:
        """The answer states, once the questions shown (per track) are known."""
        state = _State()
        asked: set[str] = set()
        for q in self._answerable:
            qid = q.id
            if qid in answers and qid in seen_full:
                state[qid] = UNKNOWN if qid in gap_answers else answers[qid]
            elif qid in shown_depth:
                state[qid] = UNKNOWN
            else:
                state[qid] = ABSENT
                continue
            if q.scope == "project" and q.assessable:
                asked.add(qid)
        left_out = (
            []
            if full
            else [
                q
                for q in shown_full
                if q.scope == "project" and q.id not in shown_depth and q.id not in answers and q.answerable
            ]
        )
        return _Visibility(state, asked, left_out, seen_full, seen_depth)

    def _outcomes(self, state: _State, tokens: _Tokens) -> list[Outcome]:
        """Each rule's outcome, in rule order, looked up in its memo (evaluated on a miss)."""
        lookup = state.__getitem__
        out: list[Outcome] = []
        append = out.append
        for r in self._rules:
            key = r.read(tokens)
            memo = r.memo
            outcome = memo.get(key)
            if outcome is None:
                outcome = self._evaluate(r, state, lookup)
                if len(memo) < self.memo_limit:
                    memo[key] = outcome
            append(outcome)
        return out

    @staticmethod
    def _evaluate(r: _RulePlan, state: _State, lookup: Callable[[str], Any]) -> Outcome:
        fired = r.when(lookup)
        mitigated = False
        opportunity = False
        if fired is True:
            if r.negative and r.mitigated_if is not None:
                mitigated = r.mitigated_if(lookup) is True
        elif fired is False and r.opportunity:
            opportunity = all(not isinstance(state[q], Missing) for q in r.qids) and (
                r.suggest_if is None or r.suggest_if(lookup) is True
            )
        return (fired, mitigated, opportunity)

    def _justice_of(self, state: _State, tokens: _Tokens) -> bool | None:
        if self._justice is None:
            return True
        key = self._justice_read(tokens)
        if key in self._justice_memo:
            return self._justice_memo[key]
        result = self._justice(state.__getitem__)
        if len(self._justice_memo) < self.memo_limit:
            self._justice_memo[key] = result
        return result

    def _coverage(self, left_out: Sequence[Question], lang: str) -> Coverage:
        if not left_out:
            return Coverage(False)
        topics: dict[str, list[Question]] = {}
        for q in left_out:
            topics.setdefault(q.section, []).append(q)
        out = []
        for section_id, questions in topics.items():
            section = self.questionnaire.section(section_id)
            title = pick(section.title, lang) if section else section_id
            risk = any(q.id in self._risky for q in questions)
            out.append(CoverageTopic(section_id, title, tuple(q.id for q in questions), risk))
        return Coverage(any(t.risk for t in out), tuple(out))

    # ------------------------------------------------------------------ the full verdict

    def _shared_for(self, lang: str, words: Words | None) -> dict[Any, Any] | None:
        """The memo the explaining stages share across projects (``scoring._Run.shared``), one per
        language and words (a few at most; more are not remembered)."""
        key = (lang, words)
        shared = self._shared.get(key)
        if shared is None and len(self._shared) < 8:
            shared = self._shared[key] = {}
        return shared

    def verdict(
        self,
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
        """Exactly ``score(questionnaire, rubric, goals, answers, ...)`` with the same arguments."""
        seen, tokens = self._visibility(answers, depth, complete=False)
        state = seen.state
        rubric = self.rubric
        run = _Run(
            self.questionnaire,
            rubric,
            self.goals,
            answers,
            depth,
            lang,
            words or Words(),
            explain,
            state,
            seen.asked,
            state.__getitem__,
            {},
            self._shared_for(lang, words) if explain else None,
        )
        fired = _Fired([], [], [])
        source_default = rubric.id
        for r, (hit, mitigated, opportunity) in zip(self._rules, self._outcomes(state, tokens), strict=True):
            rule = r.rule
            if hit is None:
                fired.undetermined.append(rule)
                continue
            if not hit:
                if opportunity:
                    fired.opportunities.append(rule)
                continue
            rationale = pick(rule.rationale, lang) if explain else ""
            reasons = run.because(rule) if explain else ()
            source = rule.source or source_default
            sign = rule.effect.sign
            for target in r.targets:
                fired.contributions.append(
                    Contribution(
                        rule.id, target, sign, r.kind, r.strength, r.points, mitigated,
                        rationale, reasons, source, r.aspect,
                    )
                )  # fmt: skip
        justice = self._justice_of(state, tokens)
        coverage = self._coverage(seen.left_out, lang)
        return _assemble(run, fired, justice, coverage, project, tool_version, profile)

    # ------------------------------------------------------------------ figures only

    def figures(self, answers: Mapping[str, Any], depth: str = "quick") -> Figures:
        """``Figures.of(score(..., explain=False))``, without building a verdict."""
        seen, tokens = self._visibility(answers, depth, complete=False)
        return self._figures(seen, tokens, self._live(seen.state, tokens))

    def _live(self, state: _State, tokens: _Tokens) -> list[tuple[int, bool | None, bool]]:
        """(rule index, fired, mitigated) of the rules that fired or are unknown, in rule order:
        all ``_figures`` reads of the outcomes."""
        lookup = state.__getitem__
        live: list[tuple[int, bool | None, bool]] = []
        limit = self.memo_limit
        evaluate = self._evaluate
        for read, memo, rules in self._rule_groups:
            key = read(tokens)
            found = memo.get(key)
            if found is None:
                found = tuple(
                    (r.index, o[0], o[1]) for r in rules if (o := evaluate(r, state, lookup))[0] is not False
                )
                if len(memo) < limit:
                    memo[key] = found
            if found:
                live += found
        live.sort()  # the groups interleave; sums are added in rule order, as the reference does
        return live

    def look(
        self,
        answers: Mapping[str, Any],
        depth: str = "quick",
        *,
        base: Look | None = None,
        changed: Sequence[str] = (),
    ) -> Look:
        """The states scoring sees (``question_states``) and each rule's outcome, with the
        figures computed only when asked for: what ``core.whatif`` reads of a set of answers.

        ``base``: the look at answers that differ from these only in the questions ``changed``.
        Then only what those changes can reach is looked at again: the visibility of the
        questions whose conditions read a changed (or newly shown or hidden) question, the
        states of those questions and the rules reading them (``_relook``: the same result as
        a full look, which is taken otherwise)."""
        if base is not None and base.depth == depth and base._plan is self:
            again = self._relook(base, answers, changed)
            if again is not None:
                return again
        seen, tokens = self._visibility(answers, depth)
        return Look(self, seen, tokens, self._outcomes(seen.state, tokens), depth)

    def _relook(self, base: Look, answers: Mapping[str, Any], changed: Sequence[str]) -> Look | None:
        """The look at ``answers`` from ``base``: what later conditions see changes only for the
        changed questions and for questions shown or hidden because of them (and so on, in the
        questionnaire's order), so only those questions' visibility is decided again, only their
        states and the rules reading them. The same result as a full walk (tested)."""
        seen = base._seen
        position = self._position
        if seen.full is None or seen.depth is None or any(qid not in position for qid in changed):
            return None
        gap_answers = self._gap_answers(answers)
        get = answers.get

        def seen_value(qid: str) -> Value | Missing:
            value: Value | Missing = UNKNOWN if qid in gap_answers else get(qid, UNKNOWN)
            return value

        full = base.depth == "full"
        full_track, flipped = self._walk_again(seen.full, True, changed, seen_value)
        if full:
            depth_track = full_track
        else:
            depth_track, also = self._walk_again(seen.depth, False, changed, seen_value)
            flipped |= also
        # The questions the full check shows, in order (only a quick scan's left_out reads them).
        shown_full = [] if full else [e[0] for e in self._visible_if if e[1] in full_track]
        shown_depth = set(depth_track)
        fresh = self._states(answers, gap_answers, full_track, depth_track, shown_full, shown_depth, full)
        state = fresh.state
        # A state changes only with its answer or with its question shown or hidden.
        tokens = _Tokens(base._tokens)
        reading: set[int] = set()
        for qid in {*changed, *flipped}:
            now = state[qid]
            tokens[qid] = _token(now)
            views = self._view_of.get(qid)
            if views:
                _fill_views(tokens, now, views)
            reading.update(self._reading.get(qid, ()))
        outcomes = list(base.outcomes)
        lookup = state.__getitem__
        for index in sorted(reading):
            r = self._rules[index]
            key = r.read(tokens)
            memo = r.memo
            outcome = memo.get(key)
            if outcome is None:
                outcome = self._evaluate(r, state, lookup)
                if len(memo) < self.memo_limit:
                    memo[key] = outcome
            outcomes[index] = outcome
        return Look(self, fresh, tokens, outcomes, base.depth)

    def _walk_again(
        self,
        track: _State,
        is_full: bool,
        changed: Sequence[str],
        seen_value: Callable[[str], Value | Missing],
    ) -> tuple[_State, set[str]]:
        """One track (what later conditions see of each question shown) after ``changed``: the
        changed questions shown see their new answers, then every question whose visibility
        reads a question whose view changed is decided again, in order. Also the questions
        whose visibility flipped."""
        track = _State(track)
        position = self._position
        pending: list[int] = []
        for qid in changed:
            if qid in track:
                track[qid] = seen_value(qid)
                pending.extend(self._gated_by.get(qid, ()))
        heapq.heapify(pending)
        flipped: set[str] = set()
        done: set[int] = set()
        while pending:
            i = heapq.heappop(pending)
            if i in done:
                continue
            done.add(i)
            _, qid, full_only, _, gates, _ = self._visible_if[i]
            if not is_full and full_only:
                continue

            def lookup(k: str, i: int = i) -> Value | Missing:
                # What the single forward walk saw when it reached question i.
                if position.get(k, i) >= i:
                    return ABSENT
                return track[k]

            shown = all(gate(lookup) is not False for gate in gates)
            if shown == (qid in track):
                continue
            if shown:
                track[qid] = seen_value(qid)
            else:
                del track[qid]
            flipped.add(qid)
            for j in self._gated_by.get(qid, ()):
                if j > i:  # a condition on a later question sees it as not asked anyway
                    heapq.heappush(pending, j)
        return track, flipped

    def _effects(self) -> tuple[_Effect | None, ...]:
        """Per rule, what it adds to the figures when it fires (None: no targets, nothing)."""
        n_sdg = len(self.goals.sdgs)
        n_lmb = len(self.goals.lmb_fields)
        rubric = self.rubric
        out: list[_Effect | None] = []
        for r in self._rules:
            if not r.targets:
                out.append(None)
                continue
            direct = r.kind == "direct"
            slots = []
            for si, li in zip(r.sdg_index, r.lmb_index, strict=True):
                if si >= 0:
                    slots.append(((2 if direct else 3) if r.negative else (0 if direct else 1)) * n_sdg + si)
                elif li >= 0:
                    slots.append(4 * n_sdg + (n_lmb if r.negative else 0) + li)
            out.append(
                _Effect(
                    len(r.targets),
                    tuple(int(c[4:]) for c in r.canonical if c.startswith("sdg:")),
                    {"substance": 0, "process": 1}.get(r.aspect, 2),
                    tuple(slots),
                    r.strength >= rubric.material_strength,
                    r.strength >= rubric.strong_negative_strength,
                    direct and r.strength >= rubric.material_strength,
                )
            )
        return tuple(out)

    def _figures(
        self, seen: _Visibility, tokens: _Tokens, live: Sequence[tuple[int, bool | None, bool]]
    ) -> Figures:
        """The figures of one project, from the rules that fired or are unknown (``_live``)."""
        state = seen.state
        rubric = self.rubric
        n_sdg = len(self.goals.sdgs)
        n_lmb = len(self.goals.lmb_fields)
        # Running sums per SDG (direct and indirect, positive and negative) and per LMB field
        # (positive, negative), in one list: each fired rule adds its points to its slots. An SDG
        # no rule touched sums to the int 0, as the reference has it.
        acc: list[float] = [0] * (4 * n_sdg + 2 * n_lmb)
        pos_effects = 0
        direct_pos_effects = 0
        pos_points: float = 0
        unmitigated_effects = 0
        material = 0
        strong = 0
        proc_pos = 0
        proc_neg = 0
        negative_contribs = 0
        unmitigated_contribs = 0
        unmitigated_any = 0
        unmitigated_sdgs: set[int] = set()
        gap_targets: dict[str, list[str]] = {}
        rules = self._rules
        effects = self._effect_of
        for index, hit, mitigated in live:
            r = rules[index]
            if hit is None:
                for qid in r.qids:
                    if state[qid] is UNKNOWN:
                        gap_targets.setdefault(qid, []).extend(r.targets)
                continue
            effect = effects[index]
            if effect is None:
                continue
            targets, sdgs, aspect, slots, is_material, is_strong, clear_direct = effect
            if r.negative:
                if not mitigated:
                    unmitigated_any += targets
                    unmitigated_sdgs.update(sdgs)
                if aspect:
                    if aspect == 1:
                        proc_neg += 1
                    continue
                negative_contribs += targets
                if not mitigated:
                    unmitigated_effects += 1
                    unmitigated_contribs += targets
                    material += is_material
                    strong += is_strong
            else:
                if aspect:
                    if aspect == 1:
                        proc_pos += 1
                    continue
                pos_effects += 1
                direct_pos_effects += clear_direct
                pos_points += r.points
            points = r.points
            for k in slots:
                acc[k] += points
        pd = acc[0:n_sdg]
        pi = acc[n_sdg : 2 * n_sdg]
        nd = acc[2 * n_sdg : 3 * n_sdg]
        ni = acc[3 * n_sdg : 4 * n_sdg]
        lmb_pos = acc[4 * n_sdg : 4 * n_sdg + n_lmb]
        lmb_neg = acc[4 * n_sdg + n_lmb :]
        # Knowledge gaps: every asked, assessable question left open; the project's count per target.
        gap_count = 0
        project_gaps = 0
        unknown_risks = 0
        risky = self._risky
        sdg_gap_count = [0] * n_sdg
        lmb_gap_count = [0] * n_lmb
        for qid, project in self._assessable_ids:
            if state[qid] is not UNKNOWN:
                continue
            gap_count += 1
            if not project:
                continue
            project_gaps += 1
            if qid in risky:
                unknown_risks += 1
            for t in set(gap_targets.get(qid, ())):
                si, li = self._target_index[t]
                if si >= 0:
                    sdg_gap_count[si] += 1
                elif li >= 0:
                    lmb_gap_count[li] += 1
        # ``number`` only where it changes something: a whole sum is an int already (most are).
        sdg_positive = tuple([x if type(x) is int else number(x) for x in map(add, pd, pi)])
        sdg_negative = tuple([x if type(x) is int else number(x) for x in map(add, nd, ni)])
        pillar_pos_points = [number(sum(sdg_positive[i] for i in m)) for m in self._pillar_members]
        pillar_neg_points = [number(sum(sdg_negative[i] for i in m)) for m in self._pillar_members]
        sdgs_pos = len(sdg_positive) - sdg_positive.count(0)
        sdgs_neg = len(sdg_negative) - sdg_negative.count(0)
        pillars_pos = len(pillar_pos_points) - pillar_pos_points.count(0)
        justice = self._justice_of(state, tokens)
        lmb_levels = []
        lmb_with_positive = 0
        settings = rubric.lmb
        for li in range(n_lmb):
            raw_pos = number(lmb_pos[li])
            neg = number(lmb_neg[li])
            pos = raw_pos if justice is True else 0
            if justice is not True and not neg:
                level = settings.not_lmb if justice is False else settings.undetermined
            else:
                key = (pos, neg, lmb_gap_count[li])
                found = self._lmb_memo.get(key)
                if found is None:
                    found = _first_level(
                        settings.levels, {"positive": pos, "negative": neg, "knowledge_gaps": key[2]}
                    )
                    if len(self._lmb_memo) < self.memo_limit:
                        self._lmb_memo[key] = found
                level = found
            lmb_levels.append(level.id)
            if pos:
                lmb_with_positive += 1
        unexamined = sum(1 for q in seen.left_out if q.id in risky)
        asked = len(seen.asked)
        metrics: dict[str, float] = {
            "substantive_positive_effects": pos_effects,
            "clear_direct_positive_effects": direct_pos_effects,
            "substantive_positive_points": number(pos_points),
            "substantive_sdgs_with_positive": sdgs_pos,
            "substantive_pillars_with_positive": pillars_pos,
            "unmitigated_negative_effects": unmitigated_effects,
            "material_unmitigated_negatives": material,
            "unmitigated_strong_negatives": strong,
            "process_positive_effects": proc_pos,
            "process_negative_effects": proc_neg,
            "positive_total": number(sum(sdg_positive)),
            "negative_total": number(sum(sdg_negative)),
            "sdgs_with_positive": sdgs_pos,
            "sdgs_with_negative": sdgs_neg,
            "pillars_with_positive": pillars_pos,
            "negative_contributions": negative_contribs,
            "unmitigated_negatives": unmitigated_contribs,
            "trade_offs": sdgs_neg if sdgs_pos else 0,
            "knowledge_gaps": project_gaps,
            "assessed_questions": asked,
            "knowledge_gap_share": number(project_gaps / asked) if asked else 0,
            "municipal_knowledge_gaps": gap_count - project_gaps,
            "unexamined_risks": unexamined,
            "unknown_risks": unknown_risks,
            "lmb_fields_with_positive": lmb_with_positive,
            "is_lmb": 1 if justice is True and lmb_with_positive else 0,
        }
        level_key = tuple(map(metrics.get, self._level_reads))
        found_level = self._level_memo.get(level_key)
        if found_level is None:
            found_level = _first_level(rubric.levels, metrics)
            if len(self._level_memo) < self.memo_limit:
                self._level_memo[level_key] = found_level
        return Figures(
            level=found_level.id,
            is_lmb=None if justice is None else bool(justice and lmb_with_positive),
            lmb_levels=tuple(lmb_levels),
            knowledge_gaps=gap_count,
            unmitigated_negatives=unmitigated_contribs,
            sdg_positive=sdg_positive,
            sdg_negative=sdg_negative,
            sdg_gaps=tuple(bool(x) for x in sdg_gap_count),
            pillar_positive=tuple(x > 0 for x in pillar_pos_points),
            pillar_negative=tuple(x > 0 for x in pillar_neg_points),
            unmitigated=unmitigated_any,
            unmitigated_sdgs=tuple(sorted(unmitigated_sdgs)),
            metrics=metrics,
        )


__all__ = ["LMB_FIELDS", "MEMO_LIMIT", "Figures", "Look", "Plan"]
