"""Deliberately wrong backward passes, for showing that ``check_network`` rejects them.

Each mutant is ``backprop`` with exactly one of the four equations replaced, so a reader can
diff it against the correct line. All have the signature of ``check_network``'s ``backward``
argument, ``(net, X, Y) -> (dW, db)``, and return arrays of the right shapes: a gradient checker
is needed precisely because shape checks cannot see these mistakes.

Several classic slips (W instead of W^T, a delta from the wrong layer) only type-check when the
layers involved have equal widths; those mutants make the mistake where the shapes allow it and
are exercised on networks with a square hidden pair such as (3, 4, 4, 2).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from numeric.network import Network

Array = np.ndarray
Backward = Callable[[Network, Array, Array], tuple[list[Array], list[Array]]]


# --- the correct equations, one function each; a mutant swaps exactly one of them ---
def bp1(net: Network, z: list[Array], a: list[Array], Y: Array) -> Array:
    return net.loss_fn.delta(z[-1], a[-1], Y, net.activations[-1])


def bp2(net: Network, i: int, delta: Array, z: list[Array], a: list[Array]) -> Array:
    return (net.W[i + 1].T @ delta) * net.activations[i].df(z[i])


def bp3(delta: Array, delta_above: Array | None) -> Array:
    return delta.sum(axis=1, keepdims=True)


def bp4(delta: Array, delta_above: Array | None, a_prev: Array) -> Array:
    return delta @ a_prev.T


def backprop(net: Network, X: Array, Y: Array, *, BP1: Callable = bp1, BP2: Callable = bp2,
             BP3: Callable = bp3, BP4: Callable = bp4) -> tuple[list[Array], list[Array]]:
    """Backprop with replaceable equations; with the defaults it equals ``Network.backward``.

    ``delta_above`` is the error of the layer above (None at the output), passed so that a mutant
    can use the wrong layer's delta.
    """
    z, a = net.forward(X)
    Y = np.asarray(Y, dtype=net.dtype)
    dW, db = [np.empty(0)] * net.L, [np.empty(0)] * net.L
    delta, above = BP1(net, z, a, Y), None  # BP1
    for i in reversed(range(net.L)):
        if i < net.L - 1:
            above, delta = delta, BP2(net, i, delta, z, a)  # BP2
        db[i] = BP3(delta, above)  # BP3
        dW[i] = BP4(delta, above, a[i])  # BP4
    return dW, db


# --- the mutants: each replaces one line ---
def _bp1_without_mean(net, z, a, Y):
    return bp1(net, z, a, Y) * Y.shape[1]  # the 1/m of the mean cost dropped


def _bp1_sign_flipped(net, z, a, Y):
    return -bp1(net, z, a, Y)  # the output error written y - a instead of a - y


def _bp2_without_sigma_prime(net, i, delta, z, a):
    return net.W[i + 1].T @ delta  # the Hadamard factor sigma'(z^l) dropped


def _bp2_sigma_prime_of_a(net, i, delta, z, a):
    # sigma' evaluated at a^l instead of z^l; equivalent for ReLU, since (relu(z) > 0) = (z > 0)
    return (net.W[i + 1].T @ delta) * net.activations[i].df(a[i + 1])


def _bp2_W_not_transposed(net, i, delta, z, a):
    W = net.W[i + 1]
    back = W @ delta if W.shape[0] == W.shape[1] else W.T @ delta  # W for W^T where it fits
    return back * net.activations[i].df(z[i])


def _fits(delta: Array, above: Array | None) -> bool:
    return above is not None and above.shape == delta.shape


def _bp3_wrong_layer(delta, above):
    return (above if _fits(delta, above) else delta).sum(axis=1, keepdims=True)


def _bp4_wrong_layer(delta, above, a_prev):
    return (above if _fits(delta, above) else delta) @ a_prev.T


def _bp3_first_example(delta, above):
    return delta[:, :1]  # the sum over examples forgotten: only the first column kept


def _bp3_mean(delta, above):
    return delta.mean(axis=1, keepdims=True)  # mean over examples, on top of BP1's 1/m


@dataclass(frozen=True)
class Mutant:
    """A named wrong backward pass and the equation it breaks."""

    name: str
    equation: str
    description: str
    backward: Backward


def _mutant(name: str, equation: str, description: str, **replace) -> Mutant:
    return Mutant(name, equation, description, lambda net, X, Y: backprop(net, X, Y, **replace))


MUTANTS: dict[str, Mutant] = {m.name: m for m in (
    _mutant("no_sigma_prime", "BP2", "sigma'(z^l) dropped from the hidden error", BP2=_bp2_without_sigma_prime),
    _mutant("sigma_prime_of_a", "BP2", "sigma' evaluated at a^l instead of z^l", BP2=_bp2_sigma_prime_of_a),
    _mutant("W_not_transposed", "BP2", "W^{l+1} used instead of its transpose", BP2=_bp2_W_not_transposed),
    _mutant("no_mean", "BP1", "the 1/m of the mean cost dropped", BP1=_bp1_without_mean),
    _mutant("sign_flipped", "BP1", "output error y - a instead of a - y", BP1=_bp1_sign_flipped),
    _mutant("delta_wrong_layer", "BP3/BP4", "the layer above's delta used for dW^l and db^l",
            BP3=_bp3_wrong_layer, BP4=_bp4_wrong_layer),
    _mutant("bias_first_example", "BP3", "db^l from the first example only, not summed",
            BP3=_bp3_first_example),
    _mutant("bias_mean", "BP3", "db^l averaged over examples, so divided by m twice", BP3=_bp3_mean),
)}
