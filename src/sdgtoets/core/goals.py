"""The fixed frame a verdict is expressed in: the 17 SDGs, the 5 P's and the three LMB fields.

The names live in ``data/goals.yaml``; this module only holds their shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .text import Text

LMB_FIELDS: Final = ("mondiaal_burgerschap", "mondiale_beleidskeuzes", "mondiale_samenwerking")
SDG_NUMBERS: Final = tuple(range(1, 18))


@dataclass(frozen=True)
class Sdg:
    number: int
    name: Text
    pillar: str


@dataclass(frozen=True)
class Pillar:
    id: str
    name: Text


@dataclass(frozen=True)
class LmbField:
    id: str
    name: Text


@dataclass(frozen=True)
class Goals:
    sdgs: tuple[Sdg, ...]
    pillars: tuple[Pillar, ...]
    lmb_fields: tuple[LmbField, ...]

    def sdg(self, number: int) -> Sdg:
        return self.sdgs[number - 1]


def target_key(target: str) -> tuple[str, str]:
    """Split ``sdg:13`` into ``("sdg", "13")``; an LMB field id into ``("lmb", id)``."""
    if target.startswith("sdg:"):
        return "sdg", target[4:]
    if target.startswith("lmb:"):
        return "lmb", target[4:]
    return "lmb", target


def is_valid_target(target: str) -> bool:
    kind, key = target_key(target)
    if kind == "sdg":
        return key.isdigit() and 1 <= int(key) <= 17 and str(int(key)) == key
    return key in LMB_FIELDS
