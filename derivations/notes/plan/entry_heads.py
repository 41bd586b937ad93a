"""``softmax(z_i) = \\frac{e^{z_i}}{\\sum_j e^{z_j}}``: a head whose argument is an entry of a family.

softmax maps a vector to a vector, so ``softmax(z_i)`` taken literally is softmax of the one-entry
vector (z_i), which is 1. Notes that write it mean entry i of softmax(z), and they say so by
giving its value. The line is therefore read as the definition of that entry, for every i, and
nothing is checked on it; ``softmax(z_k)`` later is the same body at k. A call on anything but an
entry of the same family (``softmax(x)``, ``softmax(z_i + 1)``) cannot be read through it and
stays unknown (the resolver says so), so no verdict rests on a guess.
"""
from __future__ import annotations

import sympy as sp

from ..read.parse import ParseError, Parser
from ..read.vocab import SOFTMAX, Names


def softmax_entry(lhs: sp.Basic) -> tuple[tuple[str, str], tuple[sp.Indexed]] | None:
    """The definition key and parameter of ``softmax(z_i)``, else None."""
    if getattr(lhs, "func", None) != SOFTMAX or len(lhs.args) != 1:
        return None
    entry = lhs.args[0]
    if not isinstance(entry, sp.Indexed) or not all(isinstance(i, sp.Symbol) for i in entry.indices) \
            or len(set(entry.indices)) != len(entry.indices):
        return None
    return ("fn", "softmax"), (entry,)


def bind_entry(param: sp.Indexed, arg: sp.Basic) -> dict | None:
    """The index renaming that turns the parameter z_i into the argument z_k; None when the
    argument is not an entry of the same family."""
    if not isinstance(arg, sp.Indexed) or arg.base != param.base or len(arg.indices) != len(param.indices):
        return None
    return dict(zip(param.indices, arg.indices))


def is_probability(value) -> bool:
    return isinstance(value, sp.Symbol) and r"\mid" in value.name


def probability_name(side, names: Names) -> bool:
    """The side is one probability, ``P(y \\mid x)``: a named quantity (read/names.py)."""
    met = dict(names.met)
    try:
        value = Parser(side.tokens, names, side.block.text).whole()
    except ParseError:
        return False
    finally:
        names.met = met
    return is_probability(value)
