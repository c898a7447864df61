"""Every command and every option or argument has help text (as sqlite-utils checks its docs).

The check reads the declarations (``typer.Option(help=...)``/``typer.Argument(help=...)``), so a
new command or option without help fails here without new test code.
"""

from __future__ import annotations

import inspect

import click
import pytest
import typer
from typer.models import ParameterInfo


def _declared(app: typer.Typer) -> list[tuple[str, str, str | None]]:
    """(command, parameter, help) for every parameter of every registered command."""
    out = []
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__
        for pname, param in inspect.signature(info.callback).parameters.items():
            if isinstance(param.default, ParameterInfo):
                out.append((name, pname, param.default.help))
            else:
                out.append((name, pname, None))
    return out


def test_all_maintenance_commands_are_registered(app) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    assert {"validate", "schema", "test", "diff"} <= set(group.commands)


def test_every_command_has_help(app) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    missing = [name for name, command in group.commands.items() if not (command.help or "").strip()]
    assert not missing, f"commands without --help text: {', '.join(missing)}"


def test_every_option_and_argument_has_help(app) -> None:
    missing = [f"{command} {param}" for command, param, text in _declared(app) if not (text or "").strip()]
    assert not missing, f"no --help text for: {', '.join(missing)}"


@pytest.mark.parametrize("command", ["validate", "schema", "test", "diff"])
def test_help_runs(runner, app, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--lang" in result.stdout
