"""Checker for softmax with the categorical cross-entropy: the Jacobian da/dz and dJ/dz = a - y.

Compared with backprop's pieces, ``softmax_jacobian`` and BP1 (``CCE.delta``), entry by entry, and
with central differences of ``softmax`` and ``cce_from_logits``: first the steps for n = 2, 3, 4,
then the formulas in index notation for any n.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from derivations.functions import Defined
from derivations.step import Derivation
from numeric.activations import SOFTMAX, softmax, softmax_jacobian
from numeric.agreement.formulas import _index_jacobians, formula, indexed
from numeric.agreement.inputs import SIZES, _probabilities
from numeric.agreement.parameters import Backward
from numeric.agreement.results import FD_RTOL, _Tally
from numeric.agreement.steps import labelled
from numeric.gradcheck import gradcheck, jacobian_check
from numeric.losses import CCE, cce_from_logits

Array = np.ndarray


def _check_softmax_cce(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """The softmax Jacobian and dJ/dz = a - y, for n = 2, 3, 4 and in index notation for any n,
    against backprop's softmax Jacobian and BP1 (CCE.delta), and central differences."""
    _check_fixed_sizes(d, rng, tally)
    _check_any_n(d, rng, tally)


def _backprop_delta(z: Array, y: Array) -> Array:
    """BP1 for one example (m = 1), shape (n, 1)."""
    return CCE.delta(z, softmax(z), y, SOFTMAX)


def _check_fixed_sizes(d: Derivation, rng: np.random.Generator, tally: _Tally) -> None:
    """Every step about an explicit vector z_1..z_n: da/dz (n x n) or dJ/dz for J = -sum y_r log a_r."""
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
            tally.exact("dJ/dz", g, _backprop_delta(z[:, None], Y), at=at + ", backprop's BP1 (CCE.delta)")
            tally.finite("dJ/dz", lambda: gradcheck(lambda u: cce_from_logits(u, Y), lambda _: g, z[:, None],
                                                     rtol=FD_RTOL), at=at)
        tally.points += 1


def _check_any_n(d: Derivation, rng: np.random.Generator, tally: _Tally) -> None:
    """da_i/dz_j, dJ/dz_j for any real y, and dJ/dz_j = a_j - y_j for sum y = 1, in index notation."""
    from derivations.catalog.softmax import j as j_, z as z_
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
        tally.exact("dJ/dz_j", g1, _backprop_delta(z[:, None], Y), at=at + ", sum y = 1, backprop's BP1 (CCE.delta)")
        tally.finite("dJ/dz_j", lambda: gradcheck(lambda u: cce_from_logits(u, Y), lambda _: g1, z[:, None],
                                                  rtol=FD_RTOL), at=at + ", sum y = 1")
        tally.points += 3


def _labels(J: sp.Expr, size: int) -> list[Any]:
    """The labels y_r of a loss J = -sum_r y_r log(a_r) written with named a_r: y_r = -a_r dJ/da_r."""
    named = {f"a_{r}": sp.Symbol(f"A_{r}") for r in range(1, size + 1)}
    plain = J.replace(lambda e: isinstance(e, Defined) and not e.args and type(e).__name__ in named,
                      lambda e: named[type(e).__name__])
    return [-a * sp.diff(plain, a) for a in named.values()]
