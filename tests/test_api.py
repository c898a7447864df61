"""The Python API: every public name resolves, and the command functions stay functions."""

from __future__ import annotations

import importlib
import inspect

import sdgtoets.api.check  # noqa: F401  (the module first: api.check must still be the function)
from sdgtoets import api


def test_every_public_name_resolves_to_what_it_says() -> None:
    for name in api.__all__:
        value = getattr(api, name)
        assert not inspect.ismodule(value), name
    assert inspect.isfunction(api.check) and api.check.__module__ == "sdgtoets.api.check"
    assert set(api.__all__) == set(api._WHERE)


def test_each_command_has_its_api_module() -> None:
    from sdgtoets.cli.app import COMMANDS

    for command, module in COMMANDS.items():
        assert importlib.import_module(f"sdgtoets.api.{module}"), command
