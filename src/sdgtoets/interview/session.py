"""Saving and finding interview sessions: one JSON file per interview, written atomically after
every answer, so that Ctrl-C, a closed window or a crash loses nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ..core.answers import AnswerError, coerce
from ..core.conditions import UNKNOWN
from ..core.interview import Interview
from ..core.questionnaire import DEPTHS, Questionnaire
from ..core.text import slug
from ..errors import InputError, Location
from ..paths import user_dir
from ..writing.lock import Lock, acquire, alive, read_holder

FORMAT: Final = "sdgtoets-session"
FORMAT_VERSION: Final = 1
IN_PROGRESS: Final = "in_progress"
FINISHED: Final = "finished"
MAX_SESSION_BYTES: Final = 5_000_000
MAX_SCAN: Final = 500  # session files looked at when offering to resume


def sessions_dir() -> Path:
    """``$SDGTOETS_HOME/sessions``, else ``sessions`` in the per-user data folder."""
    return user_dir() / "sessions"


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def new_session_path(project_name: str, folder: Path | None = None) -> Path:
    """A new, unused file name from the project name and the time."""
    folder = folder or sessions_dir()
    name = slug(project_name, 40)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{name}-{stamp}.json"
    n = 2
    while path.exists():
        path = folder / f"{name}-{stamp}-{n}.json"
        n += 1
    return path


@dataclass
class Session:
    """An interview in progress (or finished) and where it is kept."""

    path: Path
    interview: Interview
    project: dict[str, Any]
    lang: str = "nl"
    status: str = IN_PROGRESS
    created: str = field(default_factory=now)
    updated: str = field(default_factory=now)
    dropped: tuple[str, ...] = ()  # answers dropped on loading: the questionnaire no longer allows them
    lock: Lock | None = None

    def take(self) -> None:
        """Lock the session file against a second terminal (InputError when it is in use)."""
        if self.lock is None:
            self.lock = acquire(lock_path(self.path), "session.busy")
            # Ours now: temporary files beside it are what a killed run left mid-save.
            for leftover in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def to_dict(self) -> dict[str, Any]:
        q = self.interview.questionnaire
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "questionnaire": {"id": q.id, "version": q.version, "content_hash": q.content_hash},
            "project": self.project,
            "depth": self.interview.depth,
            "lang": self.lang,
            "status": self.status,
            "created": self.created,
            "updated": self.updated,
            "answers": {k: ("unknown" if v is UNKNOWN else v) for k, v in self.interview.answers.items()},
            "history": list(self.interview.history),
        }

    def save(self) -> None:
        """Write the whole session atomically (a temporary file, then a rename)."""
        from ..writing import write_atomic

        self.updated = now()
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        write_atomic(self.path, text, force=True)


def _damaged(path: Path, reason_key: str, **params: Any) -> InputError:
    return InputError.one(reason_key, Location(str(path)), path=str(path), **params)


def load(path: Path, questionnaire: Questionnaire) -> Session:
    """Read a session for ``questionnaire``; InputError (exit 2) when damaged or for another one."""
    from ..loading.yaml_files import read_bytes

    raw = read_bytes(path, MAX_SESSION_BYTES, too_large="session.too_large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _damaged(path, "session.damaged", reason="not UTF-8") from None
    try:
        data = json.loads(text, parse_constant=_not_finite)
    except (json.JSONDecodeError, ValueError) as exc:
        reason = f"JSON, line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise _damaged(path, "session.damaged", reason=reason) from None
    except RecursionError:
        raise _damaged(path, "session.damaged", reason="nested too deep") from None
    return from_dict(data, path, questionnaire, text)


def _not_finite(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def from_dict(data: Any, path: Path, questionnaire: Questionnaire, text: str = "") -> Session:
    """A session from its data (read from ``text`` at ``path``). A session file can be edited by
    hand like an answers file, so it is held to the same limits: nesting, numbers, control
    characters, and the project's fields as answers.schema.json has them."""
    from ..loading.schemas import schema_problems
    from ..loading.yaml_files import limit_problems

    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise _damaged(path, "session.not_session")
    problems = limit_problems(data, text, str(path), user_file=True)
    if problems:
        raise InputError(problems)
    ref = data.get("questionnaire")
    if not isinstance(ref, Mapping):
        raise _damaged(path, "session.damaged", reason="questionnaire")
    if ref.get("id") != questionnaire.id or str(ref.get("version")) != questionnaire.version:
        raise _damaged(
            path,
            "session.other_questionnaire",
            found=f"{ref.get('id')} {ref.get('version')}",
            expected=f"{questionnaire.id} {questionnaire.version}",
        )
    project = data.get("project")
    depth = data.get("depth")
    raw_answers = data.get("answers")
    history = data.get("history")
    if not isinstance(project, Mapping) or not isinstance(project.get("name"), str):
        raise _damaged(path, "session.damaged", reason="project")
    problems = schema_problems("answers", {"project": dict(project), "answers": {}}, text, str(path))
    if problems:
        raise InputError(problems)
    if depth not in DEPTHS:
        raise _damaged(path, "session.damaged", reason="depth")
    if not isinstance(raw_answers, Mapping):
        raise _damaged(path, "session.damaged", reason="answers")
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise _damaged(path, "session.damaged", reason="history")
    answers: dict[str, Any] = {}
    dropped: list[str] = []
    for qid, raw in raw_answers.items():
        # The questionnaire may have changed within its version (a choice or question dropped):
        # that one answer goes, the rest of the session stays usable.
        question = questionnaire.get(str(qid))
        value = coerce(question, raw) if question is not None and question.answerable else None
        if question is None or value is None or isinstance(value, AnswerError):
            dropped.append(str(qid))
            continue
        answers[question.id] = value
    known = [h for h in history if questionnaire.get(h) is not None and h not in dropped]
    interview = Interview(questionnaire, str(depth), answers, tuple(dict.fromkeys(known)))
    status = data.get("status") if data.get("status") in (IN_PROGRESS, FINISHED) else IN_PROGRESS
    lang = data.get("lang") if data.get("lang") in ("nl", "en") else "nl"
    return Session(
        path,
        interview,
        dict(project),
        lang=str(lang),
        status=str(status),
        created=str(data.get("created") or now()),
        updated=str(data.get("updated") or now()),
        dropped=tuple(dropped),
    )


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def in_use(path: Path) -> bool:
    """Whether another running sdgtoets has this session open."""
    holder = read_holder(lock_path(path))
    return holder is not None and alive(holder)


def unfinished(questionnaire: Questionnaire, folder: Path | None = None) -> list[Session]:
    """Every unfinished session for this questionnaire, newest first, leaving out those open in
    another terminal (damaged files are skipped here: they are only an error when asked for with
    --resume)."""
    folder = folder or sessions_dir()
    try:
        files = sorted(folder.glob("*.json"), key=_mtime, reverse=True)[:MAX_SCAN]
    except OSError:
        return []
    found: list[Session] = []
    for path in files:
        with contextlib.suppress(InputError):
            session = load(path, questionnaire)
            if session.status == IN_PROGRESS and not in_use(path):
                found.append(session)
    found.sort(key=lambda s: s.updated, reverse=True)
    return found


def latest_unfinished(questionnaire: Questionnaire, folder: Path | None = None) -> Session | None:
    """The most recently saved unfinished session for this questionnaire."""
    found = unfinished(questionnaire, folder)
    return found[0] if found else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
