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

        # (label, source, rows, command) per run; the floor reads no source of ours.
        kinds = [
            ("floor (csv -> json lines)", None, [None]),
            ("batch --summary-only", ["--summary-only"], sources),
            ("batch (a Markdown verdict per project)", [], sources),
        ]
        jobs: list[tuple[str, Path | None, int, list[str]]] = []
        for label, extra, srcs in kinds:
            for src in srcs:
                for rows in (small, large):
                    listed, out = str(work / f"p{rows}.csv"), str(work / f"out{len(jobs)}")
                    if extra is None:
                        command = [python, str(ROOT / "benchmarks/floor.py"), listed, out]
                    else:
                        command = [python, "-m", "sdgtoets", "batch", listed, "-o", out, "--force",
                                   "--quiet", "--jobs", "1", *defs, *extra]  # fmt: skip
                    jobs.append((label, src, rows, command))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            counts = list(pool.map(lambda job: instructions(job[3], job[1]), jobs))
    per_row: dict[tuple[str, Path | None], float] = {}
    for (label, src, rows, _), count in zip(jobs, counts, strict=True):
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
