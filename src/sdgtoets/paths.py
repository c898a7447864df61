"""Where the package's own files are (plain paths: cheaper to import than importlib.resources)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
