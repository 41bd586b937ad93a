"""Verdicts: ``proved``, ``refuted`` (with a counterexample) or ``undecided``; and their JSON."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROVED, REFUTED, UNDECIDED = "proved", "refuted", "undecided"


@dataclass(frozen=True)
class Verdict:
    """The outcome of verifying one step.

    ``counterexample`` (refuted only) maps each variable to its exact value and holds ``lhs`` and
    ``rhs``, both sides' values there. ``excluded`` lists the denominators that may vanish: a proof
    holds wherever both sides are defined. ``evidence`` says what numeric checks found, which
    never changes the verdict.
    """

    verdict: str
    method: str
    counterexample: dict[str, Any] | None = None
    excluded: tuple[str, ...] = ()
    evidence: str = ""
    seconds: float = 0.0

    @property
    def proved(self) -> bool:
        return self.verdict == PROVED


def combine(verdicts: list[str]) -> str:
    """One verdict for many: refuted if any is, proved only if all are, undecided otherwise."""
    if any(v == REFUTED for v in verdicts):
        return REFUTED
    if verdicts and all(v == PROVED for v in verdicts):
        return PROVED
    return UNDECIDED


@dataclass(frozen=True)
class StepResult:
    index: int
    step: Any
    verdict: Verdict


@dataclass(frozen=True)
class DerivationResult:
    derivation: Any
    steps: tuple[StepResult, ...]
    seconds: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return combine([s.verdict.verdict for s in self.steps])

    def _repr_html_(self) -> str:
        """Jupyter shows the derivation typeset with each step's verdict."""
        from .html.steps import derivation_fragment

        return derivation_fragment(self.derivation, self)
