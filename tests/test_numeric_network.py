"""Network: shapes, seeding, the notes' two-layer formulas, and backprop against finite differences."""
import math

import numpy as np
import pytest

from numeric import NumericError, Network, check_network, gradcheck


def _data(n_in: int, n_out: int, m: int, seed: int, loss: str = "mse"):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_in, m))
    if loss == "cce":
        return X, np.eye(n_out)[:, rng.integers(0, n_out, m)]
    if loss == "bce":
        return X, (rng.random((n_out, m)) > 0.5).astype(float)
    return X, rng.random((n_out, m))


def _failing(results) -> list[str]:
    return [name for name, result in results.items() if not result.passed]


# --- construction ---
def test_weight_shapes_are_n_l_by_n_l_minus_1():
    assert [W.shape for W in Network([4, 8, 3]).W] == [(8, 4), (3, 8)]


def test_bias_shapes_are_columns():
    assert [b.shape for b in Network([4, 8, 3]).b] == [(8, 1), (3, 1)]


def test_same_seed_same_parameters():
    assert np.array_equal(Network(seed=7).params(), Network(seed=7).params())


def test_different_seed_different_parameters():
    assert not np.array_equal(Network(seed=7).params(), Network(seed=8).params())


def test_relu_layers_use_he_scale():
    W = Network([500, 400, 1], "relu", seed=0).W[0]
    assert math.isclose(W.std(), math.sqrt(2 / 500), rel_tol=0.02)


def test_tanh_layers_use_xavier_scale():
    W = Network([500, 400, 1], "tanh", seed=0).W[0]
    assert math.isclose(W.std(), math.sqrt(1 / 500), rel_tol=0.02)


@pytest.mark.parametrize("loss, output", [("mse", "identity"), ("sq", "sigmoid"), ("bce", "sigmoid"), ("cce", "softmax")])
def test_output_activation_follows_loss(loss, output):
    assert Network([2, 3, 2], "tanh", loss).activations[-1].name == output


def test_single_name_covers_hidden_layers():
    assert [act.name for act in Network([2, 3, 3, 2], "tanh").activations[:2]] == ["tanh", "tanh"]


def test_explicit_activation_list_is_kept():
    net = Network([4, 8, 8, 3], ["relu", "relu", "sigmoid"])
    assert [act.name for act in net.activations] == ["relu", "relu", "sigmoid"]


def test_softmax_in_hidden_layer_is_rejected():
    with pytest.raises(NumericError, match="hidden"):
        Network([2, 3, 2], ["softmax", "identity"])


def test_wrong_number_of_activations_is_rejected():
    with pytest.raises(NumericError, match="2 layers need 2 activations"):
        Network([2, 3, 2], ["relu"])


def test_unknown_loss_is_rejected():
    with pytest.raises(NumericError, match="unknown loss"):
        Network([2, 2], loss="hinge")


def test_single_layer_size_is_rejected():
    with pytest.raises(NumericError, match="at least two"):
        Network([3])


# --- forward ---
def test_forward_keeps_input_as_a0():
    X, _ = _data(4, 3, 5, seed=0)
    _, a = Network().forward(X)
    assert np.array_equal(a[0], X)


def test_forward_shapes_are_n_l_by_m():
    X, _ = _data(4, 3, 5, seed=0)
    z, _ = Network().forward(X)
    assert [zl.shape for zl in z] == [(8, 5), (8, 5), (3, 5)]


def test_forward_is_w_a_plus_b():
    net = Network([2, 3, 1], "tanh", seed=1)
    X, _ = _data(2, 1, 4, seed=1)
    z, a = net.forward(X)
    assert np.array_equal(z[1], net.W[1] @ np.tanh(net.W[0] @ X + net.b[0]) + net.b[1])


def test_forward_rejects_examples_as_rows():
    with pytest.raises(NumericError, match="one example per column"):
        Network([4, 3]).forward(np.zeros((5, 4)))


def test_backward_rejects_targets_of_wrong_shape():
    with pytest.raises(NumericError, match="Y must have shape"):
        Network([4, 3]).backward(np.zeros((4, 5)), np.zeros((5, 3)))


def test_predict_is_last_activation():
    net = Network(loss="cce")
    X, _ = _data(4, 3, 5, seed=2)
    assert np.array_equal(net.predict(X), net.forward(X)[1][-1])


# --- flat parameter vector ---
def test_set_params_round_trips():
    net, theta = Network(seed=3), Network(seed=4).params()
    net.set_params(theta)
    assert np.array_equal(net.params(), theta)


def test_params_start_with_w1():
    net = Network([2, 3, 1])
    assert np.array_equal(net.params()[:6], net.W[0].ravel())


def test_params_continue_with_b1():
    net = Network([2, 3, 1])
    assert np.array_equal(net.params()[6:9], net.b[0].ravel())


def test_named_params_use_one_based_names():
    assert list(Network([2, 3, 3, 1]).named_params()) == ["W1", "b1", "W2", "b2", "W3", "b3"]


def test_set_params_rejects_wrong_length():
    with pytest.raises(NumericError, match="flat vector"):
        Network([2, 3, 1]).set_params(np.zeros(5))


# --- dtype ---
def test_float32_network_forward_stays_float32():
    X, _ = _data(4, 3, 5, seed=5)
    assert Network(dtype=np.float32).predict(X).dtype == np.float32


def test_float32_network_gradients_stay_float32():
    X, Y = _data(4, 3, 5, seed=5)  # float64 data must not promote the gradients
    dW, db = Network(dtype=np.float32).backward(X, Y)
    assert {g.dtype for g in dW + db} == {np.dtype(np.float32)}


def test_float32_gradients_agree_with_float64():
    X, Y = _data(4, 3, 5, seed=6)
    net32 = Network(dtype=np.float32)
    net64 = net32.astype(np.float64)  # the same (float32-rounded) parameters, computed in float64
    expected = net64.flatten(*net64.backward(X, Y))
    assert np.allclose(net32.flatten(*net32.backward(X, Y)), expected, rtol=1e-4, atol=1e-6)


# --- backward: the notes' two-layer formulas (002), written out independently ---
def test_backward_matches_notes_two_layer_formulas():
    net = Network([3, 4, 2], ["relu", "sigmoid"], loss="sq", seed=9)
    X, Y = _data(3, 2, 5, seed=9)
    W1, b1, W2, b2 = net.W[0], net.b[0], net.W[1], net.b[1]
    Z1 = W1 @ X + b1
    A1 = np.maximum(Z1, 0)
    A2 = 1 / (1 + np.exp(-(W2 @ A1 + b2)))
    m = X.shape[1]
    d2 = (2 * A2 - 2 * Y) * A2 * (1 - A2) / m  # cost derivative times sigmoid prime, averaged
    d1 = (W2.T @ d2) * (Z1 > 0)
    expected = np.concatenate([(d1 @ X.T).ravel(), d1.sum(1), (d2 @ A1.T).ravel(), d2.sum(1)])
    assert np.allclose(net.flatten(*net.backward(X, Y)), expected, rtol=1e-13, atol=1e-16)


def test_backward_matches_finite_differences_of_flat_params():
    net = Network([3, 5, 2], "tanh", loss="mse", seed=10)
    X, Y = _data(3, 2, 6, seed=10)
    theta = net.params()

    def cost(t):
        net.set_params(t)
        return net.loss(X, Y)

    analytic = net.flatten(*net.backward(X, Y))
    result = gradcheck(cost, lambda t: analytic, theta)
    assert result.passed, result.summary()


def test_backward_does_not_change_parameters():
    net = Network(seed=11)
    before = net.params()
    net.backward(*_data(4, 3, 5, seed=11))
    assert np.array_equal(net.params(), before)


# --- backward: every hidden activation with every loss, by check_network ---
@pytest.mark.parametrize("loss", ["mse", "sq", "bce", "cce"])
@pytest.mark.parametrize("hidden", ["relu", "sigmoid", "tanh"])
def test_backward_passes_gradient_check(hidden, loss):
    net = Network([4, 5, 6, 3], hidden, loss, seed=12)
    X, Y = _data(4, 3, 7, seed=12, loss=loss)
    assert _failing(check_network(net, X, Y)) == []


@pytest.mark.parametrize("output", ["identity", "sigmoid", "tanh", "relu"])
def test_backward_passes_gradient_check_for_each_output_activation(output):
    net = Network([3, 4, 2], ["tanh", output], "mse", seed=13)
    net.b[-1][...] = 0.5  # keep a ReLU output clear of its kink
    X, Y = _data(3, 2, 5, seed=13)
    assert _failing(check_network(net, X, Y)) == []


def test_loss_of_saturated_bce_network_is_its_logit():
    net = Network([2, 3, 1], "tanh", "bce", seed=14)
    net.b[-1][...] = 50.0  # with X = 0, z^L = 50 and sigmoid(z^L) rounds to exactly 1
    X = np.zeros((2, 3))
    assert net.loss(X, np.zeros((1, 3))) == 50.0  # -log(1 - sigmoid(50)) = 50 + log1p(e^-50)
