"""Numbers, amounts and dates as a reader in Flanders (or in English) writes them."""

from __future__ import annotations

import datetime as dt

from ..core.numbers import decimal_text, euro_text
from ..i18n import t

num = decimal_text  # ``4``, ``2,5`` (nl) or ``2.5`` (en): whole numbers without decimals
euro = euro_text  # 6.500.000 (nl) or 6,500,000 (en); cents only when there are


def long_date(day: dt.date, lang: str) -> str:
    return t("doc.date_value", lang, day=day.day, month=t(f"month.{day.month}", lang), year=day.year)


def join_words(items: list[str], lang: str) -> str:
    """``a, b en c`` / ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('word.and', lang)} " + items[-1]
