"""batch writes the portfolio also as HTML: level counts, a projects x SDGs heat map with positive
and negative apart, budget per SDG, the LMB fields, and links to each project's verdict file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

DATA = Path(__file__).parent / "batch_data"
DEFS = ["--questionnaire", str(DATA / "questionnaire.yaml"), "--rubric", str(DATA / "rubric.yaml")]


def test_summary_html_has_the_heat_map_and_links(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", *DEFS, str(DATA / "belgisch_excel.csv"), "-o", str(out), "-f", "html"]
    )
    assert result.exit_code == 0, result.output
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    links = re.findall(r'<a href="([^"]+)">', html)
    assert links and all((out / link).is_file() for link in links)  # each project's own verdict
    assert sorted(links) == sorted(p.name for p in out.glob("0*.html"))
    assert 'class="num tone-pos' in html  # positive cells
    heat = html.split('id="heat-map"')[1].split("</section>")[0]
    assert heat.count("<tr>") == len(links) + 1
    for heading in ("Oordelen", "Projecten en SDG&#x27;s", "Per SDG: aantal projecten en budget"):
        assert heading in html


def test_summary_only_has_no_links(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["batch", *DEFS, str(DATA / "belgisch_excel.csv"), "-o", str(out), "--summary-only"]
    assert runner.invoke(app, args).exit_code == 0
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "<a href" not in html and 'id="heat-map"' in html
