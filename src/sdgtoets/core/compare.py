"""Variants of a project, or one project over time, side by side: what changed and why.

Pure and deterministic. Each verdict becomes a ``Snapshot`` (from a ``Verdict`` or from its
published JSON); consecutive snapshots are compared (A -> B, B -> C, ...). A contribution that
appears, disappears or changes is traced to the answers its rule reads that differ; when none
differ and the two verdicts were made with different rubrics, the change comes from the rubric,
not the project. For the level, the shell can rescore each side's recorded answers under one
rubric (``rescored``): then a comparison across rubric versions says whether the level moved
because of the project, the rubric, or both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .verdict import Verdict


@dataclass(frozen=True)
class SdgFigure:
    number: int
    name: str
    positive: float
    negative: float
    status: str


@dataclass(frozen=True)
class LmbFigure:
    field: str
    name: str
    level: str
    label: str
    positive: float
    negative: float


@dataclass(frozen=True)
class Contrib:
    rule: str
    target: str
    sign: str
    points: float
    mitigated: bool
    rationale: str
    questions: tuple[str, ...]  # the answers it names as its cause


@dataclass(frozen=True)
class AnswerFigure:
    label: str
    value: Any  # as stored
    display: str


@dataclass(frozen=True)
class Snapshot:
    key: str  # where it came from (a file name)
    name: str  # the project's name
    depth: str
    level: str
    level_label: str
    sdgs: tuple[SdgFigure, ...]
    lmb: tuple[LmbFigure, ...]
    contributions: tuple[Contrib, ...]
    answers: Mapping[str, AnswerFigure]
    rubric: Mapping[str, Any]  # id, version, sha256
    questionnaire: Mapping[str, Any]
    has_answers: bool = True  # False: an old verdict that did not record its answers

    @property
    def rubric_name(self) -> str:
        return f"{self.rubric.get('id', '?')} {self.rubric.get('version', '?')}"


def snapshot(key: str, verdict: Verdict) -> Snapshot:
    return Snapshot(
        key=key,
        name=str(verdict.project.get("name", key)),
        depth=verdict.depth,
        level=verdict.level,
        level_label=verdict.level_label,
        sdgs=tuple(SdgFigure(s.number, s.name, s.positive, s.negative, s.status) for s in verdict.sdgs),
        lmb=tuple(
            LmbFigure(f.field, f.name, f.level, f.level_label, f.positive, f.negative) for f in verdict.lmb
        ),
        contributions=tuple(
            Contrib(
                c.rule,
                c.target,
                c.sign,
                c.points,
                c.mitigated,
                c.rationale,
                tuple(b.question for b in c.because),
            )
            for c in verdict.contributions
        ),
        answers={a.question: AnswerFigure(a.label, a.value, a.display) for a in verdict.answers},
        rubric=dict(verdict.versions.get("rubric", {})),
        questionnaire=dict(verdict.versions.get("questionnaire", {})),
    )


def snapshot_from_dict(key: str, data: Mapping[str, Any]) -> Snapshot:
    """A snapshot of a published verdict (``schemas/verdict.schema.json``, already checked)."""
    verdict = data.get("verdict", {})
    contributions = []
    for group in ("strengths", "weaknesses"):
        for c in data.get(group, []):
            contributions.append(
                Contrib(
                    str(c["rule"]),
                    str(c["target"]),
                    str(c["sign"]),
                    c.get("points", 0),
                    bool(c.get("mitigated", False)),
                    str(c.get("rationale", "")),
                    tuple(str(b["question"]) for b in c.get("because", [])),
                )
            )
    versions = data.get("versions", {})
    return Snapshot(
        key=key,
        name=str(data.get("project", {}).get("name", key)),
        depth=str(data.get("depth", "quick")),
        level=str(verdict.get("level", "")),
        level_label=str(verdict.get("label", verdict.get("level", ""))),
        sdgs=tuple(
            SdgFigure(
                int(s["number"]),
                str(s.get("name", "")),
                s["positive"],
                s["negative"],
                str(s.get("status", "")),
            )
            for s in data.get("sdgs", [])
        ),
        lmb=tuple(
            LmbFigure(
                str(f["field"]),
                str(f.get("name", f["field"])),
                str(f["level"]),
                str(f.get("level_label", f["level"])),
                f.get("positive", 0),
                f.get("negative", 0),
            )
            for f in data.get("lmb", [])
        ),
        contributions=tuple(contributions),
        answers={
            str(a["question"]): AnswerFigure(
                str(a.get("label", a["question"])), a.get("value"), str(a.get("display", ""))
            )
            for a in data.get("answers", [])
        },
        rubric=dict(versions.get("rubric", {})),
        questionnaire=dict(versions.get("questionnaire", {})),
        has_answers="answers" in data,
    )


@dataclass(frozen=True)
class AnswerChange:
    question: str
    label: str
    before: str  # as displayed; "" when not answered (or not asked)
    after: str


@dataclass(frozen=True)
class ContributionChange:
    rule: str
    target: str
    sign: str
    change: str  # added | removed | changed
    before: float | None  # points (None: absent)
    after: float | None
    before_mitigated: bool
    after_mitigated: bool
    rationale: str
    cause: str  # answers | rubric | other
    questions: tuple[str, ...]  # the changed answers that caused it


@dataclass(frozen=True)
class Step:
    before: int  # indices into Comparison.snapshots
    after: int
    answers: tuple[AnswerChange, ...]
    contributions: tuple[ContributionChange, ...]
    rubric_changed: bool
    questionnaire_changed: bool
    # The two levels rescored under one rubric (the current one), when the rubrics differ.
    same_rubric: tuple[str, str] | None
    level_cause: str  # none | answers | rubric | both | unknown

    def changes_by(self, question: str) -> tuple[ContributionChange, ...]:
        return tuple(c for c in self.contributions if question in c.questions)

    @property
    def from_rubric(self) -> tuple[ContributionChange, ...]:
        return tuple(c for c in self.contributions if c.cause == "rubric")

    @property
    def unexplained(self) -> tuple[ContributionChange, ...]:
        return tuple(c for c in self.contributions if c.cause == "other")


@dataclass(frozen=True)
class Comparison:
    snapshots: tuple[Snapshot, ...]
    steps: tuple[Step, ...]
    ranks: Mapping[str, int] = field(default_factory=dict)
    current_rubric: Mapping[str, Any] = field(default_factory=dict)

    def sdg_rows(self) -> tuple[int, ...]:
        """The SDGs on which at least one snapshot has a contribution."""
        return tuple(
            sorted({s.number for snap in self.snapshots for s in snap.sdgs if s.positive or s.negative})
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "current_rubric": dict(self.current_rubric),
            "items": [
                {
                    "key": s.key,
                    "name": s.name,
                    "depth": s.depth,
                    "level": {"id": s.level, "label": s.level_label, "rank": self.ranks.get(s.level)},
                    "rubric": dict(s.rubric),
                    "questionnaire": dict(s.questionnaire),
                    "sdgs": [
                        {"sdg": f.number, "positive": f.positive, "negative": f.negative, "status": f.status}
                        for f in s.sdgs
                    ],
                    "lmb": [
                        {
                            "field": f.field,
                            "level": f.level,
                            "label": f.label,
                            "positive": f.positive,
                            "negative": f.negative,
                        }
                        for f in s.lmb
                    ],
                }
                for s in self.snapshots
            ],
            "steps": [
                {
                    "from": self.snapshots[st.before].key,
                    "to": self.snapshots[st.after].key,
                    "level": {
                        "from": self.snapshots[st.before].level,
                        "to": self.snapshots[st.after].level,
                        "cause": st.level_cause,
                        "same_rubric": list(st.same_rubric) if st.same_rubric else None,
                    },
                    "rubric_changed": st.rubric_changed,
                    "questionnaire_changed": st.questionnaire_changed,
                    "answers": [
                        {"question": a.question, "label": a.label, "from": a.before, "to": a.after}
                        for a in st.answers
                    ],
                    "contributions": [
                        {
                            "rule": c.rule,
                            "target": c.target,
                            "sign": c.sign,
                            "change": c.change,
                            "points": {"from": c.before, "to": c.after},
                            "mitigated": {"from": c.before_mitigated, "to": c.after_mitigated},
                            "cause": c.cause,
                            "questions": list(c.questions),
                        }
                        for c in st.contributions
                    ],
                }
                for st in self.steps
            ],
        }


def _answer_changes(a: Snapshot, b: Snapshot) -> tuple[AnswerChange, ...]:
    out = []
    for qid in dict.fromkeys([*a.answers, *b.answers]):
        x, y = a.answers.get(qid), b.answers.get(qid)
        if x is not None and y is not None and _same(x.value) == _same(y.value):
            continue
        either = x or y
        label = either.label if either is not None else qid
        out.append(AnswerChange(qid, label, x.display if x else "", y.display if y else ""))
    return tuple(out)


def _same(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def _contribution_changes(
    a: Snapshot,
    b: Snapshot,
    changed: set[str],
    rubric_changed: bool,
    rule_questions: Mapping[str, tuple[str, ...]],
) -> tuple[ContributionChange, ...]:
    before = {(c.rule, c.target): c for c in a.contributions}
    after = {(c.rule, c.target): c for c in b.contributions}
    out = []
    for key in dict.fromkeys([*before, *after]):
        x, y = before.get(key), after.get(key)
        if x is not None and y is not None and (x.points, x.mitigated) == (y.points, y.mitigated):
            continue
        one = y or x
        assert one is not None
        reads = rule_questions.get(key[0]) or tuple(
            dict.fromkeys([*(x.questions if x else ()), *(y.questions if y else ())])
        )
        because = tuple(q for q in reads if q in changed)
        cause = "answers" if because else "rubric" if rubric_changed else "other"
        out.append(
            ContributionChange(
                rule=key[0],
                target=key[1],
                sign=one.sign,
                change="added" if x is None else "removed" if y is None else "changed",
                before=x.points if x else None,
                after=y.points if y else None,
                before_mitigated=bool(x and x.mitigated),
                after_mitigated=bool(y and y.mitigated),
                rationale=one.rationale,
                cause=cause,
                questions=because,
            )
        )
    return tuple(out)


def compare(
    snapshots: Sequence[Snapshot],
    *,
    rule_questions: Mapping[str, tuple[str, ...]] | None = None,
    rescored: Sequence[Snapshot | None] = (),
    ranks: Mapping[str, int] | None = None,
    current_rubric: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare each snapshot with the one before it.

    ``rule_questions`` names, per rule id of the current rubric, every question it reads
    (its condition and its mitigation). ``rescored[i]`` is snapshot i scored again under the
    current rubric (None where it was made with it, or where it cannot be rescored)."""
    rule_questions = rule_questions or {}
    again = list(rescored) + [None] * (len(snapshots) - len(rescored))
    steps = []
    for i in range(1, len(snapshots)):
        a, b = snapshots[i - 1], snapshots[i]
        answers = _answer_changes(a, b)
        changed = {c.question for c in answers}
        rubric_changed = _identity(a.rubric) != _identity(b.rubric)
        questionnaire_changed = _identity(a.questionnaire) != _identity(b.questionnaire)
        contributions = _contribution_changes(a, b, changed, rubric_changed, rule_questions)
        same: tuple[str, str] | None = None
        if not rubric_changed:
            cause = "answers" if a.level != b.level else "none"
        else:
            ra = again[i - 1] or (a if _identity(a.rubric) == _identity(current_rubric or {}) else None)
            rb = again[i] or (b if _identity(b.rubric) == _identity(current_rubric or {}) else None)
            if a.level == b.level:
                cause = "none"
            elif not answers and a.depth == b.depth:
                cause = "rubric"  # the same answers, scored with another rubric
            elif ra is None or rb is None:
                cause = "unknown"
            else:
                same = (ra.level, rb.level)
                project = ra.level != rb.level
                rubric = a.level != ra.level or b.level != rb.level
                cause = "both" if project and rubric else "answers" if project else "rubric"
        steps.append(
            Step(i - 1, i, answers, contributions, rubric_changed, questionnaire_changed, same, cause)
        )
    return Comparison(tuple(snapshots), tuple(steps), dict(ranks or {}), dict(current_rubric or {}))


def _identity(versions: Mapping[str, Any]) -> tuple[Any, ...]:
    """A rubric or questionnaire by its content hash (else its id and version)."""
    if versions.get("sha256"):
        return ("sha256", versions["sha256"])
    return (versions.get("id"), versions.get("version"))
