"""``validate``: check questionnaire, rubric, overlay and test files; every problem at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..codes import CATALOGUE, help_link
from ..i18n import t
from ..loading.definitions import Content, find_content
from ..loading.validation import FileReport, check_files


@dataclass(frozen=True)
class ValidationResult:
    """Every checked file with its problems (errors and warnings, each located and coded)."""

    files: tuple[FileReport, ...]
    content: Content | None = None  # where the files came from, when none were named

    @property
    def errors(self) -> int:
        return sum(len(f.errors) for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(len(f.warnings) for f in self.files)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; with ``strict`` warnings fail too."""
        return bool(self.errors or (strict and self.warnings))

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        """The JSON report (``validate --format json``), messages in ``lang``."""
        return {
            "files": [
                {
                    "file": str(r.path),
                    "kind": r.kind,
                    "id": r.ident,
                    "version": r.version,
                    "findings": [
                        {
                            "code": p.code,
                            "severity": p.severity,
                            "line": p.location.line if p.location else None,
                            "column": p.location.column if p.location else None,
                            "field": p.location.field if p.location else None,
                            "message": t(p.key, lang, **p.params),
                            "help": help_link(p.code) if p.code in CATALOGUE else None,
                        }
                        for p in r.problems
                    ],
                }
                for r in self.files
            ],
            "errors": self.errors,
            "warnings": self.warnings,
            "content": content_dict(self.content),
        }


def content_dict(content: Content | None) -> dict[str, Any] | None:
    if content is None:
        return None
    return {"folder": str(content.root), "bundled": content.bundled}


def validate(files: Sequence[Path] = (), *, content: Content | None = None) -> ValidationResult:
    """Check the given files; without files, the questionnaire and rubric of ``content`` (by
    default the content folder the command runs in, else the bundled content). Rubrics are
    checked against the questionnaire given alongside (else the bundled one), overlays against
    the rubric they extend. Never raises for bad files: their problems are in the result."""
    if files:
        return ValidationResult(tuple(check_files(list(files))))
    content = content or find_content()
    return ValidationResult(tuple(check_files([content.questionnaire, content.rubric])), content)
