"""The ``sdgtoets`` command: wires each command module into one Typer app."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from .. import __version__
from . import language as lang_mod


class Sdgtoets(TyperGroup):
    """The root command: chooses the language of the run before anything is shown, and puts the
    help texts of that language on every command (texts: locales/cli.yaml)."""

    def main(self, args: Sequence[str] | None = None, *pos: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = lang_mod.detect(argv)
        lang_mod.set_language(lang)
        lang_mod.localize(self, lang)
        return super().main(argv, *pos, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:  # Click would end such a run quietly with exit 1
            raise _OutputGone from exc

    def make_context(self, *args: Any, **kwargs: Any) -> Any:  # `sdgtoets --help | head`
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError as exc:
            raise _OutputGone from exc


class _OutputGone(Exception):
    """The program reading our output (``| head``) stopped: a broken pipe, as an outcome of ours."""


app = typer.Typer(
    name="sdgtoets",
    cls=Sdgtoets,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    suggest_commands=False,  # Click suggests already: one "did you mean"
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sdgtoets {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True),
    lang: str | None = typer.Option(None, "--lang", "-l"),
) -> None:
    """The root of every command: --version, and --lang before the command."""
    if lang is not None:
        from .common import language

        language(lang)  # refuse a language we do not have, in the words of the run


# command name -> module in sdgtoets.cli, in the order `sdgtoets --help` lists them
COMMANDS = {
    "check": "check",
    "template": "template",
    "batch": "batch",
    "merge": "merge",
    "compare": "compare",
    "profile": "profile",
    "validate": "validate",
    "test": "rubric_test",
    "diff": "diff",
    "schema": "schema",
}


def _register(only: str | None = None) -> None:
    """Register the commands; with ``only``, just that one (the rest need not be imported)."""
    import importlib

    for name, module_name in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"sdgtoets.cli.{module_name}").register(app)


def _command_in(argv: list[str]) -> str | None:
    """The command named on the command line, if it is one we know (else: register all, so
    that help and 'no such command' messages are complete)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def _environment_error(exc: OSError) -> NoReturn:
    """An operating-system error nothing caught closer to it (writing the output, a path the
    system refuses): a clear message and exit 2, as for any other output that cannot be written."""
    from ..errors import Problem
    from .common import format_problem, os_problem

    problem = os_problem(exc)
    if isinstance(exc, BrokenPipeError):
        problem = Problem("output.broken_pipe", {})
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no second error at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(format_problem(problem, lang_mod.current()) + "\n")
        sys.stderr.flush()
    raise SystemExit(2) from None


def run() -> None:
    _register(_command_in(sys.argv[1:]))
    try:
        try:
            app()
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # here, not at exit: a pipe that is gone is reported like any other
    except _OutputGone:
        _environment_error(BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE)))
    except KeyboardInterrupt:
        sys.stderr.write("\nGestopt. / Stopped.\n")
        raise SystemExit(130) from None
    except OSError as exc:  # the machine, not the input and not us: a full disk, a closed pipe, a long name
        _environment_error(exc)
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for developers
        if os.environ.get("SDGTOETS_DEBUG"):
            raise
        from ..i18n import t

        message = t("internal.error", lang_mod.current(), error=f"{type(exc).__name__}: {exc}")
        sys.stderr.write(message + "\n")
        raise SystemExit(1) from None
