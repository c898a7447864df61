"""The questionnaire model and which questions are visible for a set of answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .conditions import ABSENT, UNKNOWN, Condition, Missing, Value, evaluate
from .text import Text

QUESTION_TYPES: Final = ("single_choice", "multi_choice", "boolean", "number", "text", "note")
DEPTHS: Final = ("quick", "full")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: Text
    section: str
    depth: str = "quick"
    help: Text | None = None
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: Text | None = None
    visible_if: Condition | None = None
    path: Path = ()

    @property
    def answerable(self) -> bool:
        return self.type != "note"

    @property
    def assessable(self) -> bool:
        """Whether leaving it open is a knowledge gap (free text and notes are not)."""
        return self.type not in ("note", "text")

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    intro: Text | None = None
    visible_if: Condition | None = None
    path: Path = ()


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    description: Text | None = None
    content_hash: str = ""
    _index: Mapping[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {q.id: q for q in self.questions})

    def get(self, question_id: str) -> Question | None:
        return self._index.get(question_id)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


def in_depth(question: Question, depth: str) -> bool:
    return depth == "full" or question.depth == "quick"


def visible_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Any], depth: str = "full"
) -> list[Question]:
    """Questions shown for these answers, in order.

    A condition that is unknown (it depends on a "weet niet") shows the question: better to ask
    once too often than to skip what matters. Answers to questions that are not visible are not
    seen by later conditions, so hiding cascades in a single forward pass.
    """
    shown: list[Question] = []
    shown_ids: set[str] = set()

    def lookup(qid: str) -> Value | Missing:
        if qid not in shown_ids:
            return ABSENT
        value: Value | Missing = answers.get(qid, UNKNOWN)
        return value

    sections = {s.id: s for s in questionnaire.sections}
    for question in questionnaire.questions:
        if not in_depth(question, depth):
            continue
        section = sections.get(question.section)
        conds = [c for c in (section.visible_if if section else None, question.visible_if) if c]
        if all(evaluate(c, lookup) is not False for c in conds):
            shown.append(question)
            shown_ids.add(question.id)
    return shown


def answer_lookup(
    questionnaire: Questionnaire, answers: Mapping[str, Any], depth: str
) -> dict[str, Value | Missing]:
    """Each question's state for scoring: its value, UNKNOWN (a gap) or ABSENT (not asked).

    A question outside the chosen depth that was answered anyway (and is visible) keeps its
    answer: information given is never thrown away.
    """
    visible_full = {q.id for q in visible_questions(questionnaire, answers, "full")}
    visible_depth = {q.id for q in visible_questions(questionnaire, answers, depth)}
    state: dict[str, Value | Missing] = {}
    for q in questionnaire.questions:
        if not q.answerable:
            continue
        if q.id in answers and q.id in visible_full:
            state[q.id] = answers[q.id]
        elif q.id in visible_depth:
            state[q.id] = UNKNOWN
        else:
            state[q.id] = ABSENT
    return state
