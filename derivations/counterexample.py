"""Counterexamples: exact rational points inside the symbols' assumptions where two sides differ.

A difference counts only if it is clearly non-zero at 50 digits and confirmed at 80, so rounding
can never fake a refutation. Points come first from small distinct values (1/2, -1/3, 2, ...),
then from a seeded random search; integer symbols (sizes, indices) are substituted before sums are
expanded, and the indexed entries that expansion reveals get seeded values of their own. A point
where some intermediate value is not real (sqrt or log of a negative number) is skipped. A failed
search proves nothing: the claim is then undecided, with the count of points that agreed.
"""
from __future__ import annotations

import random
import re
from fractions import Fraction
from typing import Any, Iterator

import sympy as sp
from sympy.core.function import AppliedUndef

#: points in a row where an undefined function stops the comparison before the search gives up
OPAQUE_POINTS = 3


def _entries(expr: Any) -> list[sp.Expr]:
    return list(expr) if isinstance(expr, sp.MatrixBase) else [expr]


_POSITIVE = [Fraction(1, 2), Fraction(3, 2), Fraction(2), Fraction(1, 7), Fraction(5), Fraction(3, 4), Fraction(1)]
_REAL = [Fraction(1, 2), Fraction(-1, 3), Fraction(2), Fraction(0), Fraction(-3, 2), Fraction(1), Fraction(5, 7)]


def _candidates(var: sp.Basic) -> list[Fraction]:
    facts = var.assumptions0 if isinstance(var, sp.Symbol) else {}
    if facts.get("integer"):
        if facts.get("positive"):
            return [Fraction(k) for k in (1, 2, 3, 4)]
        if facts.get("nonnegative"):
            return [Fraction(k) for k in (0, 1, 2, 3)]
        return [Fraction(k) for k in (1, 0, -1, 2, 3)]
    if facts.get("positive"):
        return _POSITIVE
    if facts.get("nonnegative"):
        return [Fraction(0)] + _POSITIVE
    if facts.get("negative"):
        return [-v for v in _POSITIVE]
    return _REAL


def _points(variables: list[sp.Basic], count: int, seed: int = 0) -> Iterator[dict]:
    """Deterministic points first (distinct small values), then seeded random rationals."""
    pools = [_candidates(v) for v in variables]
    for shift in range(3):
        yield {v: pool[(i + shift) % len(pool)] for i, (v, pool) in enumerate(zip(variables, pools))}
    if any(pool[0] == 0 and min(pool) == 0 for pool in pools):  # a bound t >= c: try t = c itself
        yield {v: pool[0] if min(pool) == 0 else pool[i % len(pool)]
               for i, (v, pool) in enumerate(zip(variables, pools))}
    rng = random.Random(seed)
    for _ in range(count):
        point = {}
        for v, pool in zip(variables, pools):
            value = rng.choice(pool)
            if not getattr(v, "is_integer", False) and rng.random() < 0.5:
                if all(p >= 0 for p in pool) or all(p < 0 for p in pool):
                    value *= Fraction(rng.randint(1, 9), rng.randint(1, 9))  # keeps the sign
                else:
                    value += Fraction(rng.randint(-9, 9), rng.randint(2, 11))
            point[v] = value
        yield point


def _instantiate(exprs: list[Any], point: dict, rng: random.Random) -> tuple[list[Any], list[tuple]]:
    """Substitute integer symbols first and evaluate Sums, then give every real variable a value.

    Indexed entries that appear only once a Sum is expanded (w[1], w[2], ...) get seeded random
    rationals, recorded in ``point`` so a counterexample names them and both sides share them.
    Also returns the intermediate values that must be real there (see ``_guards``).
    """
    ints = {v: _rational(val) for v, val in point.items() if getattr(v, "is_integer", False)}
    if ints:
        exprs = [e.subs(ints).doit() for e in exprs]
    for e in exprs:
        for entry in sorted(e.atoms(sp.Indexed) - set(point), key=str):
            point[entry] = Fraction(rng.randint(-9, 9), rng.randint(1, 7))
    rest = {v: _rational(val) for v, val in point.items() if v not in ints}
    guards = [(kind, tuple(a.subs(rest) for a in args)) for kind, args in _guards(exprs)]
    return [e.subs(rest) for e in exprs], guards


def _guards(exprs: list[Any]) -> list[tuple[str, tuple]]:
    """What must hold for every intermediate value to be real: a point failing one is skipped.

    The base of a power whose exponent is not an integer must be >= 0 (sqrt(x) sqrt(x^3) is real
    at x = -1/3 only through imaginary factors), a log's argument > 0, asin's and acos's in
    [-1, 1], and every function's arguments real. Checked on the symbolic form, since a number
    like sqrt(-1/3) is rewritten as soon as it is built.
    """
    found: set[tuple[str, tuple]] = set()
    for e in exprs:
        for power in e.atoms(sp.Pow):
            if power.exp.is_integer is not True:
                found.add(("power", (power.base, power.exp)))
        for f in e.atoms(sp.Function):
            kind = "positive" if isinstance(f, sp.log) else "unit" if isinstance(f, (sp.asin, sp.acos)) else "real"
            found |= {(kind, (a,)) for a in f.args if isinstance(a, sp.Expr) and not a.is_number}
    return sorted(found, key=sp.default_sort_key)


def _real_intermediates(guards: list[tuple[str, tuple]]) -> bool:
    """Every guard holds at this point (a value that cannot be evaluated fails)."""
    for kind, args in guards:
        if kind == "power" and args[1].is_integer:
            continue  # the exponent is an integer here: any real base will do
        value = _evaluate(args[0], 30, exact_real=True)
        if value is None:
            return False
        if kind == "power" and not (args[0].is_zero or value > 0):
            return False
        if kind == "positive" and not value > 0:
            return False
        if kind == "unit" and not -1 <= value <= 1:
            return False
    return True


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def variables(expr: Any) -> list[sp.Basic]:
    """Scalar variables of an expression: plain symbols and indexed entries like x[j]."""
    bound = {v for s in expr.atoms(sp.Sum, sp.Product) for v in s.variables}
    out = {s for s in expr.free_symbols if isinstance(s, (sp.Symbol, sp.Indexed))}
    out = {s for s in out if not (isinstance(s, sp.Indexed) and s.free_symbols & bound)}
    bases = {i.base.label for i in expr.atoms(sp.Indexed)}
    return sorted(out - bases - bound, key=lambda v: (isinstance(v, sp.Indexed), str(v)))


def _evaluate(expr: sp.Expr, digits: int, exact_real: bool = False) -> sp.Expr | None:
    """The real value of ``expr`` at ``digits`` digits, or None (undefined, infinite, or not real).

    A value whose imaginary part is below rounding counts as real unless ``exact_real``.
    """
    try:
        value = expr.evalf(digits, strict=False)
    except Exception:  # evaluation failure at this point (e.g. a pole): skip the point
        return None
    if not value.is_number or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    if value.is_real is not True:
        if exact_real and not expr.is_extended_real:
            return None
        re, im = value.as_real_imag()
        if abs(im) > sp.Float(10) ** (-digits // 2):
            return None
        value = re
    return value


def _differs(left: sp.Expr, right: sp.Expr) -> bool | None:
    """True when the sides differ at 50 digits and the difference is confirmed at 80 digits."""
    values = []
    for digits in (50, 80):
        l, r = _evaluate(left, digits), _evaluate(right, digits)
        if l is None or r is None:
            return None
        scale = max(abs(l), abs(r), sp.Integer(1))
        if abs(l - r) <= scale * sp.Float(10) ** (10 - digits):  # within rounding at this precision
            return False
        values.append(abs(l - r))
    return abs(values[0] - values[1]) <= values[1] / 1000


def _off_kink(g: sp.Expr) -> bool | None:
    """g is clearly non-zero at this point; None when that cannot be told."""
    if g.is_zero:
        return False
    value = _evaluate(g, 30)
    return None if value is None else bool(abs(value) > sp.Float(10) ** -20)


def _fmt(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _number(value: sp.Expr) -> float | str:
    f = float(value)
    return f if abs(f) < 1e300 else str(value)


def search_counterexample(lhs: Any, rhs: Any, count: int = 24, originals=(), hint=(),
                          avoid=()) -> tuple[dict | None, int]:
    """A point where the sides really differ (at 50 and 80 digits), and how many points agreed.

    ``originals`` are the reparametrisations applied before (reported in the original symbols);
    ``hint`` names variables that must get values even if neither side mentions them. Points where
    an ``avoid`` expression is 0 (a kink where a derivative does not exist) are skipped, and so are
    points where any intermediate value of either side is not real.
    """
    names = list(dict.fromkeys(variables(lhs) + variables(rhs) + list(hint)))
    rng, agreed, opaque = random.Random(1), 0, 0
    for point in _points(names, count):
        if opaque >= OPAQUE_POINTS:
            break  # an undefined function has no value at any point: no counterexample this way
        try:
            (left_all, right_all, *kinks), guards = _instantiate([lhs, rhs, *avoid], point, rng)
            if not _real_intermediates(guards) or any(_off_kink(g) is not True for g in kinks):
                continue
        except Exception:  # a substitution outside the domain (e.g. 0 in a denominator)
            continue
        for k, (left, right) in enumerate(zip(_entries(left_all), _entries(right_all))):
            if _undefined(left) or _undefined(right):
                opaque += 1
                break
            try:
                verdict = _differs(left, right)
            except (TypeError, ValueError, ArithmeticError):  # not comparable here (e.g. f(1/2)): skip
                verdict = None
            if verdict is None:
                break
            if verdict:
                return _report(point, originals, left_all, k, left, right), agreed
        else:
            agreed += 1
            opaque = 0
    return None, agreed


def _undefined(expr: sp.Expr) -> bool:
    """A call of an undefined function is left at the point (``g(1/2)``, ``g'(1/2)``): it has no
    value, and SymPy would spend seconds differentiating it numerically before giving up."""
    return bool(expr.atoms(AppliedUndef))


def _report(point: dict, originals, whole: Any, k: int, left: sp.Expr, right: sp.Expr) -> dict:
    found: dict[str, Any] = {str(v): _fmt(val) for v, val in point.items()}
    exact = {v: _rational(val) for v, val in point.items()}
    for old, new in reversed(originals):  # e.g. a = 1/(1 + t): report a too
        value = sp.sympify(new).subs(exact)
        if value.is_number and value.is_real and value.is_finite and str(old) not in found:
            found[str(old)] = str(value) if value.is_Rational else _number(value.evalf(30))
            exact[old] = value
    if isinstance(whole, sp.MatrixBase):
        found["entry"] = str(divmod(k, whole.shape[1]))
    l, r = _evaluate(left, 30), _evaluate(right, 30)
    close = float(l) == float(r)  # show enough digits to see the difference
    found["lhs"] = str(l) if close else _number(l)
    found["rhs"] = str(r) if close else _number(r)
    found["lhs_text"], found["rhs_text"] = _text(left, l, close), _text(right, r, close)
    return found


def _text(exact: sp.Expr, value: sp.Expr, close: bool) -> str:
    """The value as a reader wants it: exact when it is a rational number (1/4), else 6
    significant digits (or all 30 when the two sides agree to 6)."""
    if isinstance(exact, sp.Rational):
        return str(exact)
    return str(value) if close else f"{float(value):.6g}"


_EXACT = re.compile(r"-?[0-9]{1,60}(/[0-9]{1,60})?")


def _fraction(text: Any) -> Fraction | None:
    """An exact value as ``_fmt`` writes it ("3", "-1/2"), or None: nothing else is parsed."""
    if not isinstance(text, str) or not _EXACT.fullmatch(text):
        return None
    value = Fraction(text)
    return value if value.denominator != 0 else None


def _respects(var: sp.Basic, value: Fraction) -> bool:
    """``value`` lies inside the symbol's assumptions (sign, integer)."""
    facts = var.assumptions0 if isinstance(var, sp.Symbol) else {}
    checks = {"integer": value.denominator == 1, "positive": value > 0, "nonnegative": value >= 0,
              "negative": value < 0, "nonpositive": value <= 0, "nonzero": value != 0, "zero": value == 0}
    return all(ok for fact, ok in checks.items() if facts.get(fact))


def confirms(lhs: Any, rhs: Any, found: dict, avoid=()) -> bool:
    """A stored counterexample still is one: at its point (exact values read by name, each inside
    its symbol's assumptions, away from every ``avoid`` kink, every intermediate value real) the
    sides differ at 50 digits, confirmed at 80. False when anything is missing or does not hold."""
    try:
        exprs = [lhs, rhs, *avoid]
        names = list(dict.fromkeys(v for e in exprs for v in variables(e)))
        point = {}
        for v in names:
            value = _fraction(found.get(str(v)))
            if value is None or not _respects(v, value):
                return False
            point[v] = value
        ints = {v: _rational(val) for v, val in point.items() if getattr(v, "is_integer", False)}
        if ints:
            exprs = [e.subs(ints).doit() for e in exprs]
            for v in dict.fromkeys(v for e in exprs for v in variables(e)):  # entries the sums revealed
                value = _fraction(found.get(str(v)))
                if value is None:
                    return False
                point[v] = value
        rest = {v: _rational(val) for v, val in point.items() if v not in ints}
        guards = [(kind, tuple(a.subs(rest) for a in args)) for kind, args in _guards(exprs)]
        left_all, right_all, *kinks = [e.subs(rest) for e in exprs]
        if not _real_intermediates(guards) or any(_off_kink(g) is not True for g in kinks):
            return False
        return any(bool(_differs(left, right)) for left, right in zip(_entries(left_all), _entries(right_all)))
    except Exception:  # whatever fails to evaluate confirms nothing
        return False
