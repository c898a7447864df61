"""Benchmark `sdgtoets batch` against a floor (csv module -> JSON lines), and peak memory.

Usage (from the repository root):

    .venv/bin/python benchmarks/batch_bench.py        # bundled content, 10,000 and 100,000 rows
    .venv/bin/python benchmarks/batch_bench.py --rows 2000 --memory-rows   # a quick look

For each list size one hyperfine run puts side by side: the floor, `batch --summary-only` and
`batch` with a Markdown verdict per project (the default). Each command writes into a folder
that hyperfine's ``--prepare`` empties before every run (deleting 100,000 files is not timed).
Then peak memory at 1,000, 10,000 and 100,000 rows, and last the start-up of `check --answers`
against `python -c pass` (benchmarks/startup.sh, with a fresh venv holding the wheel of this
checkout). `--fixture` uses the small questionnaire and rubric under tests/batch_data.

Needs `hyperfine` (Debian: apt-get install -y hyperfine) and GNU time (/usr/bin/time) for memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shlex
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
    """Peak resident memory of the largest process of ``command`` (GNU time; workers included)."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False)
    if result.returncode not in (0, 2):
        raise SystemExit(result.stderr)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(found.group(1)) if found else -1


def batch_command(source: Path, out: Path, defs: list[str], *extra: str) -> list[str]:
    return [SDGTOETS, "batch", str(source), "--output-dir", str(out), "--force", "--quiet", *defs, *extra]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--memory-rows", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--fixture", action="store_true", help="the small test questionnaire and rubric")
    parser.add_argument("--runs", type=int, default=3, help="hyperfine runs per command up to 10,000 rows")
    parser.add_argument("--large-runs", type=int, default=1, help="hyperfine runs per command above that")
    parser.add_argument("--no-startup", dest="startup", action="store_false", help="skip startup.sh")
    parser.add_argument("--startup-runs", type=int, default=30)
    args = parser.parse_args()
    defs = FIXTURE if args.fixture else []
    content = "fixture" if args.fixture else "bundled"
    work = Path(tempfile.mkdtemp(prefix="sdgtoets-bench-"))
    try:
        for rows in args.rows:
            source = work / f"projects_{rows}.csv"
            generate(source, rows, args.fixture)
            floor = (
                f"{sys.executable} {ROOT / 'benchmarks/floor.py'} {source} {work / 'floor' / 'rows.jsonl'}"
            )
            summary = " ".join(batch_command(source, work / "summary", defs, "--summary-only"))
            files = " ".join(batch_command(source, work / "files", defs))
            runs = str(args.runs if rows <= 10_000 else args.large_runs)
            warmup = "1" if rows <= 10_000 else "0"
            command = [
                "hyperfine", "--warmup", warmup, "--runs", runs, "-N",
                "--export-markdown", str(work / "hyperfine.md"),
                "--prepare", f"mkdir -p {work / 'floor'}",
                "--prepare", f"rm -rf {work / 'summary'}",
                "--prepare", f"rm -rf {work / 'files'}",
                "-n", "floor (csv -> json lines)", floor,
                "-n", "batch --summary-only", summary,
                "-n", "batch (a Markdown verdict per project)", files,
            ]  # fmt: skip
            print(f"\n# {rows:,} projects, {content} content, CSV in {source}\n")
            print("$ " + shlex.join(command))
            subprocess.run(command, check=True)
            print((work / "hyperfine.md").read_text(encoding="utf-8"))
            shutil.rmtree(work / "files", ignore_errors=True)
            if rows not in args.memory_rows:
                source.unlink()
        if args.memory_rows:
            print("# peak memory (/usr/bin/time -v: maximum resident set size of the largest process)")
            print(f"{'rows':>8} {'--summary-only':>15} {'with files':>11}")
        for rows in args.memory_rows:
            source = work / f"projects_{rows}.csv"
            if not source.exists():
                generate(source, rows, args.fixture)
            summary_kb = max_rss_kb(batch_command(source, work / f"mem{rows}", defs, "--summary-only"))
            files_kb = max_rss_kb(batch_command(source, work / f"memf{rows}", defs))
            shutil.rmtree(work / f"memf{rows}", ignore_errors=True)
            print(f"{rows:>8,} {summary_kb / 1024:>11.1f} MiB {files_kb / 1024:>7.1f} MiB", flush=True)
        if args.startup:
            print("\n# start-up: bash benchmarks/startup.sh (a fresh venv with the wheel)\n", flush=True)
            env = {**os.environ, "VENV": str(work / "startup-venv"), "RUNS": str(args.startup_runs)}
            subprocess.run(["bash", str(ROOT / "benchmarks/startup.sh")], check=True, env=env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
