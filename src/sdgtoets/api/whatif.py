"""``what_if``: what would lift the verdict, for an answers file (``check --what-if``).

The search itself is ``core.whatif`` (pure, bounded by a scoring budget); ``instrument.what_if_for``
runs it with the instrument's compiled plan. This module adds the JSON document that
``sdgtoets check --what-if`` prints (``schemas/whatif.schema.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..core.verdict import Verdict
from ..core.whatif import WhatIf
from ..instrument import Instrument, load_instrument, verdict_for, what_if_for
from ..loading.answers_file import read_answers

WHATIF_SCHEMA_VERSION: Final = "1.0"


@dataclass(frozen=True)
class WhatIfResult:
    """The verdict the search starts from and what would lift it."""

    verdict: Verdict
    what_if: WhatIf

    def to_dict(self) -> dict[str, Any]:
        """The published JSON shape (``schemas/whatif.schema.json``): stable keys and orders."""
        v = self.verdict
        return {
            "schema_version": WHATIF_SCHEMA_VERSION,
            "project": v.project,
            "language": v.language,
            "depth": v.depth,
            **self.what_if.to_dict(),
            "versions": v.versions,
        }


def what_if_of(instrument: Instrument, verdict: Verdict, answers: Any) -> WhatIfResult:
    """The what-if for a verdict already made from ``answers`` (computed unless the verdict
    carries it), e.g. after an interview."""
    found = verdict.what_if
    if found is None:
        found = what_if_for(instrument, answers, verdict.depth, verdict.language)
        verdict.what_if = found
    return WhatIfResult(verdict, found)


def what_if(
    answers: Path,
    *,
    depth: str | None = None,
    lang: str = "nl",
    questionnaire: Path | None = None,
    rubric: Path | None = None,
    overlays: Sequence[Path] = (),
    profile: Path | None = None,
    instrument: Instrument | None = None,
) -> WhatIfResult:
    """What would lift the verdict for the answers file ``answers``: for a verdict below the
    top level, the smallest sets of answers the project owner can change that give a better
    level (``core.whatif``). Arguments as for ``check``. Raises InputError on bad input."""
    instrument = instrument or load_instrument(questionnaire, rubric, overlays, profile)
    given = read_answers(answers, instrument.questionnaire)
    chosen = depth or given.depth or "quick"
    verdict = verdict_for(instrument, given.answers, given.project, chosen, lang, what_if=True)
    assert verdict.what_if is not None
    return WhatIfResult(verdict, verdict.what_if)
