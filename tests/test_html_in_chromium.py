"""The HTML verdict in a real browser: Debian's headless Chromium (installed by .ci/run), driven by
playwright with ``executable_path`` (no browser download). It loads with no console error and no
network request, a screenshot is made, and print-to-PDF gives an A4 document whose first page holds
the summary and the SDG wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from verdict_docs import ROOT, render, verdict

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-gpu",
]
EXAMPLES = ["ontharding-dorpsplein", "sporthal-met-parking", "nieuw-buurthuis-weet-niet"]

if not CHROMIUM.exists() or shutil.which("pdftotext") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs /usr/bin/chromium and poppler-utils (.ci/run installs them)")
    pytest.skip(
        "needs Debian's chromium and poppler-utils (apt-get install chromium poppler-utils)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield context
        context.close()


@pytest.mark.parametrize("name", EXAMPLES)
def test_html_loads_offline_and_prints_page_one(browser: Any, tmp_path: Path, name: str) -> None:
    v = verdict(ROOT / "examples" / f"{name}.answers.yaml")
    html_file = tmp_path / f"{name}.html"
    html_file.write_text(render(v, "html"), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html_file.as_uri())
    page.wait_for_load_state("load")
    assert errors == []
    assert requests == [html_file.as_uri()]  # the file itself, nothing else
    assert page.locator("h1").inner_text().startswith("SDG-toets:")
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    wheel = page.locator("figure svg").first.bounding_box()
    assert wheel is not None and wheel["width"] > 200  # the wheel is drawn, beside the text
    pdf = tmp_path / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.close()
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Oordeel: {v.level_label}" in first
    for heading in ("Samenvatting", "Sterktes", "Zwaktes en afwegingen", "Wat je kunt doen"):
        assert heading in first, heading
    assert (
        "kennishiaat" in first and " 17 " in f" {' '.join(first.split())} "
    )  # the wheel's legend and numbers
    assert "Toelichting" not in first  # the detail starts on a new page
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info
    # The wheel shows on the printed page in colour: render page one and look for SDG 1 red.
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True
    )
    from PIL import Image

    png = next(tmp_path.glob("p-*1.png"))
    image = Image.open(png).convert("RGB")
    pixels = [image.getpixel((x, y)) for x in range(image.width) for y in range(image.height)]
    assert any(abs(r - 0xE5) + abs(g - 0x24) + abs(b - 0x3B) < 40 for r, g, b in pixels)
