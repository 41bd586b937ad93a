"""A function the notes define on a family's entries, called on another family's entry.

``softmax(x)_j = \\frac{e^{x_j}}{\\sum_{k=1}^{n} e^{x_k}}`` defines softmax for a vector x of n
entries: the family x is the function's parameter, n its length. ``softmax(x^{(p,3)})_k`` is then
the same body with x^{(p,3)} for x and k for j, and with the length of x^{(p,3)} for n. That
length is not guessed: it is the range the notes themselves sum x^{(p,3)} over (``\\sum_{q=1}^{n_{out}}
e^{(x^{(p,3)})_q}``), and only when every such sum of the file agrees on it and starts where the
definition's sum starts. Otherwise the call stays unknown and the message names the ranges, so no
verdict rests on it.
"""
from __future__ import annotations

import sympy as sp

Range = tuple[sp.Basic, sp.Basic]


def stated_ranges(values) -> dict[sp.Basic, set[Range]]:
    """For each one-index family, the ranges (low, high) of the file's sums over its entries:
    ``\\sum_{q=1}^{n_{out}} e^{y_q}`` states (1, n_out) for y."""
    found: dict[sp.Basic, set[Range]] = {}
    for value in values:
        if not isinstance(value, sp.Basic):
            continue
        for total in value.atoms(sp.Sum):
            for var, low, high in total.limits:
                for entry in total.function.atoms(sp.Indexed):
                    if entry.indices == (var,):
                        found.setdefault(entry.base, set()).add((low, high))
    return found


def rebind(param: sp.Indexed, body: sp.Basic, arg: sp.Basic, ranges: dict) -> tuple[sp.Basic | None, str]:
    """The body of ``f(param) := body`` for the entry ``arg`` of another family, or (None, why).

    The parameter's family may appear in the body only as the parameter itself and as the summand
    of sums over all its entries (their bound index alone); each such sum takes the stated range
    of the argument's family in place of its own upper limit, which must be a name the body uses
    for nothing else (the parameter's length)."""
    name = f"{arg.base}" if isinstance(arg, sp.Indexed) else str(arg)
    if not isinstance(arg, sp.Indexed) or len(arg.indices) != 1 or len(param.indices) != 1 \
            or arg.base == param.base:
        return None, ""
    family = param.base
    sums = [s for s in body.atoms(sp.Sum) if any(e.base == family for e in s.function.atoms(sp.Indexed))]
    stated = ranges.get(arg.base, set())
    limits = {(low, high) for s in sums for _, low, high in s.limits}
    if not sums:
        return _renamed(body, param, arg, {}), ""
    if len(stated) != 1:
        written = ", ".join(f"{lo}..{hi}" for lo, hi in sorted(stated, key=str)) or "none"
        return None, (f"the notes sum {family} over {_ranges(limits)} in its definition and {name} over "
                      f"{written}, so the length of {name} is not stated once")
    (low, high), = stated
    swap: dict[sp.Basic, sp.Basic] = {}
    for s in sums:
        if len(s.limits) != 1 or not _only_bound(s, family):
            return None, f"the definition uses {family} in a way a call on {name} cannot follow"
        _, own_low, own_high = s.limits[0]
        if own_low != low:
            return None, f"the notes sum {family} from {own_low} in its definition and {name} from {low}"
        if own_high != high:
            if not isinstance(own_high, sp.Symbol) or _used_elsewhere(body, own_high, sums):
                return None, (f"the definition sums {family} up to {own_high} and the notes sum {name} up to "
                              f"{high}")
            swap[own_high] = high
    return _renamed(body, param, arg, swap), ""


def _ranges(limits: set[Range]) -> str:
    return ", ".join(f"{lo}..{hi}" for lo, hi in sorted(limits, key=str))


def _only_bound(total: sp.Sum, family: sp.Basic) -> bool:
    var = total.limits[0][0]
    return all(e.indices == (var,) for e in total.function.atoms(sp.Indexed) if e.base == family)


def _used_elsewhere(body: sp.Basic, n: sp.Symbol, sums: list) -> bool:
    """n appears in the body outside the upper limits of the family's sums."""
    masked = body.xreplace({s: sp.Integer(0) for s in sums})
    return n in masked.free_symbols or any(n in s.function.free_symbols for s in sums)


def _renamed(body: sp.Basic, param: sp.Indexed, arg: sp.Indexed, swap: dict) -> sp.Basic:
    """The body with the argument's family for the parameter's and each sum's upper limit as
    stated; the parameter's index is still the parameter's (the caller binds it, after renaming
    the body's bound indices away from the argument's)."""
    def limit(s: sp.Sum) -> sp.Sum:
        var, low, high = s.limits[0]
        return sp.Sum(s.function, (var, low, swap.get(high, high)))
    out = body.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1 and e.limits[0][2] in swap, limit)
    return out.replace(lambda e: isinstance(e, sp.Indexed) and e.base == param.base,
                       lambda e: arg.base[e.indices])
