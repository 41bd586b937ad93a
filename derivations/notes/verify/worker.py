"""Persistent worker processes that give every link a hard wall-clock limit.

Inside a worker, SIGALRM (``prove.time_limit``) is the cheap path: it stops pure-Python SymPy work
and the worker carries on with its caches warm. It cannot interrupt C code, so the parent also
keeps a deadline per task (the timeout plus a grace period) and kills a worker that passes it,
then starts a fresh one (measured: a fork per link would lose SymPy's cache and cost 2.5x; a
persistent worker costs milliseconds a link). ``jobs`` workers run side by side.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Callable

GRACE = 1.0  # seconds beyond the timeout before the worker is killed
MEMORY_LIMIT = 3 * 1024 ** 3


def _serve(conn: Connection, run: Callable) -> None:
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > MEMORY_LIMIT:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))
    except (ImportError, ValueError, OSError):
        pass  # no memory cap on this platform: the time limit still holds
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = run(task)
        except Exception as e:  # a bug in the checker must not hang the parent
            result = {"verdict": "undecided", "message": f"internal error: {type(e).__name__}: {e}"}
        conn.send(result)


class _Worker:
    def __init__(self, context, run: Callable) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, run), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


class Pool:
    """``jobs`` workers running ``run(task)``; ``map`` returns one result per task, in order."""

    def __init__(self, run: Callable, jobs: int = 1) -> None:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.context, self.run = mp.get_context(method), run
        self.workers = [_Worker(self.context, run) for _ in range(max(1, jobs))]
        self.kills = 0

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def map(self, tasks: list, timeout: float, on_timeout: Callable[[float], dict], groups: list | None = None) -> list:
        """One result per task, in order. ``groups`` (a key per task, e.g. its file and section) keeps
        a contiguous run of tasks with one key on one worker, so each worker warms SymPy's cache for
        its own sections only; a worker that runs out takes the next run, then the back half of the
        longest run left to another worker."""
        results: list = [None] * len(tasks)
        runs = deque(_runs(groups if groups is not None else list(range(len(tasks)))))
        queues: list[deque] = [deque() for _ in self.workers]
        busy: dict[int, tuple[int, float]] = {}  # worker slot -> (task index, deadline)
        while runs or any(queues) or busy:
            for slot, worker in enumerate(self.workers):
                if slot not in busy and _refill(slot, queues, runs):
                    index = queues[slot].popleft()
                    worker.conn.send(tasks[index])
                    busy[slot] = (index, time.monotonic() + timeout + GRACE)
            deadline = min(d for _, d in busy.values())
            ready = wait([self.workers[s].conn for s in busy], timeout=max(0.0, deadline - time.monotonic()))
            for slot in [s for s in busy if self.workers[s].conn in ready]:
                index, _ = busy.pop(slot)
                try:
                    results[index] = self.workers[slot].conn.recv()
                except (EOFError, OSError):  # the worker died (out of memory, a crash)
                    results[index] = {"verdict": "undecided", "message": "the check stopped the worker "
                                      "(out of memory?)"}
                    self._replace(slot)
            now = time.monotonic()
            for slot in [s for s, (_, d) in busy.items() if d <= now]:
                index, _ = busy.pop(slot)
                results[index] = on_timeout(timeout)
                self._replace(slot)
        return results

    def _replace(self, slot: int) -> None:
        self.workers[slot].kill()
        self.workers[slot] = _Worker(self.context, self.run)
        self.kills += 1


def _runs(groups: list) -> list[deque]:
    """The task indices cut into contiguous runs of equal group keys."""
    runs: list[deque] = []
    for index, key in enumerate(groups):
        if not runs or groups[index - 1] != key:
            runs.append(deque())
        runs[-1].append(index)
    return runs


def _refill(slot: int, queues: list[deque], runs: deque) -> bool:
    """Give ``slot`` work if it has none: the next run, else the back half of the longest queue."""
    if queues[slot]:
        return True
    if runs:
        queues[slot] = runs.popleft()
        return True
    longest = max(range(len(queues)), key=lambda s: len(queues[s]))
    half = len(queues[longest]) // 2
    if half == 0:
        return False
    queues[slot] = deque(queues[longest].pop() for _ in range(half))
    queues[slot].reverse()
    return True


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
