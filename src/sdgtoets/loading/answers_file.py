"""Read an answers file (YAML or JSON) and check it against the questionnaire."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.answers import check_answers
from ..core.questionnaire import Questionnaire
from .errors import InputError, Location, Problem, field_path
from .yaml_files import MAX_ANSWERS_BYTES, key_location, load_file, locate


@dataclass(frozen=True)
class AnswersFile:
    project: dict[str, Any]
    answers: dict[str, Any]
    depth: str | None
    questionnaire_ref: dict[str, str]


def answer_problems(
    questionnaire: Questionnaire,
    raw: dict[str, Any],
    text: str,
    source: str,
    base: tuple[str | int, ...] = ("answers",),
) -> tuple[dict[str, Any], list[Problem]]:
    checked = check_answers(questionnaire, raw)
    problems = []
    for err in checked.errors:
        path = (*base, err.question)
        line, col = key_location(text, path) if err.code == "answer.unknown_question" else locate(text, path)
        problems.append(
            Problem(
                err.code,
                {"question": err.question, **err.params},
                Location(source, line, col, field_path(path)),
            )
        )
    return checked.values, problems


def read_answers(path: Path, questionnaire: Questionnaire) -> AnswersFile:
    from .schemas import schema_problems

    data, text = load_file(path, MAX_ANSWERS_BYTES)
    source = str(path)
    if not isinstance(data, dict):
        raise InputError.one("answers.not_mapping", Location(source, 1))
    problems = schema_problems("answers", data, text, source)
    if problems:
        raise InputError(problems)
    values, problems = answer_problems(questionnaire, data.get("answers") or {}, text, source)
    if problems:
        raise InputError(problems)
    ref = data.get("questionnaire") or {}
    if ref.get("id") and ref["id"] != questionnaire.id:
        line, col = locate(text, ("questionnaire", "id"))
        raise InputError.one(
            "answers.other_questionnaire",
            Location(source, line, col, "questionnaire.id"),
            found=ref["id"],
            expected=questionnaire.id,
        )
    return AnswersFile(
        dict(data["project"]), values, data.get("depth"), {str(k): str(v) for k, v in ref.items()}
    )
