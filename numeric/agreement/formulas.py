"""From a SymPy step to a NumPy function: a proved result, lambdified once, evaluated in float64.

Named functions (sigma, ReLU, ReLU') are evaluated from their SymPy definitions, not by numeric's
code; generic ones (phi, a cost C, a loss ell of the backprop family) are given a concrete instance
(phi a sigmoid or tanh, C the mean squared error) with their named derivatives differentiated by
SymPy. Compiled formulas are kept per expression (a changed formula is compiled anew), so repeated
checks are cheap.

Formulas given for a symbolic size n (``Indexed``/``Sum``) are evaluated with 1-based index
arrays whose entry 0 is NaN (``indexed``), so an off-by-one shows up as a NaN, which fails; a
formula that cannot be evaluated at all (an index out of range) fails the same way.
"""
from __future__ import annotations

import contextlib
import keyword
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from derivations.functions import Defined
from numeric.activations import NumericError

Array = np.ndarray
Instances = dict[tuple[str, int], Callable[..., sp.Expr]]


def formula(expr: Any, names: Sequence[str], instances: Instances | None = None) -> Callable[..., Array]:
    """The SymPy ``expr`` (scalar or Matrix) as a NumPy function of the symbols named ``names``.

    Named functions (sigma, ReLU, ReLU', and the display names of ``shown``) are evaluated by their
    own definitions, never by numeric's code: a nullary one is replaced by its definition, and each
    one with arguments becomes a NumPy function lambdified from its definition (cheaper than
    inlining a Piecewise at every use). KroneckerDelta becomes a Piecewise, which takes arrays.
    Arguments are matched by name to the symbols and ``IndexedBase``s of ``expr``; a name that
    ``expr`` does not use (a mutated formula may drop one) is still accepted. A Matrix gives an
    array of shape ``(rows, cols) + broadcast shape``.
    """
    key = (expr, tuple(names), _instances_key(instances))
    if key not in _FORMULAS:
        if len(_FORMULAS) > 1024:
            _FORMULAS.clear()
        _FORMULAS[key] = _compile(expr, names, instances)
    return _FORMULAS[key]


_FORMULAS: dict[tuple, Callable[..., Array]] = {}  # by the expression itself: a changed formula is compiled anew


def _instances_key(instances: Instances | None) -> tuple:
    return tuple(sorted((k, id(f)) for k, f in (instances or {}).items()))


def _compile(expr: Any, names: Sequence[str], instances: Instances | None) -> Callable[..., Array]:
    expr = _inline_generics(_plain(expr), instances or {})
    functions = _named_functions(expr, instances)
    modules = [functions, "numpy"]
    expr, args = _identifiers(expr, _arguments(expr, names))
    printer = NumPyPrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                            "user_functions": {name: name for name in functions}, "order": "none"})
    if isinstance(expr, sp.MatrixBase):
        return _matrix(expr, sp.lambdify(args, list(expr), modules=modules, printer=printer))
    scalar = sp.lambdify(args, expr, modules=modules, printer=printer)

    def evaluate(*values: Any) -> Array:
        with _evaluating(expr):
            return np.asarray(scalar(*values), dtype=np.float64)
    return evaluate


def _named_functions(expr: Any, instances: Instances | None) -> dict[str, Callable[..., Array]]:
    """Each named function with arguments in ``expr`` (sigma, ReLU, a generic phi or cost) as NumPy
    code, by name."""
    from derivations.catalog.generic import Generic
    by_arity: dict[str, dict[int, Callable[..., Array]]] = {}
    for applied in expr.atoms(sp.Function):
        cls, arity = type(applied), len(applied.args)
        if arity and isinstance(applied, (Defined, Generic)) and arity not in by_arity.get(cls.__name__, {}):
            by_arity.setdefault(cls.__name__, {})[arity] = _function(cls, arity, instances)
    functions = {}
    for name, table in by_arity.items():  # a generic cost may come in several arities under one name
        functions[name] = table[next(iter(table))] if len(table) == 1 else (lambda *a, _t=table: _t[len(a)](*a))
    return functions


def _identifiers(expr: Any, args: list[Any]) -> tuple[Any, list[Any]]:
    """``expr`` and its arguments with every argument name a Python identifier."""
    # Names such as w^1_12 are no Python identifiers; lambdify would rebuild the whole (evaluating)
    # expression to replace them, so they are renamed here once, without evaluation.
    renamed = {a: (sp.IndexedBase if isinstance(a, sp.IndexedBase) else sp.Symbol)(f"_arg{k}")
               for k, a in enumerate(args) if not str(a).isidentifier() or keyword.iskeyword(str(a))}
    if renamed:
        with sp.evaluate(False):
            expr = expr.xreplace(renamed)
        args = [renamed.get(a, a) for a in args]
    return expr, args


def _matrix(expr: sp.MatrixBase, entries: Callable[..., list]) -> Callable[..., Array]:
    """The lambdified ``entries`` of ``expr`` as one array of shape ``expr.shape + broadcast shape``."""
    shape = expr.shape

    def matrix(*values: Any) -> Array:
        with _evaluating(expr):
            parts = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in entries(*values)])
            return np.stack(parts).reshape(shape + parts[0].shape)
    return matrix


class FormulaError(NumericError):
    """A formula that cannot be evaluated at the inputs (an index out of range, a non-number)."""


@contextlib.contextmanager
def _evaluating(expr: Any) -> Iterator[None]:
    try:
        yield
    except (IndexError, TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
        if isinstance(error, FormulaError):
            raise
        text = str(expr)
        raise FormulaError(f"cannot evaluate {text[:80] + '...' if len(text) > 80 else text}: "
                           f"{type(error).__name__}: {error}") from error


def _or_nan(fn: Callable[..., Array], shape: tuple, *args: Any) -> Array:
    """``fn(*args)`` broadcast to ``shape``, or NaN there if the formula cannot be evaluated (a NaN fails)."""
    try:
        return np.broadcast_to(fn(*args), shape)
    except FormulaError:
        return np.full(shape, np.nan)


def _plain(expr: Any) -> Any:
    """``expr`` with nullary named expressions unfolded, products of explicit matrices multiplied
    out, and KroneckerDelta as a Piecewise; functions with arguments (sigma, ReLU) are kept."""
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        expr = expr.doit()
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.shape[0], expr.shape[1], [_plain(e) for e in expr])
    expr = sp.sympify(expr)
    while True:
        nullary = expr.replace(lambda e: isinstance(e, Defined) and not e.args, lambda e: e.unfold())
        if nullary == expr:
            break
        expr = nullary
    expr = expr.doit(deep=True) if expr.has(sp.Derivative) else expr
    if expr.has(sp.KroneckerDelta):  # printed as a Python `if`, which cannot take arrays
        expr = expr.replace(sp.KroneckerDelta, lambda a, b: sp.Piecewise((1, sp.Eq(a, b)), (0, True)))
    return expr


_FUNCTIONS: dict[tuple, Callable[..., Array]] = {}


def _function(cls: type, arity: int, instances: Instances | None) -> Callable[..., Array]:
    """A named function (sigma, ReLU, a generic phi or cost) as NumPy code, lambdified from its
    definition once per process: the classes and the instances are fixed module-level objects."""
    key = (cls, arity, _instances_key(instances))
    if key not in _FUNCTIONS:
        u = sp.symbols(f"u_1:{arity + 1}", real=True)
        definition = cls.definition(*u) if issubclass(cls, Defined) else _generic(cls, u, instances or {})
        _FUNCTIONS[key] = formula(definition, [str(v) for v in u], instances)
    return _FUNCTIONS[key]


def _inline_generics(expr: Any, instances: Instances) -> Any:
    """Generic functions whose instance uses symbols other than its arguments (a cost of the outputs
    that reads the labels y_k) are substituted into ``expr``; the others become NumPy functions."""
    from derivations.catalog.generic import Generic

    def concrete(e: sp.Expr) -> sp.Expr:
        u = sp.symbols(f"u_1:{len(e.args) + 1}", real=True)
        return _generic(type(e), u, instances).subs(dict(zip(u, e.args)), simultaneous=True)

    def reads_more(e: Any) -> bool:
        if not isinstance(e, Generic):
            return False
        u = sp.symbols(f"u_1:{len(e.args) + 1}", real=True)
        return bool(_generic(type(e), u, instances).free_symbols - set(u))

    if not instances:
        return expr
    found = {e: concrete(e) for e in expr.atoms(Generic) if reads_more(e)}
    if not found:
        return expr
    with sp.evaluate(False):
        return expr.xreplace(found)


def _generic(cls: type, u: Sequence[sp.Symbol], instances: Instances) -> sp.Expr:
    """The concrete function standing for a generic one (derivations.catalog.generic: phi, a cost C, ell).

    ``instances[(name, arity)]`` gives the SymPy expression of the generic function ``name``; its
    named derivatives (``phi_prime``, ``C_k``) are differentiated from it by SymPy. A generic
    function without an instance keeps the derivation's own numeric instance.
    """
    name, arity = cls.__name__, len(u)
    if (name, arity) in instances:
        return instances[name, arity](*u)
    base, _, k = name.rpartition("_")
    k = "1" if k == "prime" else k
    if base and k.isdigit() and (base, arity) in instances:
        return sp.diff(instances[base, arity](*u), u[int(k) - 1])
    return cls._instance(*u)


def _arguments(expr: Any, names: Sequence[str]) -> list[Any]:
    bases = {str(base.label): base for base in expr.atoms(sp.IndexedBase)}
    symbols: dict[str, sp.Symbol] = {}
    for s in expr.atoms(sp.Symbol):
        if s.name in bases:
            continue
        if s.name in symbols and symbols[s.name] != s:
            raise NumericError(f"two different symbols are both named {s.name!r} in {expr}")
        symbols[s.name] = s
    return [bases.get(name) or symbols.get(name) or sp.Symbol(name) for name in names]


# ---------------------------------------------------------------- 1-based index arrays

def indexed(values: Array) -> Array:
    """``values`` with a NaN row in front, so that SymPy's 1-based ``x[1..n]`` reads them."""
    values = np.asarray(values, dtype=np.float64)
    return np.concatenate([np.full((1,) + values.shape[1:], np.nan), values])


def _padded(values: Array) -> Array:
    """A 1-based view for SymPy's Indexed: NaN in row 0 (and column 0 of a matrix)."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        return indexed(values)
    out = np.full((values.shape[0] + 1, values.shape[1] + 1), np.nan)
    out[1:, 1:] = values
    return out


def _index_jacobians(fn: Callable[..., Array], args: Callable[[int], tuple], n: int) -> Array:
    """An any-n formula f(..., i, j) as the n x n matrix of entries (i, j), i and j from 1."""
    rows, cols = np.arange(1, n + 1)[:, None], np.arange(1, n + 1)[None, :]
    return fn(*args(n), rows, cols)
