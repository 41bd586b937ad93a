"""gradproof's own expressions as MathML: SymPy's presentation printer, with the notes' names for
gradproof's functions (sigma as σ, ReLU, ReLU', generic φ, names shown as δ^1_2, chains in order)."""
from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.mathml import MathMLPresentationPrinter

from .mathml import from_minidom, spaced, wrap

class Printer(MathMLPresentationPrinter):
    """SymPy's presentation printer, with the notes' names for gradproof's functions."""

    def __init__(self) -> None:
        super().__init__({"mul_symbol": None})

    def _call(self, name, args) -> Any:
        mrow = self.dom.createElement("mrow")
        mrow.appendChild(name)
        mrow.appendChild(self._paren_comma_separated(*args))
        return mrow

    def _mi(self, text: str):
        mi = self.dom.createElement("mi")
        mi.appendChild(self.dom.createTextNode(text))
        return mi

    def _print_sigma(self, e):
        return self._call(self._mi("σ"), e.args)

    def _print_relu(self, e):
        return self._call(self._mi("ReLU"), e.args)

    def _print_relu_prime(self, e):
        return self._call(self._mi("ReLU′"), e.args)

    def _print_Function(self, e):
        # SymPy dispatches a Function subclass on its own name or Function only, so gradproof's
        # families of named functions (generic, shown, in order) are told apart here.
        from ..catalog.generic import Generic, InOrder, Shown, SumInOrder

        if isinstance(e, Shown):
            return self._print(sp.Symbol(sp.sstr(e)))  # the name it is shown under, e.g. delta^1_2
        if isinstance(e, Generic):
            return self._call(self._mi(type(e)._pretty_name.replace("'", "′")), e.args)
        if isinstance(e, InOrder):
            return self._in_order(e)
        if isinstance(e, SumInOrder):
            return self._sum_in_order(e)
        if isinstance(e, AppliedUndef):
            name = self._print(sp.Symbol(e.func.__name__))
            return name if not e.args else self._call(name, e.args)
        return super()._print_Function(e)

    def _print_Derivative(self, e):
        row = super()._print_Derivative(e)
        if isinstance(e.expr, (sp.Add, sp.Mul)) and row.lastChild is not None:  # d/dx (u + v), not d/dx u + v
            row.replaceChild(self._paren_comma_separated(e.expr), row.lastChild)
        return row

    def _print_Jacobian(self, e):
        return self._print(e._display())  # d/dv [F], as the terminal shows it

    def _print_KroneckerDelta(self, e):
        sub = self.dom.createElement("msub")
        sub.appendChild(self._mi("δ"))
        indices = self.dom.createElement("mrow")
        for index in e.args:
            indices.appendChild(self._print(index))
        sub.appendChild(indices)
        return sub

    def _print_Subs(self, e):
        # f'(point) as SymPy keeps it: the derivative, then a bar with "variable = point" below.
        row = self.dom.createElement("mrow")
        row.appendChild(self._print(e.expr))
        at = self.dom.createElement("msub")
        bar = self._operator("|")
        bar.setAttribute("stretchy", "true")
        at.appendChild(bar)
        where = self.dom.createElement("mrow")
        for k, (variable, point) in enumerate(zip(e.variables, e.point)):
            if k:
                where.appendChild(self._operator(","))
            for part in (self._print(variable), self._operator("="), self._print(point)):
                where.appendChild(part)
        at.appendChild(where)
        row.appendChild(at)
        return row

    def _in_order(self, e):
        mrow = self.dom.createElement("mrow")
        for k, factor in enumerate(e._factors()):
            if k:
                mrow.appendChild(self._operator("\u2062"))  # invisible times
            printed = self._print(factor)
            mrow.appendChild(self._paren_comma_separated(factor) if isinstance(factor, sp.Add) else printed)
        return mrow

    def _sum_in_order(self, e):
        mrow = self.dom.createElement("mrow")
        mrow.appendChild(self._print(e.args[0]))
        for term in e.args[1:]:
            negative = term.could_extract_minus_sign()
            mrow.appendChild(self._operator("−" if negative else "+"))
            mrow.appendChild(self._print(-term if negative else term))
        return mrow

    def _operator(self, text: str):
        mo = self.dom.createElement("mo")
        mo.appendChild(self.dom.createTextNode(text))
        return mo


def sympy_mathml(expr: Any, display: bool = True) -> str:
    """A SymPy expression (or ``lhs = rhs`` given as a pair) as a sanitized ``<math>`` element."""
    printer = Printer()
    if isinstance(expr, tuple):
        lhs, rhs = expr
        row = printer.dom.createElement("mrow")
        for part in (printer._print(lhs), printer._operator("="), printer._print(rhs)):
            row.appendChild(part)
        return wrap(spaced(from_minidom(row)), display)
    return wrap(spaced(from_minidom(printer._print(expr))), display)
