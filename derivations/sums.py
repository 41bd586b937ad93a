"""No closed-form summation attempt that cannot succeed.

``Sum.doit`` asks SymPy's ``eval_sum_symbolic`` for a closed form (Faulhaber, geometric series,
telescoping, Gosper, hypergeometric, residues). A term that holds an *unknown sequence* of the
summation index, such as ``w[i]`` (an ``Indexed``) or ``f(i)`` (a function known only by name), has
none: the sum of arbitrary values is not a formula in the limits. The one way through is
telescoping, ``w[i + 1] - w[i]``, which needs the sequence at two indices that differ by a shift of
the summation index. So the attempt is skipped when no unknown sequence in the term appears at two
such indices, and made as before otherwise. SymPy then leaves the sum unevaluated (or sums a definite range term by term), exactly
as after a failed attempt: no result changes, only the time. Kronecker deltas are summed before
this point (``eval_sum``'s delta branch), so ``Sum(w[i]*KroneckerDelta(i, j))`` still evaluates.

Measured: about 200 attempts per ``gradproof verify``, none of which succeeded, a quarter of its
time (mostly ``solve`` inside the telescoping test). The guard wraps the module-level function,
which SymPy's ``eval_sum`` and its own recursion look up by name; on a SymPy without it nothing is
installed and sums are evaluated as before (slower, never differently).
"""
from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.concrete import summations as _summations
from sympy.core.function import AppliedUndef


def _opaque(call: sp.Basic) -> bool:
    """A function SymPy knows only by name: undefined (``Function('f')``), or defined outside SymPy
    with no ``eval`` (gradproof's generic phi, ell, C: known to proofs by their partials only)."""
    if isinstance(call, AppliedUndef):
        return True
    cls = type(call)
    return (isinstance(call, sp.Function) and not cls.__module__.startswith("sympy.")
            and getattr(cls.eval, "__func__", None) is sp.Function.eval.__func__)


def _sequences(term: sp.Basic, index: sp.Symbol) -> dict[Any, set[tuple]]:
    """Each unknown sequence of the term whose arguments hold ``index``, with its argument tuples."""
    found: dict[Any, set[tuple]] = {}
    for entry in term.atoms(sp.Indexed, sp.Function):
        if isinstance(entry, sp.Indexed):
            head, args = entry.base, entry.indices
        elif _opaque(entry):
            head, args = entry.func, entry.args
        else:
            continue
        if any(index in sp.sympify(arg).free_symbols for arg in args):
            found.setdefault(head, set()).add(tuple(args))
    return found


def _shifted(one: tuple, other: tuple, index: sp.Symbol) -> bool:
    """``other`` might be ``one`` with the index shifted (i -> i + m): the places free of the index
    agree, and the index is in the same places. Otherwise no shift can turn one into the other."""
    if len(one) != len(other):
        return False
    for a, b in zip(one, other):
        holds_a, holds_b = index in sp.sympify(a).free_symbols, index in sp.sympify(b).free_symbols
        if holds_a != holds_b or (not holds_a and a != b):
            return False
    return True


def has_no_closed_form(term: sp.Basic, index: sp.Symbol) -> bool:
    """True when the sum of ``term`` over ``index`` has no closed form SymPy could find: the term
    holds an unknown sequence of the index, and no sequence appears at two indices that a shift of
    the index could match (which telescoping might cancel). False means only "worth trying"."""
    if not isinstance(term, sp.Basic):
        return False
    found = _sequences(term, index)
    if not found:
        return False
    return not any(_shifted(one, other, index) for forms in found.values()
                   for one in forms for other in forms if one != other)


def _guarded(original):
    def eval_sum_symbolic(f, limits):
        if has_no_closed_form(f, limits[0]):
            return None
        return eval_sum_symbolic.original(f, limits)  # looked up here, so a test can watch it

    eval_sum_symbolic.original = original  # type: ignore[attr-defined]
    eval_sum_symbolic.__doc__ = f"{original.__doc__ or ''}\n(gradproof: skipped for unknown sequences, see derivations/sums.py)"
    return eval_sum_symbolic


def install() -> bool:
    """Wrap SymPy's closed-form summation once; True when the guard is in place."""
    current = getattr(_summations, "eval_sum_symbolic", None)
    if current is None or not callable(current):
        return False
    if not hasattr(current, "original"):
        _summations.eval_sum_symbolic = _guarded(current)
    return True


INSTALLED = install()
