"""One training step (forward, backward, SGD update) at three sizes, in float64 and float32.

Run: python benchmarks/train_step.py [--repeats 9] [--block 0.2] [--threads 1] [--clock cpu|wall]

Variants, all on a ReLU hidden layer with a softmax + cross-entropy output, examples as columns:
- symbolic: the proved, lambdified gradients (derivations.lambdify.symbolic_backward);
- backprop: the hand-written Network.backward (the baseline every ratio divides by);
- torch: PyTorch eager autograd on the CPU, when torch is installed (imported here only).
symbolic and backprop share the trainer's own step (numeric.trainer.sgd_step).

Printed: steps per second (the best block of each variant; the variants' blocks are interleaved
so a busy machine slows all of them alike), the speed ratio to backprop as a paired median (each
round's block against backprop's block of the same round; targets of issue 16: at least 0.97x
everywhere, and 85 % of the matmul peak at 784-512-10),
and achieved GFLOP/s for the exact matmul count of a two-layer step, 2B(2|W1| + 3|W2|), against
NumPy's own matmul peak (1024 x 1024, same dtype, same thread count) measured in the same run.
BLAS is pinned to one thread with threadpoolctl when it is available, for stable ratios, and its
kernel is printed: a stray OPENBLAS_CORETYPE makes every number here several times slower.

The clock is this thread's CPU time by default (with one BLAS thread all the work runs on it), so
time spent descheduled while other processes use the cores does not count; ``--clock wall`` uses
wall time instead. Neither clock hides a neighbour's effect on caches and memory bandwidth.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from derivations.lambdify import symbolic_backward  # noqa: E402
from numeric.network import Network  # noqa: E402
from numeric.trainer import sgd_step  # noqa: E402

SIZES = [((64, 32, 10), 32), ((784, 128, 10), 128), ((784, 512, 10), 1024)]
DTYPES = [np.float64, np.float32]
LEARNING_RATE = 1e-3
CLOCKS = {"cpu": time.thread_time, "wall": time.perf_counter}
clock = CLOCKS["cpu"]


def blas_limits(threads: int):
    """(context manager pinning BLAS, description of the BLAS in use)."""
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return contextlib.nullcontext(), "threadpoolctl not installed: BLAS threads not pinned"
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    names = ", ".join(f"{i['internal_api']} {i['version']} kernel {i.get('architecture', '?')}" for i in blas)
    return threadpool_limits(limits=threads, user_api="blas"), f"{names or 'no BLAS found'}; {threads} thread(s)"


def calls_per_block(fn: Callable[[], None], seconds: float) -> int:
    """How many calls fill about ``seconds`` (at least 3, so one cold call cannot dominate)."""
    n = 1
    while True:
        start = clock()
        for _ in range(n):
            fn()
        elapsed = clock() - start
        if elapsed >= seconds / 4 or n > 1 << 20:
            return max(3, int(n * seconds / elapsed))
        n *= 2


def interleaved(variants: dict[str, Callable[[], None]], repeats: int, block: float) -> tuple[dict, dict]:
    """Best seconds per call of each variant over ``repeats`` rounds of blocks, the order reversed
    every other round, so a busy neighbour or a cold cache hurts no variant more than another; and
    each variant's speed relative to backprop as the median over the rounds of the ratio of its
    block to backprop's block of the same round (a paired median)."""
    counts = {name: calls_per_block(fn, block) for name, fn in variants.items()}
    best = {name: float("inf") for name in variants}
    ratios: dict[str, list[float]] = {name: [] for name in variants}
    for round_ in range(repeats):
        seconds = {}
        for name in (list(variants) if round_ % 2 == 0 else list(reversed(variants))):
            fn, start = variants[name], clock()
            for _ in range(counts[name]):
                fn()
            seconds[name] = (clock() - start) / counts[name]
            best[name] = min(best[name], seconds[name])
        if "backprop" in seconds:
            for name in variants:
                ratios[name].append(seconds["backprop"] / seconds[name])
    return best, {name: statistics.median(r) for name, r in ratios.items() if r}


def matmul_peak(dtype, repeats: int) -> float:
    """GFLOP/s of NumPy's 1024 x 1024 matmul in ``dtype``."""
    rng = np.random.default_rng(0)
    A, B = (rng.standard_normal((1024, 1024)).astype(dtype) for _ in range(2))
    seconds = interleaved({"matmul": lambda: A @ B}, 2 * repeats, 0.2)[0]["matmul"]
    return 2 * 1024**3 / seconds / 1e9


def numpy_steps(net: Network, X, Y) -> dict[str, Callable[[], None]]:
    backward = symbolic_backward(net)
    return {"symbolic": lambda: sgd_step(net, backward, X, Y, LEARNING_RATE),
            "backprop": lambda: sgd_step(net, net.backward, X, Y, LEARNING_RATE)}


def torch_step(net: Network, X, Y, threads: int) -> Callable[[], None] | None:
    """The same step in PyTorch eager mode (autograd, manual SGD), or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
    params = [torch.tensor(p, requires_grad=True) for pair in zip(net.W, net.b) for p in pair]
    Xt, labels = torch.from_numpy(X), torch.from_numpy(Y.argmax(axis=0))
    W1, b1, W2, b2 = params

    def step() -> None:
        logits = W2 @ torch.relu(W1 @ Xt + b1) + b2
        loss = torch.nn.functional.cross_entropy(logits.T, labels)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LEARNING_RATE * p.grad
                p.grad = None

    return step


def flops(sizes: tuple[int, int, int], batch: int) -> int:
    """2B(2|W1| + 3|W2|): forward and dW for both layers, the input gradient only for layer 2."""
    n0, n1, n2 = sizes
    return 2 * batch * (2 * n1 * n0 + 3 * n2 * n1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=9, help="interleaved rounds; the best is kept")
    parser.add_argument("--block", type=float, default=0.2, help="seconds per timed block")
    parser.add_argument("--threads", type=int, default=1, help="BLAS (and torch) threads")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="cpu: this thread's CPU time (needs --threads 1 to count all work); wall: wall time")
    args = parser.parse_args()
    global clock
    clock = CLOCKS["wall" if args.threads > 1 else args.clock]
    limits, blas = blas_limits(args.threads)
    with limits:
        print(f"BLAS: {blas}; numpy {np.__version__}; torch {_torch_version()}; clock: {clock.__name__}")
        peak = {dtype: matmul_peak(dtype, args.repeats) for dtype in DTYPES}
        print("matmul peak (1024^3): " + ", ".join(f"{np.dtype(d).name} {g:.1f} GFLOP/s" for d, g in peak.items()))
        start = time.perf_counter()
        symbolic_backward(Network([2, 2, 2], "relu", loss="cce"))
        print(f"proofs and code generation, once per process: {time.perf_counter() - start:.2f} s\n")
        header = f"{'sizes':>13} {'batch':>5} {'dtype':>7} {'variant':>8} {'steps/s':>9} {'vs backprop':>11} " \
                 f"{'GFLOP/s':>8} {'of peak':>7}"  # vs backprop: the paired median; steps/s, GFLOP/s: the best
        print(header + "\n" + "-" * len(header))
        ratios, versus_torch, largest = [], [], []
        for sizes, batch in SIZES:
            for dtype in DTYPES:
                best, paired = _run(sizes, batch, dtype, peak[dtype], args)
                ratios.append(paired["symbolic"])
                if sizes == SIZES[-1][0]:
                    largest.append(flops(sizes, batch) / best["symbolic"] / 1e9 / peak[dtype])
                if "torch" in best and sizes == SIZES[0][0]:
                    versus_torch.append(best["torch"] / best["symbolic"])
        print(f"\nsymbolic vs backprop (paired medians): {min(ratios):.2f}x at worst (target 0.97x)")
        print(f"symbolic at {'-'.join(map(str, SIZES[-1][0]))}: {min(largest):.0%} of the matmul peak at worst "
              f"(target 85%)")
        if versus_torch:
            print(f"symbolic vs torch at {'-'.join(map(str, SIZES[0][0]))}: {min(versus_torch):.2f}x faster at worst "
                  "(target: faster)")


def _run(sizes, batch, dtype, peak: float, args) -> dict[str, float]:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((sizes[0], batch)).astype(dtype)
    Y = np.eye(sizes[-1], dtype=dtype)[:, rng.integers(0, sizes[-1], batch)]
    net = Network(sizes, "relu", loss="cce", seed=0, dtype=dtype)
    variants = numpy_steps(net, X, Y)
    step = torch_step(net.astype(dtype), X, Y, args.threads)
    if step is not None:
        variants["torch"] = step
    best, paired = interleaved(variants, args.repeats, args.block)
    for name, seconds in best.items():
        gflops, rate = flops(sizes, batch) / seconds / 1e9, 1 / seconds
        print(f"{'-'.join(map(str, sizes)):>13} {batch:>5} {np.dtype(dtype).name:>7} {name:>8} "
              f"{f'{rate:,.0f}' if rate >= 100 else f'{rate:.1f}':>9} {paired[name]:>10.2f}x "
              f"{gflops:>8.1f} {gflops / peak:>7.0%}")
    return best, paired


def _torch_version() -> str:
    try:
        import torch
    except ImportError:
        return "not installed (pip install torch==2.13.0 for a CPU build)"
    return torch.__version__


if __name__ == "__main__":
    main()
    if hasattr(os, "getloadavg"):
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
