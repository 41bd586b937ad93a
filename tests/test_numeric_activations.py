"""Activations against independent oracles: mpmath at 50 digits, central differences, definitions."""
import contextlib
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numeric.activations import (
    ACTIVATIONS, OUTPUT_ACTIVATIONS, NumericError, get_activation, relu, relu_prime, sigmoid,
    sigmoid_prime, softmax, softmax_jacobian, softmax_vjp, tanh, tanh_prime,
)
from numeric.gradcheck import jacobian_check

ELEMENTWISE = sorted(ACTIVATIONS)


# 50-digit oracles; workdps leaves mpmath's global precision alone for other test modules
@mpmath.workdps(50)
def _mp_sigmoid(z: float) -> float:
    return float(1 / (1 + mpmath.exp(-mpmath.mpf(z))))


@mpmath.workdps(50)
def _mp_sigmoid_prime(z: float) -> float:
    e = mpmath.exp(-mpmath.mpf(z))
    return float(e / (1 + e) ** 2)


@mpmath.workdps(50)
def _mp_tanh_prime(z: float) -> float:
    return float(mpmath.sech(mpmath.mpf(z)) ** 2)


def _ulps(actual: float, expected: float) -> float:
    return abs(actual - expected) / np.spacing(abs(expected)) if expected else abs(actual)


@contextlib.contextmanager
def _quiet():
    """Any NumPy floating-point event (overflow, invalid, underflow...) or warning is an error."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


# --- registry ---
def test_activations_registry_names():
    assert set(ACTIVATIONS) == {"relu", "sigmoid", "tanh", "identity"}


def test_activations_registry_entries_know_their_names():
    assert all(act.name == name for name, act in OUTPUT_ACTIVATIONS.items())


def test_softmax_is_output_only():
    assert "softmax" in OUTPUT_ACTIVATIONS and "softmax" not in ACTIVATIONS


def test_get_activation_rejects_softmax_in_hidden_layer():
    with pytest.raises(NumericError, match="hidden"):
        get_activation("softmax")


def test_get_activation_rejects_unknown_name():
    with pytest.raises(NumericError, match="choose one of"):
        get_activation("gelu")


# --- ReLU ---
def test_relu_negative_is_zero():
    assert relu(np.array([-3.0]))[0] == 0.0


def test_relu_positive_is_identity():
    assert relu(np.array([2.5]))[0] == 2.5


def test_relu_prime_at_kink_is_zero():
    assert relu_prime(np.array([0.0]))[0] == 0.0


def test_relu_prime_positive_is_one():
    assert relu_prime(np.array([1e-300]))[0] == 1.0


def test_relu_of_booleans_is_float():
    assert relu(np.array([True, False])).dtype == np.float64


def test_relu_prime_of_integers_is_float():
    assert relu_prime(np.array([3, -1])).dtype == np.float64


# --- sigmoid ---
@pytest.mark.parametrize("z", [-745.0, -100.0, -30.0, -1.0, 0.0, 0.5, 30.0, 100.0, 700.0])
def test_sigmoid_matches_mpmath(z):
    assert _ulps(float(sigmoid(np.float64(z))), _mp_sigmoid(z)) <= 2


@pytest.mark.parametrize("z", [-700.0, -40.0, -30.0, -1.0, 0.0, 0.5, 30.0, 40.0, 700.0])
def test_sigmoid_prime_matches_mpmath(z):
    assert _ulps(float(sigmoid_prime(np.float64(z))), _mp_sigmoid_prime(z)) <= 4


def test_sigmoid_prime_saturated_is_not_rounded_to_zero():
    # sigmoid(40) rounds to 1.0, so s * (1 - s) would give exactly 0; the true slope is 4.2e-18
    assert sigmoid_prime(np.float64(40.0)) > 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_extreme_inputs_raise_no_floating_point_error(dtype):
    z = np.array([-1e4, -1e3, -89.0, 89.0, 1e3, 1e4], dtype=dtype)
    with _quiet():
        s = sigmoid(z)
    assert np.all(np.isfinite(s))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_prime_extreme_inputs_raise_no_floating_point_error(dtype):
    z = np.array([-1e4, 1e4], dtype=dtype)
    with _quiet():
        ds = sigmoid_prime(z)
    assert np.all(ds == 0)


def test_sigmoid_large_positive_is_one():
    assert sigmoid(np.float64(1e4)) == 1.0


def test_sigmoid_large_negative_is_zero():
    assert sigmoid(np.float64(-1e4)) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-50, max_value=50))
def test_sigmoid_symmetry(z):
    assert abs(sigmoid(np.float64(-z)) - (1 - sigmoid(np.float64(z)))) <= 2 * np.finfo(float).eps


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e4, max_value=1e4))
def test_sigmoid_stays_in_unit_interval(z):
    assert 0.0 <= sigmoid(np.float64(z)) <= 1.0


# --- tanh ---
@pytest.mark.parametrize("z", [-300.0, -20.0, -1.0, 0.0, 0.3, 20.0, 300.0])
def test_tanh_prime_matches_mpmath(z):
    assert _ulps(float(tanh_prime(np.float64(z))), _mp_tanh_prime(z)) <= 4


def test_tanh_prime_saturated_is_not_rounded_to_zero():
    # tanh(20) rounds to 1.0, so 1 - tanh^2 would be 0; sech^2(20) = 1.7e-17
    assert tanh_prime(np.float64(20.0)) > 0


def test_tanh_extreme_inputs_raise_no_floating_point_error():
    with _quiet():
        values = np.concatenate([tanh(np.array([-1e4, 1e4])), tanh_prime(np.array([-1e4, 1e4]))])
    assert np.array_equal(values, [-1.0, 1.0, 0.0, 0.0])


# --- every elementwise activation: df agrees with central differences of f, away from kinks ---
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_df_matches_central_differences(name):
    act = ACTIVATIONS[name]
    z = np.random.default_rng(0).uniform(-3, 3, 50)
    z = z[np.abs(z) > 1e-3]  # keep the stencil clear of ReLU's kink
    h = 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)
    assert np.allclose(act.df(z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_f_preserves_float_dtype(name, dtype):
    assert ACTIVATIONS[name].f(np.ones((2, 3), dtype=dtype)).dtype == dtype


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_df_preserves_float_dtype(name, dtype):
    assert ACTIVATIONS[name].df(np.ones((2, 3), dtype=dtype)).dtype == dtype


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_f_of_integers_is_float64(name):
    assert ACTIVATIONS[name].f(np.array([[1, -2]])).dtype == np.float64


def test_identity_returns_a_copy():
    z = np.zeros(3)
    ACTIVATIONS["identity"].f(z)[0] = 5.0
    assert z[0] == 0.0


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_vjp_is_hadamard_with_df(name):
    act = ACTIVATIONS[name]
    z, g = np.random.default_rng(1).standard_normal((2, 3, 4))
    assert np.array_equal(act.vjp(z, g), g * act.df(z))


# --- softmax: column-wise, stable, with a Jacobian checked by finite differences ---
def test_softmax_columns_sum_to_one():
    s = softmax(np.random.default_rng(2).standard_normal((5, 7)))
    assert np.allclose(s.sum(axis=0), 1.0, rtol=0, atol=1e-15)


def test_softmax_normalises_columns_not_rows():
    z = np.random.default_rng(3).standard_normal((4, 3))
    assert np.allclose(softmax(z)[:, 1], softmax(z[:, 1:2])[:, 0], rtol=0, atol=0)


def test_softmax_is_shift_invariant_for_huge_logits():
    z = np.array([[0.0], [1.0], [2.0]])
    assert np.allclose(softmax(z + 1e4), softmax(z), rtol=1e-12, atol=0)


def test_softmax_huge_logits_raise_no_floating_point_error():
    with _quiet():
        s = softmax(np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 0.0]]))
    assert np.array_equal(s, [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])


def test_softmax_preserves_float32():
    assert softmax(np.ones((3, 2), dtype=np.float32)).dtype == np.float32


def test_softmax_jacobian_matches_central_differences():
    z = np.random.default_rng(4).standard_normal(4)
    result = jacobian_check(lambda v: softmax(v[:, None])[:, 0],
                            lambda v: softmax_jacobian(v[:, None])[0], z)
    assert result.passed


def test_softmax_vjp_equals_jacobian_transpose_times_g():
    z, g = np.random.default_rng(5).standard_normal((2, 4, 3))
    by_jacobian = np.einsum("kij,ik->jk", softmax_jacobian(z), g)
    assert np.allclose(softmax_vjp(z, g), by_jacobian, rtol=1e-12, atol=1e-15)
