"""JSON Schema validation of loaded data, with every problem located in the source file.

jsonschema is imported here only, so commands that do not validate never pay for it.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ..codes import SCHEMA
from ..errors import Location, Problem, field_path
from ..i18n import Word
from ..paths import PACKAGE
from .yaml_files import locate


@functools.cache
def schema_text(name: str) -> str:
    return (PACKAGE / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


@functools.cache
def project_limits() -> dict[str, int]:
    """The longest text each project field may hold (``maxLength`` in answers.schema.json, the one
    place these limits are written), so that check, batch and the interview treat a project alike."""
    fields = schema("answers")["properties"]["project"]["properties"]
    return {name: int(spec["maxLength"]) for name, spec in fields.items() if "maxLength" in spec}


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
        key, params = _anyof_types(err)
        if not key:
            if err.context:  # oneOf/anyOf: say what is wrong with the closest alternative
                err = best_match(err.context) or err
            key, params = _reason(err)
        path = tuple(err.absolute_path)
        line, col = locate(text, path)
        problems.append(
            Problem(
                key,
                {"field": field_path(path) or "(top)", **params},
                Location(source, line, col, field_path(path) or None),
                code=SCHEMA,
            )
        )
    problems.sort(key=lambda p: (p.location.line or 0) if p.location else 0)
    return problems


def _show(value: Any) -> str:
    """A value as the user wrote it, short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_words(types: Any) -> list[Word]:
    names = [types] if isinstance(types, str) else list(types)
    return [Word(f"schema.typename.{n}") for n in names]


def _anyof_types(err: Any) -> tuple[str, dict[str, Any]]:
    """An anyOf/oneOf where every branch only disagrees on type: say which types fit."""
    if err.validator not in ("anyOf", "oneOf") or not err.context:
        return "", {}
    if not all(e.validator == "type" and not e.relative_path for e in err.context):
        return "", {}
    expected: list[str] = []
    for e in err.context:
        names = [e.validator_value] if isinstance(e.validator_value, str) else list(e.validator_value)
        expected += [n for n in names if n not in expected]
    return "schema.type", {"value": _show(err.instance), "expected": _type_words(expected)}


def _reason(err: Any) -> tuple[str, dict[str, Any]]:
    """A message key and its parameters for one violation, in words a YAML editor understands."""
    validator, value, instance = err.validator, err.validator_value, err.instance
    if validator == "required":
        missing = [n for n in value if isinstance(instance, dict) and n not in instance]
        return "schema.required", {"names": missing}
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = set(err.schema.get("properties", {}))
        extra = sorted(str(k) for k in instance if k not in known)
        return "schema.unknown_key", {"names": extra, "allowed": sorted(known)}
    if validator == "enum":
        return "schema.enum", {"value": _show(instance), "allowed": [str(v) for v in value]}
    if validator == "const":
        return "schema.enum", {"value": _show(instance), "allowed": [str(value)]}
    if validator == "type":
        return "schema.type", {"value": _show(instance), "expected": _type_words(value)}
    if validator == "pattern":
        return "schema.pattern", {"value": _show(instance)}
    if validator in ("minLength", "minItems") and value <= 1:
        return "schema.empty", {}
    if validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return "schema.range", {"value": _show(instance), "limit": value, "rule": validator}
    if validator in ("maxLength", "maxItems"):
        return "schema.too_long", {"limit": value}
    return "schema.invalid", {"reason": str(err.message)}
