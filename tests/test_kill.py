"""kill -9 at random moments: the interview (``sdgtoets check`` in a real pseudo-terminal) and
``sdgtoets batch``, 50 times each, with seeded randomness (the same moments on every run).

After every kill: the session file loads and holds every answer the program had taken (it had
shown the next question), a folder that looks finished (summaries, no ONVOLLEDIG.txt) is a whole
run, and the next run (resume, or batch --force) carries on; at the end one run without a kill
finishes and leaves nothing of the killed runs behind.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sdgtoets.core.conditions import UNKNOWN
from sdgtoets.core.interview import Given, parse_reply
from sdgtoets.instrument import load_instrument
from sdgtoets.interview.session import load

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and pseudo-terminals are POSIX"),
]

KILLS = 50
QUESTIONNAIRE = load_instrument().questionnaire
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
SUMMARIES = ("summary.csv", "summary.xlsx", "summary.md", "summary.html", "summary.json", "errors.csv")


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ, SDGTOETS_HOME=str(home), TERM="xterm", COLUMNS="200", LINES="50")
    env.pop("SDGTOETS_LANG", None)
    return env


def flat(text: str) -> str:
    return " ".join(ANSI.sub("", text).split())


LABELS = sorted(
    ((" ".join(q.label["nl"].split()), q) for q in QUESTIONNAIRE.questions), key=lambda lq: -len(lq[0])
)


def question_in(screen: str) -> Any:
    """The question whose label was shown last on ``screen``."""
    best = None
    for label, question in LABELS:
        at = screen.rfind(label)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, question)
    return best[1] if best else None


class Interview:
    """One run of the interview in a pseudo-terminal, answering what it asks until the kill."""

    def __init__(self, home: Path, rng: random.Random, given: dict[str, dict[str, Any]]) -> None:
        self.home = home
        self.rng = rng
        self.given = given  # project name -> question id -> the value of every answer typed
        self.taken: dict[str, dict[str, Any]] = {}  # answers the program had taken (showed what came next)
        self.project = ""
        self.finished = False

    def run(self, kill_at: tuple[int, float] | None, number: int) -> Any:
        """Answer until the kill: ``kill_at`` is (prompts answered, then seconds), or None."""
        child = pexpect.spawn(
            sys.executable,
            ["-m", "sdgtoets", "check"],
            env=env_for(self.home),
            encoding="utf-8",
            timeout=60,
            dimensions=(50, 200),
            cwd=str(self.home.parent),
        )
        prompts = 0
        deadline = None
        if kill_at is not None and kill_at[0] == 0:
            deadline = time.monotonic() + kill_at[1]
        pending: tuple[str, Any] | None = None  # the answer typed last, not yet taken
        screen = ""
        while True:
            timeout = 60.0 if deadline is None else deadline - time.monotonic()
            if deadline is not None and timeout <= 0:
                child.kill(signal.SIGKILL)
                break
            index = child.expect_exact(["> ", pexpect.EOF, pexpect.TIMEOUT], timeout=timeout)
            screen = flat(screen + child.before)
            if index == 1:
                break
            if index == 2:
                if deadline is None or deadline - time.monotonic() > 0:
                    raise AssertionError(f"the interview hangs: {screen[-500:]}")
                child.kill(signal.SIGKILL)
                break
            if pending is not None:  # a next prompt: the answer before it was saved
                qid, value = pending
                self.taken.setdefault(self.project, {})[qid] = value
                pending = None
            if "Klaar!" in screen:
                self.finished = True
            reply, answer = self.reply(screen, number)
            if answer is not None:
                self.given.setdefault(self.project, {}).setdefault(answer[0], []).append(answer[1])
                pending = answer
            child.sendline(reply)
            screen = ""
            prompts += 1
            if kill_at is not None and prompts == kill_at[0]:
                deadline = time.monotonic() + kill_at[1]
        child.close(force=True)
        return child

    def reply(self, screen: str, number: int) -> tuple[str, tuple[str, Any] | None]:
        end = screen.rstrip()
        if end.endswith("(Enter = j)"):  # the offer to continue an unfinished check
            found = re.findall(r"onafgewerkte toets voor '([^']*)'", screen)
            self.project = found[-1]
            return "j", None
        if end.endswith("of n voor een nieuwe toets (Enter = 1)"):  # several unfinished checks: the newest
            found = re.findall(r"1\. '([^']*)' \(\d+ antwoord", screen)
            self.project = found[-1] if found else self.project
            return "1", None
        if end.endswith("Hoe heet je project?"):
            self.project = f"Killtest {number}"
            return self.project, None
        if end.endswith("(Enter = 1)"):
            return "1", None
        if "oordeel bewaren?" in end[-200:]:
            return "", None
        question = question_in(screen)
        assert question is not None, screen[-800:]
        if question.type == "note":
            return "", None
        reply = self.rng.choice(["1", "1", "w"])
        parsed = parse_reply(question, reply)
        value = parsed.value if isinstance(parsed, Given) else UNKNOWN
        return reply, (question.id, value)


def sessions(home: Path) -> dict[str, Any]:
    """Every session file, loaded as a resume would load it (project name -> session)."""
    found = {}
    for path in (home / "sessions").glob("*.json"):
        session = load(path, QUESTIONNAIRE)
        assert session.dropped == (), (path.name, session.dropped)
        json.loads(path.read_text(encoding="utf-8"))
        found[session.project["name"]] = session
    return found


def test_killing_the_interview_at_random_moments_loses_no_answer(tmp_path: Path) -> None:
    rng = random.Random(20261203)
    home = tmp_path / "home"
    given: dict[str, dict[str, Any]] = {}
    run = None
    killed = finished = 0
    for number in range(KILLS):
        run = Interview(home, rng, given)
        # during start-up or setting up, or just after one of the answers: while saving it, or after
        child = run.run((rng.randint(0, 12), rng.uniform(0.0, 0.6 if rng.random() < 0.2 else 0.05)), number)
        killed += child.signalstatus == signal.SIGKILL
        finished += run.finished
        saved = sessions(home) if (home / "sessions").exists() else {}
        for project, answers in run.taken.items():
            session = saved[project]
            for qid, value in answers.items():
                assert session.interview.answers.get(qid) == value, (number, project, qid)
        for project, session in saved.items():  # nothing that was not typed
            for qid, value in session.interview.answers.items():
                assert value in given.get(project, {}).get(qid, []), (number, project, qid, value)
        for verdict in home.parent.glob("killtest-*.md"):  # a verdict saved is whole
            assert verdict.read_text(encoding="utf-8").endswith("\n"), verdict.name
        for verdict in home.parent.glob("killtest-*.html"):
            assert verdict.read_text(encoding="utf-8").rstrip().endswith("</html>"), verdict.name
    assert killed >= KILLS // 2, killed  # the kills mostly landed while the program ran
    # A last run without a kill resumes the newest unfinished check and finishes it.
    last = Interview(home, rng, given)
    child = last.run(None, KILLS)
    assert child.exitstatus == 0 and last.finished, child.before
    final = sessions(home)[last.project]
    assert final.status == "finished"
    assert list(final.path.parent.glob(f".{final.path.name}.*")) == []  # no lock, no temporary file
    print(f"interview: {killed} killed, {finished} finished between kills")


# --- batch ---------------------------------------------------------------------------------------


def project_list(path: Path, rows: int) -> list[str]:
    questions = [q for q in QUESTIONNAIRE.questions if q.type in ("single_choice", "boolean")][:12]
    names = [f"Project {i:03d}" for i in range(rows)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["naam", "budget", *(q.id for q in questions)])
        for i, name in enumerate(names):
            cells = [q.choices[i % len(q.choices)].value if q.choices else "ja" for q in questions]
            writer.writerow([name, 1000 * i, *cells])
    return names


def batch(source: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sdgtoets", "batch", str(source), "-o", str(out), "--force", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_verdicts(child: subprocess.Popen[bytes], out: Path, count: int) -> None:
    """Until the run holds the folder's lock and has written ``count`` verdicts (or has ended)."""
    lock = out / ".sdgtoets-batch.lock"
    while child.poll() is None:
        try:
            ours = json.loads(lock.read_text(encoding="utf-8"))["pid"] == child.pid
        except (OSError, ValueError, KeyError):
            ours = False
        if ours:
            try:
                staged = sum(len(list(d.iterdir())) for d in out.glob(".sdgtoets-onvolledig-*"))
            except OSError:  # moved into place just now
                return
            if staged >= count:
                return
        time.sleep(0.002)


def assert_whole_run(out: Path, names: list[str]) -> None:
    """Every summary present and readable, a verdict per project, every project in the summary."""
    from openpyxl import load_workbook

    for name in SUMMARIES:
        assert (out / name).exists(), name
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["projects"] == len(names)
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r[2] for r in list(csv.reader(handle, delimiter=";"))[1:]] == names
    assert load_workbook(out / "summary.xlsx", read_only=True).active is not None
    assert (out / "summary.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert len(list(out.glob("0*.md"))) == len(names)


def test_killing_batch_at_random_moments_never_leaves_a_finished_looking_folder(tmp_path: Path) -> None:
    rng = random.Random(20261204)
    source = tmp_path / "projecten.csv"
    names = project_list(source, 40)
    out = tmp_path / "oordelen"
    first = batch(source, out)
    assert first.wait(120) == 0, first.stderr.read() if first.stderr else ""
    began = time.monotonic()  # the second, warm run is what the killed runs are like
    warm = batch(source, out)
    assert warm.wait(120) == 0, warm.stderr.read() if warm.stderr else ""
    length = time.monotonic() - began
    assert_whole_run(out, names)
    killed = 0
    for number in range(KILLS):
        child = batch(source, out)
        if rng.random() < 0.2:  # during start-up, reading, or anywhere
            time.sleep(rng.uniform(0.0, length))
        else:  # once this run has scored a given number of projects (up to all: the summaries)
            wait_for_verdicts(child, out, rng.randint(0, len(names)))
            time.sleep(rng.uniform(0.0, 0.02))
        child.send_signal(signal.SIGKILL)
        code = child.wait(60)
        err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
        killed += code == -signal.SIGKILL
        assert code in (0, -signal.SIGKILL), (number, code, err)
        incomplete = (out / "ONVOLLEDIG.txt").exists()
        if code == 0 or not incomplete:  # a folder that looks finished is a whole run
            assert_whole_run(out, names)
        for name in SUMMARIES:  # whatever is there is whole (atomic renames)
            if name.endswith(".json") and (out / name).exists():
                json.loads((out / name).read_text(encoding="utf-8"))
    assert killed >= KILLS // 2, killed
    last = batch(source, out)
    assert last.wait(120) == 0, last.stderr.read() if last.stderr else ""
    assert_whole_run(out, names)
    assert not (out / "ONVOLLEDIG.txt").exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # nothing left behind
    print(f"batch: {killed} killed in a run of {length:.2f} s")
