"""The verdict document in every format: every bundled example renders, Markdown, HTML and Word say
the same things, plurals are right, page one is short, and user text cannot escape its place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from verdict_docs import (
    GOLDEN_DATA,
    ROOT,
    docx_paragraphs,
    html_text,
    markdown_text,
    page_one,
    render,
    verdict,
    word_count,
    words,
)

EXAMPLES = sorted((ROOT / "examples").glob("*.answers.yaml"))
FORMATS = ("markdown", "html", "docx", "json")


def test_the_registry_drives_format_names_and_extensions() -> None:
    from sdgtoets.reports import FORMATS as NAMES
    from sdgtoets.reports.formats import FORMATS as REGISTRY

    assert NAMES == ("markdown", "html", "docx", "json")
    assert {n: f.extension for n, f in REGISTRY.items()} == {
        "markdown": "md",
        "html": "html",
        "docx": "docx",
        "json": "json",
    }
    assert [n for n, f in REGISTRY.items() if f.binary] == ["docx"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_example_renders_in_every_format(example: Path, lang: str) -> None:
    v = verdict(example, lang)
    out = {fmt: render(v, fmt) for fmt in FORMATS}
    assert json.loads(out["json"])["verdict"]["level"] == v.level
    md, html = out["markdown"], out["html"]
    assert isinstance(md, str) and isinstance(html, str)
    title = md.splitlines()[0]
    assert title.startswith("# ") and v.level_label in md
    # Markdown and HTML say the same things: the same words, as often.
    assert words(markdown_text(md)) == words(html_text(html))
    # Word: the same headings, in the same order, and the level.
    paragraphs = docx_paragraphs(out["docx"])
    headings = [text for style, text in paragraphs if style.startswith(("Heading", "Title"))]
    md_headings = [
        re.sub(r"\\(.)", r"\1", line.lstrip("# ")) for line in md.splitlines() if line.startswith("#")
    ]
    assert headings == md_headings
    assert any(v.level_label in text for _, text in paragraphs)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_page_one_is_readable_in_a_minute(example: Path) -> None:
    md = render(verdict(example), "markdown")
    first = page_one(md)
    assert word_count(first) < 600
    for part in ("### Sterktes", "### Zwaktes en afwegingen", "### Wat je kunt doen"):
        assert part in first
    for part in ("### Sterktes", "### Zwaktes en afwegingen"):
        listed = first.split(part)[1].split("###")[0]
        assert len(re.findall(r"^\d+\. ", listed, re.M)) <= 3 and "\n- " not in listed
    suggestions = first.split("### Wat je kunt doen")[1].split("##")[0]
    assert len(re.findall(r"^\d+\. ", suggestions, re.M)) <= 5


def _once(text: str, whole: str) -> int:
    """How often a sentence of the verdict occurs in the plain text of a document."""
    return whole.count(text.strip().rstrip("."))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_nothing_is_lost_each_contribution_gap_and_suggestion_once(example: Path) -> None:
    v = verdict(example)
    md = render(v, "markdown")
    whole = markdown_text(md.split("## Bijlage")[0])  # (an answer may read like its effect)
    # Each finding (a rule's contributions of one sign) is written out once: on page one (the
    # detail then points back to it) or in the detail; rules that say the same share the count.
    findings = {(c.rule, c.sign): c.rationale for c in v.contributions}
    for rationale in set(findings.values()):
        expected = sum(1 for r in findings.values() if r == rationale)
        assert _once(rationale, whole) == expected, rationale
    pointers = re.findall(r"Zie (sterkte|zwakte) (\d)\.", md)
    assert len(pointers) == len(set(pointers))  # each page-one finding pointed to once
    page = page_one(md)
    for kind, n in pointers:
        part = page.split("### Sterktes" if kind == "sterkte" else "### Zwaktes")[1].split("###")[0]
        assert re.search(rf"^{n}\. ", part, re.M), (kind, n)
    # Each suggestion once; the advice for a knowledge gap with its gap, also once.
    for s in v.suggestions:
        generic = s.category == "knowledge_gap" and "Zoek uit:" in s.text
        if not generic:
            assert _once(s.text, whole) == 1, s.text
    gaps = md.split("### Kennishiaten")[1].split("\n### ")[0] if v.knowledge_gaps else ""
    for g in v.knowledge_gaps:
        named = re.findall(rf"^- {re.escape(v.short_label(g.question, g.label))}[ :(]", gaps, re.M)
        assert len(named) == 1, g.question
    # Each answer in the annex, by its short label, once.
    annex = markdown_text(md.split("## Bijlage")[1])
    for a in v.answers:
        assert annex.count(v.short_label(a.question, a.label)) >= 1, a.question
    assert len(re.findall(r"^\| ", md.split("## Bijlage")[1], re.M)) - 2 + sum(
        len(line.split(": ", 1)[1].split(", "))
        for line in md.split("## Bijlage")[1].splitlines()
        if line.startswith("- ")
    ) == len(v.answers)


def test_the_detail_names_questions_by_their_short_label() -> None:
    v = verdict(ROOT / "examples" / "zomerfestival.answers.yaml")
    md = render(v, "markdown")
    detail, annex = md.split("## Toelichting")[1].split("## Bijlage")
    for a in v.answers:  # every question named by its short label, also in the annex
        assert a.label not in md, a.label
    assert "(direct; −4; Gezondheid en welzijn)" in detail
    assert "| Kosten voor inwoners | Het wordt duurder |" in annex
    assert "- Nee: Sociaal tarief, Hernieuwbare energie, CO2-compensatie," in annex


def test_knowledge_gaps_are_listed_once_with_their_advice() -> None:
    v = verdict(GOLDEN_DATA / "weet-niet.answers.yaml", fixtures=True)
    md = render(v, "markdown")
    gaps = md.split("### Kennishiaten")[1].split("\n### ")[0]
    for g in v.knowledge_gaps:
        assert gaps.count(v.short_label(g.question, g.label)) == 1
    # A specific gap suggestion sits with its gap, under the question's short label; with only the
    # generic advice (said once, in the intro) the full question says what to find out.
    assert "- Klimaat (weet niet; SDG 7 en 13): Vraag de klimaatambtenaar." in gaps
    assert "- Verharding (weet niet; SDG 15): Meer verharding?" in gaps
    assert "Zoek uit:" not in md


def test_plurals_are_right_in_both_languages() -> None:
    from sdgtoets.i18n import t

    assert (
        t("doc.sdg_gaps", "nl", n=1) == "1 kennishiaat" and t("doc.sdg_gaps", "en", n=1) == "1 knowledge gap"
    )
    two = render(verdict(GOLDEN_DATA / "sporthal.answers.yaml", fixtures=True), "markdown")
    assert "2 sterke negatieve effecten." in two and "effect(en)" not in two
    many = render(verdict(GOLDEN_DATA / "weet-niet.answers.yaml", fixtures=True), "markdown")
    assert re.search(r"\b[2-9] kennishiaten\b", many)
    en = render(verdict(GOLDEN_DATA / "weet-niet.answers.yaml", "en", fixtures=True), "markdown")
    assert re.search(r"\b[2-9] knowledge gaps\b", en) and "(s)" not in en


def test_user_text_stays_text_in_html_and_word() -> None:
    v = verdict(GOLDEN_DATA / "stedenband.answers.yaml", fixtures=True)
    html = render(v, "html")
    assert "&lt;Zuid&gt;" in html and "<Zuid>" not in html
    assert "<script" not in html and "src=" not in html
    linked = render(verdict(GOLDEN_DATA / "sporthal.answers.yaml", fixtures=True), "html")
    assert '<a href="https://www.vvsg.be/schatkist">' in linked
    paragraphs = docx_paragraphs(render(v, "docx"))
    assert any("Stedenband & festival <Zuid>" in text for _, text in paragraphs)


def test_the_wheel_has_17_numbered_segments_in_the_official_colours() -> None:
    from sdgtoets.reports.wheel import SDG_COLOURS

    v = verdict(ROOT / "examples" / "sporthal-met-parking.answers.yaml")
    html = render(v, "html")
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    for n, colour in enumerate(SDG_COLOURS, start=1):
        assert f'fill="{colour}"' in svg
        assert f">{n}</text>" in svg
    assert "url(#hatch" in svg  # negatives by pattern, not by colour alone
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    positive = ", ".join(str(s.number) for s in v.sdgs if s.positive)
    assert 'aria-labelledby="fig1"' in svg and f"SDG-wiel. Positief: {positive}." in html


def test_the_wheel_png_is_drawn_without_a_browser() -> None:
    from io import BytesIO

    from PIL import Image

    from sdgtoets.reports.drawing import to_png
    from sdgtoets.reports.wheel import Bar, Legend, sdg_wheel

    drawing = sdg_wheel(
        [Bar(str(n), n % 3 * 2, n % 2, n % 4 == 0) for n in range(1, 18)], Legend("+", "-", "?"), "x"
    )
    image = Image.open(BytesIO(to_png(drawing, scale=2)))
    assert image.size == (760, 824)
    colours = {image.getpixel((x, y)) for x in range(0, 760, 7) for y in range(0, 760, 7)}
    assert (0xE5, 0x24, 0x3B) in colours or any(
        abs(c[0] - 0xE5) + abs(c[1] - 0x24) + abs(c[2] - 0x3B) < 12 for c in colours
    )


# Issue 9 asks for at most half, measured against the old renderer on the same content, the
# answers annex included (before: the whole Markdown was 64-85 % of the old one). The section on
# what would lift the verdict is new content the old verdict never had, so it is left out of the
# comparison (it is 0-270 words; see the closing note of issue 9).
MAX_SHARE_WHOLE = 0.5
FULL_CHECKS = [p for p in EXAMPLES if "depth: full" in p.read_text(encoding="utf-8")]


def without_section(md: str, title: str) -> str:
    """The Markdown without one ``###`` section (up to the next heading of its level or higher)."""
    head, found, rest = md.partition(f"\n### {title}\n")
    if not found:
        return md
    after = re.search(r"^#{1,3} ", rest, re.M)
    return head + "\n" + (rest[after.start() :] if after else "")


@pytest.mark.parametrize("example", FULL_CHECKS, ids=lambda p: p.name.split(".")[0])
def test_full_check_is_at_most_half_as_long_as_before(example: Path) -> None:
    import legacy_markdown
    from sdgtoets.i18n import t

    v = verdict(example)
    before = word_count(legacy_markdown.render(v))
    md = render(v, "markdown")
    title = t("doc.what_if", "nl")
    same_content = without_section(md, title)
    assert f"### {title}" not in same_content and "## Bijlage" in same_content
    assert word_count(same_content) <= before * MAX_SHARE_WHOLE
