"""Element-wise Jacobians, Hadamard, scalar expansion and sum: specific wrong variants are refuted."""
import sympy as sp

from derivations.catalog import elementwise
from derivations.indexed import Jacobian, inside, vector
from derivations.prove import verify_claim

i = sp.Symbol("i", integer=True)
j, n = sp.symbols("j n", integer=True, positive=True)
x = sp.Symbol("x", real=True)
v, w = sp.IndexedBase("v", real=True), sp.IndexedBase("w", real=True)
v3, w3 = vector("v", 3), vector("w", 3)


def _verdict(lhs, rhs, assume=()):
    return verify_claim(lhs, rhs, tuple(assume)).verdict


def test_family_ids():
    assert [b().id for b in elementwise.DERIVATIONS] == ["elementwise-jacobian", "hadamard", "scalar-expansion", "sum"]


# ---------------------------------------------------------------- 3.2.1 element-wise operations
def test_elementwise_subtraction_wrt_w_is_minus_identity():
    assert _verdict(Jacobian(v3 - w3, w3, "w"), -sp.eye(3)) == "proved"


def test_elementwise_subtraction_wrt_w_is_not_identity():
    assert _verdict(Jacobian(v3 - w3, w3, "w"), sp.eye(3)) == "refuted"


def test_elementwise_division_wrt_w_keeps_its_minus_sign():
    assert _verdict(Jacobian([a / c for a, c in zip(v3, w3)], w3, "w"), sp.diag(*[a / c**2 for a, c in zip(v3, w3)])) == "refuted"


def test_elementwise_division_excludes_zero_denominators():
    verdict = verify_claim(Jacobian([a / c for a, c in zip(v3, w3)], v3, "v"), sp.diag(*[1 / c for c in w3]))
    assert "w_1 = 0" in verdict.excluded


def test_elementwise_jacobian_is_not_full():
    assert _verdict(Jacobian(v3 + w3, v3, "v"), sp.ones(3, 3)) == "refuted"


# ---------------------------------------------------------------- 3.2.2 Hadamard
def test_hadamard_wrt_v_is_diag_w():
    assert _verdict(Jacobian(sp.HadamardProduct(v3, w3).doit(), v3, "v"), sp.diag(*w3)) == "proved"


def test_hadamard_wrt_v_is_not_diag_v():
    assert _verdict(Jacobian(sp.HadamardProduct(v3, w3).doit(), v3, "v"), sp.diag(*v3)) == "refuted"


def test_hadamard_wrt_v_is_not_the_outer_product():
    assert _verdict(Jacobian(sp.HadamardProduct(v3, w3).doit(), v3, "v"), w3 * sp.ones(1, 3)) == "refuted"


def test_hadamard_index_form_needs_the_delta():
    assert _verdict(sp.Derivative(v[i] * w[i], v[j]), w[i]) == "refuted"


# ---------------------------------------------------------------- 3.2.3 scalar expansion
def test_scalar_expansion_wrt_x_is_a_column_not_a_row():
    assert verify_claim(Jacobian(v3 + x * sp.ones(3, 1), [x], "x"), sp.ones(1, 3)).method == "shape"


def test_scalar_expansion_product_wrt_v_is_x_identity_not_identity():
    assert _verdict(Jacobian(x * v3, v3, "v"), sp.eye(3)) == "refuted"


def test_scalar_expansion_subtraction_wrt_x_is_minus_ones():
    assert _verdict(Jacobian(v3 - x * sp.ones(3, 1), [x], "x"), sp.ones(3, 1)) == "refuted"


# ---------------------------------------------------------------- 3.2.4 sum
def test_sum_gradient_is_a_row_of_ones():
    assert _verdict(Jacobian([sum(v3)], v3, "v"), sp.ones(1, 3)) == "proved"


def test_sum_gradient_is_not_a_column():
    assert verify_claim(Jacobian([sum(v3)], v3, "v"), sp.ones(3, 1)).method == "shape"


def test_sum_derivative_any_n_needs_the_index_range():
    assert _verdict(sp.Derivative(sp.Sum(v[i], (i, 1, n)), v[j]), 1) == "refuted"


def test_sum_derivative_any_n_with_the_index_range():
    assert _verdict(sp.Derivative(sp.Sum(v[i], (i, 1, n)), v[j]), 1, inside(j, n)) == "proved"


def test_sum_of_deltas_is_one_not_n():
    assert _verdict(sp.Sum(sp.KroneckerDelta(i, j), (i, 1, n)), n, inside(j, n)) == "refuted"


def test_sum_of_scaled_vector_wrt_x_is_not_x():
    assert _verdict(sp.Derivative(sp.Sum(x * v[i], (i, 1, n)), x), x, inside(j, n)) == "refuted"


# ---------------------------------------------------------------- the comparison '<' (001 L306)

def test_comparison_derivative_is_not_one():
    v1, w1 = sp.symbols("v_1 w_1", real=True)
    assert verify_claim(sp.Derivative(elementwise._less_than(v1, w1), v1), 1).verdict == "refuted"


def test_comparison_outputs_a_binary_entry():
    v1, w1 = sp.symbols("v_1 w_1", real=True)
    p = sp.Symbol("p", positive=True)
    both = (elementwise._less_than(v1, v1 + p), elementwise._less_than(v1 + p, v1))
    assert both == (1, 0)


def test_comparison_jacobian_excludes_the_ties():
    step = next(s for s in elementwise.elementwise_jacobian().steps if s.reason.startswith("v < w, n = 3"))
    assert len(verify_claim(step.lhs, step.rhs).excluded) == 3
