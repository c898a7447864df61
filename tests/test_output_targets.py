"""Outputs that are not regular files (check -o, template -o, ...): a folder, a link to one, a
link to nothing or a device sdgtoets does not write into is refused (exit 2, the path named);
a link to a file is followed (the file is replaced, the link stays); a pipe, a terminal-like
device or our own stdout is written into, as a shell redirect would, and never replaced.

Device cases use device nodes made in a temporary folder (where the system allows it), never
/dev/null itself: a regression must not be able to replace a device of the machine."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

ANSWERS = str(Path(__file__).parent.parent / "examples" / "zomerfestival.answers.yaml")
INTERNAL = ("Er ging iets mis in sdgtoets zelf", "Traceback")
posix = pytest.mark.skipif(sys.platform == "win32", reason="links, FIFOs and device nodes are POSIX")


def check(runner: CliRunner, app: Any, output: Path, *extra: str) -> Any:
    result = runner.invoke(app, ["check", "--answers", ANSWERS, "-o", str(output), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not any(w in result.output for w in INTERNAL), result.output
    return result


def test_a_folder_or_a_link_to_one_is_refused(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    (tmp_path / "link").symlink_to(folder)
    for target in (folder, tmp_path / "link"):
        result = check(runner, app, target, "--force")
        assert result.exit_code == 2 and "is een map, geen bestand" in result.output
        assert target.name in result.output
    assert list(folder.iterdir()) == [] and (tmp_path / "link").is_symlink()


@posix
def test_a_link_to_a_file_elsewhere_is_followed_and_stays_a_link(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    real = elsewhere / "oordeel.md"
    real.write_text("oud\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "out.md"
    link.symlink_to(real)
    refused = check(runner, app, link)  # the file it points to exists: only with --force
    assert refused.exit_code == 2 and "bestaat al" in refused.output
    assert real.read_text(encoding="utf-8") == "oud\n"
    result = check(runner, app, link, "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("# SDG-toets")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in elsewhere.iterdir()) == ["oordeel.md"]  # no temporary file left


@posix
def test_a_link_to_nothing_is_refused_and_nothing_is_made(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nergens" / "x.json")
    result = check(runner, app, link, "--force", "--format", "json")
    assert result.exit_code == 2, result.output
    assert "snelkoppeling" in result.output and "nergens" in result.output
    assert link.is_symlink() and not (tmp_path / "nergens").exists()


@posix
def test_a_fifo_is_written_into_and_one_nobody_reads_is_refused(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    alone = check(runner, app, fifo)
    assert alone.exit_code == 2 and "Niemand leest uit de pipe" in alone.output  # no wait without end
    received: list[bytes] = []
    ready = threading.Event()

    def read() -> None:
        with open(fifo, "rb") as handle:  # blocks until the writer opens it
            ready.set()
            received.append(handle.read())

    # Open the reading end first (non-blocking), so the writer finds a reader.
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        reader = threading.Thread(target=read)
        reader.start()
        result = check(runner, app, fifo)  # no --force needed: nothing is replaced
        assert result.exit_code == 0, result.output
    finally:
        os.close(fd)
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"".join(received).startswith(b"# SDG-toets")
    link = tmp_path / "naar-pijp.md"
    link.symlink_to(fifo)
    again = check(runner, app, link)
    assert again.exit_code == 2 and "Niemand leest" in again.output and link.is_symlink()


def device(tmp_path: Path, name: str, like: str) -> Path:
    """A device node in the temporary folder with the numbers of ``like`` (e.g. /dev/null)."""
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.stat(like).st_rdev)
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


@posix
def test_a_null_device_is_written_into_and_stays_a_device(
    runner: CliRunner, app: Any, tmp_path: Path
) -> None:
    null = device(tmp_path, "null", "/dev/null")
    link = tmp_path / "weg.md"
    link.symlink_to(null)
    for target in (null, link):
        result = check(runner, app, target)
        assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "weg.md"]


@posix
def test_other_devices_are_refused_and_left_alone(runner: CliRunner, app: Any, tmp_path: Path) -> None:
    zero = device(tmp_path, "zero", "/dev/zero")
    for extra in ([], ["--force"]):
        result = check(runner, app, zero, *extra)
        assert result.exit_code == 2 and "geen gewoon bestand" in result.output
        assert stat.S_ISCHR(os.lstat(zero).st_mode)
    result = runner.invoke(app, ["template", "-o", str(zero), "--force"])
    assert result.exit_code == 2 and stat.S_ISCHR(os.lstat(zero).st_mode)


@posix
@pytest.mark.parametrize("mode", ["wb", "ab"])
def test_dev_stdout_writes_into_what_stdout_is(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "uit.md"
    target.write_bytes(b"EERST\n")
    with open(target, mode) as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "sdgtoets", "check", "--answers", ANSWERS, "-o", "/dev/stdout"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("EERST\n# SDG-toets" if mode == "ab" else "# SDG-toets")
    assert not target.is_symlink() and [p.name for p in tmp_path.iterdir()] == ["uit.md"]
