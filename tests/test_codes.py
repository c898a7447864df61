"""One catalogue of finding codes (``sdgtoets.codes``): docs/errors.md, the messages and every
finding ``validate`` reports agree with it, and its help link works from an installed wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sdgtoets.codes import CATALOGUE, errors_doc, help_link
from sdgtoets.i18n import catalog

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "errors.md"
CASES = sorted((ROOT / "tests" / "lint_cases").glob("*.yaml"))


def sections() -> dict[str, tuple[str, str, str]]:
    """code -> (title, severity, body) of every ``## CODE`` section of docs/errors.md."""
    text = DOC.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(
        r"^## ([A-Z]\d{3})\n\*\*(.+?)\*\* \((error|warning)\)\n(.*?)(?=^## |\Z)", text, re.M | re.S
    ):
        out[m[1]] = (m[2], m[3], m[4])
    return out


def test_docs_have_exactly_the_catalogue_with_titles_severities_and_fixes() -> None:
    docs = sections()
    assert set(docs) == set(CATALOGUE)
    for code, entry in CATALOGUE.items():
        title, severity, body = docs[code]
        assert (title, severity) == (entry.title, entry.severity), code
        assert "**Fix:**" in body, code


def test_every_message_key_exists_in_both_languages() -> None:
    messages = catalog()
    for code, entry in CATALOGUE.items():
        if entry.key.endswith(".*"):
            keys = [k for k in messages if k.startswith(entry.key[:-1])]
        else:
            keys = [entry.key]
        assert keys, code
        for key in keys:
            assert messages[key].get("nl") and messages[key].get("en"), (code, key)


def test_the_core_emits_only_catalogued_codes() -> None:
    core = ROOT / "src" / "sdgtoets" / "core"
    used = {
        m
        for path in core.glob("lint*.py")
        for m in re.findall(r'"(L\d{3})"', path.read_text(encoding="utf-8"))
    }
    assert used and used <= set(CATALOGUE), sorted(used - set(CATALOGUE))
    assert {c for c in CATALOGUE if c.startswith("L")} <= used | {"L002"}  # L002 comes from the YAML tree


def test_every_finding_has_its_catalogue_code_severity_and_key() -> None:
    from sdgtoets.api import validate

    seen = set()
    for case in CASES:
        for report in validate([case]).files:
            for p in report.problems:
                entry = CATALOGUE[p.code]
                seen.add(p.code)
                assert p.severity == entry.severity, (case.name, p.code)
                if entry.key.endswith(".*"):
                    assert p.key.startswith(entry.key[:-1]), (case.name, p.code, p.key)
                else:
                    assert p.key == entry.key, (case.name, p.code, p.key)
    assert len(seen) > 20


def test_the_help_link_points_into_a_shipped_file(installed: Path) -> None:
    assert help_link("L404") == errors_doc().as_uri() + "#l404" and errors_doc().is_file()
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from sdgtoets.codes import errors_doc, help_link; print(errors_doc()); print(help_link('L102'))",
        ],
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )
    path, link = probe.stdout.split()
    assert Path(path).is_relative_to(installed) and Path(path).is_file()
    assert "## L102" in Path(path).read_text(encoding="utf-8")
    assert link == Path(path).as_uri() + "#l102"
