"""``sdgtoets validate``: check questionnaire, rubric and overlay files, reporting every problem at once.

The shell part of the linter: reading files, JSON Schemas, duplicate YAML keys (from the node
tree, which ``safe_load`` would silently merge), and turning each core finding's data path into
file, line and column. The checks themselves live in ``core.lint``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from ..core.lint import (
    CODES,
    Finding,
    Origins,
    lint_coverage,
    lint_overlay_base,
    lint_questionnaire,
    lint_rubric,
)
from ..core.questionnaire import Questionnaire
from ..core.rubric import Rubric
from ..i18n import t
from ..loading.errors import InputError, Location, Problem, field_path
from .common import EXIT_INPUT, choose, format_problem, language

DOCS = "docs/errors.md"


@dataclass
class FileReport:
    path: Path
    kind: str = ""
    ident: str = ""
    version: str = ""
    problems: list[Problem] = field(default_factory=list)
    data: Any = None
    text: str = ""
    node: Any = None  # the composed YAML node tree, once

    @property
    def usable(self) -> bool:
        # A duplicate key (L002) still loads (the last one wins), so the checks can go on.
        return self.data is not None and not any(
            p.severity == "error" and p.code != "L002" for p in self.problems
        )

    def compose(self) -> Any:
        if self.node is None:
            import yaml

            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # aliases were refused when loading
            try:
                self.node = yaml.compose(self.text, Loader=loader) or False
            except yaml.YAMLError:
                self.node = False
        return self.node

    def locate(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        import yaml

        node = self.compose()
        if node is False:
            return None, None
        for part in path:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                nxt = next(
                    (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                    None,
                )
            elif (
                isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
            ):
                nxt = node.value[part]
            if nxt is None:
                break
            node = nxt
        return node.start_mark.line + 1, node.start_mark.column + 1

    def add(self, finding: Finding) -> None:
        line, col = self.locate(finding.path)
        self.problems.append(
            Problem(
                f"lint.{finding.code}",
                finding.params,
                Location(str(self.path), line, col, field_path(finding.path) or None),
                severity=finding.severity,
                code=finding.code,
            )
        )


def duplicate_keys(report: FileReport) -> list[Problem]:
    """Keys that occur twice in one mapping (YAML loaders keep only the last one)."""
    import yaml

    root = report.compose()
    out: list[Problem] = []
    if root is False:
        return out
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                if name in seen:
                    out.append(
                        Problem(
                            "lint.L002",
                            {"name": name},
                            Location(
                                str(report.path),
                                key.start_mark.line + 1,
                                key.start_mark.column + 1,
                                field_path((*path, name)),
                            ),
                            severity=CODES["L002"],
                            code="L002",
                        )
                    )
                seen.add(name)
                stack.append((value, (*path, name)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return out


def _without_aliases(path: Path) -> bool:
    """Whether a (YAML) file is free of anchors/aliases, checked with the fast C parser, so it
    can be loaded fast too; otherwise the slower loader refuses the aliases with a located error."""
    import yaml

    from ..loading.yaml_files import read_text

    if path.suffix.lower() == ".json":
        return False
    try:
        text = read_text(path)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return not any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=loader))
    except (InputError, yaml.YAMLError):
        return False  # the normal loader reports why


def _read(path: Path) -> FileReport:
    from ..loading.definitions import kind_of
    from ..loading.schemas import schema_problems
    from ..loading.yaml_files import load_file

    report = FileReport(path)
    try:
        report.data, report.text = load_file(path, trusted=_without_aliases(path))
    except InputError as exc:
        report.problems += [
            Problem(p.key, p.params, p.location, p.severity, p.code or "E004") for p in exc.problems
        ]
        return report
    report.kind = kind_of(report.data)
    if report.kind == "test" and isinstance(report.data.get("name"), dict):
        report.ident = str(report.data["name"].get("nl", ""))
    report.problems += duplicate_keys(report)
    schema_name = {"questionnaire": "questionnaire", "rubric": "rubric", "overlay": "rubric", "test": "test"}
    if report.kind not in schema_name:
        report.problems.append(Problem("validate.unknown_kind", {}, Location(str(path), 1), code="E002"))
        report.data = None
        return report
    if report.kind != "test":
        report.ident, report.version = str(report.data.get("id", "")), str(report.data.get("version", ""))
    report.problems += schema_problems(schema_name[report.kind], report.data, report.text, str(path))
    return report


def _build(report: FileReport, builder: Any, *args: Any) -> Any:
    from ..core.conditions import ConditionError

    try:
        return builder(*args)
    except ConditionError as exc:
        line, col = report.locate(exc.path)
        report.problems.append(
            Problem(
                "definition.bad_condition",
                {"reason": str(exc)},
                Location(str(report.path), line, col, field_path(exc.path)),
                code="E003",
            )
        )
        return None


def validate_files(paths: list[Path]) -> list[FileReport]:
    """Schema and consistency checks on each file. Rubrics are checked against the questionnaire
    given alongside (else the bundled one); overlays against the rubric they extend (given
    alongside, else the bundled one with that id) and the questionnaire they extend."""
    from ..core.definitions import questionnaire_from_data, rubric_from_data
    from ..core.overlay import extend_questionnaire, overlay_base
    from ..loading.definitions import bundled_rubric_path, default_questionnaire_path, default_rubric_path

    if not paths:
        paths = [default_questionnaire_path(), default_rubric_path()]
    reports = [_read(p) for p in paths]

    questionnaire: Questionnaire | None = None
    q_report: FileReport | None = None
    for report in reports:
        if report.kind == "questionnaire" and report.usable:
            q = _build(report, questionnaire_from_data, report.data)
            if q is not None:
                for f in lint_questionnaire(q):
                    report.add(f)
                if questionnaire is None:
                    questionnaire, q_report = q, report
    given_questionnaire = any(r.kind == "questionnaire" for r in reports)
    if questionnaire is None and not given_questionnaire:
        extra = _read(default_questionnaire_path())
        if extra.usable:
            questionnaire = _build(extra, questionnaire_from_data, extra.data)

    if questionnaire is None:  # say so: the rubrics and overlays could not be checked further
        for report in reports:
            if report.kind in ("rubric", "overlay") and report.usable:
                report.problems.append(
                    Problem(
                        "lint.not_checked", {}, Location(str(report.path), 1), severity="warning", code="E005"
                    )
                )

    rubrics: dict[str, tuple[FileReport, Rubric]] = {}
    for report in reports:
        if report.kind != "rubric" or not report.usable or questionnaire is None:
            continue
        r = _build(report, rubric_from_data, report.data)
        if r is None:
            continue
        rubrics.setdefault(r.id, (report, r))
        for f in lint_rubric(r, questionnaire):
            report.add(f)
        if q_report is not None:
            for f in lint_coverage(r, questionnaire):
                q_report.add(f)

    for report in reports:
        if report.kind != "overlay" or not report.usable or questionnaire is None:
            continue
        base_id, _ = overlay_base(report.data)
        if base_id in rubrics:
            base_data = rubrics[base_id][0].data
        else:
            base_path = bundled_rubric_path(base_id)
            if base_path is None:
                report.add(
                    Finding("L205", "error", "", ("extends", "id"), {"extends": base_id, "rubric": "?"})
                )
                continue
            base_report = _read(base_path)
            if not base_report.usable:
                report.problems += base_report.problems
                continue
            base_data = base_report.data
        extended = _build(report, extend_questionnaire, questionnaire, [report.data])
        merged = _build(report, rubric_from_data, base_data, [report.data])
        if extended is None or merged is None:
            continue
        origins = Origins(extended.question_sources, extended.section_sources)
        mine = f"overlay:{report.ident}"
        findings = lint_overlay_base(report.data, merged, report.ident)
        findings += lint_questionnaire(extended.questionnaire, origins)
        findings += lint_rubric(merged, extended.questionnaire)
        findings += lint_coverage(merged, extended.questionnaire, origins)
        for f in findings:
            if f.file == mine:
                report.add(f)
    for report in reports:
        report.problems.sort(key=lambda p: ((p.location.line or 0) if p.location else 0, p.code))
    return reports


def counts(reports: list[FileReport]) -> tuple[int, int]:
    errors = sum(1 for r in reports for p in r.problems if p.severity == "error")
    warnings = sum(1 for r in reports for p in r.problems if p.severity == "warning")
    return errors, warnings


def as_json(reports: list[FileReport], lang: str) -> dict[str, Any]:
    errors, warnings = counts(reports)
    return {
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
                        "message": t(p.key, lang, **p.params),
                        "help": f"{DOCS}#{(p.code or 'E000').lower()}",
                    }
                    for p in r.problems
                ],
            }
            for r in reports
        ],
        "errors": errors,
        "warnings": warnings,
    }


def validate(
    files: list[Path] = typer.Argument(
        None,
        help="Vragenlijst-, rubriek-, aanvullings- (overlay) of testbestanden (standaard: de meegeleverde vragenlijst "
        "en rubriek).",
    ),
    fmt: str = typer.Option("text", "--format", "-f", help="text (standaard) of json (voor CI)."),
    strict: bool = typer.Option(False, "--strict", help="Ook waarschuwingen laten falen (exit 2)."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Taal: nl (standaard) of en."),
) -> None:
    """Controleer vragenlijsten en rubrieken: schema, verwijzingen, drempels, bereik en vertalingen.

    FILES: vragenlijst-, rubriek-, aanvullings- of testbestanden (standaard: de meegeleverde).

    Elke bevinding heeft een code (uitleg en oplossing in docs/errors.md). Exit 2 bij fouten (of bij
    waarschuwingen met --strict), anders 0.
    """
    lng = language(lang)
    fmt = choose(fmt, ("text", "json"), "usage.bad_format", lng)
    reports = validate_files(list(files or []))
    errors, warnings = counts(reports)
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(as_json(reports, lng), ensure_ascii=False, indent=2) + "\n")
    else:
        for r in reports:
            for p in r.problems:
                sys.stderr.write(format_problem(p, lng) + "\n")
            if not r.problems:
                sys.stdout.write(
                    t("validate.ok", lng, file=str(r.path), kind=r.kind, id=r.ident, version=r.version) + "\n"
                )
        if errors or warnings:
            sys.stderr.write(t("lint.see_docs", lng, docs=DOCS) + "\n")
        sys.stdout.write(
            t("validate.summary", lng, errors=errors, warnings=warnings, files=len(reports)) + "\n"
        )
    if errors or (strict and warnings):
        raise SystemExit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
