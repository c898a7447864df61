"""The catalogue of finding codes: every code ``validate`` (and any command that refuses a
definition) can report, with its severity, its message key and its section in docs/errors.md.

Lint findings (``core.lint``), schema errors (E001), unreadable files (E004) and the rest take
their code and severity from here; ``tests/test_codes.py`` holds docs/errors.md, the messages in
``locales/`` and this table together. Codes are stable: a code is never reused for another meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .paths import PACKAGE

ERROR: Final = "error"
WARNING: Final = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: str  # error | warning
    key: str  # the message key in locales/ ("prefix.*": every key with that prefix)
    title: str  # the heading of the code's section in docs/errors.md (English)

    @property
    def anchor(self) -> str:
        """The section of docs/errors.md that explains the code and its fix."""
        return self.code.lower()


CATALOGUE: Final = {
    c.code: c
    for c in (
        Code("E001", ERROR, "schema.*", "The file does not match its JSON Schema"),
        Code("E002", ERROR, "validate.unknown_kind", "Unknown kind of file"),
        Code("E003", ERROR, "definition.bad_condition", "A condition is not well formed"),
        Code("E004", ERROR, "file.*", "The file cannot be read"),
        Code("E005", WARNING, "lint.not_checked", "Not checked further"),
        Code("L001", ERROR, "lint.L001", "Duplicate id"),
        Code("L002", ERROR, "lint.L002", "Duplicate key in one mapping"),
        Code("L101", ERROR, "lint.L101", "Unknown question in a condition"),
        Code("L102", ERROR, "lint.L102", "Unknown choice in a condition"),
        Code("L103", ERROR, "lint.L103", "Condition on a question that is asked later"),
        Code("L104", ERROR, "lint.L104", "Value does not fit the question type"),
        Code("L105", ERROR, "lint.L105", "min larger than max"),
        Code("L106", ERROR, "lint.L106", "Unknown target"),
        Code("L107", WARNING, "lint.L107", "mitigated_if on a positive rule"),
        Code("L108", ERROR, "lint.L108", "Unknown instrument"),
        Code("L109", WARNING, "lint.L109", "Negative rule without suggestion"),
        Code("L110", ERROR, "lint.L110", "The last level has a condition"),
        Code("L111", ERROR, "lint.L111", "A level without condition before the last"),
        Code("L112", ERROR, "lint.L112", "Condition on a question that is never shown or answered"),
        Code("L113", WARNING, "lint.L113", "A question that is never shown"),
        Code("L114", WARNING, "lint.L114", "A mitigation without its reason"),
        Code("L115", WARNING, "lint.L115", "A long question without a short label"),
        Code("L201", ERROR, "lint.L201", "The rubric does not fit this questionnaire version"),
        Code("L202", WARNING, "lint.L202", "An SDG or LMB field no rule can reach"),
        Code("L203", WARNING, "lint.L203", "A question that feeds no rule and no condition"),
        Code("L204", WARNING, "lint.L204", "A choice no rule or condition uses"),
        Code("L205", ERROR, "lint.L205", "The overlay extends another rubric"),
        Code("L301", WARNING, "lint.L301", "Missing translation of a question"),
        Code("L302", WARNING, "lint.L302", "Missing translation of a questionnaire or section text"),
        Code("L303", WARNING, "lint.L303", "Missing translation of a rule"),
        Code("L304", WARNING, "lint.L304", "Missing translation of a level"),
        Code("L305", WARNING, "lint.L305", "Missing translation of another rubric text"),
        Code("L401", ERROR, "lint.L401", "Unknown metric in a level"),
        Code("L402", ERROR, "lint.L402", "A verdict level that can never be reached"),
        Code("L403", ERROR, "lint.L403", "An LMB level that can never be reached: levels out of order"),
        Code("L404", ERROR, "lint.L404", "A level whose own condition can never hold"),
    )
}

SCHEMA: Final = "E001"
UNKNOWN_KIND: Final = "E002"
BAD_CONDITION: Final = "E003"
UNREADABLE: Final = "E004"
NOT_CHECKED: Final = "E005"


def severity(code: str) -> str:
    return CATALOGUE[code].severity


def errors_doc() -> Path:
    """docs/errors.md: shipped inside the package (wheel), or the repository's in a checkout."""
    shipped = PACKAGE / "docs" / "errors.md"
    return shipped if shipped.is_file() else PACKAGE.parents[1] / "docs" / "errors.md"


def help_link(code: str) -> str:
    """Where a person reads what ``code`` means and how to fix it: the shipped file, at its section."""
    return f"{errors_doc().as_uri()}#{CATALOGUE[code].anchor}"
