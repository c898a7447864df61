"""The JSON verdict: stable key order, UTF-8, newline at the end, same input -> same bytes."""

from __future__ import annotations

import json
from typing import Any

from ..core.verdict import Verdict


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(verdict: Verdict) -> str:
    return dumps(verdict.to_dict())
