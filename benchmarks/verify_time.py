"""Cold wall time of `gradproof verify` (a new process each run, as a user would start it).

Run: python benchmarks/verify_time.py [--runs 5] [--baseline DIR] [IDS...]

Each round runs, one after the other in a new process: the import floor (`import sympy, numpy,
rich`), `gradproof verify` (the default command, a table), `gradproof verify --json`, and a warm
`gradproof verify --cache DIR` (the cache filled once before the first round). The order of the
commands turns over every round, so a busy machine slows all of them alike. Printed: each
command's median and fastest over the rounds, and its ratio to the floor's median from the same
run (targets of issue 16: cold at most 4.5x the floor, warm at most 2.5x), with the load average.
``--baseline DIR`` adds the same two cold commands from another checkout (e.g. a `git worktree`
of main), for a before/after ratio measured side by side.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    env.pop("GRADPROOF_CACHE", None)  # only the warm command uses a cache, named on its command line
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--baseline", type=Path, help="another checkout to time side by side")
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        commands = {"imports (floor)": ([sys.executable, "-c", "import sympy, numpy, rich.console, rich.table"], ROOT)}
        for label, root in [("", ROOT)] + ([(" [baseline]", args.baseline.resolve())] if args.baseline else []):
            cli = [sys.executable, str(root / "cli.py"), "verify", *args.ids]
            commands[f"verify{label}"] = (cli, root)
            commands[f"verify --json{label}"] = (cli + ["--json"], root)
        commands["verify --cache (warm)"] = ([sys.executable, str(ROOT / "cli.py"), "verify", "--cache", cache,
                                              *args.ids], ROOT)
        wall(*commands["verify --cache (warm)"])  # fills the cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(args.runs):
            order = list(commands) if round_ % 2 == 0 else list(reversed(commands))
            for name in order:
                times[name].append(wall(*commands[name]))
            print(f"round {round_ + 1}: " + ", ".join(f"{name} {times[name][-1]:.2f} s" for name in commands),
                  flush=True)
    floor = statistics.median(times["imports (floor)"])
    print(f"\ngradproof verify {' '.join(args.ids) or '(all)'}, {args.runs} rounds, medians:")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {name:<28} {median:6.2f} s (fastest {min(seconds):.2f} s)  {median / floor:5.1f}x the floor")
    if args.baseline:
        for name in ("verify", "verify --json"):
            ratio = statistics.median(times[name]) / statistics.median(times[f"{name} [baseline]"])
            print(f"  {name}: {ratio:.2f}x the baseline's time")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
