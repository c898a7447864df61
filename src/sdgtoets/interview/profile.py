"""``sdgtoets profile``: the municipality's facts, asked once and kept in a profile file.

The file is written after every answer (atomically), so stopping loses nothing: the next run
reads it and asks only what is still open (``ask_all`` asks everything again, showing the
current answer). ``check`` and ``batch`` then use the file (``--profile``, or
``sdgtoets-profiel.yaml`` in the folder they run in).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.conditions import UNKNOWN
from ..core.interview import Command, Given, Interview, Invalid, command_word, parse_reply
from ..core.profile import MunicipalProfile
from ..core.questionnaire import Question, Questionnaire
from ..core.scoring import display_answer
from ..core.text import pick
from ..errors import InputError, Problem
from ..i18n import t
from ..instrument import words
from ..loading.profile import read_profile
from .runner import question_help
from .terminal import Terminal

MAX_NAME = 200
_PLAIN = re.compile(r"[a-z][a-z0-9_]*")
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n"})


class _Stop(Exception):
    """The user asked to stop, or input ended."""


class _NoInput(Exception):
    """Input ended before anything was typed (no terminal, nothing piped in)."""


class _InputEnded(Exception):
    """Input ended (end of a pipe or file) before the profile was finished."""


def profile_text(
    questionnaire: Questionnaire,
    municipality: str,
    answers: Mapping[str, Any],
    lang: str,
    filled_in_by: str = "",
    date: str = "",
) -> str:
    """The profile as YAML, with each question as a comment above its answer."""

    def scalar(value: Any) -> str:
        if value is UNKNOWN:
            return "unknown"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        if isinstance(value, str) and _PLAIN.fullmatch(value) and value not in _YAML_WORDS:
            return value
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar

    lines = [
        "# yaml-language-server: $schema=https://sdgtoets.vvsg.invalid/schemas/profile.schema.json",
        "# " + t("profile.file_header", lang),
        "kind: profile",
        f"municipality: {scalar(municipality)}",
    ]
    if filled_in_by:
        lines.append(f"filled_in_by: {scalar(filled_in_by)}")
    if date:
        lines.append(f"date: {scalar(date)}")
    lines.append(f"questionnaire: {{id: {questionnaire.id}, version: {questionnaire.version}}}")
    lines.append("answers:")
    for q in questionnaire.questions:
        if q.scope == "municipality" and q.id in answers:
            lines.append(f"  # {' '.join(pick(q.label, lang).split())}")
            lines.append(f"  {q.id}: {scalar(answers[q.id])}")
    if lines[-1] == "answers:":
        lines[-1] = "answers: {}"
    return "\n".join(lines) + "\n"


def run_profile_interview(
    questionnaire: Questionnaire,
    path: Path,
    *,
    lang: str = "nl",
    ask_all: bool = False,
    terminal: Terminal | None = None,
) -> MunicipalProfile | None:
    """Ask the municipality's questions and keep the answers in ``path``; None when stopped."""
    term = terminal or Terminal()
    runner = _ProfileRunner(questionnaire, path, lang, term)
    try:
        return runner.run(ask_all)
    except _NoInput:
        raise InputError([Problem("profile.no_input", {})]) from None
    except _InputEnded:
        # Piped or redirected input ran out before the end: not a finished profile, so not a success.
        runner.stopped()
        key = "profile.input_ended" if path.exists() else "profile.input_ended_nothing"
        raise InputError([Problem(key, {"path": str(path)})]) from None
    except _Stop:
        runner.stopped()
        return None
    except KeyboardInterrupt:
        term.say()
        runner.stopped()
        raise SystemExit(130) from None


class _ProfileRunner:
    def __init__(self, questionnaire: Questionnaire, path: Path, lang: str, term: Terminal) -> None:
        self.q = questionnaire
        self.path = path
        self.lang = lang
        self.term = term
        self.municipality = ""
        self.filled_in_by = ""
        self.interview = Interview(questionnaire, "full", scope="municipality")
        self.started = False

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def read(self, prompt: str = "> ") -> str:
        try:
            return self.term.ask(prompt)
        except EOFError:
            raise (_NoInput if self.term.lines_read == 0 else _InputEnded) from None

    def run(self, ask_all: bool) -> MunicipalProfile:
        self.term.say(self.tr("profile.welcome"), "bold")
        self.term.say(self.tr("profile.intro"))
        if self.path.exists():
            existing = read_profile(self.path, self.q)
            self.municipality = existing.municipality
            self.filled_in_by = existing.filled_in_by
            history = () if ask_all else tuple(k for k, v in existing.answers.items() if v is not UNKNOWN)
            self.interview = Interview(self.q, "full", dict(existing.answers), history, scope="municipality")
            self.term.say(self.tr("profile.resumed", path=str(self.path), name=self.municipality), "dim")
        else:
            self.municipality = self.ask_text("profile.ask_municipality", required=True)
            self.filled_in_by = self.ask_text("profile.ask_filled_in_by", required=False)
            self.save()
        self.started = True
        self.ask_questions()
        self.save()
        self.term.say()
        self.term.say(self.tr("profile.done", path=str(self.path)), "bold green")
        return read_profile(self.path, self.q)

    def ask_text(self, key: str, required: bool) -> str:
        while True:
            self.term.say(self.tr(key), "bold")
            text = " ".join(self.read().split())
            if command_word(text) == "stop":
                raise _Stop
            if command_word(text) == "help":
                self.term.say(self.tr(f"{key}_help", max=MAX_NAME), "italic")
                continue
            if (text or not required) and len(text) <= MAX_NAME:
                return text
            self.term.say(self.tr("interview.invalid_name", max=MAX_NAME), "yellow")

    def ask_questions(self) -> None:
        while True:
            question = self.interview.current()
            if question is None:
                return
            self.show(question)
            has_answer = self.interview.has_answer(question.id)
            while True:
                reply = parse_reply(question, self.read(), has_answer)
                if isinstance(reply, Invalid):
                    self.term.say(self.tr(f"interview.invalid_{reply.code}", **reply.params), "yellow")
                    continue
                break
            if isinstance(reply, Given):
                self.interview = self.interview.answer(reply.value).interview
            elif isinstance(reply, Command):
                if reply.name == "help":
                    for line in question_help(self.q, question, self.lang):
                        self.term.say(line, "italic")
                    continue
                if reply.name == "unknown":
                    self.interview = self.interview.answer(UNKNOWN).interview
                elif reply.name == "back":
                    back = self.interview.back()
                    if back is None:
                        self.term.say(self.tr("interview.at_start"), "yellow")
                    else:
                        self.interview = back
                    continue
                elif reply.name == "stop":
                    raise _Stop
                elif reply.name == "keep":
                    self.interview = self.interview.keep().interview
                else:
                    self.interview = self.interview.skip().interview
            self.save()

    def show(self, question: Question) -> None:
        n, total = self.interview.progress()
        self.term.say()
        self.term.say(self.tr("interview.progress", n=n, total=total), "dim")
        self.term.say(pick(question.label, self.lang), "bold")
        for i, choice in enumerate(question.choices, 1):
            self.term.say(f"  {i}. {pick(choice.label, self.lang)}")
        key = {
            "boolean": "interview.yes_no",
            "multi_choice": "interview.choose_many",
            "single_choice": "interview.choose_one",
        }.get(question.type, "interview.text_prompt")
        keys = self.tr("interview.keys_help")  # ? always helps (question_help)
        self.term.say(f"{self.tr(key)} · {keys}", "dim")
        if self.interview.has_answer(question.id):
            shown = display_answer(question, self.interview.answers[question.id], self.lang, words(self.lang))
            self.term.say(self.tr("interview.current", answer=shown), "green")

    def save(self) -> None:
        from ..writing import write_atomic

        text = profile_text(
            self.q,
            self.municipality,
            self.interview.answers,
            self.lang,
            self.filled_in_by,
            dt.date.today().isoformat(),
        )
        write_atomic(self.path, text, force=True, named=True)  # -o: a link is followed

    def stopped(self) -> None:
        self.term.say()
        if self.started or self.path.exists():
            self.term.say(self.tr("profile.stopped", path=str(self.path)), "bold")
        else:
            self.term.say(self.tr("interview.stopped_nothing_saved"))
