"""Which step of a derivation a checker evaluates.

A proved result is taken from the derivation itself (the right-hand side of the step that states
it, read from ``catalog.get(id)`` at call time, never re-typed here, so a wrong formula in the
catalog shows up). A derivation without the step a check needs raises NumericError, which the
check reports as a failure.
"""
from __future__ import annotations

from typing import Any

import sympy as sp

from derivations.step import Derivation, Step
from numeric.activations import NumericError


def last_step(d: Derivation) -> Step:
    """The derivation's conclusion."""
    return d.steps[-1]


def labelled(d: Derivation, label: str) -> Step:
    """The step with this label; a derivation without it cannot be checked."""
    for step in d.steps:
        if step.label == label:
            return step
    raise NumericError(f"derivation {d.id!r} has no step labelled {label!r} to check numerically")


def _step_with_lhs(d: Derivation, lhs: Any) -> Step:
    """The step that claims ``lhs = ...``: one without step-local assumptions if there is one (the
    others are special cases, such as off-diagonal zeros), else the first."""
    claims = [step for step in d.steps if step.lhs == lhs]
    if not claims:
        raise NumericError(f"derivation {d.id!r} has no step for {lhs} to check numerically")
    return next((step for step in claims if not step.assume), claims[0])


def _chain_end(d: Derivation, lhs: Any) -> Step:
    """From the step claiming ``lhs = e1``, follow ``e1 = e2``, ... to the last link of that chain."""
    step = _step_with_lhs(d, lhs)
    for following in d.steps[d.steps.index(step) + 1:]:
        if following.lhs != step.rhs:
            break
        step = following
    return step


def _step_with_lhs_variable(d: Derivation, variable: Any) -> Step:
    """The step claiming d(something)/d``variable`` = ..."""
    for step in d.steps:
        if isinstance(step.lhs, sp.Derivative) and step.lhs.variables == (variable,):
            return step
    raise NumericError(f"derivation {d.id!r} has no step for a derivative by {variable} to check numerically")
