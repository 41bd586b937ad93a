"""Symbolic = backprop = finite differences: the numeric cross-check of the proved derivations.

For a derivation that yields a gradient or a Jacobian, its proved result is taken from the
derivation itself (the right-hand side of the step that states it, read from ``catalog.get(id)``
at call time, never re-typed here, so a wrong formula in the catalog shows up), lambdified once,
and evaluated in float64 on seeded random inputs at several sizes. Named functions (sigma, ReLU,
ReLU') are evaluated from their SymPy definitions, not by numeric's code; generic ones (phi, a cost
C, a loss ell of the backprop family) are given a concrete instance (phi a sigmoid or tanh, C the
mean squared error) with their named derivatives differentiated by SymPy. The result is compared with

- **backprop**: the hand-written NumPy code where the derivation describes a network or a part of
  one: ``Network.backward`` (or a ``backward=`` stand-in such as a mutant) on a network of the
  derivation's shape, ``SIGMOID.df`` (BP2's sigma'), ``softmax_jacobian`` and the losses' BP1
  (``Loss.delta``). Every entry must agree to a relative error of ``EXACT_RTOL`` = 1e-10;
- **finite differences**: central differences of a forward function written in NumPy (the
  network's cost, the activation, the elementwise operation), through ``gradcheck``,
  ``jacobian_check`` or ``check_network`` (which leaves out entries whose step crosses a ReLU
  kink), to ``FD_RTOL`` = 1e-6 with gradcheck's round-off floors. Steps about explicit entries
  (``Jacobian(F, v) = J`` for n = 2, 3, 5, and one-layer BP1-BP4 with a generic cost) are checked
  against central differences of their own left-hand side instead.

``check_derivation(id)`` returns a :class:`NumericAgreement` (``None`` for a derivation without a
numeric checker: one that yields no gradient), and ``to_json`` its JSON block. Compiled formulas
are kept per expression (a changed formula is compiled anew), so repeated checks are cheap.
``gradcheck_network`` is the library side of ``gradproof gradcheck``.

The modules, in the order the data flows:

- ``steps.py``: which step of a derivation a checker reads;
- ``formulas.py``: from a SymPy step to a NumPy function (compiled once, generics given their
  instances, 1-based index arrays with a NaN at 0, so an off-by-one fails);
- ``inputs.py``: the seeded random points, sizes and networks the formulas are evaluated at;
- ``parameters.py``: symbolic parameter gradients against a network's backprop and its cost's
  central differences (per-example formulas averaged over a batch);
- the checkers, one module per family: ``calculus.py`` (gradient, Jacobian, chain rules, sigma',
  bce-sigmoid), ``vectors.py`` (elementwise, Hadamard, sum), ``networks.py`` (the MSE neuron, the
  two-layer network, ``gradcheck_network``), ``softmax.py`` (softmax with cce) and ``backprop.py``
  (BP1-BP4), ``neurons.py`` (neuron, layer, neuron-activation: dz/dw, dz/dx, dz/db through a
  network whose cost turns them into gradients), and ``generated.py``: the trainer's step as ``derivations.lambdify`` generates it
  (run in the backprop-equations block, so that "symbolic = backprop" covers the code that trains);
- ``results.py``: the tally a checker fills, turned into a Comparison per pair and a
  NumericAgreement (relative errors and their floor are defined there);
- this module: the registry of checkers by derivation id, and ``check_derivation``.
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from derivations import catalog
from derivations.step import Derivation
from numeric.activations import NumericError
from numeric.agreement.backprop import PHI, SIGMOID_PHI, _check_backprop_equations
from numeric.agreement.calculus import (
    _check_bce_sigmoid, _check_chain_rule_jacobian, _check_chain_rule_scalar, _check_gradient, _check_jacobian,
    _check_sigmoid_derivative,
)
from numeric.agreement.formulas import FormulaError, Instances, formula, indexed
from numeric.agreement.generated import ARCHITECTURES, _check_generated_step
from numeric.agreement.formulas import _FORMULAS, _FUNCTIONS  # the compile caches, kept reachable here
from numeric.agreement.inputs import POINTS, SIZES
from numeric.agreement.neurons import _check_layer, _check_neuron_activation, _check_neuron_z
from numeric.agreement.networks import _check_mse_bias, _check_mse_weights, _check_two_layer, gradcheck_network
from numeric.agreement.parameters import Backward
from numeric.agreement.results import (
    BACKPROP, EXACT_RTOL, FD_RTOL, FINITE_DIFFERENCE, FLOOR, SOURCES, SYMBOLIC, Comparison, NumericAgreement,
    _Tally, relative_errors, to_json,
)
from numeric.agreement.softmax import _check_softmax_cce
from numeric.agreement.steps import labelled, last_step
from numeric.agreement.vectors import ELEMENTWISE, _check_elementwise_jacobian, _check_hadamard, _check_sum

__all__ = [
    "check_derivation", "check_all", "checked_ids", "to_json", "gradcheck_network", "NumericAgreement",
    "Comparison", "formula", "relative_errors", "indexed", "last_step", "labelled", "FormulaError",
    "EXACT_RTOL", "FD_RTOL", "FLOOR", "SYMBOLIC", "BACKPROP", "FINITE_DIFFERENCE", "SOURCES", "CHECKERS",
    "Checker", "Backward", "Instances", "POINTS", "SIZES", "ELEMENTWISE", "PHI", "SIGMOID_PHI", "ARCHITECTURES",
]



def _check_backprop_and_generated_step(d: Derivation, rng: np.random.Generator, tally: _Tally,
                                       backward: "Backward | None") -> None:
    """BP1-BP4 as the catalog states them, then the step the trainer runs, generated from them."""
    _check_backprop_equations(d, rng, tally, backward)
    _check_generated_step(d, rng, tally, backward)


# A checker gets the derivation, a seeded generator, the tally, and a backward pass to check
# (None: Network.backward). Each evaluates the symbolic result and makes the comparisons.
Checker = Callable[[Derivation, np.random.Generator, _Tally, "Backward | None"], None]

#: Derivation id -> checker. Ids without an entry yield no gradient to check.
CHECKERS: dict[str, Checker] = {
    "gradient": _check_gradient,
    "jacobian": _check_jacobian,
    "chain-rule-scalar": _check_chain_rule_scalar,
    "chain-rule-jacobian": _check_chain_rule_jacobian,
    "sigmoid-derivative": _check_sigmoid_derivative,
    "bce-sigmoid": _check_bce_sigmoid,
    "elementwise-jacobian": _check_elementwise_jacobian,
    "hadamard": _check_hadamard,
    "sum": _check_sum,
    "neuron": _check_neuron_z,
    "layer": _check_layer,
    "neuron-activation": _check_neuron_activation,
    "mse-weights": _check_mse_weights,
    "mse-bias": _check_mse_bias,
    "softmax-cce": _check_softmax_cce,
    "two-layer": _check_two_layer,
    "backprop-equations": _check_backprop_and_generated_step,
}


def checked_ids() -> list[str]:
    """The ids that have a numeric check."""
    return list(CHECKERS)


def check_derivation(derivation_id: str, seed: int = 0, *, derivation: Derivation | None = None,
                     backward: Backward | None = None) -> NumericAgreement | None:
    """Symbolic = backprop = finite differences for one derivation; ``None`` if it yields no gradient.

    The derivation is ``catalog.get(derivation_id)`` unless passed as ``derivation`` (to avoid
    rebuilding the catalog). ``backward(net, X, Y) -> (dW, db)`` replaces ``Network.backward`` in
    the backprop comparison of network derivations (e.g. a mutant). Inputs come from
    ``numpy.random.default_rng(seed)``.
    """
    checker = CHECKERS.get(derivation_id)
    if checker is None:
        return None
    d = derivation if derivation is not None else catalog.get(derivation_id)
    tally = _Tally()
    try:
        with np.errstate(all="ignore"):  # overflow or 0/0 in a (wrong) formula shows up as a failure
            checker(d, np.random.default_rng(seed), tally, backward)
    except NumericError as error:  # a step the check needs is missing, or cannot be evaluated: a failure, said why
        tally.mismatch((SYMBOLIC, FINITE_DIFFERENCE), "derivation", f"cannot check {derivation_id!r}: {error}")
    return tally.result(derivation_id)


def check_all(ids: Iterable[str] | None = None, seed: int = 0) -> dict[str, NumericAgreement]:
    """``check_derivation`` for every checked id (or those given that have a check)."""
    found = {}
    for derivation_id in (checked_ids() if ids is None else ids):
        agreement = check_derivation(derivation_id, seed)
        if agreement is not None:
            found[derivation_id] = agreement
    return found
