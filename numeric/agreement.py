"""Symbolic = backprop = finite differences: the numeric cross-check of the proved derivations.

For a derivation that yields a gradient or a Jacobian, its proved result is taken from the
derivation itself (the right-hand side of the step that states it, read from ``catalog.get(id)``
at call time, never re-typed here, so a wrong formula in the catalog shows up), lambdified once,
and evaluated in float64 on seeded random inputs at several sizes. Named functions (sigma, ReLU,
ReLU') are evaluated from their SymPy definitions, not by numeric's code; generic ones (phi, a cost
C, a loss ell of the backprop family) are given a concrete instance (phi a sigmoid or tanh, C the
mean squared error) with their named derivatives differentiated by SymPy. The result is compared with

- **backprop**: the hand-written NumPy code where the derivation describes a network or a part of
  one: ``Network.backward`` (or a ``backward=`` stand-in such as a mutant) on a network of the
  derivation's shape, ``SIGMOID.df`` (BP2's sigma'), ``softmax_jacobian`` and the losses' BP1
  (``Loss.delta``). Every entry must agree to a relative error of ``EXACT_RTOL`` = 1e-10;
- **finite differences**: central differences of a forward function written in NumPy (the
  network's cost, the activation, the elementwise operation), through ``gradcheck``,
  ``jacobian_check`` or ``check_network`` (which leaves out entries whose step crosses a ReLU
  kink), to ``FD_RTOL`` = 1e-6 with gradcheck's round-off floors. Steps about explicit entries
  (``Jacobian(F, v) = J`` for n = 2, 3, 5, and one-layer BP1-BP4 with a generic cost) are checked
  against central differences of their own left-hand side instead.

Relative error of an exact comparison, entry by entry: ``|s - o| / max(|s|, |o|, floor)`` where
``floor`` is 1e-13 times the largest magnitude in the compared array (0/0 counts as 0 and NaN as
infinite). So an entry far below the array's scale is compared absolutely, at 1e-23 of that scale.
Formulas given for a symbolic size n (``Indexed``/``Sum``) are evaluated with 1-based index
arrays whose entry 0 is NaN, so an off-by-one shows up as a NaN, which fails; a formula that
cannot be evaluated at all (an index out of range) fails the same way.

Derivations are per example; a network's cost is the mean over the m columns of a batch, so the
symbolic batch gradient is the mean of the per-example formula over the columns (or their sum,
where the formula is an example's share with the 1/m inside).

``check_derivation(id)`` returns a :class:`NumericAgreement` (``None`` for a derivation without a
numeric checker: one that yields no gradient), and ``to_json`` its JSON block. Compiled formulas
are kept per expression (a changed formula is compiled anew), so repeated checks are cheap.
``gradcheck_network`` is the library side of ``gradproof gradcheck``.
"""
from __future__ import annotations

import contextlib
import functools
import keyword
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.numpy import NumPyPrinter

from derivations import catalog
from derivations.functions import Defined
from derivations.step import Derivation, Step
from numeric.activations import SIGMOID, NumericError, sigmoid
from numeric.gradcheck import GradcheckResult, check_network, gradcheck, jacobian_check
from numeric.network import Network

Array = np.ndarray
Backward = Callable[[Network, Array, Array], tuple[list[Array], list[Array]]]

SYMBOLIC, BACKPROP, FINITE_DIFFERENCE = "symbolic", "backprop", "finite-difference"
SOURCES = (SYMBOLIC, BACKPROP, FINITE_DIFFERENCE)
EXACT_RTOL = 1e-10  # symbolic against backprop, float64
FD_RTOL = 1e-6  # against central differences
FLOOR = 1e-13  # relative to the largest magnitude of the compared array
POINTS = 4  # random points per fixed-size function


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class Comparison:
    """One pair of computations compared over every point of a check, and its worst entry.

    ``worst`` names the quantity (a parameter such as ``W1``, or a formula such as ``dJ/dw_j``),
    the entry, the size it was evaluated at, and both values. ``failing`` lists every quantity with
    an entry over the tolerance.
    """

    first: str
    second: str
    max_rel_error: float
    tolerance: float
    worst: str
    failing: tuple[str, ...]
    entries: int

    @property
    def name(self) -> str:
        return f"{self.first} vs {self.second}"

    @property
    def passed(self) -> bool:
        return not self.failing and self.max_rel_error <= self.tolerance

    def summary(self) -> str:
        verdict = "agree" if self.passed else "DISAGREE"
        text = (f"{self.name}: {verdict}, max rel error {self.max_rel_error:.2e} "
                f"(tolerance {self.tolerance:.0e}) over {self.entries} entries")
        if not self.passed:
            text += f"; failing {', '.join(self.failing)}; worst {self.worst}"
        return text


@dataclass(frozen=True)
class NumericAgreement:
    """The numeric verdict on one derivation: symbolic = backprop = finite differences.

    ``max_rel_error`` is the largest relative error of any comparison, ``points`` the number of
    input points the symbolic result was evaluated at, ``compared`` the computations that took
    part (in the order symbolic, backprop, finite-difference), ``details`` one
    :class:`Comparison` per pair, keyed by its name (``"symbolic vs backprop"``).
    """

    derivation_id: str
    max_rel_error: float
    points: int
    compared: list[str]
    passed: bool
    details: dict[str, Comparison] = field(default_factory=dict)

    @property
    def failures(self) -> list[Comparison]:
        return [c for c in self.details.values() if not c.passed]

    def summary(self) -> str:
        verdict = "agree" if self.passed else "DISAGREE"
        lines = [f"{self.derivation_id}: {' = '.join(self.compared)} {verdict}, max rel error "
                 f"{self.max_rel_error:.2e} at {self.points} points"]
        lines += ["  " + c.summary() for c in self.details.values()]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def to_json(agreement: NumericAgreement) -> dict[str, Any]:
    """``{"max_rel_error": float, "points": int, "compared": [...], "passed": bool}``."""
    return {"max_rel_error": float(agreement.max_rel_error), "points": int(agreement.points),
            "compared": list(agreement.compared), "passed": bool(agreement.passed)}


# ---------------------------------------------------------------- the tally of one check

@dataclass
class _Pair:
    max_rel_error: float = 0.0
    worst: str = ""
    failing: list[str] = field(default_factory=list)
    entries: int = 0


class _Tally:
    """Collects comparisons while a checker runs; ``result`` turns them into a NumericAgreement."""

    def __init__(self) -> None:
        self.points = 0
        self.pairs: dict[tuple[str, str], _Pair] = {}

    def _record(self, pair: tuple[str, str], quantity: str, rel: float, where: str, entries: int,
                tolerance: float) -> None:
        slot = self.pairs.setdefault(pair, _Pair())
        rel = float("inf") if np.isnan(rel) else float(rel)
        slot.entries += entries
        if rel > tolerance and quantity not in slot.failing:
            slot.failing.append(quantity)
        if rel >= slot.max_rel_error or not slot.worst:
            slot.max_rel_error, slot.worst = rel, where

    def exact(self, quantity: str, symbolic: Any, other: Any, *, at: str = "",
              against: str = BACKPROP) -> None:
        """Symbolic against ``against`` (backprop), entry by entry, to EXACT_RTOL; shapes must match."""
        symbolic, other = np.asarray(symbolic, dtype=np.float64), np.asarray(other, dtype=np.float64)
        pair = (SYMBOLIC, against)
        if symbolic.shape != other.shape:
            where = f"{quantity}{_at(at)}: symbolic has shape {symbolic.shape}, {against} {other.shape}"
            self._record(pair, quantity, float("inf"), where, 0, EXACT_RTOL)
            return
        rel = relative_errors(symbolic, other)
        index = np.unravel_index(int(np.argmax(rel)), rel.shape) if rel.size else ()
        worst = float(rel[index]) if rel.size else 0.0
        where = (f"{quantity}{list(int(k) for k in index)}{_at(at)}: symbolic {symbolic[index]:.17g}, "
                 f"{against} {other[index]:.17g}") if rel.size else f"{quantity}{_at(at)}"
        self._record(pair, quantity, worst, where, rel.size, EXACT_RTOL)

    def finite(self, quantity: str, run: Callable[[], GradcheckResult], *, at: str = "",
               checked: str = SYMBOLIC) -> None:
        """``checked`` (the symbolic result) against central differences, through gradcheck."""
        pair = (checked, FINITE_DIFFERENCE)
        try:
            result = run()
        except NumericError as error:  # a result of the wrong shape
            self._record(pair, quantity, float("inf"), f"{quantity}{_at(at)}: {error}", 0, FD_RTOL)
            return
        self._result(pair, quantity, result, at)

    def mismatch(self, pair: tuple[str, str], quantity: str, message: str) -> None:
        """A comparison that could not be made (shapes differ): a failure, with the message."""
        tolerance = FD_RTOL if pair[1] == FINITE_DIFFERENCE else EXACT_RTOL
        self._record(pair, quantity, float("inf"), message, 0, tolerance)

    def _result(self, pair: tuple[str, str], quantity: str, result: GradcheckResult, at: str) -> None:
        if result.checked == 0:  # every entry excluded at a kink: nothing verified
            self._record(pair, quantity, float("inf"), f"{quantity}{_at(at)}: every entry at a kink", 0, FD_RTOL)
            return
        w = result.worst[0]
        where = f"{quantity}{list(w.index)}{_at(at)}: {pair[0]} {w.analytic:.17g}, finite difference {w.numeric:.17g}"
        self._record(pair, quantity, result.max_rel_error, where, result.checked, result.rtol)

    def result(self, derivation_id: str) -> NumericAgreement:
        details = {}
        for (first, second), slot in self.pairs.items():
            tolerance = FD_RTOL if second == FINITE_DIFFERENCE else EXACT_RTOL
            c = Comparison(first, second, slot.max_rel_error, tolerance, slot.worst, tuple(slot.failing), slot.entries)
            details[c.name] = c
        compared = [s for s in SOURCES if any(s in pair for pair in self.pairs)]
        return NumericAgreement(
            derivation_id=derivation_id,
            max_rel_error=max((c.max_rel_error for c in details.values()), default=0.0),
            points=self.points, compared=compared,
            passed=bool(details) and all(c.passed for c in details.values()), details=details)


def _at(at: str) -> str:
    return f" at {at}" if at else ""


def relative_errors(a: Array, b: Array) -> Array:
    """|a - b| / max(|a|, |b|, floor), floor = FLOOR * the largest magnitude; 0/0 = 0, NaN = inf."""
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore"):
        top = float(np.nanmax(scale)) if scale.size and not np.all(np.isnan(scale)) else 0.0
        denominator = np.maximum(scale, FLOOR * top)
        diff = np.abs(a - b)
        rel = np.divide(diff, denominator, out=np.zeros_like(diff), where=denominator > 0)
    rel[np.isnan(diff) | np.isnan(denominator)] = np.inf
    rel[(denominator == 0) & (diff > 0)] = np.inf
    return rel


# ---------------------------------------------------------------- from a step to a NumPy function

Instances = dict[tuple[str, int], Callable[..., sp.Expr]]


def formula(expr: Any, names: Sequence[str], instances: Instances | None = None) -> Callable[..., Array]:
    """The SymPy ``expr`` (scalar or Matrix) as a NumPy function of the symbols named ``names``.

    Named functions (sigma, ReLU, ReLU', and the display names of ``shown``) are evaluated by their
    own definitions, never by numeric's code: a nullary one is replaced by its definition, and each
    one with arguments becomes a NumPy function lambdified from its definition (cheaper than
    inlining a Piecewise at every use). KroneckerDelta becomes a Piecewise, which takes arrays.
    Arguments are matched by name to the symbols and ``IndexedBase``s of ``expr``; a name that
    ``expr`` does not use (a mutated formula may drop one) is still accepted. A Matrix gives an
    array of shape ``(rows, cols) + broadcast shape``.
    """
    key = (expr, tuple(names), _instances_key(instances))
    if key not in _FORMULAS:
        if len(_FORMULAS) > 1024:
            _FORMULAS.clear()
        _FORMULAS[key] = _compile(expr, names, instances)
    return _FORMULAS[key]


_FORMULAS: dict[tuple, Callable[..., Array]] = {}  # by the expression itself: a changed formula is compiled anew


def _instances_key(instances: Instances | None) -> tuple:
    return tuple(sorted((k, id(f)) for k, f in (instances or {}).items()))


def _compile(expr: Any, names: Sequence[str], instances: Instances | None) -> Callable[..., Array]:
    from derivations.generic import Generic
    expr, functions = _plain(expr), {}
    expr = _inline_generics(expr, instances or {})
    by_arity: dict[str, dict[int, Callable[..., Array]]] = {}
    for applied in expr.atoms(sp.Function):
        cls, arity = type(applied), len(applied.args)
        if arity and isinstance(applied, (Defined, Generic)) and arity not in by_arity.get(cls.__name__, {}):
            by_arity.setdefault(cls.__name__, {})[arity] = _function(cls, arity, instances)
    for name, table in by_arity.items():  # a generic cost may come in several arities under one name
        functions[name] = table[next(iter(table))] if len(table) == 1 else (lambda *a, _t=table: _t[len(a)](*a))
    modules = [functions, "numpy"]
    args = _arguments(expr, names)
    # Names such as w^1_12 are no Python identifiers; lambdify would rebuild the whole (evaluating)
    # expression to replace them, so they are renamed here once, without evaluation.
    renamed = {a: (sp.IndexedBase if isinstance(a, sp.IndexedBase) else sp.Symbol)(f"_arg{k}")
               for k, a in enumerate(args) if not str(a).isidentifier() or keyword.iskeyword(str(a))}
    if renamed:
        with sp.evaluate(False):
            expr = expr.xreplace(renamed)
        args = [renamed.get(a, a) for a in args]
    printer = NumPyPrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                            "user_functions": {name: name for name in functions}, "order": "none"})
    if isinstance(expr, sp.MatrixBase):
        shape = expr.shape
        entries = sp.lambdify(args, list(expr), modules=modules, printer=printer)

        def matrix(*values: Any) -> Array:
            with _evaluating(expr):
                parts = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in entries(*values)])
                return np.stack(parts).reshape(shape + parts[0].shape)
        return matrix
    scalar = sp.lambdify(args, expr, modules=modules, printer=printer)

    def evaluate(*values: Any) -> Array:
        with _evaluating(expr):
            return np.asarray(scalar(*values), dtype=np.float64)
    return evaluate


class FormulaError(NumericError):
    """A formula that cannot be evaluated at the inputs (an index out of range, a non-number)."""


@contextlib.contextmanager
def _evaluating(expr: Any) -> Iterator[None]:
    try:
        yield
    except (IndexError, TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
        if isinstance(error, FormulaError):
            raise
        text = str(expr)
        raise FormulaError(f"cannot evaluate {text[:80] + '...' if len(text) > 80 else text}: "
                           f"{type(error).__name__}: {error}") from error


def _or_nan(fn: Callable[..., Array], shape: tuple, *args: Any) -> Array:
    """``fn(*args)`` broadcast to ``shape``, or NaN there if the formula cannot be evaluated (a NaN fails)."""
    try:
        return np.broadcast_to(fn(*args), shape)
    except FormulaError:
        return np.full(shape, np.nan)


def _plain(expr: Any) -> Any:
    """``expr`` with nullary named expressions unfolded, products of explicit matrices multiplied
    out, and KroneckerDelta as a Piecewise; functions with arguments (sigma, ReLU) are kept."""
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        expr = expr.doit()
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.shape[0], expr.shape[1], [_plain(e) for e in expr])
    expr = sp.sympify(expr)
    while True:
        nullary = expr.replace(lambda e: isinstance(e, Defined) and not e.args, lambda e: e.unfold())
        if nullary == expr:
            break
        expr = nullary
    expr = expr.doit(deep=True) if expr.has(sp.Derivative) else expr
    if expr.has(sp.KroneckerDelta):  # printed as a Python `if`, which cannot take arrays
        expr = expr.replace(sp.KroneckerDelta, lambda a, b: sp.Piecewise((1, sp.Eq(a, b)), (0, True)))
    return expr


_FUNCTIONS: dict[tuple, Callable[..., Array]] = {}


def _function(cls: type, arity: int, instances: Instances | None) -> Callable[..., Array]:
    """A named function (sigma, ReLU, a generic phi or cost) as NumPy code, lambdified from its
    definition once per process: the classes and the instances are fixed module-level objects."""
    key = (cls, arity, _instances_key(instances))
    if key not in _FUNCTIONS:
        u = sp.symbols(f"u_1:{arity + 1}", real=True)
        definition = cls.definition(*u) if issubclass(cls, Defined) else _generic(cls, u, instances or {})
        _FUNCTIONS[key] = formula(definition, [str(v) for v in u], instances)
    return _FUNCTIONS[key]


def _inline_generics(expr: Any, instances: Instances) -> Any:
    """Generic functions whose instance uses symbols other than its arguments (a cost of the outputs
    that reads the labels y_k) are substituted into ``expr``; the others become NumPy functions."""
    from derivations.generic import Generic

    def concrete(e: sp.Expr) -> sp.Expr:
        u = sp.symbols(f"u_1:{len(e.args) + 1}", real=True)
        return _generic(type(e), u, instances).subs(dict(zip(u, e.args)), simultaneous=True)

    def reads_more(e: Any) -> bool:
        if not isinstance(e, Generic):
            return False
        u = sp.symbols(f"u_1:{len(e.args) + 1}", real=True)
        return bool(_generic(type(e), u, instances).free_symbols - set(u))

    if not instances:
        return expr
    found = {e: concrete(e) for e in expr.atoms(Generic) if reads_more(e)}
    if not found:
        return expr
    with sp.evaluate(False):
        return expr.xreplace(found)


def _generic(cls: type, u: Sequence[sp.Symbol], instances: Instances) -> sp.Expr:
    """The concrete function standing for a generic one (derivations.generic: phi, a cost C, ell).

    ``instances[(name, arity)]`` gives the SymPy expression of the generic function ``name``; its
    named derivatives (``phi_prime``, ``C_k``) are differentiated from it by SymPy. A generic
    function without an instance keeps the derivation's own numeric instance.
    """
    name, arity = cls.__name__, len(u)
    if (name, arity) in instances:
        return instances[name, arity](*u)
    base, _, k = name.rpartition("_")
    k = "1" if k == "prime" else k
    if base and k.isdigit() and (base, arity) in instances:
        return sp.diff(instances[base, arity](*u), u[int(k) - 1])
    return cls._instance(*u)


def _arguments(expr: Any, names: Sequence[str]) -> list[Any]:
    bases = {str(base.label): base for base in expr.atoms(sp.IndexedBase)}
    symbols: dict[str, sp.Symbol] = {}
    for s in expr.atoms(sp.Symbol):
        if s.name in bases:
            continue
        if s.name in symbols and symbols[s.name] != s:
            raise NumericError(f"two different symbols are both named {s.name!r} in {expr}")
        symbols[s.name] = s
    return [bases.get(name) or symbols.get(name) or sp.Symbol(name) for name in names]


def indexed(values: Array) -> Array:
    """``values`` with a NaN row in front, so that SymPy's 1-based ``x[1..n]`` reads them."""
    values = np.asarray(values, dtype=np.float64)
    return np.concatenate([np.full((1,) + values.shape[1:], np.nan), values])


def last_step(d: Derivation) -> Step:
    """The derivation's conclusion."""
    return d.steps[-1]


def labelled(d: Derivation, label: str) -> Step:
    """The step with this label; a derivation without it cannot be checked."""
    for step in d.steps:
        if step.label == label:
            return step
    raise NumericError(f"derivation {d.id!r} has no step labelled {label!r} to check numerically")


def _network_backward(backward: Backward | None) -> Backward:
    return backward or (lambda net, X, Y: net.backward(X, Y))


def _by_name(dW: Sequence[Array], db: Sequence[Array]) -> dict[str, Array]:
    return {name: g for i, (gW, gb) in enumerate(zip(dW, db), start=1) for name, g in ((f"W{i}", gW), (f"b{i}", gb))}


def _compare_network(tally: _Tally, net: Network, X: Array, Y: Array, symbolic: dict[str, Array],
                     backward: Backward | None, *, at: str) -> None:
    """Symbolic gradients of some of ``net``'s parameters (by name: W1, b1, ...) against backprop,
    entry by entry, and against central differences of ``net.loss`` (kinks excluded)."""
    backprop = _by_name(*_network_backward(backward)(net, X, Y))
    for name, g in symbolic.items():
        tally.exact(name, g, backprop[name], at=at)
    params = net.named_params()
    fitting = {name: np.asarray(g, dtype=np.float64) for name, g in symbolic.items() if np.shape(g) == params[name].shape}
    for name in symbolic.keys() - fitting.keys():
        tally.mismatch((SYMBOLIC, FINITE_DIFFERENCE), name, f"{name}{_at(at)}: symbolic gradient has shape "
                       f"{np.shape(symbolic[name])}, {name} has {params[name].shape}")
    if not fitting:
        return
    full = {name: fitting.get(name, np.zeros_like(p)) for name, p in params.items()}  # others: not reported
    dW = [full[f"W{i}"] for i in range(1, net.L + 1)]
    db = [full[f"b{i}"] for i in range(1, net.L + 1)]
    for name, result in check_network(net, X, Y, backward=lambda *_: (dW, db), rtol=FD_RTOL).items():
        if name in fitting:
            tally._result((SYMBOLIC, FINITE_DIFFERENCE), name, result, at)


def _gradient_steps(steps: Iterable[Step], names: Sequence[str], parameter: Callable[[str], tuple[str, tuple]],
                    shapes: dict[str, tuple], reduce: Callable[[Array], Array],
                    instances: Instances | None = None) -> Callable[[dict[str, Any]], dict[str, Array]]:
    """Parameter gradients from steps ``d C/d theta = rhs`` (a Derivative, or a matrix of them).

    Lambdified once over the symbols ``names``; the function returned takes every symbol's value
    by name (data as arrays over the m examples, last axis) and gives the gradients by parameter
    name. ``parameter(variable name)`` says which entry of which parameter array (W1, b1, ...) a
    variable of the left-hand side is; ``reduce`` turns per-example values (last axis) into the
    batch gradient. A right-hand side whose shape is not the left-hand side's is returned as is,
    so the comparison reports it.
    """
    compiled, steps = [], list(steps)
    if not steps:
        raise NumericError("no step states a parameter gradient to check")
    for step in steps:
        lhs = list(step.lhs) if isinstance(step.lhs, sp.MatrixBase) else [step.lhs]
        targets = [parameter(entry.variables[0].name) for entry in lhs]
        rhs_shape = step.rhs.shape if isinstance(step.rhs, sp.MatrixBase) else ()
        lhs_shape = step.lhs.shape if isinstance(step.lhs, sp.MatrixBase) else ()
        compiled.append((formula(step.rhs, names, instances), targets, rhs_shape, rhs_shape == lhs_shape))

    def gradients(values: dict[str, Any]) -> dict[str, Array]:
        found: dict[str, Array] = {}
        arguments = [values[name] for name in names]
        batch = np.broadcast_shapes(*(np.shape(v) for v in arguments))
        for fn, targets, rhs_shape, fits in compiled:
            value = reduce(np.broadcast_to(fn(*arguments), rhs_shape + batch))
            params = {name for name, _ in targets}
            if not fits:
                found.update({name: value for name in params})
                continue
            for name in params:
                found.setdefault(name, np.full(shapes[name], np.nan))  # an entry no step gives stays NaN
            for (name, index), entry in zip(targets, np.reshape(value, (-1,))):
                found[name][index] = entry
        return found
    return gradients


# ---------------------------------------------------------------- the checkers
# A checker gets the derivation, a seeded generator, the tally, and a backward pass to check
# (None: Network.backward). Each evaluates the symbolic result and makes the comparisons.

Checker = Callable[[Derivation, np.random.Generator, _Tally, "Backward | None"], None]


def _check_gradient(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    grad = formula(last_step(d).rhs, ("x", "y"))  # f(x, y) = x^2 + cos(y)

    def f(v: Array) -> float:
        return float(v[0, 0] ** 2 + np.cos(v[1, 0]))

    for v in rng.uniform(-2, 2, (POINTS, 2, 1)):
        g = grad(v[0, 0], v[1, 0])
        tally.finite("grad f", lambda: gradcheck(f, lambda _: g, v, rtol=FD_RTOL), at=f"(x, y) = {_pt(v)}")
        tally.points += 1


def _check_jacobian(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    jac = formula(last_step(d).rhs, ("x", "y"))  # F(x, y) = [2x + y^3, e^y - 13x]

    def F(v: Array) -> Array:
        return np.array([2 * v[0] + v[1] ** 3, np.exp(v[1]) - 13 * v[0]])

    for v in rng.uniform(-2, 2, (POINTS, 2)):
        J = jac(v[0], v[1])
        tally.finite("J_F", lambda: jacobian_check(F, lambda _: J, v, rtol=FD_RTOL), at=f"(x, y) = {_pt(v)}")
        tally.points += 1


def _check_chain_rule_scalar(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    df = formula(last_step(d).rhs, ("x",))  # f(x) = sin(x^2)

    for v in rng.uniform(-2, 2, (POINTS, 1)):
        g = np.broadcast_to(df(v[0]), (1,))
        tally.finite("df/dx", lambda: gradcheck(lambda u: float(np.sin(u[0] ** 2)), lambda _: g, v, rtol=FD_RTOL),
                     at=f"x = {_pt(v)}")
        tally.points += 1


def _check_chain_rule_jacobian(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    jac = formula(last_step(d).rhs, ("x", "y"))  # F(x, y) = [sin(x^2 + y), ln(y^3)], y > 0

    def F(v: Array) -> Array:
        return np.array([np.sin(v[0] ** 2 + v[1]), np.log(v[1] ** 3)])

    for x, y in zip(rng.uniform(-2, 2, POINTS), rng.uniform(0.5, 2, POINTS)):
        v = np.array([x, y])
        J = jac(x, y)
        tally.finite("dF/d(x, y)", lambda: jacobian_check(F, lambda _: J, v, rtol=FD_RTOL), at=f"(x, y) = {_pt(v)}")
        tally.points += 1


def _check_sigmoid_derivative(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    dsigma = formula(last_step(d).rhs, ("z",))
    for n in (1, 4, 9):
        z = rng.uniform(-4, 4, n)
        s = np.broadcast_to(dsigma(z), z.shape)
        tally.exact("sigma'(z)", s, SIGMOID.df(z), at=f"n = {n} (BP2's SIGMOID.df)")
        tally.finite("d sigma/dz", lambda: jacobian_check(sigmoid, lambda _: np.diag(s), z, rtol=FD_RTOL),
                     at=f"n = {n}")
        tally.points += n


def _check_bce_sigmoid(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """A 1-layer sigmoid network with the bce cost: per-example dJ/dw_j and dJ/db, averaged over m."""
    dw_j = formula(labelled(d, "dJ/dw_j").rhs, ("w", "x", "b", "y", "n", "j"))
    db = formula(labelled(d, "dJ/db").rhs, ("w", "x", "b", "y", "n"))
    names3 = ("w_1", "w_2", "w_3", "x_1", "x_2", "x_3", "b", "y")
    dw_3 = formula(labelled(d, "grad_w J (n = 3)").rhs, names3)
    m = 4
    for n, concrete in ((1, False), (3, False), (3, True), (6, False)):
        net = Network([n, 1], ["sigmoid"], "bce")
        net.W[0][...] = rng.standard_normal((1, n))
        net.b[0][...] = rng.standard_normal((1, 1))
        X = rng.standard_normal((n, m))
        Y = (rng.random((1, m)) > 0.5).astype(np.float64)
        w, b, y = net.W[0][0], net.b[0][0, 0], Y[0]
        if concrete:  # the n = 3 step: a (3, 1) column per example; W is its transpose
            per_example = dw_3(*w, *X, b, y)  # (3, 1, m)
            sym_W = np.mean(per_example, axis=-1).T
            at = f"n = 3 (the concrete step), m = {m}"
        else:
            per_example = dw_j(indexed(w), indexed(X), b, y, n, np.arange(1, n + 1))  # (n, m)
            sym_W = np.mean(np.broadcast_to(per_example, (n, m)), axis=-1)[None, :]
            at = f"n = {n} (symbolic n), m = {m}"
        sym_b = np.mean(np.broadcast_to(db(indexed(w), indexed(X), b, y, n), (m,))).reshape(1, 1)
        _compare_network(tally, net, X, Y, {"W1": sym_W, "b1": sym_b}, backward, at=at)
        tally.points += m


# --- vector identities: index notation for any n, and the concrete-size Jacobian steps ---
ELEMENTWISE = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
SIZES = (2, 3, 5)


def _operand(rng: np.random.Generator, n: int) -> Array:
    """Entries of either sign with |entry| in [0.5, 2]: away from 0, where v / w is undefined."""
    return rng.choice([-1.0, 1.0], n) * rng.uniform(0.5, 2.0, n)


def _index_jacobians(fn: Callable[..., Array], args: Callable[[int], tuple], n: int) -> Array:
    """An any-n formula f(..., i, j) as the n x n matrix of entries (i, j), i and j from 1."""
    rows, cols = np.arange(1, n + 1)[:, None], np.arange(1, n + 1)[None, :]
    return fn(*args(n), rows, cols)


def _concrete_jacobians(d: Derivation, rng: np.random.Generator, tally: _Tally) -> None:
    """Every step ``Jacobian(F, v) = J`` with explicit entries: J against central differences of F.

    Here the forward function is the step's own left-hand side (lambdified), so this checks the
    claim of each concrete-size step; steps about an unspecified function f are skipped.
    """
    from derivations.indexed import Jacobian  # the explicit-entry Jacobian of the catalog
    for number, step in enumerate(d.steps, start=1):
        if not isinstance(step.lhs, Jacobian):
            continue
        F, v, _ = step.lhs.args
        if any(e.atoms(AppliedUndef) for e in (F, step.rhs)):
            continue
        variables = list(v)
        free = set().union(*(e.free_symbols for e in (F, step.rhs))) - set(variables)
        others = sorted((s for s in free if isinstance(s, sp.Symbol)), key=str)
        names = [str(s) for s in variables + others]
        forward, jacobian = formula(F, names), formula(step.rhs, names)
        u0, c = _sample(rng, variables), _sample(rng, others)
        J = jacobian(*u0, *c)
        tally.finite(step.label or f"step {number}", lambda: jacobian_check(
            lambda u: forward(*u, *c).reshape(-1), lambda _: J, u0, rtol=FD_RTOL), at=_short(step.reason))
        tally.points += 1


def _sample(rng: np.random.Generator, symbols: Sequence[sp.Symbol]) -> Array:
    """A random value per symbol, |value| in [0.5, 2], positive where the symbol is."""
    signs = np.array([1.0 if s.is_positive or s.is_nonnegative else rng.choice([-1.0, 1.0]) for s in symbols])
    return signs * rng.uniform(0.5, 2.0, len(symbols))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def _check_elementwise_jacobian(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """d(v op w)_i/dv_j and /dw_j for +, -, *, / (any n) against central differences of the NumPy op."""
    for symbol, op in ELEMENTWISE.items():
        both = formula(labelled(d, f"{symbol}, any n").rhs, ("v", "w", "i", "j"))  # [[d/dv_j, d/dw_j]]
        for n in SIZES:
            v, w = _operand(rng, n), _operand(rng, n)
            J = _index_jacobians(both, lambda _: (indexed(v), indexed(w)), n)  # (1, 2, n, n)
            J = np.broadcast_to(J, (1, 2, n, n)) if J.ndim == 4 else J
            at = f"n = {n} (the any-n formula)"
            tally.finite(f"d(v {symbol} w)/dv", lambda: jacobian_check(
                lambda u: op(u, w), lambda _: J[0, 0], v, rtol=FD_RTOL), at=at)
            tally.finite(f"d(v {symbol} w)/dw", lambda: jacobian_check(
                lambda u: op(v, u), lambda _: J[0, 1], w, rtol=FD_RTOL), at=at)
            tally.points += 1
    _concrete_jacobians(d, rng, tally)


def _step_with_lhs(d: Derivation, lhs: Any) -> Step:
    """The step that claims ``lhs = ...``: one without step-local assumptions if there is one (the
    others are special cases, such as off-diagonal zeros), else the first."""
    claims = [step for step in d.steps if step.lhs == lhs]
    if not claims:
        raise NumericError(f"derivation {d.id!r} has no step for {lhs} to check numerically")
    return next((step for step in claims if not step.assume), claims[0])


def _chain_end(d: Derivation, lhs: Any) -> Step:
    """From the step claiming ``lhs = e1``, follow ``e1 = e2``, ... to the last link of that chain."""
    step = _step_with_lhs(d, lhs)
    for following in d.steps[d.steps.index(step) + 1:]:
        if following.lhs != step.rhs:
            break
        step = following
    return step


def _check_hadamard(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """d(v o w)_i/dv_j = w_i delta_ij and d/dw_j = v_i delta_ij (any n), then the concrete steps."""
    from derivations.elementwise import i, j, v, w
    by_v = formula(_step_with_lhs(d, sp.Derivative(v[i] * w[i], v[j])).rhs, ("v", "w", "i", "j"))
    by_w = formula(_step_with_lhs(d, sp.Derivative(v[i] * w[i], w[j])).rhs, ("v", "w", "i", "j"))
    for n in SIZES:
        a, b = _operand(rng, n), _operand(rng, n)
        at = f"n = {n} (the any-n formula)"
        for name, fn, x0, F in (("d(v o w)/dv", by_v, a, lambda u: u * b), ("d(v o w)/dw", by_w, b, lambda u: a * u)):
            J = np.broadcast_to(_index_jacobians(fn, lambda _: (indexed(a), indexed(b)), n), (n, n))
            tally.finite(name, lambda: jacobian_check(F, lambda _: J, x0, rtol=FD_RTOL), at=at)
        tally.points += 1
    _concrete_jacobians(d, rng, tally)


def _check_sum(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """d sum(v)/dv_j = 1, d sum(x v)/dv_j = x, d sum(x v)/dx = sum(v) (any n), then the concrete steps."""
    from derivations.elementwise import i, j, n as size, v, x
    total, scaled = sp.Sum(v[i], (i, 1, size)), sp.Sum(x * v[i], (i, 1, size))
    names = ("v", "x", "n", "j")
    by_v = formula(_chain_end(d, sp.Derivative(total, v[j])).rhs, names)
    scaled_by_v = formula(_chain_end(d, sp.Derivative(scaled, v[j])).rhs, names)
    scaled_by_x = formula(_chain_end(d, sp.Derivative(scaled, x)).rhs, names)
    for n in SIZES:
        a, c = _operand(rng, n), float(_operand(rng, 1)[0])
        J = np.arange(1, n + 1)
        at = f"n = {n} (the any-n formula)"
        g = np.broadcast_to(by_v(indexed(a), c, n, J), (n,))
        tally.finite("d sum(v)/dv", lambda: gradcheck(np.sum, lambda _: g, a, rtol=FD_RTOL), at=at)
        gx = np.broadcast_to(scaled_by_v(indexed(a), c, n, J), (n,))
        tally.finite("d sum(x v)/dv", lambda: gradcheck(lambda u: np.sum(c * u), lambda _: gx, a, rtol=FD_RTOL), at=at)
        dx = np.broadcast_to(scaled_by_x(indexed(a), c, n, J), ()).reshape(1)
        tally.finite("d sum(x v)/dx", lambda: gradcheck(lambda u: np.sum(u[0] * a), lambda _: dx, np.array([c]),
                                                         rtol=FD_RTOL), at=at)
        tally.points += 1
    _concrete_jacobians(d, rng, tally)


# --- networks: the MSE neuron, softmax with cce, the two-layer network of 002 ---
def _random_net(rng: np.random.Generator, layers: Sequence[int], activations: Sequence[str], loss: str) -> Network:
    """A network with standard normal weights and biases (not its own initialisation: any point will do)."""
    net = Network(layers, list(activations), loss)
    for p in net.named_params().values():
        p[...] = rng.standard_normal(p.shape)
    return net


def _check_mse(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None, *,
               bias: bool) -> None:
    """A ReLU neuron with C = 1/(2m) sum (y - a)^2: the per-example share of dC/dw_j (or dC/db) for
    any n, summed over m examples, and the worked pair x_1 = (1, 2), x_2 = (3, -1)."""
    from derivations.costs import C_one, b as b_, j as j_, w as w_
    one = formula(_step_with_lhs(d, sp.Derivative(C_one, b_ if bias else w_[j_])).rhs, ("w", "x", "b", "y", "n", "m", "j"))
    name, m = ("b1" if bias else "W1"), 5
    for n in SIZES:
        net = _random_net(rng, [n, 1], ["relu"], "mse")
        X, Y = rng.standard_normal((n, m)), rng.standard_normal((1, m))
        J = np.arange(1, n + 1)
        share = one(indexed(net.W[0][0]), indexed(X), net.b[0][0, 0], Y[0], n, m, J)  # (n, m), or (m,) for b
        g = np.sum(np.broadcast_to(share, (m,) if bias else (n, m)), axis=-1).reshape(net.named_params()[name].shape)
        _compare_network(tally, net, X, Y, {name: g}, backward, at=f"n = {n} (the any-n formula), m = {m}")
        tally.points += m
    X = np.array([[1.0, 3.0], [2.0, -1.0]])  # the worked pair, one example per column
    where = {"w_1": ("W1", (0, 0)), "w_2": ("W1", (0, 1)), "b": ("b1", (0, 0))}
    pair = _gradient_steps([last_step(d)], ("w_1", "w_2", "b", "y_1", "y_2"), where.__getitem__,
                           {"W1": (1, 2), "b1": (1, 1)}, lambda v: v)
    for _ in range(POINTS):
        net = _random_net(rng, [2, 1], ["relu"], "mse")
        Y = rng.standard_normal((1, 2))
        g = pair({"w_1": net.W[0][0, 0], "w_2": net.W[0][0, 1], "b": net.b[0][0, 0], "y_1": Y[0, 0], "y_2": Y[0, 1]})
        _compare_network(tally, net, X, Y, g, backward, at="the worked pair")
        tally.points += 2


def _check_mse_weights(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    _check_mse(d, rng, tally, backward, bias=False)


def _check_mse_bias(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    _check_mse(d, rng, tally, backward, bias=True)


def _labels(J: sp.Expr, size: int) -> list[Any]:
    """The labels y_r of a loss J = -sum_r y_r log(a_r) written with named a_r: y_r = -a_r dJ/da_r."""
    from derivations.functions import Defined
    named = {f"a_{r}": sp.Symbol(f"A_{r}") for r in range(1, size + 1)}
    plain = J.replace(lambda e: isinstance(e, Defined) and not e.args and type(e).__name__ in named,
                      lambda e: named[type(e).__name__])
    return [-a * sp.diff(plain, a) for a in named.values()]


def _probabilities(rng: np.random.Generator, size: int) -> Array:
    """A random probability vector: sum y = 1, as dJ/dz = a - y requires."""
    return rng.dirichlet(np.ones(size))


def _check_softmax_cce(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """The softmax Jacobian and dJ/dz = a - y, for n = 2, 3, 4 and in index notation for any n,
    against backprop's softmax Jacobian and BP1 (CCE.delta), and central differences."""
    from numeric.activations import SOFTMAX, softmax, softmax_jacobian
    from numeric.losses import CCE, cce_from_logits

    def backprop_delta(z: Array, y: Array) -> Array:  # BP1 for one example (m = 1), shape (n, 1)
        return CCE.delta(z, softmax(z), y, SOFTMAX)

    for number, step in enumerate(d.steps, start=1):
        if not isinstance(step.lhs, sp.MatrixBase):
            continue
        size = step.lhs.shape[0]
        z = rng.uniform(-3, 3, size)
        names = [f"z_{r}" for r in range(1, size + 1)] + [f"y_{r}" for r in range(1, size + 1)]
        at = f"n = {size} (step {number})"
        if step.lhs.shape == (size, size):  # da/dz
            J = formula(step.rhs, names)(*z, *np.zeros(size))
            tally.exact("da/dz", J, softmax_jacobian(z[:, None])[0], at=at + ", backprop's softmax_jacobian")
            tally.finite("da/dz", lambda: jacobian_check(softmax, lambda _: J, z, rtol=FD_RTOL), at=at)
        else:  # dJ/dz for J = -sum y_r log a_r
            y = _probabilities(rng, size)
            labels = _labels(step.lhs[0].expr, size)
            y = np.array([float(label.subs({sp.Symbol(f"y_{r + 1}", real=True): y[r] for r in range(size)}))
                          for label in labels])
            g = formula(step.rhs, names)(*z, *y)
            Y = y[:, None]
            tally.exact("dJ/dz", g, backprop_delta(z[:, None], Y), at=at + ", backprop's BP1 (CCE.delta)")
            tally.finite("dJ/dz", lambda: gradcheck(lambda u: cce_from_logits(u, Y), lambda _: g, z[:, None],
                                                     rtol=FD_RTOL), at=at)
        tally.points += 1
    # any n, in index notation
    from derivations.softmax import j as j_, z as z_
    by_name = {type(s.lhs.expr).__name__: s for s in d.steps
               if isinstance(s.lhs, sp.Derivative) and s.lhs.variables == (z_[j_],) and isinstance(s.lhs.expr, Defined)}
    jacobian = formula(by_name["a_i"].rhs, ("z", "y", "n", "i", "j"))
    any_y = formula(by_name["J"].rhs, ("z", "y", "n", "j"))
    simplex = formula(labelled(d, "dJ/dz_j").rhs, ("z", "y", "n", "j"))
    for n in SIZES:
        z = rng.uniform(-3, 3, n)
        at = f"n = {n} (the any-n formula)"
        J = np.broadcast_to(_index_jacobians(jacobian, lambda _: (indexed(z), indexed(np.zeros(n)), n), n), (n, n))
        tally.exact("da_i/dz_j", J, softmax_jacobian(z[:, None])[0], at=at + ", backprop's softmax_jacobian")
        tally.finite("da_i/dz_j", lambda: jacobian_check(softmax, lambda _: J, z, rtol=FD_RTOL), at=at)
        real_y = rng.standard_normal((n, 1))  # any real y: dJ/dz_j = a_j sum(y) - y_j
        g = np.broadcast_to(any_y(indexed(z), indexed(real_y[:, 0]), n, np.arange(1, n + 1)), (n,))[:, None]
        tally.finite("dJ/dz_j (any real y)", lambda: gradcheck(lambda u: cce_from_logits(u, real_y), lambda _: g,
                                                               z[:, None], rtol=FD_RTOL), at=at)
        Y = _probabilities(rng, n)[:, None]
        g1 = np.broadcast_to(simplex(indexed(z), indexed(Y[:, 0]), n, np.arange(1, n + 1)), (n,))[:, None]
        tally.exact("dJ/dz_j", g1, backprop_delta(z[:, None], Y), at=at + ", sum y = 1, backprop's BP1 (CCE.delta)")
        tally.finite("dJ/dz_j", lambda: gradcheck(lambda u: cce_from_logits(u, Y), lambda _: g1, z[:, None],
                                                  rtol=FD_RTOL), at=at + ", sum y = 1")
        tally.points += 3


def _check_two_layer(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """002's network, ReLU hidden, sigmoid output, C = (A2 - Y)^2 ('sq'): the scalar chains on a
    1-1-1 network and the matrix form on a 3-2-1 network, per example, averaged over m examples."""
    m = 5
    scalar = {"W_1": ("W1", (0, 0)), "B_1": ("b1", (0, 0)), "W_2": ("W2", (0, 0)), "B_2": ("b2", (0, 0))}
    steps = [s for s in d.steps if isinstance(s.lhs, sp.Derivative) and s.lhs.variables[0].name in scalar]
    chains = _gradient_steps(steps, ("X", "Y", *scalar), scalar.__getitem__,
                             {n: (1, 1) for n in ("W1", "b1", "W2", "b2")}, lambda v: v.mean(axis=-1))
    for _ in range(2):
        net = _random_net(rng, [1, 1, 1], ["relu", "sigmoid"], "sq")
        X, Y = rng.standard_normal((1, m)), (rng.random((1, m)) > 0.5).astype(np.float64)
        g = chains({"X": X[0], "Y": Y[0], "W_1": net.W[0][0, 0], "B_1": net.b[0][0, 0],
                    "W_2": net.W[1][0, 0], "B_2": net.b[1][0, 0]})
        _compare_network(tally, net, X, Y, g, backward, at=f"1-1-1 (the scalar chains), m = {m}")
        tally.points += m

    def parameter(name: str) -> tuple[str, tuple]:  # w^2_11 -> W2[0, 0], b^1_2 -> b1[1, 0]
        kind, rest = name.split("^")
        layer, index = rest.split("_")
        return (f"W{layer}", (int(index[0]) - 1, int(index[1]) - 1)) if kind == "w" else (f"b{layer}", (int(index) - 1, 0))

    def symbols_of(net: Network, X: Array, Y: Array) -> dict[str, Any]:
        values: dict[str, Any] = {f"x_{k + 1}": X[k] for k in range(X.shape[0])}
        values["y"] = Y[0]
        for name, p in net.named_params().items():
            for index in np.ndindex(p.shape):
                label = f"w^{name[1]}_{index[0] + 1}{index[1] + 1}" if name[0] == "W" else f"b^{name[1]}_{index[0] + 1}"
                values[label] = p[index]
        return values

    shape_net = Network([3, 2, 1], ["relu", "sigmoid"], "sq")
    names = list(symbols_of(shape_net, np.zeros((3, 1)), np.zeros((1, 1))))
    shapes = {name: p.shape for name, p in shape_net.named_params().items()}
    matrix_form = _gradient_steps([s for s in d.steps if isinstance(s.lhs, sp.MatrixBase)], names, parameter,
                                  shapes, lambda v: v.mean(axis=-1))
    for _ in range(2):
        net = _random_net(rng, [3, 2, 1], ["relu", "sigmoid"], "sq")
        X, Y = rng.standard_normal((3, m)), (rng.random((1, m)) > 0.5).astype(np.float64)
        g = matrix_form(symbols_of(net, X, Y))
        _compare_network(tally, net, X, Y, g, backward, at=f"3-2-1 (the matrix form), m = {m}")
        tally.points += m


# --- the four equations of backpropagation ---
PHI = {  # phi's instance in SymPy, by the Network's activation name (ReLU has its own derivations)
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
    "tanh": sp.tanh,
}


SIGMOID_PHI: Instances = {("phi", 1): PHI["sigmoid"]}  # and every other generic its own instance


def _network_parameter(name: str) -> tuple[str, tuple]:
    """w^2_13 -> ("W2", (0, 2)) and b^1_2 -> ("b1", (1, 0)), and z^3_1 -> ("b3", (0, 0)): dC/dz^l_j = dC/db^l_j (BP3)."""
    kind, rest = name.split("^")
    layer, index = rest.split("_")
    if kind == "w":
        return f"W{layer}", (int(index[0]) - 1, int(index[1]) - 1)
    return f"b{layer}", (int(index) - 1, 0)


def _network_values(net: Network, X: Array, Y: Array) -> dict[str, Any]:
    """Every symbol of a concrete network by the catalog's names: x_k, y_k, w^l_jk, b^l_j, z^l_j."""
    values: dict[str, Any] = {f"x_{k + 1}": X[k] for k in range(X.shape[0])}
    values.update({f"y_{k + 1}": Y[k] for k in range(Y.shape[0])})
    for name, p in net.named_params().items():
        for index in np.ndindex(p.shape):
            label = f"w^{name[1:]}_{index[0] + 1}{index[1] + 1}" if name[0] == "W" else f"b^{name[1:]}_{index[0] + 1}"
            values[label] = np.float64(p[index])
    z, _ = net.forward(X)
    for layer, zl in enumerate(z, start=1):
        values.update({f"z^{layer}_{j + 1}": zl[j] for j in range(zl.shape[0])})
    return values


@functools.lru_cache(maxsize=None)
def _mse_instances(phi: str) -> Instances:
    """phi -> the activation; a cost of k activations -> the per-example mse 1/2 sum (a_i - y_i)^2."""
    found: Instances = {("phi", 1): PHI[phi], ("ell", 2): lambda a, y: (a - y) ** 2 / 2}
    for k in range(1, 9):
        found["C", k] = lambda *a: sum((ai - sp.Symbol(f"y_{i + 1}", real=True)) ** 2 for i, ai in enumerate(a)) / 2
    return found


def _check_local_equations(d: Derivation, rng: np.random.Generator, tally: _Tally) -> None:
    """BP1-BP4 at one layer, C any function of the layer above: each step against central
    differences of its own left-hand side (phi a sigmoid, C the derivation's own instance), and BP1
    against backprop's BP1 (MSE.delta) with C the mse of the outputs."""
    from numeric.losses import MSE
    instances = SIGMOID_PHI
    for number, step in enumerate(d.steps, start=1):
        if step.label not in ("BP1", "BP2", "BP3", "BP4") or not isinstance(step.lhs, sp.MatrixBase):
            continue
        entries = list(step.lhs)
        if not all(isinstance(e, sp.Derivative) and e.expr == entries[0].expr for e in entries):
            continue
        variables = [e.variables[0] for e in entries]
        cost = _plain(entries[0].expr)
        others = sorted((s for s in (cost.free_symbols | _plain(step.rhs).free_symbols) - set(variables)
                         if isinstance(s, sp.Symbol)), key=str)
        names = [str(v) for v in variables + others]
        forward, gradient = formula(cost, names, instances), formula(step.rhs, names, instances)
        u0, c = _sample(rng, variables).reshape(step.lhs.shape), _sample(rng, others)
        g = gradient(*u0.ravel(), *c)
        at = f"step {number}, {step.reason.split(':')[0]}"
        tally.finite(step.label, lambda: gradcheck(lambda u: float(forward(*u.ravel(), *c)), lambda _: g, u0,
                                                   rtol=FD_RTOL), at=at)
        tally.points += 1
        if step.label == "BP1":  # delta^L = grad_a C o phi'(z^L), with C the mse: backprop's BP1
            from numeric.activations import SIGMOID
            z = _sample(rng, variables).reshape(step.lhs.shape)
            y = rng.standard_normal(step.lhs.shape)
            mse = formula(step.rhs, [str(v) for v in variables] + [f"y_{k + 1}" for k in range(len(variables))],
                          _mse_instances("sigmoid"))
            tally.exact("BP1", mse(*z.ravel(), *y.ravel()), MSE.delta(z, SIGMOID.f(z), y, SIGMOID),
                        at=f"step {number}, C = mse, backprop's BP1 (MSE.delta)")
            tally.points += 1


def _check_backprop_equations(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """BP1-BP4 composed: the whole 2-3-2 network (steps over w^l_jk, b^l_j; phi a sigmoid) and depth
    2 with symbolic widths (index notation, here 2-3-2 and 4-3-3 with phi a sigmoid, 3-4-4 with
    tanh, its square W2 letting a W-for-W^T mistake type-check), C the per-example mse, averaged
    over m examples and compared with Network.backward; and the one-layer equations against
    central differences."""
    _check_local_equations(d, rng, tally)
    m, phi = 3, "sigmoid"
    net_steps = [s for s in d.steps if isinstance(s.lhs, sp.MatrixBase) and s.label is None]
    shape = Network([2, 3, 2], phi, "mse")
    names = list(_network_values(shape, np.zeros((2, 1)), np.zeros((2, 1))))
    whole = _gradient_steps(net_steps, names, _network_parameter,
                            {n: p.shape for n, p in shape.named_params().items()}, lambda v: v.mean(axis=-1),
                            _mse_instances(phi))
    for _ in range(2):
        net = _random_net(rng, [2, 3, 2], [phi, phi], "mse")
        X, Y = rng.standard_normal((2, m)), rng.standard_normal((2, m))
        _compare_network(tally, net, X, Y, whole(_network_values(net, X, Y)), backward,
                         at=f"the 2-3-2 network, phi = {phi}, m = {m}")
        tally.points += m
    from derivations.backprop import W1, b1, j as j_, k as k_
    index_names = ("x", "y", "w^1", "b^1", "w^2", "b^2", "n_0", "n_1", "n_2", "j", "k")
    by_b = _step_with_lhs_variable(d, b1[j_])
    by_w = _step_with_lhs_variable(d, W1[j_, k_])
    compiled = {phi: [formula(s.rhs, index_names, _mse_instances(phi)) for s in (by_b, by_w)] for phi in PHI}
    for phi, widths in (("sigmoid", (2, 3, 2)), ("tanh", (3, 4, 4)), ("sigmoid", (4, 3, 3))):
        db1, dW1 = compiled[phi]
        net = _random_net(rng, widths, [phi, phi], "mse")
        X, Y = rng.standard_normal((widths[0], m)), rng.standard_normal((widths[2], m))
        padded = [_padded(p) for p in (net.W[0], net.b[0][:, 0], net.W[1], net.b[1][:, 0])]
        rows, cols = np.arange(1, widths[1] + 1)[:, None], np.arange(1, widths[0] + 1)[None, :]
        gb, gW = np.zeros((widths[1], 1)), np.zeros((widths[1], widths[0]))
        for e in range(m):  # one example at a time: the index formulas are per example
            args = (indexed(X[:, e]), indexed(Y[:, e]), *padded, *widths, rows, cols)
            gb += _or_nan(db1, gb.shape, *args) / m
            gW += _or_nan(dW1, gW.shape, *args) / m
        _compare_network(tally, net, X, Y, {"b1": gb, "W1": gW}, backward,
                         at=f"widths {'-'.join(map(str, widths))} (the any-widths formulas), phi = {phi}, m = {m}")
        tally.points += m


def _padded(values: Array) -> Array:
    """A 1-based view for SymPy's Indexed: NaN in row 0 (and column 0 of a matrix)."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        return indexed(values)
    out = np.full((values.shape[0] + 1, values.shape[1] + 1), np.nan)
    out[1:, 1:] = values
    return out


def _step_with_lhs_variable(d: Derivation, variable: Any) -> Step:
    """The step claiming d(something)/d``variable`` = ..."""
    for step in d.steps:
        if isinstance(step.lhs, sp.Derivative) and step.lhs.variables == (variable,):
            return step
    raise NumericError(f"derivation {d.id!r} has no step for a derivative by {variable} to check numerically")


def _pt(v: Array) -> str:
    return "(" + ", ".join(f"{float(t):.4g}" for t in np.ravel(v)) + ")"


#: Derivation id -> checker. Ids without an entry yield no gradient to check.
CHECKERS: dict[str, Checker] = {
    "gradient": _check_gradient,
    "jacobian": _check_jacobian,
    "chain-rule-scalar": _check_chain_rule_scalar,
    "chain-rule-jacobian": _check_chain_rule_jacobian,
    "sigmoid-derivative": _check_sigmoid_derivative,
    "bce-sigmoid": _check_bce_sigmoid,
    "elementwise-jacobian": _check_elementwise_jacobian,
    "hadamard": _check_hadamard,
    "sum": _check_sum,
    "mse-weights": _check_mse_weights,
    "mse-bias": _check_mse_bias,
    "softmax-cce": _check_softmax_cce,
    "two-layer": _check_two_layer,
    "backprop-equations": _check_backprop_equations,
}


def checked_ids() -> list[str]:
    """The ids that have a numeric check."""
    return list(CHECKERS)


def check_derivation(derivation_id: str, seed: int = 0, *, derivation: Derivation | None = None,
                     backward: Backward | None = None) -> NumericAgreement | None:
    """Symbolic = backprop = finite differences for one derivation; ``None`` if it yields no gradient.

    The derivation is ``catalog.get(derivation_id)`` unless passed as ``derivation`` (to avoid
    rebuilding the catalog). ``backward(net, X, Y) -> (dW, db)`` replaces ``Network.backward`` in
    the backprop comparison of network derivations (e.g. a mutant). Inputs come from
    ``numpy.random.default_rng(seed)``.
    """
    checker = CHECKERS.get(derivation_id)
    if checker is None:
        return None
    d = derivation if derivation is not None else catalog.get(derivation_id)
    tally = _Tally()
    try:
        with np.errstate(all="ignore"):  # overflow or 0/0 in a (wrong) formula shows up as a failure
            checker(d, np.random.default_rng(seed), tally, backward)
    except NumericError as error:  # a step the check needs is missing, or cannot be evaluated: a failure, said why
        tally.mismatch((SYMBOLIC, FINITE_DIFFERENCE), "derivation", f"cannot check {derivation_id!r}: {error}")
    return tally.result(derivation_id)


def check_all(ids: Iterable[str] | None = None, seed: int = 0) -> dict[str, NumericAgreement]:
    """``check_derivation`` for every checked id (or those given that have a check)."""
    found = {}
    for derivation_id in (checked_ids() if ids is None else ids):
        agreement = check_derivation(derivation_id, seed)
        if agreement is not None:
            found[derivation_id] = agreement
    return found


# ---------------------------------------------------------------- gradproof gradcheck

def gradcheck_network(layers: list[int], activation: str, loss: str, seed: int = 0, *,
                      examples: int = 5, backward: Backward | None = None) -> dict[str, GradcheckResult]:
    """Backprop of a seeded network against central differences, one result per parameter array.

    The network is ``Network(layers, activation, loss, seed)`` (the output activation follows the
    loss: mse -> identity, bce and sq -> sigmoid, cce -> softmax), with its biases moved off 0 so
    that the check is at a generic point. The batch has ``examples`` columns drawn from the same
    seed: standard normal inputs, and targets that suit the loss (reals for mse, 0/1 labels for
    bce and sq, one-hot columns for cce). Entries whose stencil crosses a ReLU kink are excluded
    (see ``check_network``). Unknown names raise NumericError.
    """
    net = Network(layers, activation, loss, seed=seed)
    rng = np.random.default_rng([seed, 1])
    for b in net.b:
        b[...] = 0.1 * rng.standard_normal(b.shape)
    n_in, n_out = net.sizes[0], net.sizes[-1]
    X = rng.standard_normal((n_in, examples))
    if loss == "cce":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, examples)]
    elif loss in ("bce", "sq"):
        Y = (rng.random((n_out, examples)) > 0.5).astype(np.float64)
    else:
        Y = rng.standard_normal((n_out, examples))
    return check_network(net, X, Y, backward=backward)
