"""Help in the user's language: every word of ``--help`` and of Click's own messages comes from
``locales/cli.yaml`` in Dutch or English, chosen by ``--lang`` (before or after the command) or
``SDGTOETS_LANG``. A command or option without a text in both languages fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
import typer

from sdgtoets.cli.app import COMMANDS
from sdgtoets.cli.language import help_text
from sdgtoets.i18n import catalog

COMMAND_NAMES = list(COMMANDS)
# Words that only one of the two languages uses (option names, file names and codes such as
# quick/full/markdown are left out before the check).
DUTCH = {
    *("de", "het", "een", "van", "naar", "bestand", "bestanden", "toon", "gebruik", "opties", "opdracht"),
    *("opdrachten", "standaard", "verplicht", "schrijf", "taal", "vragenlijst", "rubriek", "oordeel"),
    *("map", "mag", "herhaald", "hulp", "stop", "deze", "geen", "niet", "voor", "met", "antwoorden"),
    *("toets", "lijst", "andere", "welke"),
}
ENGLISH = {
    *("the", "and", "show", "message", "exit", "usage", "options", "arguments", "commands", "default"),
    *("required", "file", "files", "folder", "write", "language", "this", "with", "another", "instead"),
    *("answers", "verdict", "questions", "help", "or", "which"),
}


def words(text: str) -> set[str]:
    """The plain words of a help text: no option names, paths, file patterns, identifiers or
    'quoted' codes the user types (``sdgtoets schema 'answers'``)."""
    text = re.sub(r"'[^']*'", " ", text)
    tokens = [tok for tok in text.split() if not re.search(r"[-*/_.=]", tok.strip("()[]:;,."))]
    return {w.lower() for tok in tokens for w in re.findall(r"[A-Za-zÀ-ÿ]+", tok)}


def help_of(runner, app, args: list[str], env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_command_and_parameter_has_a_text_in_both_languages(app) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    missing = []
    for lang in ("nl", "en"):
        for param in group.params:
            if not catalog().get(f"cli.app.{param.name}", {}).get(lang):
                missing.append(f"sdgtoets {param.name} ({lang})")
        for name, command in group.commands.items():
            for part in ("help", "summary"):
                if not catalog().get(f"cli.{name}.{part}", {}).get(lang):
                    missing.append(f"{name} {part} ({lang})")
            for param in command.params:
                if not help_text(name, param.name or "", lang):
                    missing.append(f"{name} {param.name} ({lang})")
    assert not missing, f"no text in locales/cli.yaml for: {', '.join(missing)}"


def test_no_help_text_is_written_in_python() -> None:
    """Help comes from the locales: no ``help=`` in the command declarations."""
    for path in Path(__file__).parents[1].joinpath("src", "sdgtoets", "cli").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("Option", "Argument")
            ):
                assert not any(kw.arg == "help" for kw in node.keywords), f"{path.name}:{node.lineno}"


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "en", "--help"], None),
        (["check", "--help"], {"SDGTOETS_LANG": "en"}),
        *[([name, "--lang", "en", "--help"], None) for name in COMMAND_NAMES],
        *[(["--lang", "en", name, "--help"], None) for name in COMMAND_NAMES],
    ],
)
def test_english_help_has_no_dutch(runner, app, args: list[str], env: dict[str, str] | None) -> None:
    text = help_of(runner, app, args, env)
    assert text.startswith("Usage: sdgtoets")
    assert not words(text) & DUTCH, sorted(words(text) & DUTCH)


@pytest.mark.parametrize(
    "args", [["--help"], ["check", "--help"], *[[name, "--help"] for name in COMMAND_NAMES]]
)
def test_dutch_help_has_no_english(runner, app, args: list[str]) -> None:
    text = help_of(runner, app, args, {"SDGTOETS_LANG": ""})
    assert text.startswith("Gebruik: sdgtoets")
    assert not words(text) & ENGLISH, sorted(words(text) & ENGLISH)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_command_summaries_are_whole(runner, app, lang: str) -> None:
    text = " ".join(help_of(runner, app, ["--lang", lang, "--help"]).split())
    for name in COMMAND_NAMES:
        summary = catalog()[f"cli.{name}.summary"][lang]
        assert summary in text, name
    assert "..." not in text.replace("[ARGS]...", "").replace("[ARGUMENTEN]...", "")


@pytest.mark.parametrize(
    ("lang", "expected", "other"),
    [
        ("nl", ["Onbekende opdracht 'chek'", "Bedoelde je"], "Did you mean"),
        ("en", ["No such command 'chek'", "Did you mean"], "Bedoelde je"),
    ],
)
def test_a_mistyped_command_gets_one_suggestion(runner, app, lang, expected, other) -> None:
    result = runner.invoke(app, ["chek"], env={"SDGTOETS_LANG": lang})
    assert result.exit_code == 2
    for fragment in expected:
        assert fragment in result.stderr
    assert result.stderr.count(expected[1]) == 1 and other not in result.stderr


def test_click_errors_in_dutch_and_english(runner, app) -> None:
    nl = runner.invoke(app, ["check", "--bogus"], env={"SDGTOETS_LANG": ""})
    assert nl.exit_code == 2
    assert "Fout: Onbekende optie '--bogus'." in nl.stderr
    assert "Probeer 'sdgtoets check --help' voor hulp." in nl.stderr and "Usage" not in nl.stderr
    en = runner.invoke(app, ["check", "--bogus", "--lang", "en"])
    assert "Error: No such option '--bogus'." in en.stderr and "Try 'sdgtoets check --help'" in en.stderr
    missing = runner.invoke(app, ["check", "--depth"], env={"SDGTOETS_LANG": ""})
    assert "Optie '--depth' heeft een waarde nodig." in missing.stderr


def test_a_language_we_do_not_have_is_refused(runner, app) -> None:
    result = runner.invoke(app, ["--lang", "fr", "validate"])
    assert result.exit_code == 2
    assert "Onbekende taal 'fr'" in result.stderr


def test_every_click_text_we_translate_is_one_click_uses() -> None:
    """A Click or Typer upgrade that rewords a text would silently bring back English."""
    import typer.core

    used: set[str] = set()
    for module in (
        *(getattr(click, m) for m in ("core", "decorators", "exceptions", "formatting", "parser", "types")),
        typer.core,
    ):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
            ):
                used |= {
                    a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    ours = {entry["en"] for key, entry in catalog().items() if key.startswith("click.")}
    assert ours <= used, sorted(ours - used)
