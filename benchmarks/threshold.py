"""From how many rows do worker processes pay off? (sets ``batch.run.PARALLEL_FROM``)

Scores generated lists of the bundled content in this process with one process and with two
worker processes (the threshold switched off), best of ``--runs``, and prints the ratio:

    .venv/bin/python benchmarks/threshold.py --rows 250 500 1000 2000 4000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_bench import generate

from sdgtoets.batch import run
from sdgtoets.instrument import load_instrument


def best(rows: Path, out: Path, jobs: int, summary_only: bool, runs: int) -> float:
    instrument = load_instrument()
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        options = run.Options(
            rows, out, summary_only=summary_only, jobs=jobs, definitions=(None, None, (), None)
        )
        start = time.perf_counter()
        run.run_batch(instrument, options, lambda err, message: None)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[250, 500, 1000, 2000, 4000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", action="store_true", help="with per-project Markdown files")
    parser.add_argument("--spawn", action="store_true", help="start workers as Windows and macOS do")
    args = parser.parse_args()
    run.PARALLEL_FROM = 0  # type: ignore[misc]
    if args.spawn:
        import multiprocessing

        run._context = lambda: multiprocessing.get_context("spawn")  # type: ignore[assignment]
    work = Path(tempfile.mkdtemp(prefix="sdgtoets-threshold-"))
    try:
        print(f"{'rows':>6} {'1 process':>10} {'2 workers':>10} {'ratio':>6}")
        for rows in args.rows:
            source = work / f"p{rows}.csv"
            generate(source, rows, fixture=False)
            one = best(source, work / "o1", 1, not args.files, args.runs)
            two = best(source, work / "o2", 2, not args.files, args.runs)
            print(f"{rows:>6} {one:>9.2f}s {two:>9.2f}s {one / two:>6.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
