"""Entries of one family while differentiating: x_3 (written with digits) and x_j beside x_i.

A derivative by one entry must see every other entry that may be it: x_j under a sum (j may be i),
x_3 written by hand (x_1 is entry 1 of x when the file also indexes x by a letter, issue 12). SymPy
then gives Kronecker deltas ([i = 3]) instead of a silent 0.
"""
from __future__ import annotations

import re

import sympy as sp


class MismatchedEntry(Exception):
    """A numbered name whose digits do not match its family's number of indices (x_12 beside x_i)."""


_NUMBERED = re.compile(r"^(.+)_(\d+)$")


def numbered_entries(expanded: sp.Basic, v: sp.Basic) -> tuple[sp.Basic, sp.Basic, bool]:
    """Differentiating by x_i (or x_1) where the expression also holds x_3 (or x_j): x_3 is entry 3
    of the family x, so d/dx_i x_3 is [i = 3], never 0. The numbered names of v's family become
    entries before differentiating (write_out names them again afterwards). A number of digits that
    does not match the family's indices (x_12 beside x_i) has no single reading: undecided."""
    family = _family_of(expanded, v)
    if family is None:
        return expanded, v, False
    base, rank = family
    swap = {}
    for s in expanded.free_symbols | ({v} if isinstance(v, sp.Symbol) else set()):
        found = _NUMBERED.match(s.name)
        if not found or found.group(1) != str(base.label):
            continue
        if len(found.group(2)) != rank:
            raise MismatchedEntry(f"{s} may be an entry of {base.label} (which has {rank} "
                               f"ind{'ex' if rank == 1 else 'ices'}), or a name of its own")
        swap[s] = base[tuple(int(c) for c in found.group(2))]
    return expanded.xreplace(swap), swap.get(v, v), bool(swap)


def _family_of(expanded: sp.Basic, v: sp.Basic) -> tuple[sp.IndexedBase, int] | None:
    """The family v belongs to (x for x_i, or for x_1 when x_j also occurs), with its number of indices."""
    if isinstance(v, sp.Indexed):
        return v.base, len(v.indices)
    found = _NUMBERED.match(v.name) if isinstance(v, sp.Symbol) else None
    entries = [e for e in expanded.atoms(sp.Indexed) if found and str(e.base.label) == found.group(1)]
    return (entries[0].base, len(entries[0].indices)) if entries else None
