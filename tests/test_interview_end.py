"""The end of an interview on a real terminal: a short summary, the verdict saved as HTML and
Markdown (project name and date, never over an existing file) in the folder the user names; with
-o, --format or a pipe, the output stays as it was."""

from __future__ import annotations

import datetime as dt
import os
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
EPOCH = "1796256000"  # 3 December 2026
STEM = "fietspad-dorp-2026-12-03"


def spawn(cwd: Path, *args: str) -> Any:
    env = dict(os.environ, SDGTOETS_HOME=str(cwd / "home"), TERM="xterm", SOURCE_DATE_EPOCH=EPOCH)
    env.pop("SDGTOETS_LANG", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "sdgtoets", "check", *DEFS, *args],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 160),
        cwd=str(cwd),
    )


def answer_all(child: Any) -> None:
    for expected, reply in (
        ("Hoe heet je project?", "Fietspad Dorp"),
        ("Welke toets wil je doen?", "1"),
        ("Deze toets gaat over", ""),
        ("Wat voor project is het?", "1"),
        ("Komt er verharding bij?", "n"),
        ("Voor wie is het project?", "1"),
        ("Nog iets te melden?", ""),
        ("Draagt het project bij aan internationale rechtvaardigheid?", "ja"),
    ):
        child.expect_exact(expected)
        child.expect_exact("> ")
        child.sendline(reply)


def test_summary_then_saved_as_html_and_markdown_never_overwriting(tmp_path: Path) -> None:
    assert dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).date() == dt.date(2026, 12, 3)
    child = spawn(tmp_path)
    answer_all(child)
    child.expect_exact("Oordeel:")
    child.expect_exact("Sterktes")
    child.expect_exact("In welke map wil je het oordeel bewaren?")
    child.expect_exact("> ")
    child.sendline("")
    child.expect_exact("Het oordeel is bewaard in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "# SDG-toets" not in child.before  # no raw Markdown on the screen
    html, md = tmp_path / f"{STEM}.html", tmp_path / f"{STEM}.md"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert md.read_text(encoding="utf-8").startswith("# SDG-toets: Fietspad Dorp")
    md.write_text("mijn notities", encoding="utf-8")

    # A second run on the same day, into a folder the user names: new names, nothing replaced.
    child = spawn(tmp_path)
    child.expect_exact("Hoe heet je project?")
    child.expect_exact("> ")
    child.sendline("Fietspad Dorp")
    answer_all_after_name(child)
    child.expect_exact("In welke map wil je het oordeel bewaren?")
    child.expect_exact("> ")
    child.sendline(str(tmp_path))
    child.expect_exact(f"{STEM}-2.html")
    child.expect(pexpect.EOF)
    child.close()
    assert md.read_text(encoding="utf-8") == "mijn notities"
    assert (tmp_path / f"{STEM}-2.md").exists() and (tmp_path / f"{STEM}-2.html").exists()


def answer_all_after_name(child: Any) -> None:
    for expected, reply in (
        ("Welke toets wil je doen?", "1"),
        ("Deze toets gaat over", ""),
        ("Wat voor project is het?", "1"),
        ("Komt er verharding bij?", "n"),
        ("Voor wie is het project?", "1"),
        ("Nog iets te melden?", ""),
        ("Draagt het project bij aan internationale rechtvaardigheid?", "ja"),
    ):
        child.expect_exact(expected)
        child.expect_exact("> ")
        child.sendline(reply)


def test_format_option_keeps_the_verdict_on_screen(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--format", "markdown")
    answer_all(child)
    child.expect_exact("# SDG-toets: Fietspad Dorp")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not list(tmp_path.glob("*.html"))
