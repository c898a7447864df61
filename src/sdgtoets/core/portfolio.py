"""A portfolio of verdicts, aggregated one project at a time (constant memory per project).

Pure: no I/O. The batch shell feeds verdicts in; ``to_dict`` gives the figures that the
summary writers (Markdown, JSON, spreadsheet) put into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .goals import Goals
from .rubric import Rubric
from .text import pick
from .verdict import Verdict

MAX_LISTED: Final = 100  # projects named in the "unmitigated negatives" list; the rest are counted


@dataclass
class _SdgTally:
    projects_positive: int = 0
    projects_negative: int = 0
    projects_unmitigated: int = 0
    projects_gap: int = 0
    points_positive: float = 0.0
    points_negative: float = 0.0
    budget_positive: float = 0.0
    budget_negative: float = 0.0


@dataclass(frozen=True)
class Flagged:
    """A project with negative effects that are not mitigated."""

    row: int
    name: str
    department: str
    count: int
    sdgs: tuple[int, ...]


@dataclass
class Portfolio:
    """Running totals over all scored projects. ``add`` is O(size of one verdict)."""

    rubric: Rubric
    goals: Goals
    lang: str = "nl"
    projects: int = 0
    rejected: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    sdgs: dict[int, _SdgTally] = field(default_factory=dict)
    pillars_positive: dict[str, int] = field(default_factory=dict)
    pillars_negative: dict[str, int] = field(default_factory=dict)
    lmb_levels: dict[str, dict[str, int]] = field(default_factory=dict)
    is_lmb: dict[str, int] = field(default_factory=lambda: {"yes": 0, "no": 0, "unknown": 0})
    knowledge_gaps: int = 0
    projects_with_gaps: int = 0
    flagged: list[Flagged] = field(default_factory=list)
    flagged_total: int = 0
    budget_total: float = 0.0
    projects_with_budget: int = 0

    def __post_init__(self) -> None:
        self.levels = {level.id: 0 for level in self.rubric.levels}
        self.sdgs = {s.number: _SdgTally() for s in self.goals.sdgs}
        self.pillars_positive = {p.id: 0 for p in self.goals.pillars}
        self.pillars_negative = {p.id: 0 for p in self.goals.pillars}
        lmb_ids = [self.rubric.lmb.not_lmb.id, *(lvl.id for lvl in self.rubric.lmb.levels)]
        self.lmb_levels = {f.id: dict.fromkeys(lmb_ids, 0) for f in self.goals.lmb_fields}

    def add(self, verdict: Verdict, row: int, budget: float | None = None) -> None:
        self.projects += 1
        self.levels[verdict.level] = self.levels.get(verdict.level, 0) + 1
        if budget is not None:
            self.budget_total += budget
            self.projects_with_budget += 1
        unmitigated_sdgs: set[int] = set()
        unmitigated = 0
        for c in verdict.contributions:
            if c.sign == "negative" and not c.mitigated:
                unmitigated += 1
                if c.target.startswith("sdg:"):
                    unmitigated_sdgs.add(int(c.target[4:]))
        for s in verdict.sdgs:
            tally = self.sdgs[s.number]
            if s.positive > 0:
                tally.projects_positive += 1
                tally.points_positive += s.positive
                tally.budget_positive += budget or 0.0
            if s.negative > 0:
                tally.projects_negative += 1
                tally.points_negative += s.negative
                tally.budget_negative += budget or 0.0
            if s.number in unmitigated_sdgs:
                tally.projects_unmitigated += 1
            if s.knowledge_gaps:
                tally.projects_gap += 1
        for p in verdict.pillars:
            if p.positive > 0:
                self.pillars_positive[p.id] = self.pillars_positive.get(p.id, 0) + 1
            if p.negative > 0:
                self.pillars_negative[p.id] = self.pillars_negative.get(p.id, 0) + 1
        for f in verdict.lmb:
            counts = self.lmb_levels.setdefault(f.field, {})
            counts[f.level] = counts.get(f.level, 0) + 1
        self.is_lmb["unknown" if verdict.is_lmb is None else "yes" if verdict.is_lmb else "no"] += 1
        gaps = len(verdict.knowledge_gaps)
        self.knowledge_gaps += gaps
        self.projects_with_gaps += 1 if gaps else 0
        if unmitigated:
            self.flagged_total += 1
            if len(self.flagged) < MAX_LISTED:
                project = verdict.project
                self.flagged.append(
                    Flagged(
                        row,
                        str(project.get("name", "")),
                        str(project.get("department", "") or ""),
                        unmitigated,
                        tuple(sorted(unmitigated_sdgs)),
                    )
                )

    def to_dict(self) -> dict[str, Any]:
        """The portfolio figures, in a fixed key order (the ``summary.json`` body)."""
        lang = self.lang
        n = self.projects
        level_labels = {lvl.id: pick(lvl.label, lang) for lvl in self.rubric.levels}
        lmb_labels = {
            lvl.id: pick(lvl.label, lang) for lvl in (self.rubric.lmb.not_lmb, *self.rubric.lmb.levels)
        }
        has_budget = self.projects_with_budget > 0
        return {
            "projects": n,
            "rejected_rows": self.rejected,
            "levels": [
                {
                    "level": lid,
                    "label": level_labels.get(lid, lid),
                    "projects": count,
                    "share": _share(count, n),
                }
                for lid, count in self.levels.items()
            ],
            "sdgs": [
                {
                    "number": s.number,
                    "name": pick(s.name, lang),
                    "pillar": s.pillar,
                    "projects_positive": t.projects_positive,
                    "projects_negative": t.projects_negative,
                    "projects_unmitigated_negative": t.projects_unmitigated,
                    "projects_knowledge_gap": t.projects_gap,
                    "points_positive": _round(t.points_positive),
                    "points_negative": _round(t.points_negative),
                    **(
                        {
                            "budget_positive": _round(t.budget_positive),
                            "budget_positive_share": _share(t.budget_positive, self.budget_total),
                            "budget_negative": _round(t.budget_negative),
                            "budget_negative_share": _share(t.budget_negative, self.budget_total),
                        }
                        if has_budget
                        else {}
                    ),
                }
                for s in self.goals.sdgs
                for t in (self.sdgs[s.number],)
            ],
            "pillars": [
                {
                    "id": p.id,
                    "name": pick(p.name, lang),
                    "projects_positive": self.pillars_positive.get(p.id, 0),
                    "projects_negative": self.pillars_negative.get(p.id, 0),
                }
                for p in self.goals.pillars
            ],
            "lmb": {
                "projects_lmb": self.is_lmb["yes"],
                "projects_not_lmb": self.is_lmb["no"],
                "projects_lmb_unknown": self.is_lmb["unknown"],
                "fields": [
                    {
                        "field": f.id,
                        "name": pick(f.name, lang),
                        "levels": [
                            {"level": lid, "label": lmb_labels.get(lid, lid), "projects": count}
                            for lid, count in self.lmb_levels.get(f.id, {}).items()
                        ],
                    }
                    for f in self.goals.lmb_fields
                ],
            },
            "knowledge_gaps": {
                "total": self.knowledge_gaps,
                "projects_with_gaps": self.projects_with_gaps,
                "average": _round(self.knowledge_gaps / n) if n else 0,
            },
            "unmitigated_negatives": {
                "projects": self.flagged_total,
                "listed": [
                    {
                        "row": f.row,
                        "name": f.name,
                        "department": f.department,
                        "count": f.count,
                        "sdgs": list(f.sdgs),
                    }
                    for f in self.flagged
                ],
            },
            "budget": (
                {
                    "total": _round(self.budget_total),
                    "projects_with_budget": self.projects_with_budget,
                    "projects_without_budget": n - self.projects_with_budget,
                }
                if has_budget
                else None
            ),
        }


def _round(x: float) -> float:
    r = round(x, 2)
    return int(r) if float(r).is_integer() else r


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def lmb_counts(data: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """``{field: {level: projects}}`` from ``to_dict()['lmb']``, for table writers."""
    return {f["field"]: {lv["level"]: lv["projects"] for lv in f["levels"]} for f in data["fields"]}
