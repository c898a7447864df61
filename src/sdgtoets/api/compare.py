"""``compare``: variants of a project, or one project over time, side by side. Takes answers
files, saved sessions and published verdicts (JSON); answers are scored with the current
rubric, a verdict is taken as it was made and, when it was made with another rubric, scored
again from the answers it records, so that the comparison can say whether a difference comes
from the project or from the rubric. The comparison is ``core.compare``; the report is in
``reports.compare_view``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..core.answers import check_answers
from ..core.compare import Comparison, Snapshot, snapshot, snapshot_from_dict
from ..core.compare import compare as compare_snapshots
from ..core.conditions import question_ids
from ..core.text import pick
from ..instrument import Instrument, load_instrument, verdict_for
from .sources import Source, read_sources, short_names

COMPARE_FORMAT: Final = "sdgtoets-compare"
COMPARE_FORMAT_VERSION: Final = 1


@dataclass(frozen=True)
class CompareItem:
    key: str  # the file's short name
    path: Path
    kind: str  # answers | session | verdict


@dataclass(frozen=True)
class CompareResult:
    items: tuple[CompareItem, ...]
    comparison: Comparison
    lang: str
    level_labels: dict[str, str]  # the current rubric's levels, in ``lang``

    def to_dict(self) -> dict[str, Any]:
        """The published JSON (``schemas/compare.schema.json``)."""
        data = self.comparison.to_dict()
        for item, entry in zip(self.items, data["items"], strict=True):
            entry["file"] = str(item.path)
            entry["kind"] = item.kind
        return {
            "format": COMPARE_FORMAT,
            "format_version": COMPARE_FORMAT_VERSION,
            "language": self.lang,
            **data,
        }


def compare(
    files: Sequence[Path],
    *,
    lang: str = "nl",
    questionnaire: Path | None = None,
    rubric: Path | None = None,
    overlays: Sequence[Path] = (),
    profile: Path | None = None,
    instrument: Instrument | None = None,
) -> CompareResult:
    """Compare two or more answers files, saved sessions or verdicts (JSON), each with the one
    before it. Raises InputError for fewer than two files and any file that cannot be read."""
    instrument = instrument or load_instrument(questionnaire, rubric, overlays, profile)
    sources = read_sources(list(files), instrument.questionnaire, verdicts=True)
    keys = short_names([s.path for s in sources])
    r = instrument.rubric
    current = {"id": r.id, "version": r.version, "sha256": r.content_hash}
    snapshots: list[Snapshot] = []
    rescored: list[Snapshot | None] = []
    for s in sources:
        key = keys[s.path]
        if s.kind == "verdict":
            snap = snapshot_from_dict(key, s.verdict)
            snapshots.append(snap)
            rescored.append(_rescore(instrument, s, key, lang) if _other_rubric(snap, current) else None)
        else:
            verdict = verdict_for(instrument, s.answers, s.project, s.depth or "quick", lang)
            snapshots.append(snapshot(key, verdict))
            rescored.append(None)
    reads = {}
    for rule in r.rules:
        qs = question_ids(rule.when) + (question_ids(rule.mitigated_if) if rule.mitigated_if else ())
        reads[rule.id] = tuple(dict.fromkeys(qs))
    result = compare_snapshots(
        snapshots,
        rule_questions=reads,
        rescored=rescored,
        ranks={lv.id: lv.rank for lv in r.levels if lv.rank is not None},
        current_rubric=current,
    )
    return CompareResult(
        tuple(CompareItem(keys[s.path], s.path, s.kind) for s in sources),
        result,
        lang,
        {lv.id: pick(lv.label, lang) for lv in r.levels},
    )


def _other_rubric(snap: Snapshot, current: dict[str, str]) -> bool:
    if snap.rubric.get("sha256"):
        return bool(snap.rubric["sha256"] != current["sha256"])
    return (snap.rubric.get("id"), snap.rubric.get("version")) != (current["id"], current["version"])


def _rescore(instrument: Instrument, source: Source, key: str, lang: str) -> Snapshot | None:
    """The verdict's recorded answers scored with the current rubric; None when it recorded
    none, or answers the current questionnaire does not have."""
    data = source.verdict
    if "answers" not in data or source.questionnaire.get("id") != instrument.questionnaire.id:
        return None
    raw = {str(a["question"]): a.get("value") for a in data["answers"]}
    checked = check_answers(instrument.questionnaire, raw)
    if checked.errors:
        return None
    verdict = verdict_for(instrument, checked.values, source.project, source.depth or "quick", lang)
    return snapshot(key, verdict)
