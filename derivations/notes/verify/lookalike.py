"""Names a reader takes for one but SymPy keeps apart: ``v`` and ``V``, ``x`` and ``\\vec{x}``,
``a_i`` and ``a^{(2)}_i``, ``w_1`` and the entries ``w[i]``. A refutation that rests on such a pair
is reported as undecided, and a derivative with respect to one of them gets a hint.
"""
from __future__ import annotations

import re

import sympy as sp

from .indices import entry_lookalike
from ..read.vocab import IdxBase


def names(x: sp.Basic) -> set:
    if isinstance(x, sp.MatrixBase):
        return set().union(*[names(e) for e in x]) if len(x) else set()
    return {s for s in x.free_symbols | x.atoms(sp.Indexed)
            if not getattr(s, "is_integer", False) and not isinstance(s, IdxBase)}


def name_root(x: sp.Basic) -> str:
    """A name without case, bold or vector marks: how look-alike names are found."""
    name = str(x.base.label) if isinstance(x, sp.Indexed) else str(x)
    for mark in (r"\mathbf{", r"\vec{", r"\boldsymbol{"):
        if name.startswith(mark):
            name = name[len(mark):].replace("}", "", 1)
    return name.lower()


def similar_name(a: sp.Basic, b: sp.Basic) -> bool:
    """Two different names that a reader may take for one: ``v`` and ``V``, ``x`` and
    ``\\vec{x}``, ``a_i`` and ``a^{(2)}_i``. Two entries of one indexed name are not."""
    if a == b or (isinstance(a, sp.Indexed) and isinstance(b, sp.Indexed) and a.base == b.base):
        return False
    return (name_root(a) == name_root(b) or _unmarked(a) == _label(b) or _unmarked(b) == _label(a)
            or entry_lookalike(a, b))


def _label(x: sp.Basic) -> str:
    return str(x.base.label) if isinstance(x, sp.Indexed) else str(x)


def _unmarked(x: sp.Basic) -> str:
    """The name without its layer or example mark: a^{(2)} -> a, W^{[1]}_1 -> W_1."""
    return re.sub(r"\^\{[\[(][^{}]*[\])]\}", "", _label(x))


def ambiguous_names(lhs: sp.Basic, rhs: sp.Basic) -> list[tuple[sp.Basic, sp.Basic]]:
    return _pairs(lhs, rhs, lambda a, b: similar_name(a, b) and not entry_lookalike(a, b))


def entry_names(lhs: sp.Basic, rhs: sp.Basic) -> list[tuple[sp.Basic, sp.Basic]]:
    """``x_1`` beside ``x[j]``: entry 1 of x, which the verifier keeps apart outside derivatives."""
    return _pairs(lhs, rhs, entry_lookalike)


def pair_words(pairs: list[tuple[sp.Basic, sp.Basic]]) -> str:
    return "; ".join(f"{a} and {b}" for a, b in pairs)


def _pairs(lhs: sp.Basic, rhs: sp.Basic, test) -> list[tuple[sp.Basic, sp.Basic]]:
    found = sorted(names(lhs) | names(rhs), key=str)
    pairs = {tuple(sorted((a, b), key=str)) for a in found for b in found if test(a, b)}
    return sorted((p for p in pairs if not (str(p[0]).startswith(str(p[1]) + "[")
                                             or str(p[1]).startswith(str(p[0]) + "["))),
                  key=lambda p: (str(p[0]), str(p[1])))
