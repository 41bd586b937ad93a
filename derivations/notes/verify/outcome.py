"""A verification's verdict as the report gives it: message, counterexample, and the doubts that
turn a would-be refutation into "undecided" (a fresh name on one side, a restated definition,
look-alike names, a side condition or an index range not understood).
"""
from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp

from ...functions import unfold
from ...prove import StepTimeout, time_limit
from ...verdict import PROVED, REFUTED, UNDECIDED
from .every_value import fails_for_every_value, same_entry
from .lookalike import ambiguous_names, entry_names, names, pair_words
from ..read.markers import Tr

if TYPE_CHECKING:
    from .expand import LinkTask, Resolver


def outcome(verdict, lhs: sp.Basic, rhs: sp.Basic, task: LinkTask, loose: bool = False) -> dict:
    out = {"verdict": verdict.verdict, "method": verdict.method, "excluded": verdict.excluded,
           "counterexample": _plain_entries(verdict.counterexample)}
    if verdict.verdict == PROVED:
        out["message"] = f"proved ({verdict.method})" + (
            f"; except where {', '.join(verdict.excluded)}" if verdict.excluded else "")
    elif verdict.verdict == REFUTED:
        notes: list[str] = []
        why = _doubt(lhs, rhs, task, verdict.counterexample, notes) or (loose and "an index next to a sum has no known range, and "
                                                  "the counterexample may lie outside it")
        if why:
            words = counterexample_words(verdict.counterexample or {})
            return {"verdict": UNDECIDED, "message": f"{why} (as written it fails: {words})",
                    "method": verdict.method}
        if notes:
            out["assumptions"] = notes
            out["counterexample"] = _plain_entries(verdict.counterexample)  # an entry's value shown
        out["message"] = "refuted: " + counterexample_words(verdict.counterexample or {})
    elif lhs.has(Tr) or rhs.has(Tr):
        out["message"] = ("a transpose of a name (W^T) stays symbolic: names are numbers here and their "
                          "shapes are unknown, so this link cannot be decided")
    else:
        out["message"] = verdict.evidence or "no proof and no counterexample found"
    return out


def add_defined_values(found: dict, resolver: Resolver, task: LinkTask, lhs, rhs) -> None:
    """Also show, at the counterexample, the value of each defined name the link used (a, z, ...)."""
    leaves = {str(s): s for s in names(lhs) | names(rhs)}
    point = {}
    for name, value in found.items():
        if name in leaves and isinstance(value, str) and value.lstrip("-").replace("/", "").isdigit():
            fraction = Fraction(value)
            point[leaves[name]] = sp.Rational(fraction.numerator, fraction.denominator)
    try:
        with time_limit(1.0):
            for k in sorted(resolver.used):
                d = task.definitions[k]
                if isinstance(d.key, tuple) or d.name in found:
                    continue
                value = unfold(resolver.full(d.key)).subs(point).evalf(15)
                if value.is_number and value.is_real:
                    found[d.name] = float(value)
    except (StepTimeout, TypeError, ValueError, AttributeError):
        pass  # the values are a courtesy; the verdict stands without them


def _plain_entries(found: dict | None) -> dict | None:
    """Drop entries named by a symbolic index (x[j-1 + 1]); their numeric twins (x[1]) stay."""
    if not found:
        return found
    return {k: v for k, v in found.items() if not re.search(r"\[[^\]]*[A-Za-z]", k)}


def _doubt(lhs: sp.Basic, rhs: sp.Basic, task: LinkTask, found: dict | None = None,
           notes: list[str] | None = None) -> str | None:
    """Why a refutation would misread the notes, or None when it stands. Look-alike names are no
    doubt when the claim fails whatever value one of them takes (every_value.py); ``notes`` then
    says so."""
    defined = {d.key for d in task.definitions}
    used = set().union(*[names(d.expr) for d in task.definitions]) if task.definitions else set()
    for side, other in ((task.rhs, task.lhs), (task.lhs, task.rhs)):
        bare = _bare_names(side) - defined - used  # a fresh name, used nowhere else
        if bare and not bare & names(other):
            listed = ", ".join(sorted(map(str, bare)))
            return (f"{listed} {'is' if len(bare) == 1 else 'are'} not defined: this line names the "
                    f"other side rather than claiming an equality (write {listed.split(',')[0]} := ... "
                    f"to define it)")
    if task.restates:
        return (f"{task.restates}; this line either defines it anew (start a new section or write "
                f":=) or claims an equality that does not hold")
    freed: list = []
    ambiguous = ambiguous_names(lhs, rhs)
    if ambiguous and not _every_value(lhs, rhs, found, ambiguous, notes, freed):
        return (f"{pair_words(ambiguous)} are different names here (names are case-sensitive; "
                f"bold, vector and layer-marked names differ from plain ones)")
    entries = entry_names(lhs, rhs)
    if entries and not _every_value(lhs, rhs, found, entries, notes, freed):
        return (f"{pair_words(entries)}: a numbered name is an entry of the family, and the counterexample "
                f"may give the same entry two values")
    if task.lookalikes:
        return f"{task.lookalikes} (names are case-sensitive)"
    if task.unread and not any(task.unread.startswith(f"{name} may be defined") for name in freed):
        return task.unread  # a name let free (every_value.py) may be defined anywhere: no doubt
    if not task.domain_understood:
        return "a side condition or premise was not understood, and the counterexample may lie outside it"
    return None


def _every_value(lhs, rhs, found: dict | None, pairs: list, notes: list[str] | None, freed: list) -> bool:
    """The claim fails whatever value one name of every look-alike pair takes: no reading of the
    pairs (one name, or two) can save it. That name goes to ``freed``."""
    free = fails_for_every_value(lhs, rhs, found, pairs)
    if free is not None:
        freed.append(str(free))
    if free is not None and found is not None:
        same_entry(lhs, rhs, found, free)
    if free is not None and notes is not None:
        notes.append(f"fails whatever value {free} takes, so whether {pair_words(pairs)} name one thing "
                     f"or two does not matter")
    return free is not None


def _bare_names(x: sp.Basic) -> set:
    entries = list(x) if isinstance(x, sp.MatrixBase) else [x]
    if all(isinstance(e, (sp.Symbol, sp.Indexed)) and not e.is_integer for e in entries):
        return set(entries)
    return set()


def counterexample_words(c: dict) -> str:
    """``at x = 1/2, y = 0: left 1/4, right 1/2``: exact where the value is exact, else 6 digits."""
    values = ", ".join(f"{k} = {_shown(v)}" for k, v in c.items() if k not in _NOT_VALUES)
    entry = f" (entry {c['entry']})" if "entry" in c else ""
    if "lhs_shape" in c:
        return f"the sides have different shapes ({c['lhs_shape']} and {c['rhs_shape']})"
    left, right = c.get("lhs_text", _shown(c.get("lhs"))), c.get("rhs_text", _shown(c.get("rhs")))
    return f"at {values or 'every point'}{entry}: left {left}, right {right}"


_NOT_VALUES = ("lhs", "rhs", "entry", "lhs_text", "rhs_text", "lhs_shape", "rhs_shape")


def _shown(value) -> str:
    """An exact value as it is; a float to 6 significant digits."""
    return f"{value:.6g}" if isinstance(value, float) else str(value)
