"""``profile``: the municipal profile (the interview that writes one is ``interview.profile``)."""

from __future__ import annotations

from pathlib import Path

from ..core.profile import MunicipalProfile
from ..instrument import Instrument, load_instrument
from ..loading.profile import PROFILE_FILE, find_profile, read_profile


def default_profile_path() -> Path:
    """Where ``sdgtoets profile`` writes when no file is named: this folder, where check and
    batch find it."""
    return Path.cwd() / PROFILE_FILE


def load_profile(
    path: Path | None = None,
    *,
    questionnaire: Path | None = None,
    instrument: Instrument | None = None,
) -> MunicipalProfile | None:
    """The profile in ``path`` (else the one check and batch would find), checked against the
    questionnaire's municipality questions; None when there is none. Raises InputError."""
    found = find_profile(path)
    if found is None:
        return None
    instrument = instrument or load_instrument(questionnaire)
    return read_profile(found, instrument.questionnaire)
