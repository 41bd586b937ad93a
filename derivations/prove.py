"""The verification core: prepare a claim, try a sound proof cascade, else search a counterexample.

Only exact methods may say ``proved`` (structural zero, together/cancel, expand, simplify, each
giving exactly 0), never ``force=True`` rewrites, ``posify`` or ``Expr.equals``. A refutation needs
a point inside the symbols' assumptions where the sides differ at 50 and at 80 digits, reached
through real values only. Everything else is ``undecided``, with the numeric evidence, never promoted.
Kinks (ReLU, |.|, indicators) are split into g > 0, g < 0 and the kink point g = 0 itself; a
derivative of a kinked function does not exist at its kink, which is excluded, never checked.
"""
from __future__ import annotations

import itertools
import signal
import threading
import time
import contextlib
from contextlib import contextmanager
from typing import Any, Iterator

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.solvers.solvers import denoms

from . import sums  # noqa: F401  (installs the guard on SymPy's closed-form summation)
from .counterexample import confirms, search_counterexample, variables
from .functions import expand_defined, kinks, nondifferentiable, relu, relu_prime, unfold
from .indexed import bound_renamed, normalise, sums_as_symbols
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

Kink = tuple[sp.Expr, str]  # (g, the function's name): the kink is the point g = 0


def prepare(expr: Any, substitutions: tuple[Substitution, ...]) -> Any:
    """Unfold named functions, take derivatives, then apply the domain reparametrisations."""
    return _prepare(expr, substitutions)[0]


def _prepare(expr: Any, substitutions: tuple[Substitution, ...]) -> tuple[Any, list[Kink]]:
    """The prepared claim side, and the kinks where a derivative in it does not exist.

    The kinks are found before anything is differentiated (SymPy's diff of a Piecewise silently
    picks a value at the kink) and are reparametrised like the side itself.
    """
    expr = expand_defined(expr, keep=(relu, relu_prime))
    points = [(expand_defined(g), name) for g, name in nondifferentiable(expr)]
    expr = unfold(expr)
    for old, new in substitutions:
        expr = expr.subs(old, new)
        points = [(g.subs(old, new), name) for g, name in points]
    expr = expr.doit() if hasattr(expr, "doit") else expr
    return _fold_max(expr), _unique([(sp.sympify(g).doit(), name) for g, name in points])


def _fold_max(expr: Any) -> Any:
    """max/min of a piecewise function as one Piecewise (exact), so its kinks are the inner ones:
    max(0, ReLU(z)) has the kink z = 0, not the unsplittable ReLU(z) = 0."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(_fold_max)
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Max, sp.Min):
        return expr
    return expr.replace(lambda e: isinstance(e, (sp.Max, sp.Min)) and e.has(sp.Piecewise),
                        lambda e: sp.piecewise_fold(e.rewrite(sp.Piecewise)))


def reparametrise_bound(var: sp.Symbol, bound: Any, relation: str) -> Substitution:
    """The substitution stating ``var > bound``, ``var >= bound``, ``var < bound`` or ``var <= bound``.

    ``var >= c`` is ``var = c + s`` with s nonnegative, so that the point var = c is in the domain
    (proofs hold there, counterexamples may use it); ``var > c`` uses s positive.
    """
    kind = {">": "positive", ">=": "nonnegative", "<": "positive", "<=": "nonnegative"}[relation]
    s = sp.Symbol(f"t_{var}", **{kind: True})
    return (var, bound + s) if relation.startswith(">") else (var, bound - s)


def _convention_at_kink(expr: Any, substitutions: tuple[Substitution, ...]) -> bool:
    """``expr`` asks for ReLU'(0) outright: the value at the kink is a convention, not a fact."""
    for f in _as_sympy(expr).atoms(relu_prime):
        arg = f.args[0]
        for old, new in substitutions:
            arg = arg.subs(old, new)
        if arg.is_number and arg.is_zero:
            return True
    return False


def _entries(expr: Any) -> list[sp.Expr]:
    return list(expr) if isinstance(expr, sp.MatrixBase) else [expr]


def _unique(found: list[Kink]) -> list[Kink]:
    """The kinks without repeats: g and -g are one kink."""
    unique: list[Kink] = []
    for g, name in found:
        if not any(sp.expand(g - u) == 0 or sp.expand(g + u) == 0 for u, _ in unique):
            unique.append((g, name))
    return unique


def _kink_expressions(exprs: list[sp.Expr]) -> list[sp.Expr]:
    """The g of every kink g = 0 in the expressions (see ``functions.kinks``), deduplicated."""
    return [g for g, _ in _unique([k for expr in exprs for k in kinks(expr)])]


def case_splits(exprs: list[sp.Expr], extra: list[sp.Expr] = ()) -> list[tuple[str, dict]] | None:
    """Regions covering every point: each kink g_k written as g_k = +p_k, -p_k or 0 (p_k > 0).

    The 2^k open regions come first, then the kink points (some g_k exactly 0), each in a stable
    order. The kinks (those of ``exprs`` and ``extra``) are solved jointly for as many variables,
    chosen so that every g_k is linear in them with constant coefficients and the system is
    non-singular; two kinks sharing a variable (two examples of one neuron share b) are then split
    together. Returns None when no such choice exists or there are more than MAX_CASE_SPLITS
    kinks (the claim is then not decided by a split): kinks are never silently dropped.
    """
    return _regions(_split_kinks(exprs, extra))


def _split_kinks(exprs: list[sp.Expr], extra=()) -> list[sp.Expr]:
    """The kinks a split must cover: those of the expressions and ``extra``, of unsettled sign."""
    found = _kink_expressions(exprs)
    return [g for g, _ in _unique([(g, "") for g in found + list(extra)]) if _sign_unknown(g)]


def _regions(kinks_: list[sp.Expr]) -> list[tuple[str, dict]] | None:
    if not kinks_:
        return []
    if len(kinks_) > MAX_CASE_SPLITS:
        return None
    chosen = _kinkvariables(kinks_)
    if chosen is None:
        return None
    # g = A v + c with A constant and invertible (see _kinkvariables), so g = r is v = A^-1 (r - c)
    A = sp.Matrix([[sp.diff(g, v) for v in chosen] for g in kinks_])
    c = sp.Matrix([g.subs({v: 0 for v in chosen}) for g in kinks_])
    inverse = A.inv()
    ps = [sp.Symbol(f"p_{k}", positive=True) for k in range(len(kinks_))]
    every = list(itertools.product((1, -1, 0), repeat=len(kinks_)))
    cases = []
    for signs in [s for s in every if 0 not in s] + [s for s in every if 0 in s]:
        solved = inverse * (sp.Matrix([sign * p for sign, p in zip(signs, ps)]) - c)
        subs = {v: sp.expand(value) for v, value in zip(chosen, solved)}
        inside = _inside(subs)
        if inside is None:
            return None
        if not inside:
            continue  # e.g. s < 0 for s >= 0: no point of the domain is there
        words = [f"{g} {_RELATION[sign]} 0" for g, sign in zip(kinks_, signs)]
        cases.append((" and ".join(words), subs))
    return cases


_RELATION = {1: ">", -1: "<", 0: "="}


def _sign_unknown(g: sp.Expr) -> bool:
    """A kink only if its sign is not settled by the assumptions (g = -q with q > 0 is no kink)."""
    return g.is_positive is not True and g.is_negative is not True and g.is_zero is not True


_SIGNS = ("positive", "nonnegative", "negative", "nonpositive")


def _signed(v: sp.Symbol) -> bool:
    return any(getattr(v, f"is_{sign}") for sign in _SIGNS)


def _inside(subs: dict) -> bool | None:
    """The values given to the solved variables respect their sign assumptions: True, False (the
    region holds no point of the domain), or None (cannot tell)."""
    verdicts = [getattr(value, f"is_{sign}") for v, value in subs.items() for sign in _SIGNS
                if getattr(v, f"is_{sign}")]
    return False if False in verdicts else None if None in verdicts else True


def _kinkvariables(kinks: list[sp.Expr]) -> list[sp.Symbol] | None:
    """One variable per kink, with a constant, non-singular coefficient matrix; None if impossible."""
    chosen: list[sp.Symbol] = []
    for k, g in enumerate(kinks):
        for s in sorted(g.free_symbols - set(chosen), key=lambda s: (_signed(s), str(s))):  # free symbols first
            if not isinstance(s, sp.Symbol) or s.is_integer or s.is_extended_real is not True:
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

CHEAP = ("structural", "expand", "together", "cancel", "normalise", "sums as symbols", "stated cases",
         "exponentials")
METHODS = CHEAP + ("simplify",)
HYPERBOLIC = (sp.tanh, sp.sinh, sp.cosh, sp.coth, sp.sech, sp.csch)


def _prove_zero(d: sp.Expr, methods: tuple[str, ...]) -> str | None:
    """The name of the first exact method that reduces ``d`` to exactly 0, or None. Cheapest first."""
    if d == 0 or (d.has(sp.Sum) and bound_renamed(d) == 0):
        return "structural"  # also when the two sides differ only in the names of bound variables
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
    if "normalise" in methods and d.has(sp.Sum) and sp.cancel(sp.together(sums_as_symbols(d))) == 0:
        return "sums as symbols"  # each sum one symbol: a rational identity in them holds for every value
    if "stated cases" in methods and d.has(sp.Piecewise) and _zero_in_stated_cases(d):
        return "stated cases"  # cases y = 1 and y = 0, each exact; the cases say nothing elsewhere
    if "exponentials" in methods and d.has(*HYPERBOLIC) and sp.cancel(sp.together(d.rewrite(sp.exp))) == 0:
        return "exponentials"  # tanh z = (e^z - e^-z)/(e^z + e^-z): one rational function of e^z
    if "simplify" in methods and sp.simplify(d) == 0:
        return "simplify"
    return None


def _zero_in_stated_cases(d: sp.Expr) -> bool:
    """``yz - \\begin{cases} z, & y=1 \\\\ 0, & y=0 \\end{cases}``: cases with no default, each the
    condition variable = number, one variable for all. d is defined only in those cases, so it is 0
    wherever defined when each case, substituted, reduces to exactly 0 by the cheap exact methods."""
    stated = set()
    for piece in d.atoms(sp.Piecewise):
        for _, cond in piece.args:
            if not (isinstance(cond, sp.Eq) and isinstance(cond.lhs, sp.Symbol) and cond.rhs.is_number):
                return False
            stated.add((cond.lhs, cond.rhs))
    if not stated or len({v for v, _ in stated}) != 1:
        return False
    cheap = tuple(m for m in CHEAP if m != "stated cases")
    return all(not (case := d.subs(v, c)).has(sp.Piecewise, sp.nan) and _prove_zero(case, cheap) is not None
               for v, c in stated)


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


_CACHE = None  # a cache.ProofCache while `verify --cache` runs (inherited by forked workers)


def use_cache(cache) -> None:
    """Look verdicts up in ``cache`` (a ``cache.ProofCache``) and store them there; None: no cache."""
    global _CACHE
    _CACHE = cache


def active_cache():
    """The cache ``use_cache`` set, or None."""
    return _CACHE


def verify_claim(lhs: Any, rhs: Any, substitutions: tuple[Substitution, ...] = (),
                 timeout: float | None = DEFAULT_TIMEOUT) -> Verdict:
    """Verify ``lhs = rhs`` under the reparametrisations: proved, refuted or undecided."""
    start = time.perf_counter()
    cache = _CACHE
    key = cache.claim_key(lhs, rhs, tuple(substitutions), timeout) if cache is not None else None
    if key is not None:
        cached = cache.get_verdict(key)
        if cached is not None and _still_holds(cached, lhs, rhs, substitutions, cache, key):
            return Verdict(cached.verdict, cached.method, cached.counterexample, cached.excluded,
                           cached.evidence, time.perf_counter() - start)
    verdict = _verify_within(lhs, rhs, substitutions, timeout)
    if key is not None and (verdict.verdict == PROVED or (
            verdict.verdict == REFUTED and _still_holds(verdict, lhs, rhs, substitutions))):
        cache.put_verdict(key, verdict)  # a refutation only if its point can be checked again on a hit
    return Verdict(verdict.verdict, verdict.method, verdict.counterexample, verdict.excluded,
                   verdict.evidence, time.perf_counter() - start)


def _still_holds(verdict: Verdict, lhs, rhs, substitutions, cache=None, key=None) -> bool:
    """A proved entry is believed; a refuted one only if its counterexample is confirmed again."""
    if verdict.verdict == PROVED:
        return True
    (left, lkinks), (right, rkinks) = _prepare(_as_sympy(lhs), substitutions), _prepare(_as_sympy(rhs), substitutions)
    ok = verdict.method.startswith("counterexample") and confirms(left, right, verdict.counterexample or {},
                                                                  [g for g, _ in _unique(lkinks + rkinks)])
    if not ok and cache is not None:
        cache.warn(f"ignoring cache entry {cache._path(key)}: its counterexample does not hold")
    return ok


def _verify_within(lhs: Any, rhs: Any, substitutions: tuple[Substitution, ...], timeout: float | None) -> Verdict:
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
    if _convention_at_kink(lhs, substitutions) or _convention_at_kink(rhs, substitutions):
        return Verdict(UNDECIDED, "convention", evidence="ReLU'(0) is a convention (gradproof takes 0), "
                                                         "not a fact: ReLU has no derivative at its kink")
    (lhs, lkinks), (rhs, rkinks) = _prepare(_as_sympy(lhs), substitutions), _prepare(_as_sympy(rhs), substitutions)
    if _shape(lhs) != _shape(rhs):
        return Verdict(REFUTED, "shape", {"lhs_shape": str(_shape(lhs)), "rhs_shape": str(_shape(rhs)),
                                          "lhs": str(_shape(lhs)), "rhs": str(_shape(rhs))})
    nondiff = _unique(lkinks + rkinks)
    at_kink = [name for g, name in nondiff if g.is_number and g.is_zero]
    if at_kink:
        return Verdict(UNDECIDED, "convention", evidence=f"the derivative of {at_kink[0]} exactly at its kink "
                                                         f"does not exist; any value there is a convention")
    nondiff = [(g, name) for g, name in nondiff if not g.is_number and not g.is_nonzero]
    avoid = [g for g, _ in nondiff]
    excluded = tuple(f"{g} = 0 ({name} is not differentiable there)" for g, name in nondiff)
    kinks_ = _split_kinks(_entries(lhs) + _entries(rhs), avoid)
    cases = _regions(kinks_)
    if cases is None:
        return _unsplit(lhs, rhs, substitutions, avoid, excluded, len(kinks_))
    if not cases:
        verdict = _verify_region(lhs, rhs, substitutions, "")
        return _with_excluded(verdict, excluded)
    return _verify_cases(lhs, rhs, substitutions, cases, avoid, excluded)


def _unsplit(lhs, rhs, substitutions, avoid, excluded, count: int) -> Verdict:
    """A claim whose kinks cannot be split: an exact proof of the whole, a counterexample, or undecided."""
    method = _prove_entries(lhs, rhs, CHEAP)  # equal as expressions: equal at the kinks too
    if method is not None:
        return Verdict(PROVED, method, excluded=tuple(sorted(set(_excluded(lhs, rhs) + excluded))))
    counterexample, agreed = search_counterexample(lhs, rhs, originals=substitutions, avoid=avoid)
    if counterexample is not None:
        return Verdict(REFUTED, "counterexample", counterexample)
    why = (f"{count} kinks, more than the {MAX_CASE_SPLITS} a case split takes" if count > MAX_CASE_SPLITS
           else "a kink that cannot be split")
    return Verdict(UNDECIDED, "none", evidence=f"{why}; numerically consistent at {agreed} points")


def _verify_cases(lhs, rhs, substitutions, cases, avoid, excluded) -> Verdict:
    """Every region on its own: open regions first, then the kink points where both sides are defined."""
    methods, checked, skipped, seen = [], [], [], set()
    for words, subs in cases:
        left, right = lhs.subs(subs), rhs.subs(subs)
        if any(sp.expand(g.subs(subs)) == 0 for g in avoid):
            continue  # a derivative that does not exist there: listed in excluded
        if any(e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for e in _entries(left) + _entries(right)):
            skipped.append(f"{words} (a side is undefined there)")
            continue
        checked.append(words)
        key = tuple(l - r for l, r in zip(_entries(left), _entries(right)))
        if key in seen:
            continue  # the same claim as a region already proved
        originals = substitutions + tuple(subs.items())
        region = _verify_region(left, right, originals, words, hint=variables(sp.Tuple(*subs.values())),
                                avoid=[g.subs(subs) for g in avoid])
        if region.verdict != PROVED:
            return region
        seen.add(key)
        methods.append(region.method)
    return Verdict(PROVED, f"{_split_words(cases, checked)}: {', '.join(sorted(set(methods)))}",
                   excluded=tuple(sorted(set(_excluded(lhs, rhs) + excluded + tuple(skipped)))))


def _split_words(cases, checked: list[str]) -> str:
    """Short: 'case split, 3 regions of t (t > 0, t < 0, t = 0)' or '... 9 regions of u, v (each ...)'."""
    kinks_ = [w.rsplit(" ", 2)[0] for w in cases[0][0].split(" and ")]
    if len(kinks_) == 1:
        signs = checked if len(kinks_[0]) <= 12 else [" ".join(w.rsplit(" ", 2)[1:]) for w in checked]
        return f"case split, {len(checked)} region{'s' * (len(checked) != 1)} of {kinks_[0]} ({', '.join(signs)})"
    of = f"{len(checked)} of {len(cases)}" if len(checked) < len(cases) else f"{len(cases)}"
    return f"case split, {of} regions of {', '.join(kinks_)} (each > 0, < 0 or = 0)"


def _with_excluded(verdict: Verdict, excluded: tuple[str, ...]) -> Verdict:
    if verdict.verdict != PROVED or not excluded:
        return verdict
    return Verdict(verdict.verdict, verdict.method, verdict.counterexample,
                   tuple(sorted(set(verdict.excluded + excluded))), verdict.evidence)


def _verify_region(lhs: Any, rhs: Any, substitutions, region: str, hint=(), avoid=()) -> Verdict:
    """Cheap exact methods, then a counterexample search, then simplify: false claims fail fast."""
    where = f" where {region}" if region else ""
    method = _prove_entries(lhs, rhs, CHEAP)
    if method is not None:
        return Verdict(PROVED, method, excluded=_excluded(lhs, rhs))
    counterexample, agreed = search_counterexample(lhs, rhs, originals=substitutions, hint=hint, avoid=avoid)
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
    return Verdict(UNDECIDED, "none", evidence=f"{why}{where}; numerically consistent at {agreed} points"
                                                + _undefined_words(lhs, rhs))


def _undefined_words(lhs: Any, rhs: Any) -> str:
    """Why no point could be compared: a function nobody defined has no value anywhere."""
    heads = sorted({str(f.func) for side in (lhs, rhs) for e in _entries(side) for f in e.atoms(AppliedUndef)
                    if not str(f.func).startswith("\\partial")})  # opaque.py's unknowns are named apart
    if not heads:
        return ""
    return (f" ({', '.join(heads)} {'is a function' if len(heads) == 1 else 'are functions'} "
            f"with no definition in force here, so {'its' if len(heads) == 1 else 'their'} value is unknown)")


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


def _run_task(task: tuple[str, int]):
    """One task of a worker: the verification of derivation k, or the ``extra`` beside it."""
    kind, k = task
    derivations, timeout, extra = _JOB
    if kind == "extra":
        return kind, k, extra(derivations[k])
    result = verify(derivations[k], timeout)
    return kind, k, (tuple(s.verdict for s in result.steps), result.seconds)


def _tasks(count: int, extra, jobs: int) -> list[tuple[str, int]]:
    """Each derivation's verification, and its ``extra`` as a task of its own, so that two cores
    share a long derivation's work. On several workers the last derivations come first: the
    catalog runs from the elementary to the costly, and a costly task started last would leave
    the other cores idle at the end."""
    order = range(count) if jobs <= 1 else reversed(range(count))
    return [(kind, k) for k in order for kind in (("verify", "extra") if extra else ("verify",))]


def _workers(jobs: int, tasks: int):
    """A pool of ``jobs`` forked workers (a context manager), or a null context for one job."""
    if jobs <= 1 or tasks <= 1:
        return contextlib.nullcontext(None)
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(min(jobs, tasks))


def verify_all(derivations: list[Derivation], timeout: float | None = DEFAULT_TIMEOUT, jobs: int = 1,
               extra=None, progress=None) -> list[tuple[DerivationResult, Any]]:
    """Verify derivations, on ``jobs`` forked worker processes when more than one.

    Derivations are independent, so they spread over the cores; each worker inherits the
    derivations (nothing SymPy is pickled but the verdicts). ``extra(derivation)`` (the CLI's
    numeric cross-check) runs as a task of its own on any worker, and its result is returned with
    the derivation's. Results come back in the order given. ``progress(done, total)`` is called in
    this process as each derivation (with its extra) finishes.
    """
    global _JOB
    _JOB = (derivations, timeout, extra)
    tasks = _tasks(len(derivations), extra, jobs)
    verified, extras, total = {}, {}, len(derivations)
    try:
        with _workers(jobs, len(tasks)) as pool:
            for kind, k, value in (pool.imap_unordered(_run_task, tasks) if pool else map(_run_task, tasks)):
                (extras if kind == "extra" else verified)[k] = value
                if progress is not None and k in verified and (k in extras or not extra):
                    progress(sum(1 for j in verified if j in extras or not extra), total)
    finally:
        _JOB = ()
    rows = [(k, *verified[k], extras.get(k)) for k in range(total)]
    out = []
    for k, verdicts, seconds, found in rows:
        steps = tuple(StepResult(i, step, v) for i, (step, v) in
                      enumerate(zip(derivations[k].steps, verdicts), start=1))
        out.append((DerivationResult(derivations[k], steps, seconds), found))
    return out
