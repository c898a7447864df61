"""The interview in a real pseudo-terminal (pexpect): back, change, "weet niet", Ctrl-C, resume."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pseudo-terminal"),
]

DATA = Path(__file__).parent / "interview_data"
DEFS = ["--questionnaire", str(DATA / "questionnaire.yaml"), "--rubric", str(DATA / "rubric.yaml")]
TIMEOUT = 60  # generous: a slow CI machine must not make this flaky


def spawn(home: Path, *args: str) -> Any:
    env = dict(os.environ, SDGTOETS_HOME=str(home), TERM="xterm", COLUMNS="200", LINES="50")
    env.pop("SDGTOETS_LANG", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "sdgtoets", "check", *DEFS, *args],
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 200),
        cwd=str(home.parent),  # the verdict is saved in the current folder
    )


def ask(child: Any, expected: str, reply: str) -> None:
    child.expect_exact(expected)
    child.expect_exact("> ")
    child.sendline(reply)


def only_session(home: Path) -> dict[str, Any]:
    files = list((home / "sessions").glob("*.json"))
    assert len(files) == 1, files
    data: dict[str, Any] = json.loads(files[0].read_text(encoding="utf-8"))
    return data


def test_back_change_dont_know_ctrl_c_and_resume(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = spawn(home)
    ask(child, "Hoe heet je project?", "Terminaltest")
    ask(child, "Welke toets wil je doen?", "1")
    ask(child, "Deze toets gaat over", "")
    ask(child, "Wat voor project is het?", "1")
    ask(child, "Komt er verharding bij?", "j")
    ask(child, "Hoeveel vierkante meter", "30")
    ask(child, "Voor wie is het project?", "t")  # back to the square metres
    ask(child, "Huidig antwoord: 30 m²", "t")  # and back to paving
    ask(child, "Huidig antwoord: ja", "n")  # change: the square metres no longer apply
    child.expect_exact("niet meer van toepassing")
    ask(child, "Voor wie is het project?", "w")
    child.expect_exact("Nog iets te melden?")
    child.expect_exact("> ")
    child.sendintr()  # Ctrl-C midway
    child.expect_exact("sdgtoets check --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = only_session(home)
    assert saved["status"] == "in_progress"
    assert saved["answers"] == {"kind": "building", "paving": False, "groups": "unknown"}

    # the next run offers the unfinished check and continues where it stopped
    child = spawn(home)
    ask(child, "onafgewerkte toets voor 'Terminaltest'", "j")
    child.expect_exact("Nog iets te melden?")
    asked_before = child.before
    for question in ("Wat voor project is het?", "Komt er verharding bij?", "Voor wie is het project?"):
        assert question not in asked_before  # answered questions are not asked again
    child.expect_exact("> ")
    child.sendline("Dank je")
    ask(child, "Draagt het project bij aan internationale rechtvaardigheid?", "ja")
    child.expect_exact("Klaar!")
    child.expect_exact("Oordeel:")  # the short summary on screen
    ask(child, "In welke map wil je het oordeel bewaren?", "")
    child.expect_exact("Het oordeel is bewaard in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    done = only_session(home)
    assert done["status"] == "finished"
    assert done["answers"] == {
        "kind": "building",
        "paving": False,
        "groups": "unknown",
        "remarks": "Dank je",
        "justice": True,
    }


def test_english_and_a_closed_terminal_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = spawn(home, "--lang", "en", "--depth", "full")
    ask(child, "What is your project called?", "Hangup test")
    ask(child, "This check is about one project.", "")
    ask(child, "What kind of project is it?", "?")
    ask(child, "Choose what fits best.", "3")
    ask(child, "Who is the project for?", "1,3")
    child.expect_exact("What share of the budget")
    child.expect_exact("> ")
    child.kill(signal.SIGHUP)  # the window is closed
    child.expect(pexpect.EOF)
    child.close()
    saved = only_session(home)
    assert saved["answers"] == {"kind": "service", "groups": ["youth", "poor"]}
    assert saved["depth"] == "full" and saved["lang"] == "en"
    assert not list((home / "sessions").glob(".*.tmp"))  # no half-written files left
