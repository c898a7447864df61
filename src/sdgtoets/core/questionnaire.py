"""The questionnaire model and which questions are visible for a set of answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .conditions import ABSENT, UNKNOWN, Compiled, Condition, Missing, Value, compiled, question_ids
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
    # Each question with the (compiled) conditions that gate it: its section's and its own.
    _gates: tuple[tuple[Question, tuple[Compiled, ...]], ...] = field(default=(), compare=False, repr=False)
    # True when no quick question's visibility depends on a full-only question: then the quick
    # scan's visibility needs no full pass (see ``question_states``).
    _quick_self_contained: bool = field(default=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {q.id: q for q in self.questions})
        sections = {s.id: s for s in self.sections}
        gates = []
        full_only = {q.id for q in self.questions if q.depth != "quick"}
        self_contained = True
        for q in self.questions:
            section = sections.get(q.section)
            conds = tuple(c for c in (section.visible_if if section else None, q.visible_if) if c)
            gates.append((q, tuple(compiled(c) for c in conds)))
            if q.depth == "quick" and any(qid in full_only for c in conds for qid in question_ids(c)):
                self_contained = False
        object.__setattr__(self, "_gates", tuple(gates))
        object.__setattr__(self, "_quick_self_contained", self_contained)

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

    full = depth == "full"
    for question, gates in questionnaire._gates:
        if not full and question.depth != "quick":
            continue
        for gate in gates:
            if gate(lookup) is False:
                break
        else:
            shown.append(question)
            shown_ids.add(question.id)
    return shown


def question_states(
    questionnaire: Questionnaire, answers: Mapping[str, Any], depth: str
) -> tuple[dict[str, Value | Missing], set[str]]:
    """Each answerable question's state for scoring, and the ids of the assessable questions asked.

    State: its value, UNKNOWN (a knowledge gap) or ABSENT (not asked). A question outside the
    chosen depth that was answered anyway (and is visible) keeps its answer and counts as asked:
    information given is never thrown away.
    """
    depth_ids = {q.id for q in visible_questions(questionnaire, answers, depth)}
    if depth == "full":
        full_ids = depth_ids
    elif questionnaire._quick_self_contained and not any(
        (q := questionnaire.get(qid)) is not None and q.depth != "quick" for qid in answers
    ):
        full_ids = depth_ids  # only quick questions answered, and their visibility is the same in full
    else:
        full_ids = {q.id for q in visible_questions(questionnaire, answers, "full")}
    state: dict[str, Value | Missing] = {}
    for q in questionnaire.questions:
        if not q.answerable:
            continue
        if q.id in answers and q.id in full_ids:
            state[q.id] = answers[q.id]
        elif q.id in depth_ids:
            state[q.id] = UNKNOWN
        else:
            state[q.id] = ABSENT
    asked = {q.id for q in questionnaire.questions if q.assessable and state.get(q.id, ABSENT) is not ABSENT}
    return state, asked
