"""`sdgtoets template`: the answers skeleton (YAML) and the machine-readable question list (JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

CORE = Path(__file__).parent / "core_data"
Q = ["--questionnaire", str(CORE / "questionnaire.yaml")]


def test_json_lists_every_question_with_choices_depth_condition_and_bounds(
    runner: CliRunner, app: Any
) -> None:
    result = runner.invoke(app, ["template", "--format", "json", *Q])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    questions = {q["id"]: q for q in data["questions"]}
    assert list(questions) == [
        "kind",
        "climate",
        "green",
        "paving",
        "compensated",
        "groups",
        "visitors",
        "remark",
        "justice",
    ]
    assert questions["kind"]["type"] == "single_choice" and questions["kind"]["choices"] == ["build", "event"]
    assert questions["groups"]["choices"] == ["poor", "youth", "abroad"]
    assert questions["green"]["choices"] == []
    assert (questions["visitors"]["min"], questions["visitors"]["max"]) == (0, 100000)
    assert questions["compensated"]["depth"] == "full"
    assert questions["paving"]["condition"] == {"question": "kind", "op": "eq", "value": "build"}
    assert data["questionnaire"] == {"id": "test_q", "version": "2.1.0"}


def test_json_quick_depth_leaves_out_full_questions(runner: CliRunner, app: Any) -> None:
    data = json.loads(runner.invoke(app, ["template", "--format", "json", "--depth", "quick", *Q]).stdout)
    assert "compensated" not in {q["id"] for q in data["questions"]}


def test_yaml_skeleton_is_a_valid_answers_file(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "antwoorden.yaml"
    result = runner.invoke(app, ["template", *Q, "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Kies uit: build (Bouw), event (Evenement)" in text
    data = yaml.safe_load(text)
    assert set(data["answers"]) == {
        "kind",
        "climate",
        "green",
        "paving",
        "compensated",
        "groups",
        "visitors",
        "remark",
        "justice",
    }
    # The empty skeleton scores (everything open = knowledge gaps), it does not crash.
    checked = runner.invoke(
        app, ["check", *Q, "--rubric", str(CORE / "rubric.yaml"), "--answers", str(out), "--format", "json"]
    )
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["verdict"]["level"] == "insufficient"


def test_english_skeleton(runner: CliRunner, app: Any) -> None:
    result = runner.invoke(app, ["template", *Q, "--lang", "en"])
    assert "Choose from: build (Construction), event (Event)" in result.stdout


def test_template_refuses_to_overwrite(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["template", *Q, "--output", str(out)])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "keep me"
