"""What a derivation is: an ordered list of claims ``lhs = rhs``, each with its reason.

A step is verified on its own, so a derivation that reaches the right answer through a wrong step
is caught at that step. Nothing here proves anything; ``prove.py`` does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import sympy as sp

Substitution = tuple[sp.Symbol, sp.Expr]


def _as_sympy(value: Any) -> Any:
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value)
    return sp.sympify(value)  # trusted, built-in objects only: never user text


def _reject_floats(expr: Any, where: str) -> None:
    # A float in a claim would make "proved" depend on rounding (nsimplify can fake it).
    if expr.atoms(sp.Float):
        raise ValueError(f"{where}: floats are not allowed in a claim, use exact Rationals")


@dataclass(frozen=True)
class Step:
    """One claim ``lhs = rhs`` with a one-line reason and, optionally, the notes' own wording.

    ``assume`` holds step-local reparametrisations (applied after the derivation's own), for a
    domain that SymPy's assumptions cannot state, e.g. ``a -> 1/(1 + t)`` with ``t > 0`` for a
    in (0, 1).
    """

    lhs: Any
    rhs: Any
    reason: str
    quote: str | None = None
    label: str | None = None
    assume: tuple[Substitution, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "lhs", _as_sympy(self.lhs))
        object.__setattr__(self, "rhs", _as_sympy(self.rhs))
        object.__setattr__(self, "assume", tuple(self.assume))
        _reject_floats(self.lhs, f"step {self.reason!r} (left side)")
        _reject_floats(self.rhs, f"step {self.reason!r} (right side)")

    @property
    def is_matrix(self) -> bool:
        return isinstance(self.lhs, sp.MatrixBase) or isinstance(self.rhs, sp.MatrixBase)


@dataclass(frozen=True)
class Derivation:
    """A derivation of the notes: id, title, source (file and section), domain, definitions, steps.

    ``reparametrise`` substitutions are applied, in order, to every step after derivatives are
    taken; they state domains such as a probability in (0, 1) or an index inside its range.
    ``domain`` says the same in words for a reader.
    """

    id: str
    title: str
    source: str
    steps: tuple[Step, ...]
    definitions: tuple[tuple[Any, Any], ...] = ()
    reparametrise: tuple[Substitution, ...] = ()
    domain: tuple[str, ...] = ()
    convention: str | None = None
    summary: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "definitions", tuple(self.definitions))
        object.__setattr__(self, "reparametrise", tuple(self.reparametrise))
        object.__setattr__(self, "domain", tuple(self.domain))
        if not self.steps:
            raise ValueError(f"derivation {self.id!r} has no steps")

    def _repr_html_(self) -> str:
        """Jupyter shows a derivation typeset, step under step (not verified: see DerivationResult)."""
        from .html.steps import derivation_fragment

        return derivation_fragment(self)

    @property
    def symbols(self) -> list[tuple[str, str]]:
        """Every free symbol of the steps with its assumptions in words, sorted by name."""
        found: set[sp.Symbol] = set()
        for step in self.steps:
            for side in (step.lhs, step.rhs):
                found |= {s for s in side.free_symbols if isinstance(s, sp.Symbol)}
        return sorted(((str(s), describe_assumptions(s)) for s in found), key=lambda p: p[0])


def chain(start: Any, links: Iterable[Sequence[Any]], **common: Any) -> list[Step]:
    """Steps ``E0 = E1``, ``E1 = E2``, ... from ``start`` and ``(expr, reason[, quote])`` links."""
    steps, previous = [], start
    for link in links:
        expr, reason, *rest = link
        steps.append(Step(previous, expr, reason, quote=rest[0] if rest else None, **common))
        previous = expr
    return steps


def describe_assumptions(symbol: sp.Symbol) -> str:
    """The assumptions SymPy holds for a symbol, in words."""
    facts = symbol.assumptions0
    for key, words in (
        ("positive", "positive"),
        ("nonnegative", "nonnegative"),
        ("negative", "negative"),
    ):
        if facts.get(key):
            kind = "integer" if facts.get("integer") else "real"
            return f"{words} {kind}"
    if facts.get("integer"):
        return "integer"
    if facts.get("real"):
        return "real"
    return "complex"
