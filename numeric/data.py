"""Data sets that work offline: seeded generators, a CSV loader, and scikit-learn's 8x8 digits.

A :class:`Dataset` holds ``X`` with one example per column (n_features, m), as the notes and the
network use, and integer class labels ``labels`` (m,). ``targets(loss)`` turns the labels into
what a loss expects: one row of 0/1 for bce and sq on two classes, one-hot columns otherwise.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from numeric.activations import NumericError

Array = np.ndarray


class DataError(NumericError):
    """Unusable data: the message names the file, and the line and column where it applies."""


@dataclass(frozen=True)
class Dataset:
    name: str
    X: Array  # (n_features, m)
    labels: Array  # (m,) integers 0 .. n_classes - 1
    names: tuple[str, ...] = ()  # the label each integer stands for, as the data wrote it

    @property
    def n_classes(self) -> int:
        return max(int(self.labels.max()) + 1, len(self.names))

    @property
    def class_names(self) -> list[str]:
        """The label of each class as given (a CSV's words or numbers); "0", "1", ... otherwise."""
        return list(self.names) if self.names else [str(k) for k in range(self.n_classes)]

    @property
    def m(self) -> int:
        return self.X.shape[1]

    def targets(self, loss: str) -> Array:
        """Targets as columns: a single 0/1 row for two classes under bce/sq/mse, else one-hot."""
        if self.n_classes == 2 and loss in ("bce", "sq", "mse"):
            return self.labels[None, :].astype(self.X.dtype)
        return np.eye(self.n_classes, dtype=self.X.dtype)[:, self.labels]

    def split(self, test_fraction: float = 0.25, seed: int = 0) -> tuple["Dataset", "Dataset"]:
        """A seeded shuffle into train and held-out parts (each class keeps its share).

        ``test_fraction`` 0 gives an empty held-out part; one that would leave no training example
        raises DataError.
        """
        rng = np.random.default_rng(seed)
        test = np.zeros(self.m, dtype=bool)
        for c in range(self.n_classes):
            members = rng.permutation(np.flatnonzero(self.labels == c))
            test[members[: int(round(len(members) * test_fraction))]] = True
        if test.all():
            raise DataError(f"{self.name}: a test fraction of {test_fraction:g} leaves no training examples "
                            f"of its {self.m}; hold out less")
        return self._subset(~test, "train"), self._subset(test, "test")

    def standardized(self, mean: Array | None = None, std: Array | None = None) -> "Dataset":
        """Features centred and scaled (by this set's statistics unless given), for stable training."""
        mean = self.X.mean(axis=1, keepdims=True) if mean is None else mean
        std = self.X.std(axis=1, keepdims=True) if std is None else std
        return Dataset(self.name, (self.X - mean) / np.where(std > 0, std, 1.0), self.labels, self.names)

    def _subset(self, mask: Array, part: str) -> "Dataset":
        return Dataset(f"{self.name}[{part}]", self.X[:, mask], self.labels[mask], self.names)


def _finish(name: str, points: Array, labels: Array, rng: np.random.Generator, noise: float) -> Dataset:
    points = points + noise * rng.standard_normal(points.shape)
    return Dataset(name, points.T.astype(np.float64).copy(), labels.astype(np.int64))


def xor(m: int = 400, noise: float = 0.15, seed: int = 0) -> Dataset:
    """Four clusters at the corners of a square; the label is the XOR of the two coordinates' signs."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(m, 2))
    return _finish("xor", 2.0 * corners - 1.0, corners[:, 0] ^ corners[:, 1], rng, noise)


def moons(m: int = 400, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaving half circles."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=m)
    angle = rng.uniform(0, math.pi, size=m)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    return _finish("moons", np.where(labels[:, None] == 0, upper, lower), labels, rng, noise)


def circles(m: int = 400, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> Dataset:
    """A small circle inside a large one."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=m)
    angle = rng.uniform(0, 2 * math.pi, size=m)
    radius = np.where(labels == 1, factor, 1.0)
    return _finish("circles", radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], 1), labels, rng, noise)


def spirals(m: int = 600, classes: int = 3, noise: float = 0.2, seed: int = 0) -> Dataset:
    """``classes`` interleaved spiral arms (the CS231n toy problem); linearly inseparable."""
    if classes < 2:
        raise DataError(f"spirals needs at least 2 classes, got {classes}")
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % classes
    r = rng.uniform(0.05, 1.0, size=m)
    theta = labels * 2 * math.pi / classes + 4.0 * r + noise * rng.standard_normal(m)
    return _finish(f"spirals{classes}", np.stack([r * np.sin(theta), r * np.cos(theta)], 1), labels, rng, 0.0)


def digits() -> Dataset:
    """scikit-learn's 8x8 digit images (1797 examples, 10 classes), pixels scaled to [0, 1]."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise DataError("the digits data set needs scikit-learn: pip install 'gradproof[data]'") from None
    bunch = load_digits()
    return Dataset("digits", (bunch.data.T / 16.0).astype(np.float64), bunch.target.astype(np.int64))


GENERATED = {"xor": xor, "moons": moons, "circles": circles, "spirals": spirals}


def load(name: str, seed: int = 0, classes: int = 3) -> Dataset:
    """A named data set: one of GENERATED (seeded) or ``digits``."""
    if name == "digits":
        return digits()
    if name == "spirals":
        return spirals(classes=classes, seed=seed)
    if name not in GENERATED:
        raise DataError(f"unknown data set {name!r}; known: {', '.join([*GENERATED, 'digits'])}")
    return GENERATED[name](seed=seed)


def load_csv(path: str | Path) -> Dataset:
    """Features in every column but the last, an integer class label in the last.

    A first row that is not numeric is taken as a header. Labels may be any integers or words;
    they are mapped to 0 .. k-1 in sorted order.
    """
    path = Path(path)
    rows = _rows(path)
    width = len(rows[0][1])
    if width < 2:
        raise DataError(f"{path}:{rows[0][0]}: need at least one feature column and a label column")
    X, raw_labels = _features(path, rows, width - 1)
    names = sorted(set(raw_labels), key=lambda s: (not _is_number(s), float(s) if _is_number(s) else 0, s))
    if len(names) < 2:
        raise DataError(f"{path}: every row has the label {names[0]!r}; a classifier needs at least two classes")
    index = {name: k for k, name in enumerate(names)}
    labels = np.array([index[s] for s in raw_labels], dtype=np.int64)
    return Dataset(path.stem, X, labels, tuple(names))


def load_features(path: str | Path, n_features: int) -> tuple[Array, list[str] | None]:
    """New data for a model of ``n_features`` inputs: (X (n_features, m), the given labels or None).

    Each row holds the features, optionally followed by a label: a row of ``n_features`` columns is
    features only, one of ``n_features + 1`` ends with its label (as a CSV for ``load_csv`` does).
    One row is enough; a first row that is not numeric is a header.
    """
    path = Path(path)
    rows = _rows(path, n_features)
    width = len(rows[0][1])
    if width not in (n_features, n_features + 1):
        raise DataError(f"{path}:{rows[0][0]}: {width} columns, but the model takes {n_features} features "
                        f"(give {n_features} columns, or {n_features + 1} with a label last)")
    X, labels = _features(path, rows, n_features)
    return X, (labels if width == n_features + 1 else None)


def _rows(path: Path, n_features: int | None = None) -> list[tuple[int, list[str]]]:
    """The non-blank rows with their line numbers; a first row whose features (the first
    ``n_features`` cells, or all but the last) are not all numbers is a header, and dropped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: cannot read as UTF-8 text ({error.__class__.__name__})") from None
    rows = [(k, row) for k, row in enumerate(csv.reader(text.splitlines()), start=1) if any(c.strip() for c in row)]
    if rows and not _numeric(rows[0][1][:-1] if n_features is None else rows[0][1][:n_features]):
        rows = rows[1:]  # a header
    if not rows:
        raise DataError(f"{path}: no data rows")
    return rows


def _features(path: Path, rows: list[tuple[int, list[str]]], n: int) -> tuple[Array, list[str]]:
    """The first ``n`` cells of each row as numbers (n, m), and the last cell of each row as text."""
    width = len(rows[0][1])
    features, last = [], []
    for line, row in rows:
        if len(row) != width:
            raise DataError(f"{path}:{line}: {len(row)} columns where the first data row has {width}")
        features.append([_cell(path, line, col, cell) for col, cell in enumerate(row[:n], start=1)])
        last.append(row[-1].strip())
    return np.array(features, dtype=np.float64).reshape(len(rows), n).T.copy(), last


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def _numeric(cells: list[str]) -> bool:
    return all(_is_number(c.strip()) for c in cells)


def _cell(path: Path, line: int, column: int, cell: str) -> float:
    if not _is_number(cell.strip()):
        raise DataError(f"{path}:{line}:{column}: {cell.strip()!r} is not a finite number")
    return float(cell)
