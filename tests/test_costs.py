"""mse-weights, mse-bias and gradient-descent: the identities, and the wrong variants they reject."""
import sympy as sp

from derivations.catalog import costs
from derivations.catalog.costs import C_one, IN_RANGE, b, j, m, x, y, z_one
from derivations.functions import relu, relu_prime
from derivations.prove import verify_claim

ERROR = z_one - y  # the error term e = w.x + b - y


# ---------------------------------------------------------------- one example, any input length n

def test_relu_neuron_derivative_is_indicator_times_input():
    assert verify_claim(sp.Derivative(relu(z_one), costs.w[j]), relu_prime(z_one) * x[j], IN_RANGE).verdict == "proved"


def test_one_example_gradient_is_proved_for_symbolic_n():
    assert verify_claim(sp.Derivative(C_one, costs.w[j]), relu_prime(z_one) * ERROR * x[j] / m, IN_RANGE).verdict == "proved"


def test_one_example_without_relu_indicator_is_refuted_where_inactive():
    verdict = verify_claim(sp.Derivative(C_one, costs.w[j]), ERROR * x[j] / m, IN_RANGE)
    assert verdict.method.endswith("< 0")


def test_one_example_without_one_over_m_is_refuted():
    assert verify_claim(sp.Derivative(C_one, costs.w[j]), relu_prime(z_one) * ERROR * x[j], IN_RANGE).verdict == "refuted"


def test_one_example_with_error_sign_flipped_is_refuted():
    wrong = relu_prime(z_one) * (y - z_one) * x[j] / m
    assert verify_claim(sp.Derivative(C_one, costs.w[j]), wrong, IN_RANGE).verdict == "refuted"


def test_bias_gradient_of_one_example_is_proved():
    assert verify_claim(sp.Derivative(C_one, b), relu_prime(z_one) * ERROR / m).verdict == "proved"


def test_bias_gradient_without_relu_indicator_is_refuted():
    assert verify_claim(sp.Derivative(C_one, b), ERROR / m).verdict == "refuted"


# ---------------------------------------------------------------- any number of examples

def testany_m_chain_keeps_the_factor_two():
    step = costs.any_m(b)
    assert verify_claim(step.lhs, step.rhs / 2).verdict == "refuted"


def testany_m_chain_is_proved():
    step = costs.any_m(b)
    assert verify_claim(step.lhs, step.rhs).verdict == "proved"


# ---------------------------------------------------------------- the worked pair

def testworked_pair_gradient_is_proved_in_all_four_activity_patterns():
    step = costs.mse_weights().steps[-1]
    # the four activity patterns; the five regions on a kink are excluded (no derivative there)
    assert "4 of 9 regions" in verify_claim(step.lhs, step.rhs, step.assume).method


def testworked_pair_with_the_first_input_shared_by_both_examples_is_refuted():
    # 001 3.5: "for each training example, x^T is the same" (see errata)
    data, _, C, active, pre = costs.worked_pair()
    step = costs.mse_weights().steps[-1]
    assert verify_claim(step.lhs, (active[0] + active[1]) * data[0, :].T / 2, pre).verdict == "refuted"


def testworked_pair_bias_gradient_without_one_over_m_is_refuted():
    step = costs.mse_bias().steps[-1]
    assert verify_claim(step.lhs, 2 * step.rhs, step.assume).verdict == "refuted"


# ---------------------------------------------------------------- gradient descent

def _step(reason_start: str):
    return next(s for s in costs.gradient_descent().steps if s.reason.startswith(reason_start))


def test_rate_along_the_gradient_is_minus_its_squared_norm():
    step = _step("along g = grad C")
    assert verify_claim(step.lhs, step.rhs).verdict == "proved"


def test_rate_along_the_gradient_is_not_plus_its_squared_norm():
    step = _step("along g = grad C")
    assert verify_claim(step.lhs, -step.rhs).verdict == "refuted"


def test_quadratic_expansion_needs_its_second_order_term():
    step = _step("quadratic C")
    first_order = step.rhs.subs(sp.Symbol("alpha", real=True) ** 2, 0)
    assert verify_claim(step.lhs, first_order).verdict == "refuted"


def test_batch_gradient_summed_from_zero_is_refuted():
    step = _step("a batch of N examples")
    w, i, N = sp.Symbol("w", real=True), costs.i, costs.N
    assert verify_claim(step.lhs, sp.Sum(costs.J_example.partial(1)(w, i), (i, 0, N))).verdict == "refuted"


def test_million_examples_in_batches_of_120_make_8334_batches():
    assert verify_claim(sp.ceiling(sp.Rational(10**6, 120)), 8334).verdict == "proved"


def test_the_notes_8333_batches_is_refuted():
    assert verify_claim(sp.ceiling(sp.Rational(10**6, 120)), 8333).verdict == "refuted"


# ---------------------------------------------------------------- smaller for correct outputs (003 L16)

CORRECT = costs.cost_correct()


def _correct_step(start):
    return next(s for s in CORRECT.steps if s.reason.startswith(start))


def test_wrong_outputs_cost_a_positive_square():
    assert all(_correct_step(start).rhs.is_positive for start in ("an output above", "below it"))


def test_farther_outputs_cost_more():
    assert all(_correct_step(start).rhs.is_positive for start in ("farther", "the same below"))


def test_farther_is_not_cheaper():
    step = _correct_step("farther")
    e, t = sp.Symbol("e", nonnegative=True), sp.Symbol("t", positive=True)
    assert verify_claim(step.lhs, t * (2 * e - t), step.assume).verdict == "refuted"


def test_cross_entropy_slopes_toward_the_correct_label():
    t = sp.Symbol("t", positive=True)
    a = costs.a
    assert (_correct_step("004's").rhs.subs(a, 1 / (1 + t)).is_negative,
            _correct_step("with label y = 0").rhs.subs(a, 1 / (1 + t)).is_positive) == (True, True)


def test_cross_entropy_slope_with_label_one_is_not_one_over_one_minus_a():
    step = _correct_step("004's")
    assert verify_claim(step.lhs, 1 / (1 - costs.a), step.assume).verdict == "refuted"
