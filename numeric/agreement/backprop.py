"""Checker for the four equations of backpropagation (BP1-BP4), one layer at a time and composed.

The backprop family is written with generic functions (phi, a cost C, a loss ell); here they are
given concrete instances: phi a sigmoid or tanh, C the per-example mean squared error of the
outputs, ell the squared error (ReLU has its own derivations).
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
import sympy as sp

from derivations.step import Derivation, Step
from numeric.activations import SIGMOID
from numeric.agreement.formulas import Instances, _or_nan, _padded, _plain, formula, indexed
from numeric.agreement.inputs import _random_net, _sample
from numeric.agreement.parameters import Backward, _compare_network, _gradient_steps
from numeric.agreement.results import FD_RTOL, _Tally
from numeric.agreement.steps import _step_with_lhs_variable
from numeric.gradcheck import gradcheck
from numeric.losses import MSE
from numeric.network import Network

Array = np.ndarray

PHI = {  # phi's instance in SymPy, by the Network's activation name (ReLU has its own derivations)
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
    "tanh": sp.tanh,
}


SIGMOID_PHI: Instances = {("phi", 1): PHI["sigmoid"]}  # and every other generic its own instance


@functools.lru_cache(maxsize=None)
def _mse_instances(phi: str) -> Instances:
    """phi -> the activation; a cost of k activations -> the per-example mse 1/2 sum (a_i - y_i)^2."""
    found: Instances = {("phi", 1): PHI[phi], ("ell", 2): lambda a, y: (a - y) ** 2 / 2}
    for k in range(1, 9):
        found["C", k] = lambda *a: sum((ai - sp.Symbol(f"y_{i + 1}", real=True)) ** 2 for i, ai in enumerate(a)) / 2
    return found


def _check_backprop_equations(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """BP1-BP4 composed: the whole 2-3-2 network (steps over w^l_jk, b^l_j; phi a sigmoid) and depth
    2 with symbolic widths (index notation, here 2-3-2 and 4-3-3 with phi a sigmoid, 3-4-4 with
    tanh, its square W2 letting a W-for-W^T mistake type-check), C the per-example mse, averaged
    over m examples and compared with Network.backward; and the one-layer equations against
    central differences."""
    _check_local_equations(d, rng, tally)
    m = 3
    _check_whole_network(d, rng, tally, backward, m)
    _check_any_widths(d, rng, tally, backward, m)


# ---------------------------------------------------------------- one layer

def _check_local_equations(d: Derivation, rng: np.random.Generator, tally: _Tally) -> None:
    """BP1-BP4 at one layer, C any function of the layer above: each step against central
    differences of its own left-hand side (phi a sigmoid, C the derivation's own instance), and BP1
    against backprop's BP1 (MSE.delta) with C the mse of the outputs."""
    for number, step in enumerate(d.steps, start=1):
        if step.label not in ("BP1", "BP2", "BP3", "BP4") or not isinstance(step.lhs, sp.MatrixBase):
            continue
        entries = list(step.lhs)
        if not all(isinstance(e, sp.Derivative) and e.expr == entries[0].expr for e in entries):
            continue
        variables = [e.variables[0] for e in entries]
        _check_local_step(step, number, variables, rng, tally)
        if step.label == "BP1":
            _check_bp1(step, number, variables, rng, tally)


def _check_local_step(step: Step, number: int, variables: list[Any], rng: np.random.Generator,
                      tally: _Tally) -> None:
    """The step's gradient against central differences of its left-hand side's expression."""
    instances = SIGMOID_PHI
    cost = _plain(list(step.lhs)[0].expr)
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


def _check_bp1(step: Step, number: int, variables: list[Any], rng: np.random.Generator, tally: _Tally) -> None:
    """delta^L = grad_a C o phi'(z^L), with C the mse: backprop's BP1."""
    z = _sample(rng, variables).reshape(step.lhs.shape)
    y = rng.standard_normal(step.lhs.shape)
    mse = formula(step.rhs, [str(v) for v in variables] + [f"y_{k + 1}" for k in range(len(variables))],
                  _mse_instances("sigmoid"))
    tally.exact("BP1", mse(*z.ravel(), *y.ravel()), MSE.delta(z, SIGMOID.f(z), y, SIGMOID),
                at=f"step {number}, C = mse, backprop's BP1 (MSE.delta)")
    tally.points += 1


# ---------------------------------------------------------------- composed: a network of depth 2

def _check_whole_network(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None,
                         m: int) -> None:
    """The steps over every w^l_jk and b^l_j of the 2-3-2 network, phi a sigmoid."""
    phi = "sigmoid"
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


def _check_any_widths(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None,
                      m: int) -> None:
    """dC/db^1_j and dC/dw^1_jk in index notation, at widths 2-3-2, 3-4-4 (tanh) and 4-3-3."""
    from derivations.catalog.backprop import W1, b1, j as j_, k as k_
    index_names = ("x", "y", "w^1", "b^1", "w^2", "b^2", "n_0", "n_1", "n_2", "j", "k")
    by_b = _step_with_lhs_variable(d, b1[j_])
    by_w = _step_with_lhs_variable(d, W1[j_, k_])
    compiled = {phi: [formula(s.rhs, index_names, _mse_instances(phi)) for s in (by_b, by_w)] for phi in PHI}
    for phi, widths in (("sigmoid", (2, 3, 2)), ("tanh", (3, 4, 4)), ("sigmoid", (4, 3, 3))):
        net = _random_net(rng, widths, [phi, phi], "mse")
        X, Y = rng.standard_normal((widths[0], m)), rng.standard_normal((widths[2], m))
        _compare_network(tally, net, X, Y, _index_gradients(*compiled[phi], net, X, Y, widths, m), backward,
                         at=f"widths {'-'.join(map(str, widths))} (the any-widths formulas), phi = {phi}, m = {m}")
        tally.points += m


def _index_gradients(db1: Any, dW1: Any, net: Network, X: Array, Y: Array, widths: tuple[int, ...],
                     m: int) -> dict[str, Array]:
    """The index formulas for dC/db^1 and dC/dW^1, evaluated per example and averaged over the m."""
    padded = [_padded(p) for p in (net.W[0], net.b[0][:, 0], net.W[1], net.b[1][:, 0])]
    rows, cols = np.arange(1, widths[1] + 1)[:, None], np.arange(1, widths[0] + 1)[None, :]
    gb, gW = np.zeros((widths[1], 1)), np.zeros((widths[1], widths[0]))
    for e in range(m):  # one example at a time: the index formulas are per example
        args = (indexed(X[:, e]), indexed(Y[:, e]), *padded, *widths, rows, cols)
        gb += _or_nan(db1, gb.shape, *args) / m
        gW += _or_nan(dW1, gW.shape, *args) / m
    return {"b1": gb, "W1": gW}


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
