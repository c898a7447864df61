"""Numbers, one function per purpose: tidy values for data (JSON, sums) and text for readers.

Pure; ``lang`` is "nl" (decimal comma, thousands with a dot) or "en".
"""

from __future__ import annotations


def tidy(x: float, places: int | None = 4) -> float:
    """A value for data: rounded to ``places`` (against float noise such as 0.30000000000000004),
    and a whole number as an int, so that it adds up exactly and prints as ``4``, not ``4.0``."""
    if type(x) is int:
        return x
    r = float(x) if places is None else round(float(x), places)
    return int(r) if r.is_integer() else r


def decimal_text(x: float, lang: str, places: int | None = 2) -> str:
    """A number as a reader writes it: ``2,5`` (nl) or ``2.5`` (en), at most ``places`` decimals
    (all of them with None), no trailing zeros, whole numbers without decimals."""
    value = tidy(x, places)
    text = (
        str(value)
        if places is None or isinstance(value, int)
        else f"{value:.{places}f}".rstrip("0").rstrip(".")
    )
    return text.replace(".", ",") if lang == "nl" else text


def euro_text(x: float, lang: str) -> str:
    """An amount in euro: ``6.500.000`` (nl) or ``6,500,000`` (en); cents only when there are."""
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def signed_text(x: float, lang: str, places: int | None = 2) -> str:
    """A change: ``+2``, ``-1,5``, ``0``."""
    return ("+" if x > 0 else "") + decimal_text(x, lang, places)
