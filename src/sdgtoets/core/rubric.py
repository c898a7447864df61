"""The rubric model: rules that turn answers into contributions, and the levels of a verdict."""

from __future__ import annotations

import fnmatch
import functools
from dataclasses import dataclass, field
from typing import Final

from .conditions import Condition, question_ids
from .text import Text

# substance: an effect on people, planet, prosperity, peace or partnership that the project causes
# or enables (decides the level); process: how the project is run (shown, earns suggestions);
# context: a fact of the municipality (its profile), shown apart and never decisive.
ASPECTS: Final = ("substance", "process", "context")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Effect:
    sign: str
    kind: str = "direct"
    strength: int = 1


@dataclass(frozen=True)
class Rule:
    id: str
    targets: tuple[str, ...]
    when: Condition
    effect: Effect
    rationale: Text
    suggestion: Text | None = None
    mitigated_if: Condition | None = None
    instrument: str | None = None
    source: str = ""  # rubric or overlay id the rule came from
    path: Path = ()
    aspect: str = "substance"
    # Why the mitigation addresses the same source as the negative (lint warns when missing).
    mitigation_rationale: Text | None = None
    # Suggestions on one topic are given once (the most important one).
    topic: str | None = None
    # A positive rule's suggestion is offered only where this holds (else: wherever it was asked).
    suggest_if: Condition | None = None


@dataclass(frozen=True)
class Level:
    """A verdict level (or an LMB level): the first whose ``when`` holds wins; no ``when`` = otherwise."""

    id: str
    label: Text
    when: Condition | None = None
    summary: Text | None = None
    path: Path = ()
    # How good the level is (higher is better), for "what would lift the verdict", merges and
    # comparisons; the evaluation order above says nothing about that. None: not on the scale.
    rank: int | None = None


@dataclass(frozen=True)
class Instrument:
    id: str
    name: Text
    description: Text | None = None
    url: str | None = None
    owner: str | None = None  # who maintains it (VVSG, Vlaamse overheid, an NGO, ...)
    checked: str | None = None  # ISO date the maintainers last checked the description and link


@dataclass(frozen=True)
class LmbSettings:
    international_justice: Condition | None
    not_lmb: Level
    levels: tuple[Level, ...]
    unknown: Level | None = None  # when international justice is unknown

    @property
    def undetermined(self) -> Level:
        return self.unknown or self.not_lmb


@dataclass(frozen=True)
class Rubric:
    id: str
    version: str
    title: Text
    questionnaire_id: str
    questionnaire_versions: tuple[str, ...]
    weights: dict[str, float]
    strong_negative_strength: int
    levels: tuple[Level, ...]
    lmb: LmbSettings
    rules: tuple[Rule, ...]
    instruments: dict[str, Instrument] = field(default_factory=dict)
    gap_suggestions: dict[str, Text] = field(default_factory=dict)
    default_gap_suggestion: Text | None = None
    max_opportunities: int = 5
    # An effect of at least this strength is "material": a negative counts in
    # material_unmitigated_negatives, a direct positive in clear_direct_positive_effects.
    material_strength: int = 2
    # A question a quick scan did not ask is a risk left unexamined when it feeds a negative rule of
    # at least this strength (metric unexamined_risks; the verdict is then provisional).
    coverage_risk_strength: int = 2
    # Added to the summary of a quick scan that left out such questions.
    provisional_note: Text | None = None
    content_hash: str = ""
    overlays: tuple[tuple[str, str], ...] = ()  # (id, version) of overlays merged in

    @functools.cached_property
    def risk_questions(self) -> frozenset[str]:
        """Questions that can reveal a material harm: they feed a negative substantive rule of at
        least ``coverage_risk_strength``. A quick scan that leaves one out is provisional."""
        return frozenset(
            qid
            for rule in self.rules
            if rule.effect.sign == "negative"
            and rule.aspect == "substance"
            and rule.effect.strength >= self.coverage_risk_strength
            for qid in question_ids(rule.when)
        )

    @functools.cached_property
    def rule_of(self) -> dict[str, Rule]:
        """Each rule by id (the last of a repeated id, as a dict built from ``rules`` holds)."""
        return {r.id: r for r in self.rules}

    def fits(self, questionnaire_id: str, questionnaire_version: str) -> bool:
        """Whether this rubric was written for that questionnaire version (``1.*`` style patterns)."""
        if questionnaire_id != self.questionnaire_id:
            return False
        return any(fnmatch.fnmatchcase(questionnaire_version, p) for p in self.questionnaire_versions)
