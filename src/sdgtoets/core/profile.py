"""The municipal profile: facts of the municipality, answered once, used by every check.

Questions in a ``scope: municipality`` section (the bank, Faire Gemeente, climate commitments,
SDGs in the multi-year plan, who supports global policy) are not the project owner's to know or
to claim. A profile answers them for all projects; their rules are context (shown apart, no
points), and without a profile they are the municipality's knowledge gaps, never the project's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .questionnaire import Questionnaire


@dataclass(frozen=True)
class MunicipalProfile:
    municipality: str
    answers: Mapping[str, Any] = field(default_factory=dict)  # checked values
    filled_in_by: str = ""
    date: str = ""
    source: str = ""  # the file it came from
    sha256: str = ""  # of that file's bytes

    def info(self) -> dict[str, Any]:
        """What a verdict records about the profile it used."""
        out: dict[str, Any] = {"municipality": self.municipality}
        for key in ("filled_in_by", "date", "source", "sha256"):
            value = getattr(self, key)
            if value:
                out["file" if key == "source" else key] = value
        return out


def municipal_questions(questionnaire: Questionnaire) -> list[str]:
    return [q.id for q in questionnaire.questions if q.scope == "municipality" and q.answerable]


def apply_profile(
    questionnaire: Questionnaire, answers: Mapping[str, Any], profile: MunicipalProfile | None
) -> Mapping[str, Any]:
    """The project's answers with the profile's facts filled in (the same mapping when there is
    no profile). The profile wins on the municipality's questions: a project cannot declare its
    own municipality a Faire Gemeente."""
    if profile is None:
        return answers
    merged = dict(answers)
    for qid in municipal_questions(questionnaire):
        if qid in profile.answers:
            merged[qid] = profile.answers[qid]
    return merged
