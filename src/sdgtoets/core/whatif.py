"""What would lift the verdict: the smallest sets of answer changes that raise the level.

Pure and deterministic. The search runs over the rubric's own rules:

1. **Candidates.** Only questions the project owner can act on (``changeable``, asked for this
   project, of the project's scope, read by a rule) and only the answers the rubric's conditions
   name (plus one answer none of them names, and for numbers the thresholds and their neighbours).
   A multi-choice question gives one candidate per option the rules name (tick it, or untick it).
   A candidate must make nothing worse on its own (no positive rule lost, no harm added or left
   unmitigated, no new knowledge gap) and must change at least one comparison in a rule that is
   not yet at its best: the tool proposes improvements, not trade-offs.
2. **Search.** For sizes 1, 2, ... up to ``max_size``, every combination of candidates (one per
   question, one per multi-choice option) is scored by ``level_of`` (the real scorer, so a
   proposal is always the verdict the tool would give). A branch is cut when even adding every
   remaining candidate at its best cannot reach the lowest level still sought: this relies on the
   rubric being monotone (more positive effects, fewer harms and fewer gaps never lower the level),
   which property tests check on the bundled content. The first size at which a level is reached
   is the smallest for that level; the sets of that size are the proposals.
3. **Bounds.** At most ``budget`` scorings for the search by size and ``budget + 2E + 2`` in all
   (the rest for a greedy pass beyond the searched sizes), deterministic, not a clock. With E
   candidates, the search by size scores at most sum(C(E, k), k <= max_size) sets; E grows
   linearly with the number of questions the rules read (each adds the answers its conditions
   name), so unbounded it would grow as O(E^max_size) scorings; the budget caps it at
   O(budget + E), plus one look at each candidate answer to choose the candidates. One scoring costs
   O(questions + rules) with the reference scorer; with the compiled plan (``plan=``) a set of
   answers is looked at from the answers as given (``Plan.look(base=...)``): only the changed
   questions, the questions they show or hide, their states and the rules reading them, then
   the figures. For the bundled content that is a few hundred looks and at most ~200 scorings
   per project, tens of milliseconds (``benchmarks/whatif_bench.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from .conditions import ABSENT, UNKNOWN, All, Compare, Condition, Not, evaluate, question_ids, subjects
from .metrics import VERDICT_METRICS
from .questionnaire import Question, Questionnaire, question_states
from .rubric import Rubric, Rule
from .scoring import Words, display_answer, state_lookup, stored_value
from .text import pick

if TYPE_CHECKING:
    from .plan import Look, Plan

MAX_SIZE: Final = 4
BUDGET: Final = 120
MAX_PROPOSALS: Final = 3

Scored = tuple[str, Mapping[str, float]]  # a level id and the metrics it was decided on
LevelOf = Callable[[Mapping[str, Any]], Scored]


@dataclass(frozen=True)
class Change:
    """One answer to change. For a multi-choice question, ``option`` is the option ticked
    (``ticked``) or unticked, and ``value`` the whole new answer."""

    question: str
    label: str
    old: Any  # as stored: the value, or "unknown"
    old_display: str
    value: Any
    display: str
    option: str | None = None
    ticked: bool = True
    option_label: str | None = None  # the label of ``option``
    short: str = ""  # the question's short name (its label when it has none)
    # The rules this change improves (they read its question), so that a reader sees which of
    # the proposal's suggestions go with it.
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    changes: tuple[Change, ...]
    level: str  # the level these changes give
    level_label: str
    rank: int
    suggestions: tuple[tuple[str, str], ...]  # (rule id, suggestion text) of the rules they improve


@dataclass(frozen=True)
class Target:
    """A better level and the smallest sets of changes found that reach at least it."""

    level: str
    label: str
    rank: int
    size: int | None  # changes needed; None: not reached within the limits
    proposals: tuple[Proposal, ...] = ()
    smallest: bool = False  # found by the search by size (else: a small set, not proven smallest)


@dataclass(frozen=True)
class WhatIf:
    level: str
    level_label: str
    rank: int | None  # None: the rubric gives this level no rank
    ranked: bool  # the rubric ranks its levels at all
    targets: tuple[Target, ...]
    candidates: int
    scorings: int
    complete: bool  # False: the budget ran out before every size up to max_size was searched
    max_size: int
    budget: int
    fixed: tuple[str, ...] = field(default=())  # questions read by rules but not changeable

    @property
    def best(self) -> Target | None:
        """The highest level that can be reached."""
        reached = [t for t in self.targets if t.size is not None]
        return reached[-1] if reached else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": {"id": self.level, "label": self.level_label, "rank": self.rank},
            "ranked": self.ranked,
            "targets": [
                {
                    "level": t.level,
                    "label": t.label,
                    "rank": t.rank,
                    "changes_needed": t.size,
                    "smallest": t.smallest,
                    "proposals": [
                        {
                            "level": p.level,
                            "label": p.level_label,
                            "rank": p.rank,
                            "changes": [
                                {
                                    "question": c.question,
                                    "label": c.label,
                                    "short_label": c.short or c.label,
                                    "from": c.old,
                                    "from_display": c.old_display,
                                    "to": c.value,
                                    "to_display": c.display,
                                    **(
                                        {
                                            "option": c.option,
                                            "option_label": c.option_label,
                                            "ticked": c.ticked,
                                        }
                                        if c.option
                                        else {}
                                    ),
                                    "rules": list(c.rules),
                                }
                                for c in p.changes
                            ],
                            "suggestions": [{"rule": r, "text": s} for r, s in p.suggestions],
                        }
                        for p in t.proposals
                    ],
                }
                for t in self.targets
            ],
            "search": {
                "candidates": self.candidates,
                "scorings": self.scorings,
                "complete": self.complete,
                "max_changes": self.max_size,
                "budget": self.budget,
                "fixed_questions": list(self.fixed),
            },
        }


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Edit:
    """A candidate change: a new value, or for a multi-choice question one option (un)ticked."""

    question: str
    value: Any  # single: the new value; multi: the option
    multi: bool = False
    tick: bool = True


@dataclass(frozen=True)
class Slot:
    """Candidate edits of which a set takes at most one: the answers to one question, or one option."""

    key: tuple[str, str]
    edits: tuple[Edit, ...]  # best first


def _conditions(rubric: Rubric) -> list[Condition]:
    out: list[Condition] = []
    for rule in rubric.rules:
        out.append(rule.when)
        if rule.mitigated_if is not None:
            out.append(rule.mitigated_if)
    if rubric.lmb.international_justice is not None:
        out.append(rubric.lmb.international_justice)
    return out


def _named_values(rubric: Rubric) -> dict[str, list[Compare]]:
    found: dict[str, list[Compare]] = {}
    for cond in _conditions(rubric):
        for c in subjects(cond):
            found.setdefault(c.subject, []).append(c)
    return found


def _values(cmp: Compare) -> tuple[Any, ...]:
    v = cmp.value
    return tuple(v) if isinstance(v, tuple | list) else (v,)


def _single_candidates(q: Question, compares: list[Compare], current: Any) -> list[Any]:
    if q.type == "boolean":
        return [v for v in (True, False) if v is not current]
    if q.type == "number":
        points: list[float] = []
        for c in compares:
            for v in _values(c):
                if isinstance(v, int | float) and not isinstance(v, bool):
                    points += [v - 1, v, v + 1]
        out = []
        for p in sorted(set(points)):
            if (q.minimum is not None and p < q.minimum) or (q.maximum is not None and p > q.maximum):
                continue
            if p != current:
                out.append(int(p) if float(p).is_integer() else p)
        return out
    gaps = {c.value for c in q.choices if c.gap or not c.changeable}
    named = {str(v).casefold() for c in compares for v in _values(c) if v is not None}
    values = [c.value for c in q.choices if c.value.casefold() in named and c.value not in gaps]
    other = next(
        (c.value for c in q.choices if c.value.casefold() not in named and c.value not in gaps), None
    )
    if other is not None:
        values.append(other)
    return [v for v in values if v != current]


def apply_edits(
    answers: Mapping[str, Any], edits: Sequence[Edit], questionnaire: Questionnaire
) -> dict[str, Any]:
    out = dict(answers)
    for e in edits:
        if not e.multi:
            out[e.question] = e.value
            continue
        q = questionnaire.get(e.question)
        assert q is not None
        current = out.get(e.question)
        chosen = set(current) if isinstance(current, list) else set()
        if e.tick:
            chosen.add(e.value)
        else:
            chosen.discard(e.value)
        out[e.question] = [c.value for c in q.choices if c.value in chosen]
    return out


@dataclass(frozen=True)
class _Outcome:
    """What a rule-level look at one set of answers shows (no scoring needed)."""

    positive: frozenset[str]  # positive rules that fire
    harms: frozenset[str]  # negative rules that fire and are not mitigated
    mitigated: frozenset[str]  # negative rules that fire and are mitigated
    gaps: frozenset[str]  # assessable project questions left unknown
    state: Mapping[str, Any]  # the answers as scoring sees them


class _Rules:
    """The rubric's conditions, looked at rule by rule for one set of answers."""

    def __init__(
        self, questionnaire: Questionnaire, rubric: Rubric, depth: str, plan: Plan | None = None
    ) -> None:
        self.questionnaire = questionnaire
        self.rubric = rubric
        self.depth = depth
        self.plan = plan
        self._seen: dict[Any, tuple[_Outcome, Look]] = {}
        self._base: tuple[Mapping[str, Any], Look] | None = None  # the answers as given, first
        self._signs = tuple((r.id, r.effect.sign == "positive") for r in rubric.rules)
        self.atoms = _named_values(rubric)
        self.assessable = {q.id for q in questionnaire.questions if q.assessable and q.scope == "project"}

    def outcome(self, answers: Mapping[str, Any]) -> _Outcome:
        if self.plan is not None:
            return self._planned(answers, self.plan)[0]
        state, _ = question_states(self.questionnaire, answers, self.depth)
        lookup = state_lookup(state)
        positive, harms, mitigated = set(), set(), set()
        for rule in self.rubric.rules:
            if evaluate(rule.when, lookup) is not True:
                continue
            if rule.effect.sign == "positive":
                positive.add(rule.id)
            elif rule.mitigated_if is not None and evaluate(rule.mitigated_if, lookup) is True:
                mitigated.add(rule.id)
            else:
                harms.add(rule.id)
        gaps = frozenset(q for q in self.assessable if state.get(q) is UNKNOWN)
        return _Outcome(frozenset(positive), frozenset(harms), frozenset(mitigated), gaps, state)

    def scored(self, answers: Mapping[str, Any]) -> Scored:
        """The level and metrics from the plan (the look that gave the outcome, if any)."""
        assert self.plan is not None
        figures = self._planned(answers, self.plan)[1].figures()
        return figures.level, figures.metrics

    def _planned(self, answers: Mapping[str, Any], plan: Plan) -> tuple[_Outcome, Look]:
        """The outcome from the compiled plan; its look keeps what scoring needs, for later."""
        changed = self._changed(answers)
        key: Any = _key(answers) if changed is None else (_delta(answers, changed),)
        found = self._seen.get(key)
        if found is not None:
            return found
        if changed is None or self._base is None:
            look = plan.look(answers, self.depth)
            if self._base is None:  # the answers as given: what every later look starts from
                self._base = (answers, look)
                key = ((),)
        else:
            look = plan.look(answers, self.depth, base=self._base[1], changed=changed)
        positive, harms, mitigated = set(), set(), set()
        for (rule_id, is_positive), (fired, is_mitigated, _) in zip(self._signs, look.outcomes, strict=True):
            if fired is not True:
                continue
            if is_positive:
                positive.add(rule_id)
            elif is_mitigated:
                mitigated.add(rule_id)
            else:
                harms.add(rule_id)
        state = look.state
        gaps = frozenset(q for q in self.assessable if state.get(q) is UNKNOWN)
        outcome = _Outcome(frozenset(positive), frozenset(harms), frozenset(mitigated), gaps, state)
        found = self._seen[key] = (outcome, look)
        return found

    def _changed(self, answers: Mapping[str, Any]) -> list[str] | None:
        """The questions these answers change against the first ones looked at (the answers as
        given), or None when there are none yet or an answer was taken away."""
        if self._base is None:
            return None
        given = self._base[0]
        if len(answers) < len(given) or any(k not in answers for k in given):
            return None
        return [k for k, v in answers.items() if k not in given or given[k] != v]

    def touched(self, before: _Outcome, after: _Outcome) -> bool:
        """Whether any comparison in the rubric's conditions reads differently."""
        if (before.positive, before.harms, before.mitigated, before.gaps) != (
            after.positive,
            after.harms,
            after.mitigated,
            after.gaps,
        ):
            return True
        changed = {k for k, v in after.state.items() if before.state.get(k, ABSENT) != v}
        old, new = state_lookup(before.state), state_lookup(after.state)
        return any(
            evaluate(a, old) != evaluate(a, new) for q in sorted(changed) for a in self.atoms.get(q, ())
        )


def _worse(before: _Outcome, after: _Outcome) -> bool:
    return bool(
        before.positive - after.positive
        or after.harms - before.harms
        or (after.mitigated - before.mitigated) - before.harms
        or after.gaps - before.gaps
    )


def _better_rules(before: _Outcome, after: _Outcome) -> list[str]:
    """Rules whose outcome improved: a positive that now fires, a harm now gone or mitigated."""
    return sorted((after.positive - before.positive) | (before.harms - after.harms))


def _score(before: _Outcome, after: _Outcome) -> int:
    return len(_better_rules(before, after)) + len(before.gaps - after.gaps)


def _candidates(
    questionnaire: Questionnaire,
    rubric: Rubric,
    answers: Mapping[str, Any],
    depth: str,
    rules: _Rules,
    base: _Outcome,
) -> tuple[list[Slot], list[str]]:
    state, _ = question_states(questionnaire, answers, depth)
    named = _named_values(rubric)
    slots: list[Slot] = []
    fixed: list[str] = []
    for q in questionnaire.questions:
        compares = named.get(q.id)
        if not compares or not q.assessable or q.scope != "project":
            continue
        if state.get(q.id, ABSENT) is ABSENT:
            continue
        if not q.changeable:
            fixed.append(q.id)
            continue
        current = state[q.id]
        if q.type == "multi_choice":
            have = set(current) if isinstance(current, list) else set()
            gaps = {c.value for c in q.choices if c.gap or not c.changeable}
            options = {str(v).casefold() for c in compares for v in _values(c) if v is not None}
            for choice in q.choices:
                if choice.value.casefold() not in options or choice.value in gaps:
                    continue
                edit = Edit(q.id, choice.value, multi=True, tick=choice.value not in have)
                if current is UNKNOWN and not edit.tick:
                    continue
                kept = _keep(questionnaire, answers, [edit], rules, base)
                if kept is not None:
                    slots.append(Slot((q.id, choice.value), (edit,)))
            continue
        edits: list[tuple[int, int, Edit]] = []
        for value in _single_candidates(q, compares, current):
            edit = Edit(q.id, value)
            kept = _keep(questionnaire, answers, [edit], rules, base)
            if kept is not None:
                edits.append((kept, len(edits), edit))
        if edits:
            edits.sort(key=lambda t: (-t[0], t[1]))
            slots.append(Slot((q.id, ""), tuple(e for _, _, e in edits)))
    return slots, fixed


def _keep(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    edits: list[Edit],
    rules: _Rules,
    base: _Outcome,
) -> int | None:
    """How much an edit improves on its own, or None when it makes something worse or changes
    nothing scoring sees."""
    after = rules.outcome(apply_edits(answers, edits, questionnaire))
    if _worse(base, after) or not rules.touched(base, after):
        return None
    return _score(base, after)


def candidates(
    questionnaire: Questionnaire,
    rubric: Rubric,
    answers: Mapping[str, Any],
    depth: str,
    *,
    plan: Plan | None = None,
) -> tuple[Slot, ...]:
    """The candidate edits for these answers, grouped by question (or option)."""
    rules = _Rules(questionnaire, rubric, depth, _fitting(plan, questionnaire, rubric))
    return tuple(_candidates(questionnaire, rubric, answers, depth, rules, rules.outcome(answers))[0])


# --------------------------------------------------------------------------- search


def _distance(cond: Condition, metrics: Mapping[str, float], want: bool) -> float:
    """How far ``metrics`` are from making a level condition ``want`` (0: it already is).

    A comparison counts the steps still needed on its metric, scaled by the threshold so that a
    share and a count weigh alike; ``all``/``any`` add up or take the nearest part."""
    if isinstance(cond, Compare):
        if (evaluate(cond, lambda n: metrics.get(n, ABSENT)) is True) is want:
            return 0.0
        m, v = metrics.get(cond.subject), cond.value
        if m is None or isinstance(v, bool) or not isinstance(v, int | float):
            return 1.0
        info = VERDICT_METRICS.get(cond.subject)
        step = 1.0 if info is None or info.integer else 0.01
        op = cond.op if want else _OPPOSITE.get(cond.op, "")
        gap = {
            "gte": v - m,
            "gt": v - m + step,
            "lte": m - v,
            "lt": m - v + step,
            "eq": abs(m - v),
            "ne": step,
        }.get(op, 1.0)
        return max(gap, step) / max(1.0, abs(float(v)))
    if isinstance(cond, Not):
        return _distance(cond.item, metrics, not want)
    parts = [_distance(item, metrics, want) for item in cond.items]
    every = isinstance(cond, All) is want  # all of them true, or any of them false: each must change
    return sum(parts) if every else min(parts)


_OPPOSITE: Final = {"gte": "lt", "gt": "lte", "lte": "gt", "lt": "gte", "eq": "ne", "ne": "eq"}


def _to_reach(rubric: Rubric, floor: int, metrics: Mapping[str, float]) -> float:
    """How far the verdict is from a level ranked ``floor`` or better: the nearest such level's
    condition must hold and every worse level before it in the list must not."""
    best = float("inf")
    before = 0.0
    for lv in rubric.levels:
        good = lv.rank is not None and lv.rank >= floor
        if good:
            best = min(best, before + (0.0 if lv.when is None else _distance(lv.when, metrics, True)))
        elif lv.when is not None:
            before += _distance(lv.when, metrics, False)
        else:
            break  # an otherwise-level that is not good: nothing after it is ever reached
    return best


def what_if(
    questionnaire: Questionnaire,
    rubric: Rubric,
    answers: Mapping[str, Any],
    depth: str,
    level_of: LevelOf | None = None,
    *,
    lang: str = "nl",
    words: Words | None = None,
    max_size: int = MAX_SIZE,
    budget: int = BUDGET,
    max_proposals: int = MAX_PROPOSALS,
    plan: Plan | None = None,
) -> WhatIf:
    """The smallest sets of changes to ``answers`` that give a better level than they do now.

    ``level_of`` scores a set of answers and returns the level id and the metrics. Without
    it, the compiled ``plan`` (``core.plan``, built for this questionnaire and rubric) scores,
    in the same pass that looks at each candidate rule by rule: the same results, faster. With
    both, ``level_of`` scores and the plan only does the rule-by-rule look. Labels and
    suggestions are in ``lang``.
    """
    words = words or Words()
    levels = {lv.id: lv for lv in rubric.levels}
    ranked = any(lv.rank is not None for lv in rubric.levels)
    memo: dict[tuple[tuple[str, Any], ...], Scored] = {}  # keyed by what changes in the answers
    rules = _Rules(questionnaire, rubric, depth, _fitting(plan, questionnaire, rubric))
    if level_of is None and plan is None:
        raise ValueError("what_if needs level_of or a plan to score with")
    score_one: LevelOf = level_of if level_of is not None else rules.scored

    limit = [budget]

    def scored(edits: Sequence[Edit]) -> Scored:
        candidate = apply_edits(answers, edits, questionnaire)
        key = _delta(
            candidate, [e.question for e in edits if candidate[e.question] != answers.get(e.question)]
        )
        found = memo.get(key)
        if found is None:
            if len(memo) >= limit[0]:
                raise _OutOfBudget
            found = memo[key] = score_one(candidate)
        return found

    def rank(level_id: str) -> int:
        r = levels[level_id].rank if level_id in levels else None
        return -1 if r is None else r

    now, now_metrics = scored(())
    now_rank = levels[now].rank if now in levels else None
    floor_now = now_rank if now_rank is not None else -1
    wanted = sorted({lv.rank for lv in rubric.levels if lv.rank is not None and lv.rank > floor_now})

    base = rules.outcome(answers)
    slots, fixed = _candidates(questionnaire, rubric, answers, depth, rules, base) if wanted else ([], [])
    found: dict[int, list[tuple[Edit, ...]]] = {}
    sizes: dict[int, tuple[int, bool]] = {}  # rank -> (changes, proven smallest)
    complete = True
    try:
        singles = {e: scored((e,)) for s in slots for e in s.edits}
        lower = 1  # no set smaller than this reaches the levels still sought (proven so far)
        for floor in wanted:
            far = _to_reach(rubric, floor, now_metrics)
            reach: dict[tuple[float, ...], float] = {}
            gain = {}
            for e, (_, m) in singles.items():
                figures = tuple(m.values())
                if figures not in reach:
                    reach[figures] = _to_reach(rubric, floor, m)
                gain[e] = far - reach[figures]
            order = sorted(range(len(slots)), key=lambda i: (-max(gain[e] for e in slots[i].edits), i))
            ordered = [
                Slot(slots[i].key, tuple(sorted(slots[i].edits, key=lambda e: -gain[e]))) for i in order
            ]
            # First a small set the cheap way (strongest candidates first), then the search by
            # size for anything smaller; a better level needs at least as many changes as a
            # lower one, since reaching it reaches both.
            limit[0] = budget + 2 * len(ordered) + 2
            greedy = _greedy(ordered, gain, floor, scored, rank)
            limit[0] = budget
            upper = min(max_size, len(greedy) if greedy else max_size)
            sets, done = _search(ordered, gain, far, floor, lower, upper, max_proposals, scored, rank)
            if sets:
                lower = len(sets[0])
                found[floor], sizes[floor] = sets, (len(sets[0]), True)
            else:
                lower = done + 1
                if greedy:
                    found[floor], sizes[floor] = [greedy], (len(greedy), done >= len(greedy) - 1)
            complete = complete and done >= upper
    except _OutOfBudget:
        complete = False

    targets = []
    for floor in wanted:
        lv = next(lv for lv in rubric.levels if lv.rank == floor)
        proposals = (
            tuple(
                _proposal(
                    questionnaire, rubric, answers, edits, scored(edits)[0], levels, rules, base, lang, words
                )
                for edits in found.get(floor, [])
            )
            if floor in sizes
            else ()
        )
        size, smallest = sizes.get(floor, (None, False))
        targets.append(Target(lv.id, pick(lv.label, lang), floor, size, proposals, smallest))
    return WhatIf(
        level=now,
        level_label=pick(levels[now].label, lang) if now in levels else now,
        rank=now_rank,
        ranked=ranked,
        targets=tuple(targets),
        candidates=sum(len(s.edits) for s in slots),
        scorings=len(memo),
        complete=complete,
        max_size=max_size,
        budget=budget,
        fixed=tuple(fixed),
    )


class _OutOfBudget(Exception):
    """The scoring budget is spent: the search stops where it is (deterministically)."""


def _search(
    slots: list[Slot],
    gain: Mapping[Edit, float],
    far: float,
    floor: int,
    min_size: int,
    max_size: int,
    max_proposals: int,
    scored: Callable[[Sequence[Edit]], Scored],
    rank: Callable[[str], int],
) -> tuple[list[tuple[Edit, ...]], int]:
    """The sets of the smallest size (up to ``max_proposals``) that reach ``floor``, and the
    largest size up to which every set was looked at.

    Slots come strongest first, so the candidates after slot ``i`` can gain at most the next
    ``k - len(chosen)`` slots' best: when that cannot close the distance, the branch is cut
    without scoring anything (this assumes gains do not grow when changes are combined)."""
    eps = 1e-9
    prefix = [0.0]
    for slot in slots:
        prefix.append(prefix[-1] + max(0.0, gain[slot.edits[0]]))

    def walk(
        k: int, start: int, chosen: tuple[Edit, ...], gained: float, out: list[tuple[Edit, ...]]
    ) -> None:
        if len(out) >= max_proposals:
            return
        left = k - len(chosen)
        if left == 0:
            if rank(scored(chosen)[0]) >= floor:
                out.append(chosen)
            return
        for i in range(start, len(slots) - left + 1):
            if gained + prefix[i + left] - prefix[i] < far - eps:
                break  # the slots after i gain no more than these
            for edit in slots[i].edits:
                walk(k, i + 1, (*chosen, edit), gained + max(0.0, gain[edit]), out)

    done = min_size - 1
    for k in range(min_size, max_size + 1):
        out: list[tuple[Edit, ...]] = []
        try:
            walk(k, 0, (), 0.0, out)
        except _OutOfBudget:
            return out, done
        if out:
            return out, k
        done = k
    return [], done


def _greedy(
    slots: list[Slot],
    gain: Mapping[Edit, float],
    floor: int,
    scored: Callable[[Sequence[Edit]], Scored],
    rank: Callable[[str], int],
) -> tuple[Edit, ...]:
    """Beyond the searched sizes: take the strongest candidates one by one until the level is
    reached, then drop every one that is not needed. Small, not proven the smallest."""
    chosen: list[Edit] = []
    for slot in slots:
        if gain[slot.edits[0]] <= 0:
            break
        chosen.append(slot.edits[0])
        if rank(scored(chosen)[0]) >= floor:
            break
    else:
        return ()
    if rank(scored(chosen)[0]) < floor:
        return ()
    for edit in reversed(list(chosen)):
        rest = [e for e in chosen if e != edit]
        if rest and rank(scored(rest)[0]) >= floor:
            chosen = rest
    return tuple(chosen)


def _proposal(
    questionnaire: Questionnaire,
    rubric: Rubric,
    answers: Mapping[str, Any],
    edits: tuple[Edit, ...],
    reached: str,
    levels: Mapping[str, Any],
    rules: _Rules,
    base: _Outcome,
    lang: str,
    words: Words,
) -> Proposal:
    after_answers = apply_edits(answers, edits, questionnaire)
    after = rules.outcome(after_answers)
    by_id: dict[str, Rule] = {r.id: r for r in rubric.rules}
    better = _better_rules(base, after)
    changes = []
    for e in edits:
        q = questionnaire.get(e.question)
        assert q is not None
        old = answers.get(e.question, UNKNOWN)
        new = after_answers[e.question]
        choice = q.choice(str(e.value)) if e.multi else None
        changes.append(
            Change(
                question=q.id,
                label=pick(q.label, lang),
                old=stored_value(old),
                old_display=display_answer(q, old, lang, words),
                value=new,
                display=display_answer(q, new, lang, words),
                option=e.value if e.multi else None,
                ticked=e.tick,
                option_label=pick(choice.label, lang) if choice is not None else None,
                short=pick(q.short_label, lang),
                rules=tuple(rid for rid in better if e.question in _reads(by_id[rid], questionnaire)),
            )
        )
    suggestions = tuple((rid, pick(by_id[rid].suggestion, lang)) for rid in better if by_id[rid].suggestion)
    lv = levels[reached]
    return Proposal(
        tuple(changes), reached, pick(lv.label, lang), lv.rank if lv.rank is not None else -1, suggestions
    )


def _reads(rule: Rule, questionnaire: Questionnaire) -> set[str]:
    """The questions a rule's outcome depends on: those its condition and its mitigation read,
    and those that decide whether these are asked at all (a follow-up question hidden by a
    changed answer no longer counts)."""
    conds = [c for c in (rule.when, rule.mitigated_if) if c is not None]
    found = {qid for c in conds for qid in question_ids(c)}
    todo = list(found)
    while todo:
        q = questionnaire.get(todo.pop())
        if q is None:
            continue
        section = questionnaire.section(q.section)
        gates = [c for c in (q.visible_if, section.visible_if if section else None) if c is not None]
        for qid in {x for c in gates for x in question_ids(c)} - found:
            found.add(qid)
            todo.append(qid)
    return found


def _fitting(plan: Plan | None, questionnaire: Questionnaire, rubric: Rubric) -> Plan | None:
    """The plan, when it was compiled for exactly this questionnaire and rubric."""
    if plan is None:
        return None
    if plan.questionnaire is not questionnaire or plan.rubric is not rubric:
        raise ValueError("the plan was compiled for another questionnaire or rubric")
    return plan


def _key(answers: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, _frozen(v)) for k, v in answers.items()))


def _delta(answers: Mapping[str, Any], changed: Sequence[str]) -> tuple[tuple[str, Any], ...]:
    """A key for answers that differ from one fixed set of answers in the questions ``changed``."""
    return tuple(sorted((k, _frozen(answers[k])) for k in set(changed)))


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
