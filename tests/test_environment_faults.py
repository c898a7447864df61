"""The machine, not the input: a reader that closes the pipe (``| head``), a closed stdout, a full
disk behind stdout, a name the file system refuses, input that ends in the profile interview.
Each is a clear message with exit 2, never a traceback or an internal error (exit 1). And the
"sep=;" hint line Excel writes into CSV files is read as Excel reads it."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

ANSWERS = str(Path(__file__).parent.parent / "examples" / "zomerfestival.answers.yaml")
INTERNAL = ("Er ging iets mis in sdgtoets zelf", "Traceback")
posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and file descriptors")


def sdgtoets(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sdgtoets", *args], stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, **kwargs
    )


def finished(child: subprocess.Popen[bytes]) -> tuple[int, str]:
    code = child.wait(60)
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    assert not any(w in err for w in INTERNAL), err
    return code, err


@posix
@pytest.mark.parametrize(
    "args",
    [
        ["check", "--answers", ANSWERS, "--format", "html"],
        ["schema", "verdict"],
        ["template"],
        ["validate", "--format", "json"],
        ["--help"],
        ["check", "--help"],
        ["--version"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_reader_that_stops_early_is_exit_2_without_a_traceback(args: list[str]) -> None:
    child = sdgtoets(*args, stdout=subprocess.PIPE)
    assert child.stdout is not None
    child.stdout.close()  # the reader is gone before anything is written
    code, err = finished(child)
    assert code == 2, err
    assert "afgebroken" in err or "Broken pipe" in err


@posix
def test_a_closed_stdout_is_exit_2() -> None:
    code, err = finished(sdgtoets("check", "--answers", ANSWERS, preexec_fn=lambda: os.close(1)))
    assert code == 2 and "stdout is gesloten" in err, err


@posix
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["check", "--answers", ANSWERS], ["schema", "verdict"], ["--help"]])
def test_a_full_disk_behind_stdout_is_exit_2(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:  # writing to /dev/full fails with ENOSPC; it changes nothing
        code, err = finished(sdgtoets(*args, stdout=full))
    assert code == 2 and "Kan de uitvoer niet schrijven" in err, err


def test_a_name_the_file_system_refuses_is_exit_2_naming_it(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    source = tmp_path / "lijst.csv"
    source.write_text("naam\nA\n", encoding="utf-8")
    long = tmp_path / ("x" * 300)
    for args in (["batch", str(source), "-o", str(long)], ["check", "--answers", ANSWERS, "-o", str(long)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "xxxxxxxx" in result.output and not any(w in result.output for w in INTERNAL)


def test_the_profile_interview_with_input_that_ends_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "profiel.yaml"
    env = dict(os.environ, SDGTOETS_HOME=str(tmp_path / "home"))
    run = [sys.executable, "-m", "sdgtoets", "profile", "-o", str(target)]
    nothing = subprocess.run(run, input=b"", capture_output=True, env=env, check=False)
    assert nothing.returncode == 2 and "geen invoer" in nothing.stderr.decode(), nothing.stderr
    half = subprocess.run(run, input=b"Gemeente Voorbeeld\n\n1\n", capture_output=True, env=env, check=False)
    err = half.stderr.decode()
    assert half.returncode == 2 and "hield op voor het profiel af was" in err, err
    assert target.exists() and "Gemeente Voorbeeld" in target.read_text(encoding="utf-8")
    assert not any(w in err for w in INTERNAL)


def test_excels_sep_hint_line_is_read_as_excel_reads_it(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes(b"\xef\xbb\xbfsep=;\r\nnaam;project_kind\r\nA;event\r\nB;geen idee\r\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--summary-only"])
    assert result.exit_code == 2, result.output  # row B has a bad answer
    assert "rij 3, kolom B" in result.output  # as Excel numbers it: the hint line is hidden there
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [r[:3] for r in list(csv.reader(handle, delimiter=";"))[1:]] == [["2", "", "A"]]
