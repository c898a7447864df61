"""A Word document from a document model (python-docx), for a collegenota or raadsnota.

Same headings, texts and tables as the HTML; figures as PNG images drawn by ``drawing.to_png``
(Word cannot show our inline SVG without a bitmap fallback). Page one puts the text and the
figures side by side in a borderless two-column table, as the HTML does.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from .document import Block, Cell, Document, Fields, Figure, Inlines, ItemList, Paragraph, Section, Table
from .drawing import to_png


def render_document(doc: Document) -> bytes:
    import docx
    from docx.shared import Pt

    word = docx.Document()
    props = word.core_properties
    props.title = doc.title[:255]  # Word's core properties hold at most 255 characters
    props.language = doc.lang
    props.author = "sdgtoets"
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    section = word.sections[0]
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(16)
    word.add_heading(doc.title, level=0)
    for block in doc.head:
        _block(word, block)
    for sec in doc.sections:
        _section(word, word, sec, 1)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _section(word: Any, where: Any, section: Section, level: int) -> None:
    heading = _heading(where, section.title, level)
    if section.new_page:
        heading.paragraph_format.page_break_before = True
    side = [b for b in section.blocks if isinstance(b, Figure) and b.placement == "side"]
    if not side:
        for block in section.blocks:
            _block(where, block)
        for sub in section.subsections:
            _section(word, where, sub, level + 1)
        return
    from docx.shared import Mm

    grid = where.add_table(rows=1, cols=2)
    grid.autofit = False
    left, right = grid.rows[0].cells
    left.width, right.width = Mm(98), Mm(76)
    _clear(left)
    _clear(right)
    for block in section.blocks:
        if block not in side:
            _block(left, block)
    for sub in section.subsections:
        _section(word, left, sub, level + 1)
    for block in side:
        _block(right, block)


def _clear(cell: Any) -> None:
    """A new cell holds one empty paragraph; drop it so content starts at the top."""
    for p in list(cell.paragraphs):
        p._element.getparent().remove(p._element)


def _heading(where: Any, text: str, level: int) -> Any:
    if hasattr(where, "add_heading"):
        return where.add_heading(text, level=min(level, 9))
    return where.add_paragraph(text, style=f"Heading {min(level, 9)}")


def _runs(paragraph: Any, content: Inlines) -> None:
    for span in content:
        if span.href and span.href.startswith(("https://", "http://")):
            _link(paragraph, span.text, span.href, span.strong, span.em)
            continue
        run = paragraph.add_run(span.text)
        run.bold = span.strong or None
        run.italic = span.em or None


def _link(paragraph: Any, text: str, url: str, bold: bool, italic: bool) -> None:
    """python-docx has no hyperlink API: add the relationship and a w:hyperlink run by hand."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, on in (("w:b", bold), ("w:i", italic)):
        if on:
            props.append(OxmlElement(tag))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _block(where: Any, block: Block) -> None:
    from docx.shared import Mm, Pt, RGBColor

    if isinstance(block, Paragraph):
        p = where.add_paragraph()
        _runs(p, block.content)
        if block.role == "lead":
            for run in p.runs:
                run.font.size = Pt(14)
        elif block.role == "note":
            for run in p.runs:
                run.font.size = Pt(8.5)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    elif isinstance(block, Fields):
        for key, value in block.rows:
            p = where.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            p.add_run(f"{key}: ")
            _runs(p, tuple(s.__class__(s.text, True, s.em, s.href) for s in value))
    elif isinstance(block, ItemList):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            _runs(where.add_paragraph(style=style), item)
    elif isinstance(block, Table):
        if block.caption:
            where.add_paragraph(block.caption)
        table = where.add_table(rows=1, cols=len(block.header))
        table.style = "Table Grid"
        numeric = block.numeric or tuple(False for _ in block.header)
        for cell, text in zip(table.rows[0].cells, block.header, strict=False):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for target, data, is_num in zip(cells, row, numeric, strict=False):
                _cell(target, data, is_num)
    else:
        assert isinstance(block, Figure)
        where.add_paragraph().add_run().add_picture(BytesIO(to_png(block.drawing)), width=Mm(block.width_mm))
        if block.caption:
            cap = where.add_paragraph()
            run = cap.add_run(block.caption)
            run.font.size = Pt(8.5)
            run.italic = True
        # The text alternative: for screen readers in Word, on the picture itself.
        pictures = where._element.xpath(".//pic:cNvPr") if hasattr(where, "_element") else []
        if pictures:
            pictures[-1].set("descr", block.alt)


def _cell(cell: Any, value: Cell, numeric: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = ""
    p = cell.paragraphs[0]
    _runs(p, value.content)
    if numeric:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
