"""Checkers for the calculus derivations: gradient, Jacobian, the chain rules, sigma', and bce-sigmoid.

Each formula is evaluated at ``POINTS`` random points (or several sizes) and compared with central
differences of a forward function written in NumPy; sigma' also with BP2's ``SIGMOID.df``, and
bce-sigmoid with a one-layer sigmoid network's backprop.
"""
from __future__ import annotations

import numpy as np

from derivations.step import Derivation
from numeric.activations import SIGMOID, sigmoid
from numeric.agreement.formulas import formula, indexed
from numeric.agreement.inputs import POINTS
from numeric.agreement.parameters import Backward, _compare_network
from numeric.agreement.results import FD_RTOL, _Tally
from numeric.agreement.steps import labelled, last_step
from numeric.gradcheck import gradcheck, jacobian_check
from numeric.network import Network

Array = np.ndarray


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


def _pt(v: Array) -> str:
    return "(" + ", ".join(f"{float(t):.4g}" for t in np.ravel(v)) + ")"
