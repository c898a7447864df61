"""Every metric a rubric level can test, declared once: its range and what it means.

Scoring computes exactly these keys (a test keeps them in step); lint uses the ranges to find
levels that can never be reached; ``docs/methodology.md`` explains them for maintainers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Metric:
    name: str
    low: float
    high: float | None = None  # None: no upper bound
    integer: bool = True
    meaning: str = ""


def _table(*metrics: Metric) -> dict[str, Metric]:
    return {m.name: m for m in metrics}


VERDICT_METRICS: Final = _table(
    # Substance: what the project does to people, planet, prosperity, peace and partnership.
    Metric("substantive_positive_effects", 0, None, True, "positive substantive rules that apply"),
    Metric("clear_direct_positive_effects", 0, None, True, "of those, the direct ones of material strength"),
    Metric("substantive_positive_points", 0, None, False, "their points, each rule counted once"),
    Metric("substantive_sdgs_with_positive", 0, 17, True, "SDGs with a positive substantive contribution"),
    Metric("substantive_pillars_with_positive", 0, 5, True, "P's with a positive substantive contribution"),
    Metric("unmitigated_negative_effects", 0, None, True, "negative substantive rules not mitigated"),
    Metric("material_unmitigated_negatives", 0, None, True, "of those, the material ones (strength)"),
    Metric("unmitigated_strong_negatives", 0, None, True, "of those, the strong ones"),
    # Process: how the project is run (shown, never decisive on its own).
    Metric("process_positive_effects", 0, None, True, "positive process rules that apply"),
    Metric("process_negative_effects", 0, None, True, "negative process rules that apply"),
    # Totals over the SDG profile (substance).
    Metric("positive_total", 0, None, False, "positive points summed over the 17 SDGs"),
    Metric("negative_total", 0, None, False, "negative points summed over the 17 SDGs"),
    Metric("sdgs_with_positive", 0, 17, True, "SDGs with a positive contribution"),
    Metric("sdgs_with_negative", 0, 17, True, "SDGs with a negative contribution"),
    Metric("pillars_with_positive", 0, 5, True, "P's with a positive contribution"),
    Metric("negative_contributions", 0, None, True, "negative contributions (per target)"),
    Metric("unmitigated_negatives", 0, None, True, "unmitigated negative contributions (per target)"),
    Metric("trade_offs", 0, 17, True, "SDGs with a negative next to positives elsewhere"),
    # What is known.
    Metric("knowledge_gaps", 0, None, True, "the project's knowledge gaps"),
    Metric("assessed_questions", 0, None, True, "the project's questions asked"),
    Metric("knowledge_gap_share", 0, 1, False, "knowledge gaps / questions asked"),
    Metric("municipal_knowledge_gaps", 0, None, True, "facts of the municipality not known (no profile)"),
    Metric(
        "unexamined_risks", 0, None, True, "questions a quick scan left out that can reveal a material harm"
    ),
    Metric("unknown_risks", 0, None, True, "such questions left at 'weet niet', open or 'niet bekeken'"),
    # Lokaal mondiaal beleid.
    Metric("lmb_fields_with_positive", 0, 3, True, "LMB fields with a counted positive contribution"),
    Metric("is_lmb", 0, 1, True, "1 when the project counts as lokaal mondiaal beleid"),
)

# The metrics of one LMB action field.
LMB_METRICS: Final = _table(
    Metric("positive", 0, None, False, "positive points counted for the field"),
    Metric("negative", 0, None, False, "negative points on the field"),
    Metric("knowledge_gaps", 0, None, True, "knowledge gaps on the field"),
)
