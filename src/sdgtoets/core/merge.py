"""A workshop: several people answer for the same project; who said what, and one merged set.

Pure and deterministic. The merge rule, per question (``docs/workshop.md`` explains it for a
moderator):

- **Agreement stays.** Everyone who answered gives the same answer: that answer.
- **Known by some.** Some say "weet niet", the others agree: the answer of those who know.
- **Disagreement** (two or more different answers): with ``policy="cautious"`` (the default) the
  most cautious of the answers given, judged by the rubric itself: the one that, with all other
  merged answers, gives the lowest verdict level (then the most unmitigated harm, the least benefit, the most
  knowledge gaps); a tie goes to the answer most people gave. With ``policy="gap"`` a
  disagreement becomes "weet niet": a knowledge gap the verdict lists, to be settled later.
  Disputed questions are settled in questionnaire order, each with the ones before it settled
  and the ones after it at the answer most people gave.
- **Free text** is kept from everyone, each with its author.
- **Nobody knows:** "weet niet".

A disagreement *matters* when, everything else merged, the answers given lead to different
levels. Each person's own answers are scored too (at the merged depth), which gives the range
of levels the group's views span.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .answers import MAX_TEXT
from .conditions import ABSENT, UNKNOWN
from .questionnaire import Question, Questionnaire, question_states
from .rubric import Rubric
from .scoring import Words, display_answer, stored_value
from .text import pick
from .verdict import Verdict

POLICIES: Final = ("cautious", "gap")
VerdictOf = Callable[[Mapping[str, Any]], Verdict]


@dataclass(frozen=True)
class Rater:
    key: str  # where the answers came from (a file name), unique
    name: str  # who: a person, a department
    answers: Mapping[str, Any]  # checked values or UNKNOWN


@dataclass(frozen=True)
class Position:
    """One answer given, and who gave it."""

    value: Any  # as stored: the value, or "unknown"
    display: str
    raters: tuple[str, ...]
    level: str = ""  # the level with this answer and everything else merged (disputed questions)
    level_label: str = ""


@dataclass(frozen=True)
class QuestionMerge:
    question: str
    label: str
    status: str  # agreed | known_by_some | disputed | unknown
    positions: tuple[Position, ...]  # the answers given, most people first
    unknown: tuple[str, ...]  # who said "weet niet"
    open: tuple[str, ...]  # who left it open
    merged: Any  # as stored
    merged_display: str
    rule: str  # agreement | known_by_some | most_cautious | knowledge_gap | texts_kept | nobody_knows
    applies: bool  # the question is asked for the merged answers
    decisive: bool  # the answers given lead to different levels

    @property
    def disputed(self) -> bool:
        return self.status == "disputed"


@dataclass(frozen=True)
class RaterVerdict:
    key: str
    name: str
    level: str
    label: str
    rank: int | None


@dataclass(frozen=True)
class Merge:
    raters: tuple[RaterVerdict, ...]
    questions: tuple[QuestionMerge, ...]
    answers: dict[str, Any]  # the merged answers (checked values or UNKNOWN)
    level: str
    level_label: str
    rank: int | None
    depth: str
    policy: str

    @property
    def disputes(self) -> tuple[QuestionMerge, ...]:
        return tuple(q for q in self.questions if q.disputed)

    @property
    def decisive(self) -> tuple[QuestionMerge, ...]:
        return tuple(q for q in self.questions if q.decisive)

    @property
    def range(self) -> tuple[RaterVerdict, RaterVerdict] | None:
        """The lowest and highest level among the people's own verdicts (by the rubric's rank)."""
        ranked = [r for r in self.raters if r.rank is not None]
        if not ranked:
            return None
        low = min(ranked, key=lambda r: r.rank if r.rank is not None else 0)
        high = max(ranked, key=lambda r: r.rank if r.rank is not None else 0)
        return low, high

    def to_dict(self) -> dict[str, Any]:
        span = self.range
        return {
            "raters": [
                {"key": r.key, "name": r.name, "level": r.level, "label": r.label, "rank": r.rank}
                for r in self.raters
            ],
            "merged": {
                "level": self.level,
                "label": self.level_label,
                "rank": self.rank,
                "depth": self.depth,
                "policy": self.policy,
                "answers": {k: stored_value(v) for k, v in self.answers.items()},
            },
            "level_range": None
            if span is None
            else {
                "lowest": {"level": span[0].level, "label": span[0].label},
                "highest": {"level": span[1].level, "label": span[1].label},
            },
            "disputes": len(self.disputes),
            "decisive": [q.question for q in self.decisive],
            "questions": [
                {
                    "question": q.question,
                    "label": q.label,
                    "status": q.status,
                    "rule": q.rule,
                    "applies": q.applies,
                    "decisive": q.decisive,
                    "merged": q.merged,
                    "merged_display": q.merged_display,
                    "positions": [
                        {
                            "value": p.value,
                            "display": p.display,
                            "raters": list(p.raters),
                            **({"level": p.level, "label": p.level_label} if p.level else {}),
                        }
                        for p in q.positions
                    ],
                    "unknown": list(q.unknown),
                    "open": list(q.open),
                }
                for q in self.questions
            ],
        }


def _same(value: Any) -> Any:
    """A key under which equal answers meet (lists as tuples, numbers as floats)."""
    if isinstance(value, list):
        return ("list", tuple(value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("num", float(value))
    return ("str", value)


def _caution(verdict: Verdict, rubric: Rubric) -> tuple[float, ...]:
    """Smaller is more cautious: a lower level, more harm, less benefit, more gaps."""
    rank = next((lv.rank for lv in rubric.levels if lv.id == verdict.level), None)
    harm = sum(c.points for c in verdict.contributions if c.sign == "negative" and not c.mitigated)
    benefit = sum(c.points for c in verdict.contributions if c.sign == "positive")
    return (-1 if rank is None else rank, -harm, benefit, -len(verdict.knowledge_gaps))


def merge(
    questionnaire: Questionnaire,
    rubric: Rubric,
    raters: Sequence[Rater],
    depth: str,
    verdict_of: VerdictOf,
    *,
    policy: str = "cautious",
    lang: str = "nl",
    words: Words | None = None,
) -> Merge:
    """Merge the answers of ``raters`` (two or more, for the same project and questionnaire).

    ``verdict_of`` scores a set of answers at ``depth`` (the API passes the real scorer)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown merge policy {policy!r}")
    words = words or Words()
    ranks = {lv.id: lv.rank for lv in rubric.levels}

    # Who said what, per question.
    gathered: list[tuple[Question, list[tuple[Any, list[str]]], list[str], list[str]]] = []
    for q in questionnaire.questions:
        if not q.answerable or not any(q.id in r.answers for r in raters):
            continue
        groups: dict[Any, tuple[Any, list[str]]] = {}
        unknown: list[str] = []
        silent: list[str] = []
        for r in raters:
            if q.id not in r.answers:
                silent.append(r.name)
            elif r.answers[q.id] is UNKNOWN:
                unknown.append(r.name)
            else:
                value = r.answers[q.id]
                groups.setdefault(_same(value), (value, []))[1].append(r.name)
        known = sorted(groups.values(), key=lambda g: -len(g[1]))  # stable: first given first
        gathered.append((q, known, unknown, silent))

    merged: dict[str, Any] = {}
    rules: dict[str, str] = {}
    disputed: list[tuple[Question, list[tuple[Any, list[str]]]]] = []
    for q, known, unknown, _ in gathered:
        if not known:
            merged[q.id], rules[q.id] = UNKNOWN, "nobody_knows"
        elif len(known) == 1:
            merged[q.id] = known[0][0]
            rules[q.id] = "known_by_some" if unknown else "agreement"
        elif q.type == "text":
            text = "; ".join(f"{', '.join(names)}: {value}" for value, names in known)
            merged[q.id], rules[q.id] = (
                text[: MAX_TEXT - 1] + "…" if len(text) > MAX_TEXT else text,
                "texts_kept",
            )
        else:
            merged[q.id] = known[0][0]  # for now: what most people said
            disputed.append((q, known))

    for q, known in disputed:
        if policy == "gap":
            merged[q.id], rules[q.id] = UNKNOWN, "knowledge_gap"
            continue
        best = min(
            range(len(known)),
            key=lambda i: (_caution(verdict_of(merged | {q.id: known[i][0]}), rubric), i),
        )
        merged[q.id], rules[q.id] = known[best][0], "most_cautious"

    final = verdict_of(merged)
    state, _ = question_states(questionnaire, merged, depth)
    out: list[QuestionMerge] = []
    for q, known, unknown, silent in gathered:
        applies = state.get(q.id, ABSENT) is not ABSENT
        positions = []
        levels = set()
        for value, names in known:
            lv_id = lv_label = ""
            if len(known) > 1 and q.type != "text":
                v = final if _same(value) == _same(merged[q.id]) else verdict_of(merged | {q.id: value})
                lv_id, lv_label = v.level, v.level_label
                levels.add(lv_id)
            positions.append(
                Position(
                    stored_value(value), display_answer(q, value, lang, words), tuple(names), lv_id, lv_label
                )
            )
        status = (
            "unknown"
            if not known
            else "disputed"
            if len(known) > 1
            else "known_by_some"
            if unknown
            else "agreed"
        )
        out.append(
            QuestionMerge(
                question=q.id,
                label=pick(q.label, lang),
                status=status,
                positions=tuple(positions),
                unknown=tuple(unknown),
                open=tuple(silent),
                merged=stored_value(merged[q.id]),
                merged_display=display_answer(q, merged[q.id], lang, words),
                rule=rules[q.id],
                applies=applies,
                decisive=applies and len(levels) > 1,
            )
        )

    own = []
    for r in raters:
        v = verdict_of(r.answers)
        own.append(RaterVerdict(r.key, r.name, v.level, v.level_label, ranks.get(v.level)))
    return Merge(
        raters=tuple(own),
        questions=tuple(out),
        answers=merged,
        level=final.level,
        level_label=final.level_label,
        rank=ranks.get(final.level),
        depth=depth,
        policy=policy,
    )
