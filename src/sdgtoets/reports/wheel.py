"""The SDG wheel and the small 5P and LMB profiles, as drawings (see ``drawing``).

The wheel has 17 segments in the official SDG colours, clockwise from the top, each numbered.
Positive contributions grow outward as solid bars, negative ones inward as hatched bars: they
sit apart and are never netted, and solid versus hatched reads in grey-scale print and for
colour-blind readers. A dashed circle with a question mark marks knowledge gaps (with their
number when there are several).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.numbers import decimal_text
from .drawing import Circle, Drawing, Label, Line, Rect, Sector, Shape

# The official SDG colours (United Nations, SDG communications guidelines).
SDG_COLOURS = (
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942",
    "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D",
    "#19486A",
)  # fmt: skip
INK = "#1a1a1a"
TRACK = "#eeeeee"
POSITIVE = "#19486A"  # profiles: positive bars (solid)
NEGATIVE = "#8a1c1c"  # profiles: negative bars (hatched)


@dataclass(frozen=True, slots=True)
class Bar:
    """One SDG (or one P, one LMB field) as drawn: its points apart, and its knowledge gaps."""

    label: str
    positive: float
    negative: float
    gaps: int = 0
    note: str = ""  # profiles: a word after the bars (an LMB level)


@dataclass(frozen=True, slots=True)
class Legend:
    positive: str
    negative: str
    gaps: str


def text_colour(hex_colour: str) -> str:
    """White on the colour where it reads well enough (contrast 3:1, large bold numbers), else
    black: the light SDG colours (7, 11, 2) get black numbers."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#ffffff" if 1.05 / (lum + 0.05) >= 3 else INK


def _scale(bars: Sequence[Bar], floor: float) -> float:
    return max([floor, *(b.positive for b in bars), *(b.negative for b in bars)])


def _legend(y: float, x: float, legend: Legend, shapes: list[Shape]) -> None:
    shapes.append(Rect(x, y - 5, 12, 10, POSITIVE))
    shapes.append(Label(x + 16, y, legend.positive, 10, anchor="start"))
    x2 = x + 22 + 6.2 * len(legend.positive)
    shapes.append(Rect(x2, y - 5, 12, 10, "hatch:" + NEGATIVE, NEGATIVE, 0.8))
    shapes.append(Label(x2 + 16, y, legend.negative, 10, anchor="start"))
    x3 = x2 + 22 + 6.2 * len(legend.negative)
    shapes.append(Circle(x3 + 6, y, 6, "#ffffff", INK, 0.8, dashed=True))
    shapes.append(Label(x3 + 6, y, "?", 8, bold=True))
    shapes.append(Label(x3 + 16, y, legend.gaps, 10, anchor="start"))


def sdg_wheel(sdgs: Sequence[Bar], legend: Legend, title: str) -> Drawing:
    """The wheel for 17 bars (SDG 1 to 17, in order)."""
    assert len(sdgs) == 17
    cx = cy = 190.0
    hole, ring0, ring1, outer = 30.0, 76.0, 102.0, 168.0
    step = 360 / 17
    scale = _scale(sdgs, 8)
    shapes: list[Shape] = []
    for i, bar in enumerate(sdgs):
        a0, a1 = i * step, (i + 1) * step
        colour = SDG_COLOURS[i]
        # tracks: where a bar would be, so an empty SDG still reads as "nothing found"
        shapes.append(Sector(cx, cy, ring1 + 2, outer, a0, a1, TRACK, "#ffffff", 1))
        shapes.append(Sector(cx, cy, hole, ring0 - 2, a0, a1, TRACK, "#ffffff", 1))
        if bar.positive:
            r = ring1 + 2 + (outer - ring1 - 2) * bar.positive / scale
            shapes.append(Sector(cx, cy, ring1 + 2, r, a0, a1, colour, "#ffffff", 1))
        if bar.negative:
            r = ring0 - 2 - (ring0 - 2 - hole) * bar.negative / scale
            shapes.append(Sector(cx, cy, r, ring0 - 2, a0, a1, "hatch:" + colour, INK, 0.8))
        shapes.append(Sector(cx, cy, ring0, ring1, a0, a1, colour, "#ffffff", 1))
        x, y = _polar(cx, cy, (ring0 + ring1) / 2, (a0 + a1) / 2)
        shapes.append(Label(x, y, str(i + 1), 11, text_colour(colour), bold=True))
        if bar.gaps:
            gx, gy = _polar(cx, cy, outer + 10, (a0 + a1) / 2)
            shapes.append(Circle(gx, gy, 8, "#ffffff", INK, 0.9, dashed=True))
            mark = "?" if bar.gaps == 1 else f"?{bar.gaps}"
            shapes.append(Label(gx, gy, mark, 8 if bar.gaps == 1 else 6.5, INK, bold=True))
    shapes.append(Circle(cx, cy, hole - 2, "#ffffff"))
    shapes.append(Label(cx, cy - 7, "+", 12, INK, bold=True))
    shapes.append(Line(cx - 6, cy + 7, cx + 6, cy + 7, INK, 2))
    _legend(398, 20, legend, shapes)
    return Drawing(380, 412, tuple(shapes), title)


def profile(rows: Sequence[Bar], legend: Legend | None, title: str) -> Drawing:
    """Small horizontal bars: negative to the left (hatched), positive to the right (solid), with
    the figures written at the bar ends, and an optional word (an LMB level) after them."""
    has_notes = any(r.note for r in rows)
    label_w, half, row_h = 5.6 * max(len(r.label) for r in rows) + 8, 46.0, 32.0 if has_notes else 20.0
    # wide enough for the longest note too (at 9 units, about 5.2 units a character in a sans font)
    width = max(label_w + 2 * half + 52, max((5.2 * len(r.note) for r in rows), default=0.0))
    axis = label_w + half + 20
    scale = _scale(rows, 4)
    shapes: list[Shape] = []
    for i, row in enumerate(rows):
        y = 10 + i * row_h + (8 if has_notes else row_h / 2)
        shapes.append(Label(0, y, row.label, 10, anchor="start"))
        shapes.append(Rect(axis - half, y - 6, 2 * half, 12, TRACK))
        shapes.append(Line(axis, y - 8, axis, y + 8, INK, 1))
        if row.negative:
            w = half * row.negative / scale
            shapes.append(Rect(axis - w, y - 6, w, 12, "hatch:" + NEGATIVE, NEGATIVE, 0.8))
        if row.positive:
            w = half * row.positive / scale
            shapes.append(Rect(axis, y - 6, w, 12, POSITIVE))
        # "0", not "−0" / "+0": a sign on nothing reads as a finding
        minus = f"−{_num(row.negative)}" if row.negative else "0"
        plus = f"+{_num(row.positive)}" if row.positive else "0"
        shapes.append(Label(axis - half - 3, y, minus, 9, anchor="end"))
        shapes.append(Label(axis + half + 3, y, plus, 9, anchor="start"))
        if row.gaps:
            shapes.append(Label(axis + half + 30, y, f"?{row.gaps}", 9, anchor="start", bold=True))
        if row.note:
            shapes.append(Label(0, y + 13, row.note, 9, "#555555", anchor="start"))
    height = 14 + len(rows) * row_h
    if legend is not None:
        _legend(height + 8, 0, legend, shapes)
        height += 18
    return Drawing(width, height, tuple(shapes), title)


def _num(x: float) -> str:
    return decimal_text(x, "en")  # figures in a drawing: the same in both languages


def _polar(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    from .drawing import polar

    return polar(cx, cy, r, angle)
