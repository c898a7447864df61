"""Load the questionnaire, rubric (+ overlays) and goals from files or from the bundled content."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.conditions import ConditionError
from ..core.definitions import goals_from_data, questionnaire_from_data, rubric_from_data
from ..core.goals import Goals
from ..core.questionnaire import Questionnaire
from ..core.rubric import Rubric
from ..paths import PACKAGE
from .errors import InputError, Location, Problem, field_path
from .yaml_files import load_file, locate

DEFAULT_QUESTIONNAIRE = "sdg_toets.yaml"
DEFAULT_RUBRIC = "vvsg.yaml"


def bundled_dir(name: str) -> Path:
    """Where the bundled ``questionnaires``/``rubrics``/``examples`` live: inside the installed
    package, or at the repository root when running from a source checkout."""
    inside = PACKAGE / "_bundled" / name
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


def bundled_rubric_path(rubric_id: str) -> Path | None:
    """The bundled rubric with this id (an overlay's ``extends: {id: ...}``), if there is one."""
    folder = bundled_dir("rubrics")
    default = default_rubric_path()
    candidates = [default, *sorted(p for p in folder.glob("*.yaml") if p != default)]
    for candidate in candidates:
        try:
            data, _ = load_file(candidate, trusted=True)
        except InputError:
            continue
        if isinstance(data, dict) and data.get("id") == rubric_id and kind_of(data) == "rubric":
            return candidate
    return None


def load_overlays(paths: Sequence[Path]) -> list[Loaded]:
    """Read and schema-check local overlays (``kind: overlay``)."""
    out = []
    for ov_path in paths:
        ov = read_definition(ov_path, "rubric", True)
        if kind_of(ov.data) != "overlay":
            raise InputError.one("definition.not_overlay", Location(str(ov_path)))
        out.append(ov)
    return out


def load_rubric(
    path: Path | None = None, overlays: Sequence[Path] = (), validate: bool | None = None
) -> Rubric:
    """The rubric with its overlays merged. Without ``path`` the bundled rubric is used, or, when
    an overlay extends another bundled rubric by id, that one."""
    return _load_rubric(path, load_overlays(overlays), validate)


def _load_rubric(path: Path | None, overlays: Sequence[Loaded], validate: bool | None = None) -> Rubric:
    from ..core.overlay import fits_base, overlay_base

    if path is None and overlays:
        path = bundled_rubric_path(overlay_base(overlays[0].data)[0])
    path = path or default_rubric_path()
    loaded = read_definition(path, "rubric", validate if validate is not None else not is_bundled(path))
    if kind_of(loaded.data) == "overlay":
        raise InputError.one("definition.overlay_as_rubric", Location(str(path)))
    for ov in overlays:
        base, versions = overlay_base(ov.data)
        if not fits_base(ov.data, str(loaded.data.get("id")), str(loaded.data.get("version"))):
            line, col = locate(ov.text, ("extends",))
            raise InputError.one(
                "definition.overlay_base",
                Location(str(ov.path), line, col, "extends"),
                expected=f"{loaded.data.get('id')} {loaded.data.get('version')}",
                found=f"{base} {', '.join(versions)}",
            )
    rubric: Rubric = _build(loaded, rubric_from_data, [ov.data for ov in overlays])
    return rubric


def load_definitions(
    questionnaire: Path | None = None, rubric: Path | None = None, overlays: Sequence[Path] = ()
) -> tuple[Questionnaire, Rubric]:
    """Questionnaire and rubric, both extended by the overlays, checked to fit each other; an
    overlay is linted against the extended questionnaire and refused when it has errors."""
    from ..core.overlay import extend_questionnaire

    q = load_questionnaire(questionnaire)
    loaded_overlays = load_overlays(overlays)
    r = _load_rubric(rubric, loaded_overlays)
    check_fit(q, r, rubric)
    if not loaded_overlays:
        return q, r
    extended = _build_overlays(loaded_overlays, extend_questionnaire, q)
    _refuse_overlay_errors(loaded_overlays, extended, r)
    return extended.questionnaire, r


def _build_overlays(overlays: Sequence[Loaded], builder: Any, *args: Any) -> Any:
    try:
        return builder(*args, [ov.data for ov in overlays])
    except ConditionError as exc:  # the schema checks conditions, so this is a safety net
        raise InputError.one(
            "definition.bad_condition",
            Location(str(overlays[0].path), field=field_path(exc.path)),
            reason=str(exc),
        ) from None


def _refuse_overlay_errors(overlays: Sequence[Loaded], extended: Any, rubric: Rubric) -> None:
    from ..core.lint import Origins, lint_questionnaire, lint_rubric

    origins = Origins(extended.question_sources, extended.section_sources)
    findings = lint_questionnaire(extended.questionnaire, origins) + lint_rubric(
        rubric, extended.questionnaire
    )
    by_file = {f"overlay:{ov.data.get('id')}": ov for ov in overlays}
    problems = []
    for f in findings:
        ov = by_file.get(f.file)
        if ov is None or f.severity != "error":
            continue
        line, col = locate(ov.text, f.path)
        problems.append(
            Problem(
                f"lint.{f.code}", f.params, Location(str(ov.path), line, col, field_path(f.path)), code=f.code
            )
        )
    if problems:
        raise InputError(problems)


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

    text = (PACKAGE / "data" / "goals.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return goals_from_data(yaml.load(text, Loader=loader))


def problems_of(exc: InputError) -> list[Problem]:
    return exc.problems
