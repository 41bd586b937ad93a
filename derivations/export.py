"""LaTeX that ``gradproof check`` reads back: the notation of ``show --markdown``.

SymPy's own LaTeX is written for the eye: ``{v}_{j}`` for an entry, ``\\left[\\begin{matrix}``
for a matrix, ``\\delta_{i j}`` for Kronecker's delta, ``z^{3}_{1}`` for a layer's entry (a power
to any reader). ``ExportPrinter`` writes each of them in the one notation the notes checker reads
without guessing (derivations/notes/README.md):

- an entry ``v[j]`` is ``v_{j}``, ``W[j, k]`` is ``W_{j,k}``; a layer mark in a name (``w^1``,
  ``W1``) is written ``w^{[1]}``;
- a matrix is a ``bmatrix``; a Jacobian is written out, one partial derivative per entry;
- Kronecker's delta is the indicator ``\\mathbb{1}[i = j]``;
- the operand of a derivative is in parentheses unless it is a single name or call;
- a name shown for an expression (``shown``) is written as its name, and ``to_markdown`` defines
  it with ``:=``; a power of a function call is written ``\\left(f(x)\\right)^{2}``.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from .catalog.generic import Generic, Shown
from .indexed import Jacobian

_LAYER_IN_NAME = re.compile(r"^([A-Za-z]+)(\d+)$")  # W1, b2: a layer written without a mark


class ExportPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the notes checker's notation; see the module docstring."""

    def _name(self, name: str) -> str:
        base, _, sup = name.partition("^")
        sub = ""
        if "_" in sup:
            sup, sub = sup.split("_", 1)
        elif "_" in base:
            base, sub = base.split("_", 1)
        text = LatexPrinter._deal_with_super_sub(self, base)
        if sup:
            text += "^{[%s]}" % sup
        if sub:
            text += "_{%s}" % sub
        return text

    def _print(self, expr, **kwargs):
        # Jacobian and Shown carry their own _latex (for SymPy's printer): this notation comes first.
        if isinstance(expr, Jacobian):
            return self._print(expr.doit())
        if isinstance(expr, Shown):
            return self._print(sp.Symbol(shown_name(expr)))
        return super()._print(expr, **kwargs)

    def _print_Sum(self, expr):
        """A sum over several indices as nested sums, the way notes write it (never \\substack)."""
        if len(expr.limits) == 1:
            return super()._print_Sum(expr)
        signs = "".join(r"\sum_{%s=%s}^{%s} " % tuple(map(self._print, limit)) for limit in reversed(expr.limits))
        return signs + self.parenthesize(expr.function, PRECEDENCE["Mul"])  # the last limit is the outer sum

    def _print_Symbol(self, expr, style="plain"):
        if "^" in expr.name:
            return self._name(expr.name)
        return super()._print_Symbol(expr, style=style)

    def _print_IndexedBase(self, expr):
        name = str(expr.label)
        layered = _LAYER_IN_NAME.match(name)
        if layered:
            name = f"{layered.group(1)}^{layered.group(2)}"
        return self._name(name)

    def _print_Indexed(self, expr):
        base = self._print(expr.base)
        indices = ",".join(self._print(i) for i in expr.indices)
        return f"{base}_{{{indices}}}"

    def _print_KroneckerDelta(self, expr, exp=None):
        text = r"\mathbb{1}[%s = %s]" % (self._print(expr.args[0]), self._print(expr.args[1]))
        return text if exp is None else r"\left(%s\right)^{%s}" % (text, exp)

    def _print_MatrixBase(self, expr):
        rows = [" & ".join(self._print(e) for e in expr.row(r)) for r in range(expr.rows)]
        return r"\begin{bmatrix} %s \end{bmatrix}" % r" \\ ".join(rows)

    _print_ImmutableMatrix = _print_ImmutableDenseMatrix = _print_Matrix = _print_MutableDenseMatrix = \
        _print_MatrixBase

    def _print_Derivative(self, expr):
        body = expr.expr
        tex = super()._print_Derivative(sp.Derivative(sp.Symbol("f"), *expr.variable_count))
        tex = re.sub(r"\^\{(\d)\}", r"^\1", tex[: tex.rindex("f")].rstrip())  # the order: one digit
        simple = isinstance(body, (sp.Symbol, sp.Indexed, Shown)) or (
            isinstance(body, sp.Function) and not isinstance(body, Shown))
        operand = self._print(body)
        return f"{tex} {operand}" if simple else rf"{tex} \left({operand}\right)"

    def _print_Function(self, expr, exp=None):
        if isinstance(expr, AppliedUndef) and not isinstance(expr, Generic):  # f(v_i, w_i), no braces
            text = r"%s\left(%s\right)" % (self._name(expr.func.__name__), ", ".join(map(self._print, expr.args)))
            return text if exp is None else r"\left(%s\right)^{%s}" % (text, exp)
        return super()._print_Function(expr, exp=exp)

    def _print_PrimeAt(self, expr):
        name, point = expr.args
        return r"%s'\left(%s\right)" % (name.name, self._print(point))

    def _print_Pow(self, expr):
        base = expr.base
        if isinstance(base, (sp.Function, sp.Indexed)) and expr.exp.is_Integer and expr.exp > 0:
            return r"\left(%s\right)^{%s}" % (self._print(base), self._print(expr.exp))
        return super()._print_Pow(expr)


class PrimeAt(sp.Function):
    """``h'(point)`` for a helper ``h(t) := ...`` that ``plan`` defines (an evaluation bar)."""

    @classmethod
    def eval(cls, *args):
        return None


def latex(expr) -> str:
    """``expr`` in the notes checker's notation."""
    return ExportPrinter().doprint(expr)


def shown_names(exprs) -> list[Shown]:
    """Every ``shown`` name inside ``exprs``, in the order they first appear."""
    found: list[Shown] = []
    for e in exprs:
        atoms = e.atoms(Shown) if isinstance(e, sp.Basic) else set()
        if isinstance(e, sp.MatrixBase):
            atoms = set().union(*[x.atoms(Shown) for x in e]) if len(e) else set()
        for a in sorted(atoms, key=sp.default_sort_key):
            if a not in found:
                found.append(a)
    return found


def shown_name(a: Shown) -> str:
    """The name a ``shown`` expression is displayed under (``delta^1_j``)."""
    return a._sympystr(None)
