"""Neuron, layer, ReLU neuron and linear composition: wrong variants refuted, worked numbers, the kink."""
import dataclasses

import sympy as sp

from derivations.catalog import neuron
from derivations.functions import KINK_CONVENTION, relu, relu_prime
from derivations.indexed import Jacobian, inside, matrix, off_diagonal, vector
from derivations.prove import verify_claim, verify_step

i, p = sp.symbols("i p", integer=True)
j, k, n = sp.symbols("j k n", integer=True, positive=True)
b, q = sp.Symbol("b", real=True), sp.Symbol("q", positive=True)
w, x, bias = (sp.IndexedBase(name, real=True) for name in ("w", "x", "b"))
dot = sp.Sum(w[i] * x[i], (i, 1, n))
z_i = sp.Sum(w[i, p] * x[p], (p, 1, n)) + bias[i]
w3, x3 = vector("w", 3), vector("x", 3)
z3 = (w3.T * x3)[0] + b


def _verdict(lhs, rhs, assume=()):
    return verify_claim(lhs, rhs, tuple(assume)).verdict


def _step(builder, rhs):
    """The step of a derivation of this family whose right side is ``rhs``."""
    return next(s for s in builder().steps if s.rhs == rhs)


def test_family_ids():
    assert [b().id for b in neuron.DERIVATIONS] == ["neuron", "layer", "neuron-activation", "linear-composition"]


# ---------------------------------------------------------------- neuron
def test_neuron_gradient_missing_transpose_is_refuted():
    assert verify_claim(Jacobian([z3], w3, "w"), x3).method == "shape"


def test_neuron_gradient_is_not_w():
    assert _verdict(Jacobian([z3], w3, "w"), w3.T) == "refuted"


def test_neuron_derivative_any_n_is_x_k():
    assert _verdict(sp.Derivative(dot + b, w[k]), x[k], inside(k, n)) == "proved"


# ---------------------------------------------------------------- layer
def test_layer_derivative_without_delta_is_refuted():
    assert _verdict(sp.Derivative(z_i, w[j, k]), x[k], inside(k, n)) == "refuted"


def test_layer_derivative_with_swapped_indices_is_refuted():
    assert _verdict(sp.Derivative(z_i, w[j, k]), sp.KroneckerDelta(i, k) * x[j], inside(k, n)) == "refuted"


def test_layer_off_diagonal_is_zero():
    above, _ = off_diagonal(i, j)
    assert _verdict(sp.Derivative(z_i, w[j, k]), 0, above) == "proved"


def test_layer_jacobian_wrt_x_is_not_the_transpose():
    W, xc = matrix("w", 2, 2), vector("x", 2)
    assert _verdict(Jacobian(W * xc, xc, "x"), W.T) == "refuted"


def test_layer_output_has_one_entry_per_node():
    W, x4 = matrix("w", 3, 4), vector("x", 4)
    assert verify_claim(sp.MatMul(W, x4, evaluate=False), sp.zeros(4, 1)).method == "shape"


def test_layer_worked_example_wrong_entry_is_refuted():
    A, a = sp.ImmutableMatrix([[5, 2], [3, 6]]), sp.ImmutableMatrix([10, 20])
    assert _verdict(sp.MatMul(A, a, evaluate=False), sp.Matrix([90, 160])) == "refuted"


def test_dot_product_is_200():
    step = _step(neuron.layer, sp.Integer(200))
    assert verify_step(step).verdict == "proved"


def test_dot_product_210_is_refuted():
    step = dataclasses.replace(_step(neuron.layer, sp.Integer(200)), rhs=sp.Integer(210))
    assert verify_step(step).counterexample["lhs"] == 200.0


def test_outer_product_in_the_written_order_is_a_scalar():
    row, column = sp.ImmutableMatrix([[10, 20, 30, 40]]), sp.ImmutableMatrix([0, 1, 2, 3])
    assert verify_claim(sp.MatMul(row, column, evaluate=False), column * row).method == "shape"


# ---------------------------------------------------------------- neuron-activation
def test_relu_neuron_dropped_indicator_is_refuted_where_z_is_negative():
    verdict = verify_claim(sp.Derivative(relu(dot + b), w[k]), x[k], inside(k, n))
    assert verdict.verdict == "refuted" and "< 0" in verdict.method


def test_relu_neuron_dropped_indicator_holds_where_z_is_positive():
    positive = ((b, q - dot), *inside(k, n))
    assert _verdict(sp.Derivative(relu(dot + b), w[k]), x[k], positive) == "proved"


def test_relu_neuron_bias_derivative_is_not_one():
    assert _verdict(sp.Derivative(relu(z3), b), 1) == "refuted"


def test_relu_neuron_gradient_missing_transpose_is_refuted():
    assert verify_claim(Jacobian([relu(z3)], w3, "w"), relu_prime(z3) * x3).method == "shape"


def test_kink_convention_relu_prime_of_zero_is_zero():
    assert relu_prime(0).unfold() == 0


def test_kink_convention_is_stated():
    assert neuron.neuron_activation().convention == KINK_CONVENTION


def test_kink_value_is_checked_at_the_kink():
    # Writing z >= 0 changes the value at z = 0: under the convention ReLU'(0) = 0 the two differ there.
    z = sp.Symbol("z", real=True)
    assert _verdict(relu_prime(z), sp.Piecewise((1, z >= 0), (0, True))) == "refuted"


# ---------------------------------------------------------------- linear-composition
def _two_layers(W1, W2, xc, b1, b2):
    return sp.MatAdd(sp.MatMul(W2, sp.MatAdd(sp.MatMul(W1, xc), b1)), b2)


def test_linear_composition_collapses():
    W1, W2, xc, b1, b2 = matrix("u", 2, 2), matrix("v", 2, 2), vector("x", 2), vector("c", 2), vector("d", 2)
    assert _verdict(_two_layers(W1, W2, xc, b1, b2), W2 * W1 * xc + W2 * b1 + b2) == "proved"


def test_linear_composition_wrong_product_order_is_refuted():
    W1, W2, xc, b1, b2 = matrix("u", 2, 2), matrix("v", 2, 2), vector("x", 2), vector("c", 2), vector("d", 2)
    assert _verdict(_two_layers(W1, W2, xc, b1, b2), W1 * W2 * xc + W2 * b1 + b2) == "refuted"


def test_linear_composition_bias_is_not_b1_plus_b2():
    W1, W2, xc, b1, b2 = matrix("u", 2, 2), matrix("v", 2, 2), vector("x", 2), vector("c", 2), vector("d", 2)
    assert _verdict(_two_layers(W1, W2, xc, b1, b2), W2 * W1 * xc + b1 + b2) == "refuted"


def test_square_of_2x_plus_1_as_in_the_notes_is_refuted():
    X = sp.Symbol("x", real=True)
    assert _verdict((2 * X + 1) ** 2, 4 * X**2 + 4 * X + 2) == "refuted"


def test_square_of_2x_plus_1_is_proved():
    X = sp.Symbol("x", real=True)
    assert _verdict((2 * X + 1) ** 2, 4 * X**2 + 4 * X + 1) == "proved"
