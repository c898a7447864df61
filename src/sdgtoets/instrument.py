"""The instrument (questionnaire, fitting rubric, goals frame) and scoring one project with it.

Below the API and the batch runner, above the loaders: ``api.check``, ``api.batch`` and the
interview all score through ``verdict_for``, so the same answers always give the same verdict.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .core.goals import Goals
from .core.profile import MunicipalProfile, apply_profile
from .core.questionnaire import Questionnaire
from .core.rubric import Rubric
from .core.scoring import Words
from .core.verdict import Verdict
from .i18n import t
from .loading.definitions import load_definitions, load_goals

if TYPE_CHECKING:
    from .core.plan import Figures, Plan
    from .core.whatif import WhatIf


@dataclass(frozen=True)
class Instrument:
    """A questionnaire, a fitting rubric and the goals frame: everything needed to score."""

    questionnaire: Questionnaire
    rubric: Rubric
    goals: Goals
    # The municipality's facts (``core.profile``), filled into every project scored with it.
    profile: MunicipalProfile | None = None

    @functools.cached_property
    def plan(self) -> Plan:
        """The compiled scoring plan (``core.plan``), built on first use and kept with the
        instrument: one project costs nothing extra, a batch reuses its memos for every row."""
        from .core.plan import Plan

        return Plan(self.questionnaire, self.rubric, self.goals)


def load_instrument(
    questionnaire: Path | None = None,
    rubric: Path | None = None,
    overlays: Sequence[Path] = (),
    profile: Path | None = None,
) -> Instrument:
    """Load (bundled by default) and check that the rubric fits the questionnaire. Overlays add
    their rules to the rubric and their questions to the questionnaire. Files that are not the
    bundled ones are refused when ``validate`` would report an error in them. ``profile`` is a
    municipal profile file whose facts fill in every project scored with the instrument."""
    q, r = load_definitions(questionnaire, rubric, overlays)
    municipal = None
    if profile is not None:
        from .loading.profile import read_profile

        municipal = read_profile(profile, q)
    return Instrument(q, r, load_goals(), municipal)


@functools.cache
def words(lang: str) -> Words:
    """The small words scoring writes into explanations (yes, no, don't know, ...)."""
    return Words(
        yes=t("word.yes", lang),
        no=t("word.no", lang),
        unknown=t("word.unknown", lang),
        none_selected=t("word.none_selected", lang),
        list_and=t("word.and", lang),
    )


def verdict_for(
    instrument: Instrument,
    answers: Mapping[str, Any],
    project: Mapping[str, Any],
    depth: str = "quick",
    lang: str = "nl",
    explain: bool = True,
    what_if: bool = False,
) -> Verdict:
    """The verdict for one project; ``explain=False`` skips the explaining texts (same figures).
    Computed by the instrument's compiled plan, which equals ``core.scoring.score`` (tested).
    ``what_if=True`` also computes what would lift the verdict (``what_if_for``) into
    ``verdict.what_if``, which the verdict document shows."""
    verdict = instrument.plan.verdict(
        apply_profile(instrument.questionnaire, answers, instrument.profile),
        project=project,
        depth=depth,
        lang=lang,
        words=words(lang),
        tool_version=__version__,
        explain=explain,
        profile=instrument.profile.info() if instrument.profile else None,
    )
    if what_if:
        verdict.what_if = what_if_for(instrument, answers, depth, lang)
    return verdict


def what_if_for(
    instrument: Instrument, answers: Mapping[str, Any], depth: str = "quick", lang: str = "nl"
) -> WhatIf:
    """What would lift the verdict (``core.whatif.what_if``): the smallest sets of changes to
    the answers the project owner can act on that give a better level, scored by the
    instrument's plan, with the municipal profile filled in as for the verdict. Nothing to
    search (no targets) when the verdict is already at the top level."""
    from .core.whatif import what_if

    return what_if(
        instrument.questionnaire,
        instrument.rubric,
        apply_profile(instrument.questionnaire, answers, instrument.profile),
        depth,
        lang=lang,
        words=words(lang),
        plan=instrument.plan,
    )


def figures_for(instrument: Instrument, answers: Mapping[str, Any], depth: str = "quick") -> Figures:
    """What a portfolio summary needs of one project's verdict, without building the verdict."""
    return instrument.plan.figures(
        apply_profile(instrument.questionnaire, answers, instrument.profile), depth
    )
