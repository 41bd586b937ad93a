"""Proved results as NumPy functions (``sympy.lambdify``): the bridge from ``derivations`` to ``numeric``.

Every formula is proved with :func:`derivations.prove.verify_claim` before code is generated from
it, and :class:`UnprovedFormula` is raised instead if a verdict is anything but ``proved``:

- activation derivatives: sigma' = a(1 - a), tanh' = 1 - a^2, relu' = H(z) with H(0) = 0, identity' = 1;
- each loss's dC/da for one output of one example (mse, sq, bce, cce);
- BP1: the chain rule d/dz C(f(z)) = C'(f(z)) f'(z) for elementwise outputs, the ``a - y`` collapses
  of sigmoid + bce and softmax + cce, and the softmax vector-Jacobian product otherwise;
- BP2-BP4 at the matrix level, on a small concrete layer with a generic activation and cost.

Proofs run once per process (cached); a whole architecture costs a few tenths of a second.

Code generation. A backward pass is one SymPy expression graph over ``MatrixSymbol``s of symbolic
size: z^l = W^l a^{l-1} + b^l 1^T, delta^l = (W^{l+1}T delta^{l+1}) o sigma'(..), dC/db^l = delta^l 1,
dC/dW^l = delta^l a^{l-1}T. It is lambdified once per (activations, loss), with z^l, a^l and
delta^l as the common subexpressions (backprop's own reuse), into NumPy matmuls. Entrywise
symbolic matrices are never built: one NumPy call per entry does not scale (notes/performance.md).

Numerics. ``sigma`` and ``softmax`` map to numeric.activations' stable versions; the bce and cce
gradients floor their denominators at the dtype's smallest normal, as numeric.losses does (this
only changes values outside the proved domain 0 < a < 1). Literals stay Python scalars and relu'
is the boolean ``z > 0`` (never lambdify's integer ``select``), so float32 stays float32.
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Sequence

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from numeric import activations as _act

from .errors import GradproofError
from .functions import relu, sigma
from .prove import verify_claim

Array = np.ndarray
z, y, a = sp.symbols("z y a", real=True)
t = sp.Symbol("t", positive=True)  # a = 1/(1 + t) ranges over (0, 1): the domain of bce and cce
softmax = sp.Function("softmax")  # columnwise; its definition enters the proofs written out for n = 3
PROOF_TIMEOUT = 20.0


class UnprovedFormula(GradproofError):
    """A formula whose proof did not come back ``proved``: no code is generated from it."""


class _floor_tiny(sp.Function):
    """max(x, smallest normal): equal to x wherever the formula is proved (x > 0); see module doc."""

    nargs = 1


def _unguarded(expr: sp.Expr) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, _floor_tiny), lambda e: e.args[0])


def _require(name: str, lhs: Any, rhs: Any, substitutions: tuple = ()) -> None:
    verdict = verify_claim(lhs, rhs, substitutions, timeout=PROOF_TIMEOUT)
    if not verdict.proved:
        detail = verdict.counterexample or verdict.evidence or verdict.method
        raise UnprovedFormula(f"{name}: {verdict.verdict} ({detail}); refusing to generate code from it")


# ---------------------------------------------------------------- scalar formulas, each proved

#: name -> (a = f(z), da/dz written in a or z)
_ACTIVATIONS = {
    "sigmoid": (sigma(z), a * (1 - a)),
    "tanh": (sp.tanh(z), 1 - a**2),
    "relu": (relu(z), sp.Heaviside(z, 0)),  # proved on each side of the kink; H(0) = 0 is the convention
    "identity": (z, sp.Integer(1)),
}


@functools.cache
def activation_derivative(name: str) -> sp.Expr:
    """sigma'(z) of an elementwise activation, in terms of a = sigma(z) (or z for relu), proved."""
    if name not in _ACTIVATIONS:
        raise GradproofError(f"no proved derivative for activation {name!r}; known: {sorted(_ACTIVATIONS)}")
    f, derivative = _ACTIVATIONS[name]
    _require(f"d/dz {name}(z)", sp.Derivative(f, z), derivative.subs(a, f))
    return derivative


_BCE = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
#: name -> (the cost of one output of one example, dC/da with denominators floored, domain)
_LOSSES = {
    "mse": ((a - y) ** 2 / 2, a - y, ()),
    "sq": ((a - y) ** 2, 2 * (a - y), ()),
    "bce": (_BCE, (a - y) / _floor_tiny(a * (1 - a)), ((a, 1 / (1 + t)),)),
    "cce": (-y * sp.log(a), -y / _floor_tiny(a), ((a, 1 / (1 + t)),)),
}


@functools.cache
def loss_gradient(name: str) -> sp.Expr:
    """dC/da of one output of one example (the batch mean's 1/m is applied by BP1), proved."""
    if name not in _LOSSES:
        raise GradproofError(f"no proved gradient for loss {name!r}; known: {sorted(_LOSSES)}")
    cost, gradient, domain = _LOSSES[name]
    _require(f"d/da {name}", sp.Derivative(cost, a), _unguarded(gradient), domain)
    return gradient


@functools.cache
def _prove_chain_rule() -> None:
    C, f, u = sp.Function("C"), sp.Function("f"), sp.Dummy("u")
    _require("BP1 chain rule", sp.Derivative(C(f(z), y), z),
             sp.Subs(sp.Derivative(C(u, y), u), u, f(z)) * sp.Derivative(f(z), z))


def _softmax3() -> tuple[list[sp.Symbol], list[sp.Expr]]:
    zs = list(sp.symbols("z1:4", real=True))
    total = sum(sp.exp(zk) for zk in zs)
    return zs, [sp.exp(zk) / total for zk in zs]


@functools.cache
def _prove_collapse(loss: str) -> None:
    if loss == "bce":
        _require("sigmoid + bce: dC/dz = a - y", sp.Derivative(_BCE.subs(a, sigma(z)), z), sigma(z) - y)
        return
    zs, s = _softmax3()
    ys = sp.symbols("y1:4", real=True)
    one_hot = {ys[2]: 1 - ys[0] - ys[1]}  # targets sum to 1
    cost = -sum(yk * sp.log(sk) for yk, sk in zip(ys, s))
    _require("softmax + cce: dC/dz = a - y (n = 3)", sp.Matrix([sp.Derivative(cost, zk) for zk in zs]).subs(one_hot),
             sp.Matrix([sk - yk for sk, yk in zip(s, ys)]).subs(one_hot))


@functools.cache
def _prove_softmax_vjp() -> None:
    zs, s = _softmax3()
    C, u = sp.Function("C"), sp.symbols("u1:4", real=True)
    g = [sp.Derivative(C(*u), uk).subs(dict(zip(u, s))) for uk in u]
    _require("softmax: dC/dz = s o (g - s.g) (n = 3)", sp.Matrix([sp.Derivative(C(*s), zk) for zk in zs]),
             sp.Matrix([s[k] * (g[k] - sum(gi * si for gi, si in zip(g, s))) for k in range(3)]))


# ---------------------------------------------------------------- layer formulas, at the matrix level

def layer_z(W, A, b):
    """z = W a + b 1^T: the bias column repeated over the examples."""
    return W * A + b * sp.OneMatrix(1, A.shape[1])


def bp2(W, delta, dact):
    """BP2: delta^l = (W^{l+1}T delta^{l+1}) o sigma'(z^l)."""
    return sp.HadamardProduct(W.T * delta, dact)


def bp3(delta):
    """BP3: dC/db^l = delta^l 1, the error summed over the examples (columns)."""
    return delta * sp.OneMatrix(delta.shape[1], 1)


def bp4(delta, A):
    """BP4: dC/dW^l = delta^l a^{l-1}T."""
    return delta * A.T


def _explicit(name: str, rows: int, cols: int) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}", real=True))


@functools.cache
def prove_layer_formulas() -> None:
    """BP2-BP4 for 2 units, 2 inputs, 2 examples, any elementwise activation f and any cost C.

    delta is *defined* as dC/dz (BP1 gives it for the output layer), so BP3 and BP4 are proved for a
    layer whose z feeds an arbitrary C, and BP2 for z^l feeding z^{l+1} = W f(z^l) + b 1^T.
    """
    n, m = 2, 2
    C, f = sp.Function("C"), sp.Function("f")
    W, A, b, Z = _explicit("W", n, n), _explicit("a", n, m), _explicit("b", n, 1), _explicit("z", n, m)
    xi = _explicit("xi", n, m)

    def delta_at(Zl):  # dC/dz evaluated at Zl, entrywise
        return sp.ImmutableMatrix(n, m, lambda i, j: sp.Subs(sp.Derivative(C(*xi), xi[i, j]), tuple(xi), tuple(Zl)))

    def grad(cost, P):
        return sp.ImmutableMatrix(*P.shape, lambda i, j: sp.Derivative(cost, P[i, j]))

    Zl = layer_z(W, A, b).as_explicit()
    _require("BP3 dC/db = delta 1", grad(C(*Zl), b), bp3(delta_at(Zl)).as_explicit())
    _require("BP4 dC/dW = delta a^T", grad(C(*Zl), W), bp4(delta_at(Zl), A).as_explicit())
    Znext = layer_z(W, Z.applyfunc(f), b).as_explicit()
    dact = Z.applyfunc(lambda e: sp.Derivative(f(e), e))
    _require("BP2 delta = (W^T delta') o f'(z)", grad(C(*Znext), Z), bp2(W, delta_at(Znext), dact).as_explicit())


# ---------------------------------------------------------------- printing matrix expressions

class _Printer(NumPyPrinter):
    """NumPy code for the matrix expressions above.

    A product with a ones matrix at an end is a sum: ``D 1`` (ones column) prints as
    ``D.sum(axis=1, keepdims=True)`` and ``1^T H`` as ``H.sum(axis=0, keepdims=True)``; ``b 1^T`` of a
    single column is ``b`` itself, which NumPy broadcasts over the examples inside ``W a + b``. So
    a ones matrix with more than one row (column) is only printed inside such a sum.
    """

    def _print_MatMul(self, expr):
        coeff, mats = expr.as_coeff_matrices()
        mats = list(mats)
        if isinstance(mats[-1], sp.OneMatrix) and len(mats) > 1:
            inner = sp.MatMul(*mats[:-1]) if len(mats) > 2 else mats[0]
            code = self._print(inner) if inner.shape[1] == 1 else f"({self._print(inner)}).sum(axis=1, keepdims=True)"
        elif isinstance(mats[0], sp.OneMatrix) and len(mats) > 1:
            inner = sp.MatMul(*mats[1:]) if len(mats) > 2 else mats[1]
            code = self._print(inner) if inner.shape[0] == 1 else f"({self._print(inner)}).sum(axis=0, keepdims=True)"
        else:
            code = "(" + ").dot(".join(self._print(m) for m in mats) + ")"
        if coeff == 1:
            return code
        return f"-{code}" if coeff == -1 else f"{self._print(coeff)}*{code}"

    def _print_Heaviside(self, expr):
        # H(z) with H(0) = 0 is the indicator z > 0: a boolean array, which NumPy multiplies as 0/1
        # in the other operand's dtype. Faster than heaviside() (14x here) and never int64 like select().
        if expr.args[1] != 0:
            raise UnprovedFormula(f"only the convention H(0) = 0 is generated, not {expr}")
        return f"{self._module_format('numpy.greater')}({self._print(expr.args[0])}, 0)"

    def _print_MatAdd(self, expr):
        terms = [self._print(arg) for arg in expr.args]
        return "(" + " + ".join(terms).replace("+ -", "- ") + ")"


def _lambdify(args: Sequence[Any], steps: list[tuple[Any, Any]], outputs: Any) -> Callable:
    """One Python function: the assignments ``steps`` in order, then ``outputs``."""
    names = {"sigma": _act.sigmoid, "relu": _act.relu, "softmax": _act.softmax, "_floor_tiny": _floor_tiny_numpy}
    printer = _Printer({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                        "user_functions": {name: name for name in names}})
    return sp.lambdify(list(args), outputs, modules=[names, "numpy"], printer=printer,
                       cse=lambda exprs: (steps, exprs), docstring_limit=None)


def _floor_tiny_numpy(x: Array) -> Array:
    return np.maximum(x, np.finfo(x.dtype).tiny)


# ---------------------------------------------------------------- generating a backward pass

def _elementwise(expr: sp.Expr, **arrays: sp.MatrixSymbol) -> sp.Expr:
    """A scalar formula in a, y, z applied to whole arrays (NumPy broadcasts it entrywise)."""
    names = {a: "A", y: "Y", z: "Z"}
    return expr.xreplace({s: sp.Symbol(arrays[names[s]].name) for s in expr.free_symbols if s in names})


def _output_error(loss: str, activation: str, Z, A, Y, m, delta) -> list[tuple[Any, Any]]:
    """BP1: assignments ending with ``delta`` = delta^L, shape (n_L, m), including the mean's 1/m."""
    if (loss, activation) in (("bce", "sigmoid"), ("cce", "softmax")):
        _prove_collapse(loss)
        return [(delta, _elementwise((a - y) / m, A=A, Y=Y))]
    gradient = loss_gradient(loss)
    if activation == "softmax":
        _prove_softmax_vjp()
        g = sp.MatrixSymbol("g", *Z.shape)
        ones = sp.OneMatrix(Z.shape[0], Z.shape[0])
        return [(g, _elementwise(gradient / m, A=A, Y=Y)),
                (delta, sp.HadamardProduct(A, g - ones * sp.HadamardProduct(g, A)))]
    _prove_chain_rule()
    return [(delta, _elementwise(gradient * activation_derivative(activation) / m, A=A, Y=Y, Z=Z))]


def _forward(name: str, Z: sp.MatrixSymbol) -> Any:
    return {"sigmoid": sigma, "tanh": sp.tanh, "relu": relu, "softmax": softmax}[name](Z) if name != "identity" else Z


@functools.cache
def _generate(activations: tuple[str, ...], loss: str) -> Callable:
    """f(X, Y, W1, b1, ..., WL, bL, m) -> [dW1, db1, ..., dWL, dbL], generated once per architecture."""
    for name in activations[:-1]:
        activation_derivative(name)  # prove, or refuse, before anything is generated
    prove_layer_formulas()
    L, m = len(activations), sp.Symbol("m", integer=True, positive=True)
    n = sp.symbols(f"n0:{L + 1}", integer=True, positive=True)
    X, Y = sp.MatrixSymbol("X", n[0], m), sp.MatrixSymbol("Y", n[L], m)
    W = [sp.MatrixSymbol(f"W{l}", n[l], n[l - 1]) for l in range(1, L + 1)]
    b = [sp.MatrixSymbol(f"b{l}", n[l], 1) for l in range(1, L + 1)]
    Z = [sp.MatrixSymbol(f"z{l}", n[l], m) for l in range(1, L + 1)]
    A = [X] + [sp.MatrixSymbol(f"a{l}", n[l], m) for l in range(1, L + 1)]  # A[l] is a^l, A[0] = X
    steps: list[tuple[Any, Any]] = []
    for l in range(L):  # forward
        steps += [(Z[l], layer_z(W[l], A[l], b[l])), (A[l + 1], _forward(activations[l], Z[l]))]
    delta = sp.MatrixSymbol(f"delta{L}", n[L], m)
    steps += _output_error(loss, activations[-1], Z[-1], A[-1], Y, m, delta)  # BP1
    outputs: list[Any] = []
    for l in reversed(range(L)):  # BP2 for every layer below the top; BP3, BP4 for all
        if l < L - 1:
            derivative = activation_derivative(activations[l])
            below = sp.MatrixSymbol(f"delta{l + 1}", n[l + 1], m)
            if derivative == 1:  # identity: o 1 is no operation
                steps.append((below, W[l + 1].T * delta))
            else:
                dact = sp.MatrixSymbol(f"dact{l + 1}", n[l + 1], m)
                steps += [(dact, _elementwise(derivative, A=A[l + 1], Z=Z[l])), (below, bp2(W[l + 1], delta, dact))]
            delta = below
        outputs = [bp4(delta, A[l]), bp3(delta)] + outputs
    return _lambdify([X, Y, *[p for pair in zip(W, b) for p in pair], m], steps, outputs)


def _key(net) -> tuple[tuple[str, ...], str]:
    return tuple(act.name for act in net.activations), net.loss_fn.name


def symbolic_backward(net) -> Callable[[Array, Array], tuple[list[Array], list[Array]]]:
    """A drop-in for ``net.backward``: ``f(X, Y) -> (dW, db)`` from proved, lambdified formulas.

    The returned function reads ``net.W`` and ``net.b`` at each call, so it follows in-place (or
    replaced) parameters during training; X is (n_0, m) and Y (n_L, m), examples as columns.
    """
    generated = _generate(*_key(net))
    dtype, n_in, n_out = net.dtype, net.sizes[0], net.sizes[-1]

    def symbolic(X: Array, Y: Array) -> tuple[list[Array], list[Array]]:
        X, Y = np.asarray(X, dtype=dtype), np.asarray(Y, dtype=dtype)
        if X.ndim != 2 or X.shape[0] != n_in or Y.shape != (n_out, X.shape[1]):
            raise _act.NumericError(f"expected X ({n_in}, m) and Y ({n_out}, m), got {X.shape} and {Y.shape}")
        grads = generated(X, Y, *[p for pair in zip(net.W, net.b) for p in pair], X.shape[1])
        return grads[0::2], grads[1::2]

    return symbolic


def generated_code(net) -> str:
    """The Python source generated for ``net``'s architecture, for reading."""
    return inspect.getsource(_generate(*_key(net)))


def activation_prime(name: str) -> Callable[[Array], Array]:
    """sigma'(z) as a NumPy function of z, from the proved formula (a is computed by numeric)."""
    A, Z = sp.Symbol("a"), sp.Symbol("z")
    f = _lambdify([A, Z], [], _elementwise(activation_derivative(name), A=A, Z=Z))
    forward = _act.ACTIVATIONS[name].f

    def prime(zv: Array) -> Array:
        zv = _act.as_float(zv)
        return np.broadcast_to(f(forward(zv), zv), zv.shape).astype(zv.dtype)

    return prime


def output_error(loss: str, activation: str) -> Callable[[Array, Array, Array], Array]:
    """BP1 as a NumPy function ``delta(z, a, y)`` like ``Loss.delta`` (1/m included), proved."""
    n, k = sp.symbols("n k", integer=True, positive=True)
    Z, A, Y, delta = (sp.MatrixSymbol(name, n, k) for name in ("z", "a", "y", "delta"))
    m = sp.Symbol("m", integer=True, positive=True)
    f = _lambdify([Z, A, Y, m], _output_error(loss, activation, Z, A, Y, m, delta), delta)
    return lambda zv, av, yv: f(zv, av, yv, av.shape[1] if np.ndim(av) == 2 else 1)
