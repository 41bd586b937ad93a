"""backprop-equations and two-layer: generic functions, the four equations, and their wrong variants."""
import re

import sympy as sp

from derivations.catalog import backprop
from derivations.functions import relu, relu_prime, sigma
from derivations.catalog.generic import SumInOrder, cost, d, grad, in_order, matrix, phi, phi_prime, vector
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


# ---------------------------------------------------------------- issue 13: 002's chains as chains

TWO_LAYER = backprop.two_layer()
A1 = relu(Z1)
Z2_LOCAL, A1_LOCAL, Z1_LOCAL = sp.symbols("Z_2 A_1 Z_1", real=True)


def _two_layer_step(reason_start):
    return next(s for s in TWO_LAYER.steps if s.reason.startswith(reason_start))


def test_in_order_prints_the_factors_as_given():
    x, y = sp.symbols("x y", real=True)
    assert sp.sstr(in_order(y + 1, x)) == "(y + 1)*x"


def test_in_order_is_the_product_for_a_proof():
    x, y = sp.symbols("x y", real=True)
    assert verify_claim(in_order(y + 1, x), x * y + x).verdict == "proved"


def test_in_order_of_a_wrong_product_is_refuted():
    x, y = sp.symbols("x y", real=True)
    assert verify_claim(in_order(y + 1, x), x * y + 1).verdict == "refuted"


def test_sum_in_order_prints_the_terms_as_given():
    a, y = sp.symbols("A_2 Y", real=True)
    assert sp.sstr(SumInOrder(2 * a, -2 * y)) == "2*A_2 - 2*Y"


def test_sum_in_order_as_a_factor_is_written_in_parentheses():
    # a factor 1 - alpha w printed bare, w 1 - alpha w, reads back as w - alpha w: a different claim
    from derivations.export import latex
    w, alpha = sp.symbols("w alpha", real=True)
    product = w * SumInOrder(1, -alpha * w)
    assert (latex(product), sp.sstr(product)) == (r"w \left(1 - \alpha w\right)", "w*(1 - alpha*w)")


def test_sum_in_order_draws_a_fraction_as_sympy_does():
    x, y = sp.symbols("x y", real=True)
    assert sp.pretty(SumInOrder(x, -y / 2), use_unicode=True) == sp.pretty(x - y / 2, use_unicode=True)


def test_two_layer_dC_dW1_chain_prints_in_the_notes_order():
    step = _two_layer_step("dC/dW1 = dZ1/dW1")
    assert sp.pretty(step.rhs, use_unicode=True) == "X⋅ReLU'(Z₁)⋅W₂⋅σ(Z₂)⋅(1 - σ(Z₂))⋅(2⋅A₂ - 2⋅Y)"


def test_two_layer_has_each_local_derivative_as_a_step():
    starts = ("dC/dA2:", "dA2/dZ2:", "dZ2/dW2 =", "dZ2/dB2 =", "dZ2/dA1 =", "dA1/dZ1 =", "dZ1/dW1 =", "dZ1/dB1 =")
    assert [any(s.reason.startswith(p) for s in TWO_LAYER.steps) for p in starts] == [True] * len(starts)


def test_two_layer_dZ2_dW2_is_A1():
    assert verify_claim(sp.Derivative(W2 * A1 + B2, W2), A1).verdict == "proved"


def test_two_layer_dZ2_dW2_as_W2_is_refuted():
    assert verify_claim(sp.Derivative(W2 * A1 + B2, W2), W2).verdict == "refuted"


def test_two_layer_dZ2_dA1_as_A1_is_refuted():
    assert verify_claim(sp.Derivative(W2 * A1_LOCAL + B2, A1_LOCAL), A1_LOCAL).verdict == "refuted"


def test_two_layer_dZ1_dW1_as_W1_is_refuted():
    assert verify_claim(sp.Derivative(Z1, W1), W1).verdict == "refuted"


def test_two_layer_delta2_is_the_tail_of_every_chain():
    s2 = sigma(Z2_LOCAL)
    claim = s2 * (1 - s2) * (2 * s2 - 2 * Y)
    assert verify_claim(sp.Derivative((s2 - Y) ** 2, Z2_LOCAL), claim).verdict == "proved"


def test_two_layer_delta2_without_sigmoid_prime_is_refuted():
    s2 = sigma(Z2_LOCAL)
    assert verify_claim(sp.Derivative((s2 - Y) ** 2, Z2_LOCAL), 2 * s2 - 2 * Y).verdict == "refuted"


def test_two_layer_collapse_dC_dW1_with_delta2_for_delta1_is_refuted():
    step = _two_layer_step("collapse: dC/dW1")
    wrong = X * SIGMOID_PRIME * (2 * sigma(Z2) - 2 * Y)  # X delta2: the hidden layer's ReLU' W2 left out
    assert verify_claim(step.lhs, wrong).verdict == "refuted"


def test_two_layer_collapse_dC_dW1_is_X_delta1():
    step = _two_layer_step("collapse: dC/dW1")
    delta1 = relu_prime(Z1) * W2 * SIGMOID_PRIME * (2 * sigma(Z2) - 2 * Y)
    assert verify_claim(step.lhs, X * delta1).verdict == "proved"


# ---------------------------------------------------------------- issue 13: one network in backprop-equations

def _widths(step):
    """The sizes of the w^l matrices a step uses, by layer: {"w^2": (2, 3), ...}."""
    sides = [e for side in (step.lhs, step.rhs) for e in (side if isinstance(side, sp.MatrixBase) else [side])]
    names = {s.name for e in sides for s in e.atoms(sp.Symbol) if re.fullmatch(r"w\^\d_\d\d", s.name)}  # and d/dw
    shapes = {}
    for name in names:
        layer, entry = name[2:].split("_")
        rows, cols = shapes.get(f"w^{layer}", (0, 0))
        shapes[f"w^{layer}"] = (max(rows, int(entry[0])), max(cols, int(entry[1])))
    return shapes


def test_backprop_equations_use_one_network():
    # the 2-3-2 network: w^1 is 3 x 2 (hidden x input), w^2 is 2 x 3 (output x hidden), and no w^3
    shapes = {}
    for step in backprop.backprop_equations().steps:
        for name, shape in _widths(step).items():
            shapes.setdefault(name, set()).add(shape)
    assert shapes == {"w^1": {(3, 2)}, "w^2": {(2, 3)}}


def test_bp2_of_the_network_with_w2_of_shape_3_x_2_is_refuted():
    step = next(s for s in backprop.backprop_equations().steps if s.label == "BP2")
    W2 = matrix("w^2", 2, 3)
    wrong = step.rhs.subs({W2[r, c]: W2[r, (c + 1) % 3] for r in range(2) for c in range(3)}, simultaneous=True)
    assert verify_claim(step.lhs, wrong).verdict == "refuted"


def test_bp4_of_layer_2_with_x_for_a1_is_refuted():
    step = next(s for s in backprop.backprop_equations().steps if s.reason.startswith("BP4 (layer 2)"))
    a1, x = vector("a^1", 3), vector("x", 3)
    assert verify_claim(step.lhs, step.rhs.subs(dict(zip(a1, x)))).verdict == "refuted"
