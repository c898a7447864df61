"""Every command that loads a definition that is not the bundled content refuses one that
``validate`` rejects, with the same codes and locations (issue 11, item 4).

The broken files are those of tests/lint_cases/ (each with its clean partners), so a new broken
case is checked here too without new code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from test_lint_cases import BASE, CASE_FILES, partners

HEAD = re.compile(
    r"^(?:Fout|Error|Waarschuwing|Warning) \[(?P<code>[A-Z]\d{3})\]: (?P<file>[^:]+)(?::(?P<line>\d+))?"
)


def definition_options(case: Path) -> list[str]:
    kind = case.name.split("_", 1)[0]
    q, r = str(BASE / "questionnaire.yaml"), str(BASE / "rubric.yaml")
    if kind == "questionnaire":
        return ["--questionnaire", str(case), "--rubric", r]
    if kind == "rubric":
        return ["--questionnaire", q, "--rubric", str(case)]
    return ["--questionnaire", q, "--rubric", r, "--overlay", str(case)]


def validate_errors(runner, app, case: Path) -> set[tuple[str, str, int | None]]:
    result = runner.invoke(app, ["validate", "--format", "json", *map(str, partners(case))])
    data = json.loads(result.stdout)
    return {
        (f["code"], Path(entry["file"]).name, f["line"])
        for entry in data["files"]
        for f in entry["findings"]
        if f["severity"] == "error"
    }


def reported(stderr: str) -> set[tuple[str, str, int | None]]:
    out = set()
    for line in stderr.splitlines():
        m = HEAD.match(line)
        if m:
            out.add((m["code"], Path(m["file"]).name, int(m["line"]) if m["line"] else None))
    return out


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("answers") / "p.answers.yaml"
    path.write_text("project: {name: Proef}\nanswers: {}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_check_refuses_what_validate_rejects(runner, app, case: Path, answers: Path) -> None:
    expected = validate_errors(runner, app, case)
    result = runner.invoke(app, ["check", *definition_options(case), "--answers", str(answers), "-f", "json"])
    if not expected:  # warnings only: the verdict is given
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["verdict"]["level"]
        return
    assert result.exit_code == 2, result.output
    assert reported(result.stderr) == expected
    assert "Traceback" not in result.output and not result.stdout


def commands(case: Path, answers: Path, out: Path) -> list[tuple[list[str], bool]]:
    """Each other command that loads definitions, and whether it loads the rubric (template does not)."""
    kind = case.name.split("_", 1)[0]
    options = definition_options(case)
    q, r = str(BASE / "questionnaire.yaml"), str(BASE / "rubric.yaml")
    listing = answers.parent / "list.yaml"
    listing.write_text("- project: {name: Proef}\n  answers: {}\n", encoding="utf-8")
    if kind == "rubric":
        diff = ["diff", r, str(case), "--questionnaire", q]
    elif kind == "questionnaire":
        diff = ["diff", r, r, "--questionnaire", str(case)]
    else:
        diff = ["diff", r, r, "--questionnaire", q, "--overlay", str(case)]
    out_list = [
        (["batch", str(listing), "-o", str(out / "verdicts"), *options], True),
        (["test", str(out), *options], True),
        ([*diff, "-a", str(answers)], True),
    ]
    if kind == "questionnaire":
        out_list.append((["template", "--questionnaire", str(case)], False))
    return out_list


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in CASE_FILES
        if any(code in c.name for code in ("E004", "L001", "L002", "L101", "L103", "L201"))
    ],
    ids=lambda p: p.stem,
)
def test_every_command_refuses_it(runner, app, case: Path, answers: Path, tmp_path: Path) -> None:
    expected = validate_errors(runner, app, case)
    assert expected
    for command, with_rubric in commands(case, answers, tmp_path):
        want = expected if with_rubric else {e for e in expected if e[1] == case.name}
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert reported(result.stderr) == want, command
        assert "Traceback" not in result.output
    assert not (tmp_path / "verdicts").exists()  # refused before anything was written
