"""Writing files safely: atomically, and never over a user's file without being asked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import InputError, Location


def ensure_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise InputError.one("file.exists", Location(str(path)), path=str(path))
    if path.is_dir():
        raise InputError.one("file.is_dir", Location(str(path)), path=str(path))


def default_mode(path: Path) -> int:
    """The existing file's mode when replacing it, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: str | bytes, force: bool = False) -> None:
    """Write to a temporary file beside ``path``, then rename: a crash leaves the old file or the
    new one, never half of one. Refuses to replace an existing file unless ``force``."""
    ensure_writable(path, force)
    raw = data.encode("utf-8") if isinstance(data, str) else data
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
