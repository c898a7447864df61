"""The municipal profile: read and refused with locations, used by check and batch, found in
the working folder, and written by the `sdgtoets profile` interview."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdgtoets.api import load_instrument, load_profile

TESTS = Path(__file__).parent
DATA = TESTS / "profile_data"
EXAMPLE = TESTS.parent / "examples" / "zomerfestival.answers.yaml"


def run(app, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=input)


def test_a_profile_is_read_and_checked() -> None:
    profile = load_profile(DATA / "gemeente.profile.yaml")
    assert profile is not None
    assert profile.municipality == "Gemeente Voorbeeld"
    assert profile.answers["bank_screened"] is False
    assert profile.answers["climate_commitment"] == ["covenant_of_mayors", "lekp"]
    assert profile.info()["file"] == "gemeente.profile.yaml"
    assert len(profile.info()["sha256"]) == 64


@pytest.mark.parametrize(
    ("name", "where", "words"),
    [
        ("project_question.profile.yaml", ":5:3", "inclusion"),
        ("bad_value.profile.yaml", ":4:", "paris"),
        ("not_a_profile.yaml", ":1", "kind: profile"),
        ("no_municipality.profile.yaml", ":1", "municipality"),
    ],
)
def test_a_bad_profile_is_refused_with_its_location(app, name: str, where: str, words: str) -> None:  # type: ignore[no-untyped-def]
    result = run(app, "check", "-a", str(EXAMPLE), "--profile", str(DATA / name))
    assert result.exit_code == 2
    assert f"{name}{where}" in result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_check_uses_the_profile_and_says_so_in_the_verdict(app) -> None:  # type: ignore[no-untyped-def]
    result = run(
        app, "check", "-a", str(EXAMPLE), "-f", "json", "--profile", str(DATA / "gemeente.profile.yaml")
    )
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["profile"]["municipality"] == "Gemeente Voorbeeld"
    context = {c["rule"] for c in verdict["strengths"] + verdict["weaknesses"] if c["aspect"] == "context"}
    assert {"context_bank_unscreened", "context_faire_gemeente", "context_sdgs_in_plan"} <= context
    # facts of the municipality never change the project's figures
    assert [g["question"] for g in verdict["knowledge_gaps"] if g["scope"] == "municipality"] == [
        "municipal_food_strategy"
    ]
    without = json.loads(run(app, "check", "-a", str(EXAMPLE), "-f", "json", "--no-profile").stdout)
    assert without["profile"] is None
    assert without["verdict"]["level"] == verdict["verdict"]["level"]
    assert {k: v for k, v in without["metrics"].items() if k != "municipal_knowledge_gaps"} == {
        k: v for k, v in verdict["metrics"].items() if k != "municipal_knowledge_gaps"
    }


def test_a_profile_in_the_working_folder_is_found_and_named(app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(DATA / "gemeente.profile.yaml", tmp_path / "sdgtoets-profiel.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SDGTOETS_HOME", str(tmp_path / "home"))
    result = run(app, "check", "-a", str(EXAMPLE), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "sdgtoets-profiel.yaml" in result.stderr
    assert json.loads(result.stdout)["profile"]["municipality"] == "Gemeente Voorbeeld"
    off = run(app, "check", "-a", str(EXAMPLE), "-f", "json", "--no-profile")
    assert json.loads(off.stdout)["profile"] is None


def test_batch_uses_the_profile_for_every_project(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = run(
        app, "batch", str(DATA / "projecten.csv"), "-o", str(out), "-f", "json", "--quiet",
        "--profile", str(DATA / "gemeente.profile.yaml"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    verdicts = [
        json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("*.json") if "summary" not in p.name
    ]
    assert len(verdicts) == 2
    assert all(v["profile"]["municipality"] == "Gemeente Voorbeeld" for v in verdicts)


def test_the_profile_interview_saves_after_every_answer_and_resumes(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "profiel.yaml"
    first = run(app, "profile", "-o", str(path), input="Gemeente Test\n\nja\nw\ns\n")
    assert first.exit_code == 0, first.output
    saved = load_profile(path)
    assert saved is not None and saved.municipality == "Gemeente Test"
    assert saved.answers["bank_screened"] is True
    assert "faire_gemeente" in saved.answers  # "weet niet" is kept as an answer ...
    # ... and asked again on the next run, with the questions not answered yet
    second = run(app, "profile", "-o", str(path), input="ja\n1\nja\n0\nnee\n")
    assert second.exit_code == 0, second.output
    done = load_profile(path)
    assert done is not None
    assert done.answers["faire_gemeente"] is True
    assert done.answers["climate_commitment"] == ["covenant_of_mayors"]
    assert done.answers["global_policy_support"] == []
    assert done.answers["municipal_food_strategy"] is False
    instrument = load_instrument()
    municipal = [q.id for q in instrument.questionnaire.questions if q.scope == "municipality"]
    assert sorted(done.answers) == sorted(municipal)


def test_the_profile_interview_refuses_to_overwrite_another_file(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "notities.yaml"
    other.write_text("kind: answers\nproject: {name: x}\nanswers: {}\n", encoding="utf-8")
    result = run(app, "profile", "-o", str(other), input="ja\n")
    assert result.exit_code == 2
    assert other.read_text(encoding="utf-8").startswith("kind: answers")
