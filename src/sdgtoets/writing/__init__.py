"""Writing files safely: atomically, and never over a user's file without being asked."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ..errors import InputError, Location

# /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: this process's own descriptor
_OWN_FD: Final = re.compile(r"/dev/(?:fd/(?P<fd>\d+)|std(?P<std>out|err))|/proc/self/fd/(?P<proc>\d+)")
_TERMINAL: Final = re.compile(r"/dev/(?:tty[A-Za-z0-9]*|pts/\d+|console)")


@dataclass(frozen=True)
class Target:
    """Where an output goes: a regular file replaced atomically (``through`` False), or a pipe,
    a terminal or /dev/null written into as it is (nothing is replaced there)."""

    path: Path
    through: bool = False
    fd: int | None = None  # /dev/stdout and the like: our own file descriptor


def output_target(path: Path, named: bool = False) -> Target:
    """What writing to ``path`` means, or an InputError that says why it cannot be written.

    A folder is refused. ``named``: the user named this path (``-o``): a symbolic link is
    followed (the file it points to is replaced, the link stays; a link to nothing is refused),
    and a FIFO, a terminal, /dev/null or /dev/stdout is written into. Files sdgtoets names
    itself (in a batch folder, sessions) must be regular files: a link there is replaced as a
    link, never followed, and a FIFO or device is refused.
    """
    where = Location(str(path))
    own = _OWN_FD.fullmatch(str(path)) if named else None
    if own is not None:
        fd = int(own["fd"] or own["proc"]) if own["std"] is None else (1 if own["std"] == "out" else 2)
        return Target(path, True, fd)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Target(path)
    except OSError as exc:
        raise InputError.one("file.write_failed", where, path=str(path), reason=exc.strerror) from None
    real = path
    if stat.S_ISLNK(info.st_mode):
        if not named:
            return Target(path)
        real = Path(os.path.realpath(path))
        try:
            info = os.stat(real)
        except FileNotFoundError:
            raise InputError.one("file.dangling_link", where, path=str(path), target=str(real)) from None
        except OSError as exc:
            raise InputError.one("file.write_failed", where, path=str(path), reason=exc.strerror) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError.one("file.is_dir", where, path=str(path))
    if stat.S_ISREG(info.st_mode):
        return Target(real)
    if named and (
        stat.S_ISFIFO(info.st_mode)
        or (stat.S_ISCHR(info.st_mode) and (_is_null(info) or _TERMINAL.fullmatch(str(real))))
    ):
        return Target(real, True)
    raise InputError.one("file.not_regular_output", where, path=str(path))


def _is_null(info: os.stat_result) -> bool:
    try:
        return info.st_rdev == os.stat(os.devnull).st_rdev
    except OSError:
        return False


def ensure_writable(path: Path, force: bool, named: bool = False) -> Target:
    """Where an output to ``path`` goes, once it is clear that it may be written: a folder or
    a device is refused, and an existing file is only replaced with ``force``."""
    target = output_target(path, named)
    if not target.through and target.path.exists() and not force:
        raise InputError.one("file.exists", Location(str(path)), path=str(path))
    return target


def write_through(target: Target, raw: bytes) -> None:
    """Write into a pipe, a terminal, /dev/null or our own stdout, as a shell redirect would. A
    FIFO that nobody reads is an error, not a wait without end."""
    where = Location(str(target.path))
    own = target.fd is not None
    try:
        if own:
            assert target.fd is not None
            sys.stdout.flush()
            sys.stderr.flush()
            fd = target.fd
        else:
            fd = os.open(target.path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
            os.set_blocking(fd, True)
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            if not own:
                os.close(fd)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError.one("file.fifo_no_reader", where, path=str(target.path)) from None
        raise InputError.one(
            "file.write_failed", where, path=str(target.path), reason=exc.strerror or str(exc)
        ) from None


def default_mode(path: Path) -> int:
    """The existing file's mode when replacing it, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: str | bytes, force: bool = False, named: bool = False) -> None:
    """Write to a temporary file beside ``path``, then rename: a crash leaves the old file or the
    new one, never half of one. Refuses to replace an existing file unless ``force``. ``named``:
    the user named the path (see ``output_target``: links followed, pipes written into)."""
    target = ensure_writable(path, force, named)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if target.through:
        write_through(target, raw)
        return
    path = target.path
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError.one(
            "file.write_failed", Location(str(path)), path=str(path), reason=exc.strerror
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:  # a full disk, or Ctrl-C mid-write: leave nothing behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError.one(
                "file.write_failed", Location(str(path)), path=str(path), reason=exc.strerror
            ) from None
        raise
    move_into_place(Path(tmp), path, force)


def move_into_place(tmp: Path, final: Path, force: bool) -> None:
    """Rename a finished temporary file (beside ``final``) over ``final``: atomic, with the mode a
    plain open() would give, and never over an existing file without ``force``. The temporary
    file is gone afterwards, whatever happens."""
    try:
        if not force and final.exists():  # appeared while we wrote
            raise InputError.one("file.exists", Location(str(final)), path=str(final))
        with contextlib.suppress(OSError):
            os.chmod(tmp, default_mode(final))  # mkstemp makes 0600
        os.replace(tmp, final)
    except OSError as exc:
        raise InputError.one(
            "file.write_failed", Location(str(final)), path=str(final), reason=exc.strerror
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
