"""numeric.plots: valid PNG files, descent paths that converge or overshoot, and a clear error without matplotlib."""
import struct
import sys

import numpy as np
import pytest

from numeric import Network, NumericError, data, plots, trainer
from numeric.plots import PlotUnavailable, plot_activations, plot_descent, plot_training
from numeric.trainer import Normalisation, train

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(path) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk, after checking the signature."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE
    return struct.unpack(">II", head[16:24])


def _trained(dataset):
    norm = Normalisation.fit(dataset.X)
    net = Network(trainer.layers_for(dataset, "cce", (8,)), "tanh", loss="cce", seed=0)
    return net, norm, train(net, norm.apply_to(dataset), epochs=3, gradients="backprop")


@pytest.fixture
def no_matplotlib(monkeypatch):
    """Make every ``import matplotlib...`` fail, as if the extra were not installed."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")] + ["matplotlib"]:
        monkeypatch.setitem(sys.modules, name, None)


# --- valid PNG files ---
def test_training_plot_with_decision_regions_is_a_png(tmp_path):
    dataset = data.spirals(m=90, seed=0)
    net, norm, result = _trained(dataset)
    path = plot_training(tmp_path / "train.png", result, net, dataset, norm)
    assert min(_png_size(path)) > 0


def test_training_plot_of_many_features_has_no_regions_panel(tmp_path):
    dataset = data.Dataset("four", np.random.default_rng(0).standard_normal((4, 60)), np.arange(60) % 3)
    net, norm, result = _trained(dataset)
    wide = _png_size(plot_training(tmp_path / "a.png", result, net, dataset, norm))[0]
    assert wide < _png_size(plot_training(tmp_path / "b.png", *_with_regions()))[0]


def _with_regions():
    dataset = data.spirals(m=60, seed=1)
    net, norm, result = _trained(dataset)
    return result, net, dataset, norm


def test_activations_plot_is_a_png(tmp_path):
    assert min(_png_size(plot_activations(tmp_path / "act.png"))) > 0


def test_descent_plot_is_a_png(tmp_path):
    assert min(_png_size(plot_descent(tmp_path / "descent.png"))) > 0


def test_plot_returns_the_path_it_wrote(tmp_path):
    assert plot_activations(tmp_path / "x.png") == tmp_path / "x.png"


def test_unwritable_path_is_a_numeric_error(tmp_path):
    with pytest.raises(NumericError, match="cannot write"):
        plot_activations(tmp_path / "missing" / "act.png")


# --- gradient descent on two weights (notes 3.7) ---
def _problem():
    return plots._two_weight_problem(seed=0)


def test_steepest_curvature_is_one():
    _, X, _, _ = _problem()
    assert np.linalg.eigvalsh(X @ X.T / X.shape[1]).max() == pytest.approx(1.0)


def test_small_learning_rate_converges_to_the_minimum():
    net, X, Y, w_min = _problem()
    weights, _ = plots.descent_path(net, X, Y, (-1.5, 1.8), 0.9, 200)
    np.testing.assert_allclose(weights[-1], w_min, atol=1e-6)


def test_learning_rate_above_two_diverges():
    net, X, Y, w_min = _problem()
    _, costs = plots.descent_path(net, X, Y, (-1.5, 1.8), 2.1, 30)
    assert costs[-1] > 10 * costs[0]


@pytest.mark.parametrize("rate, behaviour", [(0.9, "converges"), (1.6, "overshoots, then converges"), (2.1, "diverges")])
def test_descent_behaviour_is_named(rate, behaviour):
    net, X, Y, w_min = _problem()
    steep = np.linalg.eigh(X @ X.T)[1][:, -1]
    assert plots._behaviour(*plots.descent_path(net, X, Y, (-1.5, 1.8), rate, 15), w_min, steep) == behaviour


def test_descent_costs_come_from_the_network():
    net, X, Y, _ = _problem()
    _, costs = plots.descent_path(net, X, Y, (0.3, -0.2), 0.5, 1)
    net.W[0][0] = (0.3, -0.2)
    assert costs[0] == net.loss(X, Y)


def test_descent_rejects_a_negative_learning_rate(tmp_path):
    with pytest.raises(NumericError, match="positive learning rates"):
        plot_descent(tmp_path / "d.png", learning_rate=-1)


# --- without matplotlib ---
def test_missing_matplotlib_raises_plot_unavailable(tmp_path, no_matplotlib):
    with pytest.raises(PlotUnavailable, match=r"pip install 'gradproof\[plot\]'"):
        plot_activations(tmp_path / "act.png")


def test_missing_matplotlib_writes_nothing(tmp_path, no_matplotlib):
    with pytest.raises(PlotUnavailable):
        plot_descent(tmp_path / "d.png")
    assert list(tmp_path.iterdir()) == []


def test_plot_unavailable_is_a_numeric_error():
    assert issubclass(PlotUnavailable, NumericError)


def test_svg_name_gets_svg_text(tmp_path):
    path = plot_activations(tmp_path / "a.svg")
    assert path.read_bytes().lstrip().startswith(b"<?xml") and b"<svg" in path.read_bytes()[:2000]


def test_pdf_name_gets_a_pdf(tmp_path):
    assert plot_activations(tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"


def test_another_suffix_is_refused_before_drawing(tmp_path):
    with pytest.raises(NumericError, match=r"\.png, \.svg or \.pdf"):
        plot_activations(tmp_path / "a.gif")
    assert not (tmp_path / "a.gif").exists()
