"""Where the package's own files are (plain paths: cheaper to import than importlib.resources),
and the per-user folder where sdgtoets keeps sessions and the municipal profile."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def user_dir() -> Path:
    """``$SDGTOETS_HOME``, else the per-user data folder of the platform."""
    home = os.environ.get("SDGTOETS_HOME")
    if home:
        return Path(home).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "sdgtoets"
    data = os.environ.get("XDG_DATA_HOME")
    base_dir = Path(data) if data and Path(data).is_absolute() else Path.home() / ".local" / "share"
    return base_dir / "sdgtoets"
