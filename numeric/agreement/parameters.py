"""Symbolic parameter gradients of a Network against its backprop and central differences.

Derivations are per example; a network's cost is the mean over the m columns of a batch, so the
symbolic batch gradient is the mean of the per-example formula over the columns (or their sum,
where the formula is an example's share with the 1/m inside). The backprop side is
``Network.backward``, or a ``backward=`` stand-in such as a mutant; central differences of
``net.loss`` go through ``check_network``, which leaves out entries whose step crosses a ReLU kink.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import numpy as np
import sympy as sp

from derivations.step import Step
from numeric.activations import NumericError
from numeric.agreement.formulas import Instances, formula
from numeric.agreement.results import FD_RTOL, FINITE_DIFFERENCE, SYMBOLIC, _at, _Tally
from numeric.gradcheck import check_network
from numeric.network import Network

Array = np.ndarray
Backward = Callable[[Network, Array, Array], tuple[list[Array], list[Array]]]
Gradients = Callable[[dict[str, Any]], dict[str, Array]]


def _network_backward(backward: Backward | None) -> Backward:
    return backward or (lambda net, X, Y: net.backward(X, Y))


def _by_name(dW: Sequence[Array], db: Sequence[Array]) -> dict[str, Array]:
    return {name: g for i, (gW, gb) in enumerate(zip(dW, db), start=1) for name, g in ((f"W{i}", gW), (f"b{i}", gb))}


def _compare_network(tally: _Tally, net: Network, X: Array, Y: Array, symbolic: dict[str, Array],
                     backward: Backward | None, *, at: str) -> None:
    """Symbolic gradients of some of ``net``'s parameters (by name: W1, b1, ...) against backprop,
    entry by entry, and against central differences of ``net.loss`` (kinks excluded)."""
    backprop = _by_name(*_network_backward(backward)(net, X, Y))
    for name, g in symbolic.items():
        tally.exact(name, g, backprop[name], at=at)
    params = net.named_params()
    fitting = {name: np.asarray(g, dtype=np.float64) for name, g in symbolic.items() if np.shape(g) == params[name].shape}
    for name in symbolic.keys() - fitting.keys():
        tally.mismatch((SYMBOLIC, FINITE_DIFFERENCE), name, f"{name}{_at(at)}: symbolic gradient has shape "
                       f"{np.shape(symbolic[name])}, {name} has {params[name].shape}")
    if not fitting:
        return
    full = {name: fitting.get(name, np.zeros_like(p)) for name, p in params.items()}  # others: not reported
    dW = [full[f"W{i}"] for i in range(1, net.L + 1)]
    db = [full[f"b{i}"] for i in range(1, net.L + 1)]
    for name, result in check_network(net, X, Y, backward=lambda *_: (dW, db), rtol=FD_RTOL).items():
        if name in fitting:
            tally._result((SYMBOLIC, FINITE_DIFFERENCE), name, result, at)


def _gradient_steps(steps: Iterable[Step], names: Sequence[str], parameter: Callable[[str], tuple[str, tuple]],
                    shapes: dict[str, tuple], reduce: Callable[[Array], Array],
                    instances: Instances | None = None) -> Gradients:
    """Parameter gradients from steps ``d C/d theta = rhs`` (a Derivative, or a matrix of them).

    Lambdified once over the symbols ``names``; the function returned takes every symbol's value
    by name (data as arrays over the m examples, last axis) and gives the gradients by parameter
    name. ``parameter(variable name)`` says which entry of which parameter array (W1, b1, ...) a
    variable of the left-hand side is; ``reduce`` turns per-example values (last axis) into the
    batch gradient. A right-hand side whose shape is not the left-hand side's is returned as is,
    so the comparison reports it.
    """
    steps = list(steps)
    if not steps:
        raise NumericError("no step states a parameter gradient to check")
    compiled = [_compiled_step(step, names, parameter, instances) for step in steps]

    def gradients(values: dict[str, Any]) -> dict[str, Array]:
        found: dict[str, Array] = {}
        arguments = [values[name] for name in names]
        batch = np.broadcast_shapes(*(np.shape(v) for v in arguments))
        for fn, targets, rhs_shape, fits in compiled:
            value = reduce(np.broadcast_to(fn(*arguments), rhs_shape + batch))
            _place(found, value, targets, fits, shapes)
        return found
    return gradients


def _compiled_step(step: Step, names: Sequence[str], parameter: Callable[[str], tuple[str, tuple]],
                   instances: Instances | None) -> tuple[Callable[..., Array], list[tuple[str, tuple]], tuple, bool]:
    """The step's right-hand side as a function, the parameter entry of each left-hand-side
    entry, the right-hand side's shape, and whether it is the left-hand side's."""
    lhs = list(step.lhs) if isinstance(step.lhs, sp.MatrixBase) else [step.lhs]
    targets = [parameter(entry.variables[0].name) for entry in lhs]
    rhs_shape = step.rhs.shape if isinstance(step.rhs, sp.MatrixBase) else ()
    lhs_shape = step.lhs.shape if isinstance(step.lhs, sp.MatrixBase) else ()
    return formula(step.rhs, names, instances), targets, rhs_shape, rhs_shape == lhs_shape


def _place(found: dict[str, Array], value: Array, targets: list[tuple[str, tuple]], fits: bool,
           shapes: dict[str, tuple]) -> None:
    """One step's batch gradient ``value`` written into the parameter arrays of ``found``."""
    params = {name for name, _ in targets}
    if not fits:
        found.update({name: value for name in params})
        return
    for name in params:
        found.setdefault(name, np.full(shapes[name], np.nan))  # an entry no step gives stays NaN
    for (name, index), entry in zip(targets, np.reshape(value, (-1,))):
        found[name][index] = entry
