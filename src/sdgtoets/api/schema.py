"""``schema``: the published JSON Schemas, for editors (yaml-language-server) and CI."""

from __future__ import annotations

from ..errors import InputError
from ..loading.schemas import schema_text

NAMES = ("questionnaire", "rubric", "answers", "verdict", "test", "profile", "merge", "compare", "whatif")


def schema(name: str) -> str:
    """The JSON Schema ``name`` (one of ``NAMES``; ``rubric`` also covers overlays) as text."""
    key = name.strip().lower()
    if key not in NAMES:
        raise InputError.one("maintenance.bad_schema", value=name, allowed=", ".join(NAMES))
    return schema_text(key)
