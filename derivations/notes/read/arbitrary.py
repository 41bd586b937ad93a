"""Functions the notes declare arbitrary: ``<!-- gradproof: function C \\varphi -->``.

A declared function is any differentiable function, known only by name: ``C(a, b)`` is a call (never
a product), ``\\partial_{k} C(a, b)`` is its partial derivative in the k-th argument at (a, b), and
``\\varphi'(z)`` the derivative of a function of one argument. The chain rule is the only rule: a
derivative of ``C(u(x), v(x))`` is ``\\partial_1 C(u, v) u' + \\partial_2 C(u, v) v'``, so a claim is
proved only if it holds for every such function.

A counterexample needs numbers: each declared function has one fixed numeric instance (1 argument:
u + sin(u)/2; more: a polynomial that is not symmetric in its arguments), and its partials are the
partials of that instance. A claim false for the instance is false for "every function", so the
refutation stands; no proof ever evaluates the instance.
"""
from __future__ import annotations

import sympy as sp
from sympy.core.evalf import prec_to_dps

from . import derivatives
from .scripts import split_commas


class Arbitrary(sp.Function):
    """``Arbitrary(Str(name), Tuple(k, ...), *args)``: name's partial in arguments k, ... at args.

    The name is a ``Str`` (no free symbol) and the partials a sorted tuple, so equal derivatives are
    one object; a module-level class, so it crosses to the worker processes.
    """

    @classmethod
    def eval(cls, *args):
        return None

    @property
    def name(self) -> str:
        return self.args[0].name

    @property
    def partials(self) -> tuple[int, ...]:
        return tuple(int(k) for k in self.args[1])

    @property
    def arguments(self) -> tuple:
        return self.args[2:]

    def _eval_derivative(self, s):
        terms = []
        for k, a in enumerate(self.arguments, start=1):
            da = sp.diff(a, s)
            if da != 0:
                terms.append(call(self.name, (*self.partials, k), self.arguments) * da)
        return sp.Add(*terms)

    def _eval_is_real(self):
        return all(a.is_real for a in self.arguments) or None

    def _eval_evalf(self, prec):
        values = [a.evalf(prec_to_dps(prec)) for a in self.arguments]
        if not all(v.is_Number for v in values):
            return None
        u = sp.symbols(f"u_1:{len(values) + 1}")
        f = instance(u)
        for k in self.partials:
            f = sp.diff(f, u[k - 1])
        return f.subs(dict(zip(u, values))).evalf(prec_to_dps(prec))

    def _sympystr(self, printer) -> str:
        marks = "".join(f"d{k}" for k in self.partials)
        head = f"{marks} {self.name}" if marks else self.name
        return f"{head}({', '.join(printer._print(a) for a in self.arguments)})"


def call(name: str, partials: tuple[int, ...], args) -> Arbitrary:
    return Arbitrary(sp.core.symbol.Str(name), sp.Tuple(*sorted(partials)), *args)


def instance(u: tuple) -> sp.Expr:
    """The numeric stand-in of a declared function of len(u) arguments (see the module docstring)."""
    if len(u) == 1:
        return u[0] + sp.sin(u[0]) / 2
    return sum((a - sp.Rational(k, 3)) ** 2 * (1 + a * u[0] / 5) for k, a in enumerate(u, 1))


class Maker:
    """What ``Names.function`` returns for a declared function: called like a SymPy function class."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args) -> Arbitrary:
        return call(self.name, (), args)


def partial(p) -> sp.Basic:
    """``\\partial_{k} C(a, b)`` for a declared C; any other ``\\partial`` is ``\\partial J / \\partial a``."""
    t = p.peek()
    after = p.peek(1)
    if after is None or after.value != "_":
        return derivatives.partial_slash(p)
    start = p.i
    p.next(), p.next()
    script = p.read_script(after)
    k = "".join(x.value for x in script)
    name_token = p.peek()
    if not (k.isdigit() and int(k) >= 1 and name_token is not None):
        p.i = start
        return derivatives.partial_slash(p)
    name, indices = p.bare_name(stop_at_power=True)
    if name not in p.names.arbitrary or indices is not None or not p.at("("):
        p.fail("\\partial_k applies to a declared function and its arguments, as in \\partial_{1} C(a, b) "
               "with <!-- gradproof: function C -->", t)
    args = [p.sub(part).whole() for part in split_commas(p.take_group(p.next()))]
    if int(k) > len(args):
        p.fail(f"{name} has {len(args)} arguments, so it has no partial derivative {k}", t)
    return call(name, (int(k),), args)


def instance_words(*exprs) -> str:
    """For a refutation: which instance each declared function had at the counterexample, or ''."""
    arities: dict[str, int] = {}
    for e in exprs:
        for a in (e.atoms(Arbitrary) if isinstance(e, sp.Basic) else ()):
            arities[a.name] = len(a.arguments)
    if not arities:
        return ""
    said = [f"{name}(u) = u + sin(u)/2" if k == 1 else
            f"{name}(u_1, ..., u_{k}) = sum_m (u_m - m/3)^2 (1 + u_m u_1/5)" for name, k in sorted(arities.items())]
    return f" (for the declared functions as {'; '.join(said)}: false for one, false for every function)"
