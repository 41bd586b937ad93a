"""Cold wall time of `gradproof verify` (a new process each run, as a user would start it).

Run: python benchmarks/verify_time.py [--runs 5] [IDS...]
Prints each run, then the median and the fastest, against the cost of starting Python with
sympy, numpy and rich imported (measured in the same run, so a loaded machine shows in both).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    verify = [sys.executable, str(ROOT / "cli.py"), "verify", "--json", *args.ids]
    imports = [sys.executable, "-c", "import sympy, numpy, rich.console, rich.table"]
    baseline = statistics.median(wall(imports) for _ in range(args.runs))
    times = []
    for run in range(1, args.runs + 1):
        times.append(wall(verify))
        print(f"run {run}: {times[-1]:.2f} s")
    median = statistics.median(times)
    print(f"gradproof verify {' '.join(args.ids) or '(all)'}: median {median:.2f} s, fastest {min(times):.2f} s "
          f"over {args.runs} cold runs; imports alone {baseline:.2f} s ({median / baseline:.1f}x)")


if __name__ == "__main__":
    main()
