"""Indices in sums: written-out entries, and the range a free index is assumed to lie in.

``\\sum_{i=1}^{3} w_i x_i`` is written out, and its entries w[1], w[2], ... become the names
``w_1``, ``w_2`` that the notes write by hand, so that ``= w_1 x_1 + w_2 x_2 + w_3 x_3`` is one
claim about one set of names. A free index j next to a sum over i of the same name
(``\\frac{\\partial}{\\partial w_j} \\sum_{i=1}^{n} w_i x_i = x_j``) is assumed to lie in the sum's
range, as the notes mean it: n = j + e and j = 1 + d with d, e nonnegative integers (the
reparametrisation of proof-core.md), and the report says so.
"""
from __future__ import annotations

import re

import sympy as sp

MAX_WRITTEN_OUT = 200  # terms of a sum with numeric limits that are written out


def write_out(expr: sp.Basic) -> sp.Basic:
    """Short sums with numeric limits written out; entries with numeric indices become names."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(write_out))
    expr = expr.replace(_short_numeric_sum, lambda s: s.doit())
    return expr.xreplace({e: _entry_name(e) for e in expr.atoms(sp.Indexed)
                          if all(i.is_Integer and i >= 0 for i in e.indices)})


def _short_numeric_sum(e: sp.Basic) -> bool:
    if not isinstance(e, (sp.Sum, sp.Product)) or len(e.limits) != 1:
        return False
    _, lo, hi = e.limits[0]
    return lo.is_Integer and hi.is_Integer and 0 <= hi - lo < MAX_WRITTEN_OUT


def _entry_name(e: sp.Indexed) -> sp.Symbol:
    """w[1] is the name w_1 and w[1, 2] the name w_12, as the notes write them."""
    digits = "".join(str(i) for i in e.indices)
    return sp.Symbol(f"{e.base.label}_{digits}", real=True)


def index_domain(lhs: sp.Basic, rhs: sp.Basic, context: tuple = ()) -> tuple[tuple, str, bool]:
    """Substitutions that put each free index inside the range of the sum it goes with; the words
    for the report; and whether an index next to a sum was left without a range (then a
    refutation might rest on an index outside it).

    ``context`` holds the link as written and the definitions it uses: a sum inside a definition
    (``\\bar{x} := \\frac{1}{m}\\sum_i x_i``) still gives the range of x_j, even where a
    derivative has already turned the sum into a number.
    """
    exprs = [x for side in (lhs, rhs) for x in (side if isinstance(side, sp.MatrixBase) else [side])]
    seen = exprs + [x for side in context for x in (side if isinstance(side, sp.MatrixBase) else [side])]
    sums = [s for x in seen for s in x.atoms(sp.Sum)]
    free = set().union(*[x.free_symbols for x in seen]) if seen else set()
    indexed = set().union(*[x.atoms(sp.Indexed) for x in seen]) if seen else set()
    subs, words, used = [], [], set()
    for j in sorted((s for s in free if s.is_integer and not s.is_positive), key=str):
        bases_j = {x.base for x in indexed if j in x.indices}
        for s in sums:
            i, lo, hi = s.limits[0]
            bases_i = {x.base for x in s.function.atoms(sp.Indexed) if i in x.indices}
            if bases_i & bases_j and lo.is_Integer and isinstance(hi, sp.Symbol) and hi.is_integer \
                    and hi not in used:
                used.add(hi)
                rest = sp.Symbol(f"{hi}-{j}", integer=True, nonnegative=True)
                offset = sp.Symbol(f"{j}-{lo}", integer=True, nonnegative=True)
                subs += [(hi, j + rest), (j, lo + offset)]
                words.append(f"{lo} <= {j} <= {hi}")
                break
    summed = {x.base for s in sums for x in s.function.atoms(sp.Indexed)}
    loose = any(x.base in summed and (set(x.indices) & free) - {j for j, _ in subs[1::2]}
                for x in indexed if not any(i.is_positive for i in x.indices))
    return tuple(subs), ", ".join(words), loose


def entry_lookalike(a: sp.Basic, b: sp.Basic) -> bool:
    """``w_1`` (a name) beside entries ``w[i]`` of w: one quantity to a reader, two to SymPy."""
    for name, entry in ((a, b), (b, a)):
        if isinstance(name, sp.Symbol) and isinstance(entry, sp.Indexed):
            match = re.fullmatch(r"(.+)_\d+", name.name)
            if match and match.group(1) == str(entry.base.label):
                return True
    return False
