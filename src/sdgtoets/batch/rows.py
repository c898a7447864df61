"""One row (or list entry) -> a project and checked answers, or the reasons it is rejected.

Answers go through ``core.answers.check_answers`` exactly as ``check --answers`` does, so a
project scored in batch gets the verdict it would get on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ..core.answers import AnswerError, check_answers, coerce
from ..core.conditions import UNKNOWN
from ..core.questionnaire import Question, Questionnaire
from ..errors import Problem
from ..loading.schemas import project_limits
from .columns import ColumnMap, column_letter
from .readers import Unreadable

_BUDGET: Final = Question("budget", "number", {}, "", minimum=0)
_YEAR: Final = Question("year", "number", {}, "", minimum=1990, maximum=2100)
_CURRENCY: Final = re.compile(r"(?i)\beur(o)?\b|€")
# "4,2 miljoen", "€ 1,5 mln", "250k", "2 million": the number and how many euro one unit is
_SCALED: Final = re.compile(
    r"(?i)^\s*(?P<number>[-+]?[\d.,\s\u00a0]*\d)\s*"
    r"(?P<unit>miljard|mld|billion|bn|miljoen|mln|mio|million|m|duizend|k|thousand)\.?\s*$"
)
_UNITS: Final = {
    "miljard": 1e9, "mld": 1e9, "billion": 1e9, "bn": 1e9,
    "miljoen": 1e6, "mln": 1e6, "mio": 1e6, "million": 1e6, "m": 1e6,
    "duizend": 1e3, "k": 1e3, "thousand": 1e3,
}  # fmt: skip
_PLAIN: Final = frozenset({str, type(None)})  # cells of a row as the CSV reader gives them
# metadata that cannot be read is reported, but the project is still scored without it
SOFT_FIELDS: Final = frozenset({"budget", "year"})


@dataclass(frozen=True)
class RowError:
    """Why (part of) a row was rejected: message key and parameters, and where."""

    row: int
    column: str  # header text, or a field path for YAML/JSON lists
    letter: str  # spreadsheet column letter ("" for lists)
    value: Any
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"  # "warning": the cell was left out, the project is still scored


@dataclass(frozen=True)
class ProjectRow:
    row: int
    project: dict[str, Any]
    answers: dict[str, Any]
    depth: str | None = None
    notes: tuple[RowError, ...] = ()  # cells left out (an unreadable budget), reported as warnings

    @property
    def budget(self) -> float | None:
        value = self.project.get("budget")
        return float(value) if isinstance(value, int | float) else None


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def project_field(name: str, raw: Any) -> tuple[Any, str | None, dict[str, Any]]:
    """A checked project field: (value or None, error key, params)."""
    if name in ("budget", "year"):
        text = _CURRENCY.sub("", raw).strip() if isinstance(raw, str) else raw
        if name == "budget" and isinstance(text, str) and (scaled := _SCALED.match(text)):
            number = coerce(_BUDGET, scaled["number"])
            if not isinstance(number, AnswerError) and number is not UNKNOWN:
                text = str(round(float(number) * _UNITS[scaled["unit"].casefold()], 2))
        result = coerce(_BUDGET if name == "budget" else _YEAR, text)
        if result is UNKNOWN:
            return None, None, {}
        if isinstance(result, AnswerError):
            return None, f"batch.row.{name}", {"value": raw}
        if name == "year" and (not isinstance(result, int) and not float(result).is_integer()):
            return None, "batch.row.year", {"value": raw}
        return (int(result) if name == "year" else result), None, {}
    if isinstance(raw, bool):
        raw = str(raw)
    value = raw if name == "id" and isinstance(raw, int) else str(raw).strip()
    limit = project_limits().get(name, 5000)
    if isinstance(value, str) and len(value) > limit:
        return None, "batch.row.too_long", {"max": limit}
    return value, None, {}


def convert_cells(
    number: int,
    cells: Sequence[Any],
    columns: ColumnMap,
    questionnaire: Questionnaire,
    memo: dict[Any, Any] | None = None,
) -> ProjectRow | list[RowError] | None:
    """A project from one spreadsheet row; ``None`` for a row that is entirely empty. ``memo``: see
    ``core.answers.check_answers`` (one per questionnaire, kept across the rows of a batch)."""
    if all(is_empty(c) for c in cells):
        return None
    errors: list[RowError] = []
    notes: list[RowError] = []
    project: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    width = len(cells)
    plan = columns.plan
    picker, keys, needed = columns.question_cells
    if picker is not None and width >= needed:
        answers = picker(cells)
        if set(map(type, answers)) <= _PLAIN:  # the common case: the question cells in one go
            # (an empty text is left open by check_answers as None is; no error names it)
            raw = dict(zip(keys, answers, strict=True))
            plan = columns.other_plan
    for index, kind, field_key, header, letter in plan:
        value = cells[index] if index < width else None
        if kind == "question" and type(value) is str:  # the common case, first
            raw[field_key] = value if value.strip() else None
            continue
        if isinstance(value, Unreadable):
            if kind != "ignored":
                errors.append(RowError(number, header, letter, value.value, value.key, value.params))
            continue
        if kind == "question":
            raw[field_key] = None if is_empty(value) else value
        elif kind == "meta" and not is_empty(value):
            checked, key, params = project_field(field_key, value)
            if key and field_key in SOFT_FIELDS:
                notes.append(RowError(number, header, letter, value, key, params, "warning"))
            elif key:
                errors.append(RowError(number, header, letter, value, key, params))
            elif checked is not None:
                project[field_key] = checked
    header_of = columns.question_headers
    if "name" not in project and not any(
        e.column == columns.columns[columns.name_index].header for e in errors
    ):
        name_col = columns.columns[columns.name_index]
        errors.append(RowError(number, name_col.header, name_col.letter, None, "batch.row.no_name"))
    checked = check_answers(questionnaire, raw, memo)
    for err in checked.errors:
        header, letter = header_of.get(err.question, (err.question, ""))
        errors.append(
            RowError(
                number,
                header,
                letter,
                raw.get(err.question),
                err.code,
                {"question": err.question, **err.params},
            )
        )
    if errors:
        return errors
    ordered = {k: project[k] for k in ("name", *(k for k in project if k != "name"))}
    return ProjectRow(number, ordered, checked.values, notes=tuple(notes))


def convert_entry(
    number: int, data: Any, questionnaire: Questionnaire, source: str, problems: Sequence[Problem] = ()
) -> ProjectRow | list[RowError]:
    """A project from one entry of a YAML/JSON list, checked like an answers file; ``problems``
    are what reading found in it already (duplicate keys, control characters, NaN)."""
    from ..loading.schemas import schema_problems

    if problems:
        return [
            RowError(
                number,
                (p.location.field if p.location else None) or str(p.params.get("name", "")),
                "",
                None,
                p.key,
                {**p.params, "line": p.location.line if p.location else "?"},
            )
            for p in problems
        ]
    if not isinstance(data, dict):
        return [RowError(number, "", "", None, "batch.entry.not_mapping")]
    problems = schema_problems("answers", data, "", source)
    if problems:
        return [
            RowError(number, str(p.params.get("field", "")), "", None, p.key, dict(p.params))
            for p in problems
        ]
    raw = data.get("answers") or {}
    checked = check_answers(questionnaire, raw)
    if checked.errors:
        return [
            RowError(
                number,
                f"answers.{e.question}",
                "",
                raw.get(e.question),
                e.code,
                {"question": e.question, **e.params},
            )
            for e in checked.errors
        ]
    ref = data.get("questionnaire") or {}
    if ref.get("id") and ref["id"] != questionnaire.id:
        return [
            RowError(
                number,
                "questionnaire.id",
                "",
                ref["id"],
                "answers.other_questionnaire",
                {"found": ref["id"], "expected": questionnaire.id},
            )
        ]
    return ProjectRow(number, dict(data["project"]), checked.values, data.get("depth"))


__all__ = ["ProjectRow", "RowError", "column_letter", "convert_cells", "convert_entry"]
