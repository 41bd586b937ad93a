"""Mini-batch stochastic gradient descent over a Network, its history, a model file, and predict.

Usage (the calls ``gradproof train`` and ``gradproof predict`` make)::

    from numeric import data, trainer
    from numeric.network import Network

    train_set, test_set = data.load("spirals", seed=0).split(test_fraction=0.25, seed=0)
    norm = trainer.Normalisation.fit(train_set.X)
    net = Network(trainer.layers_for(train_set, "cce", hidden=(32,)), "relu", loss="cce", seed=0)
    result = trainer.train(net, norm.apply_to(train_set), norm.apply_to(test_set), epochs=200,
                           batch_size=32, learning_rate=0.5, seed=0, gradients="symbolic",
                           on_epoch=lambda stats: ..., on_batch=lambda epoch, batch, batches: ...)
    result.as_dict()          # the JSON of `gradproof train --json`; result.dataset is the
                              # training set's name ("spirals3[train]"), which a caller may overwrite
    trainer.save_model("model.npz", net, normalisation=norm, meta={"dataset": "spirals"})
    model = trainer.load_model("model.npz")       # ModelError: missing, corrupt, incompatible
    labels = model.predict(X)                     # X raw, (n_features, m); normalised inside

``gradients`` is "backprop" (``net.backward``), "symbolic" (the proved, lambdified formulas of
``derivations.lambdify``, imported only when asked for) or any callable ``f(X, Y) -> (dW, db)``.

SGD as the notes describe it: each epoch shuffles the examples with a seeded generator, cuts them
into batches of ``batch_size`` (the last one may be partial) and after each batch moves every
parameter by ``-learning_rate`` times the batch's gradient. Losses and accuracies in the history
are measured on the whole training set after each epoch. The library never prints: progress goes
to the ``on_epoch`` and ``on_batch`` callbacks.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np

from numeric.activations import NumericError
from numeric.data import Dataset
from numeric.network import Network

Array = np.ndarray
GradientFn = Callable[[Array, Array], "tuple[list[Array], list[Array]]"]
FORMAT, VERSION = "gradproof-model", 1


class ModelError(NumericError):
    """A model file that is missing, unreadable, or not one this version can load."""


# ---------------------------------------------------------------- data in the network's terms

@dataclass(frozen=True)
class Normalisation:
    """Per-feature standardisation x -> (x - mean) / std, fitted on the training data.

    ``mean`` and ``std`` are (n_0, 1); a constant feature gets std 1, so it maps to 0.
    """

    mean: Array
    std: Array

    @classmethod
    def fit(cls, X: Array) -> "Normalisation":
        std = X.std(axis=1, keepdims=True)
        return cls(X.mean(axis=1, keepdims=True), np.where(std > 0, std, 1.0))

    def apply(self, X: Array) -> Array:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] != self.mean.shape[0]:
            raise NumericError(f"X must have shape ({self.mean.shape[0]}, m), one example per column; got {X.shape}")
        return (X - self.mean) / self.std

    def apply_to(self, dataset: Dataset) -> Dataset:
        return Dataset(dataset.name, self.apply(dataset.X), dataset.labels)


def output_size(n_classes: int, loss: str) -> int:
    """One output unit for two classes under bce, sq or mse (a 0/1 target); one per class otherwise."""
    return 1 if n_classes == 2 and loss in ("bce", "sq", "mse") else n_classes


def layers_for(dataset: Dataset, loss: str, hidden: Sequence[int] = (16,)) -> list[int]:
    """Layer sizes for a classifier of ``dataset``: its features, the hidden widths, its outputs."""
    return [dataset.X.shape[0], *hidden, output_size(dataset.n_classes, loss)]


def targets(labels: Array, n_out: int, dtype: np.dtype) -> Array:
    """Target columns for class labels: one 0/1 row when n_out is 1, else one-hot (n_out, m)."""
    if n_out == 1:
        return labels[None, :].astype(dtype)
    return np.eye(n_out, dtype=dtype)[:, labels]


def labels_of(output: Array) -> Array:
    """Predicted classes from a^L (n_L, m): a > 0.5 for a single unit, argmax over units otherwise."""
    return (output[0] > 0.5).astype(np.int64) if output.shape[0] == 1 else output.argmax(axis=0)


def predict(net: Network, X: Array, normalisation: Normalisation | None = None) -> Array:
    """Class labels (m,) for raw examples X (n_0, m), normalised first when ``normalisation`` is given."""
    return labels_of(net.predict(normalisation.apply(X) if normalisation else X))


def evaluate(net: Network, X: Array, labels: Array) -> tuple[float, float]:
    """(loss, accuracy) of ``net`` on examples X (n_0, m) with class labels (m,), in one forward pass."""
    z, a = net.forward(X)
    Y = targets(labels, net.sizes[-1], net.dtype)
    return net.loss_fn.cost(z[-1], a[-1], Y, net.activations[-1]), float(np.mean(labels_of(a[-1]) == labels))


# ---------------------------------------------------------------- SGD

@dataclass(frozen=True)
class EpochStats:
    """Loss and accuracy on the training set after an epoch, and the seconds since training began."""

    epoch: int
    loss: float
    accuracy: float
    seconds: float


@dataclass
class TrainResult:
    """What a run did and reached; ``as_dict()`` is the JSON of ``gradproof train --json``."""

    dataset: str
    layers: list[int]
    gradients: str
    epochs: int
    batch_size: int
    learning_rate: float
    seed: int
    history: list[EpochStats] = field(default_factory=list)
    train_loss: float = float("nan")
    train_accuracy: float = float("nan")
    test_loss: float | None = None
    test_accuracy: float | None = None
    seconds: float = 0.0
    examples_per_second: float = 0.0
    diverged_at: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Strict JSON: a diverged run has ``diverged_at`` (the epoch), its history stops before it,
        and ``train`` is the last finite epoch's (null when there was none)."""
        test = None if self.test_loss is None else {"loss": self.test_loss, "accuracy": self.test_accuracy}
        train = None if not self.history else {"loss": self.train_loss, "accuracy": self.train_accuracy}
        return {"dataset": self.dataset, "gradients": self.gradients, "layers": list(self.layers),
                "epochs": self.epochs, "train": train, "test": test, "diverged_at": self.diverged_at,
                "history": [{"epoch": s.epoch, "loss": s.loss, "accuracy": s.accuracy} for s in self.history],
                "seconds": self.seconds, "examples_per_second": self.examples_per_second}


def gradient_function(net: Network, gradients: str | GradientFn) -> tuple[str, GradientFn]:
    """(name, f) for "backprop", "symbolic" or a callable f(X, Y) -> (dW, db), named after itself."""
    if callable(gradients):
        return ("backprop" if gradients == net.backward else getattr(gradients, "__name__", "custom")), gradients
    if gradients == "backprop":
        return "backprop", net.backward
    if gradients == "symbolic":
        from derivations.lambdify import symbolic_backward  # sympy only when asked for

        return "symbolic", symbolic_backward(net)
    raise NumericError(f"unknown gradients {gradients!r}; choose 'symbolic' or 'backprop'")


def sgd_step(net: Network, gradient: GradientFn, X: Array, Y: Array, learning_rate: float) -> None:
    """One step in place: W <- W - eta dC/dW and b <- b - eta dC/db for the batch (X, Y).

    The gradients are the step's own arrays, so they are scaled in place: ``learning_rate * grad``
    would allocate a temporary as large as W1 every step, which the allocator returns to the kernel
    and faults back in (3.5x the cost of the update at 784-512-10 in float64, measured).
    """
    dW, db = gradient(X, Y)
    for param, grad in zip(net.W + net.b, dW + db):
        grad *= learning_rate
        param -= grad


def batches(m: int, batch_size: int, rng: np.random.Generator) -> Iterator[Array]:
    """Index arrays of one epoch: a seeded shuffle of range(m) cut every ``batch_size``."""
    order = rng.permutation(m)
    for start in range(0, m, batch_size):
        yield order[start:start + batch_size]


def train(net: Network, train_set: Dataset, test_set: Dataset | None = None, *, epochs: int = 100,
          batch_size: int = 32, learning_rate: float = 0.1, seed: int = 0,
          gradients: str | GradientFn = "symbolic",
          on_epoch: Callable[[EpochStats], None] | None = None,
          on_batch: Callable[[int, int, int], None] | None = None) -> TrainResult:
    """Train ``net`` in place by mini-batch SGD; return the history and final metrics.

    ``on_epoch(stats)`` runs after each epoch; ``on_batch(epoch, batch, batches)`` after each step
    (both 1-based). ``seconds`` is the wall time of the whole run, per-epoch evaluation included,
    and ``examples_per_second`` is the examples seen over it.

    Divergence: when an epoch ends with a loss that is NaN or infinite, training stops there and
    ``diverged_at`` is that epoch; the history keeps only the finite epochs before it, and nothing
    is evaluated on ``test_set``. (NumPy's overflow warnings on the way there are silenced: the
    result says what happened.)
    """
    _check(net, train_set, epochs, batch_size, learning_rate)
    name, gradient = gradient_function(net, gradients)
    X, labels = np.asarray(train_set.X, dtype=net.dtype), train_set.labels
    Y = targets(labels, net.sizes[-1], net.dtype)
    result = TrainResult(train_set.name, list(net.sizes), name, epochs, batch_size, learning_rate, seed)
    rng, n_batches = np.random.default_rng(seed), -(-X.shape[1] // batch_size)
    start = time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, epochs + 1):
            for k, idx in enumerate(batches(X.shape[1], batch_size, rng), start=1):
                sgd_step(net, gradient, X[:, idx], Y[:, idx], learning_rate)
                if on_batch is not None:
                    on_batch(epoch, k, n_batches)
            loss, accuracy = evaluate(net, X, labels)
            if not np.isfinite(loss):
                result.diverged_at = epoch
                break
            result.history.append(EpochStats(epoch, loss, accuracy, time.perf_counter() - start))
            if on_epoch is not None:
                on_epoch(result.history[-1])
    result.seconds = time.perf_counter() - start
    seen = (result.diverged_at or epochs + 1) - 1
    result.examples_per_second = seen * X.shape[1] / result.seconds if result.seconds > 0 else 0.0
    if result.history:
        result.train_loss, result.train_accuracy = result.history[-1].loss, result.history[-1].accuracy
    if test_set is not None and result.diverged_at is None:
        _check_features(net, test_set)
        result.test_loss, result.test_accuracy = evaluate(net, np.asarray(test_set.X, dtype=net.dtype), test_set.labels)
    return result


def _check(net: Network, data: Dataset, epochs: int, batch_size: int, learning_rate: float) -> None:
    if epochs < 1 or batch_size < 1:
        raise NumericError(f"epochs and batch size must be at least 1, got {epochs} and {batch_size}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise NumericError(f"the learning rate must be a positive number, got {learning_rate}")
    _check_features(net, data)


def _check_features(net: Network, data: Dataset) -> None:
    if data.X.shape[0] != net.sizes[0]:
        raise NumericError(f"{data.name} has {data.X.shape[0]} features but the network takes {net.sizes[0]}")
    top = 2 if net.sizes[-1] == 1 else net.sizes[-1]
    if data.labels.size and (data.labels.min() < 0 or data.labels.max() >= top):
        raise NumericError(f"{data.name} has labels up to {data.labels.max()}, but the network's "
                           f"{net.sizes[-1]} output(s) can tell {top} classes apart")


# ---------------------------------------------------------------- model files

@dataclass
class SavedModel:
    """A network loaded from a file, with the normalisation its training data had and free-form meta."""

    net: Network
    normalisation: Normalisation | None
    meta: dict[str, Any]

    def predict(self, X: Array) -> Array:
        """Class labels (m,) for raw examples X (n_0, m)."""
        return predict(self.net, X, self.normalisation)

    @property
    def label_names(self) -> list[str]:
        """The label each class index stands for, as the training data gave it (``meta["labels"]``,
        written by ``gradproof train``); "0", "1", ... for a model saved without them."""
        names = self.meta.get("labels")
        n = 2 if self.net.sizes[-1] == 1 else self.net.sizes[-1]
        if isinstance(names, list) and len(names) == n and all(isinstance(x, str) for x in names):
            return names
        return [str(k) for k in range(n)]

    def predict_names(self, X: Array) -> list[str]:
        """The labels (as the training data wrote them) of raw examples X (n_0, m)."""
        names = self.label_names
        return [names[k] for k in self.predict(X).tolist()]


def save_model(path: str | Path, net: Network, meta: Mapping[str, Any] | None = None, *,
               normalisation: Normalisation | None = None) -> Path:
    """Write ``net`` (architecture, activations, loss, dtype, parameters) and its data normalisation.

    Atomic: the .npz is written to a temporary file in the same directory, flushed to disk, then
    renamed over ``path``; a crash at any point leaves either the old file or the new one. The file
    gets ordinary permissions, 0666 less the umask (0644 under the usual umask 022).
    ``meta`` must be JSON-serialisable.
    """
    path = Path(path)
    try:
        meta_json = json.dumps(dict(meta or {}), sort_keys=True)
    except (TypeError, ValueError) as error:
        raise ModelError(f"model meta must be JSON-serialisable: {error}") from None
    arrays: dict[str, Array] = {
        "format": np.array(FORMAT), "version": np.array(VERSION), "layers": np.array(net.sizes),
        "activations": np.array([act.name for act in net.activations]), "loss": np.array(net.loss_fn.name),
        "dtype": np.array(net.dtype.name), "meta": np.array(meta_json), **net.named_params()}
    if normalisation is not None:
        arrays["mean"], arrays["std"] = normalisation.mean, normalisation.std
    _write_atomically(path, arrays)
    return path


def _write_atomically(path: Path, arrays: dict[str, Array]) -> None:
    directory = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise ModelError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as file:
            np.savez(file, **arrays)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a model is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_model(path: str | Path) -> SavedModel:
    """Read a file written by :func:`save_model`; ModelError says what is wrong and what to do."""
    path = Path(path)
    hint = f"train and save one with: gradproof train --save {path}"
    try:
        with np.load(path, allow_pickle=False) as file:
            stored = {key: file[key] for key in file.files}
    except FileNotFoundError:
        raise ModelError(f"{path}: no such model file; {hint}") from None
    except IsADirectoryError:
        raise ModelError(f"{path}: is a directory, not a model file") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ModelError(f"{path}: not a readable model file ({error.__class__.__name__}); {hint}") from None
    if str(stored.get("format", "")) != FORMAT:
        raise ModelError(f"{path}: a .npz file but not a gradproof model; {hint}")
    if int(stored.get("version", -1)) != VERSION:
        raise ModelError(f"{path}: model format version {int(stored.get('version', -1))}, but this gradproof "
                         f"reads version {VERSION}; {hint}")
    try:
        return _rebuild(stored)
    except (KeyError, ValueError, TypeError, NumericError) as error:
        raise ModelError(f"{path}: incompatible or damaged model ({error}); {hint}") from None


def _rebuild(stored: dict[str, Array]) -> SavedModel:
    dtype = np.dtype(str(stored["dtype"]))
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype {dtype} is not float32 or float64")
    net = Network([int(n) for n in stored["layers"]], [str(s) for s in stored["activations"]],
                  loss=str(stored["loss"]), dtype=dtype)
    for name, param in net.named_params().items():
        value = stored[name]
        if value.shape != param.shape:
            raise ValueError(f"{name} has shape {value.shape}, the architecture needs {param.shape}")
        param[...] = value
    normalisation = None
    if "mean" in stored:
        normalisation = Normalisation(stored["mean"].astype(np.float64), stored["std"].astype(np.float64))
        if normalisation.mean.shape != (net.sizes[0], 1) or normalisation.std.shape != (net.sizes[0], 1):
            raise ValueError("the normalisation does not match the input layer")
    return SavedModel(net, normalisation, json.loads(str(stored["meta"])))
