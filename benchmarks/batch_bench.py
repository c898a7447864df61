"""Benchmark `sdgtoets batch --summary-only` against a floor (csv module -> JSON lines), and peak memory.

Usage (from the repository root):

    .venv/bin/python benchmarks/batch_bench.py                  # 10,000 projects, test questionnaire
    .venv/bin/python benchmarks/batch_bench.py --bundled --rows 2000   # the bundled (much larger) content

The default uses the small questionnaire and rubric under tests/batch_data, so figures do not
shift when the bundled content changes.

Needs `hyperfine` (Debian: apt-get install -y hyperfine) and GNU time (/usr/bin/time) for memory.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = [
    "--questionnaire",
    str(ROOT / "tests/batch_data/questionnaire.yaml"),
    "--rubric",
    str(ROOT / "tests/batch_data/rubric.yaml"),
]
SDGTOETS = str(Path(sys.executable).with_name("sdgtoets"))


def multi(rnd: random.Random, question: Any) -> str:
    """Some choices of a multiple-choice question; a "niet bekeken" choice only on its own."""
    gaps = [c for c in question.choices if c.gap]
    if gaps and rnd.random() < 0.1:
        return str(rnd.choice(gaps).value)
    others = [c for c in question.choices if not c.gap]
    return "; ".join(c.value for c in rnd.sample(others, rnd.randint(1, len(others))))


def generate(path: Path, rows: int, fixture: bool, seed: int = 2026) -> None:
    """A Belgian-Excel-style CSV (semicolons, BOM, CRLF) with random but valid answers."""
    sys.path.insert(0, str(ROOT / "src"))
    from sdgtoets.loading.definitions import load_questionnaire

    questionnaire = load_questionnaire(Path(FIXTURE[1]) if fixture else None)
    questions = [q for q in questionnaire.questions if q.answerable and q.type != "text"]
    ids = {q.id for q in questionnaire.questions}
    budget_col = next(h for h in ("budget", "bedrag") if h not in ids)
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["naam", "dienst", budget_col, "jaar", *(q.id for q in questions)])
        for i in range(rows):
            cells = [
                f"Actie {i + 1}: project in de Kerkstraat",
                rnd.choice(["Milieu", "Welzijn", "Cultuur"]),
                f"{rnd.randint(1, 2_000_000):,}".replace(",", "."),
                str(rnd.randint(2025, 2031)),
            ]
            for q in questions:
                if rnd.random() < 0.15:
                    cells.append(rnd.choice(["", "weet niet"]))
                elif q.type == "boolean":
                    cells.append(rnd.choice(["ja", "nee"]))
                elif q.type == "single_choice":
                    cells.append(rnd.choice(q.choices).value)
                elif q.type == "multi_choice":
                    cells.append(multi(rnd, q))
                else:  # number
                    low = int(q.minimum or 0)
                    cells.append(str(rnd.randint(low, int(q.maximum or low + 100))))
            writer.writerow(cells)


def max_rss_kb(command: list[str]) -> int:
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False)
    if result.returncode not in (0, 2):
        raise SystemExit(result.stderr)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(found.group(1)) if found else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bundled", action="store_true", help="use the bundled questionnaire and rubric")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    args.fixture = not args.bundled
    defs = FIXTURE if args.fixture else []
    work = Path(tempfile.mkdtemp(prefix="sdgtoets-bench-"))
    try:
        source = work / f"projects_{args.rows}.csv"
        generate(source, args.rows, args.fixture)
        floor = f"{sys.executable} {ROOT / 'benchmarks/floor.py'} {source} {work / 'floor.jsonl'}"
        batch = " ".join(
            [
                SDGTOETS,
                "batch",
                str(source),
                "--output-dir",
                str(work / "out"),
                "--summary-only",
                "--force",
                "--quiet",
                *defs,
            ]
        )
        print(
            f"# {args.rows} projects, {'fixture' if args.fixture else 'bundled'} content, CSV in {source}\n"
        )
        print("$ " + " ".join(["hyperfine", "--warmup", "1", "--runs", str(args.runs), "-N", floor, batch]))
        subprocess.run(
            [
                "hyperfine",
                "--warmup",
                "1",
                "--runs",
                str(args.runs),
                "-N",
                "--export-markdown",
                str(work / "hyperfine.md"),
                "-n",
                "floor (csv -> json lines)",
                floor,
                "-n",
                "sdgtoets batch --summary-only",
                batch,
            ],
            check=True,
        )
        print((work / "hyperfine.md").read_text(encoding="utf-8"))
        print("# peak memory (/usr/bin/time -v, maximum resident set size)")
        for rows in (1_000, args.rows):
            small = work / f"projects_mem_{rows}.csv"
            generate(small, rows, args.fixture)
            command = [
                SDGTOETS,
                "batch",
                str(small),
                "--output-dir",
                str(work / f"mem{rows}"),
                "--summary-only",
                "--force",
                "--quiet",
                *defs,
            ]
            print(f"{rows:>7} rows: {max_rss_kb(command) / 1024:.1f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
