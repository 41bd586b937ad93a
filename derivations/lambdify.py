"""Proved results as NumPy functions (``sympy.lambdify``): the bridge from ``derivations`` to ``numeric``.

Every emitted formula is proved with :func:`derivations.prove.verify_claim` before code is
generated from it, and :class:`UnprovedFormula` is raised instead if a verdict is anything but
``proved``:

- scalar pieces: activation derivatives (sigma' = a(1 - a), tanh' = 1 - a^2, relu' = H(z) with
  H(0) = 0, identity' = 1) and each loss's dC/da for one output of one example (mse, sq, bce, cce);
- BP1-BP4 for symbolic widths n_0, n_1, n_2 and a symbolic batch m, in index notation (IndexedBase,
  Sum, KroneckerDelta, 0-based like SymPy's matrix entries): the proof's right-hand side is entry
  [j, k] of the very matrix expression that is emitted (``bp2``, ``bp3``, ``bp4``, ``softmax_vjp``,
  the a - y collapses). BP1 is the derivative of the batch mean cost; BP2-BP4 the chain-rule sum
  over the entries of z with delta = dC/dz. Generic pieces (a loss ell with its named d_1 ell, an
  activation phi with its named phi') are then replaced by the proved scalar formulas
  (``_instance``); the collapses prove that instance equal to (a - y)/m, and softmax + cce proves
  (a sum_q y_q - y)/m for any y, then a - y with each target column summing to 1 (substituted).

Proofs run once per process (cached); all of them take a few seconds. Depth is not a symbol: a
network of any depth is the layer equations applied layer by layer.

Code generation. A backward pass is one SymPy expression graph over ``MatrixSymbol``s of symbolic
size: z^l = W^l a^{l-1} + b^l 1^T, delta^l = (W^{l+1}T delta^{l+1}) o sigma'(..), dC/db^l = delta^l 1,
dC/dW^l = delta^l a^{l-1}T. It is lambdified once per (activations, loss), with z^l, a^l and
delta^l as the common subexpressions (backprop's own reuse), into NumPy matmuls (``.dot``); a bias
sum or a Hadamard product with a matmul is written into the matmul's own new array (``add_into``,
``multiply_into``), one large temporary fewer per layer and step. Entrywise
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
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.numpy import NumPyPrinter

from numeric import activations as _act

from .catalog.generic import generic, phi
from .errors import GradproofError
from .functions import relu, sigma
from .prove import verify_claim

Array = np.ndarray
z, y, a = sp.symbols("z y a", real=True)
t = sp.Symbol("t", positive=True)  # a = 1/(1 + t) ranges over (0, 1): the domain of bce and cce
softmax = sp.Function("softmax")  # columnwise, as emitted; the proofs write it out entrywise (_softmax)
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


def softmax_vjp(A, g):
    """BP1 through a softmax output: delta = a o (g - 1 1^T (g o a)), g = dC/da (columns)."""
    return sp.HadamardProduct(A, g - sp.OneMatrix(A.shape[0], A.shape[0]) * sp.HadamardProduct(g, A))


# ---------------------------------------------------------------- the emitted equations, for symbolic sizes

# Index notation for an entry of the emitted matrix expressions. SymPy writes the entries of a
# MatrixSymbol product as sums from 0 to n - 1, so every index here is 0-based too: 0 <= i <= n - 1
# is the reparametrisation n = i + 1 + d_n, i = e_i with d_n, e_i nonnegative integers.
n0, n1, n2, m = sp.symbols("n_0 n_1 n_2 m", integer=True, positive=True)
i, j, k, s_, t_, p_, q_ = sp.symbols("i j k s t p q", integer=True)
_u1, _u2 = sp.symbols("u_1 u_2", real=True)
phi_prime = phi.partial(1)
#: a generic loss of one output of one example, ell(a, y), with its named partial d_1 ell
ell = generic("ell", 2, sp.Lambda((_u1, _u2), (_u1 - _u2) ** 2 + _u1**3 / 7), "ℓ", r"\ell")
ell_1 = ell.partial(1)


def _within(index: sp.Symbol, size: sp.Symbol) -> tuple:
    """0 <= index <= size - 1 as substitutions (see above)."""
    gap, at = (sp.Symbol(f"{c}_{index}_{size}", integer=True, nonnegative=True) for c in "de")
    return (size, index + 1 + gap), (index, at)


def _indexed(name: str) -> sp.IndexedBase:
    return sp.IndexedBase(name, real=True)


def _entry(expr: Any, row: Any, col: Any, **arrays: Any) -> sp.Expr:
    """Entry [row, col] of an emitted expression, in index notation: a matrix expression's entry
    (products become sums), with every MatrixSymbol entry X[r, c] an Indexed X[r, c]; a scalar
    formula applied entrywise (``_elementwise``) reads its array symbols at [row, col]. ``arrays``
    replaces named entries by what they stand for (dact -> phi'(z), a -> softmax(z), ...)."""
    if isinstance(expr, sp.MatrixExpr):
        expr = expr[row, col].replace(lambda e: isinstance(e, MatrixElement),
                                      lambda e: _indexed(e.parent.name)[e.i, e.j])
    else:
        expr = expr.xreplace({s: _indexed(s.name)[row, col] for s in expr.free_symbols if s != m})
    return expr.xreplace({_indexed(name)[row, col]: value for name, value in arrays.items()})


def _evaluated(expr: sp.Expr, substitutions: tuple) -> sp.Expr:
    """Derivatives and sums evaluated by SymPy (``doit``) inside the index ranges, until nothing
    changes: a derivative of nested sums leaves Kronecker deltas in sums that one ``doit`` does not
    revisit. Evaluation only; the prover then has to show the result equal to the emitted formula."""
    for old, new in substitutions:
        expr = expr.subs(old, new)
    for _ in range(4):
        done = expr.doit()
        if done == expr:
            break
        expr = done
    return expr


def _require_entry(name: str, lhs: sp.Expr, rhs: sp.Expr, substitutions: tuple) -> None:
    _require(name, _evaluated(lhs, substitutions), rhs, substitutions)


def _contraction(z_above, delta, wrt, pinned) -> sp.Expr:
    """sum_i sum_s delta[i, s] dz[i, s]/d(wrt): the chain rule with delta = dC/dz of the layer
    above (delta is defined so), over all n_2 x m entries of z; ``z_above(i, s)`` gives z[i, s].

    ``pinned`` (i or s) is the index that dz[i, s]/d(wrt) pins with a Kronecker delta (i for a
    parameter of row j, s for an entry of column t below); its sum is innermost, the only place
    where ``doit`` sums a delta out.
    """
    limits = {i: (i, 0, n2 - 1), s_: (s_, 0, m - 1)}
    other = s_ if pinned == i else i
    return sp.Sum(sp.Sum(delta[i, s_] * sp.Derivative(z_above(i, s_), wrt), limits[pinned]), limits[other])


@functools.cache
def prove_layer_formulas() -> None:
    """BP2-BP4 as emitted (``bp2``, ``bp3``, ``bp4`` on MatrixSymbols), for symbolic widths and batch.

    delta is *defined* as dC/dz, so by the chain rule over the entries of z the gradient of C with
    respect to a parameter (or to z below) is sum_i sum_s delta[i, s] dz[i, s]/d(parameter). Each
    equation is proved as that sum, evaluated by SymPy, equal to entry [j, k] of the emitted matrix
    expression, with n_0, n_1, n_2 and m symbols: z[i, s] = sum_p W[i, p] a[p, s] + b[i] (BP3, BP4)
    and z[i, s] = sum_p W[i, p] phi(z'[p, s]) + b[i] for a generic phi with a named phi' (BP2).
    """
    W, A, b, delta, Z = (_indexed(c) for c in ("W", "a", "b", "delta", "z"))
    Wm, Am = sp.MatrixSymbol("W", n2, n1), sp.MatrixSymbol("a", n1, m)
    deltam, dact = sp.MatrixSymbol("delta", n2, m), sp.MatrixSymbol("dact", n1, m)
    linear = lambda r, c: sp.Sum(W[r, p_] * A[p_, c], (p_, 0, n1 - 1)) + b[r]
    hidden = lambda r, c: sp.Sum(W[r, p_] * phi(Z[p_, c]), (p_, 0, n1 - 1)) + b[r]
    _require_entry("BP3 dC/db = delta 1 (any widths, any batch)", _contraction(linear, delta, b[j], i),
                   _entry(bp3(deltam), j, 0), _within(j, n2))
    _require_entry("BP4 dC/dW = delta a^T (any widths, any batch)", _contraction(linear, delta, W[j, k], i),
                   _entry(bp4(deltam, Am), j, k), _within(j, n2) + _within(k, n1))
    _require_entry("BP2 delta = (W^T delta') o phi'(z) (any widths, any batch)",
                   _contraction(hidden, delta, Z[j, t_], s_),
                   _entry(bp2(Wm, deltam, dact), j, t_, dact=phi_prime(Z[j, t_])), _within(j, n1) + _within(t_, m))
    _require_entry("BP2 for the identity: delta = W^T delta' (any widths, any batch)",
                   _contraction(lambda r, c: linear(r, c).subs(A, Z), delta, Z[j, t_], s_),
                   _entry(Wm.T * deltam, j, t_), _within(j, n1) + _within(t_, m))


def _batch_cost(loss_of, rows) -> sp.Expr:
    """C = (1/m) sum_s sum_q loss_of(q, s): the mean over the m examples (columns) of n_2 outputs."""
    return sp.Sum(sp.Sum(loss_of(q_, s_), (q_, 0, rows - 1)), (s_, 0, m - 1)) / m


def _softmax(Z: sp.IndexedBase, r: Any, c: Any) -> sp.Expr:
    """Entry [r, c] of the columnwise softmax: exp(z[r, c]) / sum_k exp(z[k, c])."""
    return sp.exp(Z[r, c]) / sp.Sum(sp.exp(Z[k, c]), (k, 0, n2 - 1))


_A, _Y, _Z = sp.symbols("A Y Z", real=True)  # the arrays an elementwise BP1 formula is applied to
#: BP1 for an elementwise output activation phi and a per-output loss ell, emitted entrywise
ELEMENTWISE_BP1 = ell_1(_A, _Y) * phi_prime(_Z) / m


@functools.cache
def _prove_elementwise_bp1() -> None:
    """d/dz[i, t] of the batch mean of ell(phi(z[q, s]), y[q, s]) = ELEMENTWISE_BP1 at [i, t], any sizes."""
    Z, Y = _indexed("Z"), _indexed("Y")
    cost = _batch_cost(lambda q, s: ell(phi(Z[q, s]), Y[q, s]), n2)
    _require_entry("BP1 delta = d_1 ell(a, y) phi'(z) / m (any widths, any batch)", sp.Derivative(cost, Z[i, t_]),
                   _entry(ELEMENTWISE_BP1, i, t_, A=phi(Z[i, t_])), _within(i, n2) + _within(t_, m))


def _instance(formula: sp.Expr, loss: str, activation: str) -> sp.Expr:
    """The generic formula with d_1 ell := the proved loss gradient and phi' := the proved sigma'."""
    gradient, derivative = loss_gradient(loss), activation_derivative(activation)
    return formula.replace(ell_1, sp.Lambda((a, y), gradient)).replace(phi_prime, sp.Lambda(z, derivative)) \
        .xreplace({a: _A, y: _Y, z: _Z})


@functools.cache
def _prove_collapse(loss: str, activation: str) -> sp.Expr:
    """BP1's a - y collapse as emitted, for any number of outputs and examples.

    sigmoid + bce: the generic BP1 (``_prove_elementwise_bp1``) with the proved pieces, equal to
    (a - y)/m where a = sigma(z). softmax + cce (not elementwise): d/dz[i, t] of the batch mean of
    -sum_q y[q, s] log softmax(z)[q, s] is (a[i, t] sum_q y[q, t] - y[i, t])/m, proved for any real
    y; the emitted (a - y)/m then needs each target column to sum to 1 (one-hot), substituted
    explicitly in a second proof.
    """
    collapsed = (_A - _Y) / m
    if loss == "bce":
        _prove_elementwise_bp1()
        instance = _unguarded(_instance(ELEMENTWISE_BP1, loss, activation)).xreplace({_A: sigma(_Z)})
        _require("sigmoid + bce: d_1 ell(a, y) sigma'(z) / m = (a - y)/m", instance,
                 collapsed.xreplace({_A: sigma(_Z)}))
        return collapsed
    Z, Y = _indexed("Z"), _indexed("Y")
    cost = _batch_cost(lambda q, s: -Y[q, s] * sp.log(_softmax(Z, q, s)), n2)
    column = sp.Sum(Y[q_, t_], (q_, 0, n2 - 1))
    general = (_softmax(Z, i, t_) * column - Y[i, t_]) / m
    _require_entry("softmax + cce: dC/dz = (a sum_q y_q - y)/m (any widths, any batch)",
                   sp.Derivative(cost, Z[i, t_]), general, _within(i, n2) + _within(t_, m))
    _require("softmax + cce with sum_q y_q = 1: dC/dz = (a - y)/m", general,
             _entry(collapsed, i, t_, A=_softmax(Z, i, t_)), ((column, 1),))
    return collapsed


#: g = dC/da of the batch mean, the softmax VJP's input, emitted entrywise
SOFTMAX_G = ell_1(_A, _Y) / m


@functools.cache
def _prove_softmax_vjp() -> None:
    """d/dz[i, t] of the batch mean of ell(softmax(z)[q, s], y[q, s]) is entry [i, t] of the emitted
    ``softmax_vjp(a, g)`` with g = d_1 ell(a, y)/m and a = softmax(z), for any widths and batch."""
    Z, Y = _indexed("Z"), _indexed("Y")
    cost = _batch_cost(lambda q, s: ell(_softmax(Z, q, s), Y[q, s]), n2)
    A, g = sp.MatrixSymbol("A", n2, m), sp.MatrixSymbol("g", n2, m)
    emitted = _entry(softmax_vjp(A, g), i, t_)
    emitted = emitted.replace(lambda e: isinstance(e, sp.Indexed) and e.base.name in ("A", "g"),
                              lambda e: _entry(SOFTMAX_G, *e.indices, A=_softmax(Z, *e.indices))
                              if e.base.name == "g" else _softmax(Z, *e.indices))
    _require_entry("softmax: dC/dz = a o (g - 1 1^T (g o a)) (any widths, any batch)", sp.Derivative(cost, Z[i, t_]),
                   emitted, _within(i, n2) + _within(t_, m))


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
            code = "(" + ").dot(".join(self._print(m) for m in mats) + ")"  # 1.5 us less a call than @
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
        fresh = self._fresh_operand(expr)
        if fresh is not None:  # W a + b: the bias added into the product's own array
            return f"add_into({self._print(fresh[0])}, {self._print(fresh[1])})"
        terms = [self._print(arg) for arg in expr.args]
        return "(" + " + ".join(terms).replace("+ -", "- ") + ")"

    def _print_HadamardProduct(self, expr):
        fresh = self._fresh_operand(expr)
        if fresh is not None:  # (W^T delta) o sigma'(z): multiplied into the product's own array
            return f"multiply_into({self._print(fresh[0])}, {self._print(fresh[1])})"
        return super()._print_HadamardProduct(expr)

    @staticmethod
    def _fresh_operand(expr) -> tuple[Any, Any] | None:
        """(a matrix product, the other operand) of a two-operand sum or Hadamard product: the
        product is a new array of the step's own, so the operation may write into it."""
        if len(expr.args) != 2:
            return None
        for k, arg in enumerate(expr.args):
            if isinstance(arg, sp.MatMul) and arg.as_coeff_matrices()[0] == 1 \
                    and not any(isinstance(m, sp.OneMatrix) for m in arg.args):
                return arg, expr.args[1 - k]
        return None


def _lambdify(args: Sequence[Any], steps: list[tuple[Any, Any]], outputs: Any) -> Callable:
    """One Python function: the assignments ``steps`` in order, then ``outputs``."""
    names = {"sigma": _act.sigmoid, "relu": _act.relu, "softmax": _act.softmax, "_floor_tiny": _floor_tiny_numpy,
             "add_into": _into(np.add), "multiply_into": _into(np.multiply)}
    printer = _Printer({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                        "user_functions": {name: name for name in names}})
    return sp.lambdify(list(args), outputs, modules=[names, "numpy"], printer=printer,
                       cse=lambda exprs: (steps, exprs), docstring_limit=None)


_IN_PLACE_FROM = 1 << 15  # entries: 256 KiB of float64, above glibc's default mmap threshold
_BOOL = np.dtype(bool)


def _into(ufunc: np.ufunc) -> Callable[[Array, Array], Array]:
    """``ufunc(fresh, other)`` written into ``fresh``, a temporary the step has just made (a matmul),
    when that is the same array ``ufunc`` would return (same dtype and shape); else a new one.

    Large temporaries are returned to the kernel when freed and faulted back in at the next step;
    writing into the product saves one per layer (measured 2-7 ms of a 110 ms step at 784-512-10).
    Small arrays come from the allocator's own free lists, and the checks would cost more than they
    save (the 64-32-10 step is about 150 us), so they get the plain ufunc.
    """
    def into(fresh: Array, other: Array) -> Array:
        if fresh.size >= _IN_PLACE_FROM and getattr(other, "dtype", None) in (fresh.dtype, _BOOL) \
                and other.ndim == 2 and other.shape[0] == fresh.shape[0] and other.shape[1] in (1, fresh.shape[1]):
            return ufunc(fresh, other, out=fresh)
        return ufunc(fresh, other)

    into.__name__ = f"{ufunc.__name__}_into"
    return into


def _floor_tiny_numpy(x: Array) -> Array:
    return np.maximum(x, np.finfo(x.dtype).tiny)


# ---------------------------------------------------------------- generating a backward pass

def _elementwise(expr: sp.Expr, **arrays: sp.MatrixSymbol) -> sp.Expr:
    """A scalar formula in a, y, z (or A, Y, Z) applied to whole arrays (NumPy broadcasts it entrywise)."""
    names = {a: "A", y: "Y", z: "Z", _A: "A", _Y: "Y", _Z: "Z"}
    return expr.xreplace({s: sp.Symbol(arrays[names[s]].name) for s in expr.free_symbols if s in names})


def _output_error(loss: str, activation: str, Z, A, Y, m, delta) -> list[tuple[Any, Any]]:
    """BP1: assignments ending with ``delta`` = delta^L, shape (n_L, m), including the mean's 1/m.

    Each is an instance of a formula proved for any number of outputs and examples, its generic
    pieces (d_1 ell, phi') replaced by the proved scalar formulas (``_instance``).
    """
    if (loss, activation) in (("bce", "sigmoid"), ("cce", "softmax")):
        return [(delta, _elementwise(_prove_collapse(loss, activation), A=A, Y=Y))]
    if activation == "softmax":
        _prove_softmax_vjp()
        g = sp.MatrixSymbol("g", *Z.shape)
        return [(g, _elementwise(_instance(SOFTMAX_G, loss, "identity"), A=A, Y=Y)), (delta, softmax_vjp(A, g))]
    _prove_elementwise_bp1()
    return [(delta, _elementwise(_instance(ELEMENTWISE_BP1, loss, activation), A=A, Y=Y, Z=Z))]


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
            if derivative == 1:  # identity: o 1 is no operation (proved on its own)
                steps.append((below, W[l + 1].T * delta))
            else:  # dact = phi'(z) entrywise: the instance of BP2's generic phi'
                dact = sp.MatrixSymbol(f"dact{l + 1}", n[l + 1], m)
                dphi = _instance(phi_prime(_Z), loss, activations[l])
                steps += [(dact, _elementwise(dphi, A=A[l + 1], Z=Z[l])), (below, bp2(W[l + 1], delta, dact))]
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
