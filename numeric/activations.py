"""Activation functions, each kept beside its derivative (micrograd style).

An :class:`Activation` carries ``f(z)`` and ``df(z)``, the derivative written as a function of the
pre-activation ``z`` (not of ``a``), so the backward pass reads ``act.df(z[l])`` as in BP2.
Arrays hold one example per column; every function here is elementwise except softmax, which
normalises each column.

Every function keeps a floating input's dtype (float32 stays float32) and turns booleans and
integers into float64, so ``relu(np.array([True]))`` is ``1.0``, not ``True``.

Numerical choices, and why:
- sigmoid and tanh go through ``e = exp(-|z|)``, which is at most 1, so nothing overflows for any
  finite ``z``; their derivatives use the same ``e`` instead of ``s * (1 - s)``, which would round
  to exactly 0 once ``s`` rounds to 1 and lose the tiny true slope of a saturated unit.
- ``exp`` of a very negative number underflows to 0, which is the correctly rounded answer, so the
  underflow flag is silenced locally; callers running under ``np.errstate(all="raise")`` see no
  error from a saturated unit.
- softmax subtracts each column's maximum before ``exp``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


class NumericError(ValueError):
    """Bad input to the numeric package (unknown name, wrong shape); the CLI reports it in one line.

    It lives in this leaf module so every module of the package can raise it without import cycles.
    """


def as_float(z: object) -> Array:
    """``z`` as an array of its own float dtype, or float64 if it is boolean/integer/object."""
    z = np.asarray(z)
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(np.float64)


def _default_vjp(df: Callable[[Array], Array]) -> Callable[[Array, Array], Array]:
    """For an elementwise activation, dC/dz = dC/da * sigma'(z) (a Hadamard product)."""
    return lambda z, g: as_float(g) * df(z)


@dataclass(frozen=True)
class Activation:
    """An activation ``a = f(z)`` with its derivative ``df(z) = da/dz``.

    ``vjp(z, g)`` maps dC/da to dC/dz. For the elementwise activations it is ``g * df(z)``;
    softmax is the one activation whose Jacobian is not diagonal, so it needs its own.
    """

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    elementwise: bool = True
    vjp_fn: Callable[[Array, Array], Array] | None = None

    def vjp(self, z: Array, g: Array) -> Array:
        """dC/dz given ``g`` = dC/da, both shaped like ``z``."""
        return (self.vjp_fn or _default_vjp(self.df))(z, g)


# --- ReLU: max(0, z); the derivative at the kink z = 0 is taken as 0, like (z > 0) ---
def relu(z: Array) -> Array:
    z = as_float(z)
    return np.maximum(z, z.dtype.type(0))


def relu_prime(z: Array) -> Array:
    z = as_float(z)
    return (z > 0).astype(z.dtype)


# --- sigmoid: 1 / (1 + exp(-z)), split by sign so exp never sees a large positive argument ---
def _exp_minus_abs(z: Array) -> Array:
    with np.errstate(under="ignore"):
        return np.exp(-np.abs(z))


def sigmoid(z: Array) -> Array:
    z = as_float(z)
    e = _exp_minus_abs(z)  # e in (0, 1]
    with np.errstate(under="ignore"):
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)


def sigmoid_prime(z: Array) -> Array:
    # sigma(z)(1 - sigma(z)) = e / (1 + e)^2 with e = exp(-|z|): exact even where sigma rounds to 1
    z = as_float(z)
    e = _exp_minus_abs(z)
    with np.errstate(under="ignore"):
        return (e / (1 + e) ** 2).astype(z.dtype, copy=False)


# --- tanh: NumPy's is already stable; its slope 1 - tanh^2 = 4e / (1 + e)^2, e = exp(-2|z|) ---
def tanh(z: Array) -> Array:
    return np.tanh(as_float(z))


def tanh_prime(z: Array) -> Array:
    z = as_float(z)
    e = _exp_minus_abs(2 * z)
    with np.errstate(under="ignore"):
        return (4 * e / (1 + e) ** 2).astype(z.dtype, copy=False)


# --- identity: a = z (a copy, so callers may modify the result); slope 1 ---
def identity(z: Array) -> Array:
    return as_float(z).copy()


def identity_prime(z: Array) -> Array:
    return np.ones_like(as_float(z))


# --- softmax over each column (examples are columns); the column max is subtracted first ---
def softmax(z: Array) -> Array:
    z = as_float(z)
    with np.errstate(under="ignore"):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)


def softmax_jacobian(z: Array) -> Array:
    """One Jacobian per column: shape (m, n, n), entry [k, i, j] = ds_i/dz_j = s_i (d_ij - s_j)."""
    s = softmax(z).T  # (m, n)
    return s[:, :, None] * (np.eye(s.shape[1], dtype=s.dtype) - s[:, None, :])


def softmax_vjp(z: Array, g: Array) -> Array:
    """dC/dz = s * (g - sum_i g_i s_i) per column, without forming the n x n Jacobian."""
    s = softmax(z)
    g = as_float(g)
    return s * (g - (g * s).sum(axis=0, keepdims=True))


RELU = Activation("relu", relu, relu_prime)
SIGMOID = Activation("sigmoid", sigmoid, sigmoid_prime)
TANH = Activation("tanh", tanh, tanh_prime)
IDENTITY = Activation("identity", identity, identity_prime)
SOFTMAX = Activation("softmax", softmax, softmax_jacobian, elementwise=False, vjp_fn=softmax_vjp)

#: The elementwise activations, usable in any layer.
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (RELU, SIGMOID, TANH, IDENTITY)}
#: Activations allowed in the output layer: the elementwise ones plus softmax.
OUTPUT_ACTIVATIONS: dict[str, Activation] = {**ACTIVATIONS, SOFTMAX.name: SOFTMAX}


def get_activation(name: str, *, output: bool = False) -> Activation:
    """Look an activation up by name; softmax is only allowed where ``output`` is true."""
    table = OUTPUT_ACTIVATIONS if output else ACTIVATIONS
    if name not in table:
        where = "an output" if output else "a hidden"
        raise NumericError(f"unknown activation {name!r} for {where} layer; choose one of {sorted(table)}")
    return table[name]
