"""Vectors and matrices two ways: explicit entries for concrete sizes, and index notation for any size.

A vector identity is proved for concrete sizes entrywise (``vector``, ``matrix``, ``Jacobian``) and
for a symbolic size with ``IndexedBase``, ``Sum`` and ``KroneckerDelta``. Index ranges are stated by
reparametrisation (``inside``, ``off_diagonal``), never by replacing a condition with True.
``normalise`` is a rewriter for index expressions whose every rewrite is an equivalence; the proof
cascade does not call it, so a step that needs it is proved for concrete sizes instead.
Do not prove anything with ``MatrixSymbol.diff``: SymPy 1.14 returns silent wrong zeros.
"""
from __future__ import annotations

import itertools

import sympy as sp

Substitution = tuple[sp.Basic, sp.Basic]


# ---------------------------------------------------------------- concrete sizes

def vector(name: str, n: int) -> sp.ImmutableMatrix:
    """The column (name_1, ..., name_n) of real symbols."""
    return sp.ImmutableMatrix(sp.symbols(f"{name}_1:{n + 1}", real=True))


def matrix(name: str, rows: int, cols: int) -> sp.ImmutableMatrix:
    """The rows x cols matrix of real symbols name_jk (row j, column k, both from 1; sizes below 10)."""
    return sp.ImmutableMatrix(rows, cols, lambda j, k: sp.Symbol(f"{name}_{j + 1}{k + 1}", real=True))


class Jacobian(sp.MatrixExpr):
    """dF/dv, unevaluated: the m x n matrix of Derivative(F_i, v_j) for a column F and a column v.

    Shown as d/dv [F] (F written once), where a matrix of derivatives would repeat every F_i in
    every column; ``doit`` gives that matrix, so the proof still does the differentiating.
    """

    def __new__(cls, F, v, name: str):
        F, v = sp.ImmutableMatrix(F), sp.ImmutableMatrix(v)
        return super().__new__(cls, F, v, sp.core.symbol.Str(name))  # a Str is no free symbol

    @property
    def shape(self) -> tuple[int, int]:
        return (self.args[0].shape[0], self.args[1].shape[0])

    def doit(self, **hints) -> sp.ImmutableMatrix:
        F, v, _ = self.args
        return sp.ImmutableMatrix([[sp.Derivative(f, s) for s in v] for f in F])

    def _display(self) -> sp.Derivative:
        F, _, name = self.args
        return sp.Derivative(F, sp.Symbol(name.name))

    def _pretty(self, printer):
        return printer._print(self._display())

    def _latex(self, printer) -> str:
        return printer._print(self._display())

    def _sympystr(self, printer) -> str:  # parsable: evaluates to the same matrix
        F, v, _ = self.args
        return f"{printer._print(F)}.jacobian({printer._print(v)})"


# ---------------------------------------------------------------- index ranges

def nonnegative(name: str) -> sp.Symbol:
    """A nonnegative integer symbol, the gap in a reparametrised index range."""
    return sp.Symbol(name, integer=True, nonnegative=True)


def inside(index: sp.Symbol, size: sp.Symbol) -> tuple[Substitution, ...]:
    """1 <= index <= size as substitutions: size -> index + d_size, then index -> 1 + d_index.

    After them a condition such as (j >= 1) & (j <= n) from differentiating a Sum evaluates to
    True by itself. Use one index per size: a second index of the same range cannot be placed.
    """
    return ((size, index + nonnegative(f"d_{size}")), (index, 1 + nonnegative(f"d_{index}")))


def off_diagonal(i: sp.Symbol, j: sp.Symbol) -> tuple[tuple[Substitution, ...], tuple[Substitution, ...]]:
    """The two halves of i != j as reparametrisations: j = i + 1 + d (above) and i = j + 1 + d (below).

    Each half is a separate step (``Step(..., assume=half)``); together with the step for i = j
    they cover every pair, and KroneckerDelta(i, j) evaluates to 0 in both halves.
    """
    d = nonnegative("d")
    return ((j, i + 1 + d),), ((i, j + 1 + d),)


# ---------------------------------------------------------------- a sound normaliser

def normalise(expr: sp.Expr) -> sp.Expr:
    """A canonical form of an expression with finite sums; every rewrite is an equivalence.

    Expand; split a sum of terms into a sum of sums; merge nested sums and products of sums into one
    multiple sum (bound variables renamed apart first); pull factors free of the bound variables
    out; order rectangular limits and rename bound variables canonically. Two expressions with the
    same normal form are equal; different normal forms prove nothing.
    """
    expr = sp.expand(expr)
    if isinstance(expr, sp.Sum):
        return _sum_form(expr)
    sums = [f for f in sp.Mul.make_args(expr) if isinstance(f, sp.Sum)] if isinstance(expr, sp.Mul) else []
    if sums:  # c sum_k g_k = sum_k c g_k (bound variables renamed apart), then merged by _sum_form
        renames, limits = _fresh(sums[0].limits)
        return _sum_form(sp.Sum(sums[0].function.xreplace(renames) * (expr / sums[0]), *limits))
    if isinstance(expr, sp.Piecewise):  # its arguments are (value, condition) pairs, not expressions
        return sp.Piecewise(*((normalise(value), condition) for value, condition in expr.args))
    if isinstance(expr, (sp.Add, sp.Mul, sp.Pow, sp.Function)):
        return expr.func(*(normalise(a) for a in expr.args))
    return expr


def bound_renamed(expr: sp.Expr) -> sp.Expr:
    """``expr`` with each sum's bound variable renamed by the sum's height (1 + the height of the
    highest sum in its body), so that two sums that differ only in their bound names (a dummy _k
    and k) become one object; a rename (alpha-conversion), so always an equivalence. Inner sums get
    lower heights than the sums around them, so no rename captures another sum's variable, and the
    names (``k^{bound}_1``, ...) are ones a reader never writes."""
    def height(e: sp.Basic) -> int:
        inner = [height(a) for a in e.args if isinstance(a, sp.Basic)]
        return max(inner, default=0) + (1 if isinstance(e, sp.Sum) else 0)

    def rename(s: sp.Sum) -> sp.Basic:
        if any(len(lim) != 3 for lim in s.limits):
            return s
        h = height(s)
        new = {lim[0]: sp.Symbol(f"k^{{bound}}_{{{h},{n}}}", **lim[0].assumptions0) for n, lim in enumerate(s.limits)}
        if len(new) != len(s.limits):
            return s  # a variable bound twice in one sum: left as written
        return sp.Sum(s.function.xreplace(new), *(sp.Tuple(*lim).xreplace(new) for lim in s.limits))

    return expr.replace(lambda e: isinstance(e, sp.Sum), rename)


def sums_as_symbols(expr: sp.Expr) -> sp.Expr:
    """``expr`` in normal form with each finite sum replaced by a symbol, equal sums by one symbol.

    A multiple sum over a rectangle whose body is a product of factors in one bound variable each
    is first split back into a product of single sums (sum_{k,l} e^{z_k} y_l is
    (sum_k e^{z_k})(sum_l y_l)), which normalise had merged. An identity of the result as a
    rational function of the symbols holds for every value of the sums, so for the sums themselves:
    ``cancel`` can then prove sum y / S - S sum y / S^2 = 0, which normal forms alone cannot.
    """
    split = normalise(expr).replace(lambda e: isinstance(e, sp.Sum), _separated)
    sums = sorted(split.atoms(sp.Sum), key=sp.default_sort_key)
    return split.xreplace({s: sp.Dummy(f"S{k}") for k, s in enumerate(sums)})


def _separated(s: sp.Sum) -> sp.Expr:
    """A rectangular multiple sum of a product of one-variable factors as a product of sums."""
    renames, limits = _fresh(s.limits)
    body, bound = s.function.xreplace(renames), [lim[0] for lim in limits]
    if any((lim[1].free_symbols | lim[2].free_symbols) & set(bound) for lim in limits):
        return s
    groups: dict = {b: [] for b in bound}
    rest = []
    for factor in sp.Mul.make_args(body):
        used = factor.free_symbols & set(bound)
        if len(used) > 1:
            return s
        (groups[used.pop()] if used else rest).append(factor)
    return sp.Mul(*rest, *(_canonical_sum(sp.Mul(*groups[lim[0]]), (lim,)) for lim in limits))


def same(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True when lhs - rhs normalises to 0 (a proof); False means only "not shown equal"."""
    return normalise(lhs - rhs) == 0


def _fresh(limits) -> tuple[dict, tuple]:
    """Rename bound variables to fresh integer dummies, so that merging sums captures nothing."""
    renames = {lim[0]: sp.Dummy(integer=True) for lim in limits}
    return renames, tuple(tuple(sp.sympify(x).xreplace(renames) for x in lim) for lim in limits)


def _sum_form(s: sp.Sum) -> sp.Expr:
    renames, limits = _fresh(s.limits)
    body = sp.expand(s.function.xreplace(renames))
    if isinstance(body, sp.Add):  # a finite sum of terms is the sum of the sums
        return sp.Add(*(_sum_form(sp.Sum(t, *limits)) for t in body.args))
    outside, inside_, inner_limits = [], [], []
    bound = {lim[0] for lim in limits}
    for factor in sp.Mul.make_args(body):
        if isinstance(factor, sp.Sum):  # sum_j c_j sum_k g_jk = sum_j sum_k c_j g_jk
            more, lims = _fresh(factor.limits)
            inside_.append(factor.function.xreplace(more))
            inner_limits += lims
        elif factor.free_symbols & bound:
            inside_.append(factor)
        else:
            outside.append(normalise(factor))
    if inner_limits:
        return sp.Mul(*outside) * _sum_form(sp.Sum(sp.Mul(*inside_), *inner_limits, *limits))
    return sp.Mul(*outside) * _canonical_sum(sp.Mul(*inside_), limits)


def _canonical_sum(body: sp.Expr, limits: tuple) -> sp.Sum:
    """Bound variables renamed k_1, k_2, ... in limit order; rectangular limits in the least order."""
    bound = {lim[0] for lim in limits}
    rectangular = not any((lim[1].free_symbols | lim[2].free_symbols) & bound for lim in limits)
    orders = itertools.permutations(limits) if rectangular else [limits]
    taken = {str(s) for s in sp.Sum(body, *limits).free_symbols | bound}
    names = [f"k_{k}" for k in range(1, 100) if f"k_{k}" not in taken][: len(limits)]
    forms = []
    for order in orders:
        canon = {lim[0]: sp.Symbol(name, integer=True) for lim, name in zip(order, names)}
        forms.append(sp.Sum(body.xreplace(canon), *(sp.Tuple(*lim).xreplace(canon) for lim in order)))
    return min(forms, key=sp.default_sort_key)
