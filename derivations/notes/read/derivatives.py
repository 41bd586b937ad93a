"""Derivatives as the notes write them: ``\\frac{dJ}{da}``, ``\\frac{\\partial^2 f}{\\partial x^2}``,
``\\frac{d}{dx}`` applied to the rest of the term, ``dJ/da``, ``\\partial J / \\partial a``, ``\\nabla``.

Each becomes a ``Diff`` marker; what J means is settled later, from the file's definitions.
A fraction is a derivative only when its denominator is d or \\partial followed by names; a power
there is the order (``\\partial x^2``), so ``\\partial a^L`` is refused with a hint, never guessed.
"""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from . import algebra
from .algebra import is_matrix
from .markers import Diff
from .tokens import Token

TEXT_WORDS = {r"\text", r"\textrm", r"\mbox", r"\mathrm", r"\operatorname", r"\operatorname*",
              r"\mathit", r"\textit", r"\textbf", r"\textsf", r"\mathsf", r"\texttt", r"\mathtt",
              r"\textnormal"}


def is_d(t: Token) -> bool:
    if t.kind == "letter":
        return t.value == "d"
    if t.kind == "cmd":
        return t.value == r"\partial"
    return t.kind == "text" and (t.arg or "").strip() == "d" and t.value in TEXT_WORDS


def frac(p) -> sp.Basic:
    p.next()
    num, den = p.read_argument(), p.read_argument()
    return fraction(p, num, den)


def fraction(p, num: list[Token], den: list[Token]) -> sp.Basic:
    """``\\frac{num}{den}`` or ``{num \\over den}``: a derivative when the denominator is d or
    \\partial followed by names, else a quotient."""
    variables = _denominator(p, den)
    if variables is None and num and den and num[0].kind == den[0].kind == "letter" \
            and num[0].value == den[0].value == "d" and (len(num) == 1 or num[1].value == "^"):
        p.fail("\\frac{d^n}{dx^n} needs a whole order from 1 to 30 on both, and a name after d; d is "
               "never read as a variable here", num[0])  # never the fraction d/(d x): a guess
    if variables is None:
        named_partial = len(num) > 1 and num[0].value == r"\partial" and num[1].value == "_"
        if not named_partial and any(t.value == r"\partial" for t in num[:1] + den[:1]):
            p.fail("\\partial outside a derivative: write \\frac{\\partial f}{\\partial x}", (num or den)[0])
        return p._combine(algebra.div, p.sub(num).whole(), p.sub(den).whole())
    if not num or not is_d(num[0]):
        p.fail("a derivative's denominator under something that is not d or \\partial", den[0])
    order, k = 1, 1
    if len(num) > 2 and num[1].value == "^":
        braced = num[2].value == "{" and len(num) > 4 and num[4].value == "}"
        order, k = _order(p, num[3] if braced else num[2]), 5 if braced else 3
    if order != sum(n for _, n in variables):
        p.fail(f"the orders of this derivative do not match ({order} on top, "
               f"{sum(n for _, n in variables)} below; a power in the denominator is an order)", num[0])
    f = p.sub(num[k:]).whole() if num[k:] else _operand(p, num[0])
    return differentiate(f, variables)


def _operand(p, t: Token) -> sp.Basic:
    """What an operator \\frac{d}{dx} applies to: the rest of its term. ``\\frac{d}{dx} \\cdot f``
    applies it too: an operator times a function has no other meaning."""
    if not p.done() and p.peek().value == r"\cdot" and p.i + 1 < len(p.toks) and p.starts_factor(p.toks[p.i + 1]):
        p.next()
    if p.done() or not p.starts_factor(p.peek()):
        p.fail("nothing to differentiate after \\frac{d}{dx}", t)
    return p.term()


MAX_ORDER = 30  # d^30/dx^30 at most: an order is a small positive integer


def _order(p, t: Token) -> int:
    if t.kind == "num" and t.value.isdigit() and 1 <= int(t.value) <= MAX_ORDER:
        return int(t.value)
    p.fail(f"'^{p.source([t])}' after \\partial reads as the order of the derivative: for a layer, write "
           f"^{{[{p.source([t])}]}} or declare it with <!-- gradproof: layer {p.source([t])} -->", t)
    raise AssertionError


def _denominator(p, den: list[Token]) -> list[tuple[sp.Basic, int]] | None:
    """``dx``, ``\\partial w_1``, ``\\partial x^2``, ``\\partial x \\partial y``; None if not one."""
    if not den or not is_d(den[0]) or len(den) < 2:
        return None
    sub, found = p.sub(den), []
    try:
        while not sub.done():
            t = sub.next()
            if not is_d(t):
                if found and t.value == "_":  # d b^{2}_{1}: neither d/d(b_1^2) nor a derivative, refused
                    break
                return None
            name, indices = sub.bare_name(stop_at_power=True)
            order = 1
            if sub.at("^"):
                mark = sub.next()
                order = _order(p, sub.read_script(mark)[0])
            found.append((variable(p, name, indices, den[0]), order))
    except Exception:
        if den[0].value == r"\partial":
            raise
        return None  # "d" times something: an ordinary fraction
    if not sub.done():
        p.fail("a subscript after a power in a derivative's variable: write a layer as b^{[2]}_{1}, "
               "or declare it with <!-- gradproof: layer ... -->", den[0])
    return found


def variable(p, name: str, indices, t: Token) -> sp.Basic:
    if name in p.names.heads:
        p.fail(f"a derivative with respect to the function {name}", t)
    return p.names.indexed(name, indices) if indices else p.names.symbol(name)


def differentiate(f: sp.Basic, variables: list[tuple[sp.Basic, int]]) -> sp.Basic:
    for v, order in reversed(variables):
        if is_matrix(f):
            f = f.applyfunc(lambda e, v=v, order=order: Diff(e, v, sp.Integer(order)))
        else:
            f = Diff(f, v, sp.Integer(order))
    return f


def slash_derivative_ahead(p) -> bool:
    """``dJ/da`` typed inline: d, a name, /, d, a name."""
    start = p.i
    try:
        p.next()
        if p.peek() is None or p.peek().space:
            return False
        p.bare_name(stop_at_power=True)
        if not (p.at("/") and p.peek(1) is not None and p.peek(1).value == "d"):
            return False
        p.next(), p.next()
        p.bare_name(stop_at_power=True)
        return True
    except Exception:
        return False
    finally:
        p.i = start


def slash_derivative(p) -> sp.Basic:
    p.next()
    t = p.peek()
    name, indices = p.bare_name(stop_at_power=True)
    f = p.names.head_call(name) if name in p.names.heads else variable(p, name, indices, t)
    return differentiate(f, [(_variable_after_slash(p), 1)])


def partial_slash(p) -> sp.Basic:
    """``\\partial J / \\partial a``."""
    t = p.next()
    f = p.factor()
    if not (p.at("/") and p.peek(1) is not None and p.peek(1).value == r"\partial"):
        p.fail("\\partial outside a derivative: write \\frac{\\partial f}{\\partial x}", t)
    return differentiate(f, [(_variable_after_slash(p), 1)])


def _variable_after_slash(p) -> sp.Basic:
    """Skip ``/ d`` (or ``/ \\partial``) and read the variable of differentiation."""
    p.next(), p.next()
    t = p.peek()
    name, indices = p.bare_name(stop_at_power=True)
    return variable(p, name, indices, t)


def nabla(p) -> sp.Basic:
    t = p.next()
    if p.at("_"):
        sub = p.sub(p.read_script(p.next()))
        name, indices = sub.bare_name(stop_at_power=True)
        return differentiate(p.factor(), [(variable(p, name, indices, t), 1)])
    f = p.factor()
    if not isinstance(f, AppliedUndef) or len(set(f.args)) != len(f.args) or not all(
            isinstance(a, sp.Symbol) for a in f.args):
        p.fail("\\nabla needs a function of named variables, such as f(x, y), or \\nabla_w J", t)
    return sp.ImmutableMatrix([Diff(f, a, sp.Integer(1)) for a in f.args])
