"""Local overlays: a municipality's own questions on top of the bundled questionnaire.

An overlay (``kind: overlay``) may carry ``sections:``. A section whose id already exists in the
questionnaire gets the overlay's questions appended at its end; a new id adds a whole section at
the end of the questionnaire. Rules, instruments and gap suggestions of overlays are merged by
``definitions.rubric_from_data``. Pure: plain data in, models out.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .definitions import content_hash, question_from_data, section_from_data
from .questionnaire import Question, Questionnaire, Section

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Extended:
    """The questionnaire with overlay questions, and which overlay each added item came from."""

    questionnaire: Questionnaire
    question_sources: dict[str, str] = field(default_factory=dict)  # question id -> overlay id
    section_sources: dict[str, str] = field(default_factory=dict)  # new section id -> overlay id


def overlay_base(overlay: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The rubric id an overlay extends, and the rubric versions it accepts (``*`` when not given)."""
    ext = overlay.get("extends") or {}
    return str(ext.get("id", "")), tuple(str(v) for v in ext.get("versions", ["*"]))


def fits_base(overlay: Mapping[str, Any], rubric_id: str, rubric_version: str) -> bool:
    base, versions = overlay_base(overlay)
    return base == rubric_id and any(fnmatch.fnmatchcase(rubric_version, p) for p in versions)


def extend_questionnaire(base: Questionnaire, overlays: Sequence[Mapping[str, Any]]) -> Extended:
    """``base`` with each overlay's sections and questions added, in overlay order.

    Paths of added items point into their overlay file. Questions whose id already exists are
    still added: lint reports them as duplicates (L001).
    """
    if not any(ov.get("sections") for ov in overlays):
        return Extended(base)
    sections: list[Section] = list(base.sections)
    by_section: dict[str, list[Question]] = {
        s.id: [q for q in base.questions if q.section == s.id] for s in sections
    }
    question_sources: dict[str, str] = {}
    section_sources: dict[str, str] = {}
    for ov in overlays:
        ov_id = str(ov.get("id", ""))
        for si, sec in enumerate(ov.get("sections") or []):
            spath: Path = ("sections", si)
            sid = str(sec["id"])
            if sid not in by_section:
                sections.append(section_from_data(sec, spath))
                by_section[sid] = []
                section_sources[sid] = ov_id
            scope = next(s.scope for s in sections if s.id == sid)
            for qi, q in enumerate(sec.get("questions") or []):
                question = question_from_data(q, sid, (*spath, "questions", qi), scope)
                by_section[sid].append(question)
                question_sources.setdefault(question.id, ov_id)
    questions = tuple(q for s in sections for q in by_section[s.id])
    merged = Questionnaire(
        id=base.id,
        version=base.version,
        languages=base.languages,
        title=base.title,
        description=base.description,
        sections=tuple(sections),
        questions=questions,
        content_hash=content_hash([base.content_hash, *[ov.get("sections") or [] for ov in overlays]]),
    )
    return Extended(merged, question_sources, section_sources)
