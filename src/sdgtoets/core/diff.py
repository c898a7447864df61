"""The impact of a rubric change: the same projects scored under an old and a new rubric.

Pure: pairs of verdicts in, a plain comparison out. ``api/diff.py`` loads the rubrics and
answers, ``reports/diff.py`` renders the result as Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .scoring import number
from .verdict import Verdict


@dataclass(frozen=True)
class SdgChange:
    number: int
    old_status: str
    new_status: str
    old_positive: float
    new_positive: float
    old_negative: float
    new_negative: float

    @property
    def flipped(self) -> bool:
        return self.old_status != self.new_status

    @property
    def positive_delta(self) -> float:
        return number(self.new_positive - self.old_positive)

    @property
    def negative_delta(self) -> float:
        return number(self.new_negative - self.old_negative)


@dataclass(frozen=True)
class LmbChange:
    field: str
    old_level: str
    new_level: str
    old_positive: float
    new_positive: float
    name: str = ""  # the field's name, and the levels' labels, in the verdict language
    old_label: str = ""
    new_label: str = ""


@dataclass(frozen=True)
class ProjectDiff:
    key: str  # where the answers came from (file name)
    name: str  # project name
    old_level: str
    new_level: str
    old_is_lmb: bool | None
    new_is_lmb: bool | None
    sdgs: tuple[SdgChange, ...] = ()
    lmb: tuple[LmbChange, ...] = ()
    old_label: str = ""  # the levels' labels, in the verdict language
    new_label: str = ""

    @property
    def level_changed(self) -> bool:
        return self.old_level != self.new_level

    @property
    def changed(self) -> bool:
        return self.level_changed or self.old_is_lmb != self.new_is_lmb or bool(self.sdgs) or bool(self.lmb)


@dataclass(frozen=True)
class RubricDiff:
    old: dict[str, Any]  # versions of the old rubric (id, version, sha256)
    new: dict[str, Any]
    projects: tuple[ProjectDiff, ...] = field(default=())

    @property
    def changed(self) -> tuple[ProjectDiff, ...]:
        return tuple(p for p in self.projects if p.changed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_rubric": self.old,
            "new_rubric": self.new,
            "projects": len(self.projects),
            "changed": len(self.changed),
            "level_changed": sum(1 for p in self.projects if p.level_changed),
            "sdg_flips": sum(1 for p in self.projects for s in p.sdgs if s.flipped),
            "changes": [_project_dict(p) for p in self.changed],
        }


def _project_dict(p: ProjectDiff) -> dict[str, Any]:
    return {
        "key": p.key,
        "name": p.name,
        "level": {
            "old": p.old_level,
            "new": p.new_level,
            "changed": p.level_changed,
            "old_label": p.old_label,
            "new_label": p.new_label,
        },
        "is_lmb": {"old": p.old_is_lmb, "new": p.new_is_lmb},
        "sdgs": [
            {
                "sdg": s.number,
                "status": {"old": s.old_status, "new": s.new_status, "flipped": s.flipped},
                "positive": {"old": s.old_positive, "new": s.new_positive, "delta": s.positive_delta},
                "negative": {"old": s.old_negative, "new": s.new_negative, "delta": s.negative_delta},
            }
            for s in p.sdgs
        ],
        "lmb": [
            {
                "field": f.field,
                "level": {"old": f.old_level, "new": f.new_level},
                "positive": {"old": f.old_positive, "new": f.new_positive},
            }
            for f in p.lmb
        ],
    }


def compare_verdicts(key: str, old: Verdict, new: Verdict) -> ProjectDiff:
    """What differs between two verdicts for the same project."""
    new_sdgs = {s.number: s for s in new.sdgs}
    sdgs = []
    for o in old.sdgs:
        n = new_sdgs.get(o.number)
        if n is None:
            continue
        if (o.status, o.positive, o.negative) != (n.status, n.positive, n.negative):
            sdgs.append(
                SdgChange(o.number, o.status, n.status, o.positive, n.positive, o.negative, n.negative)
            )
    new_lmb = {f.field: f for f in new.lmb}
    lmb = []
    for of in old.lmb:
        nf = new_lmb.get(of.field)
        if nf is not None and (of.level, of.positive) != (nf.level, nf.positive):
            lmb.append(
                LmbChange(
                    of.field,
                    of.level,
                    nf.level,
                    of.positive,
                    nf.positive,
                    of.name,
                    of.level_label,
                    nf.level_label,
                )
            )
    return ProjectDiff(
        key=key,
        name=str(old.project.get("name", key)),
        old_level=old.level,
        new_level=new.level,
        old_is_lmb=old.is_lmb,
        new_is_lmb=new.is_lmb,
        sdgs=tuple(sdgs),
        lmb=tuple(lmb),
        old_label=old.level_label,
        new_label=new.level_label,
    )


def rubric_diff(
    pairs: Sequence[tuple[str, Verdict, Verdict]], old: dict[str, Any], new: dict[str, Any]
) -> RubricDiff:
    """Compare each project's old and new verdict; ``pairs`` is (key, old, new) per project,
    ``old``/``new`` describe the two rubrics (id, version, sha256)."""
    return RubricDiff(
        old=dict(old), new=dict(new), projects=tuple(compare_verdicts(key, o, n) for key, o, n in pairs)
    )
