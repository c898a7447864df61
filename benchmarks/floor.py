"""The floor for `batch_bench.py`: read the same CSV with the csv module, write one JSON line per row."""

from __future__ import annotations

import csv
import json
import sys


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8-sig", newline="") as handle, open(target, "w", encoding="utf-8") as out:
        for row in csv.DictReader(handle, delimiter=";"):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
