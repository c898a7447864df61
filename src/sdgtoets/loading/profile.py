"""Read a municipal profile (``kind: profile``) and find the one to use."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..core.profile import MunicipalProfile
from ..core.questionnaire import Questionnaire
from ..errors import InputError, Location, Problem, field_path
from ..paths import user_dir
from .answers_file import answer_problems, refuse_other_questionnaire
from .yaml_files import MAX_ANSWERS_BYTES, key_location, load_file

PROFILE_FILE = "sdgtoets-profiel.yaml"  # in the folder where sdgtoets runs
USER_PROFILE_FILE = "profiel.yaml"  # in the per-user folder (SDGTOETS_HOME)


def default_profile_paths() -> list[Path]:
    """Where ``check`` and ``batch`` look for a profile when none is named, in order."""
    return [Path.cwd() / PROFILE_FILE, user_dir() / USER_PROFILE_FILE]


def find_profile(explicit: Path | None = None, enabled: bool = True) -> Path | None:
    """The profile to use: the one named, else the first default location that has one."""
    if not enabled:
        return None
    if explicit is not None:
        return explicit
    return next((p for p in default_profile_paths() if p.is_file()), None)


def read_profile(path: Path, questionnaire: Questionnaire) -> MunicipalProfile:
    """The profile in ``path``, checked: every answer must be to a municipality question."""
    data, text = load_file(path, MAX_ANSWERS_BYTES, user_file=True)
    source = str(path)
    if not isinstance(data, dict) or data.get("kind") != "profile":
        found = data.get("kind", "-") if isinstance(data, dict) else "-"
        raise InputError.one("profile.wrong_kind", Location(source, 1), found=found)
    from .schemas import schema_problems

    problems = schema_problems("profile", data, text, source)
    if problems:
        raise InputError(problems)
    raw: dict[str, Any] = data.get("answers") or {}
    wrong = [
        Problem(
            "profile.project_question",
            {"question": qid},
            Location(source, *key_location(text, ("answers", qid)), field_path(("answers", qid))),
        )
        for qid in raw
        if (q := questionnaire.get(str(qid))) is not None and q.scope != "municipality"
    ]
    if wrong:
        raise InputError(wrong)
    values, problems = answer_problems(questionnaire, raw, text, source)
    if problems:
        raise InputError(problems)
    refuse_other_questionnaire(data, text, source, questionnaire)
    return MunicipalProfile(
        municipality=str(data["municipality"]),
        answers=values,
        filled_in_by=str(data.get("filled_in_by") or ""),
        date=str(data.get("date") or ""),
        source=path.name,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
