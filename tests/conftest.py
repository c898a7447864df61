"""Shared fixtures: paths to real test files, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).parent
CORE_DATA = TESTS / "core_data"


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
