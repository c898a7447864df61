"""The files ``merge`` and ``compare`` read: answers files, saved interview sessions and (for
``compare``) published verdicts, each recognised by its content, with the project and the
questionnaire it records. Not a command: the two commands share it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ..core.questionnaire import Questionnaire
from ..errors import InputError, Location
from ..loading.answers_file import read_answers
from ..loading.yaml_files import load_file, locate

MAX_SOURCE_BYTES: Final = 5_000_000  # a session or a verdict; answers files keep their own limit


@dataclass(frozen=True)
class Source:
    """One file: whose answers (or which verdict), for which project and questionnaire."""

    path: Path
    kind: str  # answers | session | verdict
    project: dict[str, Any]
    answers: dict[str, Any]  # checked values or UNKNOWN (empty for a verdict)
    depth: str | None
    questionnaire: dict[str, str]  # id and version as the file records them (may be empty)
    text: str = ""  # the file's text, to locate a field in it
    verdict: Mapping[str, Any] = field(default_factory=dict)  # the published verdict (kind verdict)

    def where(self, *path: str | int) -> Location:
        line, col = locate(self.text, path) if self.text else (None, None)
        return Location(str(self.path), line, col, ".".join(str(p) for p in path) or None)


def is_session(data: Any) -> bool:
    from ..interview.session import FORMAT

    return isinstance(data, Mapping) and data.get("format") == FORMAT


def is_verdict(data: Any) -> bool:
    return isinstance(data, Mapping) and "schema_version" in data and "verdict" in data


def read_source(path: Path, questionnaire: Questionnaire, *, verdicts: bool = False) -> Source:
    """Read ``path``: a saved session, a published verdict (only with ``verdicts``), else an
    answers file. Raises InputError, located in the file, for anything it cannot use."""
    data, text = load_file(path, MAX_SOURCE_BYTES, user_file=True)
    if is_session(data):
        from ..interview import session

        s = session.from_dict(data, path, questionnaire)
        q = questionnaire
        return Source(
            path,
            "session",
            dict(s.project),
            dict(s.interview.answers),
            s.interview.depth,
            {"id": q.id, "version": q.version},
            text,
        )
    if verdicts and is_verdict(data):
        from ..loading.schemas import schema_problems

        problems = schema_problems("verdict", data, text, str(path))
        if problems:
            raise InputError(problems)
        versions = data.get("versions", {}).get("questionnaire", {})
        return Source(
            path,
            "verdict",
            dict(data.get("project", {})),
            {},
            str(data.get("depth", "quick")),
            {k: str(versions[k]) for k in ("id", "version") if k in versions},
            text,
            data,
        )
    given = read_answers(path, questionnaire)
    ref = data.get("questionnaire") if isinstance(data, Mapping) else None
    recorded = {k: str(ref[k]) for k in ("id", "version") if isinstance(ref, Mapping) and k in ref}
    return Source(path, "answers", given.project, given.answers, given.depth, recorded, text)


def read_sources(
    paths: Sequence[Path], questionnaire: Questionnaire, *, verdicts: bool = False, minimum: int = 2
) -> list[Source]:
    """Read every file; at least ``minimum`` distinct files (a file given twice is refused)."""
    seen: dict[Path, Path] = {}
    for path in paths:
        resolved = path.resolve()
        if resolved in seen:
            raise InputError.one("workshop.twice", Location(str(path)), path=str(path))
        seen[resolved] = path
    if len(paths) < minimum:
        where = Location(str(paths[0])) if paths else None
        raise InputError.one("workshop.too_few", where, n=len(paths), minimum=minimum)
    return [read_source(p, questionnaire, verdicts=verdicts) for p in paths]


def short_names(paths: Sequence[Path]) -> dict[Path, str]:
    """File names, or longer paths where two files share a name."""
    names = {p: p.name for p in paths}
    if len(set(names.values())) < len(paths):
        names = {p: str(p) for p in paths}
    return names
