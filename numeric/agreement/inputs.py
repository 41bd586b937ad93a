"""Where the checks evaluate: seeded random points, sizes, operands and networks.

Every input comes from the ``numpy.random.Generator`` a checker is given, so a check is
reproducible from its seed.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp

from numeric.network import Network

Array = np.ndarray

POINTS = 4  # random points per fixed-size function
SIZES = (2, 3, 5)  # the sizes n at which an any-n formula is evaluated


def _operand(rng: np.random.Generator, n: int) -> Array:
    """Entries of either sign with |entry| in [0.5, 2]: away from 0, where v / w is undefined."""
    return rng.choice([-1.0, 1.0], n) * rng.uniform(0.5, 2.0, n)


def _sample(rng: np.random.Generator, symbols: Sequence[sp.Symbol]) -> Array:
    """A random value per symbol, |value| in [0.5, 2], positive where the symbol is."""
    signs = np.array([1.0 if s.is_positive or s.is_nonnegative else rng.choice([-1.0, 1.0]) for s in symbols])
    return signs * rng.uniform(0.5, 2.0, len(symbols))


def _probabilities(rng: np.random.Generator, size: int) -> Array:
    """A random probability vector: sum y = 1, as dJ/dz = a - y requires."""
    return rng.dirichlet(np.ones(size))


def _random_net(rng: np.random.Generator, layers: Sequence[int], activations: Sequence[str], loss: str) -> Network:
    """A network with standard normal weights and biases (not its own initialisation: any point will do)."""
    net = Network(layers, list(activations), loss)
    for p in net.named_params().values():
        p[...] = rng.standard_normal(p.shape)
    return net
