"""Kinks: the kink point itself is a region, derivatives do not exist at their kinks, real values only.

Expected verdicts come from the mathematics: Heaviside(0) = 1/2 (SymPy's value) while ReLU'(0) := 0
is gradproof's convention; [t >= 0] is 1 at t = 0 and [t > 0] is 0; |0| = 0.
"""
import pytest
import sympy as sp

from derivations.functions import relu, relu_prime
from derivations.notes import check_paths
from derivations.prove import MAX_CASE_SPLITS, reparametrise_bound, verify_claim

t, x, u, v, b = sp.symbols("t x u v b", real=True)


# ---------------------------------------------------------------- the kink point is checked
def test_relu_prime_against_heaviside_is_refuted():
    assert verify_claim(relu_prime(t), sp.Heaviside(t)).verdict == "refuted"


def test_relu_prime_against_heaviside_fails_at_the_kink():
    assert verify_claim(relu_prime(t), sp.Heaviside(t)).counterexample["t"] == "0"


def test_relu_prime_against_heaviside_reports_both_values_at_the_kink():
    ce = verify_claim(relu_prime(t), sp.Heaviside(t)).counterexample
    assert (ce["lhs"], ce["rhs"]) == (0.0, 0.5)


def test_indicator_ge_against_gt_is_refuted():
    verdict = verify_claim(sp.Piecewise((1, t >= 0), (0, True)), sp.Piecewise((1, t > 0), (0, True)))
    assert verdict.verdict == "refuted"


def test_indicator_ge_against_gt_fails_at_the_kink():
    verdict = verify_claim(sp.Piecewise((1, t >= 0), (0, True)), sp.Piecewise((1, t > 0), (0, True)))
    assert verdict.counterexample["t"] == "0"


def test_max_is_relu():
    assert verify_claim(sp.Max(0, t), relu(t)).verdict == "proved"


def test_max_is_relu_in_three_regions():
    assert verify_claim(sp.Max(0, t), relu(t)).method.startswith("case split, 3 regions of t (t > 0, t < 0, t = 0)")


def test_abs_is_the_piecewise_with_ge():
    assert verify_claim(sp.Abs(t), sp.Piecewise((t, t >= 0), (-t, True))).verdict == "proved"


def test_abs_with_a_wrong_value_at_the_kink_is_refuted():
    verdict = verify_claim(sp.Abs(t), sp.Piecewise((t, t > 0), (-t, t < 0), (1, True)))
    assert verdict.counterexample["t"] == "0"


def test_two_kinks_sharing_a_variable_are_checked_where_one_is_zero():
    # ReLU'(u + b) under the convention is 0 where u + b = 0; [u + b >= 0] is 1 there.
    lhs = relu_prime(u + b) + relu_prime(v + b)
    rhs = sp.Piecewise((1, u + b >= 0), (0, True)) + relu_prime(v + b)
    assert verify_claim(lhs, rhs).verdict == "refuted"


def test_undefined_side_at_the_kink_is_excluded_not_refuted():
    # t/|t| is 0/0 at t = 0 (sign(0) = 0 there): both sides are defined only away from the kink.
    assert verify_claim(t / sp.Abs(t), sp.sign(t)).verdict == "proved"


# ---------------------------------------------------------------- at most six kinks, never dropped
def test_more_kinks_than_the_cap_is_undecided():
    ys = sp.symbols(f"y0:{MAX_CASE_SPLITS + 1}", real=True)
    verdict = verify_claim(sum(relu(y) for y in ys), sum(relu_prime(y) * y for y in ys))
    assert verdict.verdict == "undecided"


def test_more_kinks_than_the_cap_says_so():
    ys = sp.symbols(f"y0:{MAX_CASE_SPLITS + 1}", real=True)
    verdict = verify_claim(sum(relu(y) for y in ys), sum(relu_prime(y) * y for y in ys))
    assert f"{MAX_CASE_SPLITS + 1} kinks" in verdict.evidence


def test_the_kink_beyond_the_cap_is_not_dropped():
    # relu(y6) = y6 is false for y6 < 0: it must never be proved by splitting only the first six.
    ys = sp.symbols(f"y0:{MAX_CASE_SPLITS + 1}", real=True)
    lhs = sum(relu(y) for y in ys)
    rhs = sum(relu_prime(y) * y for y in ys[:-1]) + ys[-1]
    assert verify_claim(lhs, rhs).verdict != "proved"


# ---------------------------------------------------------------- no derivative at the kink
def test_relu_derivative_is_heaviside_away_from_the_kink():
    # The derivative does not exist at 0, so Heaviside's 1/2 there is no counterexample.
    assert verify_claim(sp.Derivative(relu(t), t), sp.Heaviside(t)).verdict == "proved"


def test_relu_derivative_excludes_the_kink():
    verdict = verify_claim(sp.Derivative(relu(t), t), sp.Heaviside(t))
    assert verdict.excluded == ("t = 0 (ReLU is not differentiable there)",)


def test_abs_derivative_excludes_the_kink():
    # d|t|/dt is sign(t) for t != 0; sign(0) = 0 would differ from 1 at the kink, which is excluded.
    verdict = verify_claim(sp.Derivative(sp.Abs(t), t), sp.Piecewise((1, t >= 0), (-1, True)))
    assert verdict.verdict == "proved" and "t = 0 (|.| is not differentiable there)" in verdict.excluded


def test_neuron_derivative_excludes_its_kink():
    verdict = verify_claim(sp.Derivative(relu(u * x + b), u), relu_prime(u * x + b) * x)
    assert verdict.excluded == ("b + u*x = 0 (ReLU is not differentiable there)",)


def test_dropped_indicator_is_still_refuted_away_from_the_kink():
    assert verify_claim(sp.Derivative(relu(u * x + b), u), x).verdict == "refuted"


def test_derivative_value_at_the_kink_is_undecided():
    assert verify_claim(sp.Subs(sp.Derivative(sp.Max(0, t), t), t, 0), 1).verdict == "undecided"


def test_derivative_value_away_from_the_kink_is_proved():
    assert verify_claim(sp.Subs(sp.Derivative(sp.Max(0, t), t), t, 2), 1).verdict == "proved"


def test_relu_prime_of_zero_is_a_convention_not_a_refutation():
    assert verify_claim(relu_prime(0), 1).verdict == "undecided"


def test_relu_prime_of_zero_is_a_convention_not_a_proof():
    assert verify_claim(relu_prime(0), 0).verdict == "undecided"


# ---------------------------------------------------------------- t >= c includes c
def test_bound_ge_is_a_nonnegative_shift():
    shift = reparametrise_bound(t, 2, ">=")[1] - 2
    assert shift.is_nonnegative and shift.is_positive is None


def test_bound_gt_is_a_positive_shift():
    assert (reparametrise_bound(t, 2, ">")[1] - 2).is_positive


def test_bound_ge_is_refuted_at_the_bound():
    # ReLU'(t - 2) = 1 holds for t > 2 but not at t = 2, where the convention gives 0.
    verdict = verify_claim(relu_prime(t - 2), 1, (reparametrise_bound(t, 2, ">="),))
    assert verdict.counterexample["t"] == "2"


def test_bound_gt_is_proved():
    assert verify_claim(relu_prime(t - 2), 1, (reparametrise_bound(t, 2, ">"),)).verdict == "proved"


def test_bound_ge_relu_is_proved_including_the_bound():
    assert verify_claim(relu(t - 2), t - 2, (reparametrise_bound(t, 2, ">="),)).verdict == "proved"


# ---------------------------------------------------------------- real values only
def test_sqrt_through_imaginary_intermediates_is_not_refuted():
    # At x = -1/3 both sides are real (-1/9 and 1/9), but only through sqrt of negative numbers.
    assert verify_claim(sp.sqrt(x) * sp.sqrt(x**3), x * sp.sqrt(x) * sp.sqrt(x)).verdict != "refuted"


def test_sqrt_of_a_square_is_refuted_at_a_negative_point():
    ce = verify_claim(sp.sqrt(x**2), x).counterexample
    assert sp.Rational(ce["x"]) < 0


def test_log_of_a_negative_intermediate_is_not_a_counterexample():
    # Both sides are real at x = -1/3 (|log(1/3) + i pi| and |log(1/3)|), the left only through a
    # complex log; at x > 0 the right needs log of a negative number. No real point decides it.
    assert verify_claim(sp.Abs(sp.log(x)), sp.Abs(sp.log(-x))).verdict != "refuted"


# ---------------------------------------------------------------- the notes checker
NOTES = r"""# Kinks

$$ \text{ReLU}'(0) = 1 $$

$$ \mathbb{1}[t \ge 0] = \mathbb{1}[t > 0] $$

Let $f(z) = \max(0, z)$.

$$ f'(0) = 1 $$

$$ f'(2) = 1 $$

$$ \frac{d}{dz}\max(0, z) = \mathbb{1}[z \ge 0] $$

Let $u = \sum_{i=1}^{n} w_i x_i + b$.

$$ \frac{\partial}{\partial w_j} \max(0, u) = \mathbb{1}[u \ge 0] x_j $$
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory):
    path = tmp_path_factory.mktemp("kinks") / "kinks.md"
    path.write_text(NOTES, encoding="utf-8")
    return {link.line: link.verdict for link in check_paths([str(path)], timeout=5).files[0].links}


def test_check_relu_prime_at_zero_is_undecided(notes):
    assert notes[3] == "undecided"


def test_check_indicators_differing_at_zero_are_refuted(notes):
    assert notes[5] == "refuted"


def test_check_derivative_of_max_at_its_kink_is_undecided(notes):
    assert notes[9] == "undecided"


def test_check_derivative_of_max_away_from_its_kink_is_proved(notes):
    assert notes[11] == "proved"


def test_check_derivative_of_max_is_never_refuted_at_its_kink(notes):
    assert notes[13] == "proved"


def test_check_derivative_by_an_entry_is_never_refuted_at_its_kink(notes):
    assert notes[17] == "proved"
