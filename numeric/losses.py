"""Costs of a batch, each owning its output error delta^L = dC/dz^L (BP1), as in Nielsen's network2.

Shapes: ``a``, ``y`` and ``z`` are (n_L, m), one example per column. Every cost is a *mean over the
m examples*, so the factor 1/m lives here, in BP1's delta, and nowhere else in the backward pass.

- ``mse``: C = 1/(2m) sum_j sum_k (y_jk - a_jk)^2, the half-squared error of the notes (001);
  dC/da = (a - y) / m.
- ``sq``: C = 1/m sum_k sum_j (a_jk - y_jk)^2, the notes' (002) ``C = (A_2 - Y)^2`` averaged over the
  examples and summed over the outputs, without the 1/2; dC/da = 2 (a - y) / m, the notes'
  ``(2A_2 - 2Y)``. It is exactly twice ``mse``.
- ``bce``: C = -1/m sum (y log a + (1 - y) log(1 - a)), for sigmoid outputs (notes 004).
- ``cce``: C = -1/m sum y log a, for softmax outputs with one-hot (or probability) columns ``y``.

For sigmoid + bce and softmax + cce, sigma'(z) cancels the cost's denominator and
delta^L = (a - y) / m; those pairs also compute their cost from the logits z (``bce_from_logits``,
``cce_from_logits``), which stays finite and accurate where a has rounded to exactly 0 or 1.
Any other pair uses the general BP1, delta^L = grad_a C (Hadamard) sigma'(z^L).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from numeric.activations import Activation, NumericError, as_float

Array = np.ndarray


def _m(a: Array) -> int:
    """The number of examples: columns of a 2-D batch, or 1 for a single vector."""
    return a.shape[1] if a.ndim == 2 else 1


def _log_clipped(p: Array) -> Array:
    """log p with p raised to the smallest normal float first, so log 0 is about -708, not -inf."""
    return np.log(np.maximum(p, np.finfo(p.dtype).tiny))


# --- mse: 1/(2m) sum (y - a)^2 ---
def mse(a: Array, y: Array) -> float:
    a, y = as_float(a), as_float(y)
    return float(np.sum((y - a) ** 2) / (2 * _m(a)))


def mse_grad(a: Array, y: Array) -> Array:
    a = as_float(a)
    return (a - y) / _m(a)


# --- sq: 1/m sum (a - y)^2, the notes' (A_2 - Y)^2 ---
def sq(a: Array, y: Array) -> float:
    a, y = as_float(a), as_float(y)
    return float(np.sum((a - y) ** 2) / _m(a))


def sq_grad(a: Array, y: Array) -> Array:
    a = as_float(a)
    return 2 * (a - y) / _m(a)


# --- bce: -1/m sum (y log a + (1 - y) log(1 - a)); a is clipped so a = 0 or 1 stays finite ---
def bce(a: Array, y: Array) -> float:
    a, y = as_float(a), as_float(y)
    return float(-np.sum(y * _log_clipped(a) + (1 - y) * _log_clipped(1 - a)) / _m(a))


def bce_grad(a: Array, y: Array) -> Array:
    a = as_float(a)
    tiny = np.finfo(a.dtype).tiny
    return (a - y) / np.maximum(a * (1 - a), tiny) / _m(a)


def bce_from_logits(z: Array, y: Array) -> float:
    """bce of a = sigmoid(z), as 1/m sum (max(z, 0) - z y + log(1 + exp(-|z|))): no exp overflow."""
    z, y = as_float(z), as_float(y)
    with np.errstate(under="ignore"):
        terms = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(np.sum(terms) / _m(z))


# --- cce: -1/m sum y log a, for softmax outputs ---
def cce(a: Array, y: Array) -> float:
    a, y = as_float(a), as_float(y)
    return float(-np.sum(y * _log_clipped(a)) / _m(a))


def cce_grad(a: Array, y: Array) -> Array:
    a = as_float(a)
    return -y / np.maximum(a, np.finfo(a.dtype).tiny) / _m(a)


def log_softmax(z: Array) -> Array:
    """log softmax(z) per column, as z - max - log(sum exp(z - max)): finite for any finite z."""
    z = as_float(z)
    shifted = z - z.max(axis=0, keepdims=True)
    with np.errstate(under="ignore"):
        return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def cce_from_logits(z: Array, y: Array) -> float:
    """cce of a = softmax(z), through log_softmax so no probability is ever rounded to 0."""
    z, y = as_float(z), as_float(y)
    return float(-np.sum(y * log_softmax(z)) / _m(z))


@dataclass(frozen=True)
class Loss:
    """A batch cost C(a, y), its gradient dC/da, and the output error delta^L it owns.

    ``collapses_with`` names the output activation for which delta^L simplifies to (a - y)/m;
    ``from_logits`` computes the cost from z^L for that pairing.
    """

    name: str
    value: Callable[[Array, Array], float]
    grad_a: Callable[[Array, Array], Array]
    collapses_with: str | None = None
    from_logits: Callable[[Array, Array], float] | None = None

    def _collapses(self, activation: Activation) -> bool:
        return self.collapses_with is not None and activation.name == self.collapses_with

    def delta(self, z: Array, a: Array, y: Array, activation: Activation) -> Array:
        """BP1: delta^L = dC/dz^L for the batch, shape (n_L, m), including the 1/m of the mean."""
        if self._collapses(activation):
            return (as_float(a) - y) / _m(a)
        return activation.vjp(z, self.grad_a(a, y))

    def cost(self, z: Array, a: Array, y: Array, activation: Activation) -> float:
        """The batch cost, from the logits when this cost and ``activation`` make the stable pair."""
        if self._collapses(activation) and self.from_logits is not None:
            return self.from_logits(z, y)
        return self.value(a, y)


MSE = Loss("mse", mse, mse_grad)
SQ = Loss("sq", sq, sq_grad)
BCE = Loss("bce", bce, bce_grad, collapses_with="sigmoid", from_logits=bce_from_logits)
CCE = Loss("cce", cce, cce_grad, collapses_with="softmax", from_logits=cce_from_logits)

LOSSES: dict[str, Loss] = {loss.name: loss for loss in (MSE, SQ, BCE, CCE)}

#: The output activation a network gets when only the hidden activation is named.
DEFAULT_OUTPUT: dict[str, str] = {"mse": "identity", "sq": "sigmoid", "bce": "sigmoid", "cce": "softmax"}


def get_loss(name: str) -> Loss:
    """Look a loss up by name, with a message listing the choices."""
    if name not in LOSSES:
        raise NumericError(f"unknown loss {name!r}; choose one of {sorted(LOSSES)}")
    return LOSSES[name]
