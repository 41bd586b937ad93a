"""Checkers for the neuron and layer derivations (neuron, layer, neuron-activation): their any-n
formulas dz/dw, dz/dx, dz/db (and da/dw, da/db through a ReLU) against backprop and central
differences.

A derivative of z (or a) is not a cost gradient, so the backprop side is a one-output network whose
cost turns it into one: the mse C = 1/(2m) sum_s |a_s - y_s|^2 with targets y_s = a_s - v_s, fixed
numbers, makes dC/da_s = v_s / m. Then by the chain rule dC/dtheta = 1/m sum_s v_s^T da_s/dtheta:
the formula's vector-Jacobian product with v, averaged over the examples, which is compared with
``Network.backward`` (or a ``backward=`` stand-in such as a mutant) and with central differences of
the network's cost. v is 1 for a neuron (so the check is the mean of the formula itself) and random
for a layer. dz/dx is a bias gradient one layer down: below an identity layer, x = W^1 x^0 + b^1,
so dC/db^1 = dC/dx (backprop's BP2 and BP3).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from derivations.step import Derivation
from numeric.agreement.formulas import _or_nan, _padded, formula, indexed
from numeric.agreement.inputs import SIZES, _random_net
from numeric.agreement.parameters import Backward, _compare_network
from numeric.agreement.results import _Tally
from numeric.agreement.steps import _step_with_lhs_variable
from numeric.network import Network

Array = np.ndarray
EXAMPLES = 4
ROWS = 3  # the layer's outputs; with an input size of 3 (in SIZES) the layer is square
NEURON = ("w", "x", "b", "n", "k")  # the arguments of the neuron formulas
LAYER = ("w", "x", "n", "i", "j", "k")  # and of the layer formulas (i the output, j a row of W)


def _targets(net: Network, X: Array, V: Array) -> Array:
    """Targets Y = a^L - V, so that the mse's dC/da^L is V / m."""
    return net.forward(X)[1][-1] - V


def _vjp(fn: Callable[..., Array], shape: tuple, X: Array, V: Array, w: Array, rest: tuple) -> Array:
    """1/m sum_s sum_i V[i, s] f_i(w, x_s, *rest): the formula's VJP with V, averaged over the
    columns of X. ``rest`` ends with index arrays that broadcast to ``shape``, the output index i first.
    """
    total = np.zeros(shape[1:])
    for s in range(X.shape[1]):
        total += np.tensordot(V[:, s], _or_nan(fn, shape, w, indexed(X[:, s]), *rest), axes=1)  # NaN fails
    return total / X.shape[1]


# ---------------------------------------------------------------- neuron and neuron-activation

def _check_neuron(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None,
                  activation: str = "identity") -> None:
    """dz/dw_k and dz/db (da/dw_k and da/db through a ReLU), and for the neuron dz/dx_k, n in SIZES."""
    from derivations.catalog import neuron as family
    by_w, by_b = (formula(_step_with_lhs_variable(d, v).rhs, NEURON) for v in (family.w[family.k], family.b))
    by_x = formula(_step_with_lhs_variable(d, family.x[family.k]).rhs, NEURON) if activation == "identity" else None
    for n in SIZES:
        net = _random_net(rng, [n, 1], [activation], "mse")
        X, V = rng.standard_normal((n, EXAMPLES)), np.ones((1, EXAMPLES))
        w, ks = indexed(net.W[0][0]), np.arange(1, n + 1)
        rest = (net.b[0][0, 0], n, ks)
        at = f"n = {n} (the any-n formula), {activation} neuron, m = {EXAMPLES}"
        gradients = {"W1": _vjp(by_w, (1, n), X, V, w, rest)[None, :], "b1": _vjp(by_b, (1, 1), X, V, w, rest)[:, None]}
        _compare_network(tally, net, X, _targets(net, X, V), gradients, backward, at=at)
        tally.points += EXAMPLES
        if by_x is not None:
            _check_input_gradient(by_x, rng, tally, backward, n, 1, lambda W: indexed(W[0]), (0.0, n, ks), at)


def _check_input_gradient(fn: Callable[..., Array], rng: np.random.Generator, tally: _Tally,
                          backward: Backward | None, n: int, rows: int, weights: Callable[[Array], Array],
                          rest: tuple, at: str) -> None:
    """dz/dx as dC/db^1 of an identity layer below the neuron (rows = 1) or layer W^2."""
    net = _random_net(rng, [n, n, rows], ["identity", "identity"], "mse")
    X0, V = rng.standard_normal((n, EXAMPLES)), rng.standard_normal((rows, EXAMPLES))
    X = net.W[0] @ X0 + net.b[0]  # x = a^1, the input of the neuron
    g = _vjp(fn, (rows, n), X, V, weights(net.W[1]), rest)
    _compare_network(tally, net, X0, _targets(net, X0, V), {"b1": g[:, None]}, backward,
                     at=at.split(",")[0] + ", dz/dx as dC/db^1 one identity layer below")
    tally.points += EXAMPLES


def _check_neuron_z(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    _check_neuron(d, rng, tally, backward)


def _check_neuron_activation(d: Derivation, rng: np.random.Generator, tally: _Tally,
                             backward: Backward | None) -> None:
    _check_neuron(d, rng, tally, backward, activation="relu")


# ---------------------------------------------------------------- layer

def _check_layer(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """dz_i/dw_jk = delta_ij x_k, dz_i/db_j = delta_ij and dz_i/dx_k = w_ik, for ROWS outputs and
    n in SIZES inputs, by their VJP with a random V."""
    from derivations.catalog import neuron as family
    variables = (family.w[family.j, family.k], family.bias[family.j], family.x[family.k])
    by_w, by_b, by_x = (formula(_step_with_lhs_variable(d, v).rhs, LAYER) for v in variables)
    r = np.arange(1, ROWS + 1)
    for n in SIZES:
        net = _random_net(rng, [n, ROWS], ["identity"], "mse")
        X, V = rng.standard_normal((n, EXAMPLES)), rng.standard_normal((ROWS, EXAMPLES))
        W, c = _padded(net.W[0]), np.arange(1, n + 1)
        at = f"{ROWS} x {n} (the any-size formula), m = {EXAMPLES}"
        ijk = (n, r[:, None, None], r[None, :, None], c[None, None, :])  # i, j, k: axes 0, 1, 2
        gradients = {"W1": _vjp(by_w, (ROWS, ROWS, n), X, V, W, ijk),
                     "b1": _vjp(by_b, (ROWS, ROWS), X, V, W, (n, r[:, None], r[None, :], 1))[:, None]}
        _compare_network(tally, net, X, _targets(net, X, V), gradients, backward, at=at)
        tally.points += EXAMPLES
        _check_input_gradient(by_x, rng, tally, backward, n, ROWS, _padded, (n, r[:, None], 1, c[None, :]), at)
