"""vanishing-gradient, sigmoid-softmax, activation-range: identities, the signs of their sides, wrong variants."""
import sympy as sp

from derivations.catalog import activations
from derivations.catalog.activations import HALF, QUARTER, p, sigma_prime, y, z, zs
from derivations.functions import relu, relu_prime, sigma, unfold
from derivations.prove import verify_claim

VANISHING = activations.vanishing_gradient()
SOFTMAX = activations.sigmoid_softmax()
RANGE = activations.activation_range()
ts = sp.symbols("t_1:4", positive=True)
ON_ZERO_ONE = {sigma(zs[k]): 1 / (1 + ts[k]) for k in range(3)}  # sigma(z_k) = 1/(1 + e^-z_k)


# ---------------------------------------------------------------- sigma' <= 1/4

def test_quarter_minus_sigma_prime_is_a_square():
    assert verify_claim(QUARTER - sigma_prime(z), (sigma(z) - HALF) ** 2).verdict == "proved"


def test_the_square_is_nonnegative():
    assert unfold((sigma(z) - HALF) ** 2).is_nonnegative is True


def test_sigma_prime_below_one_half_is_not_the_bound():
    assert verify_claim(HALF - sigma_prime(z), (sigma(z) - HALF) ** 2).verdict == "refuted"


def test_quarter_minus_sigma_prime_without_the_square_is_refuted():
    assert verify_claim(QUARTER - sigma_prime(z), sigma(z) - HALF).verdict == "refuted"


def test_sigma_prime_at_zero_is_a_quarter():
    assert verify_claim(sp.Subs(sigma_prime(z), z, 0), QUARTER).verdict == "proved"


def test_sigma_prime_at_one_is_below_a_quarter():
    assert verify_claim(sp.Subs(sigma_prime(z), z, 1), QUARTER).verdict == "refuted"


def test_sigma_minus_half_vanishes_only_with_e_to_the_z_minus_one():
    assert verify_claim(sigma(z) - HALF, (sp.exp(z) - 1) / (2 * (sp.exp(z) + 1))).verdict == "proved"


# ---------------------------------------------------------------- a chain of three layers

def test_chain_of_three_telescopes():
    step = VANISHING.steps[1]
    assert verify_claim(step.lhs, step.rhs).verdict == "proved"


def test_telescoped_terms_are_nonnegative():
    assert activations._telescoped(3).subs(ON_ZERO_ONE).is_nonnegative is True


def test_chain_of_three_is_not_bounded_by_four_to_the_minus_two_alone():
    step = VANISHING.steps[1]
    assert verify_claim(QUARTER**2 - sp.Mul(*[sigma_prime(q) for q in zs]), step.rhs).verdict == "refuted"


def test_chain_of_two_telescopes_too():
    lhs = QUARTER**2 - sigma_prime(zs[0]) * sigma_prime(zs[1])
    assert verify_claim(lhs, activations._telescoped(2)).verdict == "proved"


# ---------------------------------------------------------------- ReLU

def test_relu_chain_is_one_on_the_active_side():
    ps = sp.symbols("p_1:4", positive=True)
    assert verify_claim(relu_prime(ps[0]) * relu_prime(ps[1]) * relu_prime(ps[2]), 1).verdict == "proved"


def test_relu_prime_is_not_one_on_the_inactive_side():
    assert verify_claim(sp.Subs(sp.Derivative(relu(z), z), z, -p), 1).verdict == "refuted"


# ---------------------------------------------------------------- sigmoid = two-class softmax

def test_first_class_is_sigma_of_the_difference():
    step = SOFTMAX.steps[0]
    assert verify_claim(step.lhs, sigma(zs[0] - zs[1])).verdict == "proved"


def test_first_class_is_not_sigma_of_the_reversed_difference():
    step = SOFTMAX.steps[0]
    assert verify_claim(step.lhs, sigma(zs[1] - zs[0])).verdict == "refuted"


def test_first_class_is_not_sigma_of_its_own_score():
    step = SOFTMAX.steps[0]
    assert verify_claim(step.lhs, sigma(zs[0])).verdict == "refuted"


def test_two_class_cross_entropy_gradient_is_not_y_minus_a():
    step = SOFTMAX.steps[3]
    assert verify_claim(step.lhs, y - sigma(zs[0] - zs[1])).verdict == "refuted"


# ---------------------------------------------------------------- the range of sigma and ReLU

def test_worked_layer_product_is_90_150():
    step = RANGE.steps[0]
    assert verify_claim(step.lhs, sp.Matrix([90, 150])).verdict == "proved"


def test_worked_layer_product_is_not_the_transposed_weights():
    # [[5, 3], [2, 6]] [10, 20] = [110, 140]
    product = sp.MatMul(sp.ImmutableMatrix([[5, 3], [2, 6]]), sp.ImmutableMatrix([10, 20]), evaluate=False)
    assert verify_claim(product, sp.Matrix([90, 150])).verdict == "refuted"


def test_worked_layer_relu_output_is_96_156():
    assert verify_claim(sp.Matrix([relu(96), relu(156)]), sp.Matrix([96, 156])).verdict == "proved"


def test_sigma_of_the_worked_layer_is_not_96():
    assert verify_claim(sigma(96), 96).verdict == "refuted"


def test_sigma_is_a_ratio_of_positives():
    assert (sp.exp(z) / (sp.exp(z) + 1)).is_positive is True


def test_one_minus_sigma_is_a_ratio_of_positives():
    assert (sp.exp(-z) / (1 + sp.exp(-z))).is_positive is True


def test_relu_above_one_exceeds_one():
    assert verify_claim(relu(1 + p) - 1, p).verdict == "proved"


def test_relu_is_not_squished_below_one():
    assert verify_claim(relu(1 + p) - 1, 0).verdict == "refuted"
