"""Checkers for the network derivations: the MSE neuron and the two-layer network of 002; and
``gradcheck_network``, the library side of ``gradproof gradcheck``.

Each symbolic gradient is compared with the network's backprop (``Network.backward``, or a
``backward=`` stand-in such as a mutant) entry by entry, and with central differences of its cost.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import sympy as sp

from derivations.step import Derivation
from numeric.agreement.formulas import formula, indexed
from numeric.agreement.inputs import POINTS, SIZES, _random_net
from numeric.agreement.parameters import Backward, _compare_network, _gradient_steps
from numeric.agreement.results import _Tally
from numeric.agreement.steps import _step_with_lhs, last_step
from numeric.gradcheck import GradcheckResult, check_network
from numeric.network import Network

Array = np.ndarray


# ---------------------------------------------------------------- the MSE neuron

def _check_mse(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None, *,
               bias: bool) -> None:
    """A ReLU neuron with C = 1/(2m) sum (y - a)^2: the per-example share of dC/dw_j (or dC/db) for
    any n, summed over m examples, and the worked pair x_1 = (1, 2), x_2 = (3, -1)."""
    from derivations.catalog.costs import C_one, b as b_, j as j_, w as w_
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
    _check_worked_pair(d, rng, tally, backward)


def _check_worked_pair(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """The derivation's conclusion for the worked pair x_1 = (1, 2), x_2 = (3, -1), at random w, b, y."""
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


# ---------------------------------------------------------------- the two-layer network of 002

def _check_two_layer(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """002's network, ReLU hidden, sigmoid output, C = (A2 - Y)^2 ('sq'): the scalar chains on a
    1-1-1 network and the matrix form on a 3-2-1 network, per example, averaged over m examples."""
    m = 5
    _check_scalar_chains(d, rng, tally, backward, m)
    _check_matrix_form(d, rng, tally, backward, m)


def _check_scalar_chains(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None,
                         m: int) -> None:
    scalar = {"W_1": ("W1", (0, 0)), "B_1": ("b1", (0, 0)), "W_2": ("W2", (0, 0)), "B_2": ("b2", (0, 0))}
    steps = [s for s in d.steps if isinstance(s.lhs, sp.Derivative) and s.lhs.variables[0].name in scalar
             and str(s.lhs.expr) == "C"]  # dC/dW2, not the local dZ2/dW2
    # 002's chains, then their collapse into delta: each states every gradient once; each is checked
    rounds: dict[int, list] = {}  # round r: the (r + 1)-th step about each parameter
    for k, step in enumerate(steps):
        rounds.setdefault(sum(t.lhs.variables == step.lhs.variables for t in steps[:k]), []).append(step)
    for r, group in sorted(rounds.items()):
        chains = _gradient_steps(group, ("X", "Y", *scalar), scalar.__getitem__,
                                 {n: (1, 1) for n in ("W1", "b1", "W2", "b2")}, lambda v: v.mean(axis=-1))
        for _ in range(2):
            net = _random_net(rng, [1, 1, 1], ["relu", "sigmoid"], "sq")
            X, Y = rng.standard_normal((1, m)), (rng.random((1, m)) > 0.5).astype(np.float64)
            g = chains({"X": X[0], "Y": Y[0], "W_1": net.W[0][0, 0], "B_1": net.b[0][0, 0],
                        "W_2": net.W[1][0, 0], "B_2": net.b[1][0, 0]})
            _compare_network(tally, net, X, Y, g, backward, at=f"1-1-1 (the scalar chains{', collapsed' * r}), m = {m}")
            tally.points += m


def _check_matrix_form(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None,
                       m: int) -> None:
    shape_net = Network([3, 2, 1], ["relu", "sigmoid"], "sq")
    names = list(_two_layer_values(shape_net, np.zeros((3, 1)), np.zeros((1, 1))))
    shapes = {name: p.shape for name, p in shape_net.named_params().items()}
    matrix_form = _gradient_steps([s for s in d.steps if isinstance(s.lhs, sp.MatrixBase)], names,
                                  _two_layer_parameter, shapes, lambda v: v.mean(axis=-1))
    for _ in range(2):
        net = _random_net(rng, [3, 2, 1], ["relu", "sigmoid"], "sq")
        X, Y = rng.standard_normal((3, m)), (rng.random((1, m)) > 0.5).astype(np.float64)
        g = matrix_form(_two_layer_values(net, X, Y))
        _compare_network(tally, net, X, Y, g, backward, at=f"3-2-1 (the matrix form), m = {m}")
        tally.points += m


def _two_layer_parameter(name: str) -> tuple[str, tuple]:
    """w^2_11 -> W2[0, 0], b^1_2 -> b1[1, 0]."""
    kind, rest = name.split("^")
    layer, index = rest.split("_")
    return (f"W{layer}", (int(index[0]) - 1, int(index[1]) - 1)) if kind == "w" else (f"b{layer}", (int(index) - 1, 0))


def _two_layer_values(net: Network, X: Array, Y: Array) -> dict[str, Any]:
    """Every symbol of the 3-2-1 network by the derivation's names: x_k, y, w^l_jk, b^l_j."""
    values: dict[str, Any] = {f"x_{k + 1}": X[k] for k in range(X.shape[0])}
    values["y"] = Y[0]
    for name, p in net.named_params().items():
        for index in np.ndindex(p.shape):
            label = f"w^{name[1]}_{index[0] + 1}{index[1] + 1}" if name[0] == "W" else f"b^{name[1]}_{index[0] + 1}"
            values[label] = p[index]
    return values


# ---------------------------------------------------------------- gradproof gradcheck

def gradcheck_network(layers: list[int], activation: str, loss: str, seed: int = 0, *,
                      examples: int = 5, backward: Backward | None = None,
                      progress: Callable[[int, int], None] | None = None) -> dict[str, GradcheckResult]:
    """Backprop of a seeded network against central differences, one result per parameter array.

    The network is ``Network(layers, activation, loss, seed)`` (the output activation follows the
    loss: mse -> identity, bce and sq -> sigmoid, cce -> softmax), with its biases moved off 0 so
    that the check is at a generic point. The batch has ``examples`` columns drawn from the same
    seed: standard normal inputs, and targets that suit the loss (reals for mse, 0/1 labels for
    bce and sq, one-hot columns for cce). Entries whose stencil crosses a ReLU kink are excluded
    (see ``check_network``). Unknown names raise NumericError. ``progress(done, total)`` counts
    the entries differenced.
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
    return check_network(net, X, Y, backward=backward, progress=progress)
