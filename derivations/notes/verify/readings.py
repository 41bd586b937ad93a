"""Ambiguous notation: verify every reading, and let a verdict stand only where all agree.

The closed table (``vocab.READINGS``): ``\\sigma^{-1}(p)`` is the inverse function or the
reciprocal; ``e^{...}`` in a file that defines a name ``e`` is Euler's number or that name;
``S(H)``, S neither a defined function nor a defined value, is a call or a product; ``a^{L}`` with
L not declared is a power or the layer L; ``\\log`` without a base, in a file that also writes
``\\ln``, is the natural logarithm or the logarithm to base 10. The parser records each ambiguity it meets (a key such
as ``("call", "S")``); the checker then plans the file once per combination of readings, checks
the link in each, and combines: proved (or refuted) only if every reading is, otherwise undecided
with each reading's verdict. At most ``MAX_READINGS`` readings a link; beyond that the link is
undecided, saying so.
"""
from __future__ import annotations

import itertools

from ..read.vocab import READINGS

MAX_READINGS = 8

_WORDS = {
    ("inverse", "inverse"): "{0}^{{-1}} as the inverse function",
    ("inverse", "reciprocal"): "{0}^{{-1}} as the reciprocal 1/{0}",
    ("e", "euler"): "e as Euler's number",
    ("e", "name"): "e as the name the notes define",
    ("call", "call"): "{0}(...) as a call of a function {0}",
    ("call", "product"): "{0}(...) as a product",
    ("layer", "power"): "^{{{0}}} as a power",
    ("layer", "layer"): "^{{{0}}} as the layer {0}",
    ("log", "natural"): "log as the natural logarithm",
    ("log", "base10"): "log as the logarithm to base 10",
    ("digits", "name"): "digits after a letter as a subscript (c1 as c_1)",
    ("digits", "product"): "digits after a letter as a product (c1 as c times 1)",
    ("scope", "in"): "{0} holding for this line",
    ("scope", "out"): "{0} not holding for this line",
}


def describe(choice: dict[tuple, str]) -> str:
    """One reading in words: ``S(...) as a product; e as Euler's number``."""
    return "; ".join(_WORDS[key[0], option].format(*key[1:]) for key, option in sorted(choice.items()))


def assignments(keys: frozenset) -> list[dict[tuple, str]] | None:
    """Every combination of readings, the default (first options) first; None beyond the cap."""
    ordered = sorted(keys)
    count = 1
    for key in ordered:
        count *= len(READINGS[key[0]])
    if count > MAX_READINGS:
        return None
    return [dict(zip(ordered, combo)) for combo in itertools.product(*[READINGS[k[0]] for k in ordered])]


def too_many(keys: frozenset) -> dict:
    """The outcome of a link with more readings than the cap: undecided, saying which."""
    kinds = ", ".join(sorted({f"{k[0]} {' '.join(k[1:])}".strip() for k in keys}))
    return {"verdict": "undecided", "message": f"more than {MAX_READINGS} readings of the notation ({kinds}): "
                                               f"not checked; declare the notation to settle it"}


def combine(results: list[tuple[str, dict]]) -> dict:
    """The link's outcome from each reading's outcome (the default reading first)."""
    verdicts = [outcome["verdict"] for _, outcome in results]
    readings = [{"reading": words, "verdict": v} for (words, _), v in zip(results, verdicts)]
    first = dict(results[0][1])
    if len(set(verdicts)) == 1:
        first["readings"] = readings
        if verdicts[0] in ("proved", "refuted"):
            first["message"] += f" (under each of the {len(results)} readings of the notation)"
        return first
    listed = "; ".join(f"{r['reading']}: {r['verdict']}" for r in readings)
    return {"verdict": "undecided", "message": f"the notation can be read {len(results)} ways, and the "
                                               f"verdicts differ ({listed})",
            "used": first.get("used", []), "readings": readings, "method": "", "seconds":
            sum(outcome.get("seconds", 0.0) for _, outcome in results)}
