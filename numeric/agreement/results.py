"""What a numeric check produces: a Comparison per pair of computations, the NumericAgreement of a
derivation and its JSON block, and the tally that collects the comparisons while a checker runs.

Relative error of an exact comparison, entry by entry: ``|s - o| / max(|s|, |o|, floor)`` where
``floor`` is 1e-5 times the largest magnitude in the compared array (0/0 counts as 0 and NaN as
infinite). So an entry far below the array's scale is compared absolutely, at 1e-15 of that scale
(with the 1e-10 tolerance), a few units of round-off: an entry that is a sum of terms that cancel,
summed in another order (the generated step against backprop), differs by that much.
Comparisons with central differences take gradcheck's relative error and round-off floors.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from numeric.activations import NumericError
from numeric.gradcheck import GradcheckResult

Array = np.ndarray

SYMBOLIC, BACKPROP, FINITE_DIFFERENCE = "symbolic", "backprop", "finite-difference"
SOURCES = (SYMBOLIC, BACKPROP, FINITE_DIFFERENCE)
EXACT_RTOL = 1e-10  # symbolic against backprop, float64
FD_RTOL = 1e-6  # against central differences
FLOOR = 1e-5  # relative to the largest magnitude of the compared array


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class Comparison:
    """One pair of computations compared over every point of a check, and its worst entry.

    ``worst`` names the quantity (a parameter such as ``W1``, or a formula such as ``dJ/dw_j``),
    the entry, the size it was evaluated at, and both values. ``failing`` lists every quantity with
    an entry over the tolerance.
    """

    first: str
    second: str
    max_rel_error: float
    tolerance: float
    worst: str
    failing: tuple[str, ...]
    entries: int

    @property
    def name(self) -> str:
        return f"{self.first} vs {self.second}"

    @property
    def passed(self) -> bool:
        return not self.failing and self.max_rel_error <= self.tolerance

    def summary(self) -> str:
        verdict = "agree" if self.passed else "DISAGREE"
        text = (f"{self.name}: {verdict}, max rel error {self.max_rel_error:.2e} "
                f"(tolerance {self.tolerance:.0e}) over {self.entries} entries")
        if not self.passed:
            text += f"; failing {', '.join(self.failing)}; worst {self.worst}"
        return text


@dataclass(frozen=True)
class NumericAgreement:
    """The numeric verdict on one derivation: symbolic = backprop = finite differences.

    ``max_rel_error`` is the largest relative error of any comparison, ``points`` the number of
    input points the symbolic result was evaluated at, ``compared`` the computations that took
    part (in the order symbolic, backprop, finite-difference), ``details`` one
    :class:`Comparison` per pair, keyed by its name (``"symbolic vs backprop"``).
    """

    derivation_id: str
    max_rel_error: float
    points: int
    compared: list[str]
    passed: bool
    details: dict[str, Comparison] = field(default_factory=dict)

    @property
    def failures(self) -> list[Comparison]:
        return [c for c in self.details.values() if not c.passed]

    def summary(self) -> str:
        verdict = "agree" if self.passed else "DISAGREE"
        lines = [f"{self.derivation_id}: {' = '.join(self.compared)} {verdict}, max rel error "
                 f"{self.max_rel_error:.2e} at {self.points} points"]
        lines += ["  " + c.summary() for c in self.details.values()]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def to_json(agreement: NumericAgreement) -> dict[str, Any]:
    """``{"max_rel_error": float or null (not finite), "points": int, "compared": [...], "passed": bool}``."""
    error = float(agreement.max_rel_error)
    return {"max_rel_error": error if math.isfinite(error) else None, "points": int(agreement.points),
            "compared": list(agreement.compared), "passed": bool(agreement.passed)}


def to_data(agreement: NumericAgreement) -> dict[str, Any]:
    """Everything of a result as plain JSON data (for the proof cache), ``from_data``'s input."""
    data = to_json(agreement)
    data["details"] = {name: {"first": c.first, "second": c.second, "max_rel_error": float(c.max_rel_error),
                              "tolerance": float(c.tolerance), "worst": c.worst, "failing": list(c.failing),
                              "entries": int(c.entries)} for name, c in agreement.details.items()}
    return data


def from_data(derivation_id: str, data: dict[str, Any]) -> NumericAgreement | None:
    """The result ``to_data`` gave, or None if any field is missing or of another type."""
    try:
        details = {}
        for name, c in data["details"].items():
            floats = [c["max_rel_error"], c["tolerance"]]
            texts = [name, c["first"], c["second"], c["worst"], *c["failing"]]
            if not (all(isinstance(x, (int, float)) and math.isfinite(x) for x in floats)
                    and all(isinstance(t, str) for t in texts) and isinstance(c["entries"], int)):
                return None
            details[name] = Comparison(c["first"], c["second"], float(c["max_rel_error"]), float(c["tolerance"]),
                                       c["worst"], tuple(c["failing"]), c["entries"])
        result = NumericAgreement(derivation_id, float(data["max_rel_error"]), data["points"], list(data["compared"]),
                                  data["passed"] is True, details)
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    return result if result.passed == all(c.passed for c in details.values()) else None


# ---------------------------------------------------------------- the tally of one check

@dataclass
class _Pair:
    max_rel_error: float = 0.0
    worst: str = ""
    failing: list[str] = field(default_factory=list)
    entries: int = 0


class _Tally:
    """Collects comparisons while a checker runs; ``result`` turns them into a NumericAgreement."""

    def __init__(self) -> None:
        self.points = 0
        self.pairs: dict[tuple[str, str], _Pair] = {}

    def _record(self, pair: tuple[str, str], quantity: str, rel: float, where: str, entries: int,
                tolerance: float) -> None:
        slot = self.pairs.setdefault(pair, _Pair())
        rel = float("inf") if np.isnan(rel) else float(rel)
        slot.entries += entries
        if rel > tolerance and quantity not in slot.failing:
            slot.failing.append(quantity)
        if rel >= slot.max_rel_error or not slot.worst:
            slot.max_rel_error, slot.worst = rel, where

    def exact(self, quantity: str, symbolic: Any, other: Any, *, at: str = "",
              against: str = BACKPROP) -> None:
        """Symbolic against ``against`` (backprop), entry by entry, to EXACT_RTOL; shapes must match."""
        symbolic, other = np.asarray(symbolic, dtype=np.float64), np.asarray(other, dtype=np.float64)
        pair = (SYMBOLIC, against)
        if symbolic.shape != other.shape:
            where = f"{quantity}{_at(at)}: symbolic has shape {symbolic.shape}, {against} {other.shape}"
            self._record(pair, quantity, float("inf"), where, 0, EXACT_RTOL)
            return
        rel = relative_errors(symbolic, other)
        index = np.unravel_index(int(np.argmax(rel)), rel.shape) if rel.size else ()
        worst = float(rel[index]) if rel.size else 0.0
        where = (f"{quantity}{list(int(k) for k in index)}{_at(at)}: symbolic {symbolic[index]:.17g}, "
                 f"{against} {other[index]:.17g}") if rel.size else f"{quantity}{_at(at)}"
        self._record(pair, quantity, worst, where, rel.size, EXACT_RTOL)

    def finite(self, quantity: str, run: Callable[[], GradcheckResult], *, at: str = "",
               checked: str = SYMBOLIC) -> None:
        """``checked`` (the symbolic result) against central differences, through gradcheck."""
        pair = (checked, FINITE_DIFFERENCE)
        try:
            result = run()
        except NumericError as error:  # a result of the wrong shape
            self._record(pair, quantity, float("inf"), f"{quantity}{_at(at)}: {error}", 0, FD_RTOL)
            return
        self._result(pair, quantity, result, at)

    def mismatch(self, pair: tuple[str, str], quantity: str, message: str) -> None:
        """A comparison that could not be made (shapes differ): a failure, with the message."""
        tolerance = FD_RTOL if pair[1] == FINITE_DIFFERENCE else EXACT_RTOL
        self._record(pair, quantity, float("inf"), message, 0, tolerance)

    def _result(self, pair: tuple[str, str], quantity: str, result: GradcheckResult, at: str) -> None:
        if result.checked == 0:  # every entry excluded at a kink: nothing verified
            self._record(pair, quantity, float("inf"), f"{quantity}{_at(at)}: every entry at a kink", 0, FD_RTOL)
            return
        w = result.worst[0]
        where = f"{quantity}{list(w.index)}{_at(at)}: {pair[0]} {w.analytic:.17g}, finite difference {w.numeric:.17g}"
        self._record(pair, quantity, result.max_rel_error, where, result.checked, result.rtol)

    def result(self, derivation_id: str) -> NumericAgreement:
        details = {}
        for (first, second), slot in self.pairs.items():
            tolerance = FD_RTOL if second == FINITE_DIFFERENCE else EXACT_RTOL
            c = Comparison(first, second, slot.max_rel_error, tolerance, slot.worst, tuple(slot.failing), slot.entries)
            details[c.name] = c
        compared = [s for s in SOURCES if any(s in pair for pair in self.pairs)]
        return NumericAgreement(
            derivation_id=derivation_id,
            max_rel_error=max((c.max_rel_error for c in details.values()), default=0.0),
            points=self.points, compared=compared,
            passed=bool(details) and all(c.passed for c in details.values()), details=details)


def _at(at: str) -> str:
    return f" at {at}" if at else ""


def relative_errors(a: Array, b: Array) -> Array:
    """|a - b| / max(|a|, |b|, floor), floor = FLOOR * the largest magnitude; 0/0 = 0, NaN = inf."""
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore"):
        top = float(np.nanmax(scale)) if scale.size and not np.all(np.isnan(scale)) else 0.0
        denominator = np.maximum(scale, FLOOR * top)
        diff = np.abs(a - b)
        rel = np.divide(diff, denominator, out=np.zeros_like(diff), where=denominator > 0)
    rel[np.isnan(diff) | np.isnan(denominator)] = np.inf
    rel[(denominator == 0) & (diff > 0)] = np.inf
    return rel
