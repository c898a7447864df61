"""The bundled examples (examples/*.test.yaml): each pins a verdict, and stays within the question limits.

Each test file names an answers file and the verdict a VVSG reviewer would expect for it; the
test runs them with `sdgtoets test`, the command maintainers use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdgtoets.api import Instrument, load_instrument, verdict_for
from sdgtoets.core.answers import check_answers
from sdgtoets.core.conditions import UNKNOWN
from sdgtoets.core.questionnaire import visible_questions

EXAMPLES = Path(__file__).parent.parent / "examples"
TEST_FILES = sorted(EXAMPLES.rglob("*.test.yaml"))
QUICK_LIMIT = 30  # a project with several possible harms gets their follow-up questions at once
QUICK_TYPICAL = 20  # the median over the examples
FULL_LIMIT = 60


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument()


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict)
    return data


def answers_of(test: dict[str, Any], test_path: Path) -> tuple[dict[str, Any], str]:
    answers = load(test_path.parent / test["answers"])
    depth = test.get("depth") or answers.get("depth") or "quick"
    return answers, depth


def test_there_are_at_least_ten_examples() -> None:
    assert len(TEST_FILES) >= 10
    for path in TEST_FILES:
        assert (path.parent / load(path)["answers"]).exists(), path


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.name.removesuffix(".test.yaml"))
def test_example_verdict(runner, app, path: Path) -> None:
    """Each example gets the verdict it pins, as `sdgtoets test` (the maintainers' command) says."""
    test = load(path)
    assert test["kind"] == "test"
    assert test["justification"]["nl"] and test["justification"]["en"]
    result = runner.invoke(app, ["test", str(path), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["errors"] == [] and len(report["tests"]) == 1
    failures = report["tests"][0]["failures"]
    assert result.exit_code == 0 and not failures, failures


def test_the_bundled_content_passes_validate_strict(runner, app, tmp_path: Path, monkeypatch) -> None:
    """What CI and a maintainer run before a release: no error and no warning in the bundled files."""
    monkeypatch.chdir(tmp_path)  # not in a content folder: the bundled content
    result = runner.invoke(app, ["validate", "--strict", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 2 files." in result.stdout
    everything = runner.invoke(app, ["test", "--lang", "en"])
    assert everything.exit_code == 0, everything.output
    assert f"{len(TEST_FILES)} passed, 0 failed" in everything.stdout


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.name.removesuffix(".test.yaml"))
def test_example_answers_every_question_it_is_asked(instrument: Instrument, path: Path) -> None:
    """An example leaves no visible question open: its gaps are deliberate 'weet niet' answers."""
    answers, depth = answers_of(load(path), path)
    checked = check_answers(instrument.questionnaire, answers["answers"])
    shown = visible_questions(instrument.questionnaire, checked.values, depth)
    missing = [q.id for q in shown if q.answerable and q.id not in answers["answers"]]
    assert missing == []


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.name.removesuffix(".test.yaml"))
def test_example_question_counts_within_limits(instrument: Instrument, path: Path) -> None:
    answers, _ = answers_of(load(path), path)
    checked = check_answers(instrument.questionnaire, answers["answers"])
    if any(checked.values.get(q) is UNKNOWN for q in ("project_kind", "location", "target_groups")):
        pytest.skip("screening left at 'weet niet': every follow-up shows, by design")
    quick = [q for q in visible_questions(instrument.questionnaire, checked.values, "quick") if q.answerable]
    full = [q for q in visible_questions(instrument.questionnaire, checked.values, "full") if q.answerable]
    assert len(quick) <= QUICK_LIMIT
    assert len(full) <= FULL_LIMIT
    assert len(quick) < len(full)


def test_a_typical_quick_scan_stays_short(instrument: Instrument) -> None:
    counts = []
    for path in TEST_FILES:
        answers, _ = answers_of(load(path), path)
        checked = check_answers(instrument.questionnaire, answers["answers"])
        shown = visible_questions(instrument.questionnaire, checked.values, "quick")
        counts.append(sum(1 for q in shown if q.answerable))
    assert sorted(counts)[len(counts) // 2] <= QUICK_TYPICAL, counts


def test_quick_scan_of_an_example_gives_a_verdict_on_all_17_sdgs(instrument: Instrument) -> None:
    answers = load(EXAMPLES / "week-duurzame-gemeente.answers.yaml")
    checked = check_answers(instrument.questionnaire, answers["answers"])
    verdict = verdict_for(instrument, checked.values, answers["project"], "quick")
    assert [s.number for s in verdict.sdgs] == list(range(1, 18))
    assert all(s.status in ("positive", "negative", "mixed", "neutral", "unknown") for s in verdict.sdgs)
