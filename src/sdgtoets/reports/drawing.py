"""Pictures as a few plain shapes, drawn once and rendered as SVG (HTML) or PNG (Word).

One geometry, two small back ends: the SVG and the PNG of the SDG wheel cannot disagree.
Coordinates are in SVG user units; angles in degrees, clockwise from twelve o'clock.
Fills are colours (``#rrggbb``) or ``hatch:#rrggbb`` (diagonal lines in that colour on white),
so that negatives differ from positives by pattern, not by colour alone.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Final


@dataclass(frozen=True, slots=True)
class Sector:
    """A ring segment between radii ``r0`` < ``r1`` and angles ``a0`` < ``a1``."""

    cx: float
    cy: float
    r0: float
    r1: float
    a0: float
    a1: float
    fill: str
    stroke: str = ""
    stroke_width: float = 0


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""
    stroke_width: float = 0


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    stroke: str = ""
    stroke_width: float = 0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    stroke_width: float = 1


@dataclass(frozen=True, slots=True)
class Label:
    """Text centred vertically on ``y``; ``anchor`` is start, middle or end."""

    x: float
    y: float
    text: str
    size: float = 11
    fill: str = "#1a1a1a"
    anchor: str = "middle"
    bold: bool = False


Shape = Sector | Rect | Circle | Line | Label


@dataclass(frozen=True, slots=True)
class Drawing:
    width: float
    height: float
    shapes: tuple[Shape, ...]
    title: str = ""  # short name (SVG <title>)


def polar(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return cx + r * math.sin(rad), cy - r * math.cos(rad)


def _n(x: float) -> str:
    """A coordinate with two decimals at most: small files, the same bytes every run."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- SVG ---------------------------------------------------------------------------------------


def _paint(fill: str, patterns: dict[str, str]) -> str:
    if fill.startswith("hatch:"):
        colour = fill[6:]
        # Named after the colour, not numbered: several drawings share one HTML page, and ids
        # are page-wide, so a numbered "hatch1" of the wheel would paint the bars in its colour.
        pid = patterns.setdefault(colour, "hatch-" + "".join(c for c in colour if c.isalnum()))
        return f"url(#{pid})"
    return fill or "none"


def _stroke(stroke: str, width: float) -> str:
    return f' stroke="{stroke}" stroke-width="{_n(width)}"' if stroke and width else ""


def sector_path(s: Sector) -> str:
    large = 1 if s.a1 - s.a0 > 180 else 0
    x0, y0 = polar(s.cx, s.cy, s.r1, s.a0)
    x1, y1 = polar(s.cx, s.cy, s.r1, s.a1)
    x2, y2 = polar(s.cx, s.cy, s.r0, s.a1)
    x3, y3 = polar(s.cx, s.cy, s.r0, s.a0)
    return (
        f"M{_n(x0)} {_n(y0)}A{_n(s.r1)} {_n(s.r1)} 0 {large} 1 {_n(x1)} {_n(y1)}"
        f"L{_n(x2)} {_n(y2)}A{_n(s.r0)} {_n(s.r0)} 0 {large} 0 {_n(x3)} {_n(y3)}Z"
    )


def to_svg(drawing: Drawing, labelled_by: str = "") -> str:
    """Inline SVG (no external references), meant to sit in a <figure> with its text alternative."""
    patterns: dict[str, str] = {}
    body: list[str] = []
    for s in drawing.shapes:
        if isinstance(s, Sector):
            body.append(
                f'<path d="{sector_path(s)}" fill="{_paint(s.fill, patterns)}"'
                f"{_stroke(s.stroke, s.stroke_width)}/>"
            )
        elif isinstance(s, Rect):
            body.append(
                f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.w)}" height="{_n(s.h)}" '
                f'fill="{_paint(s.fill, patterns)}"{_stroke(s.stroke, s.stroke_width)}/>'
            )
        elif isinstance(s, Circle):
            dash = ' stroke-dasharray="2 1.5"' if s.dashed else ""
            body.append(
                f'<circle cx="{_n(s.cx)}" cy="{_n(s.cy)}" r="{_n(s.r)}" fill="{_paint(s.fill, patterns)}"'
                f"{_stroke(s.stroke, s.stroke_width)}{dash}/>"
            )
        elif isinstance(s, Line):
            body.append(
                f'<line x1="{_n(s.x1)}" y1="{_n(s.y1)}" x2="{_n(s.x2)}" y2="{_n(s.y2)}"'
                f"{_stroke(s.stroke, s.stroke_width)}/>"
            )
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            body.append(
                f'<text x="{_n(s.x)}" y="{_n(s.y)}" font-size="{_n(s.size)}" fill="{s.fill}" '
                f'text-anchor="{s.anchor}" dominant-baseline="central"{weight}>{escape(s.text)}</text>'
            )
    defs = "".join(
        f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
        f'<rect width="2.4" height="5" fill="{colour}"/></pattern>'
        for colour, pid in patterns.items()
    )
    aria = f' aria-labelledby="{labelled_by}"' if labelled_by else ""
    title = f"<title>{escape(drawing.title)}</title>" if drawing.title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(drawing.width)} {_n(drawing.height)}" '
        f'role="img"{aria} font-family="Arial, Helvetica, sans-serif">{title}'
        + (f"<defs>{defs}</defs>" if defs else "")
        + "".join(body)
        + "</svg>"
    )


# --- PNG ---------------------------------------------------------------------------------------


# Fonts with the glyphs our labels use (é, ë, the minus sign), found by name in the system's font
# folders (Windows, macOS, Linux). Pillow's bundled default font has ASCII only.
SYSTEM_FONTS: Final = (
    "DejaVuSans.ttf",
    "arial.ttf",
    "Arial.ttf",
    "LiberationSans-Regular.ttf",
    "Helvetica.ttc",
)


@cache
def _system_font() -> str | None:
    from PIL import ImageFont

    for name in SYSTEM_FONTS:
        try:
            ImageFont.truetype(name, 10)
        except OSError:
            continue
        return name
    return None


def plain_text(text: str) -> str:
    """What the ASCII-only default font can draw: the minus sign as '-', accents dropped."""
    text = text.replace("\u2212", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and ord(c) < 128)


def to_png(drawing: Drawing, scale: float = 4.0) -> bytes:
    """The same picture as a PNG, drawn with Pillow (for Word, which needs a bitmap). Drawn at
    three times the size and scaled down, since Pillow's shapes are not anti-aliased."""
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    over = 3
    k = scale * over
    size = (max(1, round(drawing.width * k)), max(1, round(drawing.height * k)))
    image = Image.new("RGB", size, "#ffffff")
    draw = ImageDraw.Draw(image)
    hatches: dict[str, Image.Image] = {}

    def hatch(colour: str) -> Image.Image:
        if colour not in hatches:
            tile = Image.new("RGB", size, "#ffffff")
            pen = ImageDraw.Draw(tile)
            step = 5 * k * math.sqrt(2)  # horizontal spacing of 45-degree lines 5 units apart
            width = max(1, round(2.4 * k))
            n = int((size[0] + size[1]) / step) + 2
            for i in range(n):
                x = i * step
                pen.line([(x, 0), (x - size[1], size[1])], fill=colour, width=width)
            hatches[colour] = tile
        return hatches[colour]

    def fill_polygon(points: list[tuple[float, float]], fill: str) -> None:
        if not fill:
            return
        if fill.startswith("hatch:"):
            mask = Image.new("L", size, 0)
            ImageDraw.Draw(mask).polygon(points, fill=255)
            image.paste(hatch(fill[6:]), (0, 0), mask)
        else:
            draw.polygon(points, fill=fill)

    def outline(points: list[tuple[float, float]], stroke: str, width: float) -> None:
        if stroke and width:
            draw.line([*points, points[0]], fill=stroke, width=max(1, round(width * k)), joint="curve")

    fonts: dict[float, ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}
    system_font = _system_font()

    def font(px: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        if px not in fonts:
            fonts[px] = ImageFont.truetype(system_font, px) if system_font else ImageFont.load_default(px)
        return fonts[px]

    for s in drawing.shapes:
        if isinstance(s, Sector):
            steps = max(4, int((s.a1 - s.a0) / 2))
            outer = [polar(s.cx, s.cy, s.r1, s.a0 + (s.a1 - s.a0) * i / steps) for i in range(steps + 1)]
            inner = [polar(s.cx, s.cy, s.r0, s.a1 - (s.a1 - s.a0) * i / steps) for i in range(steps + 1)]
            pts = [(x * k, y * k) for x, y in outer + inner]
            fill_polygon(pts, s.fill)
            outline(pts, s.stroke, s.stroke_width)
        elif isinstance(s, Rect):
            pts = [(s.x * k, s.y * k), ((s.x + s.w) * k, s.y * k)]
            pts += [((s.x + s.w) * k, (s.y + s.h) * k), (s.x * k, (s.y + s.h) * k)]
            fill_polygon(pts, s.fill)
            outline(pts, s.stroke, s.stroke_width)
        elif isinstance(s, Circle):
            box = [(s.cx - s.r) * k, (s.cy - s.r) * k, (s.cx + s.r) * k, (s.cy + s.r) * k]
            width = max(1, round(s.stroke_width * k)) if s.stroke and s.stroke_width else 0
            draw.ellipse(box, fill=s.fill or None, outline=s.stroke or None, width=width)
        elif isinstance(s, Line):
            draw.line(
                [(s.x1 * k, s.y1 * k), (s.x2 * k, s.y2 * k)],
                fill=s.stroke,
                width=max(1, round(s.stroke_width * k)),
            )
        else:
            anchor = {"start": "lm", "middle": "mm", "end": "rm"}[s.anchor]
            f = font(s.size * k)
            text = s.text if system_font else plain_text(s.text)
            draw.text((s.x * k, s.y * k), text, fill=s.fill, font=f, anchor=anchor)
            if s.bold:  # one regular face for all: draw it twice, a hair apart
                draw.text((s.x * k + max(1, k * 0.35), s.y * k), text, fill=s.fill, font=f, anchor=anchor)
    image = image.resize(
        (round(drawing.width * scale), round(drawing.height * scale)), Image.Resampling.LANCZOS
    )
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
