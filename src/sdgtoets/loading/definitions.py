"""Load the questionnaire, rubric (+ overlays) and goals from files or from the bundled content.

The bundled content is trusted (CI validates it); any other file is first checked exactly as
``sdgtoets validate`` checks it (``loading.validation``) and refused when that finds an error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..codes import BAD_CONDITION
from ..core.conditions import ConditionError
from ..core.definitions import goals_from_data, questionnaire_from_data, rubric_from_data
from ..core.goals import Goals
from ..core.questionnaire import Questionnaire
from ..core.rubric import Rubric
from ..errors import InputError, Location, Problem, field_path
from ..paths import PACKAGE
from .yaml_files import load_file, locate

DEFAULT_QUESTIONNAIRE = "sdg_toets.yaml"
DEFAULT_RUBRIC = "vvsg.yaml"
T = TypeVar("T")


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


@dataclass(frozen=True)
class Content:
    """Where the maintenance commands (validate, test, diff) find the questionnaire, rubric and
    examples: a content folder (one that holds ``questionnaires/`` and ``rubrics/``, such as a
    clone of this repository) or the content bundled with the installed package."""

    root: Path
    bundled: bool

    @property
    def questionnaire(self) -> Path:
        return _pick(self.root / "questionnaires", DEFAULT_QUESTIONNAIRE)

    @property
    def rubric(self) -> Path:
        return _pick(self.root / "rubrics", DEFAULT_RUBRIC)

    @property
    def examples(self) -> Path:
        return self.root / "examples"


def _pick(folder: Path, default: str) -> Path:
    """The file with the usual name, else the only YAML file in the folder (else the usual name,
    which then is reported as missing)."""
    if (folder / default).is_file():
        return folder / default
    found = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return found[0] if len(found) == 1 else folder / default


def find_content(folder: Path | None = None) -> Content:
    """The content folder ``folder`` (default: the current folder) when it holds
    ``questionnaires/`` and ``rubrics/``, else the bundled content."""
    try:
        here = (folder or Path.cwd()).resolve()
        if (here / "questionnaires").is_dir() and (here / "rubrics").is_dir():
            return Content(here, bundled=False)
    except OSError:  # the current folder was removed
        pass
    return Content(bundled_dir("questionnaires").parent, bundled=True)


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


def read_definition(path: Path, expected: str) -> Loaded:
    """Read a definition file of the ``expected`` kind (a rubric may be an overlay)."""
    data, text = load_file(path, trusted=is_bundled(path))
    kind = kind_of(data)
    if kind != expected and not (expected == "rubric" and kind == "overlay"):
        raise InputError.one(
            "definition.wrong_kind", Location(str(path)), expected=expected, found=kind or "?"
        )
    return Loaded(path, data, text)


def build(loaded: Loaded, builder: Callable[..., T], *args: Any) -> T:
    """``builder(*args)`` (``loaded.data`` when no args), with a bad condition located in the file."""
    try:
        return builder(*(args or (loaded.data,)))
    except ConditionError as exc:
        line, col = locate(loaded.text, exc.path)
        raise InputError(
            [
                Problem(
                    "definition.bad_condition",
                    {"reason": str(exc)},
                    Location(str(loaded.path), line, col, field_path(exc.path)),
                    code=BAD_CONDITION,
                )
            ]
        ) from None
    except (KeyError, TypeError, ValueError) as exc:  # a safety net: the files were checked first
        raise InputError.one("definition.invalid", Location(str(loaded.path)), reason=str(exc)) from None


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """The questionnaire (the bundled one by default); another file is refused when it has errors."""
    path = path or default_questionnaire_path()
    if not is_bundled(path):
        from .validation import refuse_invalid

        refuse_invalid([path])
    return build(read_definition(path, "questionnaire"), questionnaire_from_data)


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


def _overlays(paths: Sequence[Path]) -> list[Loaded]:
    out = []
    for ov_path in paths:
        ov = read_definition(ov_path, "rubric")
        if kind_of(ov.data) != "overlay":
            raise InputError.one("definition.not_overlay", Location(str(ov_path)))
        out.append(ov)
    return out


def _rubric(path: Path | None, overlays: Sequence[Loaded]) -> Rubric:
    """The rubric with its overlays merged. Without ``path`` the bundled rubric is used, or, when
    an overlay extends another bundled rubric by id, that one."""
    from ..core.overlay import fits_base, overlay_base

    if path is None and overlays:
        path = bundled_rubric_path(overlay_base(overlays[0].data)[0])
    path = path or default_rubric_path()
    loaded = read_definition(path, "rubric")
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
    return build(loaded, rubric_from_data, loaded.data, [ov.data for ov in overlays])


def load_definitions(
    questionnaire: Path | None = None, rubric: Path | None = None, overlays: Sequence[Path] = ()
) -> tuple[Questionnaire, Rubric]:
    """Questionnaire and rubric, both extended by the overlays, checked to fit each other. Files
    other than the bundled ones are checked as ``validate`` checks them, together, and refused
    with every error found."""
    from ..core.overlay import extend_questionnaire

    own_q = questionnaire is not None and not is_bundled(questionnaire)
    own_r = rubric is not None and not is_bundled(rubric)
    if own_q or own_r or overlays:
        from .validation import refuse_invalid

        checked = [questionnaire] if own_q and questionnaire else []
        if rubric is not None or own_q:
            checked.append(rubric or default_rubric_path())  # the rubric is checked against it
        refuse_invalid([*checked, *overlays])
    q = build(
        read_definition(questionnaire or default_questionnaire_path(), "questionnaire"),
        questionnaire_from_data,
    )
    loaded_overlays = _overlays(overlays)
    r = _rubric(rubric, loaded_overlays)
    check_fit(q, r, rubric)
    if not loaded_overlays:
        return q, r
    first = loaded_overlays[0]
    extended = build(first, extend_questionnaire, q, [ov.data for ov in loaded_overlays])
    return extended.questionnaire, r


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
