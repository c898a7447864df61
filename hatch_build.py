"""Build hook: ship the bundled YAML content (and the message catalogue) also as JSON, so
``sdgtoets check`` starts fast.

Parsing the bundled questionnaire and rubric with PyYAML takes longer than the rest of a
check; JSON loads in a fraction of that time. Each JSON file records the SHA-256 of the YAML
bytes it was made from, and the loader uses it only when that still matches, so a stale
JSON can never shadow an edited YAML file. The YAML stays the source of truth.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CONTENT_DIRS = ("questionnaires", "rubrics")


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        out = Path(tempfile.mkdtemp(prefix="sdgtoets-build-"))
        root = Path(self.root)
        for folder in CONTENT_DIRS:
            for source in sorted((root / folder).glob("*.yaml")):
                raw = source.read_bytes()
                data = yaml.safe_load(raw.decode("utf-8-sig"))
                target = out / folder / (source.stem + ".json")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(
                    json.dumps(
                        {"source_sha256": hashlib.sha256(raw).hexdigest(), "data": data}, ensure_ascii=False
                    ),
                    encoding="utf-8",
                )
                build_data["force_include"][str(target)] = f"sdgtoets/_bundled/{folder}/{target.name}"
        # The user-facing messages, merged from src/sdgtoets/locales/*.yaml (see sdgtoets.i18n).
        sources: dict[str, str] = {}
        messages: dict[str, Any] = {}
        for source in sorted((root / "src" / "sdgtoets" / "locales").glob("*.yaml")):
            raw = source.read_bytes()
            sources[source.name] = hashlib.sha256(raw).hexdigest()
            messages.update(yaml.safe_load(raw.decode("utf-8")) or {})
        catalog = out / "catalog.json"
        catalog.write_text(
            json.dumps({"sources": sources, "messages": messages}, ensure_ascii=False), encoding="utf-8"
        )
        build_data["force_include"][str(catalog)] = "sdgtoets/locales/catalog.json"
