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


def rename_bound(expr: sp.Basic, avoid: set, fresh_name=None) -> sp.Basic:
    """``expr`` with each sum's or product's bound index that is in ``avoid`` renamed to a fresh
    one, so that substituting or differentiating by a free index of that name captures nothing:
    d/da_j of sum_j (a_j - y_j)^2 is 2(a_j - y_j), never the sum of every term's derivative.
    ``fresh_name(v)`` makes the new index (a Dummy named like v unless given)."""
    make = fresh_name or (lambda v: sp.Dummy(str(v), integer=True))
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(lambda e: rename_bound(e, avoid, fresh_name)))
    if not avoid or not isinstance(expr, sp.Basic) or not expr.has(sp.Sum, sp.Product):
        return expr

    def fresh(s: sp.Basic) -> sp.Basic:
        clash = {lim[0] for lim in s.limits} & avoid
        if not clash:
            return s
        return s.xreplace({v: make(v) for v in clash})  # the limits hold the bound names too

    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), fresh)


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


def index_domain(lhs: sp.Basic, rhs: sp.Basic, context: tuple = (),
                 order: tuple[sp.Symbol, sp.Symbol] | None = None) -> tuple[tuple, str, bool]:
    """Substitutions that put each free index inside the range of the sum it goes with; the words
    for the report; and whether an index next to a sum was left without a range (then a
    refutation might rest on an index outside it).

    ``context`` holds the link as written and the definitions it uses: a sum inside a definition
    (``\\bar{x} := \\frac{1}{m}\\sum_i x_i``) still gives the range of x_j, even where a
    derivative has already turned the sum into a number.
    ``order = (i, j)`` is one half of ``i \\neq j``: i < j, both inside the range of a sum they
    share (lo <= i < j <= n), so that the two halves together cover every pair of unequal indices.
    """
    seen, sums, free, indexed = _scope(lhs, rhs, context)
    subs, words, used, ranged, handled = [], [], set(), set(), set()

    def range_of(j: sp.Symbol):
        return _range_of(j, indexed, sums, used)

    if order is not None:
        small, big = order
        gap = sp.Symbol(f"{big}-{small}-1", integer=True, nonnegative=True)
        shared = range_of(small)
        if shared is not None and shared == range_of(big):
            lo, hi = shared
            used.add(hi)
            rest = sp.Symbol(f"{hi}-{big}", integer=True, nonnegative=True)
            offset = sp.Symbol(f"{small}-{lo}", integer=True, nonnegative=True)
            subs += [(hi, big + rest), (big, small + 1 + gap), (small, lo + offset)]
            words.append(f"{lo} <= {small} < {big} <= {hi}")
            ranged |= {small, big}
        else:
            subs.append((big, small + 1 + gap))  # big has no range of its own: loose if it needs one
            words.append(f"{small} < {big}")
            handled.add(big)
    own = free_in(lhs) | free_in(rhs)  # the link's indices take a sum's range before a definition's
    for j in sorted((s for s in free if s.is_integer and not s.is_positive and s not in ranged | handled),
                    key=lambda s: (s not in own, str(s))):
        found = range_of(j)
        if found is not None:
            lo, hi = found
            used.add(hi)
            rest = sp.Symbol(f"{hi}-{j}", integer=True, nonnegative=True)
            offset = sp.Symbol(f"{j}-{lo}", integer=True, nonnegative=True)
            subs += [(hi, j + rest), (j, lo + offset)]
            words.append(f"{lo} <= {j} <= {hi}")
            ranged.add(j)
    summed = {(x.base, n) for s in sums for x in s.function.atoms(sp.Indexed)
              for n, i in enumerate(x.indices) if {lim[0] for lim in s.limits} & sp.sympify(i).free_symbols}
    anonymous = {s for s in free if isinstance(s, sp.Dummy)}  # a family's own index, in its definition
    loose = any((x.base, n) in summed and (sp.sympify(i).free_symbols & free & own) - ranged - anonymous
                for x in indexed if not any(i.is_positive for i in x.indices) for n, i in enumerate(x.indices))
    return tuple(subs), ", ".join(words), loose


def _scope(lhs: sp.Basic, rhs: sp.Basic, context: tuple) -> tuple[list, list, set, set]:
    """Both sides and the context as a list, with every bound index renamed apart (an entry under a
    sum is not a free entry); their sums, free symbols and indexed entries."""
    exprs = [x for side in (lhs, rhs) for x in (side if isinstance(side, sp.MatrixBase) else [side])]
    seen = exprs + [x for side in context for x in (side if isinstance(side, sp.MatrixBase) else [side])]
    bound = {lim[0] for x in seen for s in x.atoms(sp.Sum, sp.Product) for lim in s.limits}
    seen = [rename_bound(x, bound) for x in seen]
    sums = [s for x in seen for s in x.atoms(sp.Sum)]
    free = set().union(*[x.free_symbols for x in seen]) if seen else set()
    indexed = set().union(*[x.atoms(sp.Indexed) for x in seen]) if seen else set()
    return seen, sums, free, indexed


def _range_of(j: sp.Symbol, indexed: set, sums: list, used: set) -> tuple | None:
    """(lo, hi) of the first sum whose index sits where j does in an entry of the same name."""
    bases_j = {(x.base, n) for x in indexed for n, k in enumerate(x.indices) if k == j}
    for s in sums:
        i, lo, hi = s.limits[0]
        bases_i = {(x.base, n) for x in s.function.atoms(sp.Indexed) for n, k in enumerate(x.indices) if k == i}
        if bases_i & bases_j and lo.is_Integer and isinstance(hi, (sp.Symbol, sp.Indexed)) \
                and hi.is_integer and hi not in used:
            return lo, hi
    return None


def sharing_pair(lhs: sp.Basic, rhs: sp.Basic, context: tuple = ()) -> tuple[sp.Symbol, sp.Symbol] | None:
    """Two free indices that go with the same sum (softmax's i and j over sum_k e^{z_k}): only one
    of them can take the sum's range at a time, so the link is verified in the cases i = j, i < j
    and i > j, which together cover every pair inside the range."""
    _, sums, free, indexed = _scope(lhs, rhs, context)
    free &= free_in(lhs) | free_in(rhs)  # a definition's own index (k of q_k := ...) is not the link's
    indices = sorted((s for s in free if s.is_integer and not s.is_positive), key=str)
    for a, i in enumerate(indices):
        found = _range_of(i, indexed, sums, set())
        for j in indices[a + 1:]:
            if found is not None and found == _range_of(j, indexed, sums, set()):
                return i, j
    return None


def free_in(side) -> set:
    """The free symbols of a side, a number or a matrix (entry by entry)."""
    entries = side if isinstance(side, sp.MatrixBase) else [side]
    return set().union(*[e.free_symbols for e in entries if isinstance(e, sp.Basic)]) if len(entries) else set()


def entry_lookalike(a: sp.Basic, b: sp.Basic) -> bool:
    """``w_1`` (a name) beside entries ``w[i]`` of w: one quantity to a reader, two to SymPy."""
    for name, entry in ((a, b), (b, a)):
        if isinstance(name, sp.Symbol) and isinstance(entry, sp.Indexed):
            match = re.fullmatch(r"(.+)_\d+", name.name)
            if match and match.group(1) == str(entry.base.label):
                return True
    return False
