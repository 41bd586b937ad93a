"""Losses: values against formulas written out here, BP1 deltas against finite differences."""
import contextlib
import math
import warnings

import mpmath
import numpy as np
import pytest

from numeric import NumericError
from numeric.activations import OUTPUT_ACTIVATIONS, sigmoid, sigmoid_prime, softmax, softmax_vjp
from numeric.gradcheck import gradcheck
from numeric.losses import (
    BCE, CCE, LOSSES, MSE, SQ, bce, bce_from_logits, bce_grad, cce, cce_from_logits,
    cce_grad, get_loss, log_softmax, mse, sq,
)


@contextlib.contextmanager
def _quiet():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


def _batch(seed: int, n: int = 3, m: int = 4):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, m))
    y = rng.random((n, m))
    return z, y


def _one_hot(seed: int, n: int = 3, m: int = 4) -> np.ndarray:
    return np.eye(n)[:, np.random.default_rng(seed).integers(0, n, m)]


# --- registry ---
def test_losses_registry_names():
    assert set(LOSSES) == {"mse", "sq", "bce", "cce"}


def test_get_loss_rejects_unknown_name():
    with pytest.raises(NumericError, match="choose one of"):
        get_loss("hinge")


# --- values: the formulas of the notes, on numbers small enough to do by hand ---
def test_mse_is_half_mean_squared_error():
    # examples (columns) with errors (1, 2) and (0, 3): (1 + 4 + 0 + 9) / (2 * 2)
    assert mse(np.array([[1.0, 0.0], [2.0, 3.0]]), np.zeros((2, 2))) == 3.5


def test_sq_is_mean_over_examples_of_summed_squares():
    # (1 + 4) for the first example, (0 + 9) for the second, averaged: 7
    assert sq(np.array([[1.0, 0.0], [2.0, 3.0]]), np.zeros((2, 2))) == 7.0


def test_sq_of_one_example_is_the_notes_cost():
    # the notes' C = (A_2 - Y)^2 for a single example with one output
    assert sq(np.array([[0.75]]), np.array([[0.25]])) == 0.25


def test_sq_is_twice_mse():
    z, y = _batch(0)
    assert math.isclose(sq(z, y), 2 * mse(z, y), rel_tol=1e-15)


def test_bce_of_a_half_is_log_two():
    assert math.isclose(bce(np.array([[0.5]]), np.array([[1.0]])), math.log(2), rel_tol=1e-15)


def test_cce_of_uniform_prediction_is_log_n():
    assert math.isclose(cce(np.full((4, 1), 0.25), np.eye(4)[:, :1]), math.log(4), rel_tol=1e-15)


def test_values_are_means_over_examples():
    z, y = _batch(1, m=1)
    doubled = (np.hstack([z, z]), np.hstack([y, y]))
    assert math.isclose(mse(*doubled), mse(z, y), rel_tol=1e-15)


# --- bce and cce stay finite where probabilities round to 0 or 1 ---
def test_bce_is_finite_at_a_zero_and_one():
    with _quiet():
        value = bce(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert math.isfinite(value)


def test_bce_of_exact_correct_prediction_is_zero():
    assert bce(np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])) == 0.0


def test_cce_is_finite_at_a_zero():
    with _quiet():
        value = cce(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]]))
    assert math.isfinite(value)


@pytest.mark.parametrize("z", [-1e4, -40.0, -1.0, 0.0, 2.0, 40.0, 1e4])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_bce_from_logits_matches_mpmath(z, y):
    with mpmath.workdps(50):
        p = 1 / (1 + mpmath.exp(-mpmath.mpf(z)))
        # -y log p - (1 - y) log(1 - p), with log(1 - p) written as log(p) - z to avoid cancellation
        expected = float(-y * mpmath.log(p) - (1 - y) * (mpmath.log(p) - z))
    assert math.isclose(bce_from_logits(np.array([[z]]), np.array([[y]])), expected, rel_tol=1e-14, abs_tol=1e-300)


def test_bce_from_logits_huge_logits_raise_no_floating_point_error():
    with _quiet():
        value = bce_from_logits(np.array([[1e4, -1e4]]), np.array([[0.0, 1.0]]))
    assert value == 1e4


def test_bce_from_logits_equals_bce_of_sigmoid():
    z, y = _batch(2)
    assert math.isclose(bce_from_logits(z, y), bce(sigmoid(z), y), rel_tol=1e-13)


def test_log_softmax_of_huge_logits_is_finite():
    with _quiet():
        values = log_softmax(np.array([[1e4], [0.0], [-1e4]]))
    assert np.array_equal(values, [[0.0], [-1e4], [-2e4]])


def test_cce_from_logits_equals_cce_of_softmax():
    z, _ = _batch(3)
    y = _one_hot(3)
    assert math.isclose(cce_from_logits(z, y), cce(softmax(z), y), rel_tol=1e-13)


def test_cce_from_logits_huge_wrong_logit_costs_its_margin():
    assert cce_from_logits(np.array([[1e4], [0.0]]), np.array([[0.0], [1.0]])) == 1e4


# --- BP1: each loss's delta against central differences of its cost in z ---
PAIRS = [("mse", "identity"), ("mse", "sigmoid"), ("sq", "sigmoid"), ("sq", "tanh"),
         ("bce", "sigmoid"), ("bce", "identity"), ("cce", "softmax"), ("mse", "softmax")]


@pytest.mark.parametrize("loss_name, act_name", PAIRS)
def test_delta_matches_finite_differences_of_cost(loss_name, act_name):
    loss, act = LOSSES[loss_name], OUTPUT_ACTIVATIONS[act_name]
    z, y = _batch(4)
    if loss_name == "cce":
        y = _one_hot(4)
    if act_name == "identity" and loss_name == "bce":
        z = sigmoid(z)  # bce needs predictions inside (0, 1)
    result = gradcheck(lambda v: loss.cost(v, act.f(v), y, act), lambda v: loss.delta(v, act.f(v), y, act), z)
    assert result.passed, result.summary()


def test_bce_sigmoid_delta_collapses_to_a_minus_y_over_m():
    z, y = _batch(5)
    a = sigmoid(z)
    assert np.array_equal(BCE.delta(z, a, y, OUTPUT_ACTIVATIONS["sigmoid"]), (a - y) / 4)


def test_bce_sigmoid_collapsed_delta_equals_general_bp1():
    z, y = _batch(6)
    a = sigmoid(z)
    general = bce_grad(a, y) * sigmoid_prime(z)
    assert np.allclose(BCE.delta(z, a, y, OUTPUT_ACTIVATIONS["sigmoid"]), general, rtol=1e-12, atol=0)


def test_cce_softmax_collapsed_delta_equals_general_bp1():
    z, _ = _batch(7)
    y = _one_hot(7)
    general = softmax_vjp(z, cce_grad(softmax(z), y))
    assert np.allclose(CCE.delta(z, softmax(z), y, OUTPUT_ACTIVATIONS["softmax"]), general, rtol=1e-12, atol=1e-17)


def test_bce_sigmoid_delta_finite_when_saturated():
    z = np.array([[40.0, -40.0]])
    a = sigmoid(z)  # rounds to exactly 1 and to 4e-18
    delta = BCE.delta(z, a, np.array([[0.0, 1.0]]), OUTPUT_ACTIVATIONS["sigmoid"])
    assert np.allclose(delta, [[0.5, -0.5]], rtol=1e-15, atol=0)


def test_mse_delta_with_identity_is_a_minus_y_over_m():
    z, y = _batch(8)
    assert np.array_equal(MSE.delta(z, z, y, OUTPUT_ACTIVATIONS["identity"]), (z - y) / 4)


def test_sq_delta_is_the_notes_two_a_minus_two_y_times_sigmoid_prime():
    z, y = _batch(9)
    a = sigmoid(z)
    notes = (2 * a - 2 * y) * a * (1 - a) / 4  # (2A_2 - 2Y) sigma(Z_2)(1 - sigma(Z_2)), averaged
    assert np.allclose(SQ.delta(z, a, y, OUTPUT_ACTIVATIONS["sigmoid"]), notes, rtol=1e-12, atol=0)


@pytest.mark.parametrize("loss_name", sorted(LOSSES))
def test_delta_preserves_float32(loss_name):
    act = OUTPUT_ACTIVATIONS["softmax" if loss_name == "cce" else "sigmoid"]
    z = np.zeros((2, 3), dtype=np.float32)
    y = np.full((2, 3), 0.5, dtype=np.float32)
    assert LOSSES[loss_name].delta(z, act.f(z), y, act).dtype == np.float32
