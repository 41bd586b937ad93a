"""Generic functions and display helpers shared by the cost, backprop and softmax families.

A *generic* function (an activation phi, a cost C) is known to SymPy only by name, with named
partial derivatives, so a proof about it covers every concrete choice at once. Numerically, and
only so that the counterexample search can refute a wrong claim, each has a fixed instance (phi is
u + sin(u)/2): a claim false for that instance is false for the generic function too. No proof method
evaluates a generic function.
"""
from __future__ import annotations

import re
from typing import Callable

import sympy as sp
from sympy.core.evalf import prec_to_dps
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pretty.stringpict import prettyForm, stringPict

from ..functions import Defined

_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"


class Generic(sp.Function):
    """A function known symbolically only by name, with named partial derivatives."""

    _arity, _instance, _partials, _pretty_name, _latex_name = 1, None, {}, "", ""

    @classmethod
    def partial(cls, k: int) -> type[Generic]:
        """The generic function d f / d(argument k), created once and named f' or d_k f."""
        if k not in cls._partials:
            args = sp.symbols(f"u_1:{cls._arity + 1}")
            instance = sp.Lambda(args, sp.diff(cls._instance(*args), args[k - 1]))
            if cls._arity == 1:
                names = (f"{cls.__name__}_prime", cls._pretty_name + "'", cls._latex_name + "'")
            else:
                names = (f"{cls.__name__}_{k}", f"∂{_SUBSCRIPTS[k]}{cls._pretty_name}", rf"\partial_{{{k}}} {cls._latex_name}")
            cls._partials[k] = generic(names[0], cls._arity, instance, *names[1:])
        return cls._partials[k]

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return type(self).partial(argindex)(*self.args)

    def _eval_evalf(self, prec: int):
        # Arguments first, so nested generics are evaluated once each, not once per level.
        values = [a.evalf(prec_to_dps(prec)) for a in self.args]
        if all(v.is_Number for v in values):  # a Float, or an exact 0
            return type(self)._instance(*values).evalf(prec_to_dps(prec))
        return None

    def _pretty(self, printer):
        return printer._print_Function(self, func_name=self._pretty_name)

    def _latex(self, printer, exp=None):
        args = ", ".join(printer._print(a) for a in self.args)
        return rf"{self._latex_name}\left({args}\right)" + (f"^{{{exp}}}" if exp else "")


def generic(name: str, arity: int, instance: Callable, pretty: str = "", latex: str = "") -> type[Generic]:
    """A new generic function of ``arity`` arguments, evaluated as ``instance`` only numerically."""
    return type(name, (Generic,), {"nargs": arity, "_arity": arity, "_instance": instance, "_partials": {},
                                   "_pretty_name": pretty or name, "_latex_name": latex or name})


_u = sp.symbols("u_1:5")
# Numerically u + sin(u)/2: phi' stays in [1/2, 3/2], so deep compositions never saturate to 0.
phi = generic("phi", 1, sp.Lambda(_u[0], _u[0] + sp.sin(_u[0]) / 2), "φ", r"\varphi")
phi_prime = phi.partial(1)


def cost(name: str, arity: int) -> type[Generic]:
    """A generic cost of ``arity`` arguments (numerically an asymmetric polynomial)."""
    args = _u[:arity]
    return generic(name, arity, sp.Lambda(args, sum((a - sp.Rational(k, 3)) ** 2 * (1 + a * args[0] / 5)
                                                   for k, a in enumerate(args, 1))))


def vector(name: str, n: int) -> sp.Matrix:
    return sp.Matrix(sp.symbols(f"{name}_1:{n + 1}", real=True))


def matrix(name: str, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda j, k: sp.Symbol(f"{name}_{j + 1}{k + 1}", real=True))


def grad(f: type[Generic], at: sp.Matrix) -> sp.Matrix:
    """The gradient of a generic function at a point, as named partials."""
    return sp.Matrix([f.partial(k + 1)(*at) for k in range(len(at))])


def d(expr: sp.Expr, variables: sp.Matrix) -> sp.ImmutableMatrix:
    """Unevaluated derivatives of a scalar, one per variable, in the variables' shape."""
    return sp.ImmutableMatrix(variables.rows, variables.cols, lambda j, k: sp.Derivative(expr, variables[j, k]))


class Shown(Defined):
    """An expression displayed under a name; see ``shown``."""

    nargs = 0

    @classmethod
    def written(cls) -> sp.Expr:
        """The expression as the notes write it, before named functions are unfolded."""
        return cls.definition()


def shown(name: str, expr: sp.Expr, pretty: str = "") -> sp.Expr:
    """``expr`` displayed as the symbol ``name`` (e.g. delta^1_2); it unfolds before any proof.

    Only a display device: ``prepare`` replaces it by ``expr`` before differentiating. Named
    functions inside ``expr`` (other names, ReLU, sigma) are unfolded here, since ``unfold`` does
    not look inside what it substitutes.
    """
    written = expr  # as the notes write it (sigma(Z_2), other names): what an export shows
    expr = expr.replace(lambda e: isinstance(e, Defined), lambda e: e.unfold())
    symbol = sp.Symbol(name)
    cls = type(re.sub(r"\W", "", name), (Shown,), {
        "definition": classmethod(lambda c: expr), "written": classmethod(lambda c: written),
        "_sympystr": lambda self, p: name,
        "_pretty": lambda self, p: prettyForm(pretty) if pretty else p._print(symbol),
        "_latex": lambda self, p, exp=None: _power(p._print(symbol), exp)})
    return cls()


class InOrder(Defined):
    """A product displayed with its factors in the order given: a chain as the notes write it.

    Only a display device, like ``Shown``: SymPy's printers sort the factors of a product, so a chain
    dZ1/dW1 dA1/dZ1 dZ2/dA1 ... would print as W2 X (1 - sigma) sigma ...; this one prints them as
    given and unfolds to the plain product before any proof. Nested chains print flat.
    """

    @classmethod
    def definition(cls, *factors: sp.Expr) -> sp.Expr:
        return sp.Mul(*factors)

    def _factors(self) -> list[sp.Expr]:
        return [g for f in self.args for g in (f._factors() if isinstance(f, InOrder) else [f])]

    def _pretty(self, printer):
        parts = [printer._print(f) for f in self._factors()]
        parts = [prettyForm(*p.parens()) if _grouped(f) else p for f, p in zip(self._factors(), parts)]
        return prettyForm.__mul__(*parts)

    def _latex(self, printer, exp=None):
        text = " ".join(rf"\left({printer._print(f)}\right)" if _grouped(f) else printer._print(f)
                        for f in self._factors())
        return _power(text, exp)

    def _sympystr(self, printer):
        return "*".join(f"({printer._print(f)})" if _grouped(f) else printer._print(f)
                        for f in self._factors())


def _grouped(factor: sp.Expr) -> bool:
    """A factor written in parentheses: a sum, or a number (so that (1) reads as a factor)."""
    return factor.is_Add or factor.is_Number or isinstance(factor, SumInOrder)


def in_order(*factors: sp.Expr) -> sp.Expr:
    """The product of ``factors``, printed in this order (see ``InOrder``)."""
    return InOrder(*factors)


class SumInOrder(Defined):
    """A sum displayed with its terms in the order given (2 A2 - 2Y, not -2Y + 2 A2); see ``InOrder``."""

    precedence = PRECEDENCE["Add"]  # so a product or power around it writes it in parentheses: w (1 - alpha w)

    @classmethod
    def definition(cls, *terms: sp.Expr) -> sp.Expr:
        return sp.Add(*terms)

    def _joined(self, show) -> str:
        text = show(self.args[0])
        for t in self.args[1:]:
            text += f" - {show(-t)}" if t.could_extract_minus_sign() else f" + {show(t)}"
        return text

    def _pretty(self, printer):
        form = printer._print(self.args[0])
        for t in self.args[1:]:
            sign, term = (" - ", -t) if t.could_extract_minus_sign() else (" + ", t)
            form = prettyForm(*stringPict.next(form, sign, printer._print(term)))
        form.binding = prettyForm.ADD
        return form

    def _latex(self, printer, exp=None):
        return _power(self._joined(printer._print), exp)

    def _sympystr(self, printer):
        return self._joined(printer._print)


def _power(text: str, exp) -> str:
    """``text`` raised to ``exp`` (SymPy passes a power of a function call to its _latex)."""
    return text if exp is None else rf"\left({text}\right)^{{{exp}}}"


# ---------------------------------------------------------------- header entries
# Every named quantity a step uses is defined in its derivation's header, so that a step such as
# d/dz ReLU(z) = ReLU'(z) does not read as circular (issue 13). Words, not claims: never proved.

SIGMA = ("sigma(z)", "1/(1 + exp(-z)), the logistic sigmoid")
RELU = ("ReLU(z)", "max(0, z)")
RELU_PRIME = ("ReLU'(z)", "[z > 0]: 1 if z > 0, 0 if z < 0 (0 at the kink z = 0 by convention)")
PHI = (("phi", "any differentiable activation"), ("phi'", "d phi/dz, its named derivative"))


def named_function(name: str, words: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """Header entries for a generic function of several arguments and its named partials d_k."""
    return (name, words), (f"d_k {name}", f"the partial derivative of {name} with respect to its k-th argument")
