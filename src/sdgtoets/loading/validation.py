"""Checking definition files as ``sdgtoets validate`` does: every problem at once, each located.

Reads each file, checks it against its JSON Schema, finds duplicate YAML keys (from the node
tree, which a loader would silently merge), builds the models and lints them (``core.lint``),
and turns each finding's data path into file, line and column. ``load_definitions`` runs the
same checks on every file that is not the bundled content, so ``check``, ``batch``, ``test``
and ``diff`` refuse exactly what ``validate`` reports as an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..codes import NOT_CHECKED, UNKNOWN_KIND, UNREADABLE, severity
from ..core.lint import (
    Finding,
    Origins,
    lint_coverage,
    lint_overlay_base,
    lint_questionnaire,
    lint_rubric,
)
from ..core.questionnaire import Questionnaire
from ..core.rubric import Rubric
from ..errors import InputError, Location, Problem, field_path
from .definitions import (
    Loaded,
    build,
    bundled_rubric_path,
    default_questionnaire_path,
    kind_of,
)
from .schemas import schema_problems
from .yaml_files import load_tree, node_position, read_text

T = TypeVar("T")
SCHEMA_OF_KIND = {"questionnaire": "questionnaire", "rubric": "rubric", "overlay": "rubric", "test": "test"}


@dataclass
class FileReport:
    """One checked file: what it is, and every problem found in it."""

    path: Path
    kind: str = ""  # questionnaire | rubric | overlay | test | "" (unreadable or unknown)
    ident: str = ""
    version: str = ""
    problems: list[Problem] = field(default_factory=list)
    data: Any = None  # the parsed, schema-checked YAML data
    text: str = ""
    _node: Any = None  # the composed YAML node tree, once (False: could not be composed)

    @property
    def usable(self) -> bool:
        # A duplicate key (L002) still loads (the last one wins), so the checks can go on.
        return self.data is not None and not any(
            p.severity == "error" and p.code != "L002" for p in self.problems
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def node(self) -> Any:
        if self._node is None:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # aliases were refused when loading
            try:
                self._node = yaml.compose(self.text, Loader=loader) or False
            except yaml.YAMLError:
                self._node = False
        return self._node

    def locate(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        node = self.node()
        return (None, None) if node is False else node_position(node, path)

    def add(self, finding: Finding) -> None:
        line, col = self.locate(finding.path)
        self.problems.append(
            Problem(
                f"lint.{finding.code}",
                finding.params,
                Location(str(self.path), line, col, field_path(finding.path) or None),
                severity=severity(finding.code),
                code=finding.code,
            )
        )

    def build(self, builder: Callable[..., T], *args: Any) -> T | None:
        """A model built from this file's data, or None with the (located) problem recorded."""
        try:
            return build(Loaded(self.path, self.data, self.text), builder, *args)
        except InputError as exc:
            self.problems += exc.problems
            return None


def duplicate_keys(report: FileReport) -> list[Problem]:
    """Keys that occur twice in one mapping (YAML loaders keep only the last one)."""
    root = report.node()
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
                    where = Location(
                        str(report.path),
                        key.start_mark.line + 1,
                        key.start_mark.column + 1,
                        field_path((*path, name)),
                    )
                    out.append(
                        Problem("lint.L002", {"name": name}, where, severity=severity("L002"), code="L002")
                    )
                seen.add(name)
                stack.append((value, (*path, name)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return out


def _without_aliases(path: Path) -> bool:
    """Whether a (YAML) file is free of anchors/aliases, checked with the fast C parser, so it
    can be loaded fast too; otherwise the slower loader refuses the aliases with a located error."""
    if path.suffix.lower() == ".json":
        return False
    try:
        text = read_text(path)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return not any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=loader))
    except (InputError, yaml.YAMLError):
        return False  # the normal loader reports why


def read_report(path: Path) -> FileReport:
    """Read one file and check its YAML and its schema."""
    report = FileReport(path)
    try:
        report.data, report.text, report._node = load_tree(path)
    except InputError as exc:
        report.problems += [
            Problem(p.key, p.params, p.location, p.severity, p.code or UNREADABLE) for p in exc.problems
        ]
        return report
    report.kind = kind_of(report.data)
    if report.kind == "test" and isinstance(report.data.get("name"), dict):
        report.ident = str(report.data["name"].get("nl", ""))
    report.problems += duplicate_keys(report)
    if report.kind not in SCHEMA_OF_KIND:
        report.problems.append(
            Problem("validate.unknown_kind", {}, Location(str(path), 1), code=UNKNOWN_KIND)
        )
        report.data = None
        return report
    if report.kind != "test":
        report.ident, report.version = str(report.data.get("id", "")), str(report.data.get("version", ""))
    report.problems += schema_problems(SCHEMA_OF_KIND[report.kind], report.data, report.text, str(path))
    return report


def check_files(paths: Sequence[Path]) -> list[FileReport]:
    """Schema and consistency checks on each file. Rubrics are checked against the questionnaire
    given alongside (else the bundled one); overlays against the rubric they extend (given
    alongside, else the bundled one with that id) and the questionnaire they extend."""
    from ..core.definitions import questionnaire_from_data, rubric_from_data

    reports = [read_report(p) for p in paths]

    questionnaire: Questionnaire | None = None
    q_report: FileReport | None = None
    for report in reports:
        if report.kind == "questionnaire" and report.usable:
            q = report.build(questionnaire_from_data, report.data)
            if q is not None:
                for f in lint_questionnaire(q):
                    report.add(f)
                if questionnaire is None:
                    questionnaire, q_report = q, report
    if questionnaire is None and not any(r.kind == "questionnaire" for r in reports):
        extra = read_report(default_questionnaire_path())
        if extra.usable:
            questionnaire = extra.build(questionnaire_from_data, extra.data)

    if questionnaire is None:  # say so: the rubrics and overlays could not be checked further
        for report in reports:
            if report.kind in ("rubric", "overlay") and report.usable:
                report.problems.append(
                    Problem(
                        "lint.not_checked",
                        {},
                        Location(str(report.path), 1),
                        severity=severity(NOT_CHECKED),
                        code=NOT_CHECKED,
                    )
                )

    rubrics: dict[str, FileReport] = {}
    for report in reports:
        if report.kind != "rubric" or not report.usable or questionnaire is None:
            continue
        r: Rubric | None = report.build(rubric_from_data, report.data)
        if r is None:
            continue
        rubrics.setdefault(r.id, report)
        for f in lint_rubric(r, questionnaire):
            report.add(f)
        if q_report is not None:
            for f in lint_coverage(r, questionnaire):
                q_report.add(f)

    for report in reports:
        if report.kind == "overlay" and report.usable and questionnaire is not None:
            _check_overlay(report, questionnaire, rubrics)
    for report in reports:
        report.problems.sort(key=lambda p: ((p.location.line or 0) if p.location else 0, p.code))
    return reports


def _check_overlay(report: FileReport, questionnaire: Questionnaire, rubrics: dict[str, FileReport]) -> None:
    from ..core.definitions import rubric_from_data
    from ..core.overlay import extend_questionnaire, overlay_base

    base_id, _ = overlay_base(report.data)
    if base_id in rubrics:
        base_data = rubrics[base_id].data
    else:
        base_path = bundled_rubric_path(base_id)
        if base_path is None:
            report.add(Finding("L205", "", ("extends", "id"), {"extends": base_id, "rubric": "?"}))
            return
        base_report = read_report(base_path)
        if not base_report.usable:
            report.problems += base_report.problems
            return
        base_data = base_report.data
    extended = report.build(extend_questionnaire, questionnaire, [report.data])
    merged = report.build(rubric_from_data, base_data, [report.data])
    if extended is None or merged is None:
        return
    origins = Origins(extended.question_sources, extended.section_sources)
    mine = f"overlay:{report.ident}"
    findings = lint_overlay_base(report.data, merged, report.ident)
    findings += lint_questionnaire(extended.questionnaire, origins)
    findings += lint_rubric(merged, extended.questionnaire)
    findings += lint_coverage(merged, extended.questionnaire, origins)
    for f in findings:
        if f.file == mine:
            report.add(f)


def refuse_invalid(paths: Sequence[Path]) -> None:
    """Raise an InputError with every error ``validate`` would report in these files."""
    errors = [p for report in check_files(paths) for p in report.errors]
    if errors:
        raise InputError(errors)
