"""Named functions of the notes (sigma, ReLU) that unfold to their definitions for a proof.

They print as the notes write them (``sigma(z)``), but a proof never relies on a derivative rule
attached to them: ``unfold`` replaces each by its definition before anything is differentiated,
so ``d sigma/dz = sigma (1 - sigma)`` has to be proved, not assumed.
"""
from __future__ import annotations

import itertools

import sympy as sp

from . import piecewise_guard  # noqa: F401  (installs the guard on SymPy's piecewise_fold)


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
KINK_CONVENTION = ("ReLU'(0) := 0 (each side of the kink z = 0 is proved, and z = 0 itself where ReLU' is "
                   "used; a derivative of ReLU does not exist there and excludes it)")


def expand_defined(expr, keep: tuple = ()):
    """Replace every Defined function (but those of the classes in ``keep``) by its definition.

    Nothing is evaluated: a derivative stays unevaluated, so its kinks can still be seen.
    """
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        expr = expr.doit()  # an unevaluated product of explicit matrices, kept for display
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: expand_defined(e, keep))
    for _ in range(MAX_NESTING):  # a definition may itself use named functions
        if not any(not isinstance(e, keep) for e in expr.atoms(Defined)):
            break
        expr = expr.replace(lambda e: isinstance(e, Defined) and not isinstance(e, keep), lambda e: e.unfold())
    return expr


def unfold(expr):
    """Replace every Defined function by its definition, innermost first, then evaluate derivatives."""
    expr = expand_defined(expr)
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: e.doit())
    return expr.doit()


# ---------------------------------------------------------------- kinks

_KINKED = ((relu, "ReLU"), (relu_prime, "ReLU'"), (sp.Heaviside, "the step function"), (sp.Abs, "|.|"),
           (sp.sign, "sign"), (sp.Max, "max"), (sp.Min, "min"), (sp.Piecewise, "the piecewise function"))


def kinks(expr) -> list[tuple[sp.Expr, str]]:
    """Every kink g = 0 of ``expr`` with the name of its function, in a stable order.

    A kink is where a function of a real argument changes its formula: the g of every condition
    g > 0 (or <, >=, <=) of a Piecewise, the argument of ReLU, ReLU', Heaviside, |.| and sign, and
    a - b in max(a, b) or min(a, b). Equalities in conditions (index ranges) are not kinks.
    """
    found: list[tuple[sp.Expr, str]] = []
    present = expr.atoms(*(cls for cls, _ in _KINKED))  # one walk over the expression
    for cls, name in _KINKED:
        for f in sorted((f for f in present if isinstance(f, cls)), key=sp.default_sort_key):
            if cls is sp.Piecewise:
                for _, cond in f.args:
                    rels = cond.atoms(sp.core.relational.Relational)
                    found += [(r.lhs - r.rhs, name) for r in sorted(rels, key=sp.default_sort_key)
                              if not isinstance(r, (sp.Eq, sp.Ne))]
            elif cls in (sp.Max, sp.Min):
                found += [(a - b, name) for a, b in itertools.combinations(f.args, 2)
                          if (a - b).is_extended_real]
            elif f.args[0].is_extended_real or cls in (relu, relu_prime, sp.Heaviside):
                found.append((f.args[0], name))
    return [(-g, name) if g.could_extract_minus_sign() else (g, name) for g, name in found]


def nondifferentiable(expr) -> list[tuple[sp.Expr, str]]:
    """The kinks where a derivative in ``expr`` does not exist: (g, name), g = 0 at such a point.

    A derivative of a kinked function (ReLU, |.|, an indicator, Heaviside, ...) with respect to a
    variable its kink depends on does not exist at the kink; SymPy's diff silently picks a value
    there. Call this before derivatives are evaluated. Inside ``Subs`` (f'(point)) the kink is
    taken at the point, so a constant g that is 0 means the derivative is asked for at its kink.
    """
    if isinstance(expr, sp.MatrixBase):
        return [k for entry in expr for k in nondifferentiable(entry)]
    if isinstance(expr, sp.Subs):
        inner = nondifferentiable(expr.expr)
        at = dict(zip(expr.variables, expr.point))
        return [(g.subs(at), name) for g, name in inner]
    if not isinstance(expr, sp.Basic) or not expr.args:
        return []
    found = [k for arg in expr.args for k in nondifferentiable(arg)]
    if isinstance(expr, sp.Derivative):
        inner = expand_defined(expr.expr, keep=(relu, relu_prime))
        found += [(g, name) for g, name in kinks(inner) if any(_depends(g, v) for v in expr.variables)]
    return found


def _depends(g: sp.Expr, v: sp.Basic) -> bool:
    """g mentions v; for an entry w[j], any entry w[i] counts (a sum over i may contain j)."""
    if g.has(v):
        return True
    return isinstance(v, sp.Indexed) and any(e.base == v.base for e in g.atoms(sp.Indexed))
