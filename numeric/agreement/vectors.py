"""Checkers for the vector identities: elementwise operations, the Hadamard product, and sums.

Each identity is given in index notation for any n, evaluated at n = 2, 3, 5 and compared with
central differences of the NumPy operation; then every concrete-size step ``Jacobian(F, v) = J``
is checked against central differences of its own left-hand side.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from derivations.step import Derivation
from numeric.agreement.formulas import _index_jacobians, formula, indexed
from numeric.agreement.inputs import SIZES, _operand, _sample
from numeric.agreement.parameters import Backward
from numeric.agreement.results import FD_RTOL, _Tally
from numeric.agreement.steps import _chain_end, _step_with_lhs, labelled
from numeric.gradcheck import gradcheck, jacobian_check

ELEMENTWISE = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}


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


def _check_hadamard(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """d(v o w)_i/dv_j = w_i delta_ij and d/dw_j = v_i delta_ij (any n), then the concrete steps."""
    from derivations.catalog.elementwise import i, j, v, w
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
    from derivations.catalog.elementwise import i, j, n as size, v, x
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


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."
