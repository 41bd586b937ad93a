"""backprop-equations and two-layer: generic functions, the four equations, and their wrong variants."""
import sympy as sp

from derivations.catalog import backprop
from derivations.functions import relu, relu_prime, sigma
from derivations.catalog.generic import cost, d, grad, matrix, phi, phi_prime, vector
from derivations.prove import verify_claim

z = sp.Symbol("z", real=True)
C2 = cost("C", 2)


# ---------------------------------------------------------------- generic functions

def test_generic_activation_has_a_named_derivative():
    assert sp.diff(phi(z), z) == phi_prime(z)


def test_generic_cost_has_named_partials():
    a1, a2 = sp.symbols("a_1 a_2")
    assert sp.diff(C2(a1, a2), a2) == C2.partial(2)(a1, a2)


def test_generic_activation_evaluates_as_its_instance_only_numerically():
    half = sp.Rational(1, 2)
    assert abs(phi(half).evalf(30) - (half + sp.sin(half) / 2).evalf(30)) < 1e-28


def test_generic_derivative_instance_is_the_derivative_of_the_instance():
    half = sp.Rational(1, 2)
    assert abs(phi_prime(half).evalf(30) - (1 + sp.cos(half) / 2).evalf(30)) < 1e-28


def test_generic_identity_is_proved_without_evaluating():
    assert verify_claim(sp.Derivative(phi(z**2), z), 2 * z * phi_prime(z**2)).method == "structural"


# ---------------------------------------------------------------- one layer, any depth

def _bp2(rows: int, cols: int):
    """d C(W phi(z) + b)/dz for a generic C: the left side of BP2, and what BP2 is built from."""
    zl, W, b = vector("z", cols), matrix("w", rows, cols), vector("b", rows)
    nxt = W * zl.applyfunc(phi) + b
    f = cost("C", rows)
    return d(f(*nxt), zl), W, grad(f, nxt), zl.applyfunc(phi_prime)


def test_bp2_is_proved_for_a_non_square_layer():
    lhs, W, delta, sp_z = _bp2(2, 3)
    assert verify_claim(lhs, (W.T * delta).multiply_elementwise(sp_z)).verdict == "proved"


def test_bp2_with_W_instead_of_W_transpose_is_refuted():
    lhs, W, delta, sp_z = _bp2(3, 3)  # square, so only the values can tell W from W^T
    assert verify_claim(lhs, (W * delta).multiply_elementwise(sp_z)).verdict == "refuted"


def test_bp2_without_sigma_prime_is_refuted():
    lhs, W, delta, _ = _bp2(2, 3)
    assert verify_claim(lhs, W.T * delta).verdict == "refuted"


def test_bp1_without_sigma_prime_is_refuted():
    zL = vector("z", 2)
    aL = zL.applyfunc(phi)
    assert verify_claim(d(C2(*aL), zL), grad(C2, aL)).verdict == "refuted"


def test_bp4_transposed_outer_product_is_refuted():
    x, W, b = vector("x", 2), matrix("w", 2, 2), vector("b", 2)
    zl = W * x + b
    assert verify_claim(d(C2(*zl), W), x * grad(C2, zl).T).verdict == "refuted"


def test_bp3_sign_flip_is_refuted():
    x, W, b = vector("x", 3), matrix("w", 2, 3), vector("b", 2)
    zl = W * x + b
    assert verify_claim(d(C2(*zl), b), -grad(C2, zl)).verdict == "refuted"


# ---------------------------------------------------------------- symbolic widths

def test_indexed_cost_has_symbolic_widths():
    assert {backprop.n0, backprop.n1, backprop.n2} <= backprop.C_indexed.free_symbols


def test_indexed_bp4_with_delta_of_the_next_layer_is_refuted():
    step = backprop.backprop_equations().steps[-1]
    wrong = backprop.delta2(backprop.j) * backprop.x[backprop.k]
    assert verify_claim(step.lhs, wrong, step.assume).verdict == "refuted"


def test_indexed_bp3_without_sigma_prime_of_z1_is_refuted():
    step = backprop.backprop_equations().steps[-2]
    q = sp.Symbol("q", integer=True, positive=True)
    wrong = sp.Sum(backprop.W2[q, backprop.j] * backprop.delta2(q), (q, 1, backprop.n2))
    assert verify_claim(step.lhs, wrong, step.assume).verdict == "refuted"


# ---------------------------------------------------------------- the two-layer network of 002

X, Y, W1, B1, W2, B2 = sp.symbols("X Y W_1 B_1 W_2 B_2", real=True)
Z1 = W1 * X + B1
Z2 = W2 * relu(Z1) + B2
C = (sigma(Z2) - Y) ** 2
SIGMOID_PRIME = sigma(Z2) * (1 - sigma(Z2))


def test_two_layer_dC_dW1_is_proved_on_both_sides_of_the_kink():
    verdict = verify_claim(sp.Derivative(C, W1), X * relu_prime(Z1) * W2 * SIGMOID_PRIME * (2 * sigma(Z2) - 2 * Y))
    assert verdict.method.startswith("case split")


def test_two_layer_dC_dW1_without_relu_indicator_is_refuted_where_z1_is_negative():
    verdict = verify_claim(sp.Derivative(C, W1), X * W2 * SIGMOID_PRIME * (2 * sigma(Z2) - 2 * Y))
    assert verdict.method.endswith("< 0")


def test_two_layer_dC_dW2_with_sigma_of_x_is_refuted():
    wrong = relu(Z1) * sigma(X) * (1 - sigma(X)) * (2 * sigma(Z2) - 2 * Y)
    assert verify_claim(sp.Derivative(C, W2), wrong).verdict == "refuted"


def test_two_layer_one_minus_sigma_alone_is_not_sigmoid_prime():
    assert verify_claim(sp.Derivative(sigma(z), z), 1 - sigma(z)).verdict == "refuted"


def test_two_layer_matrix_dW1_with_W2_not_transposed_is_refuted():
    step = backprop.two_layer().steps[-1]
    assert verify_claim(step.lhs, step.rhs.T).verdict == "refuted"


def test_two_layer_quotes_the_notes_errata():
    quotes = [s.quote or "" for s in backprop.two_layer().steps]
    assert sum("see errata" in q for q in quotes) == 3
