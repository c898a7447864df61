"""The interactive interview of ``sdgtoets check``: the shell around ``core.interview``.

It asks the project name and the depth, then the visible questions one by one, and saves the
session after every answer. Stopping (``s``/``q``, Ctrl-C, end of input, a closed terminal)
keeps everything and tells the user how to continue.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Final

from ..core.conditions import UNKNOWN
from ..core.interview import Command, Given, Interview, Invalid, Step, command_word, parse_reply
from ..core.numbers import decimal_text
from ..core.questionnaire import Question, Questionnaire
from ..core.text import pick
from ..errors import InputError, Problem
from ..i18n import t
from ..loading.schemas import project_limits
from ..loading.yaml_files import CONTROL
from .session import FINISHED, Session, load, new_session_path, unfinished
from .terminal import Terminal

EXIT_INPUT: Final = 2
EXIT_INTERRUPTED: Final = 130
MAX_OFFERS: Final = 9
QUICK_WORDS: Final = frozenset({"1", "quick", "snel", "snelle scan", "q1"})
FULL_WORDS: Final = frozenset({"2", "full", "volledig", "volledige toets"})


def clean_text(typed: str) -> str:
    """What was typed, without control characters (a pasted escape sequence) and extra spaces."""
    return " ".join(CONTROL.sub(" ", typed).split())


def question_help(questionnaire: Questionnaire, question: Question, lang: str) -> list[str]:
    """What ``?`` shows: the question's help; without one, what the question is for (its part of
    the questionnaire) and how to answer it, never "there is no help"."""
    if question.help:
        return [pick(question.help, lang)]
    section = questionnaire.section(question.section)
    title = pick(section.title, lang) if section else question.section
    intro = pick(section.intro, lang) if section and section.intro else ""
    return [
        t("interview.purpose", lang, section=title, intro=intro).strip(),
        t(f"interview.how_{question.type}", lang),
    ]


@dataclass(frozen=True)
class InterviewResult:
    answers: dict[str, Any]
    project: dict[str, Any]
    depth: str
    session: Path


class _Hangup(Exception):
    """The terminal was closed (SIGHUP) or the process was asked to stop (SIGTERM)."""


class _Stop(Exception):
    """The user asked to stop, or input ended."""


class _NoInput(Exception):
    """Input ended before anything was typed."""


class _InputEnded(_Stop):
    """Input ended (end of a pipe or file) before the interview was finished."""


class _Back(Exception):
    """``t`` at the project name, the depth or the first question: one step further back."""


def run_interview(
    questionnaire: Questionnaire,
    *,
    lang: str = "nl",
    depth: str | None = None,
    resume: Path | None = None,
    session: Path | None = None,
    terminal: Terminal | None = None,
) -> InterviewResult | None:
    """Run the interview; None when the user stopped (progress saved, the user was told where)."""
    term = terminal or Terminal()
    runner = _Runner(questionnaire, lang, term)
    with _signals():
        try:
            return runner.run(depth, resume, session)
        except _NoInput:
            raise InputError([Problem("usage.no_terminal_no_input", {})]) from None
        except _InputEnded:
            # Piped or redirected input ran out before the end: no verdict, so not a success.
            runner.stopped()
            raise InputError([Problem("usage.input_ended", {})]) from None
        except _Stop:
            runner.stopped()
            return None
        except KeyboardInterrupt:
            term.say()
            runner.stopped()
            raise SystemExit(EXIT_INTERRUPTED) from None
        except _Hangup:
            runner.stopped()
            raise SystemExit(EXIT_INTERRUPTED) from None
        finally:
            if runner.session is not None:
                runner.session.release()


@contextlib.contextmanager
def _signals() -> Iterator[None]:
    """Turn SIGHUP/SIGTERM into an exception, so the session is closed properly."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Hangup

    previous: list[tuple[int, Any]] = []
    for name in ("SIGHUP", "SIGTERM"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            previous.append((sig, signal.signal(sig, handler)))
        except (ValueError, OSError):  # not the main thread
            continue
    try:
        yield
    finally:
        for sig, old in previous:
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, old)


class _Runner:
    def __init__(self, questionnaire: Questionnaire, lang: str, term: Terminal) -> None:
        self.q = questionnaire
        self.lang = lang
        self.term = term
        self.session: Session | None = None
        self.section: str | None = None
        self.shown: str | None = None
        self.save_failed = False

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    # --- reading -------------------------------------------------------------------------

    def read(self, prompt: str = "> ") -> str:
        try:
            return self.term.ask(prompt)
        except EOFError:
            if self.term.lines_read == 0:
                raise _NoInput from None
            raise _InputEnded from None

    # --- the flow --------------------------------------------------------------------------

    def run(
        self, depth: str | None, resume: Path | None, session_path: Path | None
    ) -> InterviewResult | None:
        self.term.say(self.tr("interview.welcome", title=pick(self.q.title, self.lang)), "bold")
        self.term.say(self.tr("interview.intro"))
        session = self.open(depth, resume, session_path)
        self.session = session
        if session.interview.finished:
            self.term.say(self.tr("interview.already_finished"))
        else:
            self.ask_questions()
        session.status = FINISHED
        self.save()
        self.term.say()
        self.term.say(self.tr("interview.done"), "bold green")
        self.term.say(self.tr("interview.saved_finished", path=str(session.path)), "dim")
        interview = session.interview
        return InterviewResult(dict(interview.answers), dict(session.project), interview.depth, session.path)

    def open(self, depth: str | None, resume: Path | None, session_path: Path | None) -> Session:
        """A session: the one asked for, an unfinished one (if the user wants), or a new one."""
        if resume is not None:
            return self.resumed(self.taken(load(resume, self.q)), depth)
        if session_path is not None and session_path.exists():
            return self.resumed(self.taken(load(session_path, self.q)), depth)
        if session_path is None:
            offer = self.choose_offer(unfinished(self.q))
            if offer is not None:
                try:
                    return self.resumed(self.taken(offer), depth)
                except InputError:  # opened in another terminal just now
                    self.term.say(
                        self.tr("interview.offer_taken", name=offer.project.get("name", "")), "yellow"
                    )
        name, chosen = self.ask_setup(depth)
        path = session_path or new_session_path(name)
        session = Session(path, Interview(self.q, chosen), {"name": name}, lang=self.lang)
        self.session = self.taken(session)
        self.save()
        self.term.say(self.tr("interview.session_started", path=str(path)), "dim")
        return session

    def taken(self, session: Session) -> Session:
        """Lock the session file; a folder we cannot write in is no reason to stop (see save)."""
        try:
            session.take()
        except InputError as exc:
            if not exc.problems or exc.problems[0].key != "file.write_failed":
                raise
        self.session = session
        return session

    def ask_setup(self, depth: str | None, name: str = "", current_depth: str = "") -> tuple[str, str]:
        """The project name and the depth, with ``t`` going back from the depth to the name."""
        while True:
            name = self.ask_name(name)
            if depth is not None:
                return name, depth
            try:
                return name, self.ask_depth(current_depth)
            except _Back:
                continue

    def choose_offer(self, offers: list[Session]) -> Session | None:
        if not offers:
            return None
        if len(offers) == 1:
            return offers[0] if self.accept_offer(offers[0]) else None
        shown = offers[:MAX_OFFERS]
        self.term.say(self.tr("interview.resume_list", count=len(offers)), "bold")
        for i, offer in enumerate(shown, 1):
            self.term.say(f"  {i}. {self.describe(offer)}")
        if len(offers) > len(shown):
            self.term.say(
                self.tr(
                    "interview.resume_more", more=len(offers) - len(shown), path=str(offers[0].path.parent)
                )
            )
        while True:
            reply = self.read(self.tr("interview.resume_list_prompt", max=len(shown))).strip().casefold()
            if reply == "":
                return shown[0]
            if reply.isdigit() and 1 <= int(reply) <= len(shown):
                return shown[int(reply) - 1]
            if reply in ("n", "nee", "no", "0", "nieuw", "new"):
                self.term.say(self.tr("interview.resume_declined_all"), "dim")
                return None
            if command_word(reply) == "stop":
                raise _Stop
            if command_word(reply) == "help":
                self.term.say(self.tr("interview.resume_help"), "italic")
                continue
            self.term.say(self.tr("interview.invalid_choice", max=len(shown)), "yellow")

    def describe(self, offer: Session) -> str:
        when = offer.updated.replace("T", " ")[:16]
        return self.tr(
            "interview.resume_item",
            name=str(offer.project.get("name", "")),
            count=len(offer.interview.answers),
            when=when,
        )

    def resumed(self, session: Session, depth: str | None) -> Session:
        session.lang = self.lang
        interview = session.interview
        if depth is not None and depth != interview.depth:
            if depth == "full":  # a quick scan grows into a full check: only the new questions are asked
                session.interview = interview.with_depth("full")
                self.term.say(self.tr("interview.depth_upgraded"))
            else:
                self.term.say(self.tr("interview.depth_kept", depth=self.tr(f"word.{interview.depth}")))
        step = session.interview.settle()  # the questionnaire may have changed within its version
        session.interview = step.interview
        self.say_dropped(step.dropped, "interview.dropped_on_resume")
        self.say_dropped(session.dropped, "interview.dropped_invalid_on_resume")
        done, total = len(session.interview.history), len(session.interview.visible())
        self.term.say(
            self.tr("interview.resumed", name=session.project.get("name", ""), count=done, total=total),
            "bold",
        )
        return session

    def accept_offer(self, offer: Session) -> bool:
        when = offer.updated.replace("T", " ")[:16]
        name = str(offer.project.get("name", ""))
        count = len(offer.interview.answers)
        self.term.say(self.tr("interview.resume_offer", name=name, count=count, when=when), "bold")
        while True:
            reply = self.read(self.tr("interview.resume_prompt")).strip().casefold()
            if reply in ("", "j", "ja", "y", "yes", "1"):
                return True
            if reply in ("n", "nee", "no", "0"):
                self.term.say(self.tr("interview.resume_declined", path=str(offer.path)), "dim")
                return False
            if command_word(reply) == "stop":
                raise _Stop
            if command_word(reply) == "help":
                self.term.say(self.tr("interview.resume_help"), "italic")
                continue
            self.term.say(self.tr("interview.invalid_boolean"), "yellow")

    def ask_name(self, current: str = "") -> str:
        self.term.say()
        while True:
            self.term.say(self.tr("interview.project_name"), "bold")
            if current:
                self.term.say(
                    self.tr("interview.current", answer=current) + " " + self.tr("interview.enter_keeps"),
                    "green",
                )
            name = clean_text(self.read())
            word = command_word(name)
            if word == "stop":
                raise _Stop
            longest = project_limits()["name"]  # as for an answers file or a batch row
            if word == "help":
                self.term.say(self.tr("interview.name_help", max=longest), "italic")
                continue
            if word == "back":
                self.term.say(self.tr("interview.at_start"), "yellow")
                continue
            if not name and current:
                return current
            if name and len(name) <= longest and word is None:
                return name
            self.term.say(self.tr("interview.invalid_name", max=longest), "yellow")

    def ask_depth(self, current: str = "") -> str:
        self.term.say()
        self.term.say(self.tr("interview.depth"), "bold")
        self.term.say(f"  1. {self.tr('interview.depth_quick')}")
        self.term.say(f"  2. {self.tr('interview.depth_full')}")
        default = current or "quick"
        prompt = "interview.depth_prompt_full" if default == "full" else "interview.depth_prompt"
        while True:
            reply = " ".join(self.read(self.tr(prompt)).split()).casefold()
            if not reply:
                return default
            if reply in QUICK_WORDS:
                return "quick"
            if reply in FULL_WORDS:
                return "full"
            word = command_word(reply)
            if word == "stop":
                raise _Stop
            if word == "back":
                raise _Back
            if word == "help":
                self.term.say(self.tr("interview.depth_help"), "italic")
                continue
            self.term.say(self.tr("interview.invalid_depth"), "yellow")

    def back_to_setup(self) -> None:
        """``t`` at the first question: change the project name or the depth."""
        session = self.session
        assert session is not None
        interview = session.interview
        name, depth = self.ask_setup(None, str(session.project.get("name", "")), interview.depth)
        session.project["name"] = name
        if depth != interview.depth:
            step = interview.with_depth(depth).settle()
            session.interview = step.interview
            one = "interview.dropped_one" if len(step.dropped) == 1 else "interview.dropped"
            self.say_dropped(step.dropped, one)
        self.section = None
        self.shown = None
        self.save()

    def ask_questions(self) -> None:
        session = self.session
        assert session is not None
        while True:
            question = session.interview.current()
            if question is None:
                return
            if self.shown != question.id:  # after a hint or help, only the prompt is repeated
                self.show(question)
                self.shown = question.id
            has_answer = session.interview.has_answer(question.id)
            reply = parse_reply(question, self.read(), has_answer)
            if isinstance(reply, Invalid):
                self.term.say(self.tr(f"interview.invalid_{reply.code}", **self.hint_params(reply)), "yellow")
                continue
            if isinstance(reply, Given):
                self.apply(session.interview.answer(reply.value))
                continue
            assert isinstance(reply, Command)
            if reply.name == "help":
                self.show_help(question)
            elif reply.name == "unknown":
                if question.answerable:
                    self.apply(session.interview.answer(UNKNOWN))
            elif reply.name == "back":
                back = session.interview.back()
                if back is None:
                    self.back_to_setup()
                else:
                    session.interview = back
                    self.shown = None
            elif reply.name == "stop":
                raise _Stop
            elif reply.name == "keep":
                self.apply(session.interview.keep())
            elif reply.name == "skip":
                self.apply(session.interview.skip())

    def apply(self, step: Step) -> None:
        session = self.session
        assert session is not None
        session.interview = step.interview
        self.shown = None
        if not session.interview.finished:  # the final save marks it finished
            self.save()
        one = "interview.dropped_one" if len(step.dropped) == 1 else "interview.dropped"
        self.say_dropped(step.dropped, one)

    def save(self) -> None:
        """Save the session; when that fails (a full disk, a read-only folder) say so once and go
        on: the answers are kept in memory and the verdict still comes at the end."""
        session = self.session
        assert session is not None
        try:
            session.save()
            self.save_failed = False
        except InputError as exc:
            if not self.save_failed:
                reason = exc.problems[0].params.get("reason", "") if exc.problems else ""
                self.term.say(
                    self.tr("interview.save_failed", path=str(session.path), reason=reason), "yellow"
                )
            self.save_failed = True

    def say_dropped(self, dropped: tuple[str, ...], key: str) -> None:
        if not dropped:
            return
        self.term.say(self.tr(key, count=len(dropped)), "yellow")
        for qid in dropped:
            question = self.q.get(qid)
            self.term.say(f"  - {pick(question.label, self.lang) if question else qid}", "yellow")

    def hint_params(self, reply: Invalid) -> dict[str, Any]:
        params = dict(reply.params)
        if reply.code == "number":
            low, high = params.get("min"), params.get("max")
            params["range"] = self.range_text(low, high)
        return params

    def range_text(self, low: Any, high: Any) -> str:
        if low is not None and high is not None:
            return self.tr("interview.number_range", min=self.num(low), max=self.num(high))
        if low is not None:
            return self.tr("interview.number_min", min=self.num(low))
        if high is not None:
            return self.tr("interview.number_max", max=self.num(high))
        return ""

    def num(self, value: Any) -> str:
        return decimal_text(value, self.lang, places=None) if isinstance(value, int | float) else str(value)

    # --- showing a question ----------------------------------------------------------------

    def show(self, question: Question) -> None:
        session = self.session
        assert session is not None
        section = self.q.section(question.section)
        if question.section != self.section:
            self.section = question.section
            title = pick(section.title, self.lang) if section else question.section
            self.term.say()
            self.term.say(self.tr("interview.section", title=title), "bold cyan")
            if section and section.intro:
                self.term.say(pick(section.intro, self.lang))
        n, total = session.interview.progress()
        self.term.say()
        self.term.say(self.tr("interview.progress", n=n, total=total), "dim")
        self.term.say(pick(question.label, self.lang), "bold")
        for i, choice in enumerate(question.choices, 1):
            self.term.say(f"  {i}. {pick(choice.label, self.lang)}")
        self.term.say(self.instruction(question), "dim")
        if session.interview.has_answer(question.id):
            from ..core.scoring import display_answer
            from ..instrument import words

            value = session.interview.answers[question.id]
            shown = display_answer(question, value, self.lang, words(self.lang))
            if question.type == "number" and self.lang == "nl":
                shown = shown.replace(".", ",")
            self.term.say(self.tr("interview.current", answer=shown), "green")

    def instruction(self, question: Question) -> str:
        kind = question.type
        if kind == "single_choice":
            text = self.tr("interview.choose_one")
        elif kind == "multi_choice":
            text = self.tr("interview.choose_many")
        elif kind == "boolean":
            text = self.tr("interview.yes_no")
        elif kind == "number":
            unit = pick(question.unit, self.lang)
            text = self.tr("interview.number_prompt")
            bounds = self.range_text(question.minimum, question.maximum)
            text += f" {bounds}" if bounds else ""
            text += f" ({unit})" if unit else ""
        elif kind == "text":
            text = self.tr("interview.text_prompt")
        else:
            return self.tr("interview.note_continue")
        return f"{text} · {self.tr('interview.keys_help')}"  # ? always helps (question_help)

    def show_help(self, question: Question) -> None:
        for line in question_help(self.q, question, self.lang):
            self.term.say(line, "italic")

    # --- stopping --------------------------------------------------------------------------

    def stopped(self) -> None:
        session = self.session
        if session is None:
            self.term.say(self.tr("interview.stopped_nothing_saved"))
            return
        with contextlib.suppress(InputError):
            session.save()
        self.term.say()
        command = f'sdgtoets check --resume "{session.path}"' + (" --lang en" if self.lang == "en" else "")
        self.term.say(self.tr("interview.saved", path=str(session.path), command=command), "bold")
