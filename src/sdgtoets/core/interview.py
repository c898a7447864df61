"""The interview as a pure state machine: which question is next, going back, and what a reply means.

No terminal, no files: the shell (``sdgtoets.interview``) shows questions, reads lines and saves
the state after every step. The engine owns its history, because no prompt library can go back.

* ``history`` lists the questions the user has passed (answered, said "weet niet", skipped a free
  text, or read a note), in the order they were passed. A passed question is never asked again,
  except when the user goes back to it.
* ``cursor`` is the question the user went back to; answering it (or keeping the answer) returns
  to the first question not yet passed.
* After every change, visibility is re-evaluated and answers to questions that became hidden are
  dropped (and reported, so the shell can tell the user).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

from .answers import AnswerError, coerce, match_choice
from .conditions import UNKNOWN
from .questionnaire import Question, Questionnaire, visible_questions

HELP_WORDS: Final = frozenset({"?", "h", "help", "hulp", "uitleg"})
UNKNOWN_KEYS: Final = frozenset(
    {"w", "u", "weet niet", "weetniet", "onbekend", "unknown", "dont know", "don't know", "dk"}
)
BACK_WORDS: Final = frozenset({"t", "b", "terug", "back", "vorige", "previous", "<"})
STOP_WORDS: Final = frozenset({"s", "q", "stop", "stoppen", "quit", "exit"})
NUMBER_LIST: Final = re.compile(r"^[0-9]+(?:\s*[,;\s]\s*[0-9]+)*$")
NUMBER: Final = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class Interview:
    """Where an interview stands. Immutable: every step returns a new ``Interview``."""

    questionnaire: Questionnaire
    depth: str = "quick"
    answers: Mapping[str, Any] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    cursor: str | None = None
    # "project" for a check; "municipality" for the municipal profile (``sdgtoets profile``)
    scope: str = "project"

    def visible(self) -> list[Question]:
        return visible_questions(self.questionnaire, self.answers, self.depth, self.scope)

    @property
    def passed(self) -> frozenset[str]:
        return frozenset(self.history)

    def current(self) -> Question | None:
        """The question to show now, or None when every visible question is passed."""
        visible = self.visible()
        if self.cursor is not None:
            for q in visible:
                if q.id == self.cursor:
                    return q
        passed = self.passed
        return next((q for q in visible if q.id not in passed), None)

    @property
    def finished(self) -> bool:
        return self.current() is None

    def progress(self) -> tuple[int, int]:
        """(number of the current question, total visible questions for the current answers)."""
        visible = self.visible()
        current = self.current()
        total = len(visible)
        if current is None:
            return total, total
        return next(i for i, q in enumerate(visible, 1) if q.id == current.id), total

    def has_answer(self, question_id: str) -> bool:
        return question_id in self.answers

    def answer(self, value: Any) -> Step:
        """Record ``value`` (a checked value or UNKNOWN) for the current question."""
        current = self._require_current()
        answers = dict(self.answers)
        answers[current.id] = value
        return self._advance(current, answers)

    def skip(self) -> Step:
        """Pass the current question without an answer (a note read, a free text left empty)."""
        current = self._require_current()
        answers = {k: v for k, v in self.answers.items() if k != current.id}
        return self._advance(current, answers)

    def keep(self) -> Step:
        """Keep the current answer of a question the user went back to."""
        current = self._require_current()
        return self._advance(current, dict(self.answers))

    def back(self) -> Interview | None:
        """The interview one question back, or None at the first question."""
        current = self.current()
        visible = self.visible()
        passed = self.passed
        if current is None:
            earlier = [q for q in visible if q.id in passed]
        else:
            index = next(i for i, q in enumerate(visible) if q.id == current.id)
            earlier = [q for q in visible[:index] if q.id in passed]
        if not earlier:
            return None
        return replace(self, cursor=earlier[-1].id)

    def with_depth(self, depth: str) -> Interview:
        return replace(self, depth=depth, cursor=None)

    def _require_current(self) -> Question:
        current = self.current()
        if current is None:
            raise ValueError("the interview is finished: there is no current question")
        return current

    def settle(self) -> Step:
        """Drop answers to questions that are not visible (e.g. a resumed session after the
        questionnaire changed, or another depth)."""
        return self._prune(dict(self.answers), self.history)

    def _advance(self, current: Question, answers: dict[str, Any]) -> Step:
        history = self.history if current.id in self.history else (*self.history, current.id)
        return self._prune(answers, history)

    def _prune(self, answers: dict[str, Any], history: tuple[str, ...]) -> Step:
        visible_ids = {q.id for q in visible_questions(self.questionnaire, answers, self.depth, self.scope)}
        dropped = tuple(
            q.id for q in self.questionnaire.questions if q.id in answers and q.id not in visible_ids
        )
        kept = {k: v for k, v in answers.items() if k in visible_ids}
        history = tuple(h for h in history if h in visible_ids)
        return Step(replace(self, answers=kept, history=history, cursor=None), dropped)


@dataclass(frozen=True)
class Step:
    """The interview after one step, and the questions whose answers were dropped because they
    no longer apply."""

    interview: Interview
    dropped: tuple[str, ...] = ()


# --- what a typed line means -------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """``help``, ``unknown``, ``back``, ``stop``, ``keep`` (Enter on a question that has an answer)
    or ``skip`` (Enter on a note or an empty free text)."""

    name: str


@dataclass(frozen=True)
class Given:
    value: Any


@dataclass(frozen=True)
class Invalid:
    """``code`` names the hint (``choice``, ``choices``, ``boolean``, ``number``, ``text``,
    ``empty``); ``params`` fill it."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


Reply = Command | Given | Invalid


def command_word(text: str) -> str | None:
    """``help``/``unknown``/``back``/``stop`` for a command word (Dutch or English), else None."""
    word = " ".join(text.strip().casefold().split())
    if word in HELP_WORDS:
        return "help"
    if word in UNKNOWN_KEYS:
        return "unknown"
    if word in BACK_WORDS:
        return "back"
    if word in STOP_WORDS:
        return "stop"
    return None


def parse_reply(question: Question, text: str, has_answer: bool = False) -> Reply:
    """What ``text`` typed at ``question`` means. Values are checked with ``core.answers.coerce``."""
    raw = text.strip()
    if not raw:
        if question.type == "note" or (question.type == "text" and not has_answer):
            return Command("skip")
        return Command("keep") if has_answer else Invalid("empty")
    if question.type == "note":
        return Command("skip") if command_word(raw) in (None, "unknown", "help") else _command(raw)
    command = command_word(raw)
    if command is not None:
        return Command(command)
    if question.type == "single_choice":
        return _single(question, raw)
    if question.type == "multi_choice":
        return _multi(question, raw)
    result = coerce(question, raw)
    if isinstance(result, AnswerError):
        return Invalid(question.type, _range(question))
    return Given(result)


def _command(raw: str) -> Command:
    return Command(command_word(raw) or "skip")


def _range(question: Question) -> dict[str, Any]:
    if question.type != "number":
        return {}
    return {"min": question.minimum, "max": question.maximum}


def _single(question: Question, raw: str) -> Reply:
    count = len(question.choices)
    if NUMBER.match(raw):
        index = int(raw)
        if 1 <= index <= count:
            return Given(question.choices[index - 1].value)
        return Invalid("choice", {"max": count})
    value = match_choice(question, raw)
    return Given(value) if value is not None else Invalid("choice", {"max": count})


def _multi(question: Question, raw: str) -> Reply:
    count = len(question.choices)
    if NUMBER_LIST.match(raw):
        numbers = [int(n) for n in re.split(r"[,;\s]+", raw) if n]
        if numbers == [0]:
            return Given([])
        if all(1 <= n <= count for n in numbers):
            chosen = {question.choices[n - 1].value for n in numbers}
            return Given([c.value for c in question.choices if c.value in chosen])
        return Invalid("choices", {"max": count})
    result = coerce(question, raw)  # choice values or labels, separated by ';'
    if isinstance(result, AnswerError) or result is UNKNOWN:
        return Invalid("choices", {"max": count})
    return Given(result)
