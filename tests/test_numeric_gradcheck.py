"""The gradient checker: it must pass correct gradients, reject wrong ones, and say which and where."""
import math
import re

import numpy as np
import pytest

from numeric import NumericError, Network, check_network, gradcheck, jacobian_check
from numeric.activations import relu, sigmoid, sigmoid_prime
from numeric.mutants import MUTANTS, backprop

X0 = np.random.default_rng(0).standard_normal((2, 3))  # any-shaped input, away from 0


def _f(x):
    return float(np.sum(np.sin(x) * x))


def _grad_f(x):
    return np.cos(x) * x + np.sin(x)


def _failing(results) -> set[str]:
    return {name for name, result in results.items() if not result.passed}


# --- gradcheck on plain functions ---
def test_gradcheck_passes_correct_gradient():
    assert gradcheck(_f, _grad_f, X0).passed


def test_gradcheck_correct_gradient_error_is_tiny():
    assert gradcheck(_f, _grad_f, X0).max_rel_error < 1e-8


def test_gradcheck_fails_gradient_off_by_a_thousandth():
    assert not gradcheck(_f, lambda x: 1.001 * _grad_f(x), X0).passed


def test_gradcheck_worst_entry_is_the_wrong_one():
    def wrong(x):
        g = _grad_f(x)
        g[1, 2] += 0.01
        return g
    assert gradcheck(_f, wrong, X0).worst[0].index == (1, 2)


def test_gradcheck_worst_entry_numeric_value_is_the_true_derivative():
    result = gradcheck(_f, lambda x: np.zeros_like(x), X0)
    entry = result.worst[0]
    assert np.isclose(entry.numeric, _grad_f(X0)[entry.index], rtol=1e-9, atol=0)


def test_gradcheck_counts_checked_entries():
    assert gradcheck(_f, _grad_f, X0).checked == 6


def test_gradcheck_default_step_is_cube_root_of_machine_epsilon():
    assert math.isclose(gradcheck(_f, _grad_f, X0).eps, np.finfo(float).eps ** (1 / 3), rel_tol=1e-14)


def test_gradcheck_accepts_scalar_x():
    assert gradcheck(lambda x: float(x ** 3), lambda x: 3 * x ** 2, np.float64(1.5)).passed


def test_gradcheck_nan_gradient_fails():
    assert not gradcheck(_f, lambda x: np.full_like(x, np.nan), X0).passed


def test_gradcheck_rejects_non_scalar_function():
    with pytest.raises(NumericError, match="scalar function"):
        gradcheck(np.sin, np.cos, X0)


def test_gradcheck_rejects_gradient_of_wrong_shape():
    with pytest.raises(NumericError, match="shape"):
        gradcheck(_f, lambda x: _grad_f(x).T, X0)


def test_gradcheck_summary_starts_with_name_and_verdict():
    assert gradcheck(_f, lambda x: 2 * _grad_f(x), X0, name="W2").summary().startswith("W2: FAILED")


def test_gradcheck_summary_shows_worst_entry_analytic_and_numeric():
    text = gradcheck(_f, lambda x: 2 * _grad_f(x), X0, name="W2").summary()
    assert re.search(r"worst W2\[\d, \d\]: analytic -?[\d.e+-]+, numeric -?[\d.e+-]+$", text)


# --- the absolute floor: tiny true gradients pass, wrong ones still fail ---
def test_gradcheck_tiny_gradient_against_zero_passes():
    assert gradcheck(lambda x: 1.0, lambda x: np.full_like(x, 1e-300), X0).passed


def test_gradcheck_tiny_gradient_is_reported_below_floor():
    assert gradcheck(lambda x: 1.0, lambda x: np.full_like(x, 1e-300), X0).below_floor == 6


def test_gradcheck_small_wrong_gradient_of_constant_fails():
    assert not gradcheck(lambda x: 1.0, lambda x: np.full_like(x, 1e-6), X0).passed


def test_gradcheck_saturated_sigmoid_passes():
    x = np.array([30.0, 40.0, -35.0, 0.5])
    assert gradcheck(lambda v: float(np.sum(sigmoid(v))), sigmoid_prime, x).passed


def test_gradcheck_saturated_sigmoid_wrong_gradient_fails():
    x = np.array([30.0, 40.0, -35.0, 0.5])
    assert not gradcheck(lambda v: float(np.sum(sigmoid(v))), lambda v: sigmoid_prime(v) + 1e-6, x).passed


# --- kinks ---
KINKED = np.array([1.0, 0.0, -2.0, 1e-7])  # 0.0 is at the kink, 1e-7 is within one step of it


def _relu_sum(x):
    return float(np.sum(relu(x)))


def _relu_sum_grad(x):
    return (x > 0).astype(float)


def test_gradcheck_without_kink_info_passes_at_relu_kink():
    # issue 14: a black-box f gets no false failure at a kink (tests/test_numeric_gradcheck_kinks.py)
    assert gradcheck(_relu_sum, _relu_sum_grad, KINKED).passed


def test_gradcheck_with_preactivations_passes_at_relu_kink():
    assert gradcheck(_relu_sum, _relu_sum_grad, KINKED, kink=lambda x: [x]).passed


def test_gradcheck_excludes_entries_whose_stencil_crosses_the_kink():
    assert gradcheck(_relu_sum, _relu_sum_grad, KINKED, kink=lambda x: [x]).excluded == [(1,), (3,)]


def test_gradcheck_kink_mask_excludes_marked_entries():
    mask = np.array([False, True, False, True])
    assert gradcheck(_relu_sum, _relu_sum_grad, KINKED, kink=lambda x: mask).excluded == [(1,), (3,)]


def test_gradcheck_all_excluded_is_undecided():
    result = gradcheck(_relu_sum, _relu_sum_grad, np.zeros(3), kink=lambda x: [x])
    assert result.verdict == "undecided"


def test_gradcheck_all_excluded_does_not_pass():
    assert not gradcheck(_relu_sum, _relu_sum_grad, np.zeros(3), kink=lambda x: [x]).passed


# --- jacobian_check ---
def _F(x):
    return np.array([x[0] * x[1], np.sin(x[2]), x[0] ** 2])


def _jac_F(x):
    return np.array([[x[1], x[0], 0.0], [0.0, 0.0, np.cos(x[2])], [2 * x[0], 0.0, 0.0]])


def test_jacobian_check_passes_correct_jacobian():
    assert jacobian_check(_F, _jac_F, np.array([0.3, -1.2, 2.0])).passed


def test_jacobian_check_fails_transposed_jacobian():
    assert not jacobian_check(_F, lambda x: _jac_F(x).T, np.array([0.3, -1.2, 2.0])).passed


def test_jacobian_check_worst_index_is_output_then_input():
    def wrong(x):
        J = _jac_F(x)
        J[1, 2] *= -1
        return J
    assert jacobian_check(_F, wrong, np.array([0.3, -1.2, 2.0])).worst[0].index == (1, 2)


def test_jacobian_check_rejects_wrong_shape():
    with pytest.raises(NumericError, match="expected"):
        jacobian_check(_F, lambda x: _jac_F(x)[:2], np.zeros(3))


# --- check_network: names, kinks, saturation, and the caller's network left alone ---
def _batch(n_in, n_out, m, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_in, m)), rng.random((n_out, m))


def test_check_network_names_parameters_like_the_notes():
    X, Y = _batch(3, 2, 4, seed=1)
    assert list(check_network(Network([3, 4, 4, 2], "tanh"), X, Y)) == ["W1", "b1", "W2", "b2", "W3", "b3"]


def test_check_network_leaves_network_unchanged():
    net = Network([3, 4, 2], "relu", seed=2)
    before = net.params()
    check_network(net, *_batch(3, 2, 4, seed=2))
    assert np.array_equal(net.params(), before)


def test_check_network_checks_float32_network_in_float64():
    X, Y = _batch(3, 2, 4, seed=3)
    assert _failing(check_network(Network([3, 4, 2], "tanh", dtype=np.float32), X, Y)) == set()


def _net_with_exact_kink():
    """A ReLU network in which z1 of hidden unit 2 on example 0 is exactly 0."""
    net = Network([3, 4, 2], ["relu", "sigmoid"], "mse", seed=4)
    X, Y = _batch(3, 2, 5, seed=4)
    X[:, 0] = [1.0, 0.0, 0.0]
    net.b[0][2, 0] = -net.W[0][2, 0]  # z = W[2, 0] * 1 + 0 + 0 - W[2, 0], exactly 0
    return net, X, Y


def test_exact_kink_fixture_has_zero_preactivation():
    net, X, _ = _net_with_exact_kink()
    assert net.forward(X)[0][0][2, 0] == 0.0


def test_check_network_passes_at_exact_relu_kink():
    net, X, Y = _net_with_exact_kink()
    assert _failing(check_network(net, X, Y)) == set()


def test_check_network_excludes_the_kinked_bias():
    net, X, Y = _net_with_exact_kink()
    assert check_network(net, X, Y)["b1"].excluded == [(2, 0)]


def test_check_network_excludes_the_kinked_weight():
    net, X, Y = _net_with_exact_kink()
    assert check_network(net, X, Y)["W1"].excluded == [(2, 0)]


def test_check_network_as_a_black_box_passes_at_exact_kink():
    net, X, Y = _net_with_exact_kink()
    assert _failing(check_network(net, X, Y, kinks=False)) == set()


def test_check_network_as_a_black_box_finds_the_kinked_bias():
    net, X, Y = _net_with_exact_kink()
    found = check_network(net, X, Y, kinks=False)["b1"].at_kinks
    assert [(e.index, e.kink.where) for e in found] == [((2, 0), "at")]


def _saturated_net(loss: str):
    """Output unit 0 saturated (z ~ 30), unit 1 not."""
    net = Network([3, 4, 2], ["tanh", "sigmoid"], loss, seed=5)
    net.b[1][0, 0] = 30.0
    X, Y = _batch(3, 2, 4, seed=5)
    return net, X, (Y > 0.5).astype(float)


def test_saturated_fixture_is_saturated():
    net, X, _ = _saturated_net("mse")
    assert np.all(net.forward(X)[0][-1][0] > 28)


@pytest.mark.parametrize("loss", ["mse", "sq", "bce"])
def test_check_network_passes_with_saturated_sigmoid(loss):
    assert _failing(check_network(*_saturated_net(loss))) == set()


def test_check_network_saturated_gradients_are_reported_below_floor():
    assert check_network(*_saturated_net("mse"))["b2"].below_floor == 1


def test_check_network_saturated_network_still_rejects_a_wrong_backward():
    net, X, Y = _saturated_net("mse")
    assert _failing(check_network(net, X, Y, backward=MUTANTS["no_sigma_prime"].backward)) == {"W1", "b1"}


# --- mutants: every wrong backward pass is rejected, and the broken parameters are named ---
ALL = {"W1", "b1", "W2", "b2", "W3", "b3"}
EXPECTED_FAILURES = {
    "no_sigma_prime": {"W1", "b1", "W2", "b2"},  # both hidden deltas lose sigma'
    "sigma_prime_of_a": {"W1", "b1", "W2", "b2"},
    "W_not_transposed": {"W1", "b1"},  # only W2 is square, so only delta^1 goes through W instead of W^T
    "no_mean": ALL,
    "sign_flipped": ALL,
    "delta_wrong_layer": {"W1", "b1"},  # delta^2 fits layer 1's shapes; delta^3 does not fit layer 2's
    "bias_first_example": {"b1", "b2", "b3"},
    "bias_mean": {"b1", "b2", "b3"},
}


def _square_pair_net(hidden: str, loss: str):
    """Layers (3, 4, 4, 2): W2 is square, so the shape-compatible mistakes can be made."""
    X, Y = _batch(3, 2, 5, seed=6)
    if loss == "cce":
        Y = np.eye(2)[:, [0, 1, 1, 0, 1]]
    return Network([3, 4, 4, 2], hidden, loss, seed=6), X, Y


def test_mutant_catalogue_is_complete():
    assert set(MUTANTS) == set(EXPECTED_FAILURES)


def test_reference_backprop_equals_network_backward():
    net, X, Y = _square_pair_net("tanh", "mse")
    assert np.array_equal(net.flatten(*backprop(net, X, Y)), net.flatten(*net.backward(X, Y)))


@pytest.mark.parametrize("loss", ["mse", "cce"])
@pytest.mark.parametrize("hidden", ["tanh", "sigmoid"])
@pytest.mark.parametrize("mutant", sorted(EXPECTED_FAILURES))
def test_check_network_names_parameters_broken_by_mutant(mutant, hidden, loss):
    net, X, Y = _square_pair_net(hidden, loss)
    assert _failing(check_network(net, X, Y, backward=MUTANTS[mutant].backward)) == EXPECTED_FAILURES[mutant]


@pytest.mark.parametrize("mutant", sorted(set(EXPECTED_FAILURES) - {"sigma_prime_of_a"}))
def test_check_network_names_parameters_broken_by_mutant_with_relu(mutant):
    net, X, Y = _square_pair_net("relu", "mse")
    assert _failing(check_network(net, X, Y, backward=MUTANTS[mutant].backward)) == EXPECTED_FAILURES[mutant]


def test_sigma_prime_of_a_is_an_equivalent_mutant_for_relu():
    # (relu(z) > 0) == (z > 0): the "mistake" computes the same numbers, and the check must agree
    net, X, Y = _square_pair_net("relu", "mse")
    assert _failing(check_network(net, X, Y, backward=MUTANTS["sigma_prime_of_a"].backward)) == set()


def test_mutant_failure_summary_names_the_parameter():
    net, X, Y = _square_pair_net("tanh", "mse")
    result = check_network(net, X, Y, backward=MUTANTS["W_not_transposed"].backward)["W1"]
    assert result.summary().startswith("W1: FAILED")
