"""The verification core: prepare a claim, try a sound proof cascade, else search a counterexample.

Only exact methods may say ``proved`` (structural zero, together/cancel, expand, simplify, each
giving exactly 0), never ``force=True`` rewrites, ``posify`` or ``Expr.equals``. A refutation needs
a point inside the symbols' assumptions where the sides differ at 50 and at 80 digits. Everything
else is ``undecided``, with the numeric evidence, never promoted.
"""
from __future__ import annotations

import itertools
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

import sympy as sp
from sympy.solvers.solvers import denoms

from .counterexample import search_counterexample, variables
from .functions import unfold
from .indexed import normalise
from .step import Derivation, Step, Substitution, _as_sympy
from .verdict import PROVED, REFUTED, UNDECIDED, DerivationResult, StepResult, Verdict

DEFAULT_TIMEOUT = 10.0
MAX_CASE_SPLITS = 6  # 2**6 regions at most


class StepTimeout(Exception):
    """Raised inside a step when its time budget runs out."""


@contextmanager
def time_limit(seconds: float | None, repeat: float = 0.0) -> Iterator[None]:
    """Raise StepTimeout after ``seconds`` of pure-Python work (SIGALRM; main thread only).

    With ``repeat``, the alarm fires again every ``repeat`` seconds until the block ends: an
    exception raised while Python runs a garbage-collector callback is swallowed, and the next
    alarm must still stop the work (the catcher calls ``disarm``). Outside the main thread no alarm
    can be armed and the block runs unbounded; the notes checker adds a killable worker process
    for a hard wall-clock limit.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise StepTimeout()

    outer = signal.getitimer(signal.ITIMER_REAL)  # an enclosing limit, resumed afterwards
    previous = signal.signal(signal.SIGALRM, _raise)
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer[0]) if outer[0] else seconds, repeat)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer[0]:
            left = outer[0] - (time.perf_counter() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer[1])


def disarm() -> None:
    """Stop a repeating alarm once its StepTimeout has been caught."""
    if threading.current_thread() is threading.main_thread():
        signal.setitimer(signal.ITIMER_REAL, 0)


# ---------------------------------------------------------------- preparing a claim

def prepare(expr: Any, substitutions: tuple[Substitution, ...]) -> Any:
    """Unfold named functions, take derivatives, then apply the domain reparametrisations."""
    expr = unfold(expr)
    for old, new in substitutions:
        expr = expr.subs(old, new)
    return expr.doit() if hasattr(expr, "doit") else expr


def _entries(expr: Any) -> list[sp.Expr]:
    return list(expr) if isinstance(expr, sp.MatrixBase) else [expr]


def _kink_expressions(exprs: list[sp.Expr]) -> list[sp.Expr]:
    """The g of every condition g > 0 (or <, >=, <=) in a Piecewise or Heaviside, deduplicated."""
    found: list[sp.Expr] = []
    for expr in exprs:
        for pw in sorted(expr.atoms(sp.Piecewise), key=sp.default_sort_key):  # a stable order of cases
            for _, cond in pw.args:
                for rel in sorted(cond.atoms(sp.core.relational.Relational), key=sp.default_sort_key):
                    if isinstance(rel, (sp.Eq, sp.Ne)):
                        continue
                    found.append(rel.lhs - rel.rhs)
        found += [h.args[0] for h in sorted(expr.atoms(sp.Heaviside), key=sp.default_sort_key)]
    unique: list[sp.Expr] = []
    for g in found:
        if not any(sp.expand(g - u) == 0 or sp.expand(g + u) == 0 for u in unique):
            unique.append(g)
    return unique


def case_splits(exprs: list[sp.Expr]) -> list[tuple[str, dict]] | None:
    """Regions covering every point but the kinks: each kink g_k written as g_k = +p_k or -p_k.

    The kinks are solved jointly for as many variables, chosen so that every g_k is linear in
    them with constant coefficients and the system is non-singular; two kinks sharing a variable
    (two examples of one neuron share b) are then split together. p_k > 0. Returns None when no
    such choice exists (the claim is then not decided by a split).
    """
    kinks = _kink_expressions(exprs)[:MAX_CASE_SPLITS]
    if not kinks:
        return []
    chosen = _kinkvariables(kinks)
    if chosen is None:
        return None
    targets = [sp.Dummy(f"r_{k}") for k in range(len(kinks))]
    solution = sp.solve([g - r for g, r in zip(kinks, targets)], chosen, dict=True)
    if len(solution) != 1:
        return None
    ps = [sp.Symbol(f"p_{k}", positive=True) for k in range(len(kinks))]
    cases = []
    for signs in itertools.product((1, -1), repeat=len(kinks)):
        values = {r: sign * p for r, sign, p in zip(targets, signs, ps)}
        subs = {v: solution[0][v].subs(values) for v in chosen}
        words = [f"{g} {'>' if sign > 0 else '<'} 0" for g, sign in zip(kinks, signs)]
        cases.append((" and ".join(words), subs))
    return cases


def _kinkvariables(kinks: list[sp.Expr]) -> list[sp.Symbol] | None:
    """One variable per kink, with a constant, non-singular coefficient matrix; None if impossible."""
    chosen: list[sp.Symbol] = []
    for k, g in enumerate(kinks):
        for s in sorted(g.free_symbols - set(chosen), key=str):
            if not isinstance(s, sp.Symbol) or s.is_integer:
                continue
            trial = chosen + [s]
            A = sp.Matrix([[sp.diff(h, v) for v in trial] for h in kinks[: k + 1]])
            if all(a.is_number for a in A) and A.det() != 0:
                chosen = trial
                break
        else:
            return None
    return chosen


# ---------------------------------------------------------------- the proof cascade

CHEAP = ("structural", "expand", "together", "cancel", "normalise")
METHODS = CHEAP + ("simplify",)


def _prove_zero(d: sp.Expr, methods: tuple[str, ...]) -> str | None:
    """The name of the first exact method that reduces ``d`` to exactly 0, or None. Cheapest first."""
    if d == 0:
        return "structural"
    if "expand" in methods and not d.atoms(sp.exp, sp.log) and sp.expand(d) == 0:
        return "expand"  # cheap on polynomials, where cancel can take seconds; blows up on exponentials
    if "together" in methods:
        t = sp.together(d)
        if t == 0:
            return "together"
        if sp.cancel(t) == 0:
            return "cancel"
    if "normalise" in methods and d.has(sp.Sum) and normalise(d) == 0:
        return "normalise"  # finite sums: split, merged, factors pulled out, bound variables renamed
    if "simplify" in methods and sp.simplify(d) == 0:
        return "simplify"
    return None


def _prove_entries(lhs: Any, rhs: Any, methods: tuple[str, ...]) -> str | None:
    """The costliest method needed over all entries, or None if one entry resists them all."""
    used = []
    for left, right in zip(_entries(lhs), _entries(rhs)):
        method = _prove_zero(left - right, methods)
        if method is None:
            return None
        used.append(method)
    return max(used, key=METHODS.index) if used else "structural"


def _shape(expr: Any) -> tuple[int, ...]:
    return tuple(expr.shape) if isinstance(expr, sp.MatrixBase) else ()


# ---------------------------------------------------------------- verifying

def _excluded(lhs: Any, rhs: Any) -> tuple[str, ...]:
    found = set()
    for side in (lhs, rhs):
        for entry in _entries(side):
            for d in denoms(entry):
                if d.is_positive or d.is_negative or d.is_nonzero:
                    continue
                found.add(f"{d} = 0")
    return tuple(sorted(found))


def verify_claim(lhs: Any, rhs: Any, substitutions: tuple[Substitution, ...] = (),
                 timeout: float | None = DEFAULT_TIMEOUT) -> Verdict:
    """Verify ``lhs = rhs`` under the reparametrisations: proved, refuted or undecided."""
    start = time.perf_counter()
    try:
        with time_limit(timeout, repeat=0.05):
            verdict = _verify(lhs, rhs, substitutions)
    except StepTimeout:
        verdict = Verdict(UNDECIDED, "time limit", evidence=f"no proof within {timeout:g} s")
    except RecursionError:
        verdict = Verdict(UNDECIDED, "recursion limit", evidence="SymPy exceeded its recursion depth")
    return Verdict(verdict.verdict, verdict.method, verdict.counterexample, verdict.excluded,
                   verdict.evidence, time.perf_counter() - start)


def _verify(lhs: Any, rhs: Any, substitutions: tuple[Substitution, ...]) -> Verdict:
    lhs, rhs = prepare(_as_sympy(lhs), substitutions), prepare(_as_sympy(rhs), substitutions)
    if _shape(lhs) != _shape(rhs):
        return Verdict(REFUTED, "shape", {"lhs_shape": str(_shape(lhs)), "rhs_shape": str(_shape(rhs)),
                                          "lhs": str(_shape(lhs)), "rhs": str(_shape(rhs))})
    cases = case_splits(_entries(lhs) + _entries(rhs))
    if cases is None:
        counterexample, agreed = search_counterexample(lhs, rhs, originals=substitutions)
        if counterexample is not None:
            return Verdict(REFUTED, "counterexample", counterexample)
        return Verdict(UNDECIDED, "none", evidence=f"a kink that cannot be split; numerically "
                                                   f"consistent at {agreed} points")
    if not cases:
        return _verify_region(lhs, rhs, substitutions, "")
    methods = []
    for words, subs in cases:
        originals = substitutions + tuple(subs.items())
        region = _verify_region(lhs.subs(subs), rhs.subs(subs), originals, words, hint=variables(
            sp.Tuple(*subs.values())))
        if region.verdict != PROVED:
            return region
        methods.append(region.method)
    split = "; ".join(words for words, _ in cases)
    return Verdict(PROVED, f"case split ({split}): {', '.join(sorted(set(methods)))}",
                   excluded=_excluded(lhs, rhs))


def _verify_region(lhs: Any, rhs: Any, substitutions, region: str, hint=()) -> Verdict:
    """Cheap exact methods, then a counterexample search, then simplify: false claims fail fast."""
    where = f" where {region}" if region else ""
    method = _prove_entries(lhs, rhs, CHEAP)
    if method is not None:
        return Verdict(PROVED, method, excluded=_excluded(lhs, rhs))
    counterexample, agreed = search_counterexample(lhs, rhs, originals=substitutions, hint=hint)
    if counterexample is not None:
        return Verdict(REFUTED, "counterexample" + where, counterexample)
    try:
        method = _prove_entries(lhs, rhs, METHODS)
    except StepTimeout:
        disarm()
        method, why = None, "time limit reached in simplify"
    else:
        why = "no exact method reduced lhs - rhs to 0"
    if method is not None:
        return Verdict(PROVED, method, excluded=_excluded(lhs, rhs))
    return Verdict(UNDECIDED, "none", evidence=f"{why}{where}; numerically consistent at {agreed} points")


def verify_step(step: Step, derivation: Derivation | None = None,
                timeout: float | None = DEFAULT_TIMEOUT) -> Verdict:
    substitutions = (derivation.reparametrise if derivation else ()) + step.assume
    return verify_claim(step.lhs, step.rhs, substitutions, timeout)


def verify(derivation: Derivation, timeout: float | None = DEFAULT_TIMEOUT) -> DerivationResult:
    """Verify every step of a derivation on its own."""
    start = time.perf_counter()
    results = tuple(StepResult(i, step, verify_step(step, derivation, timeout))
                    for i, step in enumerate(derivation.steps, start=1))
    return DerivationResult(derivation, results, time.perf_counter() - start)


# ---------------------------------------------------------------- many derivations, both cores

_JOB: tuple = ()  # (derivations, timeout, extra), inherited by forked workers


def _run_one(k: int):
    derivations, timeout, extra = _JOB
    result = verify(derivations[k], timeout)
    verdicts = tuple(s.verdict for s in result.steps)
    return k, verdicts, result.seconds, extra(derivations[k]) if extra else None


def verify_all(derivations: list[Derivation], timeout: float | None = DEFAULT_TIMEOUT, jobs: int = 1,
               extra=None) -> list[tuple[DerivationResult, Any]]:
    """Verify derivations, on ``jobs`` forked worker processes when more than one.

    Derivations are independent, so they spread over the cores; each worker inherits the
    derivations (nothing SymPy is pickled but the verdicts). ``extra(derivation)`` runs beside each
    verification in the same worker (the CLI's numeric cross-check) and its result is returned
    with it. Results come back in the order given.
    """
    global _JOB
    _JOB = (derivations, timeout, extra)
    try:
        if jobs <= 1 or len(derivations) <= 1:
            rows = [_run_one(k) for k in range(len(derivations))]
        else:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(min(jobs, len(derivations))) as pool:
                rows = sorted(pool.imap_unordered(_run_one, range(len(derivations))), key=lambda row: row[0])
    finally:
        _JOB = ()
    out = []
    for k, verdicts, seconds, found in rows:
        steps = tuple(StepResult(i, step, v) for i, (step, v) in
                      enumerate(zip(derivations[k].steps, verdicts), start=1))
        out.append((DerivationResult(derivations[k], steps, seconds), found))
    return out
