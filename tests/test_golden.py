"""Golden files: the Markdown and HTML verdicts stored byte for byte, so any change in wording or
layout is a visible diff in review.

Regenerate after an intended change (then read the diff before committing):

    SDGTOETS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

``fixtures/`` come from tests/golden_data (their own questionnaire and rubric, so they move only
when the document does); ``examples/`` come from the bundled examples and change with the content.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from verdict_docs import GOLDEN_DATA, ROOT, render, verdict

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SDGTOETS_UPDATE_GOLDEN") == "1"
CASES = [
    ("fixtures", "sporthal", "nl"),
    ("fixtures", "weet-niet", "nl"),
    ("fixtures", "stedenband", "nl"),
    ("fixtures", "sporthal", "en"),
    ("examples", "ontharding-dorpsplein", "nl"),
    ("examples", "sporthal-met-parking", "nl"),
    ("examples", "nieuw-buurthuis-weet-niet", "nl"),
]


@pytest.mark.parametrize(("kind", "name", "lang"), CASES, ids=lambda x: str(x))
@pytest.mark.parametrize(("fmt", "ext"), [("markdown", "md"), ("html", "html")])
def test_verdict_matches_its_golden_file(kind: str, name: str, lang: str, fmt: str, ext: str) -> None:
    if kind == "fixtures":
        v = verdict(GOLDEN_DATA / f"{name}.answers.yaml", lang, fixtures=True)
    else:
        v = verdict(ROOT / "examples" / f"{name}.answers.yaml", lang)
    text = render(v, fmt)
    path = GOLDEN / kind / f"{name}.{lang}.{ext}"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path}: run with SDGTOETS_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs: see the module docstring"
