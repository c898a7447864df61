"""docs/promises.md and the code say the same: every limit the page names is the constant that
enforces it, every limit constant is on the page, and the exit codes are the ones used."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

PAGE = Path(__file__).parent.parent / "docs" / "promises.md"
UNITS = {"KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}
# modules whose MAX_* constants are input limits: each must be on the page
LIMIT_MODULES = [
    "sdgtoets.loading.yaml_files",
    "sdgtoets.batch.readers",
    "sdgtoets.core.answers",
    "sdgtoets.interview.session",
    "sdgtoets.api.sources",
]


def section(title: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def table(title: str) -> list[list[str]]:
    rows = []
    for line in section(title).splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows[1:]  # without the header


def number(text: str) -> float:
    """'1 MiB', '5 000 000 bytes', '64 levels', '10^15', '100 000 characters' -> the number."""
    power = re.fullmatch(r"(\d+)\^(\d+)", text)
    if power:
        return float(int(power[1]) ** int(power[2]))
    found = re.fullmatch(r"(\d[\d\s]*)\s*(KiB|MiB|GiB)?(?:\s+[a-z]+)?", text)
    assert found, f"not a number the page can state: {text!r}"
    return int(found[1].replace(" ", "")) * UNITS.get(found[2] or "", 1)


def constant(reference: str) -> list[Any]:
    """The value(s) a reference names: ``module.NAME`` or ``x.schema.json a.b,c.key``."""
    if ".schema.json " in reference:
        from sdgtoets.loading.schemas import schema

        name, path = reference.split(".schema.json ")
        head, fields, key = path.split(".")
        spec = schema(name)["properties"][head]["properties"]
        return [spec[f][key] for f in fields.split(",")]
    module, _, attribute = reference.rpartition(".")
    return [getattr(importlib.import_module(module), attribute)]


LIMITS = table("Input limits")


@pytest.mark.parametrize(("what", "limit", "reference"), LIMITS, ids=[r[0] for r in LIMITS])
def test_each_limit_on_the_page_is_the_constant_in_the_code(what: str, limit: str, reference: str) -> None:
    assert reference.startswith("`") and reference.endswith("`"), reference
    for value in constant(reference.strip("`")):
        assert number(limit) == value, f"{what}: the page says {limit}, the code {value}"


def test_every_limit_constant_is_on_the_page() -> None:
    named = {r[2].strip("`") for r in LIMITS}
    for module_name in LIMIT_MODULES:
        module = importlib.import_module(module_name)
        for name in dir(module):
            if name.startswith("MAX_"):
                assert f"{module_name}.{name}" in named, f"{module_name}.{name} is not in docs/promises.md"
    from sdgtoets.loading.schemas import project_limits

    fields = {f for ref in named if ".schema.json project." in ref for f in ref.split(".")[-2].split(",")}
    assert set(project_limits()) <= fields


def test_the_exit_codes_on_the_page_are_the_ones_used() -> None:
    from sdgtoets.cli.common import EXIT_FAILED, EXIT_INPUT, EXIT_OK
    from sdgtoets.interview.runner import EXIT_INTERRUPTED

    codes = {int(row[0]) for row in table("Exit codes")}
    assert codes == {EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_INTERRUPTED}
    readme = (PAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "docs/promises.md" in readme


def test_a_wrong_number_on_the_page_would_be_found() -> None:
    assert number("1 MiB") == 1024**2 and number("5 000 000 bytes") == 5_000_000
    assert number("10^15") == 1e15 and number("64 levels") == 64
    with pytest.raises(AssertionError):
        number("ongeveer een megabyte")
