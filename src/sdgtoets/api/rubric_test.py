"""``test`` (``run_tests``): the maintainers' rubric test cases (``*.test.yaml``), run and compared.

Each test names an answers file and the verdict the rubric should give; a mismatch is a failed
test, a wrong test file is a problem (with file, line and field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.testcases import Mismatch, check_expectation, compare, expectation_from_data
from ..core.text import pick
from ..errors import InputError, Location, Problem, field_path
from ..i18n import t
from ..instrument import Instrument, load_instrument, verdict_for
from ..loading.answers_file import read_answers
from ..loading.definitions import (
    Content,
    default_questionnaire_path,
    default_rubric_path,
    find_content,
    kind_of,
)
from ..loading.schemas import schema_problems
from ..loading.yaml_files import load_file, locate

PATTERN = "*.test.yaml"


@dataclass(frozen=True)
class CaseResult:
    file: Path
    name: str
    mismatches: tuple[Mismatch, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.mismatches


@dataclass(frozen=True)
class RubricTestResult:
    """The outcome of every test found; ``problems`` are test files that are themselves wrong."""

    cases: tuple[CaseResult, ...]
    problems: tuple[Problem, ...]
    questionnaire: Path  # the definitions the tests ran with
    rubric: Path
    content: Content

    @property
    def passed(self) -> int:
        return sum(1 for c in self.cases if c.passed)

    @property
    def failed(self) -> int:
        return len(self.cases) - self.passed

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        """The JSON report (``test --format json``), messages in ``lang``."""
        return {
            "tests": [
                {
                    "file": str(c.file),
                    "name": c.name,
                    "passed": c.passed,
                    "failures": [
                        {"what": m.what, "expected": m.expected, "actual": m.actual} for m in c.mismatches
                    ],
                }
                for c in self.cases
            ],
            "passed": self.passed,
            "failed": self.failed,
            "errors": [
                {
                    "file": p.location.file if p.location else None,
                    "line": p.location.line if p.location else None,
                    "message": t(p.key, lang, **p.params),
                }
                for p in self.problems
            ],
            "questionnaire": str(self.questionnaire),
            "rubric": str(self.rubric),
            "content": {"folder": str(self.content.root), "bundled": self.content.bundled},
        }


def find_test_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The test files under the given files and folders (all ``*.test.yaml`` inside a folder)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob(PATTERN))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem("file.not_found", {"path": str(path)}, Location(str(path))))
    return list(dict.fromkeys(found)), problems


def run_case(path: Path, instrument: Instrument, lang: str = "nl") -> CaseResult:
    """Score one test's answers and compare; an InputError means the test file is wrong."""
    data, text = load_file(path)
    if kind_of(data) != "test":
        raise InputError.one("maintenance.not_a_test", Location(str(path), 1))
    problems = schema_problems("test", data, text, str(path))
    if problems:
        raise InputError(problems)
    keys = ["expect", *(["expect_quick"] if data.get("expect_quick") else [])]
    expectations = {key: expectation_from_data(data, key) for key in keys}
    bad = [b for key, e in expectations.items() for b in check_expectation(e, instrument.rubric, key)]
    if bad:
        raise InputError(
            [
                Problem(
                    "maintenance.unknown_level",
                    {"value": b.value, "allowed": ", ".join(b.allowed)},
                    Location(str(path), *locate(text, b.path), field_path(b.path)),
                )
                for b in bad
            ]
        )
    answers_path = (path.parent / str(data["answers"])).resolve()
    if not answers_path.is_file():
        raise InputError.one(
            "maintenance.answers_not_found",
            Location(str(path), *locate(text, ("answers",)), "answers"),
            path=str(answers_path),
        )
    given = read_answers(answers_path, instrument.questionnaire)
    depth = data.get("depth") or given.depth or "quick"
    verdict = verdict_for(instrument, given.answers, given.project, depth, lang)
    mismatches = compare(expectations["expect"], verdict)
    if "expect_quick" in expectations:
        # The same project as a quick scan would see it: only the quick questions answered.
        questionnaire = instrument.questionnaire
        quick_answers = {
            qid: value
            for qid, value in given.answers.items()
            if (q := questionnaire.get(qid)) is not None and (q.depth == "quick" or q.scope != "project")
        }
        quick = verdict_for(instrument, quick_answers, given.project, "quick", lang)
        mismatches += [
            Mismatch(f"quick {m.what}", m.expected, m.actual)
            for m in compare(expectations["expect_quick"], quick)
        ]
    return CaseResult(path, pick(data["name"], lang), tuple(mismatches))


def run_tests(
    paths: Sequence[Path] = (),
    *,
    questionnaire: Path | None = None,
    rubric: Path | None = None,
    overlays: Sequence[Path] = (),
    lang: str = "nl",
    content: Content | None = None,
) -> RubricTestResult:
    """Run the tests in ``paths`` (files, or folders searched for ``*.test.yaml``). What is not
    given comes from ``content``: by default the content folder the command runs in (its
    ``examples/``, questionnaire and rubric), else the bundled content. Raises InputError when
    the definitions cannot be loaded."""
    content = content or find_content()
    if not content.bundled:
        questionnaire = questionnaire or content.questionnaire
        rubric = rubric or content.rubric
    files, problems = find_test_files(list(paths) or [content.examples])
    instrument = load_instrument(questionnaire, rubric, overlays)
    cases: list[CaseResult] = []
    for path in files:
        try:
            cases.append(run_case(path, instrument, lang))
        except InputError as exc:
            problems += exc.problems
    if not files and not problems:
        problems.append(Problem("maintenance.no_tests", {"pattern": PATTERN}))
    return RubricTestResult(
        tuple(cases),
        tuple(problems),
        questionnaire or default_questionnaire_path(),
        rubric or default_rubric_path(),
        content,
    )
