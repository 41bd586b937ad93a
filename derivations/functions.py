"""Named functions of the notes (sigma, ReLU) that unfold to their definitions for a proof.

They print as the notes write them (``sigma(z)``), but a proof never relies on a derivative rule
attached to them: ``unfold`` replaces each by its definition before anything is differentiated,
so ``d sigma/dz = sigma (1 - sigma)`` has to be proved, not assumed.
"""
from __future__ import annotations

import sympy as sp


class Defined(sp.Function):
    """A function with a closed-form definition; subclasses give ``definition(*args)``."""

    @classmethod
    def definition(cls, *args: sp.Expr) -> sp.Expr:
        raise NotImplementedError  # every subclass below defines it

    def unfold(self) -> sp.Expr:
        return type(self).definition(*self.args)


class sigma(Defined):
    """The logistic sigmoid 1 / (1 + e^-z)."""

    nargs = 1

    @classmethod
    def definition(cls, z: sp.Expr) -> sp.Expr:
        return 1 / (1 + sp.exp(-z))

    def _latex(self, printer) -> str:
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


class relu(Defined):
    """ReLU(z) = max(0, z), written as a Piecewise so that a case split can decide it."""

    nargs = 1

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(*prettyForm(*printer._print(self.args[0]).parens()).left("ReLU"))

    @classmethod
    def definition(cls, z: sp.Expr) -> sp.Expr:
        return sp.Piecewise((z, z > 0), (0, True))

    def _latex(self, printer) -> str:
        return r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0])


class relu_prime(Defined):
    """ReLU'(z): 1 for z > 0, 0 for z < 0, and 0 at the kink by convention (as PyTorch does)."""

    nargs = 1

    @classmethod
    def definition(cls, z: sp.Expr) -> sp.Expr:
        return sp.Piecewise((1, z > 0), (0, True))

    def _latex(self, printer) -> str:
        return r"\operatorname{ReLU}'\left(%s\right)" % printer._print(self.args[0])

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(*prettyForm(*printer._print(self.args[0]).parens()).left("ReLU'"))


MAX_NESTING = 20
KINK_CONVENTION = "ReLU'(0) := 0 (the kink z = 0 is a single point; each side of it is proved)"


def unfold(expr):
    """Replace every Defined function by its definition, innermost first, then evaluate derivatives."""
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        expr = expr.doit()  # an unevaluated product of explicit matrices, kept for display
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(unfold)
    for _ in range(MAX_NESTING):  # a definition may itself use named functions
        if not expr.has(Defined):
            break
        expr = expr.replace(lambda e: isinstance(e, Defined), lambda e: e.unfold())
    return expr.doit()
