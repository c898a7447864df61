"""Faults: concurrent runs, stale locks, --force over a run that was cut off, read-only folders and
full disks (a real small tmpfs where the machine allows mounting one, else injected faults), and a
session open in two terminals. Each ends in a clear message with exit 2 (or goes on where it can),
and leaves nothing half-written."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).parent
BATCH = TESTS / "batch_data"
INTERVIEW = TESTS / "interview_data"
DEFS = ["--questionnaire", str(BATCH / "questionnaire.yaml"), "--rubric", str(BATCH / "rubric.yaml")]
IDEFS = ["--questionnaire", str(INTERVIEW / "questionnaire.yaml"), "--rubric", str(INTERVIEW / "rubric.yaml")]
SOURCE = BATCH / "belgisch_excel.csv"
INTERNAL = ("Er ging iets mis in sdgtoets zelf", "Traceback")


def no_internal_error(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not any(w in result.output for w in INTERNAL), result.output


def lock_for(pid: int) -> str:
    return json.dumps({"pid": pid, "host": socket.gethostname(), "since": "2026-12-03T09:15:00"})


@pytest.fixture
def live_pid() -> Iterator[int]:
    """A process that is alive while the test runs (another run holding a lock)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


@pytest.fixture
def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.endswith(".lock"))


# --- concurrent batch runs -----------------------------------------------------------------------


def test_a_second_batch_into_a_busy_folder_is_refused_naming_the_process(
    runner: CliRunner, app: Any, tmp_path: Path, live_pid: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".sdgtoets-batch.lock").write_text(lock_for(live_pid), encoding="utf-8")
    result = runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out)])
    no_internal_error(result)
    assert result.exit_code == 2
    assert f"proces {live_pid}, gestart 2026-12-03 09:15" in result.output
    assert sorted(p.name for p in out.iterdir()) == [".sdgtoets-batch.lock"]  # nothing written


def test_a_stale_lock_of_a_run_that_died_is_replaced_with_a_warning(
    runner: CliRunner, app: Any, tmp_path: Path, dead_pid: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".sdgtoets-batch.lock").write_text(lock_for(dead_pid), encoding="utf-8")
    result = runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out)])
    no_internal_error(result)
    assert result.exit_code == 0, result.output
    assert f"(proces {dead_pid}, gestart 2026-12-03 09:15) is afgebroken" in result.output
    assert (out / "summary.md").exists() and not (out / ".sdgtoets-batch.lock").exists()


def test_a_lock_file_cut_off_mid_write_counts_as_stale(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    lock = out / ".sdgtoets-batch.lock"
    lock.write_text('{"pid": 12', encoding="utf-8")
    os.utime(lock, (1_700_000_000, 1_700_000_000))  # an old one: a fresh one may be being written
    result = runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out)])
    no_internal_error(result)
    assert result.exit_code == 0, result.output


def test_two_batch_processes_at_once_never_interleave(tmp_path: Path) -> None:
    """Real processes: one wins the folder, the other is refused with exit 2 (or, when the first
    has already finished, finds the folder full): never two runs writing in one folder."""
    exe = Path(sys.executable).parent / "sdgtoets"
    rows = ["naam;energy;groups;health"] + [f"Project {i};reduces;youth;ja" for i in range(300)]
    source = tmp_path / "lijst.csv"
    source.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    out = tmp_path / "out"
    command = [str(exe), "batch", *DEFS, str(source), "-o", str(out), "-q"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in (first, second)]
    assert sorted(code for code, _ in results) == [0, 2], results
    loser = next(err for code, err in results if code == 2)
    assert (
        "loopt al een andere 'sdgtoets batch'" in loser or "is niet leeg" in loser or "bevat al" in loser
    ), loser
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["projects"] == 300
    assert len(list(out.glob("0*.md"))) == 300
    assert leftovers(out) == []


# --- --force over an older run, and a run cut off --------------------------------------------------


def test_force_removes_the_old_runs_files_and_marks_an_unfinished_run(
    runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out)]).exit_code == 0
    old = sorted(p.name for p in out.iterdir())
    assert "summary.md" in old and any(n.startswith("00003-") for n in old)
    (out / "notities.txt").write_text("van de gebruiker", encoding="utf-8")

    import sdgtoets.batch.run as run_module

    real = run_module.verdict_for
    calls = {"n": 0}

    def cut_off(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the run is cut off after its first project
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "verdict_for", cut_off)
    runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out), "--force"])
    now = sorted(p.name for p in out.iterdir())
    assert not [n for n in now if n.startswith("summary.") or n == "errors.csv"], (
        now
    )  # nothing complete-looking
    assert "ONVOLLEDIG.txt" in now and "notities.txt" in now
    assert "onvolledige run" in (out / "ONVOLLEDIG.txt").read_text(encoding="utf-8")
    assert leftovers(out) == []
    # and a complete run afterwards removes the marker
    monkeypatch.setattr(run_module, "verdict_for", real)
    again = runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out)])
    assert again.exit_code == 2 and "ONVOLLEDIG.txt" in again.output  # not empty: needs --force
    done = runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out), "--force"])
    assert done.exit_code == 0, done.output
    assert not (out / "ONVOLLEDIG.txt").exists() and (out / "summary.md").exists()


# --- read-only folders and full disks ------------------------------------------------------------


@contextlib.contextmanager
def mounted(where: Path, options: str) -> Iterator[bool]:
    """A tmpfs at ``where`` (root on Linux only); yields False when it cannot be mounted."""
    where.mkdir(parents=True, exist_ok=True)
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        yield False
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "alleen-lezen"
    with mounted(where, "size=1m") as ok:
        if ok:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
            yield where
            return
        if os.geteuid() == 0:
            pytest.skip("root ignores permissions and no read-only mount can be made here")
        where.chmod(0o555)
        yield where
        where.chmod(0o755)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "vol"
    with mounted(where, "size=96k") as ok:
        if not ok:
            pytest.skip("no small tmpfs can be mounted here (the injected-fault tests cover this)")
        yield where


def many_rows(tmp_path: Path, count: int = 400) -> Path:
    rows = ["naam;energy;groups;health"] + [f"Project {i};reduces;youth;ja" for i in range(count)]
    source = tmp_path / "lijst.csv"
    source.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return source


def test_batch_into_a_read_only_folder_is_exit_2(runner: CliRunner, app: Any, read_only_dir: Path) -> None:
    result = runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(read_only_dir / "out")])
    no_internal_error(result)
    assert result.exit_code == 2
    assert "niet schrijven" in result.output and str(read_only_dir) in result.output


def test_check_output_into_a_read_only_folder_is_exit_2(
    runner: CliRunner, app: Any, read_only_dir: Path
) -> None:
    answers = TESTS / "hostile_data" / "good.answers.yaml"
    result = runner.invoke(
        app, ["check", *DEFS, "--answers", str(answers), "-o", str(read_only_dir / "o.md")]
    )
    no_internal_error(result)
    assert result.exit_code == 2 and "niet schrijven" in result.output


def test_batch_on_a_full_disk_is_exit_2_and_leaves_no_temporary_files(
    runner: CliRunner, app: Any, tmp_path: Path, full_disk: Path
) -> None:
    out = full_disk / "out"
    result = runner.invoke(app, ["batch", *DEFS, str(many_rows(tmp_path)), "-o", str(out)])
    no_internal_error(result)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output or "ruimte" in result.output
    assert leftovers(full_disk) == []
    assert not (out / "summary.md").exists() and not (out / "summary.json").exists()


def test_check_output_on_a_full_disk_is_exit_2_and_leaves_nothing(
    runner: CliRunner, app: Any, full_disk: Path
) -> None:
    with contextlib.suppress(OSError), (full_disk / "vulling").open("wb") as filler:
        while True:
            filler.write(b"x" * 1024)
            filler.flush()
    answers = TESTS / "hostile_data" / "good.answers.yaml"
    result = runner.invoke(
        app, ["check", *DEFS, "--answers", str(answers), "-o", str(full_disk / "oordeel.md")]
    )
    no_internal_error(result)
    assert result.exit_code == 2, result.output
    assert not (full_disk / "oordeel.md").exists() and leftovers(full_disk) == []


@pytest.mark.parametrize("where", ["mkstemp", "write", "replace"])
def test_injected_disk_faults_in_batch_are_exit_2_and_clean(
    runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The same faults without a mount: ENOSPC when making a temporary file, while writing one,
    or when moving it into place."""
    import sdgtoets.batch.summary as summary_module
    import sdgtoets.writing as writing_module

    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if where == "mkstemp":
        real_temp = summary_module._temp

        def failing_temp(directory: Path, name: str, mode: str) -> Any:
            if name == "summary.csv":
                raise full
            return real_temp(directory, name, mode)

        monkeypatch.setattr(summary_module, "_temp", failing_temp)
    elif where == "write":
        real_writerow = summary_module.ProjectTable.add

        def failing_add(self: Any, line: Any, project: Any, figures: Any) -> None:
            if line.row == 4:
                raise full
            real_writerow(self, line, project, figures)

        monkeypatch.setattr(summary_module.ProjectTable, "add", failing_add)
    else:
        real_replace = writing_module.os.replace

        def failing_replace(src: Any, dst: Any) -> None:
            if str(dst).endswith("summary.md"):
                raise full
            real_replace(src, dst)

        monkeypatch.setattr(writing_module.os, "replace", failing_replace)
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", *DEFS, str(SOURCE), "-o", str(out)])
    no_internal_error(result)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert leftovers(out) == []
    assert not (out / "summary.md").exists() and (out / "ONVOLLEDIG.txt").exists()


def test_the_interview_goes_on_when_its_session_cannot_be_saved(
    runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_only_dir: Path
) -> None:
    monkeypatch.setenv("SDGTOETS_HOME", str(read_only_dir))
    lines = ["P", "1", "", "3", "0", "", "n"]
    result = runner.invoke(app, ["check", *IDEFS, "--format", "json"], input="\n".join(lines) + "\n")
    no_internal_error(result)
    assert "kunnen niet bewaard worden" in result.stderr
    assert result.stderr.count("kunnen niet bewaard worden") == 1  # said once, not after every answer
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout)


# --- a session open in two terminals --------------------------------------------------------------


def started_session(runner: CliRunner, app: Any, home: Path) -> Path:
    first = runner.invoke(app, ["check", *IDEFS], input="Sporthal\n1\n\n1\ns\n")
    assert first.exit_code == 0, first.stderr
    [path] = sorted((home / "sessions").glob("*.json"))
    return path


def test_a_session_open_in_another_terminal_is_refused_and_not_offered(
    runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, live_pid: int
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SDGTOETS_HOME", str(home))
    path = started_session(runner, app, home)
    before = path.read_text(encoding="utf-8")
    (path.parent / f".{path.name}.lock").write_text(lock_for(live_pid), encoding="utf-8")
    resumed = runner.invoke(app, ["check", *IDEFS, "--resume", str(path)], input="2\n")
    no_internal_error(resumed)
    assert resumed.exit_code == 2
    assert f"al open in een ander venster (proces {live_pid}" in resumed.stderr
    offered = runner.invoke(app, ["check", *IDEFS], input="s\n")
    assert "onafgewerkte toets voor 'Sporthal'" not in offered.stderr
    assert path.read_text(encoding="utf-8") == before  # the other terminal's answers are untouched


def test_a_session_left_locked_by_a_killed_process_can_be_resumed(
    runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dead_pid: int
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SDGTOETS_HOME", str(home))
    path = started_session(runner, app, home)
    (path.parent / f".{path.name}.lock").write_text(lock_for(dead_pid), encoding="utf-8")
    offered = runner.invoke(app, ["check", *IDEFS], input="j\ns\n")
    assert "onafgewerkte toets voor 'Sporthal'" in offered.stderr
    assert "We gaan verder met 'Sporthal'" in offered.stderr
    assert not (path.parent / f".{path.name}.lock").exists()  # released at the end


def test_every_unfinished_session_is_listed(
    runner: CliRunner, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SDGTOETS_HOME", str(home))
    for i, name in enumerate(("Sporthal", "Zwembad", "Bib")):
        new = "n\n" if i else ""  # from the second on, a new check instead of the one(s) offered
        result = runner.invoke(app, ["check", *IDEFS], input=f"{new}{name}\n1\n\n1\ns\n")
        assert result.exit_code == 0, result.stderr
    listed = runner.invoke(app, ["check", *IDEFS], input="3\ns\n")
    err = listed.stderr
    assert "Je hebt 3 onafgewerkte toetsen:" in err
    for name in ("Sporthal", "Zwembad", "Bib"):
        assert f"'{name}' (1 antwoord, bewaard op" in err
    assert "We gaan verder met 'Sporthal'" in err  # number 3: the oldest
