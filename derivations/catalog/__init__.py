"""The built-in derivations by id, gathered from the family modules in the order of the notes."""
from __future__ import annotations

from typing import Callable

from . import activations, backprop, calculus, costs, descent, elementwise, layers, logistic, neuron, softmax
from ..errors import GradproofError
from ..step import Derivation

_FAMILIES = (calculus, elementwise, neuron, costs, descent, logistic, softmax, activations, layers, backprop)


class UnknownDerivation(GradproofError):
    """An id that names no built-in derivation."""

    def __init__(self, unknown: str, known: list[str]):
        super().__init__(unknown)
        self.unknown, self.known = unknown, known

    def __str__(self) -> str:
        return f"unknown derivation {self.unknown!r}; known ids: {', '.join(self.known)}"


def _builders() -> dict[str, Callable[[], Derivation]]:
    return {builder().id: builder for family in _FAMILIES for builder in family.DERIVATIONS}


def all_derivations() -> list[Derivation]:
    return [builder() for family in _FAMILIES for builder in family.DERIVATIONS]


def ids() -> list[str]:
    return [d.id for d in all_derivations()]


def get(derivation_id: str) -> Derivation:
    for derivation in all_derivations():
        if derivation.id == derivation_id:
            return derivation
    raise UnknownDerivation(derivation_id, ids())


def select(requested: list[str] | None) -> list[Derivation]:
    """The derivations named (all when none are), in catalog order; unknown ids raise."""
    catalog = all_derivations()
    if not requested:
        return catalog
    known = [d.id for d in catalog]
    for name in requested:
        if name not in known:
            raise UnknownDerivation(name, known)
    return [d for d in catalog if d.id in requested]
