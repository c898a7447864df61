"""Batch across processes: the same bytes as one process, errors per row, Ctrl-C stops cleanly.

The list is generated from the bundled questionnaire (a fixed seed): 2,000 rows with random
valid answers, "weet niet", empty cells, and a few broken rows.
"""

from __future__ import annotations

import csv
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
from typer.testing import CliRunner

from sdgtoets.batch import run
from sdgtoets.instrument import load_instrument

SUMMARIES = ("summary.csv", "summary.xlsx", "summary.json", "summary.md", "summary.html", "errors.csv")


def multi(rnd: random.Random, question: Any) -> str:
    """Some choices of a multiple-choice question; a "niet bekeken" choice only on its own."""
    gaps = [c for c in question.choices if c.gap]
    if gaps and rnd.random() < 0.1:
        return str(rnd.choice(gaps).value)
    others = [c for c in question.choices if not c.gap]
    return "; ".join(c.value for c in rnd.sample(others, rnd.randint(1, len(others))))


def project_list(path: Path, rows: int, seed: int = 13) -> Path:
    """A Belgian-Excel CSV for the bundled content; every 250th row has a bad answer."""
    questionnaire = load_instrument().questionnaire
    questions = [q for q in questionnaire.questions if q.answerable and q.type != "text"]
    boolean = next(q.id for q in questions if q.type == "boolean")
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["naam", "dienst", "budget", *(q.id for q in questions)])
        for i in range(rows):
            cells: list[str] = [
                f"Actie {i + 1}",
                rnd.choice(["Milieu", "Welzijn", ""]),
                str(rnd.randint(0, 10**6)),
            ]
            for q in questions:
                if rnd.random() < 0.15:
                    cells.append(rnd.choice(["", "weet niet"]))
                elif q.type == "boolean":
                    cells.append(rnd.choice(["ja", "nee"]))
                elif q.type == "single_choice":
                    cells.append(rnd.choice(q.choices).value)
                elif q.type == "multi_choice":
                    cells.append(multi(rnd, q))
                else:
                    low = int(q.minimum or 0)
                    cells.append(str(rnd.randint(low, int(q.maximum or low + 100))))
            if i % 250 == 7:
                cells[3 + [q.id for q in questions].index(boolean)] = "misschien"
            writer.writerow(cells)
    return path


@pytest.fixture(scope="module")
def long_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return project_list(tmp_path_factory.mktemp("lists") / "projecten.csv", 2000)


def test_two_processes_write_the_same_bytes_as_one(
    runner: CliRunner, app: Any, long_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contexts: list[Any] = []
    real_context = run._context

    def spy() -> Any:
        contexts.append(real_context())
        return contexts[-1]

    monkeypatch.setattr(run, "_context", spy)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        result = runner.invoke(
            app, ["batch", str(long_list), "-o", str(out), "--summary-only", "--jobs", jobs]
        )
        assert result.exit_code == 2, result.output  # the broken rows
        outputs[jobs] = {name: (out / name).read_bytes() for name in SUMMARIES}
        assert sorted(p.name for p in out.iterdir()) == sorted(SUMMARIES)
    assert len(contexts) == 1  # --jobs 2 did use worker processes; --jobs 1 did not
    for name in SUMMARIES:
        assert outputs["1"][name] == outputs["2"][name], name
    errors = outputs["2"]["errors.csv"].decode("utf-8-sig").splitlines()
    assert len(errors) == 1 + 8 and errors[1].startswith("9;")  # header + one per broken row, in order
    assert "misschien" in errors[1]
    table = outputs["2"]["summary.csv"].decode("utf-8-sig").splitlines()
    assert len(table) == 1 + 2000 - 8
    assert [line.split(";")[0] for line in table[1:4]] == ["2", "3", "4"]


def test_per_project_files_across_processes(
    runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-project verdicts from workers: the same files as one process, none left in staging."""
    monkeypatch.setattr(run, "PARALLEL_FROM", 100)
    source = project_list(tmp_path / "kort.csv", 300, seed=5)
    trees = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(
            app, ["batch", str(source), "-o", str(out), "--jobs", jobs, "--format", "json"]
        )
        assert result.exit_code == 2, result.output
        trees[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert trees["1"] == trees["2"]
    names = list(trees["2"])
    assert not [n for n in names if n.startswith(".")]  # the staging folder is gone
    assert len([n for n in names if n.endswith(".json") and n[0].isdigit()]) == 300 - 2


def test_jobs_must_be_positive(runner: CliRunner, app: Any, long_list: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(long_list), "-o", str(tmp_path / "o"), "--jobs", "0"])
    assert result.exit_code == 2
    assert not (tmp_path / "o").exists()


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(x) for x in task.read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find the worker processes")
def test_ctrl_c_stops_every_process_and_leaves_nothing_complete(long_list: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
    command = [sys.executable, "-m", "sdgtoets", "batch", str(long_list), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, start_new_session=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        staged = [p for p in out.glob(".sdgtoets-*/*")] if out.exists() else []
        if len(workers) >= 2 and len(staged) > 50:
            break
        time.sleep(0.05)
    assert process.poll() is None, "finished before it could be interrupted"
    assert len(workers) >= 2
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]  # no orphan workers
    # No summaries, no verdicts, no staging folder: only the marker that says the run is incomplete.
    assert sorted(p.name for p in out.iterdir()) == ["ONVOLLEDIG.txt"]


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect.spawn needs a POSIX pseudo-terminal")
def test_progress_on_a_terminal_shows_rate_and_time_left(long_list: Path, tmp_path: Path) -> None:
    import pexpect

    env = dict(os.environ, TERM="xterm", COLUMNS="200", LINES="50")
    env.pop("SDGTOETS_LANG", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "sdgtoets", "batch", str(long_list), "-o", str(tmp_path / "out"), "--summary-only"],
        env=env,
        encoding="utf-8",
        timeout=120,
        dimensions=(50, 200),
    )
    child.expect(r"Projecten getoetst: \d+")
    child.expect(r"\d+ per seconde")
    child.expect(r"nog ca\. \d+:\d\d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2  # the broken rows


def test_progress_is_silent_when_not_a_terminal(
    runner: CliRunner, app: Any, long_list: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["batch", str(long_list), "-o", str(tmp_path / "o"), "--summary-only"])
    assert result.exit_code == 2
    assert not re.search(r"\d+ per seconde|Projecten getoetst: \d|nog ca\.", result.output)
