"""The layers of docs/architecture.md hold, and import-linter would notice if one broke.

Each case copies ``src/`` into a scratch folder, adds one import that breaks a contract, and
runs ``lint-imports`` there: the contract must be reported broken (and the clean copy kept).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo"], cwd=tree, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__", "_bundled"))
    return tree


def test_the_tree_keeps_every_contract(scratch: Path) -> None:
    result = lint(scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "contract", "line"),
    [
        (
            "core/text.py",
            "from ..i18n import t",
            "The core imports nothing of sdgtoets outside the core",
            "sdgtoets.core.text -> sdgtoets.i18n",
        ),
        (
            "loading/yaml_files.py",
            "from ..cli import common",
            "Nothing imports the CLI",
            "sdgtoets.loading.yaml_files -> sdgtoets.cli.common",
        ),
        (
            "batch/columns.py",
            "from ..api import check",
            "Layers: each may import the layers below it",
            "sdgtoets.batch.columns -> sdgtoets.api",
        ),
        (
            "reports/escape.py",
            "from ..loading import yaml_files",
            "Renderers do not import loaders",
            "sdgtoets.reports.escape -> sdgtoets.loading.yaml_files",
        ),
    ],
)
def test_a_wrong_import_breaks_its_contract(
    scratch: Path, module: str, bad_import: str, contract: str, line: str
) -> None:
    target = scratch / "src" / "sdgtoets" / module
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(original + f"\n{bad_import}  # noqa\n", encoding="utf-8")
        result = lint(scratch)
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    broken = [ln for ln in result.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(ln.startswith(contract) for ln in broken), result.stdout
    assert line in result.stdout
