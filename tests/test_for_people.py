"""Messages and templates for people (issue 11, class 12), and spreadsheet users who must not lose
information (class 11): labels instead of codes, conditions in words, Belgian amounts, "geen van
deze" in a cell, a summary that says what it leaves out; in the interview `t` and `?` everywhere,
no exit 0 without a verdict, text wrapped at the terminal's width."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

TESTS = Path(__file__).parent
HOSTILE = TESTS / "hostile_data"
BATCH = TESTS / "batch_data"
INTERVIEW = TESTS / "interview_data"
DEFS = ["--questionnaire", str(BATCH / "questionnaire.yaml"), "--rubric", str(BATCH / "rubric.yaml")]
IDEFS = ["--questionnaire", str(INTERVIEW / "questionnaire.yaml"), "--rubric", str(INTERVIEW / "rubric.yaml")]


def summary_rows(out: Path) -> list[list[str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))[1:]


# --- spreadsheet users ------------------------------------------------------------------------------


def test_belgian_amounts_are_read_and_an_unreadable_budget_is_left_out_not_the_project(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", *DEFS, str(HOSTILE / "belgian_amounts.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output  # nothing rejected: a warning, every project scored
    budgets = {r[2]: r[5] for r in summary_rows(out)}
    assert budgets == {
        "Punten": "4200000",
        "Komma": "4200000",
        "Miljoen": "4200000",
        "Mln": "1500000",
        "Duizend": "250000",
        "Spaties": "12500",
        "Euro achteraan": "980000",
        "Onleesbaar": "",
    }
    assert "Waarschuwing:" in result.output and "rij 9, kolom E 'budget'" in result.output
    assert "'veel geld' is geen bedrag" in result.output
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "1 cel kon niet gelezen worden" in md
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r[:2] for r in list(csv.reader(handle, delimiter=";"))[1:]] == [["9", "E (budget)"]]


@pytest.mark.parametrize("cell", ["geen", "geen van deze", "Geen van deze", "none", "0", "none of these"])
def test_none_of_these_in_a_multiple_choice_cell_is_an_answer_not_a_gap(
    runner: CliRunner, app: Any, tmp_path: Path, cell: str
) -> None:
    source = tmp_path / "lijst.csv"
    source.write_text(f"naam;energy;groups;health\r\nP;reduces;{cell};ja\r\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", *DEFS, str(source), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    [verdict_file] = out.glob("00002-*.json")
    verdict = json.loads(verdict_file.read_text(encoding="utf-8"))
    assert "groups" not in json.dumps(verdict["knowledge_gaps"])


def test_the_summary_says_how_many_were_rejected_and_that_totals_exclude_them(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    source = tmp_path / "lijst.csv"
    rows = [
        "naam;energy;groups;health",
        "Goed;reduces;youth;ja",
        "Slecht;kasteel;youth;ja",
        "Ook slecht;x;y;z",
    ]
    source.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", *DEFS, str(source), "-o", str(out)])
    assert result.exit_code == 2
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "2 projecten zijn niet getoetst" in md and "alleen over de getoetste projecten" in md
    assert "Geen van de 1 getoetste projecten heeft negatieve effecten" in md
    assert "2 projecten zijn niet getoetst en dus niet bekeken" in md
    assert "1 project getoetst, 2 rijen niet getoetst" in result.output
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["rejected_rows"] == 2 and data["projects"] == 1


def test_errors_list_the_labels_people_can_type_not_codes(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    source = tmp_path / "lijst.csv"
    source.write_text("naam;energy;groups;health\r\nP;veel;Jongeren; Robots;ja\r\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", *DEFS, str(source), "-o", str(tmp_path / "out")])
    assert "Kies uit: Vermindert het, Geen effect, Verhoogt het (of weet niet)" in result.output
    assert "reduces" not in result.output


# --- templates ----------------------------------------------------------------------------------------


def test_the_excel_template_offers_labels_only_and_says_conditions_in_words(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    target = tmp_path / "lijst.xlsx"
    result = runner.invoke(app, ["template", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    from sdgtoets.loading.definitions import load_questionnaire

    questionnaire = load_questionnaire()
    values = {c.value for q in questionnaire.questions for c in q.choices}
    book = load_workbook(target)
    lists = book.worksheets[1]
    offered = [c.value for col in lists.iter_cols(min_row=2) for c in col if c.value]
    assert offered and not [w for w in offered if w in values], "a drop-down offers a code"
    assert "geen van deze" in offered and "weet niet" in offered
    explain = book.worksheets[2]
    conditions = [r[5] for r in explain.iter_rows(min_row=4, values_only=True) if r[5]]
    assert conditions and not [c for c in conditions if "{" in c or '"op"' in c]
    assert any(re.match(r"'[^']+' = '[^']+'", c) for c in conditions)


def test_the_yaml_template_says_conditions_in_words(runner: CliRunner, app: Any) -> None:
    result = runner.invoke(app, ["template"])
    assert result.exit_code == 0
    only_if = [line for line in result.stdout.splitlines() if "alleen als:" in line]
    assert only_if and not [line for line in only_if if "{" in line]
    import yaml

    assert isinstance(yaml.safe_load(result.stdout), dict)  # comments never break the file


def test_a_filled_in_template_with_labels_scores(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    """Labels as the drop-downs offer them (with commas inside, and 'geen van deze') are read."""
    target = tmp_path / "lijst.xlsx"
    assert runner.invoke(app, ["template", *DEFS[:2], "--format", "xlsx", "-o", str(target)]).exit_code == 0
    book = load_workbook(target)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    row = {"naam": "Sporthal", "energy": "Vermindert het", "groups": "geen van deze", "health": "ja"}
    sheet.append([row.get(str(h)) for h in header])
    book.save(target)
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", *DEFS, str(target), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [r[2] for r in summary_rows(out)] == ["Sporthal"]


# --- the interview --------------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDGTOETS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SDGTOETS_LANG", raising=False)
    return tmp_path / "home"


def interview(runner: CliRunner, app: Any, lines: list[str], *args: str) -> Any:
    return runner.invoke(app, ["check", *IDEFS, *args], input="".join(line + "\n" for line in lines))


def test_t_at_the_depth_prompt_goes_back_to_the_name(runner: CliRunner, app: Any, home: Path) -> None:
    result = interview(runner, app, ["Eerste naam", "t", "Tweede naam", "1", "s"])
    assert result.exit_code == 0, result.stderr
    assert "Dat begrijp ik niet" not in result.stderr
    assert "Huidig antwoord: Eerste naam" in result.stderr
    [saved] = (home / "sessions").glob("*.json")
    assert json.loads(saved.read_text(encoding="utf-8"))["project"]["name"] == "Tweede naam"


def test_question_mark_always_gives_something_useful(runner: CliRunner, app: Any, home: Path) -> None:
    # name, depth, the note, 'kind' (with help), then 'paving' (without help)
    result = interview(runner, app, ["?", "P", "?", "1", "", "?", "1", "?", "s"])
    err = result.stderr
    assert "De naam staat bovenaan het oordeel" in err
    assert "De snelle scan stelt de belangrijkste vragen" in err
    assert "geen extra uitleg" not in err
    assert "Deze vraag hoort bij het onderdeel" in err  # a question without help: its purpose
    assert "Kies wat het best past." in err  # the question's own help
    assert "Typ j (ja) of n (nee). Twijfel je?" in err  # and how to answer one without
    assert err.count("? uitleg") >= 2  # offered at every question, with help or not


@pytest.mark.parametrize("text", ["", "\n", "\n\n\n", "Project\n"])
def test_input_that_ends_early_is_never_exit_0_without_a_verdict(
    runner: CliRunner, app: Any, home: Path, text: str
) -> None:
    result = runner.invoke(app, ["check", *IDEFS], input=text)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_a_pasted_escape_sequence_in_the_name_is_dropped(runner: CliRunner, app: Any, home: Path) -> None:
    interview(runner, app, ["Sport\x1b[31mhal\x07", "1", "s"])
    [saved] = (home / "sessions").glob("*.json")
    assert json.loads(saved.read_text(encoding="utf-8"))["project"]["name"] == "Sport [31mhal"


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("columns", [50, 80])
def test_long_texts_wrap_between_words_at_the_terminal_width(tmp_path: Path, columns: int) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, SDGTOETS_HOME=str(tmp_path / "home"), TERM="dumb", NO_COLOR="1")
    env.pop("COLUMNS", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "sdgtoets", "check", *IDEFS],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, columns),
    )
    child.expect_exact("Hoe heet je")
    screen = child.before + child.after
    child.sendline("s")
    child.expect(pexpect.EOF)
    child.close()
    screen = (screen + child.before).replace("\r", "")
    lines = [line for line in screen.split("\n") if line.strip()]
    assert lines and max(len(line) for line in lines) < columns, lines
    from sdgtoets.i18n import t

    intro = t("interview.intro", "nl")
    flat = " ".join(screen.split())
    assert " ".join(intro.split()) in flat  # every word whole, in order
