"""A batch portfolio as a document (summary.html): level counts, a projects x SDGs heat map with
positive and negative apart, budget per SDG, the LMB fields, and a link to each project's verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import t
from .document import Block, Cell, Document, ItemList, Paragraph, Section, Span, Table, inl
from .numbers import euro, num

MAX_HEAT_ROWS = 500  # beyond this the heat map is unreadable anyway; summary.xlsx has every row


@dataclass(frozen=True)
class PortfolioRow:
    row: int
    name: str
    level: str  # the level's label
    sdg_positive: tuple[float, ...]
    sdg_negative: tuple[float, ...]
    sdg_gaps: tuple[int, ...]
    file: str | None = None  # the project's verdict file, beside summary.html


def _tone(value: float, sign: str) -> str:
    return f"{sign}{1 if value < 3 else 2 if value < 6 else 3}"


def heat_cell(positive: float, negative: float, gaps: int, lang: str) -> Cell:
    parts = []
    if positive:
        parts.append(f"+{num(positive, lang)}")
    if negative:
        parts.append(f"−{num(negative, lang)}")
    if gaps and not parts:
        parts.append("?")
    tone = (
        "mixed"
        if positive and negative
        else _tone(positive, "pos")
        if positive
        else _tone(negative, "neg")
        if negative
        else "gap"
        if gaps
        else ""
    )
    return Cell(inl(" ".join(parts)), tone)


def portfolio_document(data: Mapping[str, Any], rows: Sequence[PortfolioRow], lang: str) -> Document:
    def w(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    n = int(data["projects"])
    sections: list[Section] = []
    levels = Table(
        (w("batch.md.verdict"), w("batch.md.projects")),
        tuple((Cell(inl(str(lv["label"]))), Cell(inl(str(lv["projects"])))) for lv in data["levels"]),
        numeric=(False, True),
    )
    intro = Paragraph(inl(w("port.intro", n=n)))
    sections.append(Section(w("batch.md.levels_title"), (intro, levels), id="levels"))

    header = (w("doc.col_nr"), w("port.project"), w("batch.md.verdict"), *(str(i) for i in range(1, 18)))
    table_rows = []
    for r in rows[:MAX_HEAT_ROWS]:
        name: Span = Span(r.name, href=r.file) if r.file else Span(r.name)
        cells = [Cell(inl(str(r.row))), Cell(inl(name)), Cell(inl(r.level))]
        cells += [
            heat_cell(p, q, g, lang)
            for p, q, g in zip(r.sdg_positive, r.sdg_negative, r.sdg_gaps, strict=True)
        ]
        table_rows.append(tuple(cells))
    heat_blocks: list[Block] = [
        Paragraph(inl(w("port.heat_intro")), "note"),
        Table(header, tuple(table_rows), numeric=(True, False, False, *([True] * 17))),
    ]
    if len(rows) > MAX_HEAT_ROWS:
        heat_blocks.append(Paragraph(inl(w("port.heat_more", n=len(rows) - MAX_HEAT_ROWS)), "note"))
    sections.append(Section(w("port.heat"), tuple(heat_blocks), id="heat-map"))

    budget = data.get("budget") is not None and any("budget_positive" in s for s in data["sdgs"])
    head = [w("batch.md.sdg"), w("batch.md.projects_positive"), w("batch.md.projects_negative")]
    if budget:
        head += [w("batch.md.budget_positive"), w("batch.md.budget_negative")]
    sdg_rows = []
    for s in data["sdgs"]:
        cells = [
            Cell(inl(f"{s['number']}. {s['name']}")),
            Cell(inl(str(s["projects_positive"]))),
            Cell(inl(str(s["projects_negative"]))),
        ]
        if budget:
            cells += [
                Cell(inl(euro(s["budget_positive"], lang))),
                Cell(inl(euro(s["budget_negative"], lang))),
            ]
        sdg_rows.append(tuple(cells))
    sections.append(
        Section(
            w("port.per_sdg"),
            (Table(tuple(head), tuple(sdg_rows), numeric=(False, *([True] * (len(head) - 1)))),),
            id="per-sdg",
        )
    )

    lmb = data.get("lmb") or {}
    fields = lmb.get("fields") or []
    items = []
    for f in fields:
        counts = ", ".join(
            f"{lv['label']}: {lv['projects']}" for lv in f.get("levels", []) if lv.get("projects")
        )
        items.append(inl(f"{f.get('name', f.get('field', ''))}: {counts or '-'}"))
    lmb_blocks: list[Block] = [
        Paragraph(
            inl(w("port.lmb_counts", yes=lmb.get("projects_lmb", 0), no=lmb.get("projects_not_lmb", 0)))
        )
    ]
    if items:
        lmb_blocks.append(ItemList(tuple(items)))
    sections.append(Section(w("doc.lmb"), tuple(lmb_blocks), id="lmb"))
    return Document(w("batch.md.title"), lang, tuple(sections))
