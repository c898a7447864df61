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


def test_the_example_in_docs_api_md_runs(tmp_path, monkeypatch, capsys) -> None:
    """docs/api.md promises its example runs as it stands: run every python block of it."""
    import re
    from pathlib import Path

    doc = Path(__file__).parents[1].joinpath("docs", "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), {"__name__": "docs_api"})  # noqa: S102
    out = capsys.readouterr().out
    assert "errors," in out and "passed," in out and "no_such_question" in out


def test_an_unknown_question_without_a_near_one_suggests_nothing(tmp_path) -> None:
    from sdgtoets.errors import InputError
    from sdgtoets.i18n import t

    path = tmp_path / "p.answers.yaml"
    path.write_text("project: {name: X}\nanswers: {zzzzzz: yes}\n", encoding="utf-8")
    try:
        api.check(path)
    except InputError as error:
        message = t(error.problems[0].key, "en", **error.problems[0].params)
    assert message == "Unknown question 'zzzzzz'. 'sdgtoets template' lists all questions."
