"""``merge``: a workshop. Several people's answers for one project (answers files or saved
interview sessions): who said what, which disagreements change the level, and one merged set of
answers. The merge rule is ``core.merge``; the report and the merged answers file are in
``reports.merge_view``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..core.merge import POLICIES, Merge, Rater
from ..core.merge import merge as merge_answers
from ..core.questionnaire import DEPTHS
from ..core.text import pick
from ..core.verdict import Verdict
from ..errors import InputError
from ..instrument import Instrument, load_instrument, verdict_for, words
from .sources import Source, read_sources, short_names

MERGE_FORMAT: Final = "sdgtoets-merge"
MERGE_FORMAT_VERSION: Final = 1
# The project facts that say who filled in a file: they differ from person to person.
PERSONAL: Final = ("owner", "department")


@dataclass(frozen=True)
class Participant:
    key: str  # the file's short name
    path: Path
    name: str  # who: the department, else the owner, else the file
    kind: str  # answers | session
    project: Mapping[str, Any]


@dataclass(frozen=True)
class MergeResult:
    """A workshop: the people, the merge per question, and the merged project and answers."""

    participants: tuple[Participant, ...]
    merge: Merge
    project: dict[str, Any]  # the facts everyone agrees on (the name of the first file)
    differing: tuple[str, ...]  # project facts the files disagree on, left out of ``project``
    questionnaire: dict[str, str]  # id, version
    rubric: dict[str, str]  # id, version, sha256
    verdict: Verdict  # the verdict for the merged answers
    lang: str
    short_labels: dict[str, str]  # question id -> its short name (for tables), in ``lang``

    def to_dict(self) -> dict[str, Any]:
        """The published JSON (``schemas/merge.schema.json``)."""
        data = self.merge.to_dict()
        return {
            "format": MERGE_FORMAT,
            "format_version": MERGE_FORMAT_VERSION,
            "language": self.lang,
            "project": self.project,
            "project_differs": list(self.differing),
            "participants": [
                {"key": p.key, "file": str(p.path), "name": p.name, "kind": p.kind} for p in self.participants
            ],
            **data,
            "versions": {
                "tool": self.verdict.versions.get("tool", ""),
                "questionnaire": self.questionnaire,
                "rubric": self.rubric,
            },
        }


def merge(
    files: Sequence[Path],
    *,
    depth: str | None = None,
    policy: str = "cautious",
    lang: str = "nl",
    questionnaire: Path | None = None,
    rubric: Path | None = None,
    overlays: Sequence[Path] = (),
    profile: Path | None = None,
    instrument: Instrument | None = None,
) -> MergeResult:
    """Merge two or more answers files or saved sessions for the same project. ``depth``
    defaults to ``full`` when any file is a full check, else ``quick``; ``policy`` is
    ``cautious`` (a disagreement becomes the most cautious answer) or ``gap`` (it becomes a
    knowledge gap). Raises InputError for fewer than two files, files for different projects or
    questionnaire versions, and any file that cannot be read."""
    if policy not in POLICIES:
        raise ValueError(f"unknown merge policy {policy!r}")
    if depth is not None and depth not in DEPTHS:
        raise ValueError(f"unknown depth {depth!r}")
    instrument = instrument or load_instrument(questionnaire, rubric, overlays, profile)
    sources = read_sources(list(files), instrument.questionnaire)
    _same_project(sources)
    _same_questionnaire(sources)
    keys = short_names([s.path for s in sources])
    names = rater_names(sources)
    depth = depth or ("full" if any(s.depth == "full" for s in sources) else "quick")
    project, differing = merged_project(sources)

    def verdict_of(answers: Mapping[str, Any]) -> Verdict:
        return verdict_for(instrument, answers, project, depth, lang, explain=False)

    result = merge_answers(
        instrument.questionnaire,
        instrument.rubric,
        [Rater(keys[s.path], name, s.answers) for s, name in zip(sources, names, strict=True)],
        depth,
        verdict_of,
        policy=policy,
        lang=lang,
        words=words(lang),
    )
    q, r = instrument.questionnaire, instrument.rubric
    return MergeResult(
        participants=tuple(
            Participant(keys[s.path], s.path, name, s.kind, s.project)
            for s, name in zip(sources, names, strict=True)
        ),
        merge=result,
        project=project,
        differing=differing,
        questionnaire={"id": q.id, "version": q.version},
        rubric={"id": r.id, "version": r.version, "sha256": r.content_hash},
        verdict=verdict_for(instrument, result.answers, project, depth, lang),
        lang=lang,
        short_labels={x.id: pick(x.short_label, lang) for x in q.questions if x.answerable},
    )


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _same_project(sources: Sequence[Source]) -> None:
    """One project: the same id where both files give one, else the same name."""
    first = sources[0]
    for other in sources[1:]:
        a, b = first.project, other.project
        if "id" in a and "id" in b:
            if _norm(a["id"]) != _norm(b["id"]):
                raise InputError.one(
                    "workshop.other_project",
                    other.where("project", "id"),
                    found=str(b["id"]),
                    expected=str(a["id"]),
                    first=str(first.path),
                )
        elif _norm(a.get("name", "")) != _norm(b.get("name", "")):
            raise InputError.one(
                "workshop.other_project",
                other.where("project", "name"),
                found=str(b.get("name", "")),
                expected=str(a.get("name", "")),
                first=str(first.path),
            )


def _same_questionnaire(sources: Sequence[Source]) -> None:
    """One questionnaire version: every file that records a version records the same one."""
    recorded = [s for s in sources if s.questionnaire.get("version")]
    for other in recorded[1:]:
        first = recorded[0]
        if other.questionnaire["version"] != first.questionnaire["version"]:
            raise InputError.one(
                "workshop.other_version",
                other.where("questionnaire", "version"),
                found=other.questionnaire["version"],
                expected=first.questionnaire["version"],
                first=str(first.path),
            )


def rater_names(sources: Sequence[Source]) -> list[str]:
    """Who filled in each file, as short as stays unique: the department, else the owner, else
    the file name; then department and owner together; then with the file name."""

    def plain(s: Source) -> str:
        p = s.project
        return str(p.get("department") or p.get("owner") or s.path.stem.removesuffix(".answers"))

    def both(s: Source) -> str:
        p = s.project
        parts = [str(p[k]) for k in ("department", "owner") if p.get(k)]
        if len(parts) == 2:
            return f"{parts[0]} ({parts[1]})"
        return parts[0] if parts else plain(s)

    for style in (plain, both):
        names = [style(s) for s in sources]
        if len({_norm(n) for n in names}) == len(names):
            return names
    return [f"{both(s)} ({s.path.name})" for s in sources]


def merged_project(sources: Sequence[Source]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The project facts every file that has them agrees on; the name of the first file. Who
    filled in a file (owner, department) is never a fact of the merged project."""
    project: dict[str, Any] = {"name": sources[0].project["name"]}
    differing: list[str] = []
    fields = dict.fromkeys(k for s in sources for k in s.project if k != "name")
    for key in fields:
        values = [s.project[key] for s in sources if key in s.project]
        if key not in PERSONAL and all(_norm(v) == _norm(values[0]) for v in values):
            project[key] = values[0]
        elif key not in PERSONAL:
            differing.append(key)
    return project, tuple(differing)
