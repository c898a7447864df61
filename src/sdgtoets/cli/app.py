"""The ``sdgtoets`` command: wires each command module into one Typer app."""

from __future__ import annotations

import os
import sys

import typer

from .. import __version__

app = typer.Typer(
    name="sdgtoets",
    help="De SDG-toets voor Vlaamse lokale besturen: hoe SDG-proof is je project? (--lang en for English)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sdgtoets {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Toon de versie en stop."
    ),
) -> None:
    """De SDG-toets voor Vlaamse lokale besturen."""


# command name -> module in sdgtoets.cli, in the order `sdgtoets --help` lists them
COMMANDS = {
    "check": "check",
    "template": "template",
    "batch": "batch",
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

        lang = (
            os.environ.get("SDGTOETS_LANG", "nl") if os.environ.get("SDGTOETS_LANG") in ("nl", "en") else "nl"
        )
        sys.stderr.write(t("internal.error", lang, error=f"{type(exc).__name__}: {exc}") + "\n")
        raise SystemExit(1) from None
