"""The JSON twins the wheel build makes of bundled YAML are used only while they match the YAML."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sdgtoets.loading.yaml_files import load_file


def write_twin(yaml_path: Path, data: object, source: bytes) -> None:
    twin = {"source_sha256": hashlib.sha256(source).hexdigest(), "data": data}
    yaml_path.with_suffix(".json").write_text(json.dumps(twin), encoding="utf-8")


def test_matching_twin_is_used(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(b"a: 1\n")
    write_twin(path, {"a": "from json"}, b"a: 1\n")
    assert load_file(path, trusted=True)[0] == {"a": "from json"}


def test_stale_twin_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(b"a: 2\n")  # edited after the twin was made
    write_twin(path, {"a": "from json"}, b"a: 1\n")
    assert load_file(path, trusted=True)[0] == {"a": 2}


def test_untrusted_files_never_use_a_twin(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(b"a: 1\n")
    write_twin(path, {"a": "from json"}, b"a: 1\n")
    assert load_file(path)[0] == {"a": 1}
