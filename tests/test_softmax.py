"""softmax-cce: the Jacobian diag(a) - a a^T, dJ/dz = a - y only given sum y = 1, and wrong variants."""
import sympy as sp

from derivations.catalog import softmax
from derivations.prove import verify_claim


def _concrete(n):
    z = sp.Matrix(sp.symbols(f"z_1:{n + 1}", real=True))
    y = sp.Matrix(sp.symbols(f"y_1:{n + 1}", real=True))
    a = z.applyfunc(lambda zi: sp.exp(zi) / sum(sp.exp(zk) for zk in z))
    J = -sum(yi * sp.log(ai) for yi, ai in zip(y, a))
    jacobian = sp.ImmutableMatrix(n, n, lambda r, c: sp.Derivative(a[r], z[c]))
    gradient = sp.ImmutableMatrix([sp.Derivative(J, zj) for zj in z])
    return z, y, a, jacobian, gradient


def test_softmax_jacobian_is_diag_minus_outer_product():
    z, y, a, jacobian, _ = _concrete(3)
    assert verify_claim(jacobian, sp.diag(*a) - a * a.T).verdict == "proved"


def test_softmax_jacobian_without_the_outer_product_is_refuted():
    z, y, a, jacobian, _ = _concrete(3)
    assert verify_claim(jacobian, sp.diag(*a)).verdict == "refuted"


def test_softmax_jacobian_with_plus_outer_product_is_refuted():
    z, y, a, jacobian, _ = _concrete(2)
    assert verify_claim(jacobian, sp.diag(*a) + a * a.T).verdict == "refuted"


def test_cce_gradient_for_any_y_is_a_sum_y_minus_y():
    z, y, a, _, gradient = _concrete(3)
    assert verify_claim(gradient, a * sum(y) - y).verdict == "proved"


def test_cce_gradient_a_minus_y_is_proved_given_sum_y_is_one():
    z, y, a, _, gradient = _concrete(3)
    assert verify_claim(gradient, a - y, ((y[2], 1 - y[0] - y[1]),)).verdict == "proved"


def test_cce_gradient_a_minus_y_without_the_side_condition_is_refuted():
    z, y, a, _, gradient = _concrete(3)
    assert verify_claim(gradient, a - y).verdict == "refuted"


def test_cce_gradient_sign_flip_is_refuted_even_given_sum_y_is_one():
    z, y, a, _, gradient = _concrete(3)
    assert verify_claim(gradient, y - a, ((y[2], 1 - y[0] - y[1]),)).verdict == "refuted"


def test_every_a_minus_y_step_substitutes_the_side_condition():
    steps = [s for s in softmax.softmax_cce().steps if "given sum" in s.reason]
    assert len(steps) == 4 and all(s.assume for s in steps)


def test_indexed_a_minus_y_without_the_side_condition_is_refuted():
    gradient = sp.Derivative(softmax.J, softmax.z[softmax.j])
    claim = softmax.a(softmax.j) - softmax.y[softmax.j]
    assert verify_claim(gradient, claim, softmax.IN_RANGE).verdict == "refuted"


def test_indexed_a_minus_y_is_proved_once_sum_y_is_substituted():
    gradient = sp.Derivative(softmax.J, softmax.z[softmax.j])
    general = softmax.a(softmax.j) * softmax.SUM_Y - softmax.y[softmax.j]
    assert verify_claim(gradient, general, softmax.IN_RANGE).verdict == "proved"


def test_indexed_jacobian_sign_flip_is_refuted():
    step = next(s for s in softmax.softmax_cce().steps if s.reason.startswith("any n: da_i/dz_j"))
    assert verify_claim(step.lhs, -step.rhs, step.assume).verdict == "refuted"


def test_indexed_side_condition_step_fails_without_it():
    step = softmax.softmax_cce().steps[-1]
    assert verify_claim(step.lhs, step.rhs).verdict == "refuted"
