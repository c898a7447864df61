"""Shared fixtures: paths to real test files, and a CLI runner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).parent
CORE_DATA = TESTS / "core_data"
SRC = TESTS.parent / "src"

# The tests test the working tree: pytest puts src/ first on sys.path (pyproject.toml, pythonpath),
# and the same goes for the programs the tests start (python -m sdgtoets in a terminal).
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))

# The programs the tests start get Ctrl-C as in a terminal. A shell ignores SIGINT for a job it
# starts in the background (`... &`, as CI runners and scripts may), the ignoring is inherited,
# and Python then makes no KeyboardInterrupt of it: tests of Ctrl-C would fail for nothing. A
# handler here is reset to the default in every program started (unlike "ignore").
if sys.platform != "win32" and signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_configure(config: pytest.Config) -> None:
    import sdgtoets

    here = Path(sdgtoets.__file__).resolve()
    if not here.is_relative_to(SRC.resolve()):
        raise pytest.UsageError(
            f"the tests would run {here}, not the working tree in {SRC}: run pytest from the repository root"
        )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def core_files() -> dict[str, Path]:
    return {"questionnaire": CORE_DATA / "questionnaire.yaml", "rubric": CORE_DATA / "rubric.yaml"}


@pytest.fixture(scope="session")
def app():  # type: ignore[no-untyped-def]
    """The Typer app with every command registered, as the console script builds it."""
    from sdgtoets.cli import app as app_module

    app_module._register()
    return app_module.app


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as a wheel and installed (not editable) into a folder of its own: put it
    on PYTHONPATH to run what a user who did `pip install .` runs."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    root = str(TESTS.parent)
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(work), root], check=True, capture_output=True)
    wheel = next(work.glob("sdgtoets-*.whl"))
    site = work / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, capture_output=True
    )
    return site
