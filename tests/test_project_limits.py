"""The same project is treated the same by `check --answers` and by `batch`: the limits on the
project fields come from answers.schema.json alone (a 250-character id used to pass `check` and
be rejected by `batch`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sdgtoets.loading.schemas import project_limits


def entry(field: str, length: int) -> dict[str, object]:
    project: dict[str, object] = {"name": "Proef", field: "x" * length}
    return {"project": project, "answers": {}}


def outcomes(runner, app, tmp_path: Path, data: dict[str, object]) -> tuple[int, int]:
    answers = tmp_path / "p.answers.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    listing = tmp_path / "lijst.yaml"
    listing.write_text(yaml.safe_dump([data], allow_unicode=True), encoding="utf-8")
    check = runner.invoke(app, ["check", "--answers", str(answers), "-f", "json"])
    batch = runner.invoke(app, ["batch", str(listing), "-o", str(tmp_path / "uit"), "-q"])
    assert "Traceback" not in check.output + batch.output
    return check.exit_code, batch.exit_code


def test_the_limits_are_those_of_the_schema() -> None:
    schema = json.loads(
        Path(__file__).parents[1].joinpath("src/sdgtoets/schemas/answers.schema.json").read_text()
    )
    fields = schema["properties"]["project"]["properties"]
    assert project_limits() == {k: v["maxLength"] for k, v in fields.items() if "maxLength" in v}
    assert {"name", "id", "municipality", "description"} <= set(project_limits())


@pytest.mark.parametrize("field", sorted(project_limits()))
def test_check_and_batch_agree_on_each_limit(runner, app, tmp_path: Path, field: str) -> None:
    limit = project_limits()[field]
    at = tmp_path / "at"
    over = tmp_path / "over"
    at.mkdir()
    over.mkdir()
    assert outcomes(runner, app, at, entry(field, limit)) == (0, 0)
    assert outcomes(runner, app, over, entry(field, limit + 1)) == (2, 2)
