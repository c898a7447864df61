"""The command line in the user's language: the language of a run, and every word of the help.

The language is chosen once per run, before anything is shown: ``--lang``/``-l`` anywhere on the
command line (before or after the command), else ``SDGTOETS_LANG``, else Dutch. Then every help
text (commands, options, arguments, the words of "Usage:") comes from ``locales/cli.yaml``, and
Click's and Typer's own texts ("Usage:", "Show this message and exit.", "No such option") are
translated by replacing the gettext functions those modules call.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

import click

from ..i18n import LANGUAGES, catalog, t

_current = "nl"


def detect(args: Sequence[str]) -> str:
    """The language asked for on the command line or in the environment (a bad value: Dutch, and
    the command itself reports it)."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--lang", "-l") and i + 1 < len(args):
            value = args[i + 1]
            break
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            break
    value = (value or os.environ.get("SDGTOETS_LANG") or "nl").strip().lower()
    return value if value in LANGUAGES else "nl"


def current() -> str:
    """The language of this run (as detected when the command line was read)."""
    return _current


def set_language(lang: str) -> None:
    global _current
    _current = lang
    _patch_click()


# --- Click's and Typer's own texts -------------------------------------------------------------


@functools.cache
def _msgids() -> dict[str, str]:
    """Click's English text (``en`` of every ``click.*`` entry) -> its key."""
    return {entry["en"]: key for key, entry in catalog().items() if key.startswith("click.")}


def gettext(message: str) -> str:
    key = _msgids().get(message)
    if key is None or _current == "en":
        return message
    return catalog()[key].get(_current) or message


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


_patched = False


def _patch_click() -> None:
    """Make Click and Typer look their texts up here (they bound gettext when imported)."""
    global _patched
    if _patched:
        return
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types
    import typer.core

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
        typer.core,
    ):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    _patched = True


# --- help texts --------------------------------------------------------------------------------


def help_text(command: str, param: str, lang: str, **params: str) -> str | None:
    """The help of ``param`` of ``command`` (its own, else the shared one), or None."""
    entries = catalog()
    for key in (f"cli.{command}.{param}", f"cli.option.{param}"):
        if key in entries:
            return t(key, lang, **params)
    return None


def localize(group: click.Group, lang: str) -> None:
    """Put the help texts of ``lang`` on the command tree (root group and its commands)."""
    from ..reports import FORMATS

    fill = {"formats": ", ".join(FORMATS)}
    group.help = t("cli.app.help", lang)
    group.options_metavar = t("cli.usage.options", lang)
    group.subcommand_metavar = t("cli.usage.command", lang)
    for param in group.params:
        _localize_param("app", param, lang, fill)
    for name, command in group.commands.items():
        command.help = t(f"cli.{name}.help", lang)
        command.short_help = t(f"cli.{name}.summary", lang)
        command.options_metavar = t("cli.usage.options", lang)
        # Typer lists the arguments (with their help) in its own "Arguments" section; Click 8.5
        # would add a second "Positional arguments" section with the same lines.
        setattr(command, "format_arguments", _no_section)  # noqa: B010
        for param in command.params:
            _localize_param(name, param, lang, fill)


def _no_section(ctx: click.Context, formatter: click.HelpFormatter) -> None:
    """Nothing: the arguments are already listed."""


def _localize_param(command: str, param: click.Parameter, lang: str, fill: dict[str, str]) -> None:
    name = param.name or ""
    text = help_text(command, name, lang, **fill)
    if text is not None:
        param.help = text  # arguments too: Typer shows their help
    metavar_key = f"cli.{command}.{name}.metavar"
    if metavar_key in catalog():
        param.metavar = t(metavar_key, lang)
    elif isinstance(param, click.Option) and not param.is_flag:
        type_key = f"cli.metavar.{param.type.name}"
        if type_key in catalog():
            param.metavar = t(type_key, lang)
