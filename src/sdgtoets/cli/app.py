"""The ``sdgtoets`` command: wires each command module into one Typer app."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

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


def run() -> None:
    _register(_command_in(sys.argv[1:]))
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("\nGestopt. / Stopped.\n")
        raise SystemExit(130) from None
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for developers
        if os.environ.get("SDGTOETS_DEBUG"):
            raise
        from ..i18n import t

        message = t("internal.error", lang_mod.current(), error=f"{type(exc).__name__}: {exc}")
        sys.stderr.write(message + "\n")
        raise SystemExit(1) from None
