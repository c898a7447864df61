"""`sdgtoets batch`: real files as Excel writes them, verdicts equal to `check --answers`, bad rows, safety."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

DATA = Path(__file__).parent / "batch_data"
DEFS = ["--questionnaire", str(DATA / "questionnaire.yaml"), "--rubric", str(DATA / "rubric.yaml")]
PROJECT_FIELDS = {
    "naam",
    "name",
    "id",
    "project_id",
    "dienst",
    "beleidsdoelstelling",
    "budget",
    "jaar",
    "Naam",
    "Dienst",
    "Budget",
}


def batch(runner: CliRunner, app: Any, *args: str, defs: list[str] | None = None) -> Any:
    return runner.invoke(app, ["batch", *(DEFS if defs is None else defs), *args])


def check_json(
    runner: CliRunner,
    app: Any,
    tmp: Path,
    project: dict[str, Any],
    answers: dict[str, Any],
    defs: list[str] | None = None,
    depth: str = "quick",
) -> dict[str, Any]:
    """The verdict `check --answers` gives for the same project and answers."""
    path = tmp / f"answers-{abs(hash(json.dumps(project, sort_keys=True)))}.yaml"
    path.write_text(
        yaml.safe_dump({"project": project, "answers": answers}, allow_unicode=True), encoding="utf-8"
    )
    result = runner.invoke(
        app,
        [
            "check",
            *(DEFS if defs is None else defs),
            "--answers",
            str(path),
            "--format",
            "json",
            "--depth",
            depth,
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def csv_rows(path: Path, encoding: str = "utf-8-sig", delimiter: str = ";") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def verdicts(out: Path) -> dict[int, dict[str, Any]]:
    return {int(p.name[:5]): json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("0*.json"))}


def raw_answers(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k not in PROJECT_FIELDS and v.strip()}


def test_belgian_excel_csv_gives_the_same_verdicts_as_check(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    raw = (DATA / "belgisch_excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b";" in raw and "Kaédi".encode() in raw
    out = tmp_path / "out"
    result = batch(
        runner, app, str(DATA / "belgisch_excel.csv"), "--output-dir", str(out), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    scored = verdicts(out)
    assert sorted(scored) == [3, 4, 5, 6, 8]  # row 2 repeats the questions, row 7 is empty
    rows = csv_rows(DATA / "belgisch_excel.csv")
    for number, verdict in scored.items():
        row = rows[number - 2]
        assert verdict["project"]["name"] == row["naam"]
        expected = check_json(runner, app, tmp_path, verdict["project"], raw_answers(row))
        assert verdict == expected, f"row {number}"
    first = scored[3]["project"]
    assert first == {
        "name": "Renovatie sporthal Sint-Gillis",
        "id": "A-01",
        "department": "Vrije tijd",
        "policy_goal": "Een gezonde gemeente",
        "budget": 1250000.5,
        "year": 2026,
    }
    assert scored[4]["project"]["budget"] == 12500
    assert scored[5]["verdict"]["level"] == "bijsturing_nodig"
    assert {a["question"]: a["value"] for a in scored[3]["answers"]}["groups"] == ["vulnerable", "youth"]
    assert (out / "errors.csv").read_text(encoding="utf-8-sig").strip() == "Rij;Kolom;Waarde;Probleem"


def test_summary_files_describe_the_portfolio(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(runner, app, str(DATA / "belgisch_excel.csv"), "--output-dir", str(out))
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("0*.md"))) == 5
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["projects"] == 5 and data["rejected_rows"] == 0
    assert sum(lv["projects"] for lv in data["levels"]) == 5
    assert {lv["level"]: lv["projects"] for lv in data["levels"]}["bijsturing_nodig"] == 1
    sdg13 = data["sdgs"][12]
    assert (
        sdg13["projects_positive"],
        sdg13["projects_negative"],
        sdg13["projects_unmitigated_negative"],
    ) == (2, 1, 1)
    assert data["budget"] == {"total": 1745000.5, "projects_with_budget": 4, "projects_without_budget": 1}
    assert sdg13["budget_negative"] == 480000
    assert [f["name"] for f in data["unmitigated_negatives"]["listed"]] == ["Nieuwe parking aan het station"]
    assert data["lmb"]["projects_lmb"] == 1 and data["lmb"]["projects_lmb_unknown"] == 1
    md = (out / "summary.md").read_text(encoding="utf-8")
    for fragment in (
        "# SDG-toets: overzicht van de projecten",
        "## Oordelen",
        "| SDG-proof | 4 | 80 % |",
        "## Bijdrage per SDG",
        "| 13. Klimaatactie | 2 | 1 | 1 |",
        "## De 5 P's",
        "| Planeet | 2 | 2 |",
        "## Lokaal mondiaal beleid",
        "| Mondiaal burgerschap |",
        "## Budget per SDG",
        "€ 1.745.000",
        "| 5 | Nieuwe parking aan het station | Mobiliteit | 2 | 13, 15 |",
        "## Kennishiaten",
    ):
        assert fragment in md, fragment
    table = csv_rows(out / "summary.csv")
    assert [r["Rij"] for r in table] == ["3", "4", "5", "6", "8"]
    assert table[0]["Budget (euro)"] == "1250000,5" and table[0]["SDG 7 positief"] == "4"
    assert table[0]["SDG 7 negatief"] == ""  # nothing: an empty cell, not a zero
    book = load_workbook(out / "summary.xlsx", read_only=True)
    rows = list(book["Projecten"].iter_rows(values_only=True))
    assert rows[0][2] == "Project" and len(rows) == 6 and rows[1][5] == 1250000.5
    assert "Overzicht" in book.sheetnames


def test_english_summary(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(
        runner, app, str(DATA / "belgisch_excel.csv"), "-o", str(out), "--lang", "en", "--summary-only"
    )
    assert result.exit_code == 0, result.output
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "# SDG check: overview of the projects" in md and "| 13. Climate action | 2 | 1 | 1 |" in md
    assert "€1,745,000" in md
    assert (out / "summary.csv").read_text(encoding="utf-8-sig").startswith("Row,Id,Project,")


def test_windows_1252_csv_is_recognised(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    raw = (DATA / "windows1252.csv").read_bytes()
    assert "Élouges".encode("cp1252") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    out = tmp_path / "out"
    result = batch(runner, app, str(DATA / "windows1252.csv"), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.stderr
    scored = verdicts(out)
    rows = csv_rows(DATA / "windows1252.csv", encoding="cp1252")
    assert [v["project"]["name"] for v in scored.values()] == [
        "Café-renovatie in Élouges",
        "Fietsstraat naar de école",
    ]
    for number, verdict in scored.items():
        assert verdict == check_json(runner, app, tmp_path, verdict["project"], raw_answers(rows[number - 2]))


def test_bad_rows_are_reported_and_the_rest_is_scored(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(runner, app, str(DATA / "met_fouten.csv"), "-o", str(out), "--format", "json")
    assert result.exit_code == 2
    err = result.stderr
    assert "rij 4, kolom C 'energy'" in err and "'verlaagt' is geen mogelijk antwoord" in err
    assert "Kies uit: Vermindert het, Geen effect, Verhoogt het (of weet niet)" in err  # labels, not codes
    assert (
        "rij 5, kolom E 'health'" in err
        and "rij 6, kolom A 'name'" in err
        and "rij 8, kolom D 'groups'" in err
    )
    assert "Traceback" not in result.output
    errors = csv_rows(out / "errors.csv")
    assert [e["Rij"] for e in errors] == ["4", "5", "6", "8"]
    assert errors[3]["Waarde"] == "youth;seniors"
    scored = verdicts(out)
    assert sorted(scored) == [2, 3, 7, 9]
    rows = csv_rows(DATA / "met_fouten.csv", encoding="utf-8", delimiter=",")
    for number, verdict in scored.items():
        assert verdict == check_json(runner, app, tmp_path, verdict["project"], raw_answers(rows[number - 2]))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["projects"] == 4 and summary["rejected_rows"] == 4
    assert (
        "4 projecten zijn niet getoetst wegens fouten in de lijst. Alle aantallen, totalen en budgetten"
        in (out / "summary.md").read_text(encoding="utf-8")
    )


def test_yaml_list_of_answers_files(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(runner, app, str(DATA / "projecten.yaml"), "-o", str(out), "--format", "json")
    assert result.exit_code == 2
    assert "project 3 in de lijst, veld answers.energy" in result.stderr
    scored = verdicts(out)
    assert sorted(scored) == [1, 2, 4]
    entries = yaml.safe_load((DATA / "projecten.yaml").read_text(encoding="utf-8"))["projects"]
    for number, verdict in scored.items():
        entry = entries[number - 1]
        expected = check_json(
            runner, app, tmp_path, entry["project"], entry["answers"], depth=entry.get("depth", "quick")
        )
        assert verdict == expected
    assert scored[2]["depth"] == "full"


def test_xlsx_from_the_template_round_trip(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    template = tmp_path / "projecten.xlsx"
    result = runner.invoke(
        app,
        [
            "template",
            "--format",
            "xlsx",
            "--output",
            str(template),
            "--depth",
            "full",
            "--questionnaire",
            str(DATA / "questionnaire.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(template)
    assert book.sheetnames == ["Projecten", "Keuzelijsten", "Uitleg"]
    sheet = book["Projecten"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["naam", "id", "dienst", "beleidsdoelstelling", "budget", "jaar"]
    assert header[6:] == ["energy", "groups", "health", "paving", "compensation", "justice", "remark"]
    assert sheet["G2"].value == "Wat doet het project met energiegebruik?"
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert "G3:G1002" in validations and validations["G3:G1002"].showErrorMessage
    lists = book["Keuzelijsten"]
    assert [lists.cell(r, 1).value for r in range(1, 6)] == [
        "energy",
        "Vermindert het",
        "Geen effect",
        "Verhoogt het",
        "weet niet",
    ]
    explain = next(r for r in book["Uitleg"].iter_rows(values_only=True) if r and r[0] == "compensation")
    assert (
        explain[4] == "alleen volledige toets" and explain[5] == "'Komt er verharding bij' = ja"
    )  # in words
    sheet.append(
        [
            "Project één",
            7,
            "Groen",
            "Doel",
            25000.5,
            2026,
            "Vermindert het",
            "Jongeren; Kwetsbare groepen",
            "ja",
            "ja",
            "nee",
            "weet niet",
            "tekst",
        ]
    )
    sheet.append(
        ["Project twee", None, None, None, "€ 12 500", None, "increases", None, None, "nee", None, "ja", None]
    )
    sheet.append(
        ["Project drie", None, None, None, None, None, "misschien", None, None, None, None, None, None]
    )
    filled = tmp_path / "ingevuld.xlsx"
    book.save(filled)
    out = tmp_path / "out"
    result = batch(runner, app, str(filled), "-o", str(out), "--format", "json", "--depth", "full")
    assert result.exit_code == 2 and "rij 5, kolom G 'energy'" in result.stderr
    scored = verdicts(out)
    assert sorted(scored) == [3, 4]
    assert scored[3]["project"] == {
        "name": "Project één",
        "id": 7,
        "department": "Groen",
        "policy_goal": "Doel",
        "budget": 25000.5,
        "year": 2026,
    }
    answers3 = {
        "energy": "Vermindert het",
        "groups": "Jongeren; Kwetsbare groepen",
        "health": "ja",
        "paving": "ja",
        "compensation": "nee",
        "justice": "weet niet",
        "remark": "tekst",
    }
    assert scored[3] == check_json(runner, app, tmp_path, scored[3]["project"], answers3, depth="full")
    answers4 = {"energy": "increases", "paving": "nee", "justice": "ja"}
    assert scored[4] == check_json(runner, app, tmp_path, scored[4]["project"], answers4, depth="full")


def test_csv_template_is_read_back(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    template = tmp_path / "projecten.csv"
    result = runner.invoke(
        app,
        [
            "template",
            "--format",
            "csv",
            "-o",
            str(template),
            "--depth",
            "quick",
            "--questionnaire",
            str(DATA / "questionnaire.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    raw = template.read_bytes()
    assert raw.startswith(
        b"\xef\xbb\xbfnaam;id;dienst;beleidsdoelstelling;budget;jaar;energy;groups;health;paving;justice\r\n"
    )
    template.write_bytes(raw + b"Nieuw project;;;;;;reduces;;ja;nee;nee\r\n")
    out = tmp_path / "out"
    result = batch(runner, app, str(template), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(verdicts(out)) == [3]


def test_unknown_column_stops_before_anything_is_written(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    source = tmp_path / "lijst.csv"
    source.write_text("naam;energie;health;Opmerkingen\r\nA;reduces;ja;x\r\n", encoding="utf-8")
    out = tmp_path / "out"
    result = batch(runner, app, str(source), "-o", str(out))
    assert result.exit_code == 2
    assert "Onbekende kolom 'energie' (kolom B). Bedoel je 'energy'?" in result.stderr
    assert "Onbekende kolom 'Opmerkingen' (kolom D)" in result.stderr
    assert not out.exists()
    source.write_text("naam;energy;health;#Opmerkingen\r\nA;reduces;ja;x\r\n", encoding="utf-8")
    assert batch(runner, app, str(source), "-o", str(out)).exit_code == 0
    source.write_text("naam;energy;health;Opmerkingen\r\nA;reduces;ja;x\r\n", encoding="utf-8")
    result = batch(runner, app, str(source), "-o", str(tmp_path / "o2"), "--ignore-column", "opmerkingen")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("oud.xls", b"\xd0\xcf\x11\xe0rest", "oud Excel-bestand (.xls)"),
        ("vermomd.csv", b"PK\x03\x04rest", "is een Excel-werkmap, geen CSV-tekst"),
        ("binair.csv", b"naam\x00\x01\x02", "geen tekstbestand"),
        ("leeg.csv", b"", "is leeg"),
        ("geen_naam.csv", b"titel;energy\r\nA;reduces\r\n", "Geen kolom met de projectnaam"),
        ("dubbel.csv", b"naam;energy;Energy\r\nA;reduces;reduces\r\n", "staat er twee keer (kolom B en C)"),
        ("kapot.xlsx", b"PK\x03\x04 not really a zip", "Kan"),
        ("lijst.txt.pdf", b"%PDF", "onbekend bestandstype '.pdf'"),
        ("geen_lijst.yaml", b"project: {name: x}\nanswers: {}\n", "moet een lijst van projecten zijn"),
        ("ongeldig.csv", b"naam;energy\r\n\x81\x8d\x8f\x90\x9d;x\r\n", "geen leesbare tekst"),
    ],
)
def test_broken_files_are_clear_errors(
    runner: CliRunner, app: Any, tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    result = batch(runner, app, str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    from sdgtoets.batch.readers import check_size
    from sdgtoets.errors import InputError

    source = tmp_path / "groot.csv"
    source.write_bytes(b"naam\r\n" + b"x\r\n" * 100)
    with pytest.raises(InputError) as info:
        check_size(source, 50)
    assert info.value.problems[0].key == "batch.file.too_large"


def test_existing_output_is_not_overwritten_without_force(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    source = str(DATA / "belgisch_excel.csv")
    assert batch(runner, app, source, "-o", str(out)).exit_code == 0
    before = (out / "summary.md").read_bytes()
    result = batch(runner, app, source, "-o", str(out), "--lang", "en")
    assert result.exit_code == 2 and "already exists and is not empty" in result.stderr
    assert (out / "summary.md").read_bytes() == before
    assert batch(runner, app, source, "-o", str(out), "--lang", "en", "--force").exit_code == 0
    assert (out / "summary.md").read_bytes() != before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left behind


def test_formulas_are_neutralised_in_spreadsheets(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    source = tmp_path / "lijst.csv"
    source.write_text(
        'naam;dienst;energy\r\n=HYPERLINK("http://x.invalid");@SUM(A1);reduces\r\n'
        "-2+3;+dienst;increases\r\n;;misschien\r\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = batch(runner, app, str(source), "-o", str(out))
    assert result.exit_code == 2
    table = csv_rows(out / "summary.csv")
    assert table[0]["Project"] == '\'=HYPERLINK("http://x.invalid")' and table[0]["Dienst"] == "'@SUM(A1)"
    assert table[1]["Project"] == "'-2+3" and table[1]["Dienst"] == "'+dienst"
    rows = list(load_workbook(out / "summary.xlsx")["Projecten"].iter_rows(values_only=True))
    assert rows[1][2].startswith("'=") and rows[2][2] == "'-2+3"
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "| 3 | \\-2+3 | \\+dienst | 1 | 13 |" in md
    assert "misschien" in (out / "errors.csv").read_text(encoding="utf-8-sig")


def test_summary_only_writes_no_project_files(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(runner, app, str(DATA / "belgisch_excel.csv"), "-o", str(out), "--summary-only", "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == [
        "errors.csv",
        "summary.csv",
        "summary.html",
        "summary.json",
        "summary.md",
        "summary.xlsx",
    ]


def test_bundled_content(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    """The bundled questionnaire and rubric, whatever their current content: template -> fill -> batch == check."""
    template = tmp_path / "projecten.csv"
    assert runner.invoke(app, ["template", "--format", "csv", "-o", str(template)]).exit_code == 0
    text = template.read_text(encoding="utf-8-sig")
    header = text.splitlines()[0].split(";")
    from sdgtoets.api import load_instrument

    questionnaire = load_instrument().questionnaire
    row = ["Bundelproject", "", "", "", "", ""]
    answers: dict[str, Any] = {}
    for qid in header[6:]:
        q = questionnaire.get(qid)
        assert q is not None
        value = ""
        if q.type == "boolean":
            value = "ja"
        elif q.type in ("single_choice", "multi_choice"):
            value = q.choices[0].value
        if value:
            answers[qid] = value
        row.append(value)
    template.write_text(text + ";".join(row) + "\r\n", encoding="utf-8-sig")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", str(template), "-o", str(out), "--format", "json", "--depth", "full"]
    )
    assert result.exit_code == 0, result.output
    scored = verdicts(out)
    assert list(scored) == [3]
    assert scored[3] == check_json(
        runner, app, tmp_path, {"name": "Bundelproject"}, answers, defs=[], depth="full"
    )
