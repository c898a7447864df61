"""`sdgtoets check --answers`: both formats, the output file, and every error path (exit 2, no traceback)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from sdgtoets.loading.schemas import schema

DATA = Path(__file__).parent / "check_data"
CORE = Path(__file__).parent / "core_data"
DEFS = ["--questionnaire", str(CORE / "questionnaire.yaml"), "--rubric", str(CORE / "rubric.yaml")]


def check(runner: CliRunner, app: Any, *args: str) -> Any:
    return runner.invoke(app, ["check", *DEFS, *args])


def test_json_verdict_matches_the_schema_and_the_interface(runner: CliRunner, app: Any) -> None:
    result = check(runner, app, "--answers", str(DATA / "trade_off.answers.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema("verdict"))
    assert data["verdict"]["level"] == "adjust"
    assert [s["number"] for s in data["sdgs"]] == list(range(1, 18))
    assert all(isinstance(s["positive"], int | float) and s["negative"] >= 0 for s in data["sdgs"])
    assert data["sdgs"][14]["negative"] == 6 and data["sdgs"][12]["positive"] == 4
    assert [f["field"] for f in data["lmb"]] == [
        "mondiaal_burgerschap",
        "mondiale_beleidskeuzes",
        "mondiale_samenwerking",
    ]
    assert data["versions"]["questionnaire"]["version"] == "2.1.0"
    assert data["versions"]["rubric"]["id"] == "test_r"
    assert len(data["versions"]["rubric"]["sha256"]) == 64
    assert isinstance(data["knowledge_gaps"], list) and isinstance(data["suggestions"], list)


def test_json_is_byte_for_byte_deterministic_and_labels_equal_values(runner: CliRunner, app: Any) -> None:
    first = check(runner, app, "--answers", str(DATA / "trade_off.answers.yaml"), "--format", "json")
    second = check(runner, app, "--answers", str(DATA / "trade_off.answers.yaml"), "--format", "json")
    assert first.stdout == second.stdout
    # The JSON answers file uses labels, other casing, "yes"/"nee" and a string number: same verdict.
    from_json = check(runner, app, "--answers", str(DATA / "trade_off.answers.json"), "--format", "json")
    a, b = json.loads(first.stdout), json.loads(from_json.stdout)
    assert a["sdgs"] == b["sdgs"] and a["verdict"] == b["verdict"]


def test_markdown_verdict_has_every_part(runner: CliRunner, app: Any) -> None:
    result = check(runner, app, "--answers", str(DATA / "trade_off.answers.yaml"))
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# SDG-toets: Nieuwe sporthal\n")
    assert "**Oordeel: Bijsturing nodig**" in md
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# SDG-toets: Nieuwe sporthal",
        "## Samenvatting",
        "### Sterktes",
        "### Zwaktes en afwegingen",
        "### Wat je kunt doen",
        "### Niet bekeken in deze snelle scan",
        "## Toelichting",
        "### Per SDG",
        "### Afwegingen",
        "### Kennishiaten",
        "### Lokaal mondiaal beleid",
        "## Uitleg",
        "## Bijlage: antwoorden",
    ]
    assert "**SDG 15 Leven op het land** · −6" in md
    # On page one, numbered; the detail points back with the figures and the question.
    assert "1. Verharding. (SDG 15)" in md and "1. Beter voor het klimaat. (SDG 7 en 13)" in md
    assert "- − Zie zwakte 1. (direct; −6; Meer verharding?)" in md
    assert "- + Zie sterkte 1. (ook SDG 13; direct; +4; Effect op het klimaat?)" in md
    assert "1. Onthard elders. (SDG 15)" in md
    assert "\nHet project helpt vooral SDG 1, 7 en 13, maar schaadt vooral SDG 15.\n" in md
    assert "- Vragenlijst: test\\_q 2.1.0 (inhoud " in md
    assert "| Aantal bezoekers? | 100 |" in md and "- Ja: Meer verharding?\n" in md


def test_english_markdown(runner: CliRunner, app: Any) -> None:
    result = check(runner, app, "--answers", str(DATA / "trade_off.answers.yaml"), "--lang", "en")
    assert result.exit_code == 0
    assert "**Verdict: Adjustment needed**" in result.stdout
    assert "**SDG 13 Climate action** · +4\n" in result.stdout
    assert "- See also SDG 7." in result.stdout


def test_hidden_answers_are_listed_as_ignored(runner: CliRunner, app: Any) -> None:
    result = check(runner, app, "--answers", str(DATA / "hidden.answers.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [a["question"] for a in data["ignored_answers"]] == ["paving"]
    md = check(runner, app, "--answers", str(DATA / "hidden.answers.yaml")).stdout
    assert "Genegeerd (de vraag is niet van toepassing): Meer verharding? ja" in md


def test_user_text_cannot_inject_markdown(runner: CliRunner, app: Any) -> None:
    result = check(runner, app, "--answers", str(DATA / "injection.answers.yaml"), "--depth", "full")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert not re.search(r"(?<!\\)<script", md)
    assert not re.search(r"(?<!\\)\]\(", md)
    assert not re.search(r"(?<!\\)\| tabel", md)
    assert "\\[klik\\]" in md and "\\<script\\>" in md
    assert md.startswith("# SDG-toets: # Kop \\[klik\\]")  # a # inside a heading is plain text


def test_output_file_is_written_and_never_overwritten_without_force(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    out = tmp_path / "oordeel.md"
    args = ["--answers", str(DATA / "trade_off.answers.yaml"), "--output", str(out)]
    assert check(runner, app, *args).exit_code == 0
    first = out.read_text(encoding="utf-8")
    assert first.startswith("# SDG-toets: Nieuwe sporthal")
    out.write_text("mijn eigen notities", encoding="utf-8")
    refused = check(runner, app, *args)
    assert refused.exit_code == 2
    assert "bestaat al" in refused.stderr and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "mijn eigen notities"
    assert check(runner, app, *args, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["oordeel.md"]  # no temporary files left behind


@pytest.mark.parametrize(
    ("file", "fragments"),
    [
        (
            "unknown_question.answers.yaml",
            ["unknown_question.answers.yaml:5:3", "Onbekende vraag 'climat'", "'climate'"],
        ),
        (
            "bad_choice.answers.yaml",
            ["bad_choice.answers.yaml:5:12", "'much_better'", "Kies uit: Beter, Slechter (of weet niet)"],
        ),
        (
            "bad_boolean.answers.yaml",
            ["bad_boolean.answers.yaml:3:10", "'misschien' is geen ja/nee-antwoord"],
        ),
        (
            "bad_number.answers.yaml",
            ["bad_number.answers.yaml:3:13", "buiten het toegelaten bereik (0 tot 100000)"],
        ),
        ("broken.answers.yaml", ["broken.answers.yaml:5:", "geen geldige YAML"]),
        ("no_project.answers.yaml", ["no_project.answers.yaml:1:1", "project"]),
        ("latin1.answers.yaml", ["latin1.answers.yaml:2", "UTF-8"]),
        ("does_not_exist.yaml", ["Bestand niet gevonden"]),
    ],
)
def test_bad_answers_files_exit_2_with_file_line_and_fix(
    runner: CliRunner, app: Any, file: str, fragments: list[str]
) -> None:
    result = check(runner, app, "--answers", str(DATA / file))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_rubric_that_does_not_fit_is_refused(runner: CliRunner, app: Any) -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--questionnaire",
            str(CORE / "questionnaire.yaml"),
            "--rubric",
            str(DATA / "other_rubric.yaml"),
            "--answers",
            str(DATA / "trade_off.answers.yaml"),
        ],
    )
    assert result.exit_code == 2
    # the same finding, code and place as `sdgtoets validate` gives
    assert "[L201]" in result.stderr and "other_rubric.yaml:5:16 (questionnaire)" in result.stderr
    assert "geschreven voor test_q 3.*, maar de vragenlijst is test_q 2.1.0" in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "pdf"], "Onbekend formaat 'pdf'"),
        (["--depth", "deep"], "Onbekende diepte 'deep'"),
        (["--lang", "fr"], "Onbekende taal 'fr'"),
        (["--resume", "x.json"], "niet allebei"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, app: Any, args: list[str], fragment: str) -> None:
    result = check(runner, app, "--answers", str(DATA / "trade_off.answers.yaml"), *args)
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_version(runner: CliRunner, app: Any) -> None:
    from sdgtoets import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sdgtoets {__version__}"


def test_output_file_gets_ordinary_permissions(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "oordeel.md"
    old = os.umask(0o022)
    try:
        assert (
            check(runner, app, "--answers", str(DATA / "trade_off.answers.yaml"), "-o", str(out)).exit_code
            == 0
        )
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (
            "project: {name: x, budjet: 5}\nanswers: {}\n",
            ["1:10 (project)", "onbekende sleutel budjet", "budget"],
        ),
        (
            "project: {name: x}\nanswers: {}\ndepth: diep\n",
            ["3:8 (depth)", "'diep' is niet toegelaten", "quick, full"],
        ),
        ("project: {name: 12}\nanswers: {}\n", ["(project.name)", "verwacht: tekst"]),
        (
            "project: {name: x}\nanswers:\n  kind: 2019-01-01\n",
            ["3:9 (answers.kind)", "tussen aanhalingstekens"],
        ),
        ("answers: {}\n", ["verplicht onderdeel ontbreekt: project"]),
    ],
)
def test_schema_errors_in_answers_files_are_worded_for_people(
    runner: CliRunner, app: Any, tmp_path: Path, content: str, fragments: list[str]
) -> None:
    path = tmp_path / "antwoorden.yaml"
    path.write_text(content, encoding="utf-8")
    result = check(runner, app, "--answers", str(path))
    assert result.exit_code == 2
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "is not of type" not in result.stderr and "Traceback" not in result.stderr
