"""The verdict: what the scoring returns, in the chosen language, ready for any renderer.

``to_dict`` gives the JSON shape published as ``schemas/verdict.schema.json``. Keys and list
orders are fixed, so the same inputs give the same bytes. The records are plain (not frozen)
slotted dataclasses: a batch builds hundreds of them per project, and frozen ones cost double.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .whatif import WhatIf

VERDICT_SCHEMA_VERSION = "1.1"


@dataclass(slots=True)
class AnswerRef:
    question: str
    label: str
    value: Any  # the answer as stored: str, bool, number, list[str] or "unknown"
    display: str  # the answer as a reader sees it, in the verdict language


@dataclass(slots=True)
class Contribution:
    rule: str
    target: str
    sign: str
    kind: str
    strength: int
    points: float
    mitigated: bool
    rationale: str
    because: tuple[AnswerRef, ...]
    source: str
    aspect: str = "substance"  # substance | process | context (see core.rubric.ASPECTS)


@dataclass(slots=True)
class SdgResult:
    number: int
    name: str
    pillar: str
    positive: float
    negative: float
    positive_direct: float
    positive_indirect: float
    negative_direct: float
    negative_indirect: float
    knowledge_gaps: int
    knowledge_gap_questions: tuple[str, ...]
    status: str  # positive | negative | mixed | neutral | unknown (on substance)
    contributions: tuple[str, ...]  # rule ids (substance)
    process_positive: float = 0  # process qualities: shown, never in positive/negative
    process_negative: float = 0


@dataclass(slots=True)
class PillarResult:
    id: str
    name: str
    positive: float
    negative: float
    knowledge_gaps: int
    sdgs_with_positive: tuple[int, ...]
    sdgs_with_negative: tuple[int, ...]


@dataclass(slots=True)
class LmbResult:
    field: str
    name: str
    level: str
    level_label: str
    positive: float
    negative: float
    knowledge_gaps: int
    contributions: tuple[str, ...]
    # Positive points not counted because the project shows no contribution to international
    # justice (the gate holds back positive credit only; negatives always count).
    excluded_positive: float = 0


@dataclass(slots=True)
class TradeOff:
    sdg: int
    name: str
    negative_rules: tuple[str, ...]
    against_sdgs: tuple[int, ...]
    mitigated: bool


@dataclass(slots=True)
class KnowledgeGap:
    question: str
    label: str
    reason: str  # unknown ("weet niet") | unanswered | not_examined ("niet bekeken")
    targets: tuple[str, ...]
    scope: str = "project"  # project | municipality (a fact of the municipality: never decisive)


@dataclass(slots=True)
class Suggestion:
    id: str
    category: str  # negative | knowledge_gap | strengthen
    priority: int
    text: str
    targets: tuple[str, ...]
    instrument: dict[str, str] | None = None


@dataclass(slots=True)
class CoverageTopic:
    """A part of the questionnaire that a quick scan did not look at (the full check would)."""

    section: str
    title: str
    questions: tuple[str, ...]
    risk: bool  # one of them can reveal a material harm


@dataclass(slots=True)
class Coverage:
    provisional: bool  # a quick scan that left out questions which can reveal a material harm
    not_covered: tuple[CoverageTopic, ...] = ()


@dataclass(slots=True)
class Verdict:
    project: dict[str, Any]
    language: str
    depth: str
    level: str
    level_label: str
    summary: str
    is_lmb: bool | None
    metrics: dict[str, float]
    sdgs: tuple[SdgResult, ...]
    pillars: tuple[PillarResult, ...]
    lmb: tuple[LmbResult, ...]
    contributions: tuple[Contribution, ...]
    trade_offs: tuple[TradeOff, ...]
    knowledge_gaps: tuple[KnowledgeGap, ...]
    suggestions: tuple[Suggestion, ...]
    answers: tuple[AnswerRef, ...]
    ignored_answers: tuple[AnswerRef, ...]
    versions: dict[str, Any]
    overlay_rules: tuple[str, ...] = field(default=())
    coverage: Coverage = field(default_factory=lambda: Coverage(False))
    profile: dict[str, Any] | None = None  # the municipal profile used: municipality, file, date, sha256
    # The short name of each question the verdict names, by id (for reading; not in the JSON).
    short_labels: dict[str, str] = field(default_factory=dict)
    # What would lift the verdict (``core.whatif``), when it was asked for: the verdict document
    # shows it; the JSON verdict leaves it out (``check --what-if`` gives it as JSON of its own).
    what_if: WhatIf | None = None

    def short_label(self, question: str, label: str = "") -> str:
        """A question's short name ("Toegankelijkheid"); else ``label``, else its id."""
        return self.short_labels.get(question) or label or question

    @property
    def substance(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.aspect == "substance")

    @property
    def process(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.aspect == "process")

    @property
    def context(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.aspect == "context")

    @property
    def strengths(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.sign == "positive")

    @property
    def weaknesses(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.sign == "negative")

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": VERDICT_SCHEMA_VERSION,
            "project": self.project,
            "language": self.language,
            "depth": self.depth,
            "verdict": {
                "level": self.level,
                "label": self.level_label,
                "summary": self.summary,
                "is_lmb": self.is_lmb,
                "provisional": self.coverage.provisional,
            },
            "metrics": self.metrics,
            "sdgs": [_plain(s) for s in self.sdgs],
            "pillars": [_plain(p) for p in self.pillars],
            "lmb": [_plain(f) for f in self.lmb],
            "strengths": [_plain(c) for c in self.strengths],
            "weaknesses": [_plain(c) for c in self.weaknesses],
            "trade_offs": [_plain(t) for t in self.trade_offs],
            "knowledge_gaps": [_plain(g) for g in self.knowledge_gaps],
            "suggestions": [_plain(s) for s in self.suggestions],
            "answers": [_plain(a) for a in self.answers],
            "ignored_answers": [_plain(a) for a in self.ignored_answers],
            "overlay_rules": list(self.overlay_rules),
            "coverage": _plain(self.coverage),
            "profile": self.profile,
            "versions": self.versions,
        }


def _plain(obj: Any) -> Any:
    """Dataclass -> dict, tuples -> lists, recursively, keeping field order."""
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    names = _FIELDS.get(kind)
    if names is None and hasattr(obj, "__dataclass_fields__"):
        names = _FIELDS[kind] = tuple(obj.__dataclass_fields__)
    if names is not None:
        return {name: _plain(getattr(obj, name)) for name in names}
    if isinstance(obj, tuple | list):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}
