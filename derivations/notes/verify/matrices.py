"""Names that are matrices: products keep their order, and a claim is judged as about matrices.

A name is a matrix when the notes declare it (``A \\in \\mathbb{R}^{m \\times n}``, m and n not 1)
or write it as a bold capital (``\\mathbf{W}``); declarations.py reads which names are. It is then a noncommutative symbol, so
``A(Bx) = (BA)x`` is never proved by commuting the factors. Plain undeclared names stay numbers
(the one-unit case), and the verdict says so.

- **Proved** only by expanding with the order of the factors kept, or, when every matrix has a
  declared numeric size, entry by entry at those sizes.
- **Refuted** with concrete matrices of symbols (the declared sizes, 2 x 2 otherwise): entries
  whose values break the claim are a counterexample for matrices of that size.
- A claim that holds for 2 x 2 matrices of undeclared size is not proved for every size: undecided.
- A derivative with respect to a matrix is not taken (SymPy differentiates products of
  noncommutative symbols without regard to their order): undecided.
"""
from __future__ import annotations

from functools import reduce

import sympy as sp

from ...prove import verify_claim
from ...verdict import PROVED, REFUTED, UNDECIDED
from ..read.markers import Tr

DEFAULT_SIZE = (2, 2)
class NotMatrixAlgebra(Exception):
    """An expression mixing matrices with what cannot be applied to one (a function, a power)."""


def matrix_names(*exprs: sp.Basic) -> list[sp.Symbol]:
    found: set = set()
    for e in exprs:
        found |= {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s.is_commutative is False}
    return sorted(found, key=str)


def concrete(expr: sp.Basic, matrices: dict) -> sp.Basic:
    """The expression with each matrix name replaced by its matrix of entries, products in order."""
    if expr.is_commutative:
        return expr
    if expr in matrices:
        return matrices[expr]
    if isinstance(expr, Tr):
        return _as_matrix(concrete(expr.args[0], matrices)).T
    if isinstance(expr, sp.Add):
        return reduce(_add, [concrete(a, matrices) for a in expr.args])
    if isinstance(expr, sp.Mul):
        return reduce(lambda a, b: a * b, [concrete(a, matrices) for a in expr.args])
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp > 0:
        return concrete(expr.base, matrices) ** int(expr.exp)
    raise NotMatrixAlgebra(f"{type(expr).__name__} of a matrix")


def _as_matrix(x: sp.Basic) -> sp.Basic:
    return x if isinstance(x, sp.MatrixBase) else sp.ImmutableMatrix([[x]])


def _add(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):
        raise NotMatrixAlgebra("a matrix added to a number")
    return a + b


def entries(names: list[sp.Symbol], sizes: dict) -> dict:
    """A matrix of real symbols for each matrix name: ``A[1,2]`` is row 1, column 2 of A."""
    out = {}
    for s in names:
        rows, cols = sizes.get(str(s)) or DEFAULT_SIZE
        rows, cols = (rows, cols) if isinstance(rows, int) and isinstance(cols, int) else DEFAULT_SIZE
        out[s] = sp.ImmutableMatrix(rows, cols, lambda i, j: sp.Symbol(f"{s}[{i + 1},{j + 1}]", real=True))
    return out


def judge(lhs: sp.Basic, rhs: sp.Basic, sizes: dict, substitutions: tuple, timeout: float):
    """(verdict, method or message, the concrete sides or None) for a claim about matrices."""
    names = matrix_names(lhs, rhs)
    listed = ", ".join(map(str, names))
    if any(_mixed(a) for side in (lhs, rhs) for a in side.atoms(sp.Add)):
        return UNDECIDED, f"a matrix ({listed}) plus a number: broadcast, or a multiple of the identity?", None
    if sp.expand(lhs - rhs) == 0:
        return PROVED, f"expand, with {listed} as matrices (the order of products kept)", None
    matrices = entries(names, sizes)
    try:
        left, right = concrete(lhs, matrices), concrete(rhs, matrices)
    except (NotMatrixAlgebra, sp.ShapeError, TypeError, ValueError) as e:
        return UNDECIDED, f"{listed} are matrices, and this link is not matrix algebra gradproof can check ({e})", None
    if isinstance(left, sp.MatrixBase) != isinstance(right, sp.MatrixBase) or (
            isinstance(left, sp.MatrixBase) and left.shape != right.shape):
        return REFUTED if _fixed(names, sizes) else UNDECIDED, "the two sides have different shapes", None
    verdict = verify_claim(left, right, substitutions, timeout=timeout)
    shape = " x ".join(map(str, DEFAULT_SIZE))
    if verdict.verdict == PROVED and _fixed(names, sizes):
        return PROVED, f"entry by entry at the declared sizes of {listed} ({verdict.method})", None
    if verdict.verdict == PROVED:
        return UNDECIDED, f"holds for {shape} matrices {listed}, but their size is not declared, so it is " \
                            f"not proved for every size", None
    if verdict.verdict == REFUTED:
        return REFUTED, verdict, (left, right)
    scalar = _as_scalars(lhs - rhs, names)
    hint = f"; it holds for scalars, but {listed} are matrices" if sp.expand(scalar) == 0 else ""
    return UNDECIDED, f"no proof for {listed} as matrices{hint}", None


def _fixed(names: list[sp.Symbol], sizes: dict) -> bool:
    return all(isinstance(d, int) for s in names for d in (sizes.get(str(s)) or ("?",)))


def _as_scalars(expr: sp.Basic, names: list[sp.Symbol]) -> sp.Basic:
    return expr.xreplace({s: sp.Symbol(str(s), real=True) for s in names}).replace(
        lambda e: isinstance(e, Tr), lambda e: e.args[0])


def _mixed(add: sp.Add) -> bool:
    """A sum of a matrix term and a number term (B + c): its meaning depends on a convention."""
    kinds = {a.is_commutative is False for a in add.args}
    return kinds == {True, False}


def scalar_names(*exprs: sp.Basic) -> list[str]:
    """Undeclared capital names multiplied with another name: read as numbers, and said so."""
    found = set()
    for e in exprs:
        for m in e.atoms(sp.Mul):
            names = [s for s in m.free_symbols if isinstance(s, sp.Symbol) and s.is_commutative
                     and not s.is_integer and str(s)[:1].isupper()]
            if names and len(m.free_symbols) > 1:
                found |= {str(s) for s in names}
    return sorted(found)
