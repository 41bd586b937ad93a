"""Vectors in ``u^T v`` and ``\\theta^T x``: a dot product, an index sum, never a matrix product.

A transposed name followed by a name, both vector names, is the sum of the products of their
entries: ``w^T x`` is ``\\sum_k w_k x_k``, with the length the notes declare (``x \\in
\\mathbb{R}^{n}``) or a positive integer n. A vector name is a declared vector, or a lowercase
letter or Greek letter (plain, bold or with an arrow); capitals (``W^T x``) are left as they are:
a transpose of a name that stays symbolic.
"""
from __future__ import annotations

import re

import sympy as sp

from .markers import Tr
from .vocab import Names

_DECORATED = re.compile(r"^\\(?:mathbf|boldsymbol|bm|vec)\{(.+)\}$")
_ROOT = re.compile(r"^\\?([A-Za-z]+)")


def dot_products(factors: list[sp.Basic], names: Names) -> list[sp.Basic]:
    """The factors of a product in order, with each ``a^T b`` of vector names made a dot product."""
    out, k = [], 0
    while k < len(factors):
        a = factors[k]
        b = factors[k + 1] if k + 1 < len(factors) else None
        if isinstance(a, Tr) and b is not None and is_vector(a.args[0], names) and is_vector(b, names):
            out.append(dot(a.args[0], b, names))
            k += 2
        else:
            out.append(a)
            k += 1
    return out


def is_vector(x: sp.Basic, names: Names) -> bool:
    if not isinstance(x, sp.Symbol) or x.is_commutative is False or x.is_integer:
        return False
    name = str(x)
    if name in names.vectors:
        return True
    if name in names.matrices:
        return False
    inner = _DECORATED.match(name)
    root = _ROOT.match(inner.group(1) if inner else name)
    return bool(root) and root.group(1)[:1].islower()


def dot(a: sp.Symbol, b: sp.Symbol, names: Names) -> sp.Basic:
    """sum_k a_k b_k over the declared length (or n)."""
    lengths = {names.vectors.get(str(v)) for v in (a, b)} - {None}
    if len(lengths) > 1:
        raise ValueError(f"{a} and {b} are declared with different lengths")
    length = lengths.pop() if lengths else "n"
    n = sp.Integer(length) if isinstance(length, int) else sp.Symbol(length, integer=True, positive=True)
    k = sp.Dummy("k", integer=True)
    return sp.Sum(names.indexed(str(a), (k,)) * names.indexed(str(b), (k,)), (k, 1, n))


_ENTRY = re.compile(r"^(.+)_\{?(\d+)\}?$")


def sum_pattern(terms: list[sp.Basic], last: sp.Basic) -> tuple[int, sp.Basic] | None:
    """``x_1 + x_2 + \\dots + x_n`` (or ``w_1 x_1 + \\dots + w_n x_n``): (how many terms stay before
    the sum, the sum), when the terms before the dots are entries 1, 2, ... of the pattern of the
    last term, else None."""
    entries = [e for e in last.atoms(sp.Indexed) if len(e.indices) == 1]
    ends = {e.indices[0] for e in entries}
    if not entries or len(ends) != 1:
        return None
    end, k = ends.pop(), sp.Dummy("k", integer=True)
    pattern = last.xreplace({e: e.base[k] for e in entries})
    run = 0
    for term in reversed(terms):
        start = _start(term, pattern, k)
        if start is None:
            break
        run += 1
        first = start
    if not run or any(_start(t, pattern, k) != first + j for j, t in enumerate(terms[len(terms) - run:])):
        return None
    return len(terms) - run, sp.Sum(pattern, (k, first, end))


def _start(term: sp.Basic, pattern: sp.Basic, k: sp.Dummy) -> int | None:
    """The index s at which ``pattern`` (in k) equals ``term``, whose entries are names x_s."""
    found = {_ENTRY.match(str(x)) for x in term.free_symbols}
    values = {int(m.group(2)) for m in found if m}
    if len(values) != 1:
        return None
    s = values.pop()
    written = pattern.subs(k, s).xreplace({e: sp.Symbol(f"{e.base.label}_{s}", real=True)
                                           for e in pattern.subs(k, s).atoms(sp.Indexed)})
    return s if sp.expand(written - term) == 0 else None
