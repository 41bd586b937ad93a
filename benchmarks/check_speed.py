"""How fast ``gradproof check`` reads a page of notes: a file of 40 sections, one job against two.

Builds a Markdown file of 40 sections (30 logistic-regression derivations, 10 two-layer ReLU and
sigmoid networks), each with its own names so that no link is a cached repeat of another, checks
it with ``jobs=1`` and ``jobs=2`` in pairs, alternating which of the two runs first (a cache or a
neighbour warmed by the first run then favours each side equally), and prints the median of each,
the median of the pairs' ratios j1/j2 (target of issue 16: at least 1.8), the workers' busy time
over the wall time (about 2 when -j 2 keeps both cores busy), and the load average: the ratio is
lower when other work shares the machine.

    .venv/bin/python benchmarks/check_speed.py [--pairs 6] [--sections-logistic 30] [--sections-network 10]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LOGISTIC = r"""
## Logistic regression {k}

$$ z = w_{{{k}}} x_{{{k}}} + b_{{{k}}} $$

$$ a = \sigma(z) $$

$$ J = -\left( y_{{{k}}} \log a + (1 - y_{{{k}}}) \log(1 - a) \right) $$

$$ \frac{{\partial J}}{{\partial a}} = -\frac{{y_{{{k}}}}}{{a}} + \frac{{1 - y_{{{k}}}}}{{1 - a}} = \frac{{a - y_{{{k}}}}}{{a(1 - a)}} $$

$$ \frac{{\partial a}}{{\partial z}} = a(1 - a) $$

$$ \frac{{\partial J}}{{\partial z}} = a - y_{{{k}}} $$

$$ \frac{{\partial J}}{{\partial w_{{{k}}}}} = (a - y_{{{k}}}) x_{{{k}}} $$
"""

NETWORK = r"""
## Two-layer network {k}

$$ C = (A_2 - Y_{{{k}}})^2 $$

$$ A_2 = \text{{sigmoid}}(Z_2) $$

$$ Z_2 = W_2 A_1 + B_{{{k}}} $$

$$ A_1 = \text{{ReLU}}(Z_1) $$

$$ Z_1 = W_1 X_{{{k}}} + B_1 $$

$$ \frac{{dC}}{{dW_2}} = A_1 \sigma(Z_2)(1 - \sigma(Z_2))(2A_2 - 2Y_{{{k}}}) $$

$$ \frac{{dC}}{{dB_{{{k}}}}} = \sigma(Z_2)(1 - \sigma(Z_2))(2A_2 - 2Y_{{{k}}}) $$

$$ \frac{{dC}}{{dW_1}} = X_{{{k}}} (Z_1 > 0) W_2 \sigma(Z_2)(1 - \sigma(Z_2))(2A_2 - 2Y_{{{k}}}) $$

$$ \frac{{dC}}{{dB_1}} = (Z_1 > 0) W_2 A_2 (1 - A_2) 2(A_2 - Y_{{{k}}}) $$

$$ \frac{{dC}}{{dZ_2}} = 2(A_2 - Y_{{{k}}}) \sigma'(Z_2) $$
"""


def notes(logistic: int, network: int) -> str:
    parts = ["# Benchmark notes\n"]
    parts += [LOGISTIC.format(k=k + 10) for k in range(logistic)]
    parts += [NETWORK.format(k=k + 10) for k in range(network)]
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections-logistic", type=int, default=30)
    parser.add_argument("--sections-network", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=6, help="pairs of runs (default 6)")
    args = parser.parse_args()
    start = time.perf_counter()
    from derivations.notes import check_paths
    from derivations.notes.verify.worker import cpu_count
    imported = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.md"
        path.write_text(notes(args.sections_logistic, args.sections_network), encoding="utf-8")
        times: dict[int, list[float]] = {1: [], 2: []}
        busy: dict[int, list[float]] = {1: [], 2: []}
        results = {}
        for pair in range(args.pairs):
            for jobs in ((1, 2) if pair % 2 == 0 else (2, 1)):
                start = time.perf_counter()
                results[jobs] = check_paths([str(path)], timeout=10, jobs=jobs)
                times[jobs].append(time.perf_counter() - start)
                busy[jobs].append(sum(link.seconds for f in results[jobs].files for link in f.links) / times[jobs][-1])
            print(f"pair {pair + 1} ({'j1 first' if pair % 2 == 0 else 'j2 first'}): -j 1 {times[1][-1]:.2f} s, "
                  f"-j 2 {times[2][-1]:.2f} s, ratio {times[1][-1] / times[2][-1]:.2f}", flush=True)
    links = sum(len(f.links) for f in results[1].files)
    same = [l.verdict for l in results[1].files[0].links] == [l.verdict for l in results[2].files[0].links]
    print(f"cores available: {cpu_count()} (os.cpu_count {os.cpu_count()})")
    print(f"import of the checker: {imported:.2f} s")
    print(f"links: {links}  verdicts: {results[1].summary}  same verdicts with -j 2: {same}")
    for jobs in (1, 2):
        median = statistics.median(times[jobs])
        print(f"-j {jobs}: median {median:.2f} s ({1000 * median / links:.1f} ms a link); "
              f"worker time / wall time {statistics.median(busy[jobs]):.2f}")
    print(f"ratio j1/j2: median {statistics.median(a / b for a, b in zip(times[1], times[2])):.2f} over "
          f"{args.pairs} pairs (target 1.8)")
    if hasattr(os, "getloadavg"):  # other work on the machine takes cores from -j 2
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
