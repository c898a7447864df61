"""Session files edited by hand (``check --resume``, ``merge``, ``compare``) are held to the limits
of answers files, and text no output can hold (U+FFFE, U+FFFF) or a title Word cannot hold is
handled: exit 0 or a located message with exit 2, never an internal error."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sdgtoets.instrument import load_instrument

INTERNAL = ("Er ging iets mis in sdgtoets zelf", "Traceback")
EXAMPLE = Path(__file__).parent.parent / "examples" / "zomerfestival.answers.yaml"
Q = load_instrument().questionnaire


def session_text(**changes: Any) -> str:
    data: dict[str, Any] = {
        "format": "sdgtoets-session",
        "format_version": 1,
        "questionnaire": {"id": Q.id, "version": Q.version, "content_hash": Q.content_hash},
        "project": {"name": "Sessie"},
        "depth": "quick",
        "lang": "nl",
        "status": "in_progress",
        "answers": {"project_kind": "event"},
        "history": ["project_kind"],
    }
    data.update(changes)
    return json.dumps(data)


CASES = [
    ("control", session_text(project={"name": "a\u0001b"}), "(project.name)", "stuurteken"),
    (
        "surrogate",
        session_text(project={"name": "a\\ud800"}).replace("\\\\ud800", "\\ud800"),
        "(project.name)",
        "stuurteken",
    ),
    ("too_long", session_text(project={"name": "x" * 100_000}), "(project.name)", "te lang"),
    ("budget_text", session_text(project={"name": "x", "budget": "veel"}), "(project.budget)", "getal"),
    ("nan", session_text().replace('"Sessie"}', '"Sessie", "budget": NaN}'), "", "NaN"),
    (
        "deep",
        session_text(history=[]).replace('"history": []', '"history": ' + "[" * 5000 + "]" * 5000),
        "",
        "",
    ),
]


def check_bad(result: Any, where: str, words: str, name: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not any(w in result.output for w in INTERNAL), result.output
    assert name in result.output and where in result.output and words in result.output, result.output


@pytest.mark.parametrize(("name", "text", "where", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_session_edited_by_hand_is_checked_like_an_answers_file(
    runner: CliRunner, app: Any, tmp_path: Path, name: str, text: str, where: str, words: str
) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(text, encoding="utf-8")
    resumed = runner.invoke(app, ["check", "--resume", str(path)], input="s\n")
    check_bad(resumed, where, words, path.name)
    compared = runner.invoke(app, ["compare", str(path), str(EXAMPLE)])
    check_bad(compared, "", "", path.name)


def test_a_name_of_300_characters_makes_a_word_file(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    answers = tmp_path / "lang.json"
    answers.write_text(json.dumps({"project": {"name": "x" * 300}, "answers": {}}), encoding="utf-8")
    out = tmp_path / "oordeel.docx"
    result = runner.invoke(app, ["check", "--answers", str(answers), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import docx

    assert docx.Document(str(out)).core_properties.title.startswith("SDG-toets: xxx")


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_noncharacters_are_refused_like_control_characters(
    runner: CliRunner, app: Any, tmp_path: Path, char: str
) -> None:
    answers = tmp_path / "raar.json"
    answers.write_text(json.dumps({"project": {"name": f"a{char}b"}, "answers": {}}), encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--answers", str(answers), "--format", "docx", "-o", str(tmp_path / "o.docx")]
    )
    check_bad(result, "(project.name)", "stuurteken", answers.name)
    source = tmp_path / "lijst.csv"
    source.write_text(f"naam;project_kind\r\nGoed;event\r\nRaar{char};event\r\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--format", "docx"])
    assert result.exit_code == 2 and "rij 3, kolom A" in result.output, result.output
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r[2] for r in list(csv.reader(handle, delimiter=";"))[1:]] == ["Goed"]
