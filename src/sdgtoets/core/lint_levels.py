"""Lint of verdict and LMB levels: unknown metrics and thresholds that contradict each other.

Levels are tried in order and the first whose ``when`` holds wins. Every level condition is a
comparison of one metric with a number, so only the position of each metric relative to the
thresholds matters: trying each threshold, a point just below and just above it, and the ends of
the metric's range covers every case. A level that no such point reaches can never be reached.
Metrics are treated as independent, so "never" is never claimed wrongly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .conditions import ABSENT, Condition, Missing, Value, evaluate, subjects
from .lint_paths import compares_in
from .metrics import LMB_METRICS, VERDICT_METRICS, Metric
from .rubric import Level, Rubric

Path = tuple[str | int, ...]


MAX_POINTS: Final = 200_000  # beyond this many combinations the analysis is skipped
EPS: Final = 1e-6


@dataclass(frozen=True)
class LevelFinding:
    code: str
    path: Path
    params: dict[str, object]


def _candidates(metric: str, rng: Metric, thresholds: set[float]) -> list[float]:
    values = {rng.low}
    if rng.high is not None:
        values.add(rng.high)
    for t in thresholds:
        if rng.integer:
            values |= {math.floor(t) - 1, math.floor(t), math.ceil(t), math.ceil(t) + 1}
        else:
            values |= {t - EPS, t, t + EPS}
    if not rng.integer and rng.high is None and thresholds:
        values.add(max(thresholds) + 1)
    return sorted(v for v in values if v >= rng.low and (rng.high is None or v <= rng.high))


def check_levels(
    levels: tuple[Level, ...], metrics: Mapping[str, Metric], base: Path, lmb: bool
) -> list[LevelFinding]:
    """Unknown metrics (L401), levels that cannot be reached (L402/L403) or never hold (L404)."""
    out: list[LevelFinding] = []
    thresholds: dict[str, set[float]] = {}
    for i, level in enumerate(levels):
        if level.when is None:
            continue
        for cmp, path in compares_in(level.when, (*base, i, "when")):
            if cmp.kind != "metric" or cmp.subject not in metrics:
                out.append(
                    LevelFinding(
                        "L401", path, {"metric": cmp.subject, "level": level.id, "known": sorted(metrics)}
                    )
                )
                continue
            if isinstance(cmp.value, int | float) and not isinstance(cmp.value, bool):
                thresholds.setdefault(cmp.subject, set()).add(float(cmp.value))
    used = sorted(thresholds)
    axes = [_candidates(m, metrics[m], thresholds[m]) for m in used]
    total = math.prod(len(a) for a in axes) if axes else 1
    if total > MAX_POINTS:
        return out
    points = [dict(zip(used, combo, strict=True)) for combo in itertools.product(*axes)]

    def holds(cond: Condition | None, point: Mapping[str, float]) -> bool:
        if cond is None:
            return True

        def lookup(name: str) -> Value | Missing:
            return point.get(name, ABSENT)

        return evaluate(cond, lookup) is True

    truth = [[holds(level.when, p) for p in points] for level in levels]
    for i, level in enumerate(levels):
        own = [k for k, hit in enumerate(truth[i]) if hit]
        if not own:
            if level.when is not None and all(c.subject in metrics for c in subjects(level.when, "metric")):
                out.append(LevelFinding("L404", (*base, i, "when"), {"level": level.id}))
            continue
        if any(not any(truth[j][k] for j in range(i)) for k in own):
            continue
        first = {next(j for j in range(i) if truth[j][k]) for k in own}  # who actually wins there
        winners = [levels[j].id for j in sorted(first)]
        code = "L403" if lmb else "L402"
        out.append(LevelFinding(code, (*base, i), {"level": level.id, "earlier": winners}))
    return out


def lint_levels(rubric: Rubric) -> list[LevelFinding]:
    return check_levels(rubric.levels, VERDICT_METRICS, ("levels",), False) + check_levels(
        rubric.lmb.levels, LMB_METRICS, ("lmb", "levels"), True
    )
