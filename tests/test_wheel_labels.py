"""Labels of the pictures: no sign on nothing, and in the PNG (Word) only glyphs the font has."""

from __future__ import annotations

import pytest
from PIL import ImageDraw

from sdgtoets.reports import drawing
from sdgtoets.reports.drawing import Label, plain_text
from sdgtoets.reports.wheel import Bar, profile


def test_a_zero_has_no_sign() -> None:
    pic = profile([Bar("Vrede", 0, 0), Bar("Planeet", 3, 2)], None, "De 5 P's")
    texts = [s.text for s in pic.shapes if isinstance(s, Label)]
    assert "−0" not in texts and "+0" not in texts
    assert texts.count("0") == 2 and "−2" in texts and "+3" in texts


def test_plain_text_keeps_what_ascii_can_say() -> None:
    assert plain_text("−4") == "-4"
    assert plain_text("Coöperatie één") == "Cooperatie een"


@pytest.mark.parametrize("fonts", [drawing.SYSTEM_FONTS, ()], ids=["system font", "no system font"])
def test_the_png_draws_each_label_in_a_font_that_has_its_glyphs(fonts, monkeypatch) -> None:
    drawn: list[str] = []
    real = ImageDraw.ImageDraw.text

    def spy(self, xy, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(text)
        return real(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", spy)
    monkeypatch.setattr(drawing, "SYSTEM_FONTS", fonts)
    drawing._system_font.cache_clear()
    try:
        drawing.to_png(profile([Bar("Coöperatie", 0, 40)], None, "x"), scale=1)
        found = drawing._system_font()
    finally:
        drawing._system_font.cache_clear()
    if found:
        assert "−40" in drawn and "Coöperatie" in drawn
    else:
        assert "-40" in drawn and "Cooperatie" in drawn and all(t.isascii() for t in drawn)


def test_hatch_patterns_of_drawings_on_one_page_cannot_collide() -> None:
    """Every pattern id names its colour: on a page with the wheel and the bars, an id used by
    two drawings is the same pattern (same colour), never another colour's."""
    import re

    from sdgtoets.reports.drawing import Drawing as Pic
    from sdgtoets.reports.drawing import Rect, to_svg

    red = to_svg(Pic(10, 10, (Rect(0, 0, 5, 5, "hatch:#c5192d"),), "a"))
    green = to_svg(Pic(10, 10, (Rect(0, 0, 5, 5, "hatch:#56c02b"),), "b"))
    ids = {svg: re.findall(r'<pattern id="([^"]+)"', svg) for svg in (red, green)}
    assert set(ids[red]).isdisjoint(ids[green])
