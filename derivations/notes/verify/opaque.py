"""A link that holds whatever value its undetermined derivatives take.

Notes often substitute a name for a derivative they never compute: after ``\\delta^l :=
\\frac{\\partial C}{\\partial z^l}``, the line ``\\frac{\\partial C}{\\partial z^{l+1}} u = \\delta^{l+1} u``
only replaces one side of a definition by the other. How C depends on z^{l+1} is unknown (the
notes never say), so that derivative has no value; but the link does not need one: it holds for
every value. Each derivative whose value the definitions do not settle is therefore replaced by an
unknown function of every symbol it mentions (its indices included, so an entry inside a sum stays
an entry), and the link is proved only if SymPy proves it for every such function. Nothing is ever
refuted this way, since the unknown's true value might make the link true.
"""
from __future__ import annotations

import sympy as sp

from ..read.markers import Diff

# the messages of expand.py that mean "the definitions do not fix this derivative"
UNSETTLED = ("so how it depends on", "as the notes define it")


def unsettled(message: str) -> bool:
    """The message says the definitions do not fix how a quantity depends on a variable."""
    return any(words in message for words in UNSETTLED)


def unknown(e: Diff) -> sp.Basic:
    """The derivative as an unknown: the same derivative gives the same unknown, a function of
    every symbol and entry it mentions."""
    f, v, n = e.args
    order = "" if n == 1 else f"^{n}"
    head = sp.Function(f"\\partial{order} {f}/\\partial {v}{order}", real=True)
    return head(*sorted(e.free_symbols | e.atoms(sp.Indexed), key=sp.default_sort_key))


def polynomial_in(unknowns, *sides: sp.Basic) -> bool:
    """The unknowns appear only in sums and products, never under a division, a power or a
    function: ``x/x = 1`` must not be proved where the unknown could be 0."""
    for side in sides:
        for node in sp.preorder_traversal(side):
            if isinstance(node, sp.Pow) and any(node.base.has(u) for u in unknowns) \
                    and not (node.exp.is_Integer and node.exp > 0):
                return False
            if isinstance(node, sp.Function) and node not in unknowns and any(
                    a.has(u) for a in node.args for u in unknowns):
                return False
    return True


def unknown_words(unknowns: dict) -> str:
    """The derivatives the proof left unknown, for the report (``dC/dz^{l+1}``)."""
    return ", ".join(sorted({f"d{d.args[0]}/d{d.args[1]}" for d in unknowns.values()}))
