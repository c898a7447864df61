"""``diff``: which projects change verdict when the rubric changes, and by how much.

Scores a set of answers files under the old and the new rubric; the comparison itself is
``core.diff``, the Markdown report ``reports.diff``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.diff import RubricDiff, rubric_diff
from ..core.rubric import Rubric
from ..errors import InputError, Location
from ..instrument import load_instrument, verdict_for
from ..loading.answers_file import read_answers
from ..loading.definitions import Content, find_content

ANSWER_PATTERNS = ("*.answers.yaml", "*.answers.yml", "*.answers.json")


def answer_files(paths: Sequence[Path]) -> list[Path]:
    """Answers files: the files given, and every ``*.answers.yaml`` (or .yml/.json) in a folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for pattern in ANSWER_PATTERNS for p in path.rglob(pattern))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError.one("file.not_found", Location(str(path)), path=str(path))
    if not found:
        raise InputError.one("maintenance.no_answers", None, pattern=", ".join(ANSWER_PATTERNS))
    return list(dict.fromkeys(found))


def diff(
    old_rubric: Path,
    new_rubric: Path,
    answers: Sequence[Path],
    *,
    questionnaire: Path | None = None,
    old_questionnaire: Path | None = None,
    overlays: Sequence[Path] = (),
    lang: str = "nl",
    content: Content | None = None,
) -> RubricDiff:
    """Score every answers file (``answers``: files, or folders of ``*.answers.yaml``) under both
    rubrics and compare. The questionnaire defaults to that of ``content`` (the content folder
    the command runs in, else the bundled one). ``old_questionnaire`` is for an old rubric
    written for an earlier questionnaire version (default: ``questionnaire``). Raises InputError
    on bad input."""
    content = content or find_content()
    if not content.bundled:
        questionnaire = questionnaire or content.questionnaire
    old = load_instrument(old_questionnaire or questionnaire, old_rubric, overlays)
    new = load_instrument(questionnaire, new_rubric, overlays)
    files = answer_files(answers)
    names = _short_names(files)
    pairs = []
    for path in files:
        old_given = read_answers(path, old.questionnaire)
        new_given = (
            read_answers(path, new.questionnaire) if new.questionnaire is not old.questionnaire else old_given
        )
        pairs.append(
            (
                names[path],
                verdict_for(old, old_given.answers, old_given.project, old_given.depth or "quick", lang),
                verdict_for(new, new_given.answers, new_given.project, new_given.depth or "quick", lang),
            )
        )
    return rubric_diff(pairs, _versions(old.rubric), _versions(new.rubric))


def _versions(rubric: Rubric) -> dict[str, str]:
    return {"id": rubric.id, "version": rubric.version, "sha256": rubric.content_hash}


def _short_names(files: list[Path]) -> dict[Path, str]:
    """File names, or longer paths where two files share a name."""
    names = {p: p.name for p in files}
    if len(set(names.values())) < len(files):
        names = {p: str(p) for p in files}
    return names
