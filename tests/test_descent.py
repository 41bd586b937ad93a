"""step-size and mini-batch: the identities, the signs of their sides, and the wrong variants they reject."""
import sympy as sp

from derivations.catalog import descent
from derivations.catalog.costs import J_example
from derivations.catalog.descent import BEYOND, INSIDE, alpha, lam, t, w, w2
from derivations.prove import verify_claim


def _step(derivation, reason_start):
    return next(s for s in derivation.steps if s.reason.startswith(reason_start))


STEP_SIZE = descent.step_size()
MINI_BATCH = descent.mini_batch()


# ---------------------------------------------------------------- the learning-rate ranges

def test_inside_is_a_positive_rate():
    assert INSIDE.is_positive is True


def test_inside_stays_below_two_over_lambda():
    assert verify_claim(2 / lam - INSIDE, 2 * t / (lam * (1 + t))).verdict == "proved"


def test_inside_gap_is_positive():
    assert (2 * t / (lam * (1 + t))).is_positive is True


def test_beyond_exceeds_two_over_lambda():
    assert verify_claim(BEYOND - 2 / lam, 2 * t / lam).verdict == "proved"


# ---------------------------------------------------------------- one weight

def test_one_step_change_keeps_its_factor_two_minus_alpha_lambda():
    step = _step(STEP_SIZE, "one step")
    wrong = -sp.Mul(alpha * lam**2 * w**2 / 2, 1 - alpha * lam)
    assert verify_claim(step.lhs, wrong).verdict == "refuted"


def test_inside_the_range_the_change_is_nonpositive():
    assert (-_step(STEP_SIZE, "0 < alpha < 2/lambda").rhs).is_nonnegative is True


def test_inside_the_range_the_change_is_negative_away_from_the_minimum():
    nonzero = sp.Symbol("w", real=True, nonzero=True)
    assert _step(STEP_SIZE, "0 < alpha < 2/lambda").rhs.subs(w, nonzero).is_negative is True


def test_inside_the_range_the_cost_cannot_grow():
    step = _step(STEP_SIZE, "0 < alpha < 2/lambda")
    assert verify_claim(step.lhs, -step.rhs).verdict == "refuted"


def test_beyond_the_range_the_change_is_nonnegative():
    assert _step(STEP_SIZE, "alpha > 2/lambda").rhs.is_nonnegative is True


def test_beyond_the_range_the_cost_does_not_decrease():
    step = _step(STEP_SIZE, "alpha > 2/lambda")
    assert verify_claim(step.lhs, -2 * lam * t * (1 + t) * w**2).verdict == "refuted"


def test_negative_rate_climbs():
    assert _step(STEP_SIZE, "alpha < 0").rhs.is_nonnegative is True


def test_rate_two_over_lambda_lands_on_minus_w():
    assert verify_claim(w - sp.Mul(2 / lam, lam * w, evaluate=False), -w).verdict == "proved"


# ---------------------------------------------------------------- two weights

def test_two_weights_inside_the_range_the_change_is_nonpositive():
    assert (-_step(STEP_SIZE, "0 < alpha < 2/lambda_max").rhs).is_nonnegative is True


def test_two_weights_change_without_the_first_coordinate_is_refuted():
    step = _step(STEP_SIZE, "0 < alpha < 2/lambda_max")
    assert verify_claim(step.lhs, -2 * lam * t * w2**2 / (1 + t) ** 2).verdict == "refuted"


def test_two_weights_beyond_the_range_grow_along_the_steepest_axis():
    assert _step(STEP_SIZE, "alpha > 2/lambda_max").rhs.is_nonnegative is True


def test_two_weights_bound_is_set_by_the_largest_curvature():
    # alpha = 2/lambda_1 lies inside (0, 2/lambda_1] but beyond 2/lambda_2 when s > 0: along w_2 the cost grows
    s = descent.s
    moved = descent._moved2(2 * (1 + s) / lam, 0)
    assert verify_claim(moved, 2 * lam * s * (1 + s) * w2**2).verdict == "proved"


def test_two_weights_bound_with_the_smallest_curvature_is_wrong():
    s = descent.s
    moved = descent._moved2(2 * (1 + s) / lam, 0)
    assert verify_claim(moved, -2 * lam * s * (1 + s) * w2**2).verdict == "refuted"


# ---------------------------------------------------------------- mini-batches

def test_single_example_sgd_is_unbiased():
    step = MINI_BATCH.steps[0]
    assert verify_claim(step.lhs, step.rhs).verdict == "proved"


def test_single_example_sgd_without_the_probability_is_refuted():
    step = MINI_BATCH.steps[0]
    assert verify_claim(step.lhs, step.rhs * descent.m).verdict == "refuted"


def test_batch_share_of_each_example_is_one_over_m():
    step = MINI_BATCH.steps[1]
    assert verify_claim(step.lhs, step.rhs, step.assume).verdict == "proved"


def test_batch_share_without_the_one_over_k_is_refuted():
    m, k = descent.m, descent.k
    assert verify_claim(sp.binomial(m - 1, k - 1) / sp.binomial(m, k), 1 / m, ((m, k + descent.dm),)).verdict == "refuted"


def test_four_examples_in_pairs_average_to_the_full_gradient():
    # 6 pairs; each example is in 3 of them, weighted 1/2, divided by 6: 1/4 each
    step = descent._expected_batch_gradient(4, 2)
    full = sum(J_example.partial(1)(w, e) for e in (1, 2, 3, 4)) / 4
    assert verify_claim(step.lhs, full).verdict == "proved"


def test_summing_instead_of_averaging_a_batch_is_biased():
    step = descent._expected_batch_gradient(4, 2)
    full_sum = sum(J_example.partial(1)(w, e) for e in (1, 2, 3, 4))
    assert verify_claim(step.lhs, full_sum / 2).verdict == "refuted"


def test_three_examples_in_pairs_count_three_batches():
    assert "all 3 equally likely batches" in descent._expected_batch_gradient(3, 2).reason
