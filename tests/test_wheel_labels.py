"""The bar labels of the 5 P's and the LMB fields: no sign on nothing ("0", never "−0" or "+0")."""

from __future__ import annotations

from sdgtoets.reports.drawing import Label
from sdgtoets.reports.wheel import Bar, profile


def test_a_zero_has_no_sign() -> None:
    drawing = profile([Bar("Vrede", 0, 0), Bar("Planeet", 3, 2)], None, "De 5 P's")
    texts = [s.text for s in drawing.shapes if isinstance(s, Label)]
    assert "−0" not in texts and "+0" not in texts
    assert texts.count("0") == 2 and "−2" in texts and "+3" in texts
