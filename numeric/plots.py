"""Pictures where a person would rather look than read, written as PNG files (optional extra ``plot``).

- :func:`plot_training`: loss and accuracy per epoch, and the decision regions for 2-D data;
- :func:`plot_activations`: ReLU, sigmoid and tanh beside their derivatives, the derivatives
  evaluated from the proved formulas of ``derivations.lambdify``;
- :func:`plot_descent`: the notes' 3.7, the cost surface of a network with two weights and the
  paths gradient descent takes on it, one converging and one overshooting.

matplotlib is imported only inside these functions, through its Agg canvas (no display, no global
pyplot state); without it they raise :class:`PlotUnavailable`, whose message says how to install
it. Each function writes one PNG to the path it is given and returns that path; none shows a
window or prints.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np

from numeric.activations import ACTIVATIONS, NumericError
from numeric.data import Dataset
from numeric.network import Network
from numeric.trainer import Normalisation, TrainResult, predict

Array = np.ndarray
INSTALL_HINT = "pip install 'gradproof[plot]'"
DPI = 110


class PlotUnavailable(NumericError):
    """matplotlib is not installed; the message says how to install it."""


def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotUnavailable(f"plots need matplotlib: {INSTALL_HINT}") from None
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def _save(figure: Any, path: str | Path) -> Path:
    """Write the figure in the format its suffix names (.png, .svg or .pdf); any other is refused."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise NumericError(f"{path}: a picture must end in .png, .svg or .pdf")
    try:
        figure.savefig(path, dpi=DPI, format=fmt)
    except OSError as error:
        raise NumericError(f"cannot write {path}: {error.strerror or error}") from None
    return path


# ---------------------------------------------------------------- training

def plot_training(path: str | Path, result: TrainResult, net: Network | None = None,
                  dataset: Dataset | None = None, normalisation: Normalisation | None = None) -> Path:
    """Loss and accuracy per epoch; with ``net`` and 2-D raw ``dataset``, its decision regions too.

    ``normalisation`` is what the network's inputs went through (raw points are plotted).
    """
    regions = net is not None and dataset is not None and dataset.X.shape[0] == 2
    figure = _figure(15 if regions else 10, 4.2)
    axes = figure.subplots(1, 3 if regions else 2)
    epochs = [s.epoch for s in result.history]
    loss_ax, accuracy_ax = axes[0], axes[1]
    loss_ax.plot(epochs, [s.loss for s in result.history], color="tab:blue", label="training loss")
    loss_ax.set(xlabel="epoch", ylabel="loss (mean over the training set)",
                title=f"Loss: {result.train_loss:.4g} after {result.epochs} epochs")
    if min(s.loss for s in result.history) > 0:
        loss_ax.set_yscale("log")
    accuracy_ax.plot(epochs, [100 * s.accuracy for s in result.history], color="tab:green", label="training")
    if result.test_accuracy is not None:
        accuracy_ax.axhline(100 * result.test_accuracy, color="tab:orange", linestyle="--",
                            label=f"held out, final: {100 * result.test_accuracy:.1f} %")
    accuracy_ax.set(xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 101),
                    title=f"Accuracy: {100 * result.train_accuracy:.1f} % on training data")
    for ax in (loss_ax, accuracy_ax):
        ax.grid(alpha=0.3)
        ax.legend(loc="best")
    if regions:
        _decision_regions(axes[2], net, dataset, normalisation)
    layers = "-".join(map(str, result.layers))
    figure.suptitle(f"{result.dataset}: {layers} network, {result.gradients} gradients, batch {result.batch_size}, "
                    f"learning rate {result.learning_rate:g}")
    return _save(figure, path)


def _decision_regions(ax: Any, net: Network, dataset: Dataset, normalisation: Normalisation | None) -> None:
    from matplotlib.colors import ListedColormap

    X, k = dataset.X, max(dataset.n_classes, 2)
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = 0.08 * (hi - lo)
    u, v = np.meshgrid(np.linspace(lo[0] - pad[0], hi[0] + pad[0], 300), np.linspace(lo[1] - pad[1], hi[1] + pad[1], 300))
    labels = predict(net, np.vstack([u.ravel(), v.ravel()]), normalisation).reshape(u.shape)
    colours = [f"C{c}" for c in range(k)]
    ax.contourf(u, v, labels, levels=np.arange(k + 1) - 0.5, cmap=ListedColormap(colours), alpha=0.25)
    for c in range(k):
        members = dataset.labels == c
        ax.scatter(X[0, members], X[1, members], s=10, color=colours[c], edgecolors="white", linewidths=0.3,
                   label=f"class {c}")
    ax.set(xlabel="x1", ylabel="x2", title="Decision regions (shaded) and the training points")
    ax.legend(loc="upper right", fontsize="small")


# ---------------------------------------------------------------- activations

_PROVED_AS = {"relu": "H(z) = [z > 0], H(0) = 0", "sigmoid": "a (1 - a)", "tanh": "1 - a^2"}


def plot_activations(path: str | Path, names: Sequence[str] = ("relu", "sigmoid", "tanh")) -> Path:
    """Each activation a = f(z) with its derivative, the derivative from the proved formula."""
    from derivations.lambdify import activation_prime  # proves the formulas on first use

    figure = _figure(4.6 * len(names), 4)
    axes = np.atleast_1d(figure.subplots(1, len(names)))
    z = np.linspace(-5, 5, 1001)
    for ax, name in zip(axes, names):
        ax.plot(z, ACTIVATIONS[name].f(z), color="tab:blue", linewidth=2, label=f"{name}(z)")
        ax.plot(z, activation_prime(name)(z), color="tab:red", linestyle="--", linewidth=2,
                label=f"{name}'(z) = {_PROVED_AS.get(name, 'proved formula')}")
        ax.axhline(0, color="grey", linewidth=0.6)
        ax.axvline(0, color="grey", linewidth=0.6)
        ax.set(xlabel="z", title=name, ylim=(-1.15, 1.6 if name != "relu" else 5.2))
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize="small")
    figure.suptitle("Activations and their derivatives (dashed: evaluated from the proved, lambdified formulas)")
    return _save(figure, path)


# ---------------------------------------------------------------- gradient descent (notes 3.7)

def _two_weight_problem(seed: int) -> tuple[Network, Array, Array, Array]:
    """A linear neuron a = w1 x1 + w2 x2 under mse (bias held at 0), and its minimiser w*.

    The inputs are correlated, so the cost is an elongated bowl, and scaled so that the Hessian
    X X^T / m has largest eigenvalue 1: a learning rate above 1 overshoots along the steep
    direction, and above 2 it diverges.
    """
    rng = np.random.default_rng(seed)
    x1 = rng.standard_normal(64)
    X = np.vstack([x1, 0.6 * x1 + 0.6 * rng.standard_normal(64)])
    X /= np.sqrt(np.linalg.eigvalsh(X @ X.T / 64).max())
    w_star = np.array([1.0, -0.5])
    Y = (w_star @ X + 0.05 * rng.standard_normal(64))[None, :]
    net = Network([2, 1], ["identity"], loss="mse", seed=seed)
    net.W[0][...], net.b[0][...] = 0.0, 0.0
    w_min = np.linalg.lstsq(X.T, Y[0], rcond=None)[0]
    return net, X, Y, w_min


def descent_path(net: Network, X: Array, Y: Array, start: Sequence[float], learning_rate: float,
                 steps: int) -> tuple[Array, Array]:
    """Weights (steps + 1, 2) and costs (steps + 1,) of plain gradient descent on all of (X, Y)."""
    net.W[0][0] = start
    weights, costs = [net.W[0][0].copy()], [net.loss(X, Y)]
    for _ in range(steps):
        net.W[0] -= learning_rate * net.backward(X, Y)[0][0]
        weights.append(net.W[0][0].copy())
        costs.append(net.loss(X, Y))
    return np.array(weights), np.array(costs)


def _behaviour(weights: Array, costs: Array, w_min: Array, steep: Array) -> str:
    along = (weights - w_min) @ steep
    if not np.isfinite(costs[-1]) or costs[-1] > costs[0]:
        return "diverges"
    if np.any(along[1:] * along[:-1] < 0):
        return "overshoots, then converges"
    return "converges"


def plot_descent(path: str | Path, learning_rate: float = 0.9, overshoot_rate: float = 2.1, steps: int = 15,
                 start: Sequence[float] = (-1.5, 1.8), seed: int = 0) -> Path:
    """The cost surface of a two-weight network and gradient descent on it at two learning rates.

    Panels: the surface in 3-D with both paths; its contours with both paths; the cost per step.
    The problem is scaled so the steepest curvature is 1 (see ``_two_weight_problem``): with the
    defaults, 0.9 converges and 2.1 jumps across the valley, further at every step, and diverges.
    """
    if steps < 1 or min(learning_rate, overshoot_rate) <= 0:
        raise NumericError("plot_descent needs steps >= 1 and positive learning rates")
    net, X, Y, w_min = _two_weight_problem(seed)
    steep = np.linalg.eigh(X @ X.T)[1][:, -1]
    paths = [(rate, *descent_path(net, X, Y, start, rate, steps)) for rate in (learning_rate, overshoot_rate)]
    finite = np.vstack([w[np.isfinite(w).all(axis=1)] for _, w, _ in paths] + [w_min[None, :]])
    lo, hi = finite.min(axis=0), finite.max(axis=0)
    span = np.maximum(hi - lo, 1.0)
    u, v = np.meshgrid(np.linspace(lo[0] - 0.25 * span[0], hi[0] + 0.25 * span[0], 120),
                       np.linspace(lo[1] - 0.25 * span[1], hi[1] + 0.25 * span[1], 120))
    W = np.stack([u.ravel(), v.ravel()])  # every grid point is a weight vector: the cost of each at once
    cost = (((W.T @ X - Y) ** 2).sum(axis=1) / (2 * X.shape[1])).reshape(u.shape)

    figure = _figure(16, 5)
    surface = figure.add_subplot(1, 3, 1, projection="3d")
    contour, per_step = figure.add_subplot(1, 3, 2), figure.add_subplot(1, 3, 3)
    surface.plot_surface(u, v, cost, cmap="viridis", alpha=0.55, linewidth=0)
    contour.contour(u, v, cost, levels=np.geomspace(max(cost.min(), 1e-4), cost.max(), 18), cmap="viridis")
    for (rate, weights, costs), colour in zip(paths, ("tab:red", "tab:orange")):
        shown = np.isfinite(costs) & (weights >= u.min()).all(axis=1) & (weights <= np.array([u.max(), v.max()])).all(axis=1)
        label = f"eta = {rate:g}: {_behaviour(weights, costs, w_min, steep)}"
        surface.plot(weights[shown, 0], weights[shown, 1], costs[shown], "o-", color=colour, markersize=3)
        contour.plot(weights[shown, 0], weights[shown, 1], "o-", color=colour, markersize=3, label=label)
        per_step.plot(np.arange(len(costs)), costs, "o-", color=colour, markersize=3, label=label)
    contour.plot(*w_min, "k*", markersize=12, label="minimum")
    surface.set(xlabel="w1", ylabel="w2", zlabel="cost C(w)", title="The cost surface of two weights")
    contour.set(xlabel="w1", ylabel="w2", title="Seen from above: each step goes along -grad C")
    per_step.set(xlabel="step", ylabel="cost", yscale="log", title="Cost after each step")
    for ax in (contour, per_step):
        ax.grid(alpha=0.3)
        ax.legend(loc="upper right", fontsize="small")
    figure.suptitle("Gradient descent w <- w - eta grad C on a linear neuron with two weights (mse); "
                    "steepest curvature 1, so eta > 1 overshoots and eta > 2 diverges")
    return _save(figure, path)
