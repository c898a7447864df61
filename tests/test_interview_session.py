"""Where sessions live, and that a saved session reads back exactly."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from sdgtoets.core.conditions import UNKNOWN
from sdgtoets.core.interview import Interview
from sdgtoets.errors import InputError
from sdgtoets.interview.session import (
    FINISHED,
    Session,
    latest_unfinished,
    load,
    new_session_path,
    sessions_dir,
)
from sdgtoets.loading.definitions import load_questionnaire

DATA = Path(__file__).parent / "interview_data"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("SDGTOETS_HOME", "XDG_DATA_HOME", "APPDATA"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_sessions_dir_follows_sdgtoets_home_then_the_platform(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setattr(sys, "platform", "linux")
    assert sessions_dir() == Path.home() / ".local" / "share" / "sdgtoets" / "sessions"
    clean_env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert sessions_dir() == tmp_path / "xdg" / "sdgtoets" / "sessions"
    clean_env.setattr(sys, "platform", "win32")
    clean_env.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert sessions_dir() == tmp_path / "Roaming" / "sdgtoets" / "sessions"
    clean_env.setenv("SDGTOETS_HOME", str(tmp_path / "home"))
    assert sessions_dir() == tmp_path / "home" / "sessions"


def test_a_saved_session_reads_back_the_same(tmp_path: Path) -> None:
    q = load_questionnaire(DATA / "questionnaire.yaml")
    interview = Interview(
        q, "full", {"kind": "building", "paving": UNKNOWN, "groups": []}, ("welcome", "kind")
    )
    path = new_session_path("Één project / test", tmp_path)
    assert path.name.startswith("een-project-test-") and path.suffix == ".json"
    session = Session(path, interview, {"name": "Één project"}, lang="en")
    session.save()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary files left
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["answers"]["paving"] == "unknown"
    back = load(path, q)
    assert back.interview.answers == {"kind": "building", "paving": UNKNOWN, "groups": []}
    assert back.interview.history == ("welcome", "kind")
    assert back.interview.depth == "full" and back.project == {"name": "Één project"} and back.lang == "en"


def test_latest_unfinished_skips_finished_damaged_and_other_questionnaires(tmp_path: Path) -> None:
    q = load_questionnaire(DATA / "questionnaire.yaml")
    older = Session(tmp_path / "a.json", Interview(q), {"name": "ouder"}, updated="")
    older.save()
    newer = Session(tmp_path / "b.json", Interview(q), {"name": "nieuwer"})
    newer.save()
    os.utime(older.path, (1, 1))
    done = Session(tmp_path / "c.json", Interview(q), {"name": "klaar"}, status=FINISHED)
    done.save()
    (tmp_path / "d.json").write_text("[]", encoding="utf-8")
    other = json.loads(newer.path.read_text(encoding="utf-8"))
    other["questionnaire"]["version"] = "9.0.0"
    (tmp_path / "e.json").write_text(json.dumps(other), encoding="utf-8")
    found = latest_unfinished(q, tmp_path)
    assert found is not None and found.project["name"] == "nieuwer"
    assert latest_unfinished(q, tmp_path / "missing") is None
    with pytest.raises(InputError) as info:
        load(tmp_path / "e.json", q)
    assert info.value.problems[0].key == "session.other_questionnaire"
