"""Every deliberately broken file in tests/lint_cases/ is caught with the right code and line.

A new broken file is a new test without new code. Each file starts with one or more lines
``# expect: CODE line N`` (or ``# expect: CODE`` when the finding has no line). The file name says
what it is (``questionnaire_*``, ``rubric_*``, ``overlay_*``); it is validated together with the
clean partner files in ``_base/``: a broken questionnaire with the base rubric, a broken rubric
with the base questionnaire, an overlay with both. The findings *in the case file* must be
exactly the expected ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sdgtoets.codes import CATALOGUE

CASES = Path(__file__).parent / "lint_cases"
BASE = CASES / "_base"
EXPECT = re.compile(r"^# expect: (?P<code>[A-Z]\d{3})(?: line (?P<line>\d+))?\s*$")
# Codes the JSON Schemas already make unreachable through `validate` (tested on the core below),
# and E005, which is about a file's partner (test_maintenance: a rubric with a broken questionnaire).
SCHEMA_GUARDED = {"L106", "E003", "E005"}


def expectations(path: Path) -> set[tuple[str, int | None]]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = EXPECT.match(line)
        if not m:
            break
        out.add((m["code"], int(m["line"]) if m["line"] else None))
    return out


def partners(path: Path) -> list[Path]:
    kind = path.name.split("_", 1)[0]
    if kind == "questionnaire":
        return [path, BASE / "rubric.yaml"]
    if kind == "rubric":
        return [BASE / "questionnaire.yaml", path]
    return [BASE / "questionnaire.yaml", BASE / "rubric.yaml", path]


CASE_FILES = sorted(CASES.glob("*.yaml"))


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_broken_file_is_caught_with_code_and_line(runner, app, case: Path) -> None:
    expected = expectations(case)
    assert expected, f"{case.name} has no '# expect:' line"
    result = runner.invoke(app, ["validate", "--format", "json", *map(str, partners(case))])
    data = json.loads(result.stdout)
    mine = next(f for f in data["files"] if Path(f["file"]) == case)
    found = {(f["code"], f["line"]) for f in mine["findings"]}
    assert found == expected
    errors = any(f["severity"] == "error" for f in mine["findings"])
    assert result.exit_code == (2 if errors else 0)
    for f in mine["findings"]:
        assert f["severity"] == CATALOGUE[f["code"]].severity
        assert f["message"] and not f["message"].startswith("lint.")


def test_partner_files_are_clean(runner, app) -> None:
    result = runner.invoke(
        app, ["validate", "--strict", str(BASE / "questionnaire.yaml"), str(BASE / "rubric.yaml")]
    )
    assert result.exit_code == 0, result.output


def test_every_code_has_a_broken_example() -> None:
    covered = {code for case in CASE_FILES for code, _ in expectations(case)}
    assert set(CATALOGUE) - SCHEMA_GUARDED <= covered, sorted(set(CATALOGUE) - SCHEMA_GUARDED - covered)


def test_schema_guarded_codes_are_caught_by_the_core() -> None:
    """L106 (unknown target) and E003 (bad condition) cannot get past the schema; the core
    still catches them when a rubric is built without it."""
    import yaml

    from sdgtoets.core.conditions import ConditionError
    from sdgtoets.core.definitions import questionnaire_from_data, rubric_from_data
    from sdgtoets.core.lint import lint_rubric

    q = questionnaire_from_data(yaml.safe_load((BASE / "questionnaire.yaml").read_text(encoding="utf-8")))
    data = yaml.safe_load((BASE / "rubric.yaml").read_text(encoding="utf-8"))
    data["rules"][0]["target"] = ["sdg:18", "sdg:1"]
    findings = lint_rubric(rubric_from_data(data), q)
    assert [(f.code, f.path) for f in findings if f.code == "L106"] == [("L106", ("rules", 0, "target"))]
    data["rules"][0]["when"] = {"question": "kind", "op": "like", "value": "x"}
    with pytest.raises(ConditionError):
        rubric_from_data(data)
