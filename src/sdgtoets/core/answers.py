"""Turning raw answer values (from a file, a spreadsheet cell or a keyboard) into checked values.

Errors are returned as data (a code plus parameters) so the shell can word them in Dutch or
English and say where they came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .conditions import UNKNOWN
from .questionnaire import Question, Questionnaire

UNKNOWN_WORDS: Final = frozenset(
    {"unknown", "weet niet", "weetniet", "onbekend", "?", "dont know", "don't know"}
)
TRUE_WORDS: Final = frozenset({"true", "ja", "yes", "j", "y", "1", "waar"})
FALSE_WORDS: Final = frozenset({"false", "nee", "no", "n", "0", "onwaar"})
# a multiple-choice answer of none of the choices, as a spreadsheet cell can say it
NONE_WORDS: Final = frozenset(
    {
        "geen",
        "geen van deze",
        "geen van allen",
        "geen enkele",
        "niets",
        "none",
        "none of these",
        "nothing",
        "0",
    }
)
MAX_TEXT: Final = 5000
MAX_NUMBER: Final = 1e15  # larger numbers are typing errors, and their sums would overflow
MULTI_SPLIT: Final = re.compile(r"\s*[;|]\s*")


@dataclass(frozen=True)
class AnswerError:
    """``code`` names the message; ``params`` fill it. Codes are listed in docs/errors.md."""

    question: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


def is_unknown_word(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip().casefold() in UNKNOWN_WORDS


def coerce(question: Question, raw: Any) -> Any | AnswerError:
    """A checked value (or UNKNOWN) for ``raw``, or an AnswerError saying what is wrong."""
    if raw is UNKNOWN or is_unknown_word(raw):
        return UNKNOWN
    qid = question.id
    if question.type == "note":
        return AnswerError(qid, "answer.note")
    if question.type == "boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        word = str(raw).strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return AnswerError(qid, "answer.boolean", {"value": raw})
    if question.type == "number":
        value = _number(raw)
        if value is None:
            return AnswerError(qid, "answer.number", {"value": raw})
        if abs(value) > MAX_NUMBER:
            return AnswerError(qid, "answer.number_huge", {"value": raw})
        if question.minimum is not None and value < question.minimum:
            return AnswerError(
                qid, "answer.number_range", {"value": raw, "min": question.minimum, "max": question.maximum}
            )
        if question.maximum is not None and value > question.maximum:
            return AnswerError(
                qid, "answer.number_range", {"value": raw, "min": question.minimum, "max": question.maximum}
            )
        return value
    if question.type == "text":
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            return AnswerError(qid, "answer.text", {"value": raw})
        text = str(raw)
        if len(text) > MAX_TEXT:
            return AnswerError(qid, "answer.text_long", {"max": MAX_TEXT})
        return text
    if question.type == "single_choice":
        if isinstance(raw, list):
            return AnswerError(qid, "answer.single_list", {"value": raw})
        match = match_choice(question, raw)
        if match is None:
            return AnswerError(qid, "answer.choice", _choice_params(question, raw))
        return match
    if question.type == "multi_choice":
        items: list[Any]
        if isinstance(raw, list):
            items = raw
        elif isinstance(raw, str) and match_choice(question, raw) is not None:
            items = [raw]  # one choice whose label holds a separator
        elif isinstance(raw, str) and raw.strip().casefold() in NONE_WORDS:
            items = []  # "geen van deze": none of the choices, which is an answer, not a gap
        elif isinstance(raw, str):
            items = [p for p in MULTI_SPLIT.split(raw.strip()) if p] if raw.strip() else []
        else:
            items = [raw]
        chosen: set[str] = set()
        for item in items:
            match = match_choice(question, item)
            if match is None:
                return AnswerError(qid, "answer.choice", _choice_params(question, item, multi=True))
            chosen.add(match)
        return _chosen(question, chosen)
    return AnswerError(qid, "answer.type", {"type": question.type})


def _chosen(question: Question, chosen: set[str]) -> list[str] | AnswerError:
    """The answer of a multiple choice whose ``chosen`` values are known: in questionnaire order,
    or an error when a "not looked at" choice is not on its own."""
    if len(chosen) > 1 and chosen & question.gap_values:
        gap = next(c for c in question.choices if c.value in chosen and c.gap)
        return AnswerError(question.id, "answer.gap_alone", {"value": gap.value})
    return [c.value for c in question.choices if c.value in chosen]  # questionnaire order


def _choice_params(question: Question, raw: Any, multi: bool = False) -> dict[str, Any]:
    """What an error about a choice needs: the values (for machines) and the labels (for people)."""
    return {
        "value": raw,
        "allowed": [c.value for c in question.choices],
        "choices": [c.label for c in question.choices],
        "multi": multi,
    }


def match_choice(question: Question, raw: Any) -> str | None:
    """A choice value for ``raw``: its value or its label in any language, case-insensitive."""
    if isinstance(raw, bool) or raw is None:
        return None
    return question.choice_words.get(str(raw).strip().casefold())


def _number(raw: Any) -> float | int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return raw if math.isfinite(raw) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # Belgian thousands: 1.250.000,50
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", text):  # decimal comma
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


@dataclass(frozen=True)
class CheckedAnswers:
    values: dict[str, Any]
    errors: tuple[AnswerError, ...]


# Entries of a check_answers memo: the few values of choice and yes/no cells are met in the
# first rows and stay; the many combinations of multiple choices would only fill it.
MEMO_LIMIT: Final = 8192  # (memory stays flat in the rows, and small)
_NEW: Final = object()  # not in the memo yet
_OPEN: Final = object()  # left open (an empty cell)
# the types of checked values that _check_with_memo keeps as they are (a list is copied)
_KEPT: Final = frozenset({str, bool, int, float, type(UNKNOWN)})
_PARTS: Final = object()  # (_PARTS, question id): that multiple choice's _Parts, in the memo


def check_answers(
    questionnaire: Questionnaire, raw: Mapping[str, Any], memo: dict[Any, Any] | None = None
) -> CheckedAnswers:
    """Check a whole mapping of raw answers. Unknown ids and bad values are errors; ``None`` is open.

    ``memo`` (a dict the caller keeps for one questionnaire) remembers what each text value of
    each question became: a batch of thousands of rows holds few distinct cells per column.
    """
    if memo is not None:
        return _check_with_memo(questionnaire, raw, memo)
    values: dict[str, Any] = {}
    errors: list[AnswerError] = []
    for qid, value in raw.items():
        result = _check_one(questionnaire, qid, value)
        if result is _OPEN:
            continue
        if isinstance(result, AnswerError):
            errors.append(result)
        else:
            values[str(qid)] = result
    return CheckedAnswers(values, tuple(errors))


def _check_one(questionnaire: Questionnaire, qid: Any, value: Any) -> Any:
    """One raw answer checked: its value, an AnswerError, or ``_OPEN`` (left open)."""
    question = questionnaire.get(str(qid))
    if question is None:
        near = _closest(questionnaire, str(qid))
        key = "answer.unknown_question" if near else "answer.unknown_question_far"
        return AnswerError(str(qid), key, {"suggest": near} if near else {})
    if value is None or (isinstance(value, str) and not value.strip()):
        return _OPEN
    return coerce(question, value)


def _check_with_memo(
    questionnaire: Questionnaire, raw: Mapping[str, Any], memo: dict[Any, Any]
) -> CheckedAnswers:
    values: dict[str, Any] = {}
    errors: list[AnswerError] = []
    remembered = memo.get
    for key in raw.items():  # the (id, value) pairs of the mapping are the keys of the memo
        try:
            result = remembered(key, _NEW)
        except TypeError:  # a value that cannot be a key (a list): checked without the memo
            return check_answers(questionnaire, raw)
        kind = type(result)
        if kind in _KEPT:  # the common case first; the id is a str (only those are remembered)
            values[key[0]] = result
        elif kind is list:
            values[key[0]] = result.copy()
        elif result is _OPEN:
            continue
        elif kind is AnswerError:
            errors.append(result)
        elif result is not _NEW:
            values[key[0]] = result
        elif type(key[0]) is not str:  # (1 and "1" would be one answer): checked without the memo
            return check_answers(questionnaire, raw)
        else:
            result = _check_new(questionnaire, key, memo)
            kind = type(result)
            if kind is AnswerError:
                errors.append(result)
            elif result is not _OPEN:
                values[key[0]] = result.copy() if kind is list else result
    return CheckedAnswers(values, tuple(errors))


def _check_new(questionnaire: Questionnaire, key: tuple[str, Any], memo: dict[Any, Any]) -> Any:
    """A value not in the memo checked as ``_check_one`` does, and remembered when it is text or
    None: other values are not (1, 1.0 and True are equal keys, their answers are not)."""
    qid, value = key
    if value is not None and type(value) is not str:
        return _check_one(questionnaire, qid, value)
    question = questionnaire.get(qid)
    if question is not None and question.type == "multi_choice" and value and (";" in value or "|" in value):
        parts = memo.get((_PARTS, qid))
        if parts is None:  # one per question (beyond MEMO_LIMIT, bounded by the questionnaire)
            parts = memo[(_PARTS, qid)] = _Parts(question)
        result = parts.check(value)
    else:
        result = _check_one(questionnaire, qid, value)
    if len(memo) < MEMO_LIMIT:
        memo[key] = result
    return result


class _Parts:
    """What the parts of a multiple-choice text became, for one question: a cell of many parts in
    any order ("a; c; b") is then a split and a dict lookup per part, where the (question, text)
    memo would miss on most combinations. Gives exactly what ``coerce`` gives (chosen values as
    bits: one per distinct value, so a value named twice or by its label is chosen once)."""

    LIMIT: Final = 1024  # parts and sets of choices remembered (each)

    def __init__(self, question: Question) -> None:
        self.question = question
        bit_of: dict[str, int] = {}
        for index, choice in enumerate(question.choices):
            bit_of.setdefault(choice.value, 1 << index)
        self.bit_of = bit_of
        self.order = tuple((bit_of[c.value], c.value) for c in question.choices)  # as _chosen lists
        self.gaps = tuple((bit_of[c.value], c.value) for c in question.choices if c.gap)
        self.gap_bits = sum(bit for bit, _ in set(self.gaps))
        self.bits: dict[str, int] = {}  # a part as split (not stripped) -> its bit; 0: empty
        self.answers: dict[int, list[str] | AnswerError] = {}  # bits of the chosen -> the answer
        # The split is what coerce does only if no word it looks up as a whole holds a separator
        # (a label "a; b", the unknown and "none" words): else coerce does it all.
        whole = [*question.choice_words, *UNKNOWN_WORDS, *NONE_WORDS]
        self.plain = not any(";" in w or "|" in w for w in whole)

    def check(self, text: str) -> Any:
        """The answer for a text holding a separator, as ``coerce`` gives it."""
        if not self.plain:
            return coerce(self.question, text)
        bits = self.bits
        mask = 0
        for part in (text.replace("|", ";") if "|" in text else text).split(";"):
            bit = bits.get(part)
            if bit is None:
                bit = self._bit(part)
                if bit is None:  # not a choice: coerce says which part, as it does
                    return coerce(self.question, text)
            mask |= bit
        answer = self.answers.get(mask)
        if answer is None:
            answer = self._answer(mask)
            if len(self.answers) < self.LIMIT:
                self.answers[mask] = answer
        return answer

    def _answer(self, mask: int) -> list[str] | AnswerError:
        """``_chosen`` of the values whose bits are in ``mask``."""
        if mask & self.gap_bits and mask & (mask - 1):  # a gap and more than one value
            gap = next(value for bit, value in self.gaps if mask & bit)
            return AnswerError(self.question.id, "answer.gap_alone", {"value": gap})
        return [value for bit, value in self.order if mask & bit]

    def _bit(self, part: str) -> int | None:
        """The bit of the choice a part names (MULTI_SPLIT strips what ; and | split), 0 for an
        empty part (coerce skips it), None for one that names no choice."""
        word = part.strip()
        if not word:
            bit = 0
        else:
            value = self.question.choice_words.get(word.casefold())
            if value is None:
                return None
            bit = self.bit_of[value]
        if len(self.bits) < self.LIMIT:
            self.bits[part] = bit
        return bit


def _closest(questionnaire: Questionnaire, qid: str) -> str:
    import difflib

    ids = [q.id for q in questionnaire.questions if q.answerable]
    found = difflib.get_close_matches(qid, ids, n=1)
    return found[0] if found else ""
