"""`sdgtoets check --what-if` (JSON) and the what-if section of the verdict document, through the CLI
and the API, on real files: bundled examples and the golden fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from sdgtoets.loading.schemas import schema
from verdict_docs import GOLDEN_DATA, ROOT, docx_paragraphs, render, verdict

EXAMPLES = ROOT / "examples"
FIXTURE_DEFS = [
    "--questionnaire",
    str(GOLDEN_DATA / "questionnaire.yaml"),
    "--rubric",
    str(GOLDEN_DATA / "rubric.yaml"),
]


def what_if(runner: CliRunner, app: Any, *args: str) -> Any:
    result = runner.invoke(app, ["check", "--no-profile", "--what-if", *args])
    return result


def section(md: str, title: str = "### Wat het oordeel verhoogt") -> str:
    assert title in md, md
    return md.split(title, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]


def test_what_if_json_matches_its_schema_and_is_deterministic(runner: CliRunner, app: Any) -> None:
    path = str(EXAMPLES / "jeugduitwisseling.answers.yaml")
    first = what_if(runner, app, "--answers", path)
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout)
    jsonschema.validate(data, schema("whatif"))
    assert data["level"]["id"] == "sdg_proof_met_aandachtspunten"
    [target] = data["targets"]
    assert (target["level"], target["changes_needed"], target["smallest"]) == ("sdg_proof", 2, True)
    changed = {c["question"]: c["to_display"] for c in target["proposals"][0]["changes"]}
    assert changed["flights"] == "nee"
    assert "location" in data["search"]["fixed_questions"]
    assert what_if(runner, app, "--answers", path).stdout == first.stdout


def test_the_proposed_answers_really_give_the_promised_level(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    """As a user would check it: write the proposed answers into the answers file, check again."""
    source = EXAMPLES / "calibration" / "crematoriumoven-gas.answers.yaml"
    data = json.loads(what_if(runner, app, "--answers", str(source)).stdout)
    given = yaml.safe_load(source.read_text(encoding="utf-8"))
    for target in data["targets"]:
        for proposal in target["proposals"]:
            changed = dict(given)
            changed["answers"] = dict(given["answers"]) | {
                c["question"]: c["to"] for c in proposal["changes"]
            }
            path = tmp_path / "changed.answers.yaml"
            path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
            result = runner.invoke(app, ["check", "--no-profile", "--answers", str(path), "--format", "json"])
            assert result.exit_code == 0, result.stderr
            assert json.loads(result.stdout)["verdict"]["level"] == proposal["level"]
            assert proposal["rank"] >= target["rank"]


def test_at_the_top_level_there_is_nothing_to_search(runner: CliRunner, app: Any) -> None:
    result = what_if(
        runner, app, "--answers", str(EXAMPLES / "duurzame-werkkledij.answers.yaml"), "--lang", "en"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["level"]["id"] == "sdg_proof" and data["targets"] == []
    assert data["language"] == "en" and data["search"]["scorings"] == 1
    md = render(verdict(EXAMPLES / "duurzame-werkkledij.answers.yaml"), "markdown")
    assert "Wat het oordeel verhoogt" not in md


def test_what_if_after_an_interview(runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("SDGTOETS_HOME", str(tmp_path / "home"))
    # name, quick scan, kind=build, climate=worse, green=no, paving=yes, groups=poor, 400 visitors, justice=no
    lines = ["Sporthal", "1", "1", "2", "n", "j", "1", "400", "n"]
    result = runner.invoke(app, ["check", *FIXTURE_DEFS, "--what-if"], input="".join(x + "\n" for x in lines))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # stdout holds the JSON only; the interview is on stderr
    assert data["project"]["name"] == "Sporthal" and data["level"]["id"] == "adjust"
    assert [(t["level"], t["changes_needed"]) for t in data["targets"]] == [
        ("weak", 2),
        ("attention", 2),
        ("proof", 2),
    ]
    assert "kind" in data["search"]["fixed_questions"]
    assert "Vraag 1 van" in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "markdown"], "--what-if geeft JSON, niet 'markdown'"),
        (["--format", "html", "--lang", "en"], "--what-if gives JSON, not 'html'"),
    ],
)
def test_what_if_is_json_only(runner: CliRunner, app: Any, args: list[str], fragment: str) -> None:
    result = what_if(runner, app, "--answers", str(EXAMPLES / "jeugduitwisseling.answers.yaml"), *args)
    assert result.exit_code == 2 and fragment in result.stderr and "Traceback" not in result.output


def test_bad_answers_with_what_if_exit_2_naming_the_file(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    path = tmp_path / "kapot.answers.yaml"
    path.write_text("project: {name: X}\nanswers:\n  no_such_question: ja\n", encoding="utf-8")
    result = what_if(runner, app, "--answers", str(path))
    assert (
        result.exit_code == 2
        and "kapot.answers.yaml" in result.stderr
        and "no_such_question" in result.stderr
    )
    assert result.stdout == ""


def test_the_section_says_it_in_words_with_labels_and_suggestions() -> None:
    md = render(verdict(GOLDEN_DATA / "sporthal.answers.yaml", fixtures=True), "markdown")
    part = section(md)
    assert "Als je 2 antwoorden verandert, wordt het oordeel: SDG-proof." in part
    assert "- Klimaat: **Beter** (nu: Slechter; zie suggesties 1 en 3)." in part
    assert "- Verharding: **nee** (nu: ja; zie suggestie 2)." in part
    assert "Soort project?" not in part  # a fact, not changeable
    assert "climate" not in part and "paving" not in part  # labels, never ids
    # The suggestions referred to are those numbered on page one.
    top = md.split("### Wat je kunt doen", 1)[1].split("\n##", 1)[0]
    assert "2. Onthard elders." in top
    # It belongs to the detail, after the suggestions, not to page one.
    assert md.index("## Toelichting") < md.index("### Wat het oordeel verhoogt") < md.index("## Uitleg")


def test_the_section_in_english_and_one_answer_in_the_singular() -> None:
    en = section(
        render(verdict(GOLDEN_DATA / "sporthal.answers.yaml", "en", fixtures=True), "markdown"),
        "### What would lift the verdict",
    )
    assert "If you change 2 answers, the verdict becomes: SDG-proof." in en
    assert "(now: Worse; see suggestions 1 and 3)" in en
    one = section(render(verdict(GOLDEN_DATA / "stedenband.answers.yaml", fixtures=True), "markdown"))
    assert "Als je 1 antwoord verandert, wordt het oordeel: SDG-proof." in one
    assert "antwoord(en)" not in one


def test_a_set_that_adds_to_the_one_before_names_only_what_it_adds() -> None:
    md = render(verdict(EXAMPLES / "calibration" / "crematoriumoven-gas.answers.yaml"), "markdown")
    part = section(md)
    assert "Als je 1 antwoord verandert, wordt het oordeel: SDG-proof met aandachtspunten." in part
    assert "Als je daarbovenop nog 3 antwoorden verandert, wordt het oordeel: SDG-proof." in part
    assert part.count("Fossiele toestellen:") == 1  # by its short name
    assert "**ook aanduiden: " in part  # a multiple choice: the option to tick, by its label


def test_nothing_found_is_said_briefly_and_large_sets_in_one_sentence(monkeypatch) -> None:
    nothing = (
        "De toets vond geen wijzigingen die het project zelf in de hand heeft en die het oordeel verhogen."
    )
    none = section(render(verdict(EXAMPLES / "ontharding-dorpsplein.answers.yaml"), "markdown"))
    assert none.strip() == nothing
    # facts are never proposed: the 'weet niet' example cannot be lifted by ticking a purchase
    # it does not make (risk_products is not changeable) or by 'niet van toepassing'
    unknown = section(render(verdict(EXAMPLES / "nieuw-buurthuis-weet-niet.answers.yaml"), "markdown"))
    assert unknown.strip() == nothing
    from sdgtoets.reports import verdict_view

    monkeypatch.setattr(verdict_view, "MAX_WHAT_IF_CHANGES", 3)
    many = section(render(verdict(EXAMPLES / "sporthal-met-parking.answers.yaml"), "markdown"))
    assert "de kleinste set die de toets vond, telt 7 antwoorden" in many
    assert "\n- " not in many


def test_the_section_is_in_html_and_word_too() -> None:
    v = verdict(GOLDEN_DATA / "sporthal.answers.yaml", fixtures=True)
    html = render(v, "html")
    assert '<section id="what-if"><h3>Wat het oordeel verhoogt</h3>' in html
    assert "<li>Klimaat: <strong>Beter</strong> (nu: Slechter; zie suggesties 1 en 3).</li>" in html
    paragraphs = docx_paragraphs(render(v, "docx"))
    texts = [text for _, text in paragraphs]
    assert "Wat het oordeel verhoogt" in texts
    assert any(text.startswith("Klimaat: Beter (nu: Slechter") for text in texts)


def test_the_json_verdict_keeps_its_schema(runner: CliRunner, app: Any) -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--no-profile",
            "--answers",
            str(EXAMPLES / "sporthal-met-parking.answers.yaml"),
            "--format",
            "json",
        ],
    )
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema("verdict"))
    assert "what_if" not in data


def test_the_api_gives_the_same_what_if(tmp_path: Path) -> None:
    from sdgtoets import api

    result = api.what_if(EXAMPLES / "jeugduitwisseling.answers.yaml", lang="en")
    assert isinstance(result, api.WhatIfResult)
    assert result.verdict.what_if is result.what_if
    data = result.to_dict()
    jsonschema.validate(data, schema("whatif"))
    assert data["targets"][0]["label"] == "SDG-proof" and data["language"] == "en"
    verdict_only = api.check(EXAMPLES / "jeugduitwisseling.answers.yaml", what_if=False)
    assert verdict_only.what_if is None
