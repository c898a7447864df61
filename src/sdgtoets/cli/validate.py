"""``sdgtoets validate``: check questionnaire and rubric files, reporting every problem at once."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from ..core.lint import Finding, lint_questionnaire, lint_rubric
from ..core.questionnaire import Questionnaire
from ..i18n import t
from ..loading.errors import InputError, Location, Problem, field_path
from .common import EXIT_INPUT, choose, format_problem, language


@dataclass
class FileReport:
    path: Path
    kind: str = ""
    ident: str = ""
    version: str = ""
    problems: list[Problem] = field(default_factory=list)


def _finding_problem(finding: Finding, path: Path, text: str) -> Problem:
    from ..loading.yaml_files import locate

    line, col = locate(text, finding.path)
    return Problem(
        f"lint.{finding.code}",
        finding.params,
        Location(str(path), line, col, field_path(finding.path) or None),
        severity=finding.severity,
        code=finding.code,
    )


def validate_files(paths: list[Path]) -> list[FileReport]:
    """Schema and consistency checks on each file; rubrics against the questionnaire given
    alongside (else the bundled one)."""
    from ..core.definitions import questionnaire_from_data, rubric_from_data
    from ..loading.definitions import (
        default_questionnaire_path,
        default_rubric_path,
        kind_of,
        load_questionnaire,
    )
    from ..loading.schemas import schema_problems
    from ..loading.yaml_files import load_file

    if not paths:
        paths = [default_questionnaire_path(), default_rubric_path()]
    loaded: list[tuple[FileReport, Any, str]] = []
    for path in paths:
        report = FileReport(path)
        try:
            data, text = load_file(path)
        except InputError as exc:
            report.problems += exc.problems
            loaded.append((report, None, ""))
            continue
        report.kind = kind_of(data)
        if report.kind not in ("questionnaire", "rubric", "overlay"):
            report.problems.append(Problem("validate.unknown_kind", {}, Location(str(path), 1), code="E002"))
        else:
            report.ident, report.version = str(data.get("id", "")), str(data.get("version", ""))
            report.problems += schema_problems(
                "questionnaire" if report.kind == "questionnaire" else "rubric", data, text, str(path)
            )
        loaded.append((report, data, text))

    questionnaire: Questionnaire | None = None
    for report, data, text in loaded:
        if report.kind == "questionnaire" and not report.problems:
            q = _build(report, text, questionnaire_from_data, data)
            if q is not None:
                report.problems += [_finding_problem(f, report.path, text) for f in lint_questionnaire(q)]
                questionnaire = questionnaire or q
    for report, data, text in loaded:
        if report.kind == "rubric" and not report.problems:
            if questionnaire is None:
                try:
                    questionnaire = load_questionnaire(default_questionnaire_path())
                except InputError as exc:
                    report.problems += exc.problems
                    continue
            r = _build(report, text, rubric_from_data, data)
            if r is not None:
                report.problems += [_finding_problem(f, report.path, text) for f in lint_rubric(r, questionnaire)]
    for report, _, _ in loaded:
        report.problems.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
    return [r for r, _, _ in loaded]


def _build(report: FileReport, text: str, builder: Any, data: Any) -> Any:
    from ..core.conditions import ConditionError
    from ..loading.yaml_files import locate

    try:
        return builder(data)
    except ConditionError as exc:
        line, col = locate(text, exc.path)
        report.problems.append(
            Problem(
                "definition.bad_condition",
                {"reason": str(exc)},
                Location(str(report.path), line, col, field_path(exc.path)),
                code="E003",
            )
        )
        return None


def validate(
    files: list[Path] = typer.Argument(None, help="Vragenlijst- en rubriekbestanden (standaard: de meegeleverde)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text of json (voor CI)."),
    strict: bool = typer.Option(False, "--strict", help="Ook waarschuwingen laten falen."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Taal: nl (standaard) of en."),
) -> None:
    """Controleer vragenlijsten en rubrieken: schema, verwijzingen, vertalingen. Exit 2 bij fouten."""
    lng = language(lang)
    fmt = choose(fmt, ("text", "json"), "usage.bad_format", lng)
    reports = validate_files(list(files or []))
    errors = sum(1 for r in reports for p in r.problems if p.severity == "error")
    warnings = sum(1 for r in reports for p in r.problems if p.severity == "warning")
    if fmt == "json":
        import json

        data = {
            "files": [
                {
                    "file": str(r.path),
                    "kind": r.kind,
                    "id": r.ident,
                    "version": r.version,
                    "findings": [
                        {
                            "code": p.code or "E000",
                            "severity": p.severity,
                            "line": p.location.line if p.location else None,
                            "column": p.location.column if p.location else None,
                            "field": p.location.field if p.location else None,
                            "message": t(p.key, lng, **p.params),
                        }
                        for p in r.problems
                    ],
                }
                for r in reports
            ],
            "errors": errors,
            "warnings": warnings,
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in reports:
            for p in r.problems:
                sys.stderr.write(format_problem(p, lng) + "\n")
            if not r.problems:
                sys.stdout.write(
                    t("validate.ok", lng, file=str(r.path), kind=r.kind, id=r.ident, version=r.version) + "\n"
                )
        sys.stdout.write(t("validate.summary", lng, errors=errors, warnings=warnings, files=len(reports)) + "\n")
    if errors or (strict and warnings):
        raise SystemExit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
