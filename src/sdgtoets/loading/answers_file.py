"""Read an answers file (YAML or JSON) and check it against the questionnaire."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.answers import check_answers
from ..core.questionnaire import DEPTHS, Questionnaire
from ..errors import InputError, Location, Problem, field_path
from .schemas import project_limits
from .yaml_files import MAX_ANSWERS_BYTES, key_location, load_file, locate


@dataclass(frozen=True)
class AnswersFile:
    project: dict[str, Any]
    answers: dict[str, Any]
    depth: str | None


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
        line, col = (
            key_location(text, path) if err.code.startswith("answer.unknown_question") else locate(text, path)
        )
        problems.append(
            Problem(
                err.code,
                {"question": err.question, **err.params},
                Location(source, line, col, field_path(path)),
            )
        )
    return checked.values, problems


def plainly_valid(data: Any) -> bool:
    """A quick check that implies validity under ``answers.schema.json`` (a test holds the two
    together). It lets the common, well-formed file skip importing jsonschema; anything it does
    not accept goes to the full schema check, which explains what is wrong."""
    if not isinstance(data, dict) or not {"project", "answers"} <= set(data):
        return False
    if set(data) - {"kind", "project", "questionnaire", "depth", "answers"}:
        return False
    if "kind" in data and data["kind"] != "answers":
        return False
    if "depth" in data and data["depth"] not in DEPTHS:
        return False
    project = data["project"]
    if not isinstance(project, dict) or not isinstance(project.get("name"), str) or not project["name"]:
        return False
    limits = project_limits()
    for key, value in project.items():
        if key == "id":
            if isinstance(value, bool) or not isinstance(value, str | int):
                return False
            if isinstance(value, str) and len(value) > limits["id"]:
                return False
        elif key in limits:
            if not isinstance(value, str) or len(value) > limits[key]:
                return False
        elif key == "budget":
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                return False
        elif key == "year":
            if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
                return False
        else:
            return False
    ref = data.get("questionnaire", {})
    if (
        not isinstance(ref, dict)
        or set(ref) - {"id", "version"}
        or not all(isinstance(v, str) for v in ref.values())
    ):
        return False
    answers = data["answers"]
    if not isinstance(answers, dict):
        return False
    for key, value in answers.items():
        if not isinstance(key, str) or len(key) > 64:
            return False
        if value is None or isinstance(value, bool | int | float):
            continue
        if isinstance(value, str):
            if len(value) > 5000:
                return False
            continue
        if (
            isinstance(value, list)
            and len(value) <= 100
            and all(isinstance(v, str) and len(v) <= 200 for v in value)
        ):
            continue
        return False
    return True


def refuse_other_questionnaire(
    data: dict[str, Any], text: str, source: str, questionnaire: Questionnaire
) -> None:
    """A file written for another questionnaire is refused, at its ``questionnaire.id`` line."""
    ref = data.get("questionnaire") or {}
    if ref.get("id") and ref["id"] != questionnaire.id:
        line, col = locate(text, ("questionnaire", "id"))
        raise InputError.one(
            "answers.other_questionnaire",
            Location(source, line, col, "questionnaire.id"),
            found=ref["id"],
            expected=questionnaire.id,
        )


def read_answers(path: Path, questionnaire: Questionnaire) -> AnswersFile:
    data, text = load_file(path, MAX_ANSWERS_BYTES, user_file=True)
    source = str(path)
    if not isinstance(data, dict):
        raise InputError.one("answers.not_mapping", Location(source, 1))
    if not plainly_valid(data):
        from .schemas import schema_problems

        problems = schema_problems("answers", data, text, source)
        if problems:
            raise InputError(problems)
    values, problems = answer_problems(questionnaire, data.get("answers") or {}, text, source)
    if problems:
        raise InputError(problems)
    refuse_other_questionnaire(data, text, source, questionnaire)
    return AnswersFile(dict(data["project"]), values, data.get("depth"))
