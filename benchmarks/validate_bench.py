"""`sdgtoets validate` on a generated rubric of N rules (default 10,000), with hyperfine.

    .venv/bin/python benchmarks/validate_bench.py --rules 10000 --runs 3

The rubric fits tests/batch_data/questionnaire.yaml; its rules cycle through its questions and
SDGs, so that every check of the linter has work to do. Issue 11 asks for under 5 s at 10,000.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "batch_data"
CONDITIONS = [
    ("energy", "eq", "reduces"),
    ("groups", "contains", "youth"),
    ("health", "eq", True),
    ("paving", "eq", True),
]


def rubric(rules: int) -> dict[str, object]:
    base = yaml.safe_load((DATA / "rubric.yaml").read_text(encoding="utf-8"))
    base["rules"] = [
        {
            "id": f"rule_{i}",
            "target": f"sdg:{i % 17 + 1}",
            "when": dict(zip(("question", "op", "value"), CONDITIONS[i % 4], strict=True)),
            "effect": {"sign": "positive" if i % 3 else "negative", "kind": "direct", "strength": 1 + i % 3},
            "rationale": {"nl": f"Reden {i}.", "en": f"Reason {i}."},
        }
        for i in range(rules)
    ]
    return base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "sdgtoets"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.rubric.yaml"
        path.write_text(
            yaml.safe_dump(rubric(args.rules), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        command = f"{exe} validate {DATA / 'questionnaire.yaml'} {path}"
        subprocess.run(
            ["hyperfine", "--runs", str(args.runs), "--ignore-failure", "--style", "basic", command],
            check=True,
        )


if __name__ == "__main__":
    main()
