"""``sdgtoets test``: run the maintainers' rubric test cases (``*.test.yaml``) and show what failed.

Each test names an answers file and the verdict the rubric should give. Exit 0 when all pass,
1 when a test fails, 2 when a test file itself is wrong (or none were found).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from ..core.testcases import Mismatch
from ..core.text import pick
from ..i18n import t
from ..loading.errors import InputError, Location, Problem, field_path
from .common import EXIT_FAILED, EXIT_INPUT, choose, input_errors, language, print_problems

PATTERN = "*.test.yaml"


@dataclass
class CaseResult:
    file: Path
    name: str
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.mismatches


def find_test_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
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


def run_one(path: Path, instrument: Any, lang: str) -> CaseResult:
    """Score the test's answers and compare; an InputError means the test file is wrong."""
    from ..api import verdict_for
    from ..core.testcases import check_expectation, compare, expectation_from_data
    from ..loading.answers_file import read_answers
    from ..loading.definitions import kind_of
    from ..loading.schemas import schema_problems
    from ..loading.yaml_files import load_file, locate

    data, text = load_file(path)
    if kind_of(data) != "test":
        raise InputError.one("maintenance.not_a_test", Location(str(path), 1))
    problems = schema_problems("test", data, text, str(path))
    if problems:
        raise InputError(problems)
    expect = expectation_from_data(data)
    bad = check_expectation(expect, instrument.rubric)
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
    return CaseResult(path, pick(data["name"], lang), compare(expect, verdict))


def rubric_test(
    paths: list[Path] = typer.Argument(
        None, help="Testbestanden of mappen (alle *.test.yaml erin). Standaard: de meegeleverde voorbeelden."
    ),
    questionnaire: Path | None = typer.Option(None, "--questionnaire", help="Een andere vragenlijst (YAML)."),
    rubric: Path | None = typer.Option(None, "--rubric", help="Een andere rubriek (YAML)."),
    overlay: list[Path] = typer.Option(
        [], "--overlay", help="Lokale aanvulling op de rubriek (mag herhaald)."
    ),
    fmt: str = typer.Option("text", "--format", "-f", help="text (tabel) of json (voor CI)."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Taal: nl (standaard) of en."),
) -> None:
    """Voer rubriektesten uit: geeft de rubriek voor elk voorbeeldproject het verwachte oordeel?

    PATHS: testbestanden of mappen (alle *.test.yaml erin); standaard de meegeleverde voorbeelden.

    Exit 0 als alles slaagt, 1 als een test faalt, 2 als een testbestand fout is.
    """
    lng = language(lang)
    fmt = choose(fmt, ("text", "json"), "usage.bad_format", lng)
    from ..loading.definitions import bundled_dir

    files, problems = find_test_files(list(paths) if paths else [bundled_dir("examples")])
    with input_errors(lng):
        from ..api import load_instrument

        instrument = load_instrument(questionnaire, rubric, overlay)
    results: list[CaseResult] = []
    for path in files:
        try:
            results.append(run_one(path, instrument, lng))
        except InputError as exc:
            problems += exc.problems
    if not files and not problems:
        problems.append(Problem("maintenance.no_tests", {"pattern": PATTERN}))
    if fmt == "json":
        sys.stdout.write(json.dumps(as_json(results, problems, lng), ensure_ascii=False, indent=2) + "\n")
    else:
        show_table(results, lng)
        print_problems(problems, lng)
    if problems:
        raise SystemExit(EXIT_INPUT)
    if any(not r.passed for r in results):
        raise SystemExit(EXIT_FAILED)


def as_json(results: list[CaseResult], problems: list[Problem], lang: str) -> dict[str, Any]:
    return {
        "tests": [
            {
                "file": str(r.file),
                "name": r.name,
                "passed": r.passed,
                "failures": [
                    {"what": m.what, "expected": m.expected, "actual": m.actual} for m in r.mismatches
                ],
            }
            for r in results
        ],
        "passed": sum(1 for r in results if r.passed),
        "failed": sum(1 for r in results if not r.passed),
        "errors": [
            {
                "file": p.location.file if p.location else None,
                "line": p.location.line if p.location else None,
                "message": t(p.key, lang, **p.params),
            }
            for p in problems
        ],
    }


def _detail(m: Mismatch, lang: str) -> str:
    return t("maintenance.test_mismatch", lang, what=m.what, expected=m.expected, actual=m.actual)


def show_table(results: list[CaseResult], lang: str) -> None:
    passed = sum(1 for r in results if r.passed)
    summary = t(
        "maintenance.test_summary", lang, passed=passed, failed=len(results) - passed, total=len(results)
    )
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(show_lines=False)
        table.add_column(t("maintenance.col_result", lang))
        table.add_column(t("maintenance.col_test", lang))
        table.add_column(t("maintenance.col_details", lang))
        for r in results:
            mark = (
                "[green]" + t("maintenance.pass", lang) if r.passed else "[red]" + t("maintenance.fail", lang)
            )
            details = "\n".join(escape(_detail(m, lang)) for m in r.mismatches)
            table.add_row(mark, f"{escape(r.name)}\n[dim]{escape(r.file.name)}[/dim]", details)
        console = Console()
        console.print(table, markup=True)
        console.print(summary, highlight=False)
        return
    for r in results:
        mark = t("maintenance.pass" if r.passed else "maintenance.fail", lang)
        sys.stdout.write(f"{mark}  {r.name} ({r.file})\n")
        for m in r.mismatches:
            sys.stdout.write(f"      {_detail(m, lang)}\n")
    sys.stdout.write(summary + "\n")


def register(app: typer.Typer) -> None:
    app.command("test")(rubric_test)
