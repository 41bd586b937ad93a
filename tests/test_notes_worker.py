"""The checker's worker pool: runs of one section stay on one worker, results come back in order."""
import os
from collections import deque

from derivations.notes.verify.worker import Pool, _refill, _runs


def _pid(task):
    return {"task": task, "pid": os.getpid()}


def test_runs_cut_at_each_new_key():
    assert [list(r) for r in _runs(["a", "a", "b", "a"])] == [[0, 1], [2], [3]]


def test_refill_takes_the_next_run_whole():
    queues, runs = [deque(), deque()], deque([deque([0, 1, 2]), deque([3])])
    assert (_refill(0, queues, runs), list(queues[0])) == (True, [0, 1, 2])


def test_refill_keeps_a_worker_on_its_own_run():
    queues, runs = [deque([1, 2]), deque()], deque([deque([3])])
    assert (_refill(0, queues, runs), list(queues[0]), len(runs)) == (True, [1, 2], 1)


def test_refill_steals_the_back_half_of_the_longest_queue():
    queues = [deque(), deque([5, 6, 7, 8, 9])]
    assert (_refill(0, queues, deque()), list(queues[0]), list(queues[1])) == (True, [8, 9], [5, 6, 7])


def test_refill_leaves_a_last_task_to_its_worker():
    queues = [deque(), deque([5])]
    assert (_refill(0, queues, deque()), list(queues[1])) == (False, [5])


def test_map_with_groups_returns_every_result_in_order():
    with Pool(_pid, jobs=2) as pool:
        results = pool.map(list(range(7)), 5.0, lambda t: {}, groups=["a", "a", "a", "b", "b", "c", "c"])
    assert [r["task"] for r in results] == list(range(7))


def test_map_with_one_group_on_one_worker_uses_one_process():
    with Pool(_pid, jobs=1) as pool:
        results = pool.map(list(range(3)), 5.0, lambda t: {}, groups=["a"] * 3)
    assert len({r["pid"] for r in results}) == 1
