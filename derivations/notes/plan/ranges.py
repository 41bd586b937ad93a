"""Side conditions between names: index ranges, orderings, constraints (``domain.py`` reads the rest).

Each understood clause becomes a substitution whose image is exactly the clause's set, so a proof and a
counterexample both stay inside it (the reparametrisations of proof-core.md):

- ``1 \\le j \\le n`` (integers): n = j + d_n, j = 1 + d_j, with d_n, d_j nonnegative integers;
- ``j > i``, ``j \\ge i + 1`` (integers): j = i + 1 + d_j; ``x > c``, ``x < c`` (a real name x, any c
  without x): x = c + t_x, x = c - t_x with t_x positive;
- ``y_2 = 1 - y_1`` (a name, and an expression without it): y_2 is replaced by the expression.

``\\sum_{i=1}^{n} y_i = 1`` (an expression that is not a name) is a ``Partial`` substitution: the sum
is replaced where it occurs, which proves the claim on the set, but a counterexample found after it
need not lie in the set, so it can only leave the link undecided.
"""
from __future__ import annotations

import sympy as sp

Substitution = tuple[sp.Basic, sp.Basic]


class Partial(list):
    """Substitutions that prove on the clause's set but cannot place a counterexample in it."""


def reparametrise(values: list, ops: list) -> list[Substitution] | None:
    """The substitutions for one clause ``values[0] ops[0] values[1] ...``, or None if not one of ours."""
    if len(values) == 3 and ops == [sp.Le, sp.Le]:
        return _index_range(*values)
    if len(values) != 2 or len(ops) != 1:
        return None
    left, right = values
    op = ops[0]
    if op is sp.Eq:
        return _constraint(left, right)
    if not isinstance(left, sp.Symbol):
        flipped = {sp.Lt: sp.Gt, sp.Le: sp.Ge, sp.Gt: sp.Lt, sp.Ge: sp.Le}.get(op)
        if isinstance(right, sp.Symbol) and flipped:
            left, right, op = right, left, flipped
        else:
            return _linear_bound(left - right, op)
    if left in right.free_symbols or isinstance(right, sp.MatrixBase):
        return None
    if left.is_integer and right.is_integer:
        return _integer_bound(left, right, op)
    if left.is_real and right.is_real is not False and op in (sp.Gt, sp.Lt):
        t = sp.Symbol(f"t_{left}", positive=True)
        return [(left, right + t)] if op is sp.Gt else [(left, right - t)]
    return None


def _linear_bound(d: sp.Basic, op) -> list[Substitution] | None:
    """``w x + b > 0``: solved for a real name it holds linearly with a numeric coefficient and
    outside any sum (b > -w x), then as above. For an entry (``\\sum_k w_{kj} x_k + b_j > 0``, b_j)
    the substitution proves on the set, but a sum of the same family elsewhere in the link would not
    see it: a Partial, so no counterexample rests on it."""
    if op not in (sp.Gt, sp.Lt) or not isinstance(d, sp.Expr) or isinstance(d, sp.MatrixBase):
        return None
    outside = sp.Add(*[t for t in sp.Add.make_args(sp.expand(d)) if not t.has(sp.Sum)])
    leaves = sorted((x for x in outside.free_symbols | outside.atoms(sp.Indexed)
                     if isinstance(x, (sp.Symbol, sp.Indexed)) and x.is_real and not x.is_integer),
                    key=sp.default_sort_key, reverse=True)
    for v in leaves:
        if any(v in s.free_symbols or v in s.atoms(sp.Indexed) for s in d.atoms(sp.Sum)):
            continue
        dummy = sp.Dummy("v")
        e = sp.expand(d.xreplace({v: dummy}))
        c = e.coeff(dummy, 1)
        rest = e - c * dummy
        if not (c.is_number and c.is_real and c != 0) or dummy in rest.free_symbols:
            continue
        bound = -rest / c
        t = sp.Symbol(f"t_{v}", positive=True)
        above = (op is sp.Gt) == bool(c > 0)
        found = [(v, bound + t if above else bound - t)]
        return Partial(found) if isinstance(v, sp.Indexed) or bound.has(sp.Sum) else found
    return None


def _index_range(low, j, n) -> list[Substitution] | None:
    """``low <= j <= n`` for an integer j and a count n: n = j + d_n, then j = low + d_j."""
    if not (isinstance(j, sp.Symbol) and isinstance(n, sp.Symbol) and j.is_integer and n.is_integer
            and low.is_Integer):
        return None
    if n.is_positive and low < 1:  # n is a count: values n <= 0 would lie outside the file's own range
        return None
    return [(n, j + _gap(n)), (j, low + _gap(j))]


def _integer_bound(x: sp.Symbol, bound: sp.Expr, op) -> list[Substitution] | None:
    if op is sp.Gt:
        return [(x, bound + 1 + _gap(x))]
    if op is sp.Ge:
        return [(x, bound + _gap(x))]
    if op is sp.Lt:
        return [(x, bound - 1 - _gap(x))]
    if op is sp.Le:
        return [(x, bound - _gap(x))]
    return None


def _constraint(left, right) -> list[Substitution] | None:
    if isinstance(left, sp.Symbol) and left not in right.free_symbols and not isinstance(right, sp.MatrixBase):
        return [(left, right)]
    if isinstance(right, sp.Symbol) and right not in left.free_symbols and not isinstance(left, sp.MatrixBase):
        return [(right, left)]
    if isinstance(left, (sp.Sum, sp.Add, sp.Mul)) and right.is_number:
        return Partial([(left, right)])
    return None


def _gap(x: sp.Symbol) -> sp.Symbol:
    return sp.Symbol(f"d_{x}", integer=True, nonnegative=True)


def compose(earlier: list, found: list) -> list | None:
    """``found`` after the substitutions of ``earlier`` clauses, or None if it would be lost.

    Substitutions are applied in order, so a clause's image is rewritten in the variables that remain
    (``w > 0, b > -w``: b = -t_w + t_b); a clause on a name an earlier clause already replaced
    (``x > 0, x < 1``) would silently do nothing, so it is not used (the link cannot be refuted).
    """
    replaced = {x for x, _ in earlier}
    out = []
    for x, e in found:
        if x in replaced:
            return None
        for old, new in earlier:
            e = e.subs(old, new)
        out.append((x, e))
    return type(found)(out)
