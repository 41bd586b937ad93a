"""A refutation that stands under every reading of a look-alike name.

A counterexample that gives ``\\mathbf{w}`` and the entries ``w[i, j]`` unrelated values proves
nothing by itself: the notes may mean the one made of the others. But when the claim fails at the
counterexample *whatever value* the look-alike name takes (every other name kept at its value), it
fails under every reading: a separate name, the same name as its look-alike, or (for a bold or
vector name) a vector of the look-alike's entries. So the refutation stands.

Soundness, step by step:
- one name, a plain symbol present in every look-alike pair, is let free; every other name takes
  its exact counterexample value (integers first, so sums write out, as the counterexample did);
- what remains must be a polynomial in that name with rational coefficients and nothing else free;
  its real roots are counted exactly (Sturm): none means the sides differ for every real value;
- the name may stand for a vector (bold, or a plain name the notes use as one), whose square is a
  squared norm (a number >= 0) and whose first power is no number at all: it is let free only when
  it appears in even powers alone, so that every value its square can take under a vector reading
  is one the check covered.
"""
from __future__ import annotations

import re
from fractions import Fraction

import sympy as sp

from ...counterexample import variables


def fails_for_every_value(lhs: sp.Basic, rhs: sp.Basic, found: dict | None,
                          pairs: list[tuple[sp.Basic, sp.Basic]]) -> sp.Symbol | None:
    """The look-alike name whose every value still breaks the claim at ``found``, or None."""
    if not found or not pairs or isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return None
    for free in _shared(pairs):
        try:
            if _no_real_value_fits(lhs, rhs, found, free):
                return free
        except (TypeError, ValueError, AttributeError, NotImplementedError, sp.PolynomialError):
            continue  # whatever fails to evaluate frees nothing
    return None


def same_entry(lhs: sp.Expr, rhs: sp.Expr, found: dict, free: sp.Symbol) -> None:
    """Show x_1 with the value of x[1] when the counterexample has it, and the sides' values there:
    the claim fails whatever x_1 is, so also where x_1 is entry 1 of x, the reading then shown."""
    match = re.fullmatch(r"(.+)_(\d)", str(free))
    entry = f"{match.group(1)}[{match.group(2)}]" if match else None
    if entry is None or not isinstance(found.get(entry), str):
        return
    moved = dict(found, **{str(free): found[entry]})
    sides = _at_point([lhs, rhs], moved)
    if sides is None or not all(isinstance(x, sp.Rational) for x in sides) or sides[0] == sides[1]:
        return
    found.update(moved)
    found["lhs"], found["rhs"] = found["lhs_text"], found["rhs_text"] = str(sides[0]), str(sides[1])


def _shared(pairs: list[tuple[sp.Basic, sp.Basic]]) -> list[sp.Symbol]:
    """The plain, commutative, non-integer symbols that belong to every pair."""
    common = set(pairs[0])
    for pair in pairs[1:]:
        common &= set(pair)
    return sorted((s for s in common if isinstance(s, sp.Symbol) and s.is_commutative
                   and not s.is_integer), key=str)


def _no_real_value_fits(lhs: sp.Expr, rhs: sp.Expr, found: dict, free: sp.Symbol) -> bool:
    """True when lhs - rhs, with every name but ``free`` at its counterexample value, is a
    polynomial in ``free`` with rational coefficients and no real root."""
    sides = _at_point([lhs, rhs], found, free)
    if sides is None:
        return False
    left, right = sides
    if (left.free_symbols | right.free_symbols) - {free}:
        return False
    difference = sp.expand(left - right)
    if not difference.is_polynomial(free):
        return False
    poly = sp.Poly(difference, free)
    if poly.domain not in (sp.ZZ, sp.QQ) or poly.is_zero:
        return False
    if any(k % 2 for (k,) in poly.monoms()):
        return False  # a vector's odd power is no number: the scalar check would not cover it
    return poly.degree() == 0 or poly.count_roots() == 0


def _at_point(sides: list, found: dict, free: sp.Symbol | None = None) -> list | None:
    """The sides with every name but ``free`` at its exact value in ``found`` (integers first, so
    that sums write out as the counterexample did), or None when a value is missing."""
    ints = {v: value for v in _names(sides) if v.is_integer and (value := _exact(found, v)) is not None}
    if any(v.is_integer and v not in ints for v in _names(sides)):
        return None
    sides = [s.subs(ints).doit() for s in sides]
    rest = {}
    for v in _names(sides):
        if v == free:
            continue
        value = _exact(found, v)
        if value is None:
            return None
        rest[v] = value
    return [s.subs(rest) for s in sides]


def _names(sides: list[sp.Basic]) -> list[sp.Basic]:
    return list(dict.fromkeys(v for s in sides for v in variables(s)))


def _exact(found: dict, v: sp.Basic) -> sp.Rational | None:
    text = found.get(str(v))
    if not isinstance(text, str):
        return None
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None
    return sp.Rational(value.numerator, value.denominator)
