"""Rubric maintenance through the CLI: schema, test, diff, overlays, versions, validate output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
DATA = TESTS / "maintenance_data"
SRC = TESTS.parent / "src" / "sdgtoets"
FIXTURE = ["--questionnaire", str(DATA / "questionnaire.yaml"), "--rubric", str(DATA / "rubric.yaml")]


# --- schema ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["questionnaire", "rubric", "answers", "verdict", "test"])
def test_schema_prints_the_json_schema(runner, app, name: str) -> None:
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["$id"].endswith(f"/{name}.schema.json")


def test_schema_unknown_name_exits_2(runner, app) -> None:
    result = runner.invoke(app, ["schema", "rubriek", "--lang", "en"])
    assert result.exit_code == 2
    assert "Unknown schema 'rubriek'" in result.stderr


def test_schema_output_is_not_overwritten_without_force(runner, app, tmp_path: Path) -> None:
    target = tmp_path / "rubric.schema.json"
    target.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["schema", "rubric", "--output", str(target)])
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me"
    assert runner.invoke(app, ["schema", "rubric", "--output", str(target), "--force"]).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "sdgtoets rubric"


def test_schemas_pass_the_metaschema_check() -> None:
    exe = Path(sys.executable).parent / "check-jsonschema"
    schemas = sorted(str(p) for p in (SRC / "schemas").glob("*.json"))
    assert len(schemas) >= 5
    result = subprocess.run(
        [str(exe), "--check-metaschema", *schemas], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_overlay_questions_use_the_questionnaire_question_schema() -> None:
    """The rubric schema carries a copy of the question definition (editors cannot follow
    cross-file references here); it must stay identical to the questionnaire's."""
    q = json.loads((SRC / "schemas" / "questionnaire.schema.json").read_text(encoding="utf-8"))
    r = json.loads((SRC / "schemas" / "rubric.schema.json").read_text(encoding="utf-8"))
    assert r["$defs"]["question"] == q["$defs"]["question"]
    assert r["$defs"]["choice"] == q["$defs"]["choice"]


@pytest.mark.parametrize("folder", ["questionnaires", "rubrics"])
def test_bundled_files_point_editors_to_their_schema(folder: str) -> None:
    files = sorted((TESTS.parent / folder).glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path


# --- test ------------------------------------------------------------------------------------


def test_rubric_tests_pass(runner, app) -> None:
    result = runner.invoke(
        app,
        [
            "test",
            *FIXTURE,
            str(DATA / "tests" / "a_solar.test.yaml"),
            str(DATA / "tests" / "b_road.test.yaml"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("PASS") == 2
    assert "2 passed, 0 failed, 2 tests." in result.stdout


def test_failing_rubric_test_shows_expected_and_actual(runner, app) -> None:
    result = runner.invoke(app, ["test", *FIXTURE, str(DATA / "tests" / "failing"), "--lang", "en"])
    assert result.exit_code == 1
    out = result.stdout
    assert "FAIL  School link (wrong expectation)" in out
    assert "level: expected adjust, got proof" in out
    assert "sdg:13: expected negative, got positive (+4/-0)" in out
    assert "lmb:mondiale_samenwerking: expected present, got strong" in out
    assert "is_lmb: expected false, got true" in out
    assert "suggestion: expected energy_up, got -" in out
    # expect_quick scores the same project as a quick scan would see it
    assert "quick level: expected too_little_info | adjust, got proof" in out


def test_rubric_tests_as_json(runner, app) -> None:
    result = runner.invoke(app, ["test", *FIXTURE, str(DATA / "tests"), "--format", "json"])
    data = json.loads(result.stdout)
    assert (data["passed"], data["failed"]) == (2, 1)
    failed = next(t for t in data["tests"] if not t["passed"])
    assert {"what": "level", "expected": "adjust", "actual": "proof"} in failed["failures"]
    assert len(data["errors"]) == 3  # the three files under tests/bad
    assert result.exit_code == 2  # a bad test file outweighs a failing test


def test_bad_test_files_exit_2_with_location(runner, app) -> None:
    result = runner.invoke(app, ["test", *FIXTURE, str(DATA / "tests" / "bad"), "--lang", "en"])
    assert result.exit_code == 2
    err = result.stderr
    assert "unknown_level.test.yaml:5:10" in err and "Level 'sdg_proof' does not exist in the rubric" in err
    assert "bad_status.test.yaml:6:16" in err and "'good' is not allowed" in err
    assert "missing_answers.test.yaml:3" in err and "nowhere.answers.yaml does not exist" in err


def test_no_test_files_found_exits_2(runner, app, tmp_path: Path) -> None:
    result = runner.invoke(app, ["test", *FIXTURE, str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert "No test files found (*.test.yaml)" in result.stderr


# --- diff ------------------------------------------------------------------------------------


def _diff(runner, app, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(
        app,
        [
            "diff",
            str(DATA / "rubric.yaml"),
            str(DATA / "rubric_changed.yaml"),
            "--answers",
            str(DATA / "answers"),
            "--questionnaire",
            str(DATA / "questionnaire.yaml"),
            *extra,
        ],
    )


def test_diff_reports_exactly_the_affected_projects(runner, app) -> None:
    result = _diff(runner, app, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["projects"] == 4
    assert [c["key"] for c in data["changes"]] == ["a_solar.answers.yaml", "c_school.answers.yaml"]
    assert (data["level_changed"], data["sdg_flips"]) == (0, 0)
    solar = data["changes"][0]
    assert {s["sdg"]: s["positive"]["delta"] for s in solar["sdgs"]} == {7: 2, 12: 2, 13: 2}
    assert data["old_rubric"]["version"] == "1.0.0" and data["new_rubric"]["version"] == "1.1.0"


def test_diff_same_rubric_changes_nothing(runner, app) -> None:
    result = runner.invoke(
        app,
        [
            "diff",
            str(DATA / "rubric.yaml"),
            str(DATA / "rubric.yaml"),
            "-a",
            str(DATA / "answers"),
            "--questionnaire",
            str(DATA / "questionnaire.yaml"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0
    assert "4 project(s) re-scored: 0 with a different result" in result.stdout
    assert "No project changes" in result.stdout


def test_diff_markdown_shows_levels_flips_and_points(runner, app, tmp_path: Path) -> None:
    changed = tmp_path / "rubric_flip.yaml"
    text = (DATA / "rubric.yaml").read_text(encoding="utf-8")
    # energy_up becomes weak (strength 1): the road is no longer "adjust" because of it alone,
    # but paving still is; making paving mitigated-free positive would be a bigger change.
    changed.write_text(
        text.replace(
            'strength: 3}\n    rationale: {nl: "Meer energie.',
            'strength: 1}\n    rationale: {nl: "Meer energie.',
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "diff",
            str(DATA / "rubric.yaml"),
            str(changed),
            "-a",
            str(DATA / "answers" / "b_road.answers.yaml"),
            "--questionnaire",
            str(DATA / "questionnaire.yaml"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "| Nieuwe ontsluitingsweg | b\\_road.answers.yaml | Adjustment needed | Adjustment needed |"
        in result.stdout
    )
    assert "| SDG 13 | negative | 0 → 0 (0) | 6 → 2 (-4) |" in result.stdout


def test_diff_shows_a_level_change(runner, app, tmp_path: Path) -> None:
    changed = tmp_path / "rubric_level.yaml"
    text = (DATA / "rubric.yaml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("op: gte, value: 1}\n  - id: proof", "op: gte, value: 3}\n  - id: proof"),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "diff",
            str(DATA / "rubric.yaml"),
            str(changed),
            "-a",
            str(DATA / "answers"),
            "--questionnaire",
            str(DATA / "questionnaire.yaml"),
            "-f",
            "json",
        ],
    )
    data = json.loads(result.stdout)
    assert data["level_changed"] == 1
    road = next(c for c in data["changes"] if c["key"] == "b_road.answers.yaml")
    assert road["level"] == {
        "old": "adjust",
        "new": "proof",
        "changed": True,
        "old_label": "Bijsturing nodig",
        "new_label": "SDG-proof",
    }


def test_diff_output_is_atomic_and_never_overwrites(runner, app, tmp_path: Path) -> None:
    target = tmp_path / "impact.md"
    assert _diff(runner, app, "--output", str(target)).exit_code == 0
    first = target.read_text(encoding="utf-8")
    assert first.startswith("# Impact van de rubriekwijziging")
    target.write_text("mine", encoding="utf-8")
    result = _diff(runner, app, "--output", str(target), "--lang", "en")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert _diff(runner, app, "--output", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == first


def test_diff_without_answers_files_exits_2(runner, app, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "diff",
            str(DATA / "rubric.yaml"),
            str(DATA / "rubric.yaml"),
            "-a",
            str(tmp_path),
            *FIXTURE[:2],
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "No answers files found" in result.stderr


# --- overlays --------------------------------------------------------------------------------


def test_overlay_adds_questions_and_rules_end_to_end(runner, app) -> None:
    result = runner.invoke(
        app,
        [
            "check",
            *FIXTURE,
            "--overlay",
            str(DATA / "overlay.yaml"),
            "-a",
            str(DATA / "overlay_project.answers.yaml"),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["overlay_rules"] == ["x_bike_parking", "x_local_market"]
    sources = {(c["rule"], c["source"]) for c in verdict["strengths"]}
    assert ("x_bike_parking", "gemeente_x") in sources and ("energy_down", "lint_r") in sources
    assert verdict["versions"]["rubric"]["overlays"] == [{"id": "gemeente_x", "version": "1.0.0"}]
    answered = {a["question"]: a["display"] for a in verdict["answers"]}
    assert answered["local_market"] == "Ja"


def test_overlay_question_answers_are_checked(runner, app, tmp_path: Path) -> None:
    answers = tmp_path / "p.answers.yaml"
    answers.write_text("project: {name: P}\nanswers:\n  local_market: maybe\n", encoding="utf-8")
    result = runner.invoke(
        app, ["check", *FIXTURE, "--overlay", str(DATA / "overlay.yaml"), "-a", str(answers), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "'maybe' is not a possible answer" in result.stderr


def test_overlay_with_lint_errors_is_refused(runner, app) -> None:
    result = runner.invoke(
        app,
        [
            "check",
            *FIXTURE,
            "--overlay",
            str(DATA / "overlay_broken.yaml"),
            "-a",
            str(DATA / "answers" / "a_solar.answers.yaml"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "overlay_broken.yaml:8:11" in result.stderr
    assert "[L101]" in result.stderr and "Unknown question 'local_markt'" in result.stderr


def test_overlay_for_another_rubric_version_is_refused(runner, app, tmp_path: Path) -> None:
    overlay = tmp_path / "ov.yaml"
    overlay.write_text(
        (DATA / "overlay.yaml").read_text(encoding="utf-8").replace('versions: ["1.*"]', 'versions: ["2.*"]'),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "check",
            *FIXTURE,
            "--overlay",
            str(overlay),
            "-a",
            str(DATA / "overlay_project.answers.yaml"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "[L205]" in result.stderr and "ov.yaml:7:10 (extends)" in result.stderr
    assert "extends rubric lint_r 2.*, but is used with rubric lint_r 1.0.0" in result.stderr


def test_overlay_extends_the_bundled_rubric_by_id() -> None:
    from sdgtoets.loading.definitions import bundled_rubric_path, default_rubric_path
    from sdgtoets.loading.yaml_files import load_file

    bundled_id = load_file(default_rubric_path(), trusted=True)[0]["id"]
    assert bundled_rubric_path(bundled_id) == default_rubric_path()
    assert bundled_rubric_path("no_such_rubric") is None


def test_overlay_is_validated_against_the_extended_questionnaire(runner, app) -> None:
    files = [str(DATA / "questionnaire.yaml"), str(DATA / "rubric.yaml"), str(DATA / "overlay.yaml")]
    result = runner.invoke(app, ["validate", "--strict", *files])
    assert result.exit_code == 0, result.output


# --- versions --------------------------------------------------------------------------------


def test_check_refuses_a_rubric_for_another_questionnaire_version(runner, app, tmp_path: Path) -> None:
    rubric = tmp_path / "rubric_v2.yaml"
    rubric.write_text(
        (DATA / "rubric.yaml").read_text(encoding="utf-8").replace('versions: ["1.*"]', 'versions: ["2.*"]'),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "check",
            "--questionnaire",
            str(DATA / "questionnaire.yaml"),
            "--rubric",
            str(rubric),
            "-a",
            str(DATA / "answers" / "a_solar.answers.yaml"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "[L201]" in result.stderr and "rubric_v2.yaml:6:16 (questionnaire)" in result.stderr
    assert "written for lint_q 2.*, but the questionnaire is lint_q 1.0.0" in result.stderr
    assert "Traceback" not in result.output


# --- validate --------------------------------------------------------------------------------


def test_validate_reports_file_line_column_code_and_docs(runner, app) -> None:
    case = TESTS / "lint_cases" / "rubric_L102_unknown_choice_in_rule.yaml"
    result = runner.invoke(app, ["validate", str(DATA / "questionnaire.yaml"), str(case), "--lang", "en"])
    assert result.exit_code == 2
    assert f"Error [L102]: {case}:51:11 (rules[2].when)" in result.stderr
    assert "Question 'energy' has no answer 'reduce'. Possible values: reduces, increases." in result.stderr
    assert "docs/errors.md" in result.stderr


def test_validate_warnings_pass_unless_strict(runner, app) -> None:
    case = TESTS / "lint_cases" / "questionnaire_L203_unused_question.yaml"
    files = [str(case), str(DATA / "rubric.yaml").replace("maintenance_data", "lint_cases/_base")]
    assert runner.invoke(app, ["validate", *files]).exit_code == 0
    assert runner.invoke(app, ["validate", "--strict", *files]).exit_code == 2


def test_validate_json_for_ci(runner, app) -> None:
    case = TESTS / "lint_cases" / "rubric_L404_contradictory_thresholds.yaml"
    result = runner.invoke(app, ["validate", "-f", "json", str(DATA / "questionnaire.yaml"), str(case)])
    data = json.loads(result.stdout)
    finding = data["files"][1]["findings"][0]
    assert finding["code"] == "L404" and finding["severity"] == "error"
    assert finding["help"].startswith("file://") and finding["help"].endswith("/errors.md#l404")
    assert (data["errors"], result.exit_code) == (1, 2)


def test_rubric_is_not_silently_passed_when_its_questionnaire_is_broken(runner, app) -> None:
    broken = TESTS / "lint_cases" / "questionnaire_E001_schema.yaml"
    result = runner.invoke(app, ["validate", "-f", "json", str(broken), str(DATA / "rubric.yaml")])
    data = json.loads(result.stdout)
    rubric = data["files"][1]
    assert [(f["code"], f["severity"], f["line"]) for f in rubric["findings"]] == [("E005", "warning", 1)]
    assert result.exit_code == 2


def test_diff_across_questionnaire_versions(runner, app, tmp_path: Path) -> None:
    """A release that bumps the questionnaire: the old rubric is scored with the old questionnaire."""
    new_q = tmp_path / "questionnaire_v2.yaml"
    new_q.write_text(
        (DATA / "questionnaire.yaml").read_text(encoding="utf-8").replace("version: 1.0.0", "version: 2.0.0"),
        encoding="utf-8",
    )
    new_r = tmp_path / "rubric_v2.yaml"
    new_r.write_text(
        (DATA / "rubric_changed.yaml")
        .read_text(encoding="utf-8")
        .replace('versions: ["1.*"]', 'versions: ["2.*"]'),
        encoding="utf-8",
    )
    args = [
        "diff",
        str(DATA / "rubric.yaml"),
        str(new_r),
        "-a",
        str(DATA / "answers"),
        "--questionnaire",
        str(new_q),
        "-f",
        "json",
    ]
    assert runner.invoke(app, args).exit_code == 2  # the old rubric does not fit questionnaire 2.0.0
    result = runner.invoke(app, [*args, "--old-questionnaire", str(DATA / "questionnaire.yaml")])
    assert result.exit_code == 0, result.output
    assert [c["key"] for c in json.loads(result.stdout)["changes"]] == [
        "a_solar.answers.yaml",
        "c_school.answers.yaml",
    ]


def test_overlay_extends_the_bundled_rubric_without_rubric_option(runner, app, tmp_path: Path) -> None:
    from sdgtoets.loading.definitions import default_rubric_path
    from sdgtoets.loading.yaml_files import load_file

    bundled_id = load_file(default_rubric_path(), trusted=True)[0]["id"]
    overlay = tmp_path / "local.yaml"
    overlay.write_text(
        f"""kind: overlay
id: gemeente_z
version: 1.0.0
extends: {{id: {bundled_id}}}
sections:
  - id: z_local
    title: {{nl: "Lokaal", en: "Local"}}
    questions:
      - {{id: z_repair_cafe, type: boolean, label: {{nl: "Repaircafé?", en: "Repair café?"}}}}
rules:
  - id: z_repair
    target: sdg:12
    when: {{question: z_repair_cafe, op: eq, value: true}}
    effect: {{sign: positive}}
    rationale: {{nl: "Herstellen in plaats van weggooien.", en: "Repair instead of throwing away."}}
""",
        encoding="utf-8",
    )
    answers = tmp_path / "p.answers.yaml"
    answers.write_text("project: {name: Repaircafé}\nanswers:\n  z_repair_cafe: ja\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--overlay", str(overlay), "-a", str(answers), "-f", "json"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["overlay_rules"] == ["z_repair"]
    assert verdict["versions"]["rubric"]["id"] == bundled_id
