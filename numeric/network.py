"""A fully connected network in NumPy whose backward pass *is* the four equations BP1-BP4.

Shapes, with examples as columns: X is (n_0, m); W^l is (n_l, n_{l-1}); b^l is (n_l, 1) and is
broadcast over the m columns; z^l = W^l a^{l-1} + b^l and a^l = sigma_l(z^l) are (n_l, m).

Indexing. The notes number layers 1..L; Python lists start at 0. ``W[i]``, ``b[i]``, ``z[i]`` and
``activations[i]`` belong to layer l = i + 1, while ``a`` keeps the input as ``a[0] = X`` and so
has one more entry: ``a[i]`` is a^{l-1}, the input *to* layer l = i + 1. With that convention the
code reads like the book: BP2 uses ``W[i + 1].T`` and ``z[i]``, BP4 uses ``a[i]``. Parameter names
(``"W1"``, ``"b1"``, ...) use the notes' 1-based numbering.

The cost is the mean over the batch, so the 1/m sits in BP1's delta (owned by the loss) and BP3/BP4
just sum over the columns.
"""
from __future__ import annotations

import copy
from typing import Sequence

import numpy as np

from numeric.activations import Activation, NumericError, get_activation
from numeric.losses import DEFAULT_OUTPUT, Loss, get_loss

Array = np.ndarray


class Network:
    """A seeded multilayer perceptron with per-layer activations and a loss that owns BP1.

    ``loss(X, Y)`` is the batch cost; the Loss object itself is ``loss_fn``.

    ``activations`` is one name per layer (the last may be ``"softmax"``), or a single name for
    every hidden layer, in which case the output activation follows the loss
    (mse -> identity, sq and bce -> sigmoid, cce -> softmax). Weights use He scaling
    (variance 2/n_in) before ReLU and Xavier scaling (1/n_in) otherwise; biases start at 0.
    It deliberately has no training loop: see the trainer for that.
    """

    def __init__(
        self,
        layers: Sequence[int] = (4, 8, 8, 3),
        activations: str | Sequence[str] = "relu",
        loss: str = "mse",
        seed: int = 0,
        dtype: type | np.dtype = np.float64,
    ) -> None:
        self.sizes = [int(n) for n in layers]
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise NumericError(f"layers must list at least two positive sizes, got {list(layers)}")
        self.dtype = np.dtype(dtype)
        self.loss_fn: Loss = get_loss(loss)
        self.activations: list[Activation] = _resolve_activations(activations, loss, len(self.sizes) - 1)
        rng = np.random.default_rng(seed)
        self.W: list[Array] = []
        self.b: list[Array] = []
        for n_in, n_out, act in zip(self.sizes[:-1], self.sizes[1:], self.activations):
            gain = 2.0 if act.name == "relu" else 1.0
            self.W.append((rng.standard_normal((n_out, n_in)) * np.sqrt(gain / n_in)).astype(self.dtype))
            self.b.append(np.zeros((n_out, 1), dtype=self.dtype))
        self.z: list[Array] = []
        self.a: list[Array] = []

    @property
    def L(self) -> int:
        """The number of layers with weights (the input layer is not counted)."""
        return len(self.W)

    def forward(self, X: Array) -> tuple[list[Array], list[Array]]:
        """Run the batch X (n_0, m) forward; keep and return (z, a), with a[0] = X (see module doc)."""
        a = [self._as_batch(X)]
        z: list[Array] = []
        for W, b, act in zip(self.W, self.b, self.activations):
            z.append(W @ a[-1] + b)
            a.append(act.f(z[-1]))
        self.z, self.a = z, a
        return z, a

    def backward(self, X: Array, Y: Array) -> tuple[list[Array], list[Array]]:
        """Gradients of the batch cost: (dW, db), with dW[i] shaped like W[i] and db[i] like b[i].

        ``delta`` is delta^l = dC/dz^l for the current layer, shape (n_l, m).
        """
        z, a = self.forward(X)
        Y = self._as_targets(Y, a[-1].shape)
        dW: list[Array] = [np.empty(0)] * self.L
        db: list[Array] = [np.empty(0)] * self.L
        delta = self.loss_fn.delta(z[-1], a[-1], Y, self.activations[-1])  # BP1
        for i in reversed(range(self.L)):
            if i < self.L - 1:
                delta = (self.W[i + 1].T @ delta) * self.activations[i].df(z[i])  # BP2
            db[i] = delta.sum(axis=1, keepdims=True)  # BP3
            dW[i] = delta @ a[i].T  # BP4: a[i] is a^{l-1}, the input to this layer
        return dW, db

    def loss(self, X: Array, Y: Array) -> float:
        """The batch cost C at the current parameters (from the logits for sigmoid+bce, softmax+cce)."""
        z, a = self.forward(X)
        return self.loss_fn.cost(z[-1], a[-1], self._as_targets(Y, a[-1].shape), self.activations[-1])

    def predict(self, X: Array) -> Array:
        """The output activations a^L for X, shape (n_L, m); for classifiers take argmax(axis=0)."""
        return self.forward(X)[1][-1]

    # --- flat parameter vector, in the order W1, b1, W2, b2, ... (used by gradient checking) ---
    def named_params(self) -> dict[str, Array]:
        """The parameter arrays themselves (not copies) by the notes' names W1, b1, W2, ..."""
        named: dict[str, Array] = {}
        for i, (W, b) in enumerate(zip(self.W, self.b), start=1):
            named[f"W{i}"], named[f"b{i}"] = W, b
        return named

    def params(self) -> Array:
        """All parameters as one new flat vector."""
        return np.concatenate([p.ravel() for p in self.named_params().values()])

    def set_params(self, theta: Array) -> None:
        """Write the flat vector ``theta`` (as from ``params()``) back into W and b, in place."""
        theta = np.asarray(theta)
        arrays = list(self.named_params().values())
        if theta.shape != (sum(p.size for p in arrays),):
            raise NumericError(f"expected a flat vector of {sum(p.size for p in arrays)} parameters, got shape {theta.shape}")
        start = 0
        for p in arrays:
            p[...] = theta[start:start + p.size].reshape(p.shape)
            start += p.size

    def flatten(self, dW: Sequence[Array], db: Sequence[Array]) -> Array:
        """Gradients (dW, db) as one flat vector in the order of ``params()``."""
        return np.concatenate([g.ravel() for pair in zip(dW, db) for g in pair])

    def astype(self, dtype: type | np.dtype) -> "Network":
        """A copy of this network with its parameters cast to ``dtype``."""
        net = copy.deepcopy(self)
        net.dtype = np.dtype(dtype)
        net.W = [W.astype(net.dtype) for W in self.W]
        net.b = [b.astype(net.dtype) for b in self.b]
        return net

    def _as_batch(self, X: Array) -> Array:
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[0] != self.sizes[0]:
            raise NumericError(f"X must have shape ({self.sizes[0]}, m), one example per column; got {X.shape}")
        return X

    def _as_targets(self, Y: Array, shape: tuple[int, ...]) -> Array:
        # Cast so a float64 Y cannot silently promote a float32 network's gradients.
        Y = np.asarray(Y, dtype=self.dtype)
        if Y.shape != shape:
            raise NumericError(f"Y must have shape {shape}, like the output a^L; got {Y.shape}")
        return Y


def _resolve_activations(names: str | Sequence[str], loss: str, n_layers: int) -> list[Activation]:
    """One Activation per layer; a single name covers the hidden layers, the loss picks the output."""
    if isinstance(names, str):
        names = [names] * (n_layers - 1) + [DEFAULT_OUTPUT[loss]]
    names = list(names)
    if len(names) != n_layers:
        raise NumericError(f"{n_layers} layers need {n_layers} activations, got {len(names)}: {names}")
    hidden = [get_activation(name) for name in names[:-1]]
    return hidden + [get_activation(names[-1], output=True)]
