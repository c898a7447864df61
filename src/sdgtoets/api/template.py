"""``template``: an answers file to fill in (YAML), the question list (JSON), or a project list
to fill in (``xlsx``/``csv``, for ``batch``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..batch.template import condition_words
from ..core.conditions import to_data
from ..core.questionnaire import Question, Questionnaire, in_depth
from ..core.text import pick
from ..i18n import t
from ..loading.definitions import load_questionnaire

FORMATS = ("yaml", "json", "xlsx", "csv")


@dataclass(frozen=True)
class Template:
    """The template's content: text, or bytes for ``xlsx``."""

    fmt: str
    content: str | bytes

    @property
    def binary(self) -> bool:
        return isinstance(self.content, bytes)


def template(
    fmt: str = "yaml", *, depth: str = "full", lang: str = "nl", questionnaire: Path | None = None
) -> Template:
    """The template in ``fmt`` (one of ``FORMATS``) with the questions of ``depth``. Raises
    InputError when the questionnaire cannot be loaded."""
    q = load_questionnaire(questionnaire)
    if fmt in ("xlsx", "csv"):
        from ..batch.template import csv_template, xlsx_template

        if fmt == "csv":
            return Template(fmt, csv_template(q, depth, lang))
        return Template(fmt, xlsx_template(q, depth, lang))
    return Template(fmt, json_template(q, depth) if fmt == "json" else yaml_template(q, depth, lang))


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
        entry["condition"] = to_data(q.visible_if)
    return entry


def json_template(questionnaire: Questionnaire, depth: str) -> str:
    questions = [question_entry(q) for q in questionnaire.questions if q.answerable and in_depth(q, depth)]
    data = {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "questions": questions,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _flat(text: str) -> str:
    """One line: a label with a line break would end the YAML comment and break the file."""
    return " ".join(text.split())


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
        if not q.answerable or not in_depth(q, depth):
            continue
        if q.section != section:
            section = q.section
            sec = questionnaire.section(section)
            lines.append(f"  # --- {_flat(pick(sec.title, lang)) if sec else section}")
        lines.append(f"  # {_flat(pick(q.label, lang))}")
        if q.type in ("single_choice", "multi_choice"):
            opts = ", ".join(f"{c.value} ({_flat(pick(c.label, lang))})" for c in q.choices)
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
            lines.append(
                f"  #   {t('template.only_if', lang)}: {condition_words(q.visible_if, questionnaire, lang)}"
            )
        if q.depth == "full":
            lines.append(f"  #   ({t('template.full_only', lang)})")
        lines.append(f"  {q.id}:")
    return "\n".join(lines) + "\n"
