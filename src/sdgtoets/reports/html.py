"""One self-contained HTML file from a document: inline CSS and SVG, no scripts, no external
resources. Its print style sheet gives a clean A4 document whose first page is the summary, so
"print to PDF" in any browser makes the PDF for a council note.

Every text goes through ``html.escape``; links are only http(s) addresses or plain relative file
names, so nothing a user typed can run or load anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from .document import Block, Cell, Document, Fields, Figure, Inlines, ItemList, Paragraph, Section, Table
from .drawing import to_svg

_SAFE_RELATIVE = re.compile(r"^[\w][\w.\- ]*$")

CSS = """
:root{--ink:#1a1a1a;--muted:#555;--line:#d6d6d6;--accent:#19486a;--soft:#f3f5f7}
*{box-sizing:border-box}
html{font-family:Arial,Helvetica,sans-serif;color:var(--ink);font-size:15px;line-height:1.45}
body{margin:0;background:#fff}
main{max-width:62rem;margin:0 auto;padding:1.5rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:0 0 .6rem;color:var(--accent)}
h2{font-size:1.25rem;margin:1.6rem 0 .6rem;color:var(--accent);border-bottom:2px solid var(--accent);padding-bottom:.15rem}
h3{font-size:1.05rem;margin:1.1rem 0 .4rem}
h4{font-size:.95rem;margin:.9rem 0 .3rem}
p{margin:.35rem 0 .6rem}
ul,ol{margin:.3rem 0 .7rem;padding-left:1.4rem}
li{margin:.15rem 0}
a{color:var(--accent)}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .9rem;margin:.3rem 0 .8rem}
dl.fields dt{color:var(--muted)}
dl.fields dd{margin:0;font-weight:bold}
p.lead{font-size:1.3rem;margin:.8rem 0 .2rem;padding:.45rem .7rem;background:var(--soft);border-left:.35rem solid var(--accent)}
p.why{margin:.2rem 0 .8rem}
p.note{color:var(--muted);font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .9rem;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.num,th.num{text-align:right}
figure{margin:.4rem 0 .8rem}
figure svg{display:block;width:100%;height:auto}
figcaption{font-size:.82rem;color:var(--muted);margin-top:.2rem}
.page-one{display:grid;grid-template-columns:minmax(0,1fr) 19rem;gap:0 1.6rem;align-items:start}
.page-one>.side{grid-column:2;grid-row:1 / span 20}
.page-one>.main{grid-column:1}
.tone-pos1{background:#dfeaf2}.tone-pos2{background:#a9c6db}.tone-pos3{background:#5d8fb5;color:#fff}
.tone-neg1,.tone-neg2,.tone-neg3,.tone-mixed{background-image:repeating-linear-gradient(45deg,transparent 0 3px,rgba(138,28,28,.35) 3px 5px)}
.tone-neg2{background-color:#f6dada}.tone-neg3{background-color:#eab2b2}
.tone-mixed{background-color:#a9c6db}
.tone-gap{outline:1px dashed var(--muted);outline-offset:-3px}
@media screen and (max-width:48rem){.page-one{display:block}}
@page{size:A4;margin:14mm 14mm 16mm}
@media print{
 html{font-size:9.5pt;line-height:1.35}
 p.lead{font-size:13pt;margin-top:.4rem}
 h2{margin:1rem 0 .4rem}
 h3{margin:.7rem 0 .25rem}
 li{margin:.05rem 0}
 main{max-width:none;padding:0}
 h1{font-size:17pt}
 h2{break-after:avoid}
 h3,h4{break-after:avoid}
 li,tr,figure,p.lead{break-inside:avoid}
 .new-page{break-before:page}
 .page-one{grid-template-columns:minmax(0,1fr) 74mm;gap:0 6mm}
 .page-one h2{margin-top:0}
 a{color:var(--ink);text-decoration:none}
 .tone-pos1,.tone-pos2,.tone-pos3,.tone-neg1,.tone-neg2,.tone-neg3,.tone-mixed,th{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
"""


def render_document(doc: Document) -> str:
    body: list[str] = [f"<h1>{escape(doc.title)}</h1>"]
    counter = [0]
    body.append(_blocks(doc.head, counter))
    for section in doc.sections:
        body.append(_section(section, 2, counter))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{escape(doc.title)}</title>\n<style>{CSS.strip()}</style>\n</head>\n"
        f"<body>\n<main>\n{chr(10).join(body)}\n</main>\n</body>\n</html>\n"
    )


def inline(content: Inlines) -> str:
    parts: list[str] = []
    for span in content:
        text = escape(span.text)
        if span.href and _safe_href(span.href):
            text = f'<a href="{escape(span.href)}">{text}</a>'
        if span.strong:
            text = f"<strong>{text}</strong>"
        if span.em:
            text = f"<em>{text}</em>"
        parts.append(text)
    return "".join(parts)


def _safe_href(href: str) -> bool:
    return href.startswith(("https://", "http://")) or bool(_SAFE_RELATIVE.match(href))


def _section(section: Section, level: int, counter: list[int]) -> str:
    sid = f' id="{escape(section.id)}"' if section.id else ""
    cls = ' class="new-page"' if section.new_page else ""
    head = f"<h{min(level, 6)}>{escape(section.title)}</h{min(level, 6)}>"
    side = [b for b in section.blocks if isinstance(b, Figure) and b.placement == "side"]
    inner = _blocks([b for b in section.blocks if b not in side], counter)
    inner += "".join(_section(sub, level + 1, counter) for sub in section.subsections)
    if side:
        # Page one: the wheel and the profiles beside the text (above it on a narrow screen).
        return (
            f'<section{sid}{cls}>{head}<div class="page-one"><div class="side">{_blocks(side, counter)}</div>'
            f'<div class="main">{inner}</div></div></section>'
        )
    return f"<section{sid}{cls}>{head}{inner}</section>"


def _blocks(blocks: Sequence[Block], counter: list[int]) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Figure):
            counter[0] += 1
            out.append(_figure(b, f"fig{counter[0]}"))
        else:
            out.append(_block(b))
    return "".join(out)


def _figure(fig: Figure, fid: str) -> str:
    caption = f"<figcaption>{escape(fig.caption)}</figcaption>" if fig.caption else ""
    return (
        f'<figure style="max-width:{fig.width_mm:g}mm">'
        f'<span id="{fid}" hidden>{escape(fig.alt)}</span>'
        f"{to_svg(fig.drawing, labelled_by=fid)}{caption}</figure>"
    )


def _cell(cell: Cell, tag: str, numeric: bool) -> str:
    classes = []
    if numeric:
        classes.append("num")
    if cell.tone:
        classes.append(f"tone-{escape(cell.tone)}")
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{cls}>{inline(cell.content)}</{tag}>"


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        cls = f' class="{escape(block.role)}"' if block.role else ""
        return f"<p{cls}>{inline(block.content)}</p>"
    if isinstance(block, Fields):
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{inline(v)}</dd>" for k, v in block.rows)
        return f'<dl class="fields">{rows}</dl>'
    if isinstance(block, ItemList):
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{inline(i)}</li>" for i in block.items) + f"</{tag}>"
    if isinstance(block, Table):
        numeric = block.numeric or tuple(False for _ in block.header)
        caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
        head = "".join(
            f'<th scope="col"{" class=num" if n else ""}>{escape(h)}</th>'
            for h, n in zip(block.header, numeric, strict=False)
        )
        rows = "".join(
            "<tr>" + "".join(_cell(c, "td", n) for c, n in zip(row, numeric, strict=False)) + "</tr>"
            for row in block.rows
        )
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    raise TypeError(block)  # figures go through _blocks, which numbers them
