"""Build questionnaire, rubric and goals models from plain (already schema-checked) data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .conditions import Condition, parse
from .goals import Goals, LmbField, Pillar, Sdg
from .numbers import tidy
from .questionnaire import Choice, Question, Questionnaire, Section
from .rubric import Effect, Instrument, Level, LmbSettings, Rubric, Rule
from .text import Text

Path = tuple[str | int, ...]


def content_hash(data: Any) -> str:
    """A hash of the meaning, not the bytes: comments and key order do not change it."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _num(value: Any) -> float:
    """Whole weights stay ints, so points add up exactly and print as ``4``, not ``4.0``."""
    return tidy(float(value), places=None)


def _text(value: Any) -> Text | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {"nl": value}
    return {str(k): str(v) for k, v in value.items()}


def _cond(value: Any, path: Path) -> Condition | None:
    return None if value is None else parse(value, path)


def section_from_data(sec: Mapping[str, Any], spath: Path) -> Section:
    return Section(
        id=str(sec["id"]),
        title=_text(sec.get("title")) or {"nl": str(sec["id"])},
        intro=_text(sec.get("intro")),
        visible_if=_cond(sec.get("visible_if"), (*spath, "visible_if")),
        path=spath,
        scope=str(sec.get("scope", "project")),
    )


def question_from_data(
    q: Mapping[str, Any], section_id: str, qpath: Path, scope: str = "project"
) -> Question:
    return Question(
        id=str(q["id"]),
        type=str(q["type"]),
        label=_text(q.get("label")) or {"nl": str(q["id"])},
        section=section_id,
        depth=str(q.get("depth", "quick")),
        help=_text(q.get("help")),
        choices=tuple(
            Choice(
                str(c["value"]),
                _text(c.get("label")) or {"nl": str(c["value"])},
                bool(c.get("gap", False)),
                bool(c.get("no_effect", False)),
                bool(c.get("changeable", True)),
            )
            for c in q.get("choices", [])
        ),
        minimum=q.get("min"),
        maximum=q.get("max"),
        unit=_text(q.get("unit")),
        visible_if=_cond(q.get("visible_if"), (*qpath, "visible_if")),
        path=qpath,
        scope=scope,
        changeable=bool(q.get("changeable", True)),
        short=_text(q.get("short")),
    )


def questionnaire_from_data(data: Mapping[str, Any]) -> Questionnaire:
    sections: list[Section] = []
    questions: list[Question] = []
    for si, sec in enumerate(data.get("sections", [])):
        spath: Path = ("sections", si)
        section = section_from_data(sec, spath)
        sections.append(section)
        for qi, q in enumerate(sec.get("questions", [])):
            questions.append(question_from_data(q, section.id, (*spath, "questions", qi), section.scope))
    return Questionnaire(
        id=str(data["id"]),
        version=str(data["version"]),
        languages=tuple(data.get("languages", ["nl"])),
        title=_text(data.get("title")) or {"nl": str(data["id"])},
        description=_text(data.get("description")),
        sections=tuple(sections),
        questions=tuple(questions),
        content_hash=content_hash(data),
    )


def _level(data: Mapping[str, Any], path: Path) -> Level:
    return Level(
        id=str(data["id"]),
        label=_text(data.get("label")) or {"nl": str(data["id"])},
        when=_cond(data.get("when"), (*path, "when")),
        summary=_text(data.get("summary")),
        path=path,
        rank=int(data["rank"]) if data.get("rank") is not None else None,
    )


def _targets(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def rules_from_data(rules: Sequence[Mapping[str, Any]], source: str, base: Path = ("rules",)) -> list[Rule]:
    out = []
    for i, r in enumerate(rules):
        path: Path = (*base, i)
        eff = r.get("effect", {})
        when = parse(r["when"], (*path, "when"))
        out.append(
            Rule(
                id=str(r["id"]),
                targets=_targets(r["target"]),
                when=when,
                effect=Effect(str(eff["sign"]), str(eff.get("kind", "direct")), int(eff.get("strength", 1))),
                rationale=_text(r.get("rationale")) or {"nl": ""},
                suggestion=_text(r.get("suggestion")),
                mitigated_if=_cond(r.get("mitigated_if"), (*path, "mitigated_if")),
                instrument=r.get("instrument"),
                source=source,
                path=path,
                aspect=str(r.get("aspect", "substance")),
                mitigation_rationale=_text(r.get("mitigation_rationale")),
                topic=r.get("topic"),
                suggest_if=_cond(r.get("suggest_if"), (*path, "suggest_if")),
            )
        )
    return out


def rubric_from_data(data: Mapping[str, Any], overlays: Sequence[Mapping[str, Any]] = ()) -> Rubric:
    """The rubric, with local overlays' rules, instruments and gap suggestions added on top."""
    q = data.get("questionnaire", {})
    lmb = data.get("lmb", {})
    rules = rules_from_data(data.get("rules", []), str(data["id"]))
    instruments = _instruments(data.get("instruments", {}))
    gap_suggestions = {str(k): _text(v) or {} for k, v in (data.get("gap_suggestions") or {}).items()}
    for ov in overlays:
        rules.extend(rules_from_data(ov.get("rules", []), str(ov["id"])))
        instruments.update(_instruments(ov.get("instruments", {})))
        gap_suggestions.update({str(k): _text(v) or {} for k, v in (ov.get("gap_suggestions") or {}).items()})
    suggestions = data.get("suggestions", {}) or {}
    return Rubric(
        id=str(data["id"]),
        version=str(data["version"]),
        title=_text(data.get("title")) or {"nl": str(data["id"])},
        questionnaire_id=str(q.get("id", "")),
        questionnaire_versions=tuple(str(v) for v in q.get("versions", ["*"])),
        weights={str(k): _num(v) for k, v in (data.get("weights") or {"direct": 2, "indirect": 1}).items()},
        strong_negative_strength=int(data.get("strong_negative_strength", 3)),
        levels=tuple(_level(lv, ("levels", i)) for i, lv in enumerate(data.get("levels", []))),
        lmb=LmbSettings(
            international_justice=_cond(lmb.get("international_justice"), ("lmb", "international_justice")),
            not_lmb=_level(lmb.get("not_lmb", {"id": "geen_lmb"}), ("lmb", "not_lmb")),
            levels=tuple(_level(lv, ("lmb", "levels", i)) for i, lv in enumerate(lmb.get("levels", []))),
            unknown=_level(lmb["unknown"], ("lmb", "unknown")) if lmb.get("unknown") else None,
        ),
        rules=tuple(rules),
        instruments=instruments,
        gap_suggestions=gap_suggestions,
        default_gap_suggestion=_text(suggestions.get("knowledge_gap")),
        max_opportunities=int(suggestions.get("max_strengthen", 5)),
        material_strength=int(data.get("material_strength", 2)),
        coverage_risk_strength=int(data.get("coverage_risk_strength", 2)),
        provisional_note=_text(data.get("provisional_note")),
        content_hash=content_hash([data, *overlays]) if overlays else content_hash(data),
        overlays=tuple((str(o["id"]), str(o.get("version", ""))) for o in overlays),
    )


def _instruments(data: Mapping[str, Any]) -> dict[str, Instrument]:
    return {
        str(k): Instrument(
            str(k),
            _text(v.get("name")) or {"nl": str(k)},
            _text(v.get("description")),
            v.get("url"),
            v.get("owner"),
            str(v["checked"]) if v.get("checked") is not None else None,
        )
        for k, v in (data or {}).items()
    }


def goals_from_data(data: Mapping[str, Any]) -> Goals:
    def text(d: Mapping[str, Any]) -> Text:
        return {"nl": str(d["nl"]), "en": str(d["en"])}

    return Goals(
        sdgs=tuple(Sdg(int(s["number"]), text(s), str(s["pillar"])) for s in data["sdgs"]),
        pillars=tuple(Pillar(str(p["id"]), text(p)) for p in data["pillars"]),
        lmb_fields=tuple(LmbField(str(f["id"]), text(f)) for f in data["lmb_fields"]),
    )
