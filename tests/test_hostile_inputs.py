"""Hostile and unlucky input files through the CLI: each is bad input (exit 2) with a message that
names the file and, where there is one, the line; never a traceback or an internal error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

HOSTILE = Path(__file__).parent / "hostile_data"
BATCH = Path(__file__).parent / "batch_data"
DEFS = ["--questionnaire", str(BATCH / "questionnaire.yaml"), "--rubric", str(BATCH / "rubric.yaml")]
INTERNAL = ("Er ging iets mis in sdgtoets zelf", "Traceback", "internal error")


def assert_bad_input(result: Any, where: str, words: str) -> None:
    output = result.output
    assert result.exit_code == 2, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not any(w in output for w in INTERNAL), output
    assert where in output, output
    assert words in output, output


# (file, location the message must name, words it must contain)
ANSWERS_CASES = [
    ("nan_budget.answers.yaml", "nan_budget.answers.yaml:3:11 (project.budget)", "geen gewoon getal"),
    ("inf_answer.answers.yaml", "inf_answer.answers.yaml:4:11 (answers.energy)", "geen gewoon getal"),
    ("overflow_budget.answers.json", "overflow_budget.answers.json:1:", "geen gewoon getal"),
    ("nan_literal.answers.json", "nan_literal.answers.json:1:", "'NaN' is geen gewoon getal"),
    ("infinity_literal.answers.json", "infinity_literal.answers.json:1:", "'-Infinity' is geen gewoon"),
    ("huge_budget.answers.yaml", "huge_budget.answers.yaml:3:11 (project.budget)", "te groot"),
    ("long_int.answers.json", "long_int.answers.json", "geen geldige JSON"),
    ("deep_lists.answers.yaml", "deep_lists.answers.yaml:3:", "te diep genest"),
    ("deep_lists.answers.json", "deep_lists.answers.json", "te diep genest"),
    ("deep_block.answers.yaml", "deep_block.answers.yaml:", "te diep genest"),
    ("duplicate_answer.answers.yaml", "duplicate_answer.answers.yaml:6:3", "'energy' staat hier een tweede"),
    ("duplicate_project.answers.yaml", "duplicate_project.answers.yaml:3:3", "eerste keer op regel 2"),
    ("duplicate_answer.answers.json", "duplicate_answer.answers.json:3:3", "eerste keer op regel 2"),
    ("nul_name.answers.json", "nul_name.answers.json:1:", "stuurteken"),
    ("escape_remark.answers.json", "(answers.remark)", "stuurteken"),
    ("surrogate_name.answers.json", "(project.name)", "stuurteken"),
]


@pytest.mark.parametrize(("name", "where", "words"), ANSWERS_CASES, ids=[c[0] for c in ANSWERS_CASES])
@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_bad_answers_files_are_named_bad_input(
    runner: CliRunner, app: Any, name: str, where: str, words: str, fmt: str
) -> None:
    result = runner.invoke(app, ["check", *DEFS, "--answers", str(HOSTILE / name), "--format", fmt])
    assert_bad_input(result, where, words)


RUBRIC_CASES = [
    ("inf_weight.rubric.yaml", "inf_weight.rubric.yaml:7:19 (weights.direct)", "geen gewoon getal"),
    ("nan_strength.rubric.yaml", "(rules[0].effect.strength)", "geen gewoon getal"),
    ("deep_condition.rubric.yaml", "deep_condition.rubric.yaml:39:", "te diep genest"),
]


@pytest.mark.parametrize(("name", "where", "words"), RUBRIC_CASES, ids=[c[0] for c in RUBRIC_CASES])
def test_bad_numbers_and_depth_in_a_rubric_are_bad_input(
    runner: CliRunner, app: Any, name: str, where: str, words: str
) -> None:
    rubric = str(HOSTILE / name)
    questionnaire = str(BATCH / "questionnaire.yaml")
    args = ["--questionnaire", questionnaire, "--rubric", rubric]
    result = runner.invoke(app, ["check", *args, "--answers", str(HOSTILE / "good.answers.yaml")])
    assert_bad_input(result, where, words)
    validated = runner.invoke(app, ["validate", questionnaire, rubric])
    assert_bad_input(validated, name, words)


def test_a_good_answers_file_still_passes(runner: CliRunner, app: Any) -> None:
    result = runner.invoke(app, ["check", *DEFS, "--answers", str(HOSTILE / "good.answers.yaml")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("option", ["--answers", "--resume", "--questionnaire"])
def test_devices_are_refused_without_reading_them(runner: CliRunner, app: Any, option: str) -> None:
    """/dev/zero has no end: refused as 'not a regular file' before a byte is read."""
    result = runner.invoke(app, ["check", option, "/dev/zero"])
    assert_bad_input(result, "/dev/zero", "geen gewoon bestand")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("command", ["check", "batch"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(
    runner: CliRunner, app: Any, tmp_path: Path, command: str
) -> None:
    fifo = tmp_path / "projecten.csv"
    os.mkfifo(fifo)
    if command == "check":
        args = ["check", *DEFS, "--answers", str(fifo)]
    else:
        args = ["batch", *DEFS, str(fifo), "-o", str(tmp_path / "out")]
    result = runner.invoke(app, args)
    assert_bad_input(result, str(fifo), "geen gewoon bestand")
    assert not (tmp_path / "out").exists()
