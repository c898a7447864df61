"""Lock files against two runs on the same output folder or session at once.

A lock is a small JSON file created atomically (``O_CREAT | O_EXCL``) that names the process
holding it: host, pid, the process's start time (where the system tells it, so that a reused pid
is not mistaken for the old process) and when it was taken. A lock whose process is gone (after
kill -9, a crash or a reboot) is stale: it is replaced, and the caller is told so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Location


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its file says."""

    pid: int
    host: str
    since: str
    started: str = ""  # the process's own start time, where known

    @property
    def when(self) -> str:
        return self.since.replace("T", " ")[:16]


@dataclass
class Lock:
    path: Path
    stale: Holder | None = None  # the dead holder whose lock was replaced, if any

    def release(self) -> None:
        """Remove the lock, if it is still ours."""
        holder = read_holder(self.path)
        if holder is None or (holder.pid == os.getpid() and holder.host == socket.gethostname()):
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def process_start(pid: int) -> str:
    """A token for when process ``pid`` started (Linux: clock ticks since boot, plus boot id)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        fields = stat[stat.rindex(")") + 2 :].split()
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        return f"{boot}:{fields[19]}"
    except (OSError, ValueError, IndexError):
        return ""


def alive(holder: Holder) -> bool:
    """Whether the holder is still running. Another host's lock is assumed alive (we cannot tell)."""
    if holder.host != socket.gethostname():
        return True
    if holder.pid <= 0:
        return False
    if sys.platform == "win32":
        return _alive_windows(holder.pid)
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        pass
    except OSError:
        return False
    if holder.started:
        now = process_start(holder.pid)
        if now and now != holder.started:  # the pid was reused by another process
            return False
    return True


def _alive_windows(pid: int) -> bool:  # pragma: no cover - exercised on Windows only
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    code = ctypes.c_ulong()
    kernel.GetExitCodeProcess(handle, ctypes.byref(code))
    kernel.CloseHandle(handle)
    return code.value == 259  # STILL_ACTIVE


def read_holder(path: Path) -> Holder | None:
    """The holder named in a lock file; None when there is no (readable) lock."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["since"]), str(data.get("started", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acquire(path: Path, busy_key: str, **params: Any) -> Lock:
    """Take the lock at ``path`` or raise InputError(``busy_key``) naming the running process.

    A stale lock (its process is gone) is replaced; a lock file that cannot be read at all (cut
    off by a crash while being written) counts as stale too.
    """
    me = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": dt.datetime.now().replace(microsecond=0).isoformat(),
        "started": process_start(os.getpid()),
        "program": "sdgtoets",
    }
    stale: Holder | None = None
    content = json.dumps(me) + "\n"
    for _attempt in range(3):
        try:
            _create(path, content)
        except FileExistsError:
            holder = read_holder(path)
            if holder is None and _young(path):  # being written by another process right now
                holder = Holder(0, socket.gethostname(), str(me["since"]))
                raise InputError.one(
                    busy_key, Location(str(path)), pid="?", since=holder.when, path=str(path), **params
                ) from None
            if holder is not None and alive(holder):
                raise InputError.one(
                    busy_key, Location(str(path)), pid=holder.pid, since=holder.when, path=str(path), **params
                ) from None
            stale = holder or Holder(0, "", "")
            if read_holder(path) == holder:  # not taken over meanwhile by another process
                with contextlib.suppress(OSError):
                    path.unlink()
            continue
        except OSError as exc:
            raise InputError.one(
                "file.write_failed", Location(str(path)), path=str(path), reason=exc.strerror or str(exc)
            ) from None
        return Lock(path, stale)
    raise InputError.one(busy_key, Location(str(path)), pid="?", since="?", path=str(path), **params)


def _young(path: Path, seconds: float = 10.0) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


def _create(path: Path, content: str) -> None:
    """Create ``path`` holding ``content``, atomically: written beside it, then hard-linked into
    place (a link never replaces an existing file), so no one ever sees a half-written lock.
    Where hard links are not possible, O_EXCL creation (a reader may then see it empty)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(content)
        try:
            os.link(tmp, path)
            return
        except FileExistsError:
            raise
        except OSError:
            pass
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(content)
        except OSError:
            with contextlib.suppress(OSError):
                path.unlink()
            raise
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
