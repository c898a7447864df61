"""The maintainer's loop: run in a folder that holds ``questionnaires/`` and ``rubrics/`` (a clone
of this repository, or VVSG's own content repository) and validate, test and diff use *those*
files, and say so; anywhere else they use the bundled content, and say that.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "maintenance_data"


def content_folder(root: Path) -> Path:
    """A small content folder: the maintenance test questionnaire, rubric, one example."""
    (root / "questionnaires").mkdir(parents=True)
    (root / "rubrics").mkdir()
    shutil.copy(DATA / "questionnaire.yaml", root / "questionnaires" / "sdg_toets.yaml")
    shutil.copy(DATA / "rubric.yaml", root / "rubrics" / "vvsg.yaml")
    shutil.copytree(DATA / "answers", root / "examples")
    test = (DATA / "tests" / "a_solar.test.yaml").read_text(encoding="utf-8")
    (root / "examples" / "a_solar.test.yaml").write_text(test.replace("../answers/", ""), encoding="utf-8")
    return root


def break_strength(rubric: Path) -> int:
    """Set the first rule's strength to 7 (the schema allows 1 to 3); the line changed."""
    lines = rubric.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if re.search(r"\bstrength: \d", line))
    lines[n] = re.sub(r"strength: \d", "strength: 7", lines[n])
    rubric.write_text("".join(lines), encoding="utf-8")
    return n + 1


def test_validate_checks_the_folder_it_runs_in(runner, app, tmp_path: Path, monkeypatch) -> None:
    folder = content_folder(tmp_path / "inhoud")
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["validate", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"Content from this folder: {folder.resolve()}" in result.stderr
    assert str(folder.resolve() / "rubrics" / "vvsg.yaml") in result.stdout
    line = break_strength(folder / "rubrics" / "vvsg.yaml")
    result = runner.invoke(app, ["validate", "--lang", "en"])
    assert result.exit_code == 2
    assert f"rubrics/vvsg.yaml:{line}:" in result.stderr and "[E001]" in result.stderr
    data = json.loads(runner.invoke(app, ["validate", "--format", "json"]).stdout)
    assert data["content"] == {"folder": str(folder.resolve()), "bundled": False}


def test_test_and_diff_use_the_folder_too(runner, app, tmp_path: Path, monkeypatch) -> None:
    folder = content_folder(tmp_path / "inhoud")
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["test", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "PASS  Solar panels: SDG-proof" in result.stdout and "1 passed, 0 failed, 1 test." in result.stdout
    assert f"Content from this folder: {folder.resolve()}" in result.stderr
    assert f"rubric: {folder.resolve() / 'rubrics' / 'vvsg.yaml'}" in result.stderr
    result = runner.invoke(
        app,
        ["diff", "rubrics/vvsg.yaml", str(DATA / "rubric_changed.yaml"), "-a", "examples", "--lang", "en"],
    )
    assert result.exit_code == 0, result.output
    assert f"Questionnaire: {folder.resolve() / 'questionnaires' / 'sdg_toets.yaml'}" in result.stderr
    # an edited rubric in the folder is what `test` runs with: broken, it is refused like validate does
    break_strength(folder / "rubrics" / "vvsg.yaml")
    result = runner.invoke(app, ["test", "--lang", "en"])
    assert result.exit_code == 2 and "[E001]" in result.stderr


def test_elsewhere_the_bundled_content_is_used_and_named(runner, app, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Content bundled with sdgtoets" in result.stderr
    assert "run in a folder with questionnaires/ and rubrics/" in result.stderr


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "SDGTOETS_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "sdgtoets", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_installed_copy_validates_the_edited_clone(installed: Path, tmp_path: Path) -> None:
    """As the README says: a clone, `pip install .`, edit rubrics/vvsg.yaml, `sdgtoets validate`."""
    clone = tmp_path / "clone"
    for name in ("questionnaires", "rubrics", "examples"):
        shutil.copytree(ROOT / name, clone / name)
    probe = subprocess.run(
        [sys.executable, "-c", "import sdgtoets; print(sdgtoets.__file__)"],
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().startswith(str(installed))  # the installed copy, not the working tree
    ok = run_installed(installed, clone, "validate")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert f"Content from this folder: {clone.resolve()}" in ok.stderr
    line = break_strength(clone / "rubrics" / "vvsg.yaml")
    bad = run_installed(installed, clone, "validate")
    assert bad.returncode == 2, bad.stdout + bad.stderr
    assert f"{clone.resolve() / 'rubrics' / 'vvsg.yaml'}:{line}:" in bad.stderr
    assert "[E001]" in bad.stderr and "Traceback" not in bad.stderr
    elsewhere = run_installed(installed, tmp_path, "validate")
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert "Content bundled with sdgtoets" in elsewhere.stderr and str(installed) in elsewhere.stderr
