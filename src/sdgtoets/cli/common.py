"""What every command shares: language, option checks, and printing errors the same way."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from ..errors import InputError, Location, Problem
from ..i18n import LANGUAGES, t

if TYPE_CHECKING:
    from ..loading.definitions import Content

EXIT_OK = 0
EXIT_FAILED = 1  # a check ran and found failures (e.g. `sdgtoets test`)
EXIT_INPUT = 2  # usage errors and bad input or definitions
F = TypeVar("F", bound=Callable[..., object])


def language(value: str | None) -> str:
    """The language of ``--lang`` (else the run's: --lang before the command, SDGTOETS_LANG, nl)."""
    from .language import current

    lang = (value or current()).strip().lower()
    if lang not in LANGUAGES:
        fail([Problem("usage.bad_lang", {"value": lang})], current())
    return lang


def choose(value: str, allowed: Iterable[str], key: str, lang: str) -> str:
    allowed = tuple(allowed)
    v = value.strip().lower()
    if v not in allowed:
        fail([Problem(key, {"value": value, "allowed": ", ".join(allowed)})], lang)
    return v


def report_format(value: str, lang: str) -> str:
    """A ``--format`` of a report (merge, compare): a name of the format registry; ``md`` is
    short for ``markdown``."""
    from ..reports.formats import NAMES

    v = value.strip().lower()
    return choose("markdown" if v == "md" else v, NAMES, "usage.bad_format", lang)


def format_problem(problem: Problem, lang: str) -> str:
    sev = t("warning.prefix" if problem.severity == "warning" else "error.prefix", lang)
    where = ""
    if problem.location:
        where = problem.location.render()
        if problem.location.field:
            where += f" ({problem.location.field})"
    code = f" [{problem.code}]" if problem.code else ""
    head = f"{sev}{code}: {where}" if where else f"{sev}{code}"
    return f"{head}\n  {t(problem.key, lang, **problem.params)}"


def print_problems(problems: Iterable[Problem], lang: str) -> None:
    for problem in problems:
        sys.stderr.write(format_problem(problem, lang) + "\n")
    sys.stderr.flush()


def fail(problems: list[Problem], lang: str) -> NoReturn:
    print_problems(problems, lang)
    raise SystemExit(EXIT_INPUT)


@contextmanager
def input_errors(lang: str) -> Iterator[None]:
    """Turn an InputError anywhere inside into a clear message and exit code 2."""
    try:
        yield
    except InputError as exc:
        fail(exc.problems, lang)
    except BrokenPipeError:
        raise  # the reader of our output is gone: cli.app says so
    except OSError as exc:  # the machine refused: a name too long, a full disk, a folder gone meanwhile
        fail([os_problem(exc)], lang)


def os_problem(exc: OSError) -> Problem:
    """An operating-system error as a located problem (exit 2: bad luck, not a bug)."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return Problem("output.write_failed", {"reason": reason})
    path = str(exc.filename)
    return Problem("file.os_error", {"path": path, "reason": reason}, Location(path))


def say_content(content: Content, lang: str) -> None:
    """Say on stderr which content a maintenance command uses: this folder's, or the bundled."""
    from .. import __version__

    if content.bundled:
        line = t("content.bundled", lang, version=__version__, folder=str(content.root))
    else:
        line = t("content.folder", lang, folder=str(content.root))
    sys.stderr.write(line + "\n")


def emit(text: str | bytes, output: Path | None, force: bool, lang: str = "nl") -> None:
    """Write to ``output`` atomically (never over a file without --force), or to stdout."""
    if output is None or str(output) == "-":
        stream = sys.stdout
        if stream is None:  # started with stdout closed (>&-)
            fail([Problem("output.closed", {})], lang)
        if isinstance(text, bytes):  # a Word file: into a pipe or file, never onto a screen
            if stream.isatty() or not hasattr(stream, "buffer"):
                fail([Problem("usage.binary_to_terminal", {})], lang)
            stream.flush()
            stream.buffer.write(text)
            stream.buffer.flush()
            return
        if not stream.isatty() and hasattr(stream, "buffer"):
            # Redirected to a file or pipe: always UTF-8, whatever the Windows code page says.
            stream.flush()
            stream.buffer.write(text.encode("utf-8"))
            stream.buffer.flush()
            return
        try:
            stream.write(text)
        except UnicodeEncodeError:  # an old Windows console code page
            stream.buffer.write(text.encode(stream.encoding or "utf-8", errors="replace"))
        stream.flush()
        return
    from ..writing import write_atomic

    write_atomic(output, text, force=force, named=True)


def chosen_profile(explicit: Path | None, disabled: bool, lang: str) -> Path | None:
    """The municipal profile to use (``--profile``, else the default locations unless
    ``--no-profile``); one found on its own is named on stderr, so nobody is surprised by it."""
    from ..loading.profile import find_profile

    found = find_profile(explicit, enabled=not disabled)
    if found is not None and explicit is None:
        sys.stderr.write(t("profile.found", lang, path=str(found)) + "\n")
    return found
