"""The rubric model: rules that turn answers into contributions, and the levels of a verdict."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Final

from .conditions import Condition
from .text import Text

SIGNS: Final = ("positive", "negative")
KINDS: Final = ("direct", "indirect")
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


@dataclass(frozen=True)
class Level:
    """A verdict level (or an LMB level): the first whose ``when`` holds wins; no ``when`` = otherwise."""

    id: str
    label: Text
    when: Condition | None = None
    summary: Text | None = None
    path: Path = ()


@dataclass(frozen=True)
class Instrument:
    id: str
    name: Text
    description: Text | None = None
    url: str | None = None


@dataclass(frozen=True)
class LmbSettings:
    international_justice: Condition | None
    not_lmb: Level
    levels: tuple[Level, ...]


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
    content_hash: str = ""
    overlays: tuple[tuple[str, str], ...] = ()  # (id, version) of overlays merged in

    def fits(self, questionnaire_id: str, questionnaire_version: str) -> bool:
        """Whether this rubric was written for that questionnaire version (``1.*`` style patterns)."""
        if questionnaire_id != self.questionnaire_id:
            return False
        return any(fnmatch.fnmatchcase(questionnaire_version, p) for p in self.questionnaire_versions)
