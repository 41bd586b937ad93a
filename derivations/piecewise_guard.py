"""No piecewise function folded out of the sum whose index its condition holds.

SymPy builds every ``Sum`` and ``Product`` through ``piecewise_fold`` of its term, and
``piecewise_fold`` pulls a ``Piecewise`` out of any argument, a nested sum included:
``Sum(exp(Sum(Piecewise((s_i w_iq, s_i > 0), (0, True)), (i, 1, H))), (q, 1, K))`` becomes a sum of
``Piecewise((exp(Sum(s_i w_iq, (i, 1, H))), s_i > 0), (1, True))``, whose condition holds the index i
outside the sum that binds it (one test for all i, with i then free). A ReLU inside a sum inside a
softmax therefore took wrong values, and a true line of real notes was refuted. The guard folds
inside such a sum but never across it: a ``Piecewise`` whose conditions hold the sum's own index
stays inside. Anything else folds as before.
"""
from __future__ import annotations

import sys

import sympy as sp
from sympy.concrete import expr_with_limits as _limits
from sympy.functions.elementary import piecewise as _piecewise


def _holds_bound_condition(expr: sp.Basic) -> bool:
    """A Piecewise in the term of this sum (or product) has a condition on its bound index."""
    bound = {lim[0] for lim in expr.limits}
    return any(bound & cond.free_symbols for pw in expr.function.atoms(sp.Piecewise)
               for _, cond in pw.args if isinstance(cond, sp.Basic))


def _guarded(original):
    def piecewise_fold(expr, evaluate=True):
        if isinstance(expr, (sp.Sum, sp.Product)) and expr.has(sp.Piecewise) and _holds_bound_condition(expr):
            return expr.func(piecewise_fold(expr.function, evaluate), *expr.limits)
        return piecewise_fold.original(expr, evaluate)

    piecewise_fold.original = original  # type: ignore[attr-defined]
    piecewise_fold.__doc__ = f"{original.__doc__ or ''}\n(gradproof: never across a sum's index, see derivations/piecewise_guard.py)"
    return piecewise_fold


def install() -> bool:
    """Wrap SymPy's piecewise_fold once, where Piecewise's own recursion and the sums' constructor
    look it up; True when the guard is in place."""
    current = getattr(_piecewise, "piecewise_fold", None)
    if current is None or not callable(current):
        return False
    original = getattr(current, "original", current)
    guarded = current if hasattr(current, "original") else _guarded(current)
    for name, module in list(sys.modules.items()):  # every SymPy module that imported it by name
        if (name == "sympy" or name.startswith("sympy.")) and getattr(module, "piecewise_fold", None) is original:
            module.piecewise_fold = guarded
    _limits.piecewise_fold = guarded
    return True


INSTALLED = install()
