"""A name restated under a later heading, in terms that no longer show an intermediate quantity.

Notes often define a cost through the activations, ``C = \\frac{1}{2}\\sum_j (a_j - y_j)^2``, and under
a later heading write it out again through the weights, ``C = \\frac{1}{2}\\sum_j (\\sigma(\\sum_k w_{jk}
x_k + b_j) - y_j)^2`` ("the cost re-expressed"). A later-section equation defines the name anew
(definitions.py), so ``\\frac{\\partial C}{\\partial a_j}`` after it would differentiate a C that holds no
a_j at all: literally 0, which no author means.

Such a derivative is taken through the earlier statement instead, and only when the two statements
are the same quantity: their full expansions through the definitions in force at the link must be
equal exactly (SymPy, never numbers). The derivative with respect to an intermediate name is then
the one of the only form that shows that name. It may prove a link; no refutation rests on it
(the later line may have meant a new quantity after all), and the verdict names both lines.
"""
from __future__ import annotations

import sympy as sp

from ...indexed import bound_renamed
from ..plan.model import Definition, FilePlan, Link


def earlier_statements(plan: FilePlan, link: Link, reachable: list[Definition]) -> dict[object, Definition]:
    """For each plain name a link reaches through a definition made under a later heading, the
    statement of the same name in force just before that heading (if any)."""
    out: dict[object, Definition] = {}
    for d in reachable:
        if not isinstance(d.key, sp.Symbol) or d.params or d.block is not None:
            continue
        older = [e for e in plan.definitions if e.key == d.key and e.order < d.order and e.section != d.section
                 and not e.after_only and e.block is None and not e.params]
        if older:
            out[d.key] = older[-1]
    return out


def same_quantity(new: sp.Basic, old: sp.Basic) -> bool:
    """Two full expansions are one quantity: their difference is exactly 0 (sums compared term by
    term once their bodies are written alike)."""
    difference = new - old
    if difference == 0 or bound_renamed(difference) == 0:
        return True
    try:
        return sp.simplify(difference.doit()) == 0
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        return False
