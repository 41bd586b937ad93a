"""numeric.gradcheck on black-box functions with kinks (issue 14): no false failure at a ReLU kink,
while every wrong gradient is still caught there.

The functions below are written out in plain NumPy (not numeric/'s activations), so the checker is
the only gradproof code under test. Kinks are placed exactly: 1 - 1 and 0.5 - 2 * 0.25 are 0 in
floating point.
"""
import numpy as np
import pytest

from numeric import check_network, gradcheck
from numeric.mutants import MUTANTS
from numeric.network import Network

C = np.array([0.5, -1.5, 2.0, 0.7, -0.4, 1.2])


def relu_dot(w):
    """f(w) = sum(max(0, w) * c): the issue's example."""
    return float(np.sum(np.maximum(0.0, w) * C))


def relu_dot_grad(w):
    return (w > 0) * C  # ReLU'(0) := 0


AT_KINKS = np.array([0.0, 1.3, -0.7, 0.0, 2.1, 0.0])  # three kinks at once
NEAR_KINKS = np.array([1e-7, -1e-7, 4e-6, -9e-6, 1.1e-5, -1.2e-5])  # within 2 steps (h ~ 6.06e-6) of a kink


# --- correct gradients pass ---
def test_the_issue_example_passes_without_a_hint():
    w = np.array([0.0, 0.8, -0.3, 0.4, 1.0, -2.0])
    assert gradcheck(relu_dot, relu_dot_grad, w).passed


def test_the_issue_example_says_which_derivative_it_matches():
    w = np.array([0.0, 0.8, -0.3, 0.4, 1.0, -2.0])
    [found] = gradcheck(relu_dot, relu_dot_grad, w).at_kinks
    assert found.index == (0,) and found.describe().endswith("(at a kink: matches the left derivative)")


def test_the_other_convention_matches_the_right_derivative():
    result = gradcheck(relu_dot, lambda w: (w >= 0) * C, AT_KINKS)
    assert result.passed and {e.kink.side for e in result.at_kinks} == {"right"}


def test_a_correct_gradient_at_several_kinks_at_once_passes():
    result = gradcheck(relu_dot, relu_dot_grad, AT_KINKS)
    assert result.passed and [e.index for e in result.at_kinks] == [(0,), (3,), (5,)]


def test_a_correct_gradient_near_but_not_at_a_kink_passes():
    assert gradcheck(relu_dot, relu_dot_grad, NEAR_KINKS).passed


def test_near_a_kink_the_clean_side_is_used():
    result = gradcheck(relu_dot, relu_dot_grad, NEAR_KINKS)
    assert [e.kink.side for e in result.at_kinks] == ["right", "left", "right", "left", "right", "left"]


def sigmoid_40(w):
    return float(np.sum(1.0 / (1.0 + np.exp(-40.0 * w))))


def sigmoid_40_grad(w):
    e = np.exp(-np.abs(40.0 * w))  # stable: e <= 1
    return 40.0 * e / (1.0 + e) ** 2


SATURATED = np.array([0.5, 1.0, -0.6, 0.02])  # 40 w = 20, 40, -24 (saturated) and 0.8 (not)


def test_a_saturated_sigmoid_passes():
    result = gradcheck(sigmoid_40, sigmoid_40_grad, SATURATED)
    assert result.passed and result.at_kinks == []


def test_a_saturated_sigmoid_without_its_factor_40_fails():
    assert not gradcheck(sigmoid_40, lambda w: sigmoid_40_grad(w) / 40.0, SATURATED).passed


# --- wrong gradients fail, at kinks too ---
def test_heaviside_half_at_the_kink_fails_naming_both_slopes():
    result = gradcheck(relu_dot, lambda w: np.where(w == 0, 0.5, w > 0) * C, AT_KINKS)
    assert not result.passed
    assert "at a kink: matches neither the left derivative" in result.summary()
    left, right = result.worst[0].kink.left, result.worst[0].kink.right
    assert abs(left) < 1e-8 and abs(right - C[0]) < 1e-8  # ReLU's slopes times c_0 = 0.5


def test_a_sign_flip_fails():
    assert not gradcheck(relu_dot, lambda w: -relu_dot_grad(w), AT_KINKS).passed


def test_a_factor_of_one_half_fails():
    assert not gradcheck(relu_dot, lambda w: relu_dot_grad(w) / 2, AT_KINKS).passed


@pytest.mark.parametrize("entry", [0, 1, 3], ids=["at a kink", "smooth", "another kink"])
def test_one_entry_off_by_a_thousandth_fails_and_is_named(entry):
    def grad(w):
        g = relu_dot_grad(w)
        g[entry] += 1e-3
        return g
    result = gradcheck(relu_dot, grad, AT_KINKS)
    assert not result.passed and result.worst[0].index == (entry,)


@pytest.mark.parametrize("entry", [0, 1, 2, 3])
def test_one_entry_off_by_a_thousandth_near_a_kink_fails(entry):
    def grad(w):
        g = relu_dot_grad(w)
        g[entry] += 1e-3
        return g
    assert not gradcheck(relu_dot, grad, NEAR_KINKS).passed


# a ReLU layer: f(W) = sum(c * relu(W x)), rows 0 and 1 exactly at their kinks
X_IN = np.array([1.0, 2.0, -1.0])
W_AT = np.array([[1.0, 0.0, 1.0], [0.5, -0.25, 0.0], [0.3, 0.4, 0.2]])
C3 = np.array([0.9, -1.1, 0.6])


def relu_layer(W):
    return float(C3 @ np.maximum(0.0, W @ X_IN))


def relu_layer_grad(W):
    return np.outer(C3 * (W @ X_IN > 0), X_IN)


def test_the_layer_fixture_sits_on_two_kinks():
    assert (W_AT @ X_IN)[:2].tolist() == [0.0, 0.0]


def test_a_relu_layer_at_its_kinks_passes():
    assert gradcheck(relu_layer, relu_layer_grad, W_AT).passed


def test_a_relu_layer_with_a_dropped_transpose_fails():
    assert not gradcheck(relu_layer, lambda W: relu_layer_grad(W).T, W_AT).passed


# sigma after a ReLU: f(w) = sum(c * sigmoid(relu(w)))
def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_relu(w):
    return float(np.sum(C * _sigmoid(np.maximum(0.0, w))))


def sigmoid_relu_grad(w):
    s = _sigmoid(np.maximum(0.0, w))
    return C * s * (1 - s) * (w > 0)


def test_sigmoid_after_relu_at_kinks_passes():
    assert gradcheck(sigmoid_relu, sigmoid_relu_grad, AT_KINKS).passed


def test_a_missing_sigma_prime_fails():
    assert not gradcheck(sigmoid_relu, lambda w: C * (w > 0), AT_KINKS).passed


# softmax and cross-entropy behind a ReLU: f(u) = -sum(y log softmax(relu(u)))
Y = np.array([0.0, 1.0, 0.0, 0.0, 0.0, 0.0])


def softmax_cce(u):
    z = np.maximum(0.0, u)
    return float(-np.sum(Y * (z - z.max() - np.log(np.sum(np.exp(z - z.max()))))))


def softmax_cce_grad(u):
    z = np.maximum(0.0, u)
    a = np.exp(z - z.max()) / np.sum(np.exp(z - z.max()))
    return (a - Y) * (u > 0)


def test_softmax_cce_behind_a_relu_at_kinks_passes():
    assert gradcheck(softmax_cce, softmax_cce_grad, AT_KINKS).passed


def test_softmax_cce_with_the_wrong_sign_fails():
    assert not gradcheck(softmax_cce, lambda u: -softmax_cce_grad(u), AT_KINKS).passed


# --- every mutant of the catalogue, on a ReLU network with an exact kink, checked as a black box ---
def _relu_net_with_exact_kink():
    """Layers (3, 4, 4, 2), ReLU hidden: W2 is square, and z1 of unit 2 on example 0 is exactly 0."""
    rng = np.random.default_rng(6)
    X, Y = rng.standard_normal((3, 5)), rng.random((2, 5))
    net = Network([3, 4, 4, 2], "relu", "mse", seed=6)
    X[:, 0] = [1.0, 0.0, 0.0]
    net.b[0][2, 0] = -net.W[0][2, 0]
    return net, X, Y


def test_the_network_fixture_sits_on_a_kink():
    net, X, _ = _relu_net_with_exact_kink()
    assert net.forward(X)[0][0][2, 0] == 0.0


def test_the_correct_backward_pass_passes_as_a_black_box():
    results = check_network(*_relu_net_with_exact_kink(), kinks=False)
    assert all(r.passed for r in results.values()) and results["b1"].at_kinks


# sigma_prime_of_a computes the same numbers for ReLU ((relu(z) > 0) == (z > 0)): not a mistake there
@pytest.mark.parametrize("mutant", sorted(set(MUTANTS) - {"sigma_prime_of_a"}))
def test_every_mutant_fails_as_a_black_box_at_a_kink(mutant):
    net, X, Y = _relu_net_with_exact_kink()
    results = check_network(net, X, Y, kinks=False, backward=MUTANTS[mutant].backward)
    assert any(not r.passed for r in results.values())
