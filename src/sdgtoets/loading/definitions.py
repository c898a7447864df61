"""Load the questionnaire, rubric (+ overlays) and goals from files or from the bundled content."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.conditions import ConditionError
from ..core.definitions import goals_from_data, questionnaire_from_data, rubric_from_data
from ..core.goals import Goals
from ..core.questionnaire import Questionnaire
from ..core.rubric import Rubric
from .errors import InputError, Location, Problem, field_path
from .yaml_files import load_file, locate

DEFAULT_QUESTIONNAIRE = "sdg_toets.yaml"
DEFAULT_RUBRIC = "vvsg.yaml"


def bundled_dir(name: str) -> Path:
    """Where the bundled ``questionnaires``/``rubrics``/``examples`` live: inside the installed
    package, or at the repository root when running from a source checkout."""
    inside = Path(str(resources.files("sdgtoets"))) / "_bundled" / name
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / name


def default_questionnaire_path() -> Path:
    return bundled_dir("questionnaires") / DEFAULT_QUESTIONNAIRE


def default_rubric_path() -> Path:
    return bundled_dir("rubrics") / DEFAULT_RUBRIC


def is_bundled(path: Path) -> bool:
    try:
        resolved = path.resolve()
    except OSError:
        return False
    return resolved in (default_questionnaire_path().resolve(), default_rubric_path().resolve())


@dataclass(frozen=True)
class Loaded:
    path: Path
    data: Any
    text: str


def kind_of(data: Any) -> str:
    """'questionnaire', 'rubric', 'overlay', 'answers', 'test' or '' from a file's content."""
    if not isinstance(data, dict):
        return ""
    kind = data.get("kind")
    if isinstance(kind, str):
        return kind
    if "sections" in data:
        return "questionnaire"
    if "rules" in data:
        return "overlay" if "extends" in data else "rubric"
    if "answers" in data:
        return "answers"
    if "expect" in data:
        return "test"
    return ""


def read_definition(path: Path, expected: str, validate: bool) -> Loaded:
    bundled = is_bundled(path)
    data, text = load_file(path, trusted=bundled)
    kind = kind_of(data)
    if kind != expected and not (expected == "rubric" and kind == "overlay"):
        raise InputError.one(
            "definition.wrong_kind", Location(str(path)), expected=expected, found=kind or "?"
        )
    if validate:
        from .schemas import schema_problems

        problems = schema_problems(
            "questionnaire" if expected == "questionnaire" else "rubric", data, text, str(path)
        )
        if problems:
            raise InputError(problems)
    return Loaded(path, data, text)


def _build(loaded: Loaded, builder: Any, *extra: Any) -> Any:
    try:
        return builder(loaded.data, *extra)
    except ConditionError as exc:
        line, col = locate(loaded.text, exc.path)
        raise InputError.one(
            "definition.bad_condition",
            Location(str(loaded.path), line, col, field_path(exc.path)),
            reason=str(exc),
        ) from None
    except (KeyError, TypeError, ValueError) as exc:  # only reachable when validation was skipped
        raise InputError.one("definition.invalid", Location(str(loaded.path)), reason=str(exc)) from None


def load_questionnaire(path: Path | None = None, validate: bool | None = None) -> Questionnaire:
    path = path or default_questionnaire_path()
    loaded = read_definition(
        path, "questionnaire", validate if validate is not None else not is_bundled(path)
    )
    questionnaire: Questionnaire = _build(loaded, questionnaire_from_data)
    return questionnaire


def load_rubric(
    path: Path | None = None, overlays: Sequence[Path] = (), validate: bool | None = None
) -> Rubric:
    path = path or default_rubric_path()
    loaded = read_definition(path, "rubric", validate if validate is not None else not is_bundled(path))
    if kind_of(loaded.data) == "overlay":
        raise InputError.one("definition.overlay_as_rubric", Location(str(path)))
    overlay_data = []
    for ov_path in overlays:
        ov = read_definition(ov_path, "rubric", True)
        if kind_of(ov.data) != "overlay":
            raise InputError.one("definition.not_overlay", Location(str(ov_path)))
        base = ov.data.get("extends", {}).get("id")
        if base != loaded.data.get("id"):
            raise InputError.one(
                "definition.overlay_base", Location(str(ov_path)), expected=loaded.data.get("id"), found=base
            )
        overlay_data.append(ov.data)
    rubric: Rubric = _build(loaded, rubric_from_data, overlay_data)
    return rubric


def check_fit(questionnaire: Questionnaire, rubric: Rubric, rubric_path: Path | None = None) -> None:
    if not rubric.fits(questionnaire.id, questionnaire.version):
        raise InputError(
            [
                Problem(
                    "definition.rubric_mismatch",
                    {
                        "rubric": f"{rubric.id} {rubric.version}",
                        "questionnaire": f"{questionnaire.id} {questionnaire.version}",
                        "fits": f"{rubric.questionnaire_id} {', '.join(rubric.questionnaire_versions)}",
                    },
                    Location(str(rubric_path or default_rubric_path()), field="questionnaire"),
                )
            ]
        )


@functools.cache
def load_goals() -> Goals:
    import yaml

    text = resources.files("sdgtoets").joinpath("data/goals.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return goals_from_data(yaml.load(text, Loader=loader))


def problems_of(exc: InputError) -> list[Problem]:
    return exc.problems
