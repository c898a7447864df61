"""``sdgtoets template``: an answers skeleton (YAML) or the machine-readable question list (JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ..core.questionnaire import Question, Questionnaire
from ..core.text import pick
from ..i18n import t
from .common import choose, emit, input_errors, language

TEMPLATE_FORMATS = ("yaml", "json")


def question_entry(q: Question) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": q.id,
        "type": q.type,
        "section": q.section,
        "depth": q.depth,
        "label": dict(q.label),
        "choices": [c.value for c in q.choices],
    }
    if q.choices:
        entry["choice_labels"] = {c.value: dict(c.label) for c in q.choices}
    if q.minimum is not None:
        entry["min"] = q.minimum
    if q.maximum is not None:
        entry["max"] = q.maximum
    if q.help:
        entry["help"] = dict(q.help)
    if q.visible_if is not None:
        entry["condition"] = condition_data(q.visible_if)
    return entry


def condition_data(cond: Any) -> Any:
    from ..core.conditions import All, AnyOf, Compare, Not

    if isinstance(cond, Compare):
        out: dict[str, Any] = {cond.kind: cond.subject, "op": cond.op}
        if cond.op not in ("answered", "unanswered"):
            out["value"] = list(cond.value) if isinstance(cond.value, tuple) else cond.value
        return out
    if isinstance(cond, Not):
        return {"not": condition_data(cond.item)}
    assert isinstance(cond, All | AnyOf)
    return {("all" if isinstance(cond, All) else "any"): [condition_data(c) for c in cond.items]}


def json_template(questionnaire: Questionnaire, depth: str) -> str:
    questions = [question_entry(q) for q in questionnaire.questions if q.answerable and _in(q, depth)]
    data = {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "questions": questions,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _in(q: Question, depth: str) -> bool:
    return depth == "full" or q.depth == "quick"


def _yaml_scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def yaml_template(questionnaire: Questionnaire, depth: str, lang: str) -> str:
    lines = [
        "# yaml-language-server: $schema=https://sdgtoets.vvsg.invalid/schemas/answers.schema.json",
        f"# {t('template.header', lang)}",
        "project:",
        f"  name: {_yaml_scalar(t('template.project_name', lang))}",
        "questionnaire:",
        f"  id: {questionnaire.id}",
        f"  version: {_yaml_scalar(questionnaire.version)}",
        f"depth: {depth}",
        "answers:",
    ]
    section = ""
    for q in questionnaire.questions:
        if not q.answerable or not _in(q, depth):
            continue
        if q.section != section:
            section = q.section
            sec = questionnaire.section(section)
            lines.append(f"  # --- {pick(sec.title, lang) if sec else section}")
        lines.append(f"  # {pick(q.label, lang)}")
        if q.type in ("single_choice", "multi_choice"):
            opts = ", ".join(f"{c.value} ({pick(c.label, lang)})" for c in q.choices)
            lines.append(f"  #   {t('template.choices', lang)}: {opts}")
            if q.type == "multi_choice":
                lines.append(f"  #   {t('template.multi', lang)}")
        elif q.type == "boolean":
            lines.append(f"  #   {t('template.boolean', lang)}")
        elif q.type == "number":
            rng = ""
            if q.minimum is not None or q.maximum is not None:
                rng = f" ({q.minimum if q.minimum is not None else ''}..{q.maximum if q.maximum is not None else ''})"
            lines.append(f"  #   {t('template.number', lang)}{rng}")
        else:
            lines.append(f"  #   {t('template.text', lang)}")
        if q.visible_if is not None:
            lines.append(f"  #   {t('template.only_if', lang)}: {json.dumps(condition_data(q.visible_if))}")
        if q.depth == "full":
            lines.append(f"  #   ({t('template.full_only', lang)})")
        lines.append(f"  {q.id}:")
    return "\n".join(lines) + "\n"


def template(
    fmt: str = typer.Option(
        "yaml", "--format", "-f", help="yaml (in te vullen antwoorden) of json (lijst van vragen)."
    ),
    depth: str = typer.Option("full", "--depth", "-d", help="quick of full: welke vragen erin komen."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Schrijf naar dit bestand (anders het scherm)."
    ),
    force: bool = typer.Option(False, "--force", help="Overschrijf een bestaand bestand."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Taal: nl (standaard) of en."),
    questionnaire: Path | None = typer.Option(None, "--questionnaire", help="Een andere vragenlijst (YAML)."),
) -> None:
    """Maak een in te vullen antwoordenbestand, of een lijst van alle vragen voor andere tools."""
    lng = language(lang)
    fmt = choose(fmt, _formats(), "usage.bad_format", lng)
    depth = choose(depth, ("quick", "full"), "usage.bad_depth", lng)
    with input_errors(lng):
        from ..loading.definitions import load_questionnaire

        q = load_questionnaire(questionnaire)
        if fmt in ("xlsx", "csv"):
            from ..batch.template import write_sheet_template

            write_sheet_template(q, fmt, depth, lng, output, force)
            return
        text = json_template(q, depth) if fmt == "json" else yaml_template(q, depth, lng)
        emit(text, output, force)


def _formats() -> tuple[str, ...]:
    try:
        from ..batch import template as _  # noqa: F401
    except ImportError:
        return TEMPLATE_FORMATS
    return (*TEMPLATE_FORMATS, "xlsx", "csv")


def register(app: typer.Typer) -> None:
    app.command("template")(template)
