"""The questionnaire model and which questions are visible for a set of answers."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .conditions import ABSENT, UNKNOWN, Compiled, Condition, Missing, Value, compiled, question_ids
from .text import Text

DEPTHS: Final = ("quick", "full")
# project: asked in every check; municipality: a fact of the municipality, answered once in its profile
SCOPES: Final = ("project", "municipality")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    # "Niet bekeken": choosing it is honest about not having looked, so it is a knowledge gap,
    # not an answer without effect (which is what "geen van deze" means).
    gap: bool = False
    # Deliberately leads to no contribution ("geen verschil", "niet van toepassing"): lint does
    # not ask whether a rule was forgotten.
    no_effect: bool = False
    # A fact, not a lever ("niet van toepassing", "er zijn geen aankopen"): "what would lift the
    # verdict" never proposes it.
    changeable: bool = True


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
    scope: str = "project"
    # False for facts the project owner cannot act on (project kind, location, target groups):
    # "what would lift the verdict" never proposes to change them.
    changeable: bool = True
    # A few words that name the question in passing ("Toegankelijkheid"); none: the label.
    short: Text | None = None

    @property
    def short_label(self) -> Text:
        """The short name of the question, in every language it has; else its full label."""
        return {**self.label, **self.short} if self.short else self.label

    @property
    def answerable(self) -> bool:
        return self.type != "note"

    @property
    def assessable(self) -> bool:
        """Whether leaving it open is a knowledge gap (free text and notes are not)."""
        return self.type not in ("note", "text")

    def choice(self, value: str) -> Choice | None:
        return self._choice_of.get(value)

    # Derived once per question (a batch asks them for every cell of every row); the question is
    # frozen, so they cannot go stale.
    @functools.cached_property
    def _choice_of(self) -> dict[str, Choice]:
        out: dict[str, Choice] = {}
        for c in self.choices:
            out.setdefault(c.value, c)
        return out

    @functools.cached_property
    def choice_words(self) -> dict[str, str]:
        """Casefolded text -> choice value: each choice's value, else its label in any language
        (stripped), the first choice winning; what ``core.answers.match_choice`` looks up."""
        out: dict[str, str] = {}
        for c in self.choices:
            out.setdefault(c.value.casefold(), c.value)
        for c in self.choices:
            for label in c.label.values():
                out.setdefault(label.strip().casefold(), c.value)
        return out

    @functools.cached_property
    def gap_values(self) -> frozenset[str]:
        return frozenset(c.value for c in self.choices if c.gap)

    def is_gap_answer(self, value: Any) -> bool:
        """Whether ``value`` picks a choice that means "not looked at" (a knowledge gap)."""
        gaps = self.gap_values
        if not gaps:
            return False
        if isinstance(value, list):
            return any(v in gaps for v in value)
        return value in gaps


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    intro: Text | None = None
    visible_if: Condition | None = None
    path: Path = ()
    scope: str = "project"


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
    _gap_questions: tuple[Question, ...] = field(default=(), compare=False, repr=False)

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
        object.__setattr__(self, "_gap_questions", tuple(q for q in self.questions if q.gap_values))

    def get(self, question_id: str) -> Question | None:
        return self._index.get(question_id)

    def _gap_answered(self, answers: Mapping[str, Any]) -> frozenset[str]:
        """Ids of the questions whose answer is a "niet bekeken" choice."""
        if not self._gap_questions:
            return frozenset()
        return frozenset(
            q.id for q in self._gap_questions if q.id in answers and q.is_gap_answer(answers[q.id])
        )

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


def in_depth(question: Question, depth: str) -> bool:
    return depth == "full" or question.depth == "quick"


def visible_questions(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    depth: str = "full",
    scope: str | None = "project",
) -> list[Question]:
    """Questions shown for these answers, in order (only those of ``scope``; ``None``: all).

    A condition that is unknown (it depends on a "weet niet") shows the question: better to ask
    once too often than to skip what matters. Answers to questions that are not visible are not
    seen by later conditions, so hiding cascades in a single forward pass. Questions of the
    municipality (its profile) are never asked in a project's check, but their answers are seen
    by the project's conditions; they do not depend on the depth.
    """
    shown: list[Question] = []
    shown_ids: set[str] = set()
    gap_answers = questionnaire._gap_answered(answers)

    def lookup(qid: str) -> Value | Missing:
        if qid not in shown_ids:
            return ABSENT
        if qid in gap_answers:
            return UNKNOWN
        value: Value | Missing = answers.get(qid, UNKNOWN)
        return value

    full = depth == "full"
    for question, gates in questionnaire._gates:
        project = question.scope == "project"
        if project and not full and question.depth != "quick":
            continue
        for gate in gates:
            if gate(lookup) is False:
                break
        else:
            if scope is None or question.scope == scope:
                shown.append(question)
            shown_ids.add(question.id)
    return shown


def question_states(
    questionnaire: Questionnaire, answers: Mapping[str, Any], depth: str
) -> tuple[dict[str, Value | Missing], set[str]]:
    """Each answerable question's state for scoring, and the ids of the project's assessable
    questions asked.

    State: its value, UNKNOWN (a knowledge gap: "weet niet", open, or a "niet bekeken" choice) or
    ABSENT (not asked). A question outside the chosen depth that was answered anyway (and is
    visible) keeps its answer and counts as asked: information given is never thrown away.
    Municipality questions are in the state (answered from the profile, else UNKNOWN) but never
    among the asked ids: their gaps are the municipality's, not the project's.
    """
    depth_ids = {q.id for q in visible_questions(questionnaire, answers, depth, None)}
    if depth == "full":
        full_ids = depth_ids
    elif questionnaire._quick_self_contained and not any(
        (q := questionnaire.get(qid)) is not None and q.depth != "quick" for qid in answers
    ):
        full_ids = depth_ids  # only quick questions answered, and their visibility is the same in full
    else:
        full_ids = {q.id for q in visible_questions(questionnaire, answers, "full", None)}
    gap_answers = questionnaire._gap_answered(answers)
    state: dict[str, Value | Missing] = {}
    asked: set[str] = set()
    for q in questionnaire.questions:
        if not q.answerable:
            continue
        if q.id in answers and q.id in full_ids:
            state[q.id] = UNKNOWN if q.id in gap_answers else answers[q.id]
        elif q.id in depth_ids:
            state[q.id] = UNKNOWN
        else:
            state[q.id] = ABSENT
            continue
        if q.assessable and q.scope == "project":
            asked.add(q.id)
    return state, asked


def not_covered(questionnaire: Questionnaire, answers: Mapping[str, Any], depth: str) -> list[Question]:
    """The project questions a full check would ask for these answers that this depth did not."""
    if depth == "full":
        return []
    asked = {q.id for q in visible_questions(questionnaire, answers, depth)}
    return [
        q
        for q in visible_questions(questionnaire, answers, "full")
        if q.id not in asked and q.id not in answers and q.answerable
    ]
