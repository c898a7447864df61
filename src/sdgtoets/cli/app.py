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


def _register() -> None:
    from . import check, template, validate

    for module in (check, template, validate):
        module.register(app)
    for name in ("batch", "schema", "rubric_test", "diff"):
        try:
            module = __import__(f"sdgtoets.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError:
            continue
        module.register(app)


def run() -> None:
    _register()
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
