"""Placeholders the parser leaves for what only the definitions can settle.

``\\frac{\\partial J}{\\partial a}`` cannot be computed while parsing: J's meaning comes from the
file's definitions, possibly written further down. The parser therefore builds ``Diff(J, a, 1)``,
and the checker replaces it once the definitions are known (see ``expand.py``). These classes
never evaluate by themselves, so nothing is silently differentiated as a constant.
``Tr`` keeps a transpose that cannot be carried out (on a name, whose shape is unknown): it is the
identity only on numbers and cancels in pairs, so ``W^T x = W x`` is never proved.
"""
from __future__ import annotations

import sympy as sp


class Diff(sp.Function):
    """``Diff(f, v, n)``: the n-th derivative of f with respect to the name v, not yet taken."""

    nargs = 3

    @classmethod
    def eval(cls, f, v, n):  # never evaluates on its own
        return None

    def _sympystr(self, printer) -> str:
        f, v, n = self.args
        order = "" if n == 1 else f"^{n}"
        return f"d{order}({printer._print(f)})/d{printer._print(v)}{order}"


class PrimeAt(sp.Function):
    """``PrimeAt(body, t, point, n)``: the n-th derivative of body (a function of t) at point."""

    nargs = 4

    @classmethod
    def eval(cls, body, t, point, n):
        return None

    def _sympystr(self, printer) -> str:
        body, t, point, n = self.args
        return f"({printer._print(body)})^({n})|{printer._print(t)}={printer._print(point)}"


class Grad(sp.Function):
    """``Grad(f)``: the column of partial derivatives of a function call f(x, y, ...)."""

    nargs = 1

    @classmethod
    def eval(cls, f):
        return None


class Tr(sp.Function):
    """The transpose of a name: opaque, except Tr(Tr(x)) = x and Tr(number) = number."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if isinstance(x, Tr):
            return x.args[0]
        if isinstance(x, sp.MatrixBase):
            return sp.ImmutableMatrix(x.T)
        if x.is_number:
            return x
        return None

    def _eval_is_real(self):
        return self.args[0].is_real

    def _sympystr(self, printer) -> str:
        return f"{printer._print(self.args[0])}^T"


MARKERS = (Diff, PrimeAt, Grad)
OPAQUE = (Diff, PrimeAt, Grad, Tr)
