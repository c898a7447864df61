"""Instructions per row of `sdgtoets batch` and of the floor, counted by valgrind (callgrind).

Usage (from the repository root; needs valgrind: apt-get install -y valgrind):

    .venv/bin/python benchmarks/instructions.py                       # this checkout
    .venv/bin/python benchmarks/instructions.py --src /tmp/old/src    # and another, side by side

Wall-clock ratios (batch_bench.py) move by 10-50 % on a shared machine from one run to the next;
instruction counts do not: the same code, inputs and environment give the same count whatever
else the machine does. So a change of a few percent shows here, and commits compare reliably.
Each command runs in one process (``--jobs 1``) on a generated list at two sizes; the
difference divided by the extra rows is the cost of one row, without start-up. What the
counts leave out: time lost to caches, memory and the kernel, and the pool's overlap of two cores
(a run with workers does about the same instructions per row, spread over the processes).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_bench import FIXTURE, ROOT, generate


def instructions(command: list[str], src: Path | None) -> int:
    """Instructions the command executes (its own process), counted by callgrind."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same hashes, the same count
    if src is not None:
        env["PYTHONPATH"] = str(src)
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode not in (0, 2) or not found:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs=2, default=[200, 1200], metavar=("SMALL", "LARGE"))
    parser.add_argument("--src", type=Path, action="append", default=[], help="another checkout's src/")
    parser.add_argument("--fixture", action="store_true", help="the small test questionnaire and rubric")
    args = parser.parse_args()
    small, large = args.rows
    defs = FIXTURE if args.fixture else []
    python = sys.executable
    sources: list[Path | None] = [None, *args.src]
    with tempfile.TemporaryDirectory(prefix="sdgtoets-instr-") as name:
        work = Path(name)
        for rows in (small, large):
            generate(work / f"p{rows}.csv", rows, args.fixture)

        def floor(rows: int, src: Path | None) -> list[str]:
            return [
                python,
                str(ROOT / "benchmarks/floor.py"),
                str(work / f"p{rows}.csv"),
                str(work / f"f{rows}"),
            ]

        def batch(*extra: str) -> object:
            def command(rows: int, src: Path | None) -> list[str]:
                out = work / f"o{rows}-{abs(hash((src, extra)))}"
                return [python, "-m", "sdgtoets", "batch", str(work / f"p{rows}.csv"), "-o", str(out),
                        "--force", "--quiet", "--jobs", "1", *defs, *extra]  # fmt: skip

            return command

        measured = [("floor (csv -> json lines)", floor, [None])]
        measured.append(("batch --summary-only", batch("--summary-only"), sources))
        measured.append(("batch (a Markdown verdict per project)", batch(), sources))
        jobs = [
            (label, make, src, rows)
            for label, make, srcs in measured
            for src in srcs
            for rows in (small, large)
        ]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            counts = list(pool.map(lambda j: instructions(j[1](j[3], j[2]), j[2]), jobs))
    per_row: dict[tuple[str, Path | None], float] = {}
    for (label, _, src, rows), count in zip(jobs, counts, strict=True):
        sign = 1 if rows == large else -1
        per_row[label, src] = per_row.get((label, src), 0) + sign * count / (large - small)
    base = per_row["floor (csv -> json lines)", None]
    print(f"Instructions per row (difference of {small:,} and {large:,} rows, one process):\n")
    print("| command | source | per row | to the floor |")
    print("|:---|:---|---:|---:|")
    for (label, src), value in per_row.items():
        where = "this checkout" if src is None else str(src)
        print(f"| {label} | {where} | {value / 1e6:.3f} M | {value / base:.2f}x |")


if __name__ == "__main__":
    main()
