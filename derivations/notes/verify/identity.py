"""``I`` as the identity: ``\\frac{\\partial s}{\\partial b} = I`` for s = W a + b.

Notes that write Jacobians as matrices put the identity matrix I on the right of a derivative and
never define it. Where the notes define no name I, use I in no definition, and write it only as a
whole side of a link, such a link is tried with I read as the identity (1, since plain names are
read as numbers): proved there, it is proved under the other reading too, for if the line instead
names the other side I, that side is 1 all the same. Only a proof is taken this way; a link that
fails with I = 1 keeps the verdict it had (undecided: "I is not defined").
"""
from __future__ import annotations

import sympy as sp

from ..plan.model import FilePlan

NAME = "I"


def _mentions(x: object) -> bool:
    if not isinstance(x, sp.Basic):
        return False
    return any(str(s) == NAME for s in x.free_symbols)


def _whole(x: object) -> bool:
    return isinstance(x, sp.Symbol) and str(x) == NAME


def identity_only(plan: FilePlan) -> bool:
    """The file defines no I, no definition uses it, and every link writes it only as a whole side."""
    if any(str(d.key) == NAME or _mentions(d.expr) for d in plan.definitions):
        return False
    sides = [x for link in plan.links if link.error is None for x in (link.lhs_value, link.rhs_value)]
    return all(_whole(x) or not _mentions(x) for x in sides) and any(_whole(x) for x in sides)


def identity_side(lhs: sp.Basic, rhs: sp.Basic) -> str | None:
    """Which side is I alone ("lhs" or "rhs"), the other side not being I; None otherwise."""
    if _whole(rhs) and not _mentions(lhs):
        return "rhs"
    if _whole(lhs) and not _mentions(rhs):
        return "lhs"
    return None


WORDS = ("I (defined nowhere in the notes and written only as a whole side) read as the identity, 1 for "
         "numbers; were the line naming the other side I instead, that side is 1 all the same")
