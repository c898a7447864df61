"""What each column of a project list means: project metadata, a question, or ignored.

A header that is none of these is an error for the whole file (see ``map_columns``).
"""

from __future__ import annotations

import difflib
import functools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..core.questionnaire import Questionnaire
from ..errors import InputError, Location, Problem

# project field (as in an answers file) -> accepted headers (compared after `normal`)
META_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("naam", "name", "project", "projectnaam", "project_name", "naam_project"),
    "id": ("id", "nr", "nummer", "number", "code", "projectnummer", "project_id", "actienummer"),
    "department": ("dienst", "department", "service", "afdeling"),
    "policy_goal": ("beleidsdoelstelling", "policy_goal", "beleidsdoel", "doelstelling"),
    "budget": ("budget", "bedrag", "budget_euro", "budget_(euro)", "budget_(€)", "budget_€"),
    "year": ("jaar", "year"),
    "owner": ("eigenaar", "owner", "projectleider", "trekker"),
    "municipality": ("gemeente", "municipality", "bestuur"),
    "description": ("omschrijving", "beschrijving", "description"),
}
# the header the template writes for each project field
TEMPLATE_META: Final = ("name", "id", "department", "policy_goal", "budget", "year")


def template_header(field: str, questionnaire: Questionnaire) -> str:
    """The header the template writes for a project field: its first alias that is not a question id
    (a question id always wins, so a questionnaire with a question 'budget' gets 'bedrag')."""
    ids = {q.id.casefold() for q in questionnaire.questions}
    return next((a for a in META_COLUMNS[field] if a not in ids), META_COLUMNS[field][-1])


def normal(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().casefold())


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names the column."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    kind: str  # meta | question | ignored
    key: str = ""  # project field or question id

    @functools.cached_property
    def letter(self) -> str:  # computed once: a batch asks it for every cell of every row
        return column_letter(self.index)


@dataclass(frozen=True)
class ColumnMap:
    columns: tuple[Column, ...]
    name_index: int

    @property
    def questions(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind == "question")

    @functools.cached_property
    def plan(self) -> tuple[tuple[int, str, str, str, str], ...]:
        """(index, kind, key, header, letter) per column, in order: what reading a row walks."""
        return tuple((c.index, c.kind, c.key, c.header, c.letter) for c in self.columns)

    @functools.cached_property
    def question_cells(self) -> tuple[Any, tuple[str, ...], int]:
        """(picker, question ids, cells needed): the picker takes the question cells of a row
        in one go (``operator.itemgetter``), or is None when there are fewer than two."""
        indexes = [c.index for c in self.columns if c.kind == "question"]
        keys = tuple(c.key for c in self.columns if c.kind == "question")
        picker = operator.itemgetter(*indexes) if len(indexes) > 1 else None
        return picker, keys, max(indexes, default=-1) + 1

    @functools.cached_property
    def other_plan(self) -> tuple[tuple[int, str, str, str, str], ...]:
        """``plan`` without the question columns."""
        return tuple(p for p in self.plan if p[1] != "question")

    @functools.cached_property
    def question_headers(self) -> dict[str, tuple[str, str]]:
        """Question id -> (header, letter) of its column, for the errors of a row."""
        return {c.key: (c.header, c.letter) for c in self.columns if c.kind == "question"}


def map_columns(
    header: Sequence[str], questionnaire: Questionnaire, source: str, ignore: Iterable[str] = ()
) -> ColumnMap:
    """Interpret the header row, or raise one InputError listing every problem in it.

    Unknown headers are errors, not warnings: a misspelt question id would otherwise drop that
    answer for every project in the file and every verdict would be quietly wrong. Extra columns
    a municipality keeps on purpose (remarks, owners) are skipped when their header starts with
    ``#`` or is named with ``--ignore-column``.
    """
    ignored = {normal(h) for h in ignore}
    meta_of = {alias: field for field, aliases in META_COLUMNS.items() for alias in aliases}
    questions = {q.id.casefold(): q.id for q in questionnaire.questions if q.answerable}
    notes = {q.id.casefold(): q.id for q in questionnaire.questions if not q.answerable}
    columns: list[Column] = []
    problems: list[Problem] = []
    seen: dict[str, Column] = {}
    for index, raw in enumerate(header):
        text = raw.strip()
        key = normal(text)
        where = Location(source, 1, index + 1)
        letter = column_letter(index)
        if not text or text.startswith("#") or key in ignored:
            columns.append(Column(index, text, "ignored"))
            continue
        if key in questions or text.casefold() in questions:
            col = Column(index, text, "question", questions.get(key) or questions[text.casefold()])
        elif key in meta_of:
            col = Column(index, text, "meta", meta_of[key])
        elif key in notes:
            problems.append(Problem("batch.column.note", {"column": text, "letter": letter}, where))
            continue
        else:
            suggest = difflib.get_close_matches(key, [*questions.values(), *meta_of], n=1, cutoff=0.6)
            if suggest:
                problems.append(
                    Problem(
                        "batch.column.unknown_suggest",
                        {"column": text, "letter": letter, "suggest": suggest[0]},
                        where,
                    )
                )
            else:
                problems.append(Problem("batch.column.unknown", {"column": text, "letter": letter}, where))
            continue
        twin = seen.get(f"{col.kind}:{col.key}")
        if twin is not None:
            problems.append(
                Problem(
                    "batch.column.duplicate",
                    {"column": text, "first": twin.letter, "second": col.letter},
                    where,
                )
            )
            continue
        seen[f"{col.kind}:{col.key}"] = col
        columns.append(col)
    name = next((c for c in columns if c.kind == "meta" and c.key == "name"), None)
    if name is None:
        problems.insert(
            0,
            Problem(
                "batch.column.no_name",
                {"found": ", ".join(h for h in header if h) or "-"},
                Location(source, 1),
            ),
        )
    if problems:
        raise InputError(problems)
    assert name is not None
    return ColumnMap(tuple(columns), name.index)


def is_label_row(cells: Sequence[Any], columns: ColumnMap, questionnaire: Questionnaire) -> bool:
    """Whether a row repeats the question texts (the second header row the template writes)."""
    matched = 0
    for col in columns.questions:
        value = cells[col.index] if col.index < len(cells) else None
        if value is None or (isinstance(value, str) and not value):
            continue
        q = questionnaire.get(col.key)
        labels = {label.strip().casefold() for label in (q.label.values() if q else ())}
        if str(value).strip().casefold() not in labels:
            return False
        matched += 1
    return matched > 0
