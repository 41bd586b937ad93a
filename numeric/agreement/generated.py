"""Checker for the trainer's own step: the code ``derivations.lambdify`` generates = backprop = finite
differences.

``lambdify.symbolic_backward(net)`` is what the trainer runs with ``gradients="symbolic"``: one
function generated per (activations, loss) from the formulas proved for symbolic widths. Here it
is generated and run on seeded random networks that together take every branch of the generator
(BP1 as the sigmoid + bce and softmax + cce collapses, the softmax vector-Jacobian product, and the
elementwise chain rule; BP2 through every hidden activation, the identity's W^T delta included),
each with a square pair of hidden layers so that a W-for-W^T slip would type-check. Its gradients
are compared with ``Network.backward`` (or a ``backward=`` stand-in such as a mutant) entry by
entry, and with central differences of the network's cost (``check_network``, kinks excluded).
"""
from __future__ import annotations

import numpy as np

from derivations.step import Derivation
from numeric.agreement.inputs import _random_net
from numeric.agreement.parameters import Backward, _by_name, _compare_network
from numeric.agreement.results import _Tally

Array = np.ndarray

#: (layer sizes, activations, loss): together every BP1 and BP2 branch of the generated code
ARCHITECTURES = (
    ((3, 4, 4, 3), ("relu", "tanh", "softmax"), "cce"),  # BP1: the softmax + cce collapse
    ((3, 4, 4, 1), ("sigmoid", "identity", "sigmoid"), "bce"),  # BP1: the sigmoid + bce collapse
    ((2, 4, 4, 3), ("tanh", "sigmoid", "softmax"), "mse"),  # BP1: the softmax VJP
    ((3, 4, 4, 2), ("tanh", "relu", "identity"), "mse"),  # BP1: elementwise; BP2 through ReLU
    ((3, 4, 4, 2), ("identity", "sigmoid", "tanh"), "sq"),  # BP1: elementwise
    ((3, 4, 4, 3), ("sigmoid", "relu", "sigmoid"), "cce"),  # BP1: elementwise, -y/a
)
EXAMPLES = 5


def _check_generated_step(d: Derivation, rng: np.random.Generator, tally: _Tally, backward: Backward | None) -> None:
    """The generated step of each architecture in ARCHITECTURES against backprop and central
    differences (``d`` is not read: the step is generated from lambdify's own proofs)."""
    from derivations import lambdify  # sympy code generation, only when this check runs

    for sizes, activations, loss in ARCHITECTURES:
        net = _random_net(rng, sizes, activations, loss)
        X, Y = rng.standard_normal((sizes[0], EXAMPLES)), _targets(rng, loss, sizes[-1])
        generated = _by_name(*lambdify.symbolic_backward(net)(X, Y))
        _compare_network(tally, net, X, Y, generated, backward,
                         at=f"the generated step, {'-'.join(map(str, sizes))} {'/'.join(activations)} + {loss}")
        tally.points += EXAMPLES


def _targets(rng: np.random.Generator, loss: str, n_out: int) -> Array:
    """One-hot columns for cce (the collapse assumes each column sums to 1), 0/1 labels for bce
    and sq, standard normal values for mse."""
    if loss == "cce":
        return np.eye(n_out)[:, rng.integers(0, n_out, EXAMPLES)]
    if loss in ("bce", "sq"):
        return (rng.random((n_out, EXAMPLES)) > 0.5).astype(np.float64)
    return rng.standard_normal((n_out, EXAMPLES))
