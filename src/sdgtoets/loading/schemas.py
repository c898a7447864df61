"""JSON Schema validation of loaded data, with every problem located in the source file.

jsonschema is imported here only, so commands that do not validate never pay for it.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ..paths import PACKAGE
from .errors import Location, Problem, field_path
from .yaml_files import locate

SCHEMA_NAMES = ("questionnaire", "rubric", "answers", "verdict")


@functools.cache
def schema_text(name: str) -> str:
    return (PACKAGE / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text(name))
    return data


@functools.cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


def schema_problems(name: str, data: Any, text: str, source: str) -> list[Problem]:
    """All schema violations, each with file, line, column and field, sorted by position."""
    from jsonschema.exceptions import best_match

    problems: list[Problem] = []
    for error in _validator(name).iter_errors(data):
        err = error
        if err.context:  # oneOf/anyOf: say what is wrong with the closest alternative
            err = best_match(err.context) or err
        path = tuple(err.absolute_path)
        line, col = locate(text, path)
        problems.append(
            Problem(
                "schema.invalid",
                {"field": field_path(path) or "(top)", "reason": _reason(err)},
                Location(source, line, col, field_path(path) or None),
                code="E001",
            )
        )
    problems.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
    return problems


def _reason(err: Any) -> str:
    validator = err.validator
    if validator == "required":
        return str(err.message).replace("is a required property", "is missing (required)")
    if validator == "additionalProperties":
        return str(err.message).replace("Additional properties are not allowed", "unknown key")
    if validator == "enum":
        return f"{err.instance!r} is not allowed; use one of: {', '.join(map(str, err.validator_value))}"
    if validator == "pattern":
        return (
            f"{err.instance!r} does not have the right form (lower case letters, digits, _; or as documented)"
        )
    return str(err.message)
