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


# ---------------------------------------------------------------- the iterates (001 3.8, 003)

K, W0, FACTOR = descent.k_it, descent.w0, 1 - alpha * lam
SLOW = 1 / (lam * (1 + t))  # 0 < alpha < 1/lambda


def test_iterate_after_k_plus_one_steps_is_not_one_power_short():
    step = _step(STEP_SIZE, "from w_k")
    assert verify_claim(step.lhs, FACTOR**K * W0, step.assume).verdict == "refuted"


def test_each_step_is_not_one_plus_alpha_lambda_times_the_last():
    step = _step(STEP_SIZE, "each step")
    wrong = (1 + alpha * lam) * (FACTOR ** (K + 1) - FACTOR**K) * W0
    assert verify_claim(step.lhs, wrong, step.assume).verdict == "refuted"


def test_inside_the_range_the_step_factor_is_below_one_in_size():
    assert next(s for s in STEP_SIZE.steps if s.quote == descent.SHRINK).rhs.is_positive is True


def test_beyond_the_range_the_steps_grow():
    assert verify_claim(1 - FACTOR**2, -4 * t * (1 + t), ((alpha, BEYOND),)).verdict == "proved"


def test_small_rate_factor_lies_in_zero_one():
    factor = sp.together(FACTOR.subs(alpha, SLOW))
    assert factor.is_positive is True and (1 - factor).is_positive is True


def test_small_rate_terms_are_nonnegative():
    # each term 1 - q^j with q = t/(1 + t): (1 + t)^j - t^j over (1 + t)^j, a polynomial with positive coefficients
    q = sp.together(FACTOR.subs(alpha, SLOW))
    assert all(sp.expand((1 + t) ** j - t**j).is_positive for j in range(1, 6))
    assert all(verify_claim(1 - q**j, ((1 + t) ** j - t**j) / (1 + t) ** j).verdict == "proved" for j in range(1, 6))


def test_k_steps_cover_no_more_than_k_alpha_lambda():
    step = _step(STEP_SIZE, "0 < alpha < 1/lambda")
    assert verify_claim(step.lhs, -step.rhs, step.assume).verdict == "refuted"


def test_gain_per_step_is_not_free_of_alpha():
    step = _step(STEP_SIZE, "a small rate")
    assert verify_claim(step.lhs, -(lam**2) * w**2).verdict == "refuted"


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


# ---------------------------------------------------------------- what an update costs (001 3.8)

def test_a_batch_costs_no_more_than_a_full_step():
    step = _step(MINI_BATCH, "so an update costs")
    assert step.rhs.is_nonnegative is True


def test_a_batch_does_not_cost_m_over_k():
    step = _step(MINI_BATCH, "so an update costs")
    m, k, dm = descent.m, descent.k, descent.dm
    assert verify_claim(step.lhs, 1 - m / k, step.assume).verdict == "refuted"


def test_the_notes_batch_is_not_one_batch_in_8333():
    step = _step(MINI_BATCH, "the notes' batches")
    assert verify_claim(step.lhs, sp.Rational(1, 8333)).verdict == "refuted"


# ---------------------------------------------------------------- two minima (003 L18)

LOCAL = descent.local_minima()


def test_two_minima_cost_is_a_nonnegative_square():
    assert _step(LOCAL, "a square").rhs.is_nonnegative is True


def test_minima_are_not_at_w_equal_zero():
    step = _step(LOCAL, "at w = 0")
    assert verify_claim(step.lhs, 2, step.assume).verdict == "refuted"


def test_step_factor_is_not_one_plus_alpha_w_squared_minus_one():
    step = _step(LOCAL, "one step")
    rate = sp.Symbol("alpha", positive=True)
    assert verify_claim(step.lhs, w * (1 + rate * (w**2 - 1))).verdict == "refuted"


def test_sign_kept_factor_is_positive():
    assert _step(LOCAL, "whenever").rhs.subs(w, 1).is_positive is True


def test_sign_kept_step_is_not_minus_t_w():
    step = _step(LOCAL, "whenever")
    assert verify_claim(step.lhs, -t * w, step.assume).verdict == "refuted"


def test_between_the_minima_every_rate_keeps_the_sign():
    assert _step(LOCAL, "started between").rhs.is_positive is True


def test_beyond_the_minima_a_large_rate_can_flip_the_sign():
    # w = 2, alpha = 1: the factor 1 - alpha (w^2 - 1) is -2, and the step lands at -4, past the maximum at 0
    step = _step(LOCAL, "one step")
    rate = sp.Symbol("alpha", positive=True)
    assert verify_claim(step.lhs, -4, ((w, 2), (rate, 1))).verdict == "proved"
