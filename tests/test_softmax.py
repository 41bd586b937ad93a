"""softmax-cce: the Jacobian diag(a) - a a^T, dJ/dz = a - y only given sum y = 1, and wrong variants."""
import sympy as sp

from derivations.catalog import softmax
from derivations.catalog.generic import Shown
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


# ---------------------------------------------------------------- issue 13: the quotient rule and the chain

I, J_, N = softmax.i, softmax.j, softmax.n
E_I, E_J = sp.exp(softmax.z[I]), sp.exp(softmax.z[J_])
S = sp.Sum(sp.exp(softmax.z[softmax.k]), (softmax.k, 1, N))
A_I, A_J = E_I / S, E_J / S
DELTA = sp.KroneckerDelta(I, J_)
GAP = sp.Symbol("d", integer=True, nonnegative=True)
I_ABOVE_J = ((I, J_ + 1 + GAP),) + softmax.IN_RANGE
I_BELOW_J = ((I, J_ - 1 - GAP),) + softmax.IN_RANGE


def _step(reason_start):
    return next(s for s in softmax.softmax_cce().steps if s.reason.startswith(reason_start))


def test_quotient_rule_case_i_equals_j_is_proved():
    claim = (E_J * S - E_J * E_J) / S**2
    assert verify_claim(sp.Derivative(A_J, softmax.z[J_]), claim, softmax.IN_RANGE).verdict == "proved"


def test_quotient_rule_case_i_equals_j_with_a_plus_is_refuted():
    claim = (E_J * S + E_J * E_J) / S**2
    assert verify_claim(sp.Derivative(A_J, softmax.z[J_]), claim, softmax.IN_RANGE).verdict == "refuted"


def test_quotient_rule_case_i_above_j_is_proved():
    assert verify_claim(sp.Derivative(A_I, softmax.z[J_]), -E_I * E_J / S**2, I_ABOVE_J).verdict == "proved"


def test_quotient_rule_case_i_below_j_is_proved():
    assert verify_claim(sp.Derivative(A_I, softmax.z[J_]), -E_I * E_J / S**2, I_BELOW_J).verdict == "proved"


def test_quotient_rule_case_i_not_j_with_the_diagonal_numerator_is_refuted():
    claim = (E_I * S - E_I * E_J) / S**2
    assert verify_claim(sp.Derivative(A_I, softmax.z[J_]), claim, I_ABOVE_J).verdict == "refuted"


def test_quotient_rule_steps_are_in_the_catalog_with_both_halves_of_i_not_j():
    assert [s.assume[0] for s in softmax.softmax_cce().steps if s.reason.startswith("quotient rule, case i != j")] \
        == [I_BELOW_J[0], I_ABOVE_J[0]]


def test_diagonal_case_a_j_times_one_plus_a_j_is_refuted():
    step = _step("split the fraction: e^z_j/S")
    assert verify_claim(step.lhs, A_J * (1 + A_J), step.assume).verdict == "refuted"


def test_off_diagonal_case_plus_a_i_a_j_is_refuted():
    step = _step("split the fraction: -(e^z_i/S)")
    assert verify_claim(step.lhs, A_I * A_J, step.assume).verdict == "refuted"


def test_chain_through_the_jacobian_is_proved():
    chain = -sp.Sum(sp.Mul(softmax.y[I] / A_I, A_I * (DELTA - A_J), evaluate=False), (I, 1, N))
    assert verify_claim(sp.Derivative(softmax.J, softmax.z[J_]), chain, softmax.IN_RANGE).verdict == "proved"


def test_chain_with_a_plus_sign_is_refuted():
    chain = sp.Sum(softmax.y[I] * (DELTA - A_J), (I, 1, N))
    assert verify_claim(sp.Derivative(softmax.J, softmax.z[J_]), chain, softmax.IN_RANGE).verdict == "refuted"


def test_chain_without_the_kronecker_delta_is_refuted():
    chain = -sp.Sum(softmax.y[I] * (-A_J), (I, 1, N))
    assert verify_claim(sp.Derivative(softmax.J, softmax.z[J_]), chain, softmax.IN_RANGE).verdict == "refuted"


def test_chain_step_keeps_y_over_a_times_the_jacobian():
    step = _step("chain rule: dJ/dz_j")
    a_i = next(x for x in step.rhs.atoms(Shown) if str(x) == "a_i")
    assert step.rhs.has(softmax.y[I] / a_i)


def test_kronecker_pick_with_plus_y_j_is_refuted():
    step = _step("delta_ij keeps only i = j")
    wrong = A_J * softmax.SUM_Y + softmax.y[J_]
    assert verify_claim(step.lhs, wrong, step.assume).verdict == "refuted"
