"""A portfolio of verdicts, aggregated one project at a time (constant memory per project).

Pure: no I/O. The batch shell feeds verdicts in; ``to_dict`` gives the figures that the
summary writers (Markdown, JSON, spreadsheet) put into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .goals import Goals
from .numbers import tidy
from .plan import Figures
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
    _sdg_numbers: tuple[int, ...] = ()
    _pillar_ids: tuple[str, ...] = ()
    _lmb_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.levels = {level.id: 0 for level in self.rubric.levels}
        self.sdgs = {s.number: _SdgTally() for s in self.goals.sdgs}
        self.pillars_positive = {p.id: 0 for p in self.goals.pillars}
        self.pillars_negative = {p.id: 0 for p in self.goals.pillars}
        lmb_ids = [self.rubric.lmb.not_lmb.id, *(lvl.id for lvl in self.rubric.lmb.levels)]
        self.lmb_levels = {f.id: dict.fromkeys(lmb_ids, 0) for f in self.goals.lmb_fields}
        self._sdg_numbers = tuple(s.number for s in self.goals.sdgs)
        self._pillar_ids = tuple(p.id for p in self.goals.pillars)
        self._lmb_ids = tuple(f.id for f in self.goals.lmb_fields)

    def add(self, verdict: Verdict, row: int, budget: float | None = None) -> None:
        self.add_figures(Figures.of(verdict), verdict.project, row, budget)

    def add_figures(
        self, figures: Figures, project: Mapping[str, Any], row: int, budget: float | None = None
    ) -> None:
        """Count one project in (its figures: see ``core.plan``; a batch needs no verdict for this)."""
        self.projects += 1
        self.levels[figures.level] = self.levels.get(figures.level, 0) + 1
        if budget is not None:
            self.budget_total += budget
            self.projects_with_budget += 1
        unmitigated_sdgs = figures.unmitigated_sdgs
        share = budget or 0.0
        sdgs = self.sdgs
        for number, positive, negative, gap in zip(
            self._sdg_numbers, figures.sdg_positive, figures.sdg_negative, figures.sdg_gaps, strict=True
        ):
            tally = sdgs[number]
            if positive > 0:
                tally.projects_positive += 1
                tally.points_positive += positive
                tally.budget_positive += share
            if negative > 0:
                tally.projects_negative += 1
                tally.points_negative += negative
                tally.budget_negative += share
            if number in unmitigated_sdgs:
                tally.projects_unmitigated += 1
            if gap:
                tally.projects_gap += 1
        for pid, positive, negative in zip(
            self._pillar_ids, figures.pillar_positive, figures.pillar_negative, strict=True
        ):
            if positive:
                self.pillars_positive[pid] = self.pillars_positive.get(pid, 0) + 1
            if negative:
                self.pillars_negative[pid] = self.pillars_negative.get(pid, 0) + 1
        for fid, level in zip(self._lmb_ids, figures.lmb_levels, strict=True):
            counts = self.lmb_levels.setdefault(fid, {})
            counts[level] = counts.get(level, 0) + 1
        self.is_lmb["unknown" if figures.is_lmb is None else "yes" if figures.is_lmb else "no"] += 1
        gaps = figures.knowledge_gaps
        self.knowledge_gaps += gaps
        self.projects_with_gaps += 1 if gaps else 0
        if figures.unmitigated:
            self.flagged_total += 1
            if len(self.flagged) < MAX_LISTED:
                self.flagged.append(
                    Flagged(
                        row,
                        str(project.get("name", "")),
                        str(project.get("department", "") or ""),
                        figures.unmitigated,
                        unmitigated_sdgs,
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
    return tidy(x, 2)


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def lmb_counts(data: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """``{field: {level: projects}}`` from ``to_dict()['lmb']``, for table writers."""
    return {f["field"]: {lv["level"]: lv["projects"] for lv in f["levels"]} for f in data["fields"]}
