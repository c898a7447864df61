"""Formula and link injection: nothing sdgtoets writes into CSV or XLSX starts with = + - @, tab
or CR (also after leading whitespace), and no user text becomes a live link or HTML in Markdown
(checked with GitHub's own Markdown renderer)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import cmarkgfm
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

HOSTILE = Path(__file__).parent / "hostile_data"
BATCH = Path(__file__).parent / "batch_data"
DEFS = ["--questionnaire", str(BATCH / "questionnaire.yaml"), "--rubric", str(BATCH / "rubric.yaml")]
LIVE = re.compile(r"^\s*[=+\-@]|^[\t\r]")
ACTIVE_HTML = re.compile(r"<a |<img|<script|<b>", re.IGNORECASE)


def live_cells_csv(path: Path, delimiter: str = ";") -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [c for row in csv.reader(handle, delimiter=delimiter) for c in row if LIVE.match(c)]


def live_cells_xlsx(path: Path) -> list[Any]:
    book = load_workbook(path)  # not read-only: formulas show as their text here
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and LIVE.match(c.value)):
                    found.append(c.value)
    return found


def html_of(markdown: str) -> str:
    return str(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))


def test_batch_outputs_hold_no_live_formula_and_no_live_link(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", *DEFS, str(HOSTILE / "injection.csv"), "-o", str(out), "--depth", "full"]
    )
    assert result.exit_code == 2, result.output  # the last row has a bad answer
    for name in ("summary.csv", "errors.csv"):
        assert live_cells_csv(out / name) == [], name
    assert live_cells_xlsx(out / "summary.xlsx") == []
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        names = [r[2] for r in list(csv.reader(handle, delimiter=";"))[1:]]
    assert names[0] == "'=1+1" and len(names) == 4  # shown as typed, behind an apostrophe
    for md in [out / "summary.md", *out.glob("0*.md")]:
        html = html_of(md.read_text(encoding="utf-8"))
        assert not ACTIVE_HTML.search(html), (md.name, ACTIVE_HTML.findall(html))


def test_the_markdown_verdict_has_no_live_link_or_html(runner: CliRunner, app: Any) -> None:
    result = runner.invoke(app, ["check", *DEFS, "--answers", str(HOSTILE / "injection.answers.yaml")])
    assert result.exit_code == 0, result.output
    html = html_of(result.stdout)
    assert "<a " not in html and "<b>" not in html and "<script" not in html
    assert "https://evil.example/login" in html  # the text is still there, readable
    assert "a@evil.example" in html


def test_escape_rules_for_each_member_of_the_class() -> None:
    from sdgtoets.reports.escape import cell, md

    for text in [
        "zie https://evil.example",
        "www.evil.example",
        "x@evil.example",
        "[a](http://e)",
        "<http://e>",
        "![i](http://e/x.png)",
        "[r]: http://e",
        "<b>x</b>",
        "FTP://e.be",
        "xmpp:a@b.example",
    ]:
        html = html_of(md(text))
        assert not ACTIVE_HTML.search(html), (text, html)
    for value in ["=1+1", " =1+1", "\u00a0=1", "\t=1", "\r=1", "+1", " -1", "@A1", "  @SUM(A1)", "\n=1"]:
        assert str(cell(value)).startswith("'"), value
    assert cell("a=b") == "a=b" and cell(-1) == -1


def _md_every_rule(text: str) -> str:
    """``escape.md`` with every rule applied to every text (no quick test first): the reference."""
    from sdgtoets.reports import escape

    flat = " ".join(text.split())
    parts: list[str] = []
    last = 0
    for match in escape._EMAIL.finditer(flat):
        parts.append(escape._plain(flat[last : match.start()]))
        parts.append(f"`{match.group(0)}`")
        last = match.end()
    parts.append(escape._plain(flat[last:]))
    escaped = escape._LIST_NUMBER.sub(r"\1\\\2", "".join(parts))
    return escape._LINE_START.sub(r"\\\1", escaped)


_MD_PIECES = [
    *"aAwW. :/@#+-=1٣²)\\`*_{}[]<>|~&!\t\nx",
    "a@evil.example", "www.", "WWW.", "https://e", "ftp:x", "1.", "12)", "# ", "- ", "é",
]  # fmt: skip


@given(st.lists(st.sampled_from(_MD_PIECES), max_size=10).map("".join) | st.text(max_size=12))
@settings(max_examples=3000, deadline=None)
def test_markdown_escape_skips_only_what_no_rule_would_change(text: str) -> None:
    from sdgtoets.reports.escape import md

    assert md(text) == _md_every_rule(text)
