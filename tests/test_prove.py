"""The verification core: three verdicts, counterexamples that really distinguish, kinks, time limits."""
import mpmath
import pytest
import sympy as sp

from derivations.functions import relu, relu_prime, sigma
from derivations.prove import case_splits, verify_claim
from derivations.step import Step

x, y, z, w = sp.symbols("x y z w", real=True)
p = sp.Symbol("p", positive=True)


def test_proved_identity_is_proved():
    assert verify_claim(sp.Derivative(sigma(z), z), sigma(z) * (1 - sigma(z))).verdict == "proved"


def test_sign_flip_is_refuted():
    assert verify_claim(sp.Derivative(sigma(z), z), -sigma(z) * (1 - sigma(z))).verdict == "refuted"


def test_counterexample_really_distinguishes_the_sides():
    verdict = verify_claim(sp.Derivative(x**3, x), 3 * x)
    point = {x: sp.Rational(verdict.counterexample["x"])}
    assert 3 * point[x] ** 2 != 3 * point[x]


def test_counterexample_reports_both_sides():
    ce = verify_claim(sp.Derivative(x**3, x), 3 * x).counterexample
    value = float(sp.Rational(ce["x"]))
    assert ce["lhs"] == pytest.approx(3 * value**2) and ce["rhs"] == pytest.approx(3 * value)


def test_rounding_never_fakes_agreement():
    # e^(pi sqrt 163) is within 1e-12 of an integer: float64 calls them equal, 50 digits do not.
    verdict = verify_claim(sp.exp(sp.pi * sp.sqrt(163)), sp.Integer(640320) ** 3 + 744)
    assert verdict.verdict == "refuted"


def test_true_identity_is_never_refuted_by_rounding():
    assert verify_claim(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1).verdict == "proved"


def test_domain_matters_for_log_power():
    # log(y^3) = 3 log(y) holds for y > 0 only; for real y it must not be called proved.
    assert verify_claim(sp.log(p**3), 3 * sp.log(p)).verdict == "proved"


def test_log_power_on_reals_is_not_proved():
    assert verify_claim(sp.log(x**3), 3 * sp.log(x)).verdict != "proved"


def test_cancellation_reports_the_excluded_point():
    verdict = verify_claim((x**2 - 1) / (x - 1), x + 1)
    assert verdict.verdict == "proved" and verdict.excluded == ("x - 1 = 0",)


def test_undecided_is_never_promoted():
    # log(x^3) and 3 log(x) agree wherever both are real, but differ by 2 pi i for x < 0.
    assert verify_claim(sp.log(x**3), 3 * sp.log(x)).verdict == "undecided"


def test_undecided_reports_numeric_evidence():
    assert "numerically consistent" in verify_claim(sp.log(x**3), 3 * sp.log(x)).evidence


def test_time_limit_makes_a_slow_step_undecided():
    # Fresh symbols: nothing of this claim is in SymPy's cache from earlier tests.
    u, v, c, t = (sp.Dummy(name, real=True) for name in "uvct")
    hard = sp.Derivative(-(t * sp.log(sigma(u * v + c)) + (1 - t) * sp.log(1 - sigma(u * v + c))), v)
    verdict = verify_claim(hard, (sigma(u * v + c) - t) * u, timeout=0.001)
    assert verdict.verdict == "undecided" and verdict.method == "time limit"


def test_time_limit_survives_a_swallowed_alarm(monkeypatch):
    # The first StepTimeout is lost (as in a gc callback); the repeating alarm still stops the step.
    import derivations.prove as prove
    calls = []

    def slow(*args):
        calls.append(1)
        try:
            while True:
                pass
        except prove.StepTimeout:
            pass  # swallowed
        while True:
            pass

    monkeypatch.setattr(prove, "_verify", slow)
    verdict = verify_claim(x, x, timeout=0.05)
    assert verdict.method == "time limit" and calls == [1]


def test_relu_derivative_proved_by_case_split():
    verdict = verify_claim(sp.Derivative(relu(z), z), relu_prime(z))
    assert verdict.verdict == "proved" and verdict.method.startswith("case split")


def test_relu_case_split_covers_both_sides_of_the_kink_and_the_kink():
    assert [words for words, _ in case_splits([relu(z).unfold()])] == ["z > 0", "z < 0", "z = 0"]


def test_dropped_relu_indicator_is_refuted_on_the_negative_side():
    verdict = verify_claim(sp.Derivative(3 * relu(w * x + z), w), 3 * x)
    assert verdict.verdict == "refuted" and "< 0" in verdict.method


def test_heaviside_at_zero_never_decides():
    # Max(0, z)' is Heaviside(z); the split proves z > 0 and z < 0 and claims nothing at 0.
    verdict = verify_claim(sp.Derivative(sp.Max(0, z), z), relu_prime(z))
    assert verdict.verdict == "proved" and "case split" in verdict.method


def test_heaviside_half_is_refuted():
    assert verify_claim(sp.Heaviside(z), sp.Rational(1, 2)).verdict == "refuted"


def test_matrix_claims_are_entrywise():
    lhs = sp.Matrix([[sp.Derivative(x * y, x), sp.Derivative(x * y, y)]])
    assert verify_claim(lhs, sp.Matrix([[y, x]])).verdict == "proved"


def test_wrong_transpose_is_refuted():
    lhs = sp.Matrix([[sp.Derivative(2 * x + y**3, x), sp.Derivative(2 * x + y**3, y)],
                     [sp.Derivative(sp.exp(y) - 13 * x, x), sp.Derivative(sp.exp(y) - 13 * x, y)]])
    rhs = sp.Matrix([[2, 3 * y**2], [-13, sp.exp(y)]]).T
    verdict = verify_claim(lhs, rhs)
    assert verdict.verdict == "refuted" and "entry" in verdict.counterexample


def test_shape_mismatch_is_refuted():
    assert verify_claim(sp.Matrix([x, y]), sp.Matrix([[x, y]])).verdict == "refuted"


def test_floats_are_rejected_in_steps():
    with pytest.raises(ValueError):
        Step(x * sp.Float(0.1), x / 10, "decimal")


def test_counterexample_inside_the_assumptions():
    # For p > 0 the search must not use 0 or negatives.
    ce = verify_claim(p + 1, p + 2).counterexample
    assert sp.Rational(ce["p"]) > 0


def test_reparametrised_domain_reports_original_symbol():
    a, t = sp.Symbol("a", real=True), sp.Symbol("t", positive=True)
    ce = verify_claim(a * (1 - a), a, substitutions=((a, 1 / (1 + t)),)).counterexample
    assert 0 < sp.Rational(ce["a"]) < 1


def test_high_precision_agrees_with_mpmath():
    ce = verify_claim(sp.Derivative(sigma(z), z), sigma(z) * (1 + sigma(z))).counterexample
    s = 1 / (1 + mpmath.exp(-mpmath.mpf(sp.Rational(ce["z"]).p) / sp.Rational(ce["z"]).q))
    assert ce["lhs"] == pytest.approx(float(s * (1 - s)), rel=1e-12)


@pytest.mark.parametrize("assumption", ["positive", "negative", "nonnegative"])
def test_search_points_respect_sign_assumptions(assumption):
    from derivations.counterexample import _points
    s = sp.Symbol("s", **{assumption: True})
    values = [point[s] for point in _points([s], 200)]
    holds = {"positive": lambda v: v > 0, "negative": lambda v: v < 0, "nonnegative": lambda v: v >= 0}
    assert all(holds[assumption](v) for v in values)


def _two_layers():
    i, j, k = sp.symbols("i j k", integer=True)
    n, m = sp.symbols("n m", integer=True, positive=True)
    W1, W2, x = (sp.IndexedBase(s, real=True) for s in ("W1", "W2", "x"))
    z2 = sp.Sum(W2[i, j] * sp.Sum(W1[j, k] * x[k], (k, 1, n)), (j, 1, m))
    return z2, (W1, W2, x, i, j, k, n, m)


def test_exchanging_finite_sums_is_proved_for_symbolic_sizes():
    z2, (W1, W2, x, i, j, k, n, m) = _two_layers()
    collapsed = sp.Sum(sp.Sum(W2[i, j] * W1[j, k], (j, 1, m)) * x[k], (k, 1, n))
    assert verify_claim(z2, collapsed).method == "normalise"


def test_wrong_matrix_order_is_not_proved_by_the_normaliser():
    z2, (W1, W2, x, i, j, k, n, m) = _two_layers()
    swapped = sp.Sum(sp.Sum(W1[i, j] * W2[j, k], (j, 1, m)) * x[k], (k, 1, n))
    assert verify_claim(z2, swapped).verdict == "refuted"


def test_verify_all_on_two_workers_matches_one():
    from derivations import catalog
    from derivations.prove import verify_all
    chosen = catalog.select(["gradient", "jacobian", "chain-rule-scalar"])
    one = [[s.verdict.verdict for s in r.steps] for r, _ in verify_all(chosen, jobs=1)]
    two = [[s.verdict.verdict for s in r.steps] for r, _ in verify_all(chosen, jobs=2, extra=lambda d: d.id)]
    assert one == two


def test_verify_all_returns_extra_in_order():
    from derivations import catalog
    from derivations.prove import verify_all
    chosen = catalog.select(["gradient", "jacobian", "chain-rule-scalar"])
    assert [found for _, found in verify_all(chosen, jobs=2, extra=lambda d: d.id)] == [d.id for d in chosen]


def test_verify_all_gives_extra_a_task_of_its_own_last_derivation_first():
    from derivations.prove import _tasks
    assert _tasks(2, extra=len, jobs=2) == [("verify", 1), ("extra", 1), ("verify", 0), ("extra", 0)]


def test_verify_all_reports_progress_per_derivation():
    from derivations import catalog
    from derivations.prove import verify_all
    seen = []
    verify_all(catalog.select(["gradient", "jacobian"]), jobs=2, extra=lambda d: d.id,
               progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_two_kinks_sharing_a_variable_are_split_jointly():
    # Two examples of one ReLU neuron share b: both kinks are solved together.
    b = sp.Symbol("b", real=True)
    cost = relu(w + b) + relu(2 * w + b)
    claim = relu_prime(w + b) + 2 * relu_prime(2 * w + b)
    verdict = verify_claim(sp.Derivative(cost, w), claim)
    # 4 open regions; the 5 with a kink point are excluded (ReLU has no derivative there)
    assert verdict.verdict == "proved" and "4 of 9 regions of b + w, b + 2*w" in verdict.method


def test_joint_split_still_refutes_a_dropped_indicator():
    b = sp.Symbol("b", real=True)
    cost = relu(w + b) + relu(2 * w + b)
    assert verify_claim(sp.Derivative(cost, w), sp.Integer(3)).verdict == "refuted"


def test_undefined_function_in_a_false_claim_does_not_crash():
    f = sp.Function("f")
    assert verify_claim(sp.Derivative(f(x) * x, x), f(x)).verdict in ("refuted", "undecided")


def test_nested_named_functions_unfold():
    assert verify_claim(sigma(relu(z)), sp.Rational(1, 2)).verdict == "refuted"


def test_an_inner_time_limit_keeps_the_outer_one():
    from derivations.prove import StepTimeout, time_limit
    with pytest.raises(StepTimeout):
        with time_limit(0.2):
            assert verify_claim(x + 1, 1 + x).verdict == "proved"  # has a time limit of its own
            while True:
                pass


def test_tanh_as_exponentials_is_proved_by_rewriting():
    z = sp.Symbol("z", real=True)
    verdict = verify_claim(sp.tanh(z), (sp.exp(z) - sp.exp(-z)) / (sp.exp(z) + sp.exp(-z)))
    assert (verdict.verdict, verdict.method) == ("proved", "exponentials")


def test_tanh_as_wrong_exponentials_is_refuted():
    z = sp.Symbol("z", real=True)
    assert verify_claim(sp.tanh(z), (sp.exp(z) - sp.exp(-z)) / (sp.exp(z) + 2 * sp.exp(-z))).verdict == "refuted"
